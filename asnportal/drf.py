"""Pagination and permission for DRF settings (kept apart from asnportal.api to avoid an import cycle)."""

from rest_framework import pagination, permissions

from . import scoping


class PortalPagination(pagination.PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 100


class RolePermission(permissions.BasePermission):
    """Reads for any authenticated user (rows are narrowed by for_user); writes for HR and superadmin."""

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        return scoping.can_manage(request.user)
