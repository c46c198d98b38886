"""Issue 16, smaller points: NIP against TMT CPNS."""

import datetime as dt

import pytest

from kepegawaian import rules


@pytest.mark.parametrize(
    ("nomor", "status", "tmt", "ok"),
    [
        ("198609262015051001", "PNS", dt.date(2015, 5, 1), True),
        ("198609262015051001", "PNS", dt.date(2015, 5, 20), True),  # the NIP has no day
        ("198609262015051001", "PNS", dt.date(2015, 6, 1), False),
        ("198609262015051001", "PNS", dt.date(2014, 5, 1), False),
        ("198609262015051001", "PNS", None, True),
        ("199009132025242014", "PPPK", dt.date(2025, 3, 1), True),
        ("199009132025242014", "PPPK", dt.date(2024, 3, 1), False),
    ],
)
def test_tmt_cpns_against_nip_digits_9_to_14(nomor, status, tmt, ok):
    pesan = rules.cek_tmt_cpns(rules.decode_nomor_induk(nomor, status), tmt)
    assert (pesan is None) == ok
    if not ok:
        assert "digit 9" in pesan


@pytest.mark.django_db
def test_pegawai_form_refuses_tmt_cpns_that_disagrees_with_nip(client_hr_bungo, pegawai_bungo):
    url = f"/kepegawaian/pegawai/{pegawai_bungo.pk}/ubah/"
    form = client_hr_bungo.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "foto"}
    data = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()}
    data["jabatan"] = pegawai_bungo.jabatan_id
    data["tmt_cpns"] = "2010-01-01"
    r = client_hr_bungo.post(url, data)
    assert r.status_code == 200
    assert "TMT CPNS (01-2010) tidak sesuai dengan NIP: digit 9–14 menunjukkan 01-2005." in r.content.decode()
    data["tmt_cpns"] = "2005-01-01"
    assert client_hr_bungo.post(url, data).status_code == 302
