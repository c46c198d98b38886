"""Pages and API flows of issue #3: org chart (+PDF), ABK, penataan, mutasi, proposals, documents, dashboard."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from asnportal.models import AuditLog
from asnportal.testing.factories import JabatanFactory, hr_user
from kepegawaian import services
from kepegawaian.models import DokumenPegawai, RencanaPenataan, UsulanMutasi, UsulanPerubahanData

from .factories import PDF_BYTES

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def test_org_chart_tree_search_and_pdf(
    client_hr_bungo, client_asn_bungo, pegawai_bungo, kepala_bungo, opd_bungo
):
    JabatanFactory(unit_kerja=opd_bungo, instansi=opd_bungo.instansi, nama="Analis Kosong", jumlah_formasi=2)
    r = client_hr_bungo.get("/kepegawaian/struktur/")
    html = r.content.decode()
    assert opd_bungo.nama in html and pegawai_bungo.nama in html and "Analis Kosong" in html
    assert "2 lowong" in html
    r = client_hr_bungo.get(f"/kepegawaian/struktur/?q={pegawai_bungo.nip[:10]}")
    assert f'href="#p-{pegawai_bungo.pk}"' in r.content.decode()
    r = client_hr_bungo.get(f"/kepegawaian/unit-kerja/{opd_bungo.pk}/struktur/pdf/")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf" and r.content.startswith(b"%PDF")
    # an ASN sees the structure but only their own name among incumbents
    html = client_asn_bungo.get("/kepegawaian/struktur/").content.decode()
    assert pegawai_bungo.nama in html and kepala_bungo.nama not in html


def test_abk_page_adds_task_and_recomputes(client_hr_bungo, client_asn_bungo, pegawai_bungo):
    jab = pegawai_bungo.jabatan
    url = f"/kepegawaian/jabatan/{jab.pk}/abk/"
    r = client_hr_bungo.post(
        url,
        {"urutan": 1, "uraian": "Menyusun SK", "volume": "1200", "periode": "tahun", "norma_waktu": "120"},
    )
    assert r.status_code == 302
    jab.refresh_from_db()
    assert jab.jumlah_formasi == 2
    html = client_hr_bungo.get(url).content.decode()
    assert "1,92" in html or "1.92" in html
    r = client_hr_bungo.post(url, {"uraian": "", "volume": "x", "periode": "tahun", "norma_waktu": "0"})
    assert r.status_code == 200 and "is-invalid" in r.content.decode()
    assert client_asn_bungo.get(url).status_code == 200
    assert client_asn_bungo.post(url, {"ikhtisar": "x"}).status_code == 403
    uraian = jab.uraian_tugas.get()
    assert client_asn_bungo.post(f"/kepegawaian/uraian-tugas/{uraian.pk}/hapus/").status_code == 403
    assert client_hr_bungo.post(f"/kepegawaian/uraian-tugas/{uraian.pk}/hapus/").status_code == 302
    assert not jab.uraian_tugas.exists()


def test_penataan_pages_flow(client_hr_bungo, hr_bungo, opd_bungo, pegawai_bungo):
    r = client_hr_bungo.post(
        "/kepegawaian/penataan/tambah/",
        {"nama": "Ubah nama", "tanggal_efektif": TODAY.isoformat(), "nomor_sk": "1"},
    )
    rencana = RencanaPenataan.objects.get(nama="Ubah nama")
    assert r.status_code == 302
    url = f"/kepegawaian/penataan/{rencana.pk}/"
    r = client_hr_bungo.post(url, {"jenis": "ubah_nama_unit", "unit": opd_bungo.pk})
    assert r.status_code == 200 and "Wajib diisi" in r.content.decode()
    r = client_hr_bungo.post(
        url, {"jenis": "ubah_nama_unit", "unit": opd_bungo.pk, "nama_baru": "BKPSDM Baru"}
    )
    assert r.status_code == 302
    html = client_hr_bungo.get(url + "?pratinjau=1").content.decode()
    assert "BKPSDM Baru" in html and pegawai_bungo.nama in html
    opd_bungo.refresh_from_db()
    assert opd_bungo.nama != "BKPSDM Baru"
    assert client_hr_bungo.post(f"/kepegawaian/penataan/{rencana.pk}/terapkan/").status_code == 302
    opd_bungo.refresh_from_db()
    assert opd_bungo.nama == "BKPSDM Baru"
    r = client_hr_bungo.post(
        f"/kepegawaian/penataan/{rencana.pk}/balik/", {"tanggal_efektif": TODAY.isoformat()}
    )
    komp = RencanaPenataan.objects.get(membalik=rencana)
    assert r.status_code == 302 and r.url.endswith(f"/penataan/{komp.pk}/")
    client_hr_bungo.post(f"/kepegawaian/penataan/{komp.pk}/terapkan/")
    opd_bungo.refresh_from_db()
    assert opd_bungo.nama != "BKPSDM Baru"


def test_mutasi_pages_flow(client_pimpinan_bungo, client_hr_bungo, client_asn_bungo, pegawai_bungo):
    tujuan = JabatanFactory(
        instansi=pegawai_bungo.instansi, unit_kerja=pegawai_bungo.unit_kerja, nama="Analis Baru"
    )
    assert client_asn_bungo.get("/kepegawaian/mutasi/usul/").status_code == 403
    r = client_pimpinan_bungo.post(
        "/kepegawaian/mutasi/usul/",
        {
            "pegawai": pegawai_bungo.pk,
            "jenis": "promosi",
            "jabatan_tujuan": tujuan.pk,
            "tmt": TODAY.isoformat(),
        },
    )
    assert r.status_code == 302
    usulan = UsulanMutasi.objects.get()
    url = f"/kepegawaian/mutasi/{usulan.pk}/"
    assert client_asn_bungo.get(url).status_code == 200  # the pegawai sees their own proposal
    assert (
        client_pimpinan_bungo.post(
            url, {"aksi": "setujui", "nomor_sk": "1", "tanggal_sk": TODAY.isoformat()}
        ).status_code
        == 403
    )
    r = client_hr_bungo.post(url, {"aksi": "setujui", "nomor_sk": "", "tanggal_sk": TODAY.isoformat()})
    assert r.status_code == 200
    r = client_hr_bungo.post(
        url, {"aksi": "setujui", "nomor_sk": "821/7/2026", "tanggal_sk": TODAY.isoformat()}
    )
    assert r.status_code == 302
    usulan.refresh_from_db()
    assert usulan.status == "berlaku"
    html = client_asn_bungo.get("/kepegawaian/profil-saya/").content.decode()
    assert "Analis Baru" in html and "821/7/2026" in html


def test_usulan_data_and_dokumen_pages(
    client_asn_bungo, client_hr_bungo, client_pimpinan_bungo, pegawai_bungo, instansi_bungo
):
    from asnportal.testing.factories import PegawaiFactory, UnitKerjaFactory, asn_user

    r = client_asn_bungo.post(
        "/kepegawaian/profil-saya/usulan/",
        {
            "jenis": "dokumen",
            "jenis_dokumen": "sertifikat",
            "nomor_dokumen": "SERT-1",
            "dokumen": SimpleUploadedFile("s.pdf", PDF_BYTES),
            "keterangan": "Sertifikat pelatihan",
        },
    )
    assert r.status_code == 302
    u = UsulanPerubahanData.objects.get()
    assert client_asn_bungo.get(f"/kepegawaian/usulan-data/{u.pk}/dokumen/").status_code == 200
    assert (
        client_hr_bungo.post(f"/kepegawaian/usulan-data/{u.pk}/", {"aksi": "verifikasi"}).status_code == 302
    )
    dok = DokumenPegawai.objects.get(pegawai=pegawai_bungo)
    assert dok.nomor == "SERT-1"
    r = client_asn_bungo.get(f"/kepegawaian/dokumen/{dok.pk}/unduh/")
    assert r.status_code == 200 and b"".join(r.streaming_content).startswith(b"%PDF")
    assert client_pimpinan_bungo.get(f"/kepegawaian/dokumen/{dok.pk}/unduh/").status_code == 200
    assert AuditLog.objects.filter(object_type="kepegawaian.DokumenPegawai", action="view").count() == 1
    other = PegawaiFactory(jabatan=JabatanFactory(unit_kerja=UnitKerjaFactory(instansi=instansi_bungo)))
    from django.test import Client

    c = Client()
    c.force_login(asn_user(other, username="lain"))
    assert c.get(f"/kepegawaian/dokumen/{dok.pk}/unduh/").status_code == 404
    assert c.get(f"/kepegawaian/pegawai/{pegawai_bungo.pk}/dokumen/").status_code == 404
    r = client_hr_bungo.post(
        f"/kepegawaian/pegawai/{pegawai_bungo.pk}/dokumen/",
        {"jenis": "sk_pns", "berkas": SimpleUploadedFile("x.pdf", b"bukan pdf")},
    )
    assert r.status_code == 200 and "Jenis berkas tidak diizinkan" in r.content.decode()


def test_dashboard_widget_shows_reminders(client_hr_bungo, client_asn_bungo, pegawai_bungo):
    pegawai_bungo.tmt_golongan = dt.date(2015, 4, 1)
    pegawai_bungo.save()
    html = client_hr_bungo.get("/").content.decode()
    assert "Pengingat kepegawaian" in html and pegawai_bungo.nama in html
    assert "Pengingat kepegawaian" not in client_asn_bungo.get("/").content.decode()


def test_other_hr_can_approve_and_scheduled_page(client_hr_bungo, hr_bungo, pegawai_bungo, instansi_bungo):
    tujuan = JabatanFactory(instansi=pegawai_bungo.instansi, unit_kerja=pegawai_bungo.unit_kerja)
    services.mutasi_ajukan(
        actor=hr_bungo, pegawai=pegawai_bungo, jenis="mutasi", jabatan_tujuan=tujuan, tmt=TODAY
    )
    other = hr_user(instansi_bungo, username="hr2")
    from django.test import Client

    c = Client()
    c.force_login(other)
    usulan = UsulanMutasi.objects.get()
    r = c.post(f"/kepegawaian/mutasi/{usulan.pk}/", {"aksi": "tolak", "catatan": "Formasi penuh"})
    assert r.status_code == 302
    usulan.refresh_from_db()
    assert usulan.status == "ditolak"


def test_api_flows(
    client_hr_bungo,
    client_asn_bungo,
    client_pimpinan_bungo,
    hr_bungo,
    pegawai_bungo,
    opd_bungo,
    instansi_bungo,
):
    jab = pegawai_bungo.jabatan
    r = client_hr_bungo.post(
        "/api/v1/uraian-tugas/",
        {"jabatan": jab.pk, "uraian": "T", "volume": "1200", "norma_waktu": 120},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    jab.refresh_from_db()
    assert jab.jumlah_formasi == 2
    k = client_hr_bungo.get("/api/v1/kebutuhan-jabatan/").json()
    assert k["instansi"]["kebutuhan"] >= 2
    assert client_asn_bungo.get("/api/v1/kebutuhan-jabatan/").status_code == 403

    r = client_hr_bungo.post(
        "/api/v1/penataan/",
        {"nama": "API", "tanggal_efektif": TODAY.isoformat()},
        content_type="application/json",
    )
    pk = r.json()["id"]
    r = client_hr_bungo.post(
        f"/api/v1/penataan/{pk}/perubahan/",
        {"jenis": "ubah_nama_unit", "unit": opd_bungo.pk},
        content_type="application/json",
    )
    assert r.status_code == 400 and "nama_baru" in r.json()
    client_hr_bungo.post(
        f"/api/v1/penataan/{pk}/perubahan/",
        {"jenis": "ubah_nama_unit", "unit": opd_bungo.pk, "nama_baru": "Baru"},
        content_type="application/json",
    )
    assert (
        client_hr_bungo.get(f"/api/v1/penataan/{pk}/pratinjau/").json()["unit"][0]["sesudah"]["nama"]
        == "Baru"
    )
    assert client_hr_bungo.post(f"/api/v1/penataan/{pk}/terapkan/").json()["status"] == "diterapkan"
    assert (
        client_hr_bungo.post(
            f"/api/v1/penataan/{pk}/balik/",
            {"tanggal_efektif": TODAY.isoformat()},
            content_type="application/json",
        ).status_code
        == 201
    )
    assert client_asn_bungo.get("/api/v1/penataan/").json()["count"] == 0

    tujuan = JabatanFactory(instansi=instansi_bungo, unit_kerja=opd_bungo)
    r = client_pimpinan_bungo.post(
        "/api/v1/mutasi/",
        {
            "pegawai": pegawai_bungo.pk,
            "jenis": "rotasi",
            "jabatan_tujuan": tujuan.pk,
            "tmt": TODAY.isoformat(),
        },
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    mid = r.json()["id"]
    assert (
        client_asn_bungo.post(
            "/api/v1/mutasi/",
            {
                "pegawai": pegawai_bungo.pk,
                "jenis": "rotasi",
                "jabatan_tujuan": tujuan.pk,
                "tmt": TODAY.isoformat(),
            },
            content_type="application/json",
        ).status_code
        == 403
    )
    r = client_hr_bungo.post(
        f"/api/v1/mutasi/{mid}/setujui/",
        {"nomor_sk": "9", "tanggal_sk": TODAY.isoformat()},
        content_type="application/json",
    )
    assert r.json()["status"] == "berlaku"

    r = client_asn_bungo.post(
        "/api/v1/usulan-data/",
        {"jenis": "data_pribadi", "data": {"telepon": "0812"}},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    uid = r.json()["id"]
    assert client_asn_bungo.post(f"/api/v1/usulan-data/{uid}/verifikasi/").status_code == 403
    assert client_hr_bungo.post(f"/api/v1/usulan-data/{uid}/verifikasi/").json()["status"] == "diverifikasi"
    pegawai_bungo.refresh_from_db()
    assert pegawai_bungo.telepon == "0812"
    assert client_hr_bungo.get("/api/v1/kenaikan-pangkat/?periode=2026-04-01").status_code == 200
    assert client_hr_bungo.get("/api/v1/pensiun/?tahun=3").status_code == 200
    assert set(client_hr_bungo.get("/api/v1/komposisi-pegawai/").json()) >= {
        "golongan",
        "usia",
        "jenis_kelamin",
    }
