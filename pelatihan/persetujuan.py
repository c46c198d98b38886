"""Pelatihan items for the Kotak persetujuan (kepegawaian.kotak): enrolments awaiting the atasan."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from asnportal import scoping
from kepegawaian.atasan import PELATIHAN, tanpa_atasan_q
from kepegawaian.kotak import Kelompok

from . import selectors


def _baris(p):
    return {
        "pegawai": p.pegawai,
        "perihal": str(p.sesi),
        "tanggal": p.created_at,
        "url": reverse("pelatihan:peserta_detail", args=[p.pk]),
    }


def kelompok(user) -> list[Kelompok]:
    out = [
        Kelompok(
            PELATIHAN,
            _("Pendaftaran pelatihan"),
            selectors.menunggu_persetujuan(user=user).order_by("created_at", "pk"),
            _baris,
            reverse("pelatihan:peserta_list"),
        )
    ]
    if scoping.can_manage(user) and user.instansi_id:
        from .choices import StatusPeserta
        from .models import Peserta

        # Enrolments of pegawai without an atasan (the top official): HR approves (atasan.HR_FALLBACK).
        out.append(
            Kelompok(
                "pelatihan_sdm",
                _("Pendaftaran pelatihan pegawai tanpa atasan"),
                Peserta.objects.for_user(user)
                .filter(tanpa_atasan_q(user.instansi_id), status=StatusPeserta.MENUNGGU)
                .select_related("sesi__program", "pegawai")
                .order_by("created_at", "pk"),
                _baris,
                reverse("pelatihan:peserta_list"),
            )
        )
    return out
