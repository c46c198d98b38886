"""Pelatihan items for the Kotak persetujuan (kepegawaian.kotak): enrolments awaiting the atasan."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kepegawaian.atasan import PELATIHAN
from kepegawaian.kotak import Kelompok

from . import selectors


def kelompok(user) -> list[Kelompok]:
    return [
        Kelompok(
            PELATIHAN,
            _("Pendaftaran pelatihan"),
            selectors.menunggu_persetujuan(user=user).order_by("created_at", "pk"),
            lambda p: {
                "pegawai": p.pegawai,
                "perihal": str(p.sesi),
                "tanggal": p.created_at,
                "url": reverse("pelatihan:peserta_detail", args=[p.pk]),
            },
            reverse("pelatihan:peserta_list"),
        )
    ]
