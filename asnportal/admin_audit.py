"""Edits made in Django admin are audited like portal edits (issue 16): who, what, old → new, "lewat Django admin".

Every ModelAdmin registered on the default admin site gets `AuditedAdminMixin` in front of its class when the
project starts (asnportal.apps.ready, after admin autodiscovery), so an app's admin.py needs nothing and a new
ModelAdmin cannot forget it. The audit row is written in the same transaction as the change.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

ALASAN = _("Diubah lewat Django admin")


class AuditedAdminMixin:
    def get_readonly_fields(self, request, obj=None):
        # Stored files are replaced only through the portal's pages and services (asnportal/files.py: the new
        # file first, the row switched in the transaction, the old file deleted after commit). The admin's own
        # upload would keep neither promise (issue 18), so file fields are read-only here.
        from django.db import models

        file_fields = [f.name for f in self.model._meta.fields if isinstance(f, models.FileField)]
        return [*super().get_readonly_fields(request, obj), *(n for n in file_fields)]

    def save_model(self, request, obj, form, change):
        from . import audit

        with transaction.atomic():
            before = {}
            if change and obj.pk is not None:
                old = type(obj)._base_manager.filter(pk=obj.pk).first()
                before = audit.snapshot(old) if old is not None else {}
            super().save_model(request, obj, form, change)
            after = audit.snapshot(obj)
            audit.record(
                actor=request.user,
                action=audit.Action.UPDATE if change else audit.Action.CREATE,
                obj=obj,
                changes=audit.diff(before, after) if change else {},
                reason=str(ALASAN),
                request=request,
            )

    def delete_model(self, request, obj):
        from . import audit

        with transaction.atomic():
            audit.record(
                actor=request.user, action=audit.Action.DELETE, obj=obj, reason=str(ALASAN), request=request
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        from . import audit

        with transaction.atomic():
            for obj in queryset:
                audit.record(
                    actor=request.user,
                    action=audit.Action.DELETE,
                    obj=obj,
                    reason=str(ALASAN),
                    request=request,
                )
            super().delete_queryset(request, queryset)


def audit_admin_site(site=None) -> int:
    """Put AuditedAdminMixin in front of every registered ModelAdmin (except the audit log's own, read-only)."""
    from django.contrib import admin

    from .models import AuditLog

    site = site or admin.site
    count = 0
    for model, model_admin in site._registry.items():
        cls = type(model_admin)
        if model is AuditLog or issubclass(cls, AuditedAdminMixin):
            continue
        model_admin.__class__ = type(f"Audited{cls.__name__}", (AuditedAdminMixin, cls), {})
        count += 1
    return count
