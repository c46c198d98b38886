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


# --- Issued automatically on the final approval (kehadiran → layanan.surat_izin_cuti_task) ----------------------


@pytest.fixture
def eager_publish(monkeypatch):
    """Run a published task at once, by its registered name (as a worker would), and record what was published."""
    from asnportal import jobs
    from asnportal.celery import app

    app.loader.import_default_modules()  # the worker's autodiscovery of <app>/tasks.py
    sent = []

    def publish(task_name, job_id):
        sent.append((task_name, job_id))
        app.tasks[task_name].apply(args=[job_id], throw=True)
        return True

    monkeypatch.setattr(jobs, "publish", publish)
    return sent


def _pengajuan(pegawai, instansi):
    mulai = dt.date.today() + dt.timedelta(days=30)
    return PengajuanCuti.objects.create(
        pegawai=pegawai,
        jenis=JenisCutiFactory(instansi=instansi),
        tanggal_mulai=mulai,
        tanggal_selesai=mulai + dt.timedelta(days=2),
        jumlah_hari=3,
        alasan="Urusan keluarga",
        status="diajukan",
    )


def _setujui(atasan_user, hr_user, c, capture):
    from kehadiran import services as kehadiran_services

    with capture(execute=True):
        kehadiran_services.cuti_putuskan_atasan(actor=atasan_user, cuti=c, setuju=True)
    with capture(execute=True):
        kehadiran_services.cuti_putuskan_sdm(actor=hr_user, cuti=c, setuju=True)


def test_final_approval_issues_the_surat_once(
    pegawai_bungo,
    pejabat_bungo,
    hr_bungo,
    instansi_bungo,
    kunci_bungo,
    kepala_bungo,
    client_asn_bungo,
    eager_publish,
    django_capture_on_commit_callbacks,
):
    c = _pengajuan(pegawai_bungo, instansi_bungo)
    _setujui(pejabat_bungo, hr_bungo, c, django_capture_on_commit_callbacks)
    surat = [t for t in eager_publish if t[0] == "layanan.surat_izin_cuti_task"]
    assert surat == [("layanan.surat_izin_cuti_task", c.pk)]  # published once, by the final (HR) step
    dok = Dokumen.objects.get(jenis="layanan.surat_izin_cuti")
    assert dok.pegawai == pegawai_bungo and dok.penandatangan_nama == kepala_bungo.nama_lengkap
    assert dok.ditandatangani and "Plt." not in _text(dok)
    # a second run (redelivery, retried task) issues nothing more
    from layanan.tasks import surat_izin_cuti_task

    surat_izin_cuti_task.apply(args=[c.pk], throw=True)
    assert Dokumen.objects.filter(jenis="layanan.surat_izin_cuti").count() == 1
    # the ASN sees and downloads it from the leave page
    asn = client_asn_bungo
    page = asn.get(reverse("kehadiran:cuti_detail", args=[c.pk])).content.decode()
    assert dok.nomor in page and reverse("dokumen:unduh", args=[dok.pk]) in page
    assert asn.get(reverse("dokumen:unduh", args=[dok.pk])).status_code == 200


def test_rejection_or_unapproved_leave_issues_nothing(
    pegawai_bungo, pejabat_bungo, hr_bungo, instansi_bungo, eager_publish, django_capture_on_commit_callbacks
):
    from kehadiran import services as kehadiran_services

    c = _pengajuan(pegawai_bungo, instansi_bungo)
    with django_capture_on_commit_callbacks(execute=True):
        kehadiran_services.cuti_putuskan_atasan(actor=pejabat_bungo, cuti=c, setuju=True)
        kehadiran_services.cuti_putuskan_sdm(actor=hr_bungo, cuti=c, setuju=False, catatan="Kebutuhan dinas")
    assert "layanan.surat_izin_cuti_task" not in [t[0] for t in eager_publish]
    assert not Dokumen.objects.exists()
    assert services.surat_izin_cuti_otomatis(c.pk) is None and not Dokumen.objects.exists()


def test_final_approval_by_a_plt_atasan_prints_plt(
    instansi_bungo, hr_bungo, eager_publish, django_capture_on_commit_callbacks
):
    from asnportal.testing.factories import JabatanFactory, PegawaiFactory, UnitKerjaFactory, asn_user
    from kepegawaian.models import PenugasanPlt

    unit = UnitKerjaFactory(instansi=instansi_bungo, nama="Bidang Mutasi")
    j_atas = JabatanFactory(instansi=instansi_bungo, unit_kerja=unit, nama="Sekretaris")
    j_kepala = JabatanFactory(
        instansi=instansi_bungo, unit_kerja=unit, nama="Kepala Bidang Mutasi", parent=j_atas
    )
    PegawaiFactory(jabatan=j_atas, nama="Sekretaris")
    staf = PegawaiFactory(
        jabatan=JabatanFactory(instansi=instansi_bungo, unit_kerja=unit, parent=j_kepala), nama="Staf Mutasi"
    )
    plt = PegawaiFactory(
        jabatan=JabatanFactory(instansi=instansi_bungo, unit_kerja=unit, parent=j_atas, nama="Analis SDM"),
        nama="Pelaksana Tugas",
    )
    hari_ini = dt.date.today()
    PenugasanPlt.objects.create(
        instansi=instansi_bungo,
        pegawai=plt,
        jabatan=j_kepala,
        jenis="plt",
        tanggal_mulai=hari_ini - dt.timedelta(days=5),
        tanggal_selesai=hari_ini + dt.timedelta(days=60),
        nomor_sk="821/45/BKPSDM/2026",
    )
    asn_user(staf, username="staf.mutasi")
    c = _pengajuan(staf, instansi_bungo)
    _setujui(asn_user(plt, username="plt.mutasi"), hr_bungo, c, django_capture_on_commit_callbacks)
    c.refresh_from_db()
    assert c.atasan_kapasitas.startswith("Plt.")
    dok = Dokumen.objects.get(jenis="layanan.surat_izin_cuti")
    text = _text(dok)
    assert "Plt. Kepala Bidang Mutasi" in text and "Pelaksana Tugas" in text and "Analis SDM" not in text
    surat_izin = services.surat_izin_cuti_otomatis(c.pk)
    assert surat_izin == dok and Dokumen.objects.filter(jenis="layanan.surat_izin_cuti").count() == 1


def test_catch_up_issues_what_the_broker_never_delivered(
    pegawai_bungo, pejabat_bungo, hr_bungo, instansi_bungo, monkeypatch, django_capture_on_commit_callbacks
):
    """The broker is down at approval time: publish fails (logged), the page is not blocked, and the beat
    catch-up issues the surat later, once."""
    from django.utils import timezone

    from asnportal import jobs

    monkeypatch.setattr(jobs, "publish", lambda task_name, job_id: False)
    c = _pengajuan(pegawai_bungo, instansi_bungo)
    _setujui(pejabat_bungo, hr_bungo, c, django_capture_on_commit_callbacks)
    assert not Dokumen.objects.exists()
    assert services.surat_izin_cuti_susulan() == 0  # too fresh: the published task may still be on its way
    nanti = timezone.now() + dt.timedelta(minutes=5)
    assert services.surat_izin_cuti_susulan(sekarang=nanti) == 1
    assert services.surat_izin_cuti_susulan(sekarang=nanti) == 0
    assert Dokumen.objects.filter(jenis="layanan.surat_izin_cuti").count() == 1
    # beyond the window nothing is issued retroactively
    Dokumen.objects.all().delete()
    assert services.surat_izin_cuti_susulan(sekarang=timezone.now() + dt.timedelta(days=8)) == 0
