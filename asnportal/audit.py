"""Audit-trail writer. Call it inside the service's transaction so the record and its audit row commit
together (or not at all)."""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Iterable

from django.db import models
from django.db.models.fields.files import FieldFile

from .models import AuditLog

Action = AuditLog.Action


def _plain(value):
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, datetime.date | datetime.datetime | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or ""
    return value


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict:
    """The audited values of a model instance, as JSON-able plain values (FKs as their id)."""
    names = fields or [f.name for f in obj._meta.concrete_fields if f.name not in ("id", "password")]
    out = {}
    for name in names:
        field = obj._meta.get_field(name)
        out[name] = _plain(getattr(obj, field.attname))
    return out


def diff(before: dict, after: dict) -> dict:
    """{field: [before, after]} for the fields that changed."""
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}


def record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id="",
    object_repr: str = "",
    changes: dict | None = None,
    reason: str = "",
    instansi_id=None,
    request=None,
) -> AuditLog:
    if obj is not None:
        object_type = object_type or obj._meta.label
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:255]
        if instansi_id is None:
            instansi_id = _instansi_of(obj)
    if instansi_id is None and actor is not None and getattr(actor, "is_authenticated", False):
        instansi_id = getattr(actor, "instansi_id", None)
    ip = None
    if request is not None:
        from .ratelimit import client_ip

        ip = client_ip(request)
    return AuditLog.objects.create(
        actor=actor if actor is not None and getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        object_repr=object_repr[:255],
        changes=changes or {},
        reason=reason,
        instansi_id=instansi_id,
        ip_address=ip,
    )


def _instansi_of(obj):
    if obj._meta.label == "kepegawaian.Instansi":
        return obj.pk
    path = getattr(type(obj), "scope_instansi", "instansi")
    target = obj
    parts = path.split("__")
    for part in parts[:-1]:
        target = getattr(target, part, None)
        if target is None:
            return None
    return getattr(target, f"{parts[-1]}_id", None)


def history(obj: models.Model):
    """The audit entries of one record, newest first."""
    return AuditLog.objects.filter(object_type=obj._meta.label, object_id=str(obj.pk)).select_related("actor")
