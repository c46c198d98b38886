"""Issue 19: a data-update proposal is validated when the ASN submits it (API and page), with the rules HR
verification applies, instead of being accepted and failing only when HR verifies it."""

from __future__ import annotations

import pytest

from kepegawaian import services
from kepegawaian.models import UsulanPerubahanData

URL = "/api/v1/usulan-data/"


@pytest.mark.parametrize(
    ("jenis", "data", "field"),
    [
        ("data_pribadi", {"email": "bukan-email"}, "data.email"),
        ("data_pribadi", {"nik": "123"}, "data.nik"),
        ("data_pribadi", {"telepon": "0" * 40}, "data.telepon"),
        ("data_pribadi", {"agama": ["Islam"]}, "data.agama"),
        ("pendidikan", {"pendidikan_terakhir": "S9"}, "data.pendidikan_terakhir"),
        ("pendidikan", {"jurusan": {"a": 1}}, "data.jurusan"),
        ("data_pribadi", ["email", "x@contoh.id"], "data"),
    ],
)
def test_api_refuses_values_hr_could_never_verify(client_asn_bungo, jenis, data, field):
    r = client_asn_bungo.post(URL, {"jenis": jenis, "data": data}, content_type="application/json")
    assert r.status_code == 400, r.content
    assert field in r.json()
    assert not UsulanPerubahanData.objects.exists()


def test_page_refuses_an_invalid_nik_with_a_message(client_asn_bungo):
    r = client_asn_bungo.post("/kepegawaian/profil-saya/usulan/", {"jenis": "data_pribadi", "nik": "12345"})
    assert r.status_code == 200 and "NIK harus 16 digit" in r.content.decode()
    assert not UsulanPerubahanData.objects.exists()


def test_valid_proposal_is_accepted_and_verifies(client_asn_bungo, hr_bungo, pegawai_bungo):
    r = client_asn_bungo.post(
        URL,
        {"jenis": "pendidikan", "data": {"pendidikan_terakhir": "S2", "jurusan": "Administrasi Publik"}},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    usulan = UsulanPerubahanData.objects.get()
    services.usulan_data_verifikasi(actor=hr_bungo, usulan=usulan)
    pegawai_bungo.refresh_from_db()
    assert pegawai_bungo.pendidikan_terakhir == "S2"
