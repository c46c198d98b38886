"""Pages of the layanan: every form submitted with valid and invalid data, lists with counts/filters/export,
bulk actions as background jobs with progress, scoping across instansi."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from layanan import tasks
from layanan.choices import StatusBerkas, StatusUsul
from layanan.models import ProsesMassal, Usul

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PERIODE = "2026-04-01"


def _pdf(name="b.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def client_pejabat(pejabat_bungo):
    from django.test import Client

    c = Client()
    c.force_login(pejabat_bungo)
    return c


def test_kp_due_list_to_sk_through_pages(
    client_hr_bungo,
    client_asn_bungo,
    client_pejabat,
    pegawai_bungo,
    kunci_bungo,
    django_assert_max_num_queries,
):
    due = client_hr_bungo.get(
        reverse("layanan:jatuh_tempo", kwargs={"layanan": "kp"}) + f"?periode={PERIODE}"
    )
    assert due.status_code == 200 and pegawai_bungo.nama in due.content.decode()
    buat = reverse("layanan:usul_buat", kwargs={"layanan": "kp"})
    r = client_hr_bungo.post(buat, {"periode": PERIODE})  # nothing selected: message, nothing created
    assert r.status_code == 302 and not Usul.objects.exists()
    assert client_asn_bungo.post(buat, {"periode": PERIODE, "ids": [pegawai_bungo.pk]}).status_code == 403
    r = client_hr_bungo.post(buat, {"periode": PERIODE, "ids": [pegawai_bungo.pk]})
    u = Usul.objects.get()
    assert r["Location"] == reverse("layanan:usul_detail", args=[u.pk]) and u.tmt == dt.date(2026, 4, 1)
    detail = reverse("layanan:usul_detail", args=[u.pk])
    with django_assert_max_num_queries(25):
        assert client_asn_bungo.get(detail).status_code == 200
    # ASN uploads: an invalid file is refused with a message, valid ones are stored
    b0 = u.berkas.first()
    r = client_asn_bungo.post(
        reverse("layanan:berkas_unggah", args=[b0.pk]),
        {"berkas": SimpleUploadedFile("x.exe", b"MZ\x90\x00", content_type="application/octet-stream")},
        follow=True,
    )
    assert "alert" in r.content.decode() and u.berkas.get(pk=b0.pk).status == StatusBerkas.BELUM
    for b in u.berkas.select_related("syarat"):
        if b.syarat.wajib:
            client_asn_bungo.post(reverse("layanan:berkas_unggah", args=[b.pk]), {"berkas": _pdf()})
    client_asn_bungo.post(detail, {"aksi": "ajukan"})
    assert Usul.objects.get(pk=u.pk).status == StatusUsul.DIAJUKAN
    # HR: returning without a reason is refused; with a reason it is returned
    first = u.berkas.filter(status=StatusBerkas.DIUNGGAH).first()
    verif = reverse("layanan:berkas_verifikasi", args=[first.pk])
    r = client_hr_bungo.post(verif, {"hasil": "kembalikan", "alasan": ""}, follow=True)
    assert "Tulis alasan" in r.content.decode()
    client_hr_bungo.post(verif, {"hasil": "kembalikan", "alasan": "Tidak terbaca"})
    assert Usul.objects.get(pk=u.pk).status == StatusUsul.PERBAIKAN
    assert "Tidak terbaca" in client_asn_bungo.get(detail).content.decode()
    client_asn_bungo.post(reverse("layanan:berkas_unggah", args=[first.pk]), {"berkas": _pdf("ulang.pdf")})
    client_asn_bungo.post(detail, {"aksi": "ajukan"})
    for b in u.berkas.filter(status=StatusBerkas.DIUNGGAH):
        client_hr_bungo.post(reverse("layanan:berkas_verifikasi", args=[b.pk]), {"hasil": "terima"})
    assert Usul.objects.get(pk=u.pk).status == StatusUsul.TERVERIFIKASI
    client_hr_bungo.post(detail, {"aksi": "setujui"})  # HR is not the pejabat
    assert Usul.objects.get(pk=u.pk).status == StatusUsul.TERVERIFIKASI
    client_pejabat.post(detail, {"aksi": "setujui"})
    client_hr_bungo.post(detail, {"aksi": "terbitkan"})
    u.refresh_from_db()
    assert u.status == StatusUsul.SELESAI and u.dokumen.ditandatangani
    pdf = client_asn_bungo.get(reverse("dokumen:unduh", args=[u.dokumen.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    r = client_hr_bungo.post(detail, {"aksi": "tolak", "alasan": ""}, follow=True)
    assert r.status_code == 200


def test_list_counts_filters_export_and_bulk_job(
    client_hr_bungo, client_hr_bengkulu, hr_bungo, instansi_bungo, kunci_bungo
):
    from .factories import usul

    a = usul(instansi_bungo, status=StatusUsul.DIAJUKAN)
    b = usul(instansi_bungo, status=StatusUsul.BERKAS)
    for x in a.berkas.all():
        x.berkas.save("a.pdf", io.BytesIO(PDF), save=False)
        x.status = StatusBerkas.DIUNGGAH
        x.save()
    url = reverse("layanan:usul_list", kwargs={"layanan": "kp"})
    page = client_hr_bungo.get(url).content.decode()
    assert a.pegawai.nama in page and b.pegawai.nama in page
    assert 'data-status="diajukan">' in page
    only = client_hr_bungo.get(url + "?status=diajukan").content.decode()
    assert a.pegawai.nama in only and b.pegawai.nama not in only
    assert a.pegawai.nama not in client_hr_bengkulu.get(url).content.decode()
    x = client_hr_bungo.get(url + "?format=xlsx")
    rows = list(load_workbook(io.BytesIO(x.content)).active.values)
    assert rows[0][0] == "NIP" and len(rows) == 3
    # bulk verify as a background job with progress
    r = client_hr_bungo.post(
        reverse("layanan:massal", kwargs={"layanan": "kp"}), {"aksi": "verifikasi", "ids": [a.pk, b.pk]}
    )
    job = ProsesMassal.objects.get()
    assert r["Location"] == reverse("layanan:proses_detail", args=[job.pk]) and job.total == 2
    tasks.proses_massal_task(job.pk)
    job.refresh_from_db()
    assert job.status == "success" and job.progress == 100
    assert Usul.objects.get(pk=a.pk).status == StatusUsul.TERVERIFIKASI
    prog = client_hr_bungo.get(reverse("layanan:proses_detail", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert 'data-status="success"' in prog.content.decode()
    assert client_hr_bengkulu.get(reverse("layanan:proses_detail", args=[job.pk])).status_code == 404
    # bad input: no rows selected / unknown action
    r = client_hr_bungo.post(
        reverse("layanan:massal", kwargs={"layanan": "kp"}), {"aksi": "verifikasi"}, follow=True
    )
    assert "Pilih minimal satu baris" in r.content.decode()
    r = client_hr_bungo.post(
        reverse("layanan:massal", kwargs={"layanan": "kp"}), {"aksi": "hapus", "ids": [a.pk]}, follow=True
    )
    assert "Pilih aksi" in r.content.decode()
    # another instansi's ids are silently outside the scope
    r = client_hr_bengkulu.post(
        reverse("layanan:massal", kwargs={"layanan": "kp"}),
        {"aksi": "verifikasi", "ids": [a.pk]},
        follow=True,
    )
    assert ProsesMassal.objects.count() == 1


def test_other_pages_render(client_hr_bungo, client_asn_bungo, pegawai_bungo):
    for url in [
        reverse("layanan:beranda"),
        reverse("layanan:cuti_list"),
        reverse("layanan:jatuh_tempo", kwargs={"layanan": "kgb"}),
        reverse("layanan:jatuh_tempo", kwargs={"layanan": "pensiun"}),
        reverse("layanan:usul_list", kwargs={"layanan": "pensiun"}),
    ]:
        assert client_hr_bungo.get(url).status_code == 200, url
    assert client_asn_bungo.get(reverse("layanan:beranda")).status_code == 200
    assert client_asn_bungo.get(reverse("layanan:jatuh_tempo", kwargs={"layanan": "kp"})).status_code == 403
    assert client_hr_bungo.get("/layanan/lain/").status_code == 404
