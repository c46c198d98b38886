"""The Surat Izin Cuti of an approved leave: numbered, signed by the approver, "Plt." where relevant, once."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from asnportal.dokumen.models import Dokumen
from asnportal.dokumen.signing import verifikasi_pdf
from kehadiran.models import PengajuanCuti
from kehadiran.tests.factories import JenisCutiFactory
from layanan import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def cuti(pegawai_bungo, pejabat_bungo, hr_bungo, instansi_bungo):
    """An annual leave approved by the atasan (kepala_bungo) and HR."""
    return PengajuanCuti.objects.create(
        pegawai=pegawai_bungo,
        jenis=JenisCutiFactory(instansi=instansi_bungo),
        tanggal_mulai=dt.date(2026, 12, 14),
        tanggal_selesai=dt.date(2026, 12, 29),
        jumlah_hari=12,
        alasan="Urusan keluarga",
        alamat_selama_cuti="Jl. Lintas Sumatera 1, Muara Bungo",
        status="disetujui",
        atasan_oleh=pejabat_bungo,
        sdm_oleh=hr_bungo,
    )


def _text(dok) -> str:
    data = dok.berkas.open("rb").read()
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


def test_surat_izin_cuti_numbered_signed_once(cuti, hr_bungo, kunci_bungo, kepala_bungo, pegawai_bungo):
    dok = services.surat_izin_cuti_terbitkan(actor=hr_bungo, cuti=cuti)
    assert dok.jenis == "layanan.surat_izin_cuti" and dok.nomor.startswith("800.1/1/CUTI/")
    assert dok.pegawai == pegawai_bungo and dok.penandatangan_nama == kepala_bungo.nama_lengkap
    assert dok.ditandatangani and verifikasi_pdf(dok.berkas.open("rb").read()).sah
    text = _text(dok)
    assert "SURAT IZIN CUTI TAHUNAN" in text.upper() and dok.nomor in text
    assert pegawai_bungo.nama_lengkap in text and "12 (dua belas) hari kerja" in text
    assert "14 Desember 2026" in text and "29 Desember 2026" in text and "Plt." not in text
    # nothing twice
    assert services.surat_izin_cuti_terbitkan(actor=hr_bungo, cuti=cuti) == dok
    assert Dokumen.objects.filter(jenis="layanan.surat_izin_cuti").count() == 1


def test_plt_approver_shows_plt_and_may_not_grant_cltn(
    cuti, hr_bungo, kunci_bungo, monkeypatch, instansi_bungo
):
    monkeypatch.setattr(services, "kapasitas_penyetuju", lambda c: "Plt.")
    dok = services.surat_izin_cuti_terbitkan(actor=hr_bungo, cuti=cuti)
    assert "Plt. Kepala" in _text(dok)
    cltn = JenisCutiFactory(instansi=instansi_bungo, kode="cltn", nama="Cuti di luar tanggungan negara")
    PengajuanCuti.objects.filter(pk=cuti.pk).update(jenis=cltn)
    dok.status = "dicabut"
    dok.save()
    with pytest.raises(ValidationError, match="Plt"):
        services.surat_izin_cuti_terbitkan(actor=hr_bungo, cuti=cuti)


def test_only_approved_leave_and_only_hr_of_the_instansi(cuti, hr_bungo, hr_bengkulu, asn_bungo):
    with pytest.raises(PermissionDenied):
        services.surat_izin_cuti_terbitkan(actor=hr_bengkulu, cuti=cuti)
    with pytest.raises(PermissionDenied):
        services.surat_izin_cuti_terbitkan(actor=asn_bungo, cuti=cuti)
    PengajuanCuti.objects.filter(pk=cuti.pk).update(status="disetujui_atasan")
    with pytest.raises(ValidationError):
        services.surat_izin_cuti_terbitkan(actor=hr_bungo, cuti=cuti)


def test_cuti_pages_issue_and_show_surat(
    cuti, client_hr_bungo, client_asn_bungo, client_hr_bengkulu, kunci_bungo
):
    detail = reverse("kehadiran:cuti_detail", args=[cuti.pk])
    body = client_hr_bungo.get(detail).content.decode()
    assert "Terbitkan Surat Izin Cuti" in body
    assert "Terbitkan Surat Izin Cuti" not in client_asn_bungo.get(detail).content.decode()
    url = reverse("layanan:cuti_surat_terbitkan", args=[cuti.pk])
    assert client_hr_bengkulu.post(url).status_code == 404
    assert client_asn_bungo.post(url).status_code in (302, 403)
    assert not Dokumen.objects.exists()
    r = client_hr_bungo.post(url)
    assert r.status_code == 302
    dok = Dokumen.objects.get()
    page = client_asn_bungo.get(detail).content.decode()
    assert dok.nomor in page and reverse("dokumen:unduh", args=[dok.pk]) in page
    assert client_asn_bungo.get(reverse("dokumen:unduh", args=[dok.pk])).status_code == 200
    lst = client_hr_bungo.get(reverse("layanan:cuti_list")).content.decode()
    assert dok.nomor in lst
