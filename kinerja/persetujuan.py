"""Kinerja items for the Kotak persetujuan (kepegawaian.kotak): SKPs to approve, evaluations due, keberatan."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kepegawaian.atasan import EVALUASI, KEBERATAN, SKP
from kepegawaian.kotak import Kelompok

from . import rules, selectors
from .services import pengaturan_for


def kelompok(user) -> list[Kelompok]:
    if not getattr(user, "pegawai_id", None):
        return []
    today = timezone.localdate()
    tahun = today.year
    persetujuan = reverse("kinerja:persetujuan")
    periode = rules.periode_dari_tanggal(pengaturan_for(user.pegawai.instansi_id).periode_evaluasi, today) - 1
    return [
        Kelompok(
            SKP,
            _("Persetujuan SKP"),
            selectors.skp_bawahan(user=user, tahun=tahun).filter(status="diajukan"),
            lambda s: {
                "pegawai": s.pegawai,
                "perihal": _("SKP %(tahun)s") % {"tahun": s.tahun},
                "tanggal": s.diajukan_at,
                "url": reverse("kinerja:skp_detail", args=[s.pk]),
            },
            persetujuan,
        ),
        Kelompok(
            EVALUASI,
            _("Evaluasi periodik belum diisi"),
            selectors.evaluasi_menunggu(user=user),
            lambda s: {
                "pegawai": s.pegawai,
                "perihal": _("Evaluasi periode %(p)s SKP %(tahun)s") % {"p": periode, "tahun": s.tahun},
                "tanggal": s.disetujui_at,
                "url": reverse("kinerja:evaluasi_form", args=[s.pk, max(periode, 1)]),
            },
            persetujuan,
        ),
        Kelompok(
            KEBERATAN,
            _("Keberatan hasil kinerja"),
            selectors.keberatan_menunggu(user=user),
            lambda kb: {
                "pegawai": kb.pegawai,
                "perihal": _("Keberatan atas predikat %(p)s") % {"p": kb.predikat_semula},
                "tanggal": kb.created_at,
                "url": reverse("kinerja:keberatan_putus", args=[kb.pk]),
            },
            persetujuan,
        ),
    ]
