"""Issue 19: an HR officer cannot learn whether a NIP is employed in another instansi.

A NIP that belongs to another instansi is refused on the page, the API and the import (dry run too) with one
message that says only that it cannot be used here (and points at mutasi antarinstansi); a NIP of the
officer's own instansi gets the plain "already registered" message (the officer sees that pegawai anyway).
"""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from asnportal.testing.factories import JabatanFactory, PegawaiFactory
from kepegawaian import impor
from kepegawaian.models import Pegawai
from kepegawaian.selectors import NIP_TIDAK_DAPAT_DIGUNAKAN

NIP = "198609262015051001"


@pytest.fixture
def pegawai_lain(instansi_bengkulu):
    from asnportal.testing.factories import UnitKerjaFactory

    unit = UnitKerjaFactory(instansi=instansi_bengkulu)
    jab = JabatanFactory(unit_kerja=unit, instansi=instansi_bengkulu)
    return PegawaiFactory(
        nip=NIP, jabatan=jab, tanggal_lahir="1986-09-26", jenis_kelamin="L", status_kepegawaian="PNS"
    )


@pytest.fixture
def data(opd_bungo):
    jab = JabatanFactory(unit_kerja=opd_bungo, instansi=opd_bungo.instansi)
    return {
        "nip": NIP,
        "status_kepegawaian": "PNS",
        "nama": "Budi",
        "tanggal_lahir": "1986-09-26",
        "jenis_kelamin": "L",
        "golongan": "III/a",
        "jabatan": jab.pk,
        "status_aktif": "aktif",
    }


def _leaks(text: str) -> bool:
    low = text.lower()
    return any(
        w in low for w in ("instansi lain", "already exists", "sudah ada", "telah ada", "sudah terdaftar")
    )


def test_page(client_hr_bungo, pegawai_lain, data):
    r = client_hr_bungo.post("/kepegawaian/pegawai/tambah/", data)
    html = r.content.decode()
    assert r.status_code == 200
    assert str(NIP_TIDAK_DAPAT_DIGUNAKAN) in html
    assert not _leaks(html)
    assert Pegawai.objects.filter(nip=NIP).count() == 1


def test_api(client_hr_bungo, pegawai_lain, data):
    r = client_hr_bungo.post("/api/v1/pegawai/", data, content_type="application/json")
    assert r.status_code == 400
    assert r.json()["nip"] == [str(NIP_TIDAK_DAPAT_DIGUNAKAN)]
    assert not _leaks(r.content.decode())


def test_api_update_to_a_nip_elsewhere(client_hr_bungo, pegawai_lain, pegawai_bungo):
    r = client_hr_bungo.patch(
        f"/api/v1/pegawai/{pegawai_bungo.pk}/", {"nip": NIP}, content_type="application/json"
    )
    assert r.status_code == 400
    assert not _leaks(r.content.decode())


def test_import_dry_run(hr_bungo, instansi_bungo, pegawai_lain):
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(
        [
            "nip",
            "nama",
            "status_kepegawaian",
            "golongan",
            "tmt_golongan",
            "kode_jabatan",
            "pendidikan_terakhir",
        ]
    )
    w.writerow([NIP, "Budi", "PNS", "", "", "", ""])
    uploaded = SimpleUploadedFile("pegawai.csv", buf.getvalue().encode(), content_type="text/csv")
    hasil = impor.pegawai_impor(
        actor=hr_bungo, instansi_id=instansi_bungo.pk, uploaded=uploaded, dry_run=True
    )
    messages = [e.message for e in hasil.errors if e.column == "nip"]
    assert messages == [str(NIP_TIDAK_DAPAT_DIGUNAKAN)]
    assert not any(_leaks(m) for m in messages)


def test_own_instansi_duplicate_is_named(client_hr_bungo, pegawai_bungo, data):
    r = client_hr_bungo.post(
        "/api/v1/pegawai/", {**data, "nip": pegawai_bungo.nip}, content_type="application/json"
    )
    assert r.status_code == 400
    assert "sudah terdaftar untuk pegawai lain di instansi ini" in r.json()["nip"][0]
