"""Audit-trail writer. Call it inside the service's transaction so the record and its audit row commit
together (or not at all)."""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Iterable

from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext, gettext_lazy

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


# --- Reading the trail: names, field labels, old → new values, local time (issue 16) ---------------------------
# Keys that are not model fields (exports, imports, workflow notes): their labels.
_KEY_LABELS = {
    "format": gettext_lazy("format"),
    "filter": gettext_lazy("filter"),
    "baris": gettext_lazy("jumlah baris"),
    "catatan": gettext_lazy("catatan"),
    "alasan": gettext_lazy("alasan"),
    "status": gettext_lazy("status"),
    "jumlah": gettext_lazy("jumlah"),
    "unit_induk": gettext_lazy("unit induk"),
    "nama_unit": gettext_lazy("unit kerja"),
    "nama_jabatan": gettext_lazy("jabatan"),
    "jabatan_atasan": gettext_lazy("jabatan atasan"),
    "perubahan": gettext_lazy("jumlah perubahan"),
    "pegawai_terdampak": gettext_lazy("pegawai terdampak"),
}
_EMPTY = "—"


def _model_for(object_type: str):
    from django.apps import apps

    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _field(model, key):
    if model is None:
        return None
    name = key[:-3] if key.endswith("_id") else key
    try:
        return model._meta.get_field(name)
    except Exception:  # FieldDoesNotExist, or a key that is not a field at all
        return None


def _show_scalar(value, field, related: dict) -> str:
    from django.utils import formats, timezone
    from django.utils.dateparse import parse_date, parse_datetime

    if value is None or value == "":
        return _EMPTY
    if isinstance(value, bool):
        return gettext("Ya") if value else gettext("Tidak")
    if field is not None:
        if field.is_relation and field.many_to_one:
            obj = related.get((field.related_model, str(value)))
            return str(obj) if obj is not None else gettext("(terhapus)")
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if isinstance(field, models.DateTimeField) and isinstance(value, str):
            parsed = parse_datetime(value)
            if parsed is not None:
                if timezone.is_naive(parsed):
                    parsed = timezone.make_aware(parsed, datetime.UTC)
                return formats.date_format(timezone.localtime(parsed), "d-m-Y H:i")
        if isinstance(field, models.DateField) and isinstance(value, str):
            parsed = parse_date(value[:10])
            if parsed is not None:
                return parsed.strftime("%d-%m-%Y")
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_show_scalar(v, None, related)}" for k, v in value.items()) or _EMPTY
    if isinstance(value, list):
        return ", ".join(_show_scalar(v, None, related) for v in value) or _EMPTY
    return str(value)


def present(entries) -> list[dict]:
    """Audit entries as people read them: the actor's name, the object's kind, each change as
    (field label, old, new) with ids resolved to names, choices to their labels, dates as d-m-Y. One query per
    related model over all entries (no N+1). Times stay aware datetimes: templates show them in Asia/Jakarta."""
    entries = list(entries)
    wanted: dict = {}
    parsed = []
    for e in entries:
        model = _model_for(e.object_type)
        rows = []
        changes = e.changes if isinstance(e.changes, dict) else {"": e.changes}
        for key, value in changes.items():
            field = _field(model, key)
            if getattr(field, "auto_now", False):
                continue  # "diperbarui" timestamps say nothing a reader needs
            pair = isinstance(value, list) and len(value) == 2
            rows.append((key, field, value, pair))
            if field is not None and field.is_relation and field.many_to_one:
                for v in value if pair else [value]:
                    if v not in (None, "") and not isinstance(v, dict | list):
                        wanted.setdefault(field.related_model, set()).add(str(v))
        parsed.append((e, model, rows))
    related = {}
    for rel_model, ids in wanted.items():
        clean = [i for i in ids if i.isdigit()]
        for pk, obj in rel_model._base_manager.in_bulk(clean).items():
            related[(rel_model, str(pk))] = obj
    out = []
    for e, model, rows in parsed:
        changes = []
        for key, field, value, pair in rows:
            if field is not None:
                label = str(field.verbose_name)
            else:
                label = str(_KEY_LABELS.get(key, key.replace("_", " ")))
            if pair:
                changes.append(
                    {
                        "label": label,
                        "old": _show_scalar(value[0], field, related),
                        "new": _show_scalar(value[1], field, related),
                        "pair": True,
                    }
                )
            else:
                changes.append({"label": label, "value": _show_scalar(value, field, related), "pair": False})
        actor = e.actor
        out.append(
            {
                "entry": e,
                "waktu": e.created_at,
                "pelaku": (actor.get_full_name() or actor.username) if actor is not None else None,
                "aksi": e.get_action_display(),
                "jenis": str(model._meta.verbose_name) if model is not None else e.object_type,
                "objek": e.object_repr,
                "changes": changes,
                "alasan": e.reason,
            }
        )
    return out
