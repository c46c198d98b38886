"""The document core: numbering (format, gap-free, race-free), PAdES signing and tamper detection, the public
verification page (valid / revoked), download scoping."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections, transaction
from django.urls import reverse

from asnportal.dokumen import keys, numbering, services
from asnportal.dokumen.models import Dokumen, FormatNomor, NomorUrut, StatusDokumen
from asnportal.dokumen.signing import verifikasi_pdf
from asnportal.models import AuditLog

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("pola", "n", "expected"),
    [
        ("800.1.3/{n}/BKPSDM/{tahun}", 7, "800.1.3/7/BKPSDM/2026"),
        ("800/{n:3}/BKD/{bulan_romawi}/{tahun}", 7, "800/007/BKD/III/2026"),
        ("{n}/{bulan}/{year}", 12, "12/03/2026"),
    ],
)
def test_format_nomor(pola, n, expected):
    assert numbering.pola_valid(pola)
    assert numbering.format_nomor(pola, n=n, tahun=2026, bulan=3) == expected


@pytest.mark.parametrize("pola", ["800/BKD/{tahun}", "{n}/{n.__class__}", "{n}/{nama}", "{n}/}"])
def test_pola_invalid(pola):
    assert not numbering.pola_valid(pola)


def test_nomor_berikut_per_instansi_type_year_and_rollback(instansi_bungo, instansi_bengkulu):
    with transaction.atomic():
        a = numbering.nomor_berikut(instansi_id=instansi_bungo.pk, jenis="x", tahun=2026)
        b = numbering.nomor_berikut(instansi_id=instansi_bungo.pk, jenis="x", tahun=2026)
        c = numbering.nomor_berikut(instansi_id=instansi_bungo.pk, jenis="y", tahun=2026)
        d = numbering.nomor_berikut(instansi_id=instansi_bengkulu.pk, jenis="x", tahun=2026)
        e = numbering.nomor_berikut(instansi_id=instansi_bungo.pk, jenis="x", tahun=2027)
    assert (a, b, c, d, e) == (1, 2, 1, 1, 1)
    try:
        with transaction.atomic():
            numbering.nomor_berikut(instansi_id=instansi_bungo.pk, jenis="x", tahun=2026)
            raise RuntimeError("render failed")
    except RuntimeError:
        pass
    with transaction.atomic():  # the rolled-back 3 is given again: no gap
        assert numbering.nomor_berikut(instansi_id=instansi_bungo.pk, jenis="x", tahun=2026) == 3


@pytest.mark.django_db(transaction=True)
def test_numbering_race_concurrent_transactions(instansi_bungo):
    """Eight officers issue at the same moment, each in its own connection and transaction; one of them rolls
    back. The committed numbers are exactly 1..7: none repeated, none skipped."""
    if connection.vendor != "postgresql":
        pytest.skip("the race is proven on PostgreSQL (make test runs with DATABASE_URL)")
    barrier = threading.Barrier(8)
    got, errors = [], []

    def officer(i):
        try:
            barrier.wait(timeout=10)
            with transaction.atomic():
                n = numbering.nomor_berikut(instansi_id=instansi_bungo.pk, jenis="race", tahun=2026)
                connection.cursor().execute("SELECT pg_sleep(0.05)")  # hold the lock like a render would
                if i == 3:
                    raise RuntimeError("rollback")
                got.append(n)
        except RuntimeError:
            pass
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=officer, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(got) == list(range(1, 8))
    assert NomorUrut.objects.get(instansi=instansi_bungo, jenis="race", tahun=2026).terakhir == 7


@pytest.fixture
def kunci_kepala(instansi_bungo, kepala_bungo):
    ca = keys.buat_ca_demo(nama="Uji")
    return keys.buat_penandatangan(
        ca=ca, nama=kepala_bungo.nama, jabatan="Kepala BKPSDM", instansi=instansi_bungo, pegawai=kepala_bungo
    )


def _terbitkan(hr, instansi, kepala, pegawai=None, **kw):
    return services.dokumen_terbitkan(
        actor=hr,
        instansi=instansi,
        jenis="asnportal.surat_umum",
        judul="Surat Keterangan",
        pemegang_nama="Budi Santoso",
        pegawai=pegawai,
        konteks={
            "judul": "Surat Keterangan",
            "paragraf": ["Isi surat uji."],
            "tanggal_panjang": "4 Desember 2026",
        },
        ttd={
            "nama": kepala.nama_lengkap,
            "jabatan": "Kepala BKPSDM",
            "nip": kepala.nip_tampil,
            "kota": "Muara Bungo",
        },
        penandatangan=kepala,
        **kw,
    )


def test_issue_signs_verifies_and_detects_changed_byte(hr_bungo, instansi_bungo, kepala_bungo, kunci_kepala):
    FormatNomor.objects.create(
        instansi=instansi_bungo, jenis="asnportal.surat_umum", pola="470/{n:3}/BKPSDM/{tahun}"
    )
    dok = _terbitkan(hr_bungo, instansi_bungo, kepala_bungo)
    assert dok.nomor.startswith("470/001/BKPSDM/")
    assert dok.ditandatangani and dok.tanda_tangan["demo"] is True
    pdf = dok.berkas.open("rb").read()
    import hashlib

    assert hashlib.sha256(pdf).hexdigest() == dok.sha256
    hasil = verifikasi_pdf(pdf)
    assert hasil.sah and "DEMO" in hasil.penandatangan
    # one changed byte inside the signed content: the signature no longer verifies
    i = pdf.index(b"stream\n") + 20
    tampered = pdf[:i] + bytes([pdf[i] ^ 0x01]) + pdf[i + 1 :]
    assert not verifikasi_pdf(tampered).sah
    # an independent reader (poppler's pdfsig) sees the signature as present, valid and covering the whole file
    import shutil
    import subprocess
    import tempfile

    if shutil.which("pdfsig"):
        with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
            fh.write(pdf)
            fh.flush()
            out = subprocess.run(["pdfsig", fh.name], capture_output=True, text=True).stdout
        assert "Signature is Valid" in out and "Total document signed" in out and "DEMO" in out
        with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
            fh.write(tampered)
            fh.flush()
            out = subprocess.run(["pdfsig", fh.name], capture_output=True, text=True).stdout
        assert "Signature is Valid" not in out
    # appending after signing is detected as not covering the whole file
    assert not verifikasi_pdf(pdf + b"\n% appended\n").sah
    assert AuditLog.objects.filter(object_type="asnportal.Dokumen", object_id=str(dok.pk)).exists()
    assert _terbitkan(hr_bungo, instansi_bungo, kepala_bungo).nomor.startswith("470/002/")


def test_untrusted_signer_is_not_valid(hr_bungo, instansi_bungo, kepala_bungo, kunci_kepala):
    dok = _terbitkan(hr_bungo, instansi_bungo, kepala_bungo)
    pdf = dok.berkas.open("rb").read()
    from asnportal.dokumen.models import KunciTandaTangan

    KunciTandaTangan.objects.filter(peran="ca").update(aktif=False)
    hasil = verifikasi_pdf(pdf)
    assert hasil.utuh and not hasil.tepercaya and not hasil.sah


def test_without_key_the_document_claims_no_signature(hr_bungo, instansi_bungo, kepala_bungo):
    import subprocess

    dok = _terbitkan(hr_bungo, instansi_bungo, kepala_bungo)
    assert not dok.ditandatangani
    pdf = dok.berkas.open("rb").read()
    assert not verifikasi_pdf(pdf).ada_tanda_tangan
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "secara elektronik" not in text and dok.nomor in text and "SURAT KETERANGAN" in text


def test_verification_page_valid_then_revoked(
    client, client_hr_bungo, hr_bungo, instansi_bungo, kepala_bungo, pegawai_bungo, kunci_kepala
):
    dok = _terbitkan(hr_bungo, instansi_bungo, kepala_bungo, pegawai=pegawai_bungo)
    url = reverse("dokumen:verifikasi", args=[dok.kode])
    resp = client.get(url)
    body = resp.content.decode()
    assert resp.status_code == 200 and 'data-status="berlaku"' in body
    assert dok.nomor in body and dok.sha256 in body and "Budi Santoso" in body
    assert pegawai_bungo.nip not in body  # no other personal data
    # a copy uploaded for checking: the same file matches, a changed one does not
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = dok.berkas.open("rb").read()
    ok = client.post(url, {"berkas": SimpleUploadedFile("a.pdf", pdf, "application/pdf")}).content.decode()
    assert 'data-cocok="ya"' in ok
    bad = pdf.replace(b"/Type /Page", b"/Type /Page ", 1)
    ko = client.post(url, {"berkas": SimpleUploadedFile("b.pdf", bad, "application/pdf")}).content.decode()
    assert 'data-cocok="tidak"' in ko
    empty = client.post(url, {}).content.decode()
    assert "data-cocok" not in empty and 'data-status="berlaku"' in empty
    # revoke: missing reason is refused with a message, then revoked
    r = client_hr_bungo.post(reverse("dokumen:cabut", args=[dok.pk]), {"alasan": ""}, follow=True)
    assert "Tulis alasan pencabutan" in r.content.decode()
    client_hr_bungo.post(reverse("dokumen:cabut", args=[dok.pk]), {"alasan": "Salah ketik"})
    dok.refresh_from_db()
    assert dok.status == StatusDokumen.DICABUT
    assert 'data-status="dicabut"' in client.get(url).content.decode()
    assert (
        client.get(reverse("dokumen:verifikasi", args=["6f1c4a0e-0000-4000-8000-000000000000"])).status_code
        == 404
    )


def test_download_and_list_scoped(
    client_hr_bungo,
    client_hr_bengkulu,
    client_asn_bungo,
    hr_bungo,
    instansi_bungo,
    kepala_bungo,
    pegawai_bungo,
):
    dok = _terbitkan(hr_bungo, instansi_bungo, kepala_bungo, pegawai=pegawai_bungo)
    unduh = reverse("dokumen:unduh", args=[dok.pk])
    assert client_hr_bungo.get(unduh).status_code == 200
    assert client_asn_bungo.get(unduh).status_code == 200  # the holder
    assert client_hr_bengkulu.get(unduh).status_code == 404
    assert (
        client_hr_bengkulu.post(reverse("dokumen:cabut", args=[dok.pk]), {"alasan": "x"}).status_code == 404
    )
    assert dok.nomor in client_hr_bungo.get(reverse("dokumen:daftar") + "?q=Budi").content.decode()
    assert dok.nomor not in client_hr_bengkulu.get(reverse("dokumen:daftar")).content.decode()
    assert client_asn_bungo.post(reverse("dokumen:cabut", args=[dok.pk]), {"alasan": "x"}).status_code == 403
    assert Dokumen.objects.get(pk=dok.pk).status == StatusDokumen.BERLAKU


def test_admin_pages_and_number_format_validation(superadmin, instansi_bungo):
    from django.test import Client

    c = Client()
    c.force_login(superadmin)
    for name in [
        "asnportal_dokumen",
        "asnportal_formatnomor",
        "asnportal_kuncitandatangan",
        "layanan_usul",
        "layanan_gajipokok",
        "layanan_syaratdokumen",
    ]:
        assert c.get(reverse(f"admin:{name}_changelist")).status_code == 200, name
    add = reverse("admin:asnportal_formatnomor_add")
    bad = c.post(add, {"instansi": instansi_bungo.pk, "jenis": "layanan.sk_kp", "pola": "800/{nama}/{tahun}"})
    assert bad.status_code == 200 and not FormatNomor.objects.exists()
    ok = c.post(
        add, {"instansi": instansi_bungo.pk, "jenis": "layanan.sk_kp", "pola": "800.1.3/{n:3}/BKPSDM/{tahun}"}
    )
    assert ok.status_code == 302 and FormatNomor.objects.get().pola == "800.1.3/{n:3}/BKPSDM/{tahun}"


def test_verifikasi_url_uses_portal_site_url(settings):
    """QR codes and API links leave the browser: built from PORTAL_SITE_URL (asnportal.siteurl), never a Host."""
    settings.PORTAL_SITE_URL = "https://asn.bungokab.go.id"
    dok = Dokumen()
    path = reverse("dokumen:verifikasi", args=[dok.kode])
    assert services.verifikasi_url(dok) == "https://asn.bungokab.go.id" + path
    assert services.verifikasi_url(dok, "http://lain.example/") == "http://lain.example" + path
    assert not hasattr(settings, "PORTAL_PUBLIC_URL")
