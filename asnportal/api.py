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
            if not isinstance(constraint, UniqueConstraint):
                continue
            if constraint.condition is not None:
                if "instansi" in constraint.fields:
                    self._check_conditional_unique(constraint, attrs, instansi_id)
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

    def _check_conditional_unique(self, constraint, attrs, instansi_id):
        """A unique constraint with a condition (e.g. one active default schedule per instansi): Django checks
        it on an unsaved copy of the row as it would be saved (the fuzz test found the IntegrityError)."""
        import copy

        from django.core.exceptions import FieldDoesNotExist
        from django.core.exceptions import ValidationError as DjangoValidationError
        from django.utils.translation import gettext as _

        model = self.Meta.model
        trial = copy.copy(self.instance) if self.instance is not None else model()
        for name, value in attrs.items():
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if not field.many_to_many and not field.one_to_many:
                setattr(
                    trial, field.attname if field.is_relation and not hasattr(value, "pk") else name, value
                )
        trial.instansi_id = instansi_id
        try:
            constraint.validate(model, trial)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(
                {
                    "non_field_errors": [
                        _("Data ini bertentangan dengan data lain yang sudah ada di instansi Anda.")
                    ]
                }
            ) from exc


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


# DRF writes and reads times as HH:MM[:ss[.uuuuuu]] without a UTC offset (they are wall-clock times in
# Asia/Jakarta); the OpenAPI "time" format means RFC 3339 full-time, which requires one. The schema says what
# the API really does (the fuzz test found `jam_masuk: "00:00:00"` "is not a time").
TIME_PATTERN = r"^\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?$"


def schema_time_without_offset(result, generator, request, public):
    """drf-spectacular postprocessing hook: `format: time` → a pattern of the times DRF accepts and writes."""

    def walk(node):
        if isinstance(node, dict):
            if node.get("type") == "string" and node.get("format") == "time":
                del node["format"]
                node["pattern"] = TIME_PATTERN
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(result)
    return result
