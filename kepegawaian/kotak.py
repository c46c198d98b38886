"""Kotak persetujuan: everything awaiting one user's decision, across apps, in one list whose counts are the
dashboard's counts (the same function computes both).

Extension point (like `_dashboard.html`): an app adds `<app>/persetujuan.py` with
`kelompok(user) -> list[Kelompok]`; kepegawaian never imports the apps, it discovers the modules. Each group is
one queryset built from kepegawaian.atasan (who is whose atasan), so an item shows up here exactly when
`may_approve` lets the user decide it, and disappears once decided or withdrawn (its status changes).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings


@dataclass
class Kelompok:
    """One kind of item awaiting the user: `qs` the waiting rows, `baris(obj)` -> dict(pegawai, perihal,
    tanggal, url) to show one, `url` the app page that lists them all."""

    kind: str
    judul: str
    qs: object
    baris: Callable
    url: str = ""
    jumlah: int = 0
    items: list = field(default_factory=list)


def _providers():
    for app in settings.INSTALLED_APPS:
        if "." in app:
            continue
        try:
            mod = importlib.import_module(f"{app}.persetujuan")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.persetujuan":
                raise
            continue
        yield mod


def kotak_persetujuan(user, *, limit: int = 50, with_items: bool = True) -> list[Kelompok]:
    """The user's approvals inbox: non-empty groups with their count and (with_items) the first `limit`
    items. Two queries per group (count, page), plus the bounded atasan lookups of kepegawaian.atasan."""
    if user is None or not user.is_authenticated:
        return []
    out = []
    for mod in _providers():
        for g in mod.kelompok(user):
            g.jumlah = g.qs.count()
            if not g.jumlah:
                continue
            if with_items:
                g.items = [g.baris(obj) for obj in g.qs[:limit]]
            out.append(g)
    return out


def jumlah_menunggu(user) -> int:
    return sum(g.jumlah for g in kotak_persetujuan(user, with_items=False))
