"""API of the layanan: the same services as the pages; scoping and errors as JSON."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from layanan.models import Usul

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _api(user):
    c = APIClient()
    c.force_authenticate(user)
    return c


def test_usul_through_the_api(
    hr_bungo, hr_bengkulu, asn_bungo, pejabat_bungo, pegawai_bungo, kunci_bungo, django_assert_max_num_queries
):
    hr = _api(hr_bungo)
    r = hr.post(
        "/api/v1/layanan/usul/",
        {"layanan": "kp", "pegawai": pegawai_bungo.pk, "tmt": "2026-03-01"},
        format="json",
    )
    assert r.status_code == 400 and "periode" in str(r.json())
    r = hr.post(
        "/api/v1/layanan/usul/",
        {"layanan": "kp", "pegawai": pegawai_bungo.pk, "tmt": "2026-04-01"},
        format="json",
    )
    assert r.status_code == 201, r.content
    uid = r.json()["id"]
    assert r.json()["golongan_baru"] == "III/b"
    assert _api(hr_bengkulu).get(f"/api/v1/layanan/usul/{uid}/").status_code == 404
    r = _api(hr_bengkulu).post(
        "/api/v1/layanan/usul/",
        {"layanan": "kp", "pegawai": pegawai_bungo.pk, "tmt": "2026-04-01"},
        format="json",
    )
    assert r.status_code == 400  # another instansi's pegawai is not a valid choice
    asn = _api(asn_bungo)
    assert asn.post(f"/api/v1/layanan/usul/{uid}/ajukan/").status_code == 400  # documents missing
    berkas = asn.get(f"/api/v1/layanan/berkas/?usul={uid}").json()["results"]
    for b in berkas:
        if b["wajib"]:
            r = asn.post(
                f"/api/v1/layanan/berkas/{b['id']}/unggah/",
                {"berkas": SimpleUploadedFile("b.pdf", PDF, content_type="application/pdf")},
                format="multipart",
            )
            assert r.status_code == 200 and r.json()["status"] == "diunggah"
    bad = asn.post(
        f"/api/v1/layanan/berkas/{berkas[0]['id']}/unggah/",
        {"berkas": SimpleUploadedFile("x.exe", b"MZ\x90\x00", content_type="application/octet-stream")},
        format="multipart",
    )
    assert bad.status_code == 400
    assert asn.post(f"/api/v1/layanan/usul/{uid}/ajukan/").json()["status"] == "diajukan"
    for b in berkas:
        if b["wajib"]:
            assert (
                asn.post(
                    f"/api/v1/layanan/berkas/{b['id']}/verifikasi/", {"terima": True}, format="json"
                ).status_code
                == 403
            )
            assert (
                hr.post(
                    f"/api/v1/layanan/berkas/{b['id']}/verifikasi/", {"terima": True}, format="json"
                ).status_code
                == 200
            )
    assert hr.post(f"/api/v1/layanan/usul/{uid}/setujui/").status_code == 403
    assert _api(pejabat_bungo).post(f"/api/v1/layanan/usul/{uid}/setujui/").json()["status"] == "disetujui"
    r = hr.post(f"/api/v1/layanan/usul/{uid}/terbitkan-sk/")
    assert r.status_code == 200 and r.json()["status"] == "selesai" and r.json()["nomor_sk"]
    with django_assert_max_num_queries(10):
        docs = hr.get("/api/v1/layanan/dokumen/").json()["results"]
    assert (
        docs[0]["nomor"] == r.json()["nomor_sk"] and docs[0]["ditandatangani"] and docs[0]["verifikasi_url"]
    )
    assert docs[0]["verifikasi_url"].startswith(settings.PORTAL_SITE_URL + "/dokumen/")
    assert _api(hr_bengkulu).get("/api/v1/layanan/dokumen/").json()["results"] == []
    assert Usul.objects.get(pk=uid).dokumen.nomor == r.json()["nomor_sk"]
    r = hr.post(f"/api/v1/layanan/usul/{uid}/tolak/", {"alasan": ""}, format="json")
    assert r.status_code == 400
    kgb = hr.get(f"/api/v1/layanan/riwayat-kgb/?pegawai={pegawai_bungo.pk}")
    assert kgb.status_code == 200


def test_bulk_job_through_the_api(hr_bungo, instansi_bungo):
    from .factories import usul

    u = usul(instansi_bungo)
    r = _api(hr_bungo).post(
        "/api/v1/layanan/proses-massal/",
        {"aksi": "verifikasi", "layanan": "kp", "usul_ids": [u.pk]},
        format="json",
    )
    assert r.status_code == 201 and r.json()["total"] == 1 and r.json()["status"] == "pending"
    r = _api(hr_bungo).post(
        "/api/v1/layanan/proses-massal/", {"aksi": "verifikasi", "usul_ids": []}, format="json"
    )
    assert r.status_code == 400


def test_bulk_jobs_visible_to_hr_and_their_starter_only(hr_bungo, asn_bungo, instansi_bungo):
    from layanan.models import ProsesMassal

    job = ProsesMassal.objects.create(
        instansi=instansi_bungo, aksi="verifikasi", layanan="kp", usul_ids=[1], total=1, dibuat_oleh=hr_bungo
    )
    assert _api(hr_bungo).get(f"/api/v1/layanan/proses-massal/{job.pk}/").status_code == 200
    assert _api(asn_bungo).get(f"/api/v1/layanan/proses-massal/{job.pk}/").status_code == 404
