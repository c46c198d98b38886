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
    def validate(self, attrs):
        attrs = super().validate(attrs)
        self._check_unique_in_instansi(attrs)
        return attrs

    def _check_unique_in_instansi(self, attrs):
        """Unique constraints that include `instansi` (e.g. a code unique per instansi): DRF cannot check them
        because `instansi` is read-only (it comes from the user), so a duplicate reached the database as an
        IntegrityError (a 500, found by schemathesis). Checked here against the instansi the row will have."""
        from django.db.models import UniqueConstraint

        model = self.Meta.model
        request = self.context.get("request")
        instansi_id = getattr(self.instance, "instansi_id", None) or getattr(
            getattr(request, "user", None), "instansi_id", None
        )
        if instansi_id is None:
            return
        for constraint in model._meta.constraints:
            if not isinstance(constraint, UniqueConstraint) or constraint.condition is not None:
                continue
            others = [f for f in constraint.fields if f != "instansi"]
            if len(others) == len(constraint.fields) or not any(f in attrs for f in others):
                continue  # no instansi in the constraint, or none of its fields submitted
            lookup = {f: attrs[f] if f in attrs else getattr(self.instance, f, None) for f in others}
            clash = model._base_manager.filter(instansi_id=instansi_id, **lookup)
            if self.instance is not None:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                raise serializers.ValidationError({others[0]: constraint.get_violation_error_message()})


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
