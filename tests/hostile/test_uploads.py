"""Hostile uploads on every form and API endpoint that takes a document or photo.

For each endpoint: a file just over the limit (PORTAL_MAX_UPLOAD_BYTES set to 64 KB here; photos have a fixed
2 MB limit), files whose content does not match their name (HTML named .pdf, a Windows executable named .jpg, a
zip named .png, an XLSX workbook named .pdf) and an empty file must each be refused with an Indonesian message
that is not already static text of the page (form re-rendered / 400 in the API / the applicant's message after
the redirect), leaving no row and no file behind (MEDIA_ROOT is a per-test temporary directory, conftest.py).
Then a valid file under a hostile name (`../../<script>…`) on the same endpoint with the same data is accepted
— so the refusals are about the file and nothing else — and stored inside MEDIA_ROOT under a safe name.

test_every_file_field_is_covered walks the apps' forms and serializers: a new FileField/ImageField fails it until
its endpoint is added here (or, for CSV/XLSX imports, to test_imports.py).
"""

from __future__ import annotations

import datetime as dt
import importlib
import io
from dataclasses import dataclass

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework import serializers

from . import PROJECT_APPS, media_files

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SMALL_LIMIT = 64 * 1024  # PORTAL_MAX_UPLOAD_BYTES here: "just over" stays small in memory (default 5 MB)
PHOTO_LIMIT = 2 * 1024 * 1024  # asnportal.uploads.image_validator (fixed, not a setting)


def _png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (2, 2), "red").save(buf, "PNG")
    return buf.getvalue()


PNG = _png()


def _xlsx() -> bytes:
    from openpyxl import Workbook

    buf = io.BytesIO()
    Workbook().save(buf)
    return buf.getvalue()


# (case, file) → the Indonesian messages one of which must be shown.
TOO_BIG = ("Berkas terlalu besar",)
WRONG_TYPE = ("Jenis berkas tidak diizinkan", "Unggah gambar yang valid")
EMPTY = ("kosong", "Pilih berkas")


def hostile_files(image: bool):
    limit = PHOTO_LIMIT if image else SMALL_LIMIT
    good, ext, ctype = (PNG, "png", "image/png") if image else (PDF, "pdf", "application/pdf")
    return [
        ("just over the limit", f"besar.{ext}", good + b"\0" * (limit + 1 - len(good)), ctype, TOO_BIG),
        (
            "HTML named .pdf",
            "surat.pdf",
            b"<html><script>alert(1)</script></html>",
            "application/pdf",
            WRONG_TYPE,
        ),
        (
            "Windows executable named .jpg",
            "foto.jpg",
            b"MZ\x90\x00\x03" + b"\0" * 400,
            "image/jpeg",
            WRONG_TYPE,
        ),
        ("zip named .png", "foto.png", b"PK\x03\x04\x14\x00" + b"\0" * 400, "image/png", WRONG_TYPE),
        ("XLSX workbook named .pdf", "laporan.pdf", _xlsx(), "application/pdf", WRONG_TYPE),
        ("empty file", f"kosong.{ext}", b"", ctype, EMPTY),
    ]


HOSTILE_NAME = "../../<script>alert(1)</script>"


def valid_file(image: bool):
    """Valid content under a hostile name (path traversal + markup)."""
    if image:
        return SimpleUploadedFile(f"{HOSTILE_NAME}.png", PNG, "image/png")
    return SimpleUploadedFile(f"{HOSTILE_NAME}.pdf", PDF, "application/pdf")


@dataclass
class Target:
    client: Client
    url: str
    data: dict
    field: str
    count: callable  # rows a stored upload adds (for the forum: topic, post and attachment)
    api: bool = False
    image: bool = False
    follow: bool = False  # errors shown as a message after a redirect
    page_url: str | None = None  # where the form is shown, when `url` only takes POST
    accepted: tuple = (201, 302)  # the answer to a valid file (an API action on an existing row: 200)

    def page(self) -> str:
        """The form's page before any upload: a message already on it (static text) proves nothing."""
        resp = self.client.get(self.page_url or self.url)
        return resp.content.decode() if resp.status_code == 200 else ""


