"""Every download endpoint under the one serving policy (asnportal/downloads.py, docs/decisions/0010-upload-serving-policy.md).

For each endpoint that serves a stored file: a file whose content is a PDF but whose stored name ends in
`.html` (what an upload under that name used to store) is served as application/pdf, as an attachment named
`*.pdf`, with nosniff, a sandboxing CSP and no caching; HTML content is never served as HTML; a verified image
may be inline; and a row whose file is gone from storage is a 404 page that says the file is missing (never a
500 and never a bare 404). test_every_download_view_is_listed fails when a new view serves a file another way.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.urlwalk import scoped_factories

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
HTML = b"<html><body><form action='https://evil.example/'>NIP dan sandi</form></body></html>"
MISSING_TEXT = "Berkas tidak ditemukan"


def _png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (2, 2), "red").save(buf, "PNG")
    return buf.getvalue()


def _model(label):
    from django.apps import apps

    return apps.get_model(label)


def _laporan(instansi):
    run = scoped_factories()[_model("laporan.LaporanRun")](instansi)
    run.status, run.nama_berkas = "success", "laporan-bulanan.pdf"
    run.save(update_fields=["status", "nama_berkas"])
    return run


def _lampiran(instansi):
    from asnportal.testing.factories import UserFactory
    from forum.tests import factories as F

    topik = F.topik(penulis=UserFactory(instansi=instansi))
    return F.lampiran(pos_obj=topik.pos.first())


# url name → (model label, file field, make(instansi) or None for the SCOPED_OBJECTS factory, user upload?)
ENDPOINTS = {
    "kepegawaian:dokumen_unduh": ("kepegawaian.DokumenPegawai", "berkas", None, True),
    "kepegawaian:usulan_data_dokumen": ("kepegawaian.UsulanPerubahanData", "dokumen", None, True),
    "forum:lampiran": ("forum.Lampiran", "berkas", _lampiran, True),
    "pelatihan:eksternal_bukti": ("pelatihan.PelatihanEksternal", "bukti", None, True),
    "rekrutmen:dokumen_unduh": ("rekrutmen.DokumenLamaran", "berkas", None, True),
    "rekrutmen:pelamar_dokumen": ("rekrutmen.DokumenLamaran", "berkas", None, True),
    "kinerja:bukti_unduh": ("kinerja.Realisasi", "bukti_berkas", None, True),
    "kehadiran:koreksi_bukti": ("kehadiran.KoreksiPresensi", "bukti", None, True),
    "kehadiran:cuti_bukti": ("kehadiran.PengajuanCuti", "bukti", None, True),
    "laporan:laporan_download": ("laporan.LaporanRun", "file", _laporan, False),
    "layanan:berkas_unduh": ("layanan.BerkasUsul", "berkas", None, True),
}


def _setup(name, instansi, superadmin, *, content: bytes, filename: str):
    label, field, make, _upload = ENDPOINTS[name]
    obj = (make or scoped_factories()[_model(label)])(instansi)
    getattr(obj, field).save(filename, ContentFile(content), save=True)
    client = Client()
    if name == "rekrutmen:pelamar_dokumen":
        from rekrutmen.pelamar_auth import SESSION_KEY

        session = client.session
        session[SESSION_KEY] = obj.lamaran.pelamar_id
        session.save()
    else:
        client.force_login(superadmin)
    return obj, client, reverse(name, args=[obj.pk])


def _assert_policy(resp):
    assert resp["X-Content-Type-Options"] == "nosniff"
    assert resp["Content-Security-Policy"].startswith("sandbox")
    assert "no-store" in resp["Cache-Control"]


@pytest.mark.parametrize("name", [n for n, e in ENDPOINTS.items() if e[3]])
def test_pdf_named_html_is_served_as_a_pdf_attachment(name, instansi_bungo, superadmin):
    _obj, client, url = _setup(name, instansi_bungo, superadmin, content=PDF, filename="undangan.html")
    resp = client.get(url)
    assert resp.status_code == 200
    assert resp["Content-Type"] == "application/pdf"
    disposition = resp["Content-Disposition"]
    assert disposition.startswith("attachment")
    assert re.search(r'filename="[^"]+\.pdf"', disposition), disposition
    assert b"".join(resp.streaming_content) == PDF
    _assert_policy(resp)


@pytest.mark.parametrize("name", [n for n, e in ENDPOINTS.items() if e[3]])
def test_stored_html_is_never_served_as_html(name, instansi_bungo, superadmin):
    """A file already in storage from before content checks (or put there by hand) is an opaque download."""
    _obj, client, url = _setup(name, instansi_bungo, superadmin, content=HTML, filename="masuk.html")
    resp = client.get(url)
    assert resp.status_code == 200
    assert resp["Content-Type"] == "application/octet-stream"
    assert resp["Content-Disposition"].startswith("attachment")
    assert ".html" not in resp["Content-Disposition"]
    _assert_policy(resp)


@pytest.mark.parametrize("name", ["forum:lampiran", "kinerja:bukti_unduh", "kehadiran:cuti_bukti"])
def test_verified_image_may_be_inline(name, instansi_bungo, superadmin):
    _obj, client, url = _setup(name, instansi_bungo, superadmin, content=_png(), filename="foto.txt")
    resp = client.get(url)
    assert resp["Content-Type"] == "image/png"
    assert resp["Content-Disposition"].startswith("inline")
    assert 'filename="foto.png"' in resp["Content-Disposition"]
    _assert_policy(resp)
    assert client.get(url + "?unduh=1")["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize("name", list(ENDPOINTS))
def test_missing_file_is_a_clear_404(name, instansi_bungo, superadmin):
    obj, client, url = _setup(name, instansi_bungo, superadmin, content=PDF, filename="surat.pdf")
    field = getattr(obj, ENDPOINTS[name][1])
    field.storage.delete(field.name)
    resp = client.get(url)
    assert resp.status_code == 404
    assert MISSING_TEXT in resp.content.decode()


def test_report_keeps_its_generated_type(instansi_bungo, superadmin):
    """Reports are the portal's own output: served with their format's type, always as an attachment."""
    _obj, client, url = _setup(
        "laporan:laporan_download", instansi_bungo, superadmin, content=PDF, filename="bulanan.pdf"
    )
    resp = client.get(url)
    assert resp["Content-Type"] == "application/pdf"
    assert resp["Content-Disposition"].startswith("attachment")
    _assert_policy(resp)


def test_upload_named_html_is_stored_under_its_content_type(client_asn_bungo):
    """External-training evidence that is a PDF named .html is stored and later offered as .pdf."""
    from pelatihan.models import PelatihanEksternal

    resp = client_asn_bungo.post(
        reverse("pelatihan:eksternal_create"),
        {
            "nama": "E-learning ASN Digital",
            "penyelenggara": "LAN",
            "bentuk": "nonklasikal",
            "tanggal_mulai": "2026-03-01",
            "tanggal_selesai": "2026-03-05",
            "durasi_menit": 540,
            "bukti": SimpleUploadedFile("phishing.html", PDF, "text/html"),
        },
    )
    assert resp.status_code == 302, resp.content.decode()[:2000]
    obj = PelatihanEksternal.objects.get()
    assert obj.bukti.name.endswith(".pdf")
    assert not obj.bukti.name.endswith(".html")


def test_every_download_view_is_listed():
    """No view serves a file except through asnportal.downloads.serve_file, and every such view is listed."""
    root = Path(settings.BASE_DIR)
    offenders, serving = [], set()
    for path in root.glob("*/views*.py"):
        if ".venv" in path.parts:
            continue
        text = path.read_text()
        if "FileResponse(" in text:
            offenders.append(str(path.relative_to(root)))
        if "serve_file(" in text:
            serving.add(path.parent.name)
    assert not offenders, f"serve files through asnportal.downloads.serve_file: {offenders}"
    listed = {n.split(":")[0] for n in ENDPOINTS}
    assert serving <= listed, f"download views not tested here: {serving - listed}"


def test_x_accel_redirect_keeps_the_policy(instansi_bungo, superadmin, settings):
    """Behind nginx (PORTAL_X_ACCEL_REDIRECT) the file is sent by nginx, with the same type and headers."""
    settings.PORTAL_X_ACCEL_REDIRECT = True
    obj, client, url = _setup(
        "kinerja:bukti_unduh", instansi_bungo, superadmin, content=PDF, filename="undangan.html"
    )
    resp = client.get(url)
    assert resp["X-Accel-Redirect"] == f"/protected/{obj.bukti_berkas.name}"
    assert resp["Content-Type"] == "application/pdf"
    assert resp["Content-Disposition"].startswith("attachment") and ".pdf" in resp["Content-Disposition"]
    _assert_policy(resp)
    obj.bukti_berkas.storage.delete(obj.bukti_berkas.name)
    assert client.get(url).status_code == 404
