"""Pagination and permission for DRF settings (kept apart from asnportal.api to avoid an import cycle)."""

from django_filters.rest_framework import DjangoFilterBackend
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


class ScopedFilterBackend(DjangoFilterBackend):
    """django-filter's backend with every model-choice filter narrowed to what the user may see. The browsable
    API renders the filter form, and a model-choice filter (from `filterset_fields` or declared) otherwise lists
    the rows of every instansi as options."""

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        if filterset is not None:
            for f in filterset.filters.values():
                # A ModelChoiceFilter copies its own `queryset` over `extra["queryset"]` when building the field.
                own = getattr(f, "queryset", None)
                if own is not None and hasattr(own, "for_user"):
                    f.queryset = own.for_user(request.user)
                extra = f.extra.get("queryset")
                if extra is not None and hasattr(extra, "for_user"):
                    f.extra["queryset"] = extra.for_user(request.user)
        return filterset