def _login(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


# --- the endpoints -----------------------------------------------------------------------------------------
def pegawai_create(req):
    from asnportal.testing.factories import JabatanFactory, PegawaiFactory
    from kepegawaian.forms import PegawaiForm
    from kepegawaian.models import Pegawai

    opd = req.getfixturevalue("opd_bungo")
    jab = JabatanFactory(unit_kerja=opd, instansi=opd.instansi)
    new = PegawaiFactory.build(jabatan=jab, instansi=opd.instansi, unit_kerja=opd)
    return Target(
        client=req.getfixturevalue("client_hr_bungo"),
        url=reverse("kepegawaian:pegawai_create"),
        data=_form_data(PegawaiForm(instance=new)),
        field="foto",
        count=Pegawai.objects.count,
        image=True,
    )


def pegawai_update(req):
    from kepegawaian.forms import PegawaiForm
    from kepegawaian.models import Pegawai

    p = req.getfixturevalue("pegawai_bungo")
    return Target(
        client=req.getfixturevalue("client_hr_bungo"),
        url=reverse("kepegawaian:pegawai_update", args=[p.pk]),
        data=_form_data(PegawaiForm(instance=p)),
        field="foto",
        count=lambda: Pegawai.objects.exclude(foto="").count(),
        image=True,
    )


def pegawai_dokumen(req):
    from kepegawaian.models import DokumenPegawai

    p = req.getfixturevalue("pegawai_bungo")
    return Target(
        client=req.getfixturevalue("client_hr_bungo"),
        url=reverse("kepegawaian:pegawai_dokumen", args=[p.pk]),
        data={"jenis": "sk_cpns", "nomor": "800/1/2015", "tanggal": "2015-01-02", "keterangan": "SK"},
        field="berkas",
        count=DokumenPegawai.objects.count,
    )


def usulan_data(req):
    from kepegawaian.models import UsulanPerubahanData

    return Target(
        client=req.getfixturevalue("client_asn_bungo"),
        url=reverse("kepegawaian:usulan_data_saya"),
        data={"jenis": "pendidikan", "pendidikan_terakhir": "S2", "jurusan": "Hukum", "keterangan": "Ijazah"},
        field="dokumen",
        count=UsulanPerubahanData.objects.count,
    )


def pelamar_unggah(req):
    from rekrutmen.models import DokumenLamaran
    from rekrutmen.pelamar_auth import SESSION_KEY
    from rekrutmen.tests import factories as rf

    lam = rf.lamaran(
        rf.formasi(rf.seleksi(req.getfixturevalue("instansi_bungo"))), dikirim=False, dokumen=False
    )
    c = Client()
    session = c.session
    session[SESSION_KEY] = lam.pelamar_id
    session.save()
    return Target(
        client=c,
        url=reverse("rekrutmen:pelamar_unggah", args=[lam.pk, lam.formasi.persyaratan.first().pk]),
        data={},
        field="berkas",
        count=DokumenLamaran.objects.count,
        follow=True,
        page_url=reverse("rekrutmen:pelamar_lamaran", args=[lam.pk]),
    )


def realisasi(req):
    from kinerja.models import IndikatorKinerja, Realisasi
    from kinerja.tests.factories import skp_disetujui, struktur

    s = struktur(req.getfixturevalue("instansi_bungo"))
    skp = skp_disetujui(s["u_staf"], s["u_kepala"])
    iki = IndikatorKinerja.objects.get(rhk__skp=skp)
    return Target(
        client=_login(s["u_staf"]),
        url=reverse("kinerja:realisasi_periode", args=[skp.pk, 1]),
        data={"indikator": iki.pk, f"i{iki.pk}-nilai": "3"},
        field=f"i{iki.pk}-berkas",
        count=Realisasi.objects.count,
    )


EKSTERNAL = {
    "nama": "E-learning ASN Digital",
    "penyelenggara": "LAN",
    "bentuk": "nonklasikal",
    "tanggal_mulai": "2026-03-01",
    "tanggal_selesai": "2026-03-05",
    "durasi_menit": 540,
}


def eksternal(req):
    from pelatihan.models import PelatihanEksternal

    return Target(
        client=req.getfixturevalue("client_asn_bungo"),
        url=reverse("pelatihan:eksternal_create"),
        data=dict(EKSTERNAL),
        field="bukti",
        count=PelatihanEksternal.objects.count,
    )


def eksternal_api(req):
    t = eksternal(req)
    t.url, t.api = reverse("pelatihan-eksternal-list"), True
    return t


def _forum_counts():
    from forum.models import Lampiran, Pos, Topik

    return Topik.objects.count() + Pos.objects.count() + Lampiran.objects.count()


def forum_topik(req):
    from forum.tests import factories as F

    settings = req.getfixturevalue("settings")
    settings.PORTAL = {**settings.PORTAL, "FORUM_RATE_POSTS": 100, "FORUM_RATE_TOPIKS": 100}
    kat = F.kategori()
    return Target(
        client=req.getfixturevalue("client_asn_bungo"),
        url=reverse("forum:topik_create"),
        data={"judul": "Antrean layanan daring", "isi": "Isi topik", "kategori": kat.pk},
        field="lampiran",
        count=_forum_counts,
    )


def forum_pos(req):
    from forum.tests import factories as F

    settings = req.getfixturevalue("settings")
    settings.PORTAL = {**settings.PORTAL, "FORUM_RATE_POSTS": 100, "FORUM_RATE_TOPIKS": 100}
    topik = F.topik(penulis=req.getfixturevalue("hr_bungo"))
    return Target(
        client=req.getfixturevalue("client_asn_bungo"),
        url=reverse("forum:pos_create", args=[topik.pk]),
        data={"isi": "Balasan dengan lampiran"},
        field="lampiran",
        count=_forum_counts,
    )


def _koreksi_data():
    return {
        "tanggal": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
        "jenis": "lupa_pulang",
        "jam_pulang": "16:10",
        "alasan": "Lupa memindai jari",
    }


def koreksi(req):
    from kehadiran.models import KoreksiPresensi

    req.getfixturevalue("pimpinan_bungo")  # the atasan who is notified
    return Target(
        client=req.getfixturevalue("client_asn_bungo"),
        url=reverse("kehadiran:koreksi_create"),
        data=_koreksi_data(),
        field="bukti",
        count=KoreksiPresensi.objects.count,
    )


def koreksi_api(req):
    t = koreksi(req)
    t.url, t.api = reverse("kehadiran-koreksi-list"), True
    return t


def cuti(req):
    from kehadiran.models import PengajuanCuti
    from kehadiran.tests.factories import JadwalKerjaFactory, JenisCutiFactory

    instansi = req.getfixturevalue("instansi_bungo")
    req.getfixturevalue("pimpinan_bungo")
    JadwalKerjaFactory(instansi=instansi)
    jenis = JenisCutiFactory(instansi=instansi)
    monday = timezone.localdate() + dt.timedelta(days=7 - timezone.localdate().weekday() + 7)
    return Target(
        client=req.getfixturevalue("client_asn_bungo"),
        url=reverse("kehadiran:cuti_create"),
        data={
            "jenis": jenis.pk,
            "tanggal_mulai": monday.isoformat(),
            "tanggal_selesai": (monday + dt.timedelta(days=1)).isoformat(),
            "alasan": "Keluarga",
            "alamat_selama_cuti": "Muara Bungo",
        },
        field="bukti",
        count=PengajuanCuti.objects.count,
    )


def cuti_api(req):
    t = cuti(req)
    t.url, t.api = reverse("kehadiran-cuti-list"), True
    return t


def layanan_berkas(req):
    from layanan.models import BerkasUsul
    from layanan.tests.factories import usul

    pegawai = req.getfixturevalue("pegawai_bungo")
    u = usul(req.getfixturevalue("instansi_bungo"), pegawai=pegawai)
    b = u.berkas.first()
    return Target(
        client=req.getfixturevalue("client_asn_bungo"),
        url=reverse("layanan:berkas_unggah", args=[b.pk]),
        data={},
        field="berkas",
        count=lambda: BerkasUsul.objects.exclude(berkas="").count(),
        follow=True,
        page_url=reverse("layanan:usul_detail", args=[u.pk]),
    )


def layanan_berkas_api(req):
    t = layanan_berkas(req)
    b = t.url.rstrip("/").split("/")[-2]
    t.url, t.api = reverse("layanan-berkas-unggah", args=[b]), True
    return t


def _form_data(form) -> dict:
    data = {}
    for name, f in form.fields.items():
        value = form.initial.get(name, f.initial)
        if value is None or isinstance(f, forms.FileField):
            continue
        if hasattr(value, "pk"):
            value = value.pk
        data[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return data


ENDPOINTS = {
    "kepegawaian:pegawai_create foto": pegawai_create,
    "kepegawaian:pegawai_update foto": pegawai_update,
    "kepegawaian:pegawai_dokumen berkas": pegawai_dokumen,
    "kepegawaian:usulan_data_saya dokumen": usulan_data,
    "rekrutmen:pelamar_unggah berkas": pelamar_unggah,
    "kinerja:realisasi_periode berkas": realisasi,
    "pelatihan:eksternal_create bukti": eksternal,
    "api pelatihan/eksternal bukti": eksternal_api,
    "forum:topik_create lampiran": forum_topik,
    "forum:pos_create lampiran": forum_pos,
    "kehadiran:koreksi_create bukti": koreksi,
    "api kehadiran/koreksi bukti": koreksi_api,
    "kehadiran:cuti_create bukti": cuti,
    "api kehadiran/cuti bukti": cuti_api,
    "layanan:berkas_unggah berkas": layanan_berkas,
    "api layanan/berkas/unggah berkas": layanan_berkas_api,
}

# Which endpoint above tests each form/serializer class with a file field.
COVERED = {
    "kepegawaian.forms.PegawaiForm": "kepegawaian:pegawai_create foto",
    "kepegawaian.forms.DokumenPegawaiForm": "kepegawaian:pegawai_dokumen berkas",
    "kepegawaian.forms.UsulanDataForm": "kepegawaian:usulan_data_saya dokumen",
    "rekrutmen.forms.UnggahDokumenForm": "rekrutmen:pelamar_unggah berkas",
    "kinerja.forms.RealisasiForm": "kinerja:realisasi_periode berkas",
    "pelatihan.forms.EksternalForm": "pelatihan:eksternal_create bukti",
    "pelatihan.api.serializers.EksternalPelatihanSerializer": "api pelatihan/eksternal bukti",
    "forum.forms.PosForm": "forum:pos_create lampiran",
    "forum.forms.TopikForm": "forum:topik_create lampiran",
    "kehadiran.forms.KoreksiForm": "kehadiran:koreksi_create bukti",
    "kehadiran.api.serializers.KoreksiSerializer": "api kehadiran/koreksi bukti",
    "kehadiran.forms.CutiForm": "kehadiran:cuti_create bukti",
    "kehadiran.api.serializers.PengajuanCutiSerializer": "api kehadiran/cuti bukti",
    "layanan.forms.UnggahForm": "layanan:berkas_unggah berkas",
    "layanan.api.serializers.UnggahSerializer": "api layanan/berkas/unggah berkas",
    # CSV/XLSX imports: tests/hostile/test_imports.py
    "kepegawaian.forms.ImporForm": "test_imports.py",
    "kepegawaian.forms.SiasnForm": "test_imports.py",
    "rekrutmen.forms.ImporNilaiForm": "test_imports.py",
    "kehadiran.forms.ImporForm": "test_imports.py",
    "kehadiran.api.serializers.ImporPresensiSerializer": "test_imports.py",
}


def file_field_classes() -> set[str]:
    """Every form and serializer class of the project apps that has a FileField/ImageField."""
    found = set()
    for app in PROJECT_APPS:
        for modname in (f"{app}.forms", f"{app}.api.serializers"):
            try:
                mod = importlib.import_module(modname)
            except ModuleNotFoundError:
                continue
            for name, cls in vars(mod).items():
                if not isinstance(cls, type) or cls.__module__ != modname:
                    continue
                if issubclass(cls, forms.BaseForm):
                    fields = cls.base_fields
                elif issubclass(cls, serializers.BaseSerializer):
                    fields = cls().fields
                else:
                    continue
                if any(isinstance(f, forms.FileField | serializers.FileField) for f in fields.values()):
                    found.add(f"{modname}.{name}")
    return found


def test_every_file_field_is_covered():
    found = file_field_classes()
    missing = sorted(found - set(COVERED))
    assert not missing, f"forms/serializers with a file field that no hostile-upload test covers: {missing}"
    gone = sorted(set(COVERED) - found)
    assert not gone, f"listed as covered but no longer has a file field (update COVERED): {gone}"


def _post(t: Target, upload):
    data = {**t.data, t.field: upload}
    if t.api:
        return t.client.post(t.url, data, HTTP_ACCEPT="application/json")  # multipart
    return t.client.post(t.url, data, follow=t.follow)


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", list(ENDPOINTS))
def test_hostile_upload_is_refused_and_nothing_is_stored(endpoint, request, settings):
    settings.PORTAL_MAX_UPLOAD_BYTES = SMALL_LIMIT
    t = ENDPOINTS[endpoint](request)
    static = t.page()
    for case, name, content, ctype, messages in hostile_files(t.image):
        rows, files = t.count(), media_files()
        resp = _post(t, SimpleUploadedFile(name, content, content_type=ctype))
        where = f"{endpoint}: POST {t.url} {t.field}={name!r} ({case}, {len(content)} bytes)"
        if t.api:
            assert resp.status_code == 400, f"{where} → {resp.status_code}, expected 400"
        else:
            assert resp.status_code in (200, 400), f"{where} → {resp.status_code}, expected the form again"
        body = resp.content.decode()
        shown = [m for m in messages if m in body and m not in static]
        assert shown, f"{where}: none of the Indonesian messages {messages} shown"
        assert t.count() == rows, f"{where}: a row was stored"
        assert media_files() == files, f"{where}: files left in MEDIA_ROOT: {media_files() - files}"
    rows, outside = t.count(), _outside_media()
    resp = _post(t, valid_file(t.image))
    assert resp.status_code in t.accepted or (t.follow and resp.status_code == 200), (
        f"{endpoint}: POST {t.url} with a valid file → {resp.status_code}; the data of this test is wrong"
    )
    assert t.count() > rows, f"{endpoint}: a valid file was not stored; the refusals prove nothing"
    assert _outside_media() == outside, f"{endpoint}: {HOSTILE_NAME!r} wrote outside MEDIA_ROOT"
    assert not any(".." in f or "<" in f for f in media_files()), f"{endpoint}: stored as {media_files()}"


def _outside_media() -> set[str]:
    """Files next to MEDIA_ROOT (its parent is this test's tmp_path): where ../ in a file name would land."""
    from pathlib import Path

    from django.conf import settings

    root = Path(settings.MEDIA_ROOT)
    return {f for f in media_files(root.parent) if not f.startswith(root.name + "/")}
