"""Applicant sign-in and registration (issue 15 part 3, issue 19): lock-out kept in the database, registration
limited per client address, and neither page tells whether a NIK or e-mail has an account (same answer, same
password-hashing cost)."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from asnportal.models import BatasLaju
from rekrutmen.models import Pelamar

from . import factories as F

pytestmark = pytest.mark.django_db

DATA = {
    "nik": "1509016101990003",
    "nama": "Rina Wati",
    "email": "rina@contoh.id",
    "tempat_lahir": "Bungo",
    "tanggal_lahir": "1999-01-21",
    "jenis_kelamin": "P",
    "password1": "KataSandiKuat2026",
    "password2": "KataSandiKuat2026",
    "setuju": "on",
}


def _count_hashing(monkeypatch):
    """Password hashes computed (PBKDF2 in production, ~0.3 s each: the timing difference of issue 19)."""
    from django.contrib.auth.hashers import MD5PasswordHasher

    calls = []
    original = MD5PasswordHasher.encode
    monkeypatch.setattr(
        MD5PasswordHasher, "encode", lambda self, pw, salt: calls.append(1) or original(self, pw, salt)
    )
    return calls


def _daftar(data, ip="10.20.0.1"):
    return Client().post(reverse("rekrutmen:pelamar_daftar"), data, REMOTE_ADDR=ip, follow=True)


def _sent(monkeypatch):
    sent = []
    monkeypatch.setattr(
        "rekrutmen.services._kirim_email", lambda pid, jenis, lid=None: sent.append((pid, jenis))
    )
    return sent


def test_registration_answers_the_same_for_an_existing_nik_or_email(monkeypatch):
    sent = _sent(monkeypatch)
    hashes = _count_hashing(monkeypatch)
    new = _daftar(DATA)
    assert Pelamar.objects.count() == 1
    hashes_new = len(hashes)
    same_nik = _daftar({**DATA, "email": "orang.lain@contoh.id"})
    hashes_existing = len(hashes) - hashes_new
    same_email = _daftar({**DATA, "nik": "1509016101990004"})
    assert Pelamar.objects.count() == 1  # nothing created, nothing changed
    for r in (new, same_nik, same_email):
        assert r.status_code == 200 and r.redirect_chain == [(reverse("rekrutmen:pelamar_masuk"), 302)]
        assert "Pendaftaran diterima" in r.text
        assert "sudah terdaftar" not in r.text.lower()
    assert hashes_new == hashes_existing == 1  # same cost either way
    # The owner (and only the owner) hears about it: the account is not confirmed yet, so a new link each time.
    owner = Pelamar.objects.get()
    assert sent == [(owner.pk, "konfirmasi")] * 3


def test_registration_with_the_data_of_a_confirmed_account_mails_its_owner(monkeypatch, mailoutbox):
    sent = _sent(monkeypatch)
    p = F.pelamar()
    r = _daftar({**DATA, "nik": p.nik, "email": "penyerang@contoh.id"})
    assert "Pendaftaran diterima" in r.text
    assert sent == [(p.pk, "sudah_terdaftar")]
    from asnportal.models import EmailKeluar
    from rekrutmen.emails import antre_email_pelamar

    # The notice goes through the outbox like every e-mail (issue 18), to the owner only.
    row = antre_email_pelamar(pelamar_id=p.pk, jenis="sudah_terdaftar")
    assert EmailKeluar.objects.get(pk=row.pk).penerima == [p.email]
    assert "Percobaan pendaftaran" in row.subjek


def test_registration_is_rate_limited_per_address(settings):
    settings.PORTAL = {**settings.PORTAL, "REKRUTMEN_DAFTAR_PER_JAM": 3}
    for _ in range(3):
        assert _daftar({**DATA, "nik": "123"}, ip="10.20.0.2").status_code == 200  # invalid, but counted
    r = Client().post(reverse("rekrutmen:pelamar_daftar"), DATA, REMOTE_ADDR="10.20.0.2")
    assert r.status_code == 429 and "Terlalu banyak pendaftaran" in r.text
    assert 'value="Rina Wati"' in r.text  # what was typed is kept
    assert not Pelamar.objects.exists()
    assert _daftar(DATA, ip="10.20.0.3").status_code == 200 and Pelamar.objects.count() == 1


def test_applicant_login_costs_the_same_for_unknown_and_known_accounts(monkeypatch):
    p = F.pelamar()
    from django.contrib.auth.hashers import MD5PasswordHasher

    calls = []
    monkeypatch.setattr(MD5PasswordHasher, "encode", lambda self, pw, salt: calls.append(1) or "md5$x$y")
    url = reverse("rekrutmen:pelamar_masuk")
    unknown = Client().post(
        url, {"identitas": "tidak.ada@contoh.id", "password": "salah"}, REMOTE_ADDR="10.21.0.1"
    )
    n_unknown = len(calls)
    known = Client().post(url, {"identitas": p.email, "password": "salah"}, REMOTE_ADDR="10.21.0.2")
    assert n_unknown == len(calls) - n_unknown == 1
    assert unknown.status_code == known.status_code == 200
    assert (
        "NIK/e-mail atau kata sandi salah" in unknown.text
        and "NIK/e-mail atau kata sandi salah" in known.text
    )


def test_applicant_lockout_is_kept_in_the_database():
    p = F.pelamar()
    url = reverse("rekrutmen:pelamar_masuk")
    for _ in range(5):
        Client().post(url, {"identitas": p.email, "password": "salah"}, REMOTE_ADDR="10.22.0.1")
    assert BatasLaju.objects.filter(kunci__startswith="pelamar-gagal:").exists()
    cache.clear()  # a restart or another web process: process memory is gone, the lock stays
    r = Client().post(url, {"identitas": p.email, "password": "RahasiaPelamar2026"}, REMOTE_ADDR="10.22.0.1")
    assert "Terlalu banyak percobaan" in r.text
    # Another address (or another applicant) is not locked.
    r = Client().post(url, {"identitas": p.email, "password": "RahasiaPelamar2026"}, REMOTE_ADDR="10.22.0.2")
    assert r.status_code == 302


def test_applicant_failures_count_against_the_address_budget(settings):
    settings.PORTAL_LOGIN_RATE = (3, 60)
    p = F.pelamar()
    url = reverse("rekrutmen:pelamar_masuk")
    for i in range(3):
        Client().post(url, {"identitas": f"x{i}@contoh.id", "password": "salah"}, REMOTE_ADDR="10.23.0.1")
    r = Client().post(url, {"identitas": p.email, "password": "RahasiaPelamar2026"}, REMOTE_ADDR="10.23.0.1")
    assert r.status_code == 429
