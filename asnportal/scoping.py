"""THE place that decides what a user may see. Every view, API viewset, export, report and task reads
through `Model.objects.for_user(user)` (or `.for_instansi(id)` in tasks); nothing else filters by instansi.

How a model declares its scope (class attributes):
- ``scope_instansi``: path to the owning Instansi, default ``"instansi"``; e.g. ``"formasi__instansi"``.
- ``scope_pegawai``: for personal records, the path to the Pegawai the row is about (``"pegawai"``;
  ``""`` for Pegawai itself). An ASN sees only rows about themself; a unit head (pimpinan, derived from the
  position structure) sees rows about people in the units they lead. ``None`` (default): reference data of
  the instansi (units, positions), readable by all of its users.

Roles (kepegawaian.User.role): superadmin (all instansi), admin instansi / HR officer (one instansi, read and
write), auditor (one instansi, read only), ASN (self-service). Pimpinan is not a role to assign: it follows from
holding a position with a team (kepegawaian.atasan: the one definition of atasan and bawahan).

Missing and forbidden look the same: `get_scoped_or_404` answers 404 for both.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.http import Http404

SUPERADMIN = "superadmin"
ADMIN_INSTANSI = "admin_instansi"
AUDITOR = "auditor"
ASN = "asn"


def is_superadmin(user) -> bool:
    return bool(
        user and user.is_authenticated and (user.is_superuser or getattr(user, "role", None) == SUPERADMIN)
    )


def can_manage(user) -> bool:
    """May create and change the instansi's records (HR officer) — always within the user's scope."""
    return is_superadmin(user) or (
        user.is_authenticated
        and getattr(user, "role", None) == ADMIN_INSTANSI
        and user.instansi_id is not None
    )


def can_read_instansi(user) -> bool:
    """Sees every record of the instansi (HR officer, auditor)."""
    return can_manage(user) or (
        user.is_authenticated and getattr(user, "role", None) == AUDITOR and user.instansi_id is not None
    )


def _pegawai(user):
    return getattr(user, "pegawai", None) if user is not None and user.is_authenticated else None


def led_unit_path(user) -> str | None:
    """Materialised path of the UnitKerja the user heads, definitively or as Plt./Plh. (None if they lead none).
    Derived in kepegawaian.atasan (the one definition of atasan and bawahan)."""
    from kepegawaian import atasan

    paths = atasan.led_unit_paths(_pegawai(user))
    return paths[0] if paths else None


def is_pimpinan(user) -> bool:
    """Has a team today: heads a unit or holds (or acts in) a position with positions below it. Such a user
    sees their team's personal records and has an approvals inbox (kepegawaian.atasan, rules 4-5)."""
    from kepegawaian import atasan

    return atasan.punya_tim(_pegawai(user))


def can_read_others(user) -> bool:
    """Reads records of other people: HR officers and auditors (whole instansi) and pimpinan (their team).
    The one copy of the former `can_read_instansi(user) or is_pimpinan(user)`."""
    return can_read_instansi(user) or is_pimpinan(user)


def _prefix(path: str) -> str:
    return f"{path}__" if path else ""


class ScopedQuerySet(models.QuerySet):
    def for_instansi(self, instansi_id):
        """Rows of one instansi, for tasks and reports that run without a user."""
        path = getattr(self.model, "scope_instansi", "instansi")
        if not path:  # the model is Instansi itself
            return self.filter(pk=instansi_id)
        return self.filter(**{f"{path}_id" if "__" not in path else f"{path}__id": instansi_id})

    def for_user(self, user):
        """Rows the user may see. The one chokepoint for access by instansi and role."""
        if user is None or not user.is_authenticated:
            return self.none()
        if is_superadmin(user):
            return self.all()
        if not user.instansi_id:
            return self.none()
        qs = self.for_instansi(user.instansi_id)
        if can_read_instansi(user):
            return qs
        pegawai_path = getattr(self.model, "scope_pegawai", None)
        if pegawai_path is None:
            return qs  # reference data of the instansi
        return qs.filter(personal_q(user, pegawai_path))


def personal_q(user, pegawai_path: str) -> Q:
    """Q for rows about the user themself or, for a pimpinan, about their team: everyone in the positions below
    the ones they hold or act in, and everyone in the units they head (kepegawaian.atasan.tim_q)."""
    from kepegawaian import atasan

    own_field = f"{pegawai_path}_id" if pegawai_path else "pk"
    q = Q(**{own_field: getattr(user, "pegawai_id", None) or -1})
    pegawai = _pegawai(user)
    team = atasan.tim_q(pegawai, pegawai_path) if pegawai is not None else None
    return q | team if team is not None else q


ScopedManager = models.Manager.from_queryset(ScopedQuerySet)


class InstansiScopedModel(models.Model):
    """A row owned by one instansi (a regional government). Inherit it to be scoped."""

    instansi = models.ForeignKey(
        "kepegawaian.Instansi",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=True,
        verbose_name="instansi",
    )

    objects = ScopedManager()

    class Meta:
        abstract = True


def get_scoped_or_404(model_or_qs, user, **lookup):
    """Fetch one object the user may see; missing and forbidden are both 404 (no leak of existence).

    Given a MODEL it applies `for_user(user)`. Given a QUERYSET it uses it AS THE SCOPE, unchanged: pass only a
    queryset that already is the user's scope (built with for_user, or a deliberate narrower scope such as "the
    sessions this user sits on as a panel member" or "this applicant's own applications").
    """
    qs = model_or_qs.objects.for_user(user) if isinstance(model_or_qs, type) else model_or_qs
    try:
        return qs.get(**lookup)
    except (qs.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def scope_form_fields(fields: dict, user) -> None:
    """Restrict every model-choice field to what the user may see, so no one can POST another instansi's id.

    Used by asnportal.forms.ScopedFormMixin and asnportal.api.ScopedSerializerMixin.
    """
    for field in fields.values():
        queryset = getattr(field, "queryset", None)
        if queryset is not None and hasattr(queryset, "for_user"):
            field.queryset = queryset.for_user(user)
