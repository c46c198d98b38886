"""Kehadiran items for the Kotak persetujuan (kepegawaian.kotak): leave and attendance corrections."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from asnportal import scoping
from kepegawaian.atasan import CUTI, KOREKSI
from kepegawaian.kotak import Kelompok

from . import selectors
from .choices import StatusPengajuan
from .models import PengajuanCuti


def _cuti(c):
    return {
        "pegawai": c.pegawai,
        "perihal": f"{c.jenis.nama}: {c.tanggal_mulai:%d-%m-%Y} – {c.tanggal_selesai:%d-%m-%Y} ({c.jumlah_hari})",
        "tanggal": c.created_at,
        "url": reverse("kehadiran:cuti_detail", args=[c.pk]),
    }


def kelompok(user) -> list[Kelompok]:
    out = [
        Kelompok(
            CUTI,
            _("Cuti menunggu persetujuan atasan"),
            selectors.cuti_menunggu_atasan(user=user),
            _cuti,
            reverse("kehadiran:cuti_list"),
        ),
        Kelompok(
            KOREKSI,
            _("Koreksi presensi"),
            selectors.koreksi_menunggu(user=user),
            lambda k: {
                "pegawai": k.pegawai,
                "perihal": _("Koreksi %(tgl)s: %(jenis)s")
                % {"tgl": k.tanggal.strftime("%d-%m-%Y"), "jenis": k.get_jenis_display()},
                "tanggal": k.created_at,
                "url": reverse("kehadiran:koreksi_detail", args=[k.pk]),
            },
            reverse("kehadiran:koreksi_list"),
        ),
    ]
    if scoping.can_manage(user) and user.instansi_id:
        from kepegawaian.atasan import tanpa_atasan_q

        from .models import KoreksiPresensi

        # Corrections of pegawai without an atasan (the top official): HR decides (atasan.HR_FALLBACK).
        out.append(
            Kelompok(
                "koreksi_sdm",
                _("Koreksi presensi pegawai tanpa atasan"),
                KoreksiPresensi.objects.for_user(user)
                .filter(tanpa_atasan_q(user.instansi_id), status=StatusPengajuan.DIAJUKAN)
                .select_related("pegawai")
                .order_by("tanggal", "pk"),
                lambda k: {
                    "pegawai": k.pegawai,
                    "perihal": _("Koreksi %(tgl)s: %(jenis)s")
                    % {"tgl": k.tanggal.strftime("%d-%m-%Y"), "jenis": k.get_jenis_display()},
                    "tanggal": k.created_at,
                    "url": reverse("kehadiran:koreksi_detail", args=[k.pk]),
                },
                reverse("kehadiran:koreksi_list"),
            )
        )
    if scoping.can_manage(user):
        # The HR stage of leave: after the atasan (or straight away for a pegawai without an atasan).
        out.append(
            Kelompok(
                "cuti_sdm",
                _("Cuti menunggu keputusan SDM"),
                PengajuanCuti.objects.for_user(user)
                .filter(status=StatusPengajuan.DISETUJUI_ATASAN)
                .select_related("pegawai", "jenis")
                .order_by("tanggal_mulai", "pk"),
                _cuti,
                reverse("kehadiran:cuti_list"),
            )
        )
    return out
