"""Reads of the layanan: who signs, due lists, usul lists and counts."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q

from asnportal.dokumen import render as core_render
from kepegawaian import rules as kp_rules
from kepegawaian.choices import StatusAktif
from kepegawaian.models import Pegawai

from .choices import STATUS_TERBUKA, StatusUsul
from .models import Usul


def pejabat_kepegawaian(instansi) -> Pegawai | None:
    """The head of the instansi's personnel agency (BKD/BKPSDM): the pejabat who approves usul and signs SKs."""
    qs = Pegawai.objects.for_instansi(instansi.pk).filter(
        status_aktif=StatusAktif.AKTIF, jabatan__is_kepala_unit=True, jabatan__unit_kerja__parent__isnull=True
    )
    head = None
    if instansi.nama_badan_kepegawaian:
        head = qs.filter(jabatan__unit_kerja__nama__iexact=instansi.nama_badan_kepegawaian).first()
    head = head or qs.filter(jabatan__unit_kerja__singkatan__in=["BKD", "BKPSDM"]).first()
    head = head or qs.filter(jabatan__unit_kerja__nama__icontains="kepegawaian").first()
    return head


def ttd_pegawai(
    pegawai: Pegawai | None, instansi, *, kapasitas: str = "", jabatan: str | None = None
) -> dict:
    """The signature block of an official (templates/dokumen/_ttd.html)."""
    if pegawai is None:
        return {
            "kota": instansi.ibu_kota or "",
            "jabatan": jabatan or "",
            "nama": "",
            "nip": "",
            "pangkat": "",
        }
    return {
        "kota": instansi.ibu_kota or "",
        "kapasitas": kapasitas,
        "jabatan": jabatan or (pegawai.jabatan.nama if pegawai.jabatan_id else ""),
        "nama": pegawai.nama_lengkap,
        "pangkat": f"{kp_rules.pangkat(pegawai.golongan)} ({pegawai.golongan})" if pegawai.golongan else "",
        "nip": pegawai.nip_tampil,
    }


def data_pegawai(p: Pegawai) -> dict:
    """The holder's block of a letter."""
    return {
        "nama": p.nama_lengkap,
        "nip": p.nip_tampil,
        "pangkat": f"{kp_rules.pangkat(p.golongan)} ({p.golongan})" if p.golongan else "-",
        "jabatan": p.jabatan.nama if p.jabatan_id else "-",
        "unit": p.unit_kerja.nama if p.unit_kerja_id else "-",
        "tempat_tanggal_lahir": f"{p.tempat_lahir}, {core_render.tanggal_panjang(p.tanggal_lahir)}"
        if p.tempat_lahir
        else core_render.tanggal_panjang(p.tanggal_lahir),
    }


def usul_list(*, user, layanan: str | None = None):
    qs = Usul.objects.for_user(user).select_related("pegawai", "dokumen")
    if layanan:
        qs = qs.filter(layanan=layanan)
    return qs


def status_counts(qs) -> dict:
    """{status: n} computed in the database."""
    return dict(qs.order_by().values_list("status").annotate(n=Count("id")))


def usul_terbuka_ids(*, user, layanan: str, tmt: dt.date | None = None) -> set[int]:
    """Pegawai ids with an open usul of the layanan (for the due lists)."""
    qs = Usul.objects.for_user(user).filter(layanan=layanan, status__in=STATUS_TERBUKA)
    if tmt:
        qs = qs.filter(tmt=tmt)
    return set(qs.values_list("pegawai_id", flat=True))


def usul_counts_per_layanan(*, user) -> dict:
    rows = (
        Usul.objects.for_user(user)
        .order_by()
        .values("layanan")
        .annotate(
            terbuka=Count("id", filter=Q(status__in=STATUS_TERBUKA)),
            selesai=Count("id", filter=Q(status=StatusUsul.SELESAI)),
        )
    )
    return {r["layanan"]: r for r in rows}


def lewat_bup(*, user, pada: dt.date) -> list[dict]:
    """Active pegawai already past their BUP (data to fix or pensiun overdue), oldest first."""
    lahir_max = kp_rules.tanggal_bup(pada, -58)
    out = []
    qs = (
        Pegawai.objects.for_user(user)
        .filter(status_aktif=StatusAktif.AKTIF, tanggal_lahir__lte=lahir_max)
        .select_related("jabatan", "unit_kerja")
        .order_by("tanggal_lahir")
    )
    for p in qs[:1000]:
        usia = kp_rules.bup(
            p.jabatan.jenis if p.jabatan_id else "", p.jabatan.jenjang if p.jabatan_id else ""
        )
        tgl = kp_rules.tanggal_bup(p.tanggal_lahir, usia)
        if tgl < pada:
            out.append(
                {
                    "pegawai": p,
                    "bup": usia,
                    "tanggal_bup": tgl,
                    "tmt_pensiun": kp_rules.tmt_pensiun(p.tanggal_lahir, usia),
                }
            )
    return out


def surat_untuk_cuti(ids: list[int], jenis: str) -> dict:
    """{cuti id (str): valid Dokumen} for a page of leaves (one query)."""
    from asnportal.dokumen.models import Dokumen, StatusDokumen

    qs = Dokumen.objects.filter(
        sumber_jenis="kehadiran.PengajuanCuti",
        sumber_id__in=[str(i) for i in ids],
        jenis=jenis,
        status=StatusDokumen.BERLAKU,
    )
    return {d.sumber_id: d for d in qs}
