"""API base: pagination, role permission, scoped viewset and serializer fields."""

from __future__ import annotations

from rest_framework import routers, serializers, viewsets

from .drf import PortalPagination, RolePermission

__all__ = ["PortalPagination", "RolePermission"]


class ScopedSerializerMixin:
    """Restricts every related field to what the requesting user may see."""

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            for field in fields.values():
                target = getattr(field, "child_relation", field)
                qs = getattr(target, "queryset", None)
                if qs is not None and hasattr(qs, "for_user"):
                    target.queryset = qs.for_user(request.user)
        return fields


class ScopedModelSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    pass


class ScopedModelViewSet(viewsets.ModelViewSet):
    """The one API base: queryset through for_user; on create the instansi comes from the user, never input."""

    queryset = None

    def get_queryset(self):
        return self.queryset.all().for_user(self.request.user)

    def perform_create(self, serializer):
        extra = {}
        model = serializer.Meta.model
        if getattr(model, "scope_instansi", "instansi") == "instansi" and hasattr(model, "instansi_id"):
            instansi_id = self.request.user.instansi_id
            if instansi_id is None:
                # A superadmin creates within the instansi of a related object (validated, scoped field).
                instansi_id = self._instansi_from(serializer.validated_data)
            extra["instansi_id"] = instansi_id
        serializer.save(**extra)

    @staticmethod
    def _instansi_from(data):
        for value in data.values():
            if hasattr(value, "instansi_id"):
                return value.instansi_id
        raise serializers.ValidationError({"instansi": "Instansi tidak dapat ditentukan."})


class ScopedReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = None

    def get_queryset(self):
        return self.queryset.all().for_user(self.request.user)


class PortalRouter(routers.DefaultRouter):
    """The router every app uses. No `.json` format-suffix routes: the API answers JSON by content
    negotiation, and suffix variants of custom actions would pass a `format` argument they do not take."""

    include_format_suffixes = False
