"""Applicant accounts (issue 15): forgotten password and resending the confirmation e-mail. Named after the rule."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from asnportal.models import EmailKeluar
from rekrutmen import akun

from .factories import pelamar

pytestmark = pytest.mark.django_db

BARU = "SandiPelamarBaru#26"


def _link(row: EmailKeluar) -> str:
    return re.search(r"https?://\S+", row.isi).group(0)


def _path(link: str) -> str:
    return re.sub(r"^https?://[^/]+", "", link)


def _answer(r) -> str:
    return re.sub(r"\s+", " ", r.content.decode().split('role="alert"')[1][:300])


def test_applicant_forgot_password_same_answer_whether_or_not_the_applicant_exists():
    p = pelamar()
    url = reverse("rekrutmen:pelamar_lupa_sandi")
    answers = set()
    for i, ident in enumerate((p.email, p.nik, "tidak@ada.id", "3509010101010001")):
        r = Client().post(url, {"identitas": ident}, REMOTE_ADDR=f"10.3.0.{i}", follow=True)
        assert r.status_code == 200
        answers.add(_answer(r))
    assert len(answers) == 1
    assert EmailKeluar.objects.filter(penerima=[p.email]).count() == 2


def test_applicant_reset_link_is_absolute_one_time_and_sets_the_password(settings):
    settings.PORTAL_SITE_URL = "https://seleksi.bungokab.go.id"
    p = pelamar()
    Client().post(reverse("rekrutmen:pelamar_lupa_sandi"), {"identitas": p.email})
    link = _link(EmailKeluar.objects.get())
    assert link.startswith("https://seleksi.bungokab.go.id/rekrutmen/pelamar/atur-ulang/")
    c = Client()
    assert c.get(_path(link)).status_code == 200
    r = c.post(_path(link), {"password1": BARU, "password2": "lain"})
    assert r.status_code == 400 and "tidak sama" in r.content.decode()
    r = c.post(_path(link), {"password1": BARU, "password2": BARU})
    assert r.status_code == 302 and r["Location"] == reverse("rekrutmen:pelamar_masuk")
    p.refresh_from_db()
    assert p.check_password(BARU)
    assert Client().get(_path(link)).status_code == 400  # used: the link is dead
    r = Client().post(reverse("rekrutmen:pelamar_masuk"), {"identitas": p.nik, "password": BARU})
    assert r.status_code == 302


def test_applicant_reset_link_expires(monkeypatch):
    p = pelamar()
    token = akun.reset_token.make_token(p)
    now = akun.reset_token._now()
    monkeypatch.setattr(akun.reset_token, "_now", lambda: now + dt.timedelta(hours=3))
    assert not akun.reset_token.check_token(p, token)


def test_applicant_reset_confirms_an_unconfirmed_address():
    p = pelamar(email_terkonfirmasi_at=None)
    akun.pelamar_atur_ulang_sandi(pelamar=p, password=BARU)
    p.refresh_from_db()
    assert p.terkonfirmasi


def test_resend_confirmation_only_for_unconfirmed_and_same_answer_for_everyone():
    belum = pelamar(email_terkonfirmasi_at=None)
    sudah = pelamar()
    url = reverse("rekrutmen:pelamar_kirim_ulang")
    answers = set()
    for i, ident in enumerate((belum.email, sudah.email, "tidak@ada.id")):
        r = Client().post(url, {"identitas": ident}, REMOTE_ADDR=f"10.4.0.{i}", follow=True)
        answers.add(_answer(r))
    assert len(answers) == 1
    row = EmailKeluar.objects.get()
    assert row.penerima == [belum.email]
    r = Client().get(_path(_link(row)), follow=True)
    assert r.status_code == 200
    belum.refresh_from_db()
    assert belum.terkonfirmasi


def test_applicant_link_requests_are_rate_limited(settings):
    settings.PORTAL_RESET_RATE = (3, 900)
    url = reverse("rekrutmen:pelamar_kirim_ulang")
    c = Client()
    codes = [c.post(url, {"identitas": f"x{i}@ada.id"}, REMOTE_ADDR="10.8.8.8").status_code for i in range(4)]
    assert codes == [302, 302, 302, 429]
    r = Client().post(url, {"identitas": ""}, REMOTE_ADDR="10.8.8.9")
    assert r.status_code == 200 and "harus diisi" in r.content.decode()
    assert not EmailKeluar.objects.exists()  # no applicant with those addresses: nothing sent
