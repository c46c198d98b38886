"""Second factor (asnportal.mfa, django-otp TOTP): required for superadmin, HR officers and auditors, optional for
others, recovery codes, enrolment and a superadmin's reset audited, API tokens only with a code."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from asnportal import mfa
from asnportal.models import AuditLog
from asnportal.testing import otp
from asnportal.testing.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_throttle(settings):
    # django-otp's back-off after a wrong code (1 s, 2 s, ...) is tested on its own below.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def _password_step(username, ip="10.6.6.6"):
    c = Client()
    r = c.post(reverse("login"), {"username": username, "password": PASSWORD}, REMOTE_ADDR=ip)
    return c, r


@pytest.mark.parametrize("who", ["hr_bungo", "auditor_bungo", "superadmin"])
def test_superadmin_hr_and_auditor_must_pass_the_second_factor(who, request):
    user = request.getfixturevalue(who)
    otp.demo_device(user)
    c, r = _password_step(user.username)
    assert r.status_code == 302 and r["Location"].startswith(reverse("otp_verify"))
    # Signed in with the password only: no page, no API, no admin.
    page = c.get(reverse("kepegawaian:pegawai_list"))
    assert page.status_code == 302 and page["Location"].startswith(reverse("otp_verify"))
    assert c.get("/api/v1/pegawai/").status_code == 403
    assert c.get("/admin/").status_code == 302
    r = c.post(reverse("otp_verify"), {"kode": otp.code(device=mfa.totp_device(user)), "next": "/"})
    assert r.status_code == 302 and r["Location"] == "/"
    assert c.get(reverse("kepegawaian:pegawai_list")).status_code == 200


def test_required_role_without_a_device_must_enrol_with_a_real_totp_code(hr_bungo):
    c, r = _password_step("hr.bungo")
    r = c.get(r["Location"])
    assert r.status_code == 302 and r["Location"].startswith(reverse("otp_enrol"))
    page = c.get(r["Location"])
    assert page.status_code == 200 and "<svg" in page.text
    secret = re.search(r'id="otp-secret">([A-Z2-7]+)<', page.text).group(1)
    device = mfa.totp_device(hr_bungo, confirmed=False)
    assert secret == mfa.secret_base32(device)
    bad = c.post(reverse("otp_enrol"), {"kode": "000000"})
    assert bad.status_code == 200 and "Kode tidak cocok" in bad.text
    r = c.post(reverse("otp_enrol"), {"kode": otp.code(device=device)})
    assert r["Location"] == reverse("otp_recovery_codes")
    codes_page = c.get(reverse("otp_recovery_codes"))
    codes = re.findall(r'<li class="col">([a-z2-7]+)</li>', codes_page.text)
    assert len(codes) == mfa.RECOVERY_CODES
    assert c.get(reverse("otp_recovery_codes")).status_code == 302  # shown once
    assert c.get(reverse("kepegawaian:pegawai_list")).status_code == 200
    row = AuditLog.objects.get(object_type="kepegawaian.User", object_id=str(hr_bungo.pk))
    assert row.actor == hr_bungo and "diaktifkan" in row.reason


def test_wrong_or_replayed_code_is_refused(hr_bungo):
    device = otp.demo_device(hr_bungo)
    c, _ = _password_step("hr.bungo")
    r = c.post(reverse("otp_verify"), {"kode": "123456"})
    assert r.status_code == 200 and "Kode salah" in r.text
    good = otp.code(device=device)
    assert c.post(reverse("otp_verify"), {"kode": good})["Location"] == reverse("dashboard")
    c2, _ = _password_step("hr.bungo")
    r = c2.post(reverse("otp_verify"), {"kode": good})  # the same code a second time
    assert r.status_code == 200 and "Kode salah" in r.text


def test_wrong_codes_are_throttled(hr_bungo, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 1
    device = otp.demo_device(hr_bungo)
    c, _ = _password_step("hr.bungo")
    c.post(reverse("otp_verify"), {"kode": "111111"})
    # Right after a wrong code even the right one waits for the back-off (django-otp ThrottlingMixin).
    assert c.post(reverse("otp_verify"), {"kode": otp.code(device=device)}).status_code == 200


def test_recovery_code_signs_in_once_and_is_audited(hr_bungo):
    otp.demo_device(hr_bungo)
    codes = mfa._new_recovery_codes(hr_bungo)
    c, _ = _password_step("hr.bungo")
    assert c.post(reverse("otp_verify"), {"kode": codes[0].upper()})["Location"] == reverse("dashboard")
    assert AuditLog.objects.filter(actor=hr_bungo, action="login", reason__contains="pemulihan").exists()
    c2, _ = _password_step("hr.bungo")
    assert c2.post(reverse("otp_verify"), {"kode": codes[0]}).status_code == 200  # used up


def test_second_factor_is_optional_for_asn_and_enforced_once_enrolled(asn_bungo):
    c, r = _password_step("asn.bungo")
    assert r["Location"] == reverse("dashboard")  # not enrolled: password only
    device = mfa.enrol_start(asn_bungo)
    r = c.post(reverse("otp_enrol"), {"kode": otp.code(device=device)})
    assert r["Location"] == reverse("otp_recovery_codes")
    c2, r = _password_step("asn.bungo", ip="10.6.6.7")
    assert r["Location"].startswith(reverse("otp_verify"))
    assert c2.get(reverse("dashboard"))["Location"].startswith(reverse("otp_verify"))
    # The ASN may turn it off again (audited); HR officers may not.
    assert c.post(reverse("otp_disable")).status_code == 302
    assert not mfa.has_device(asn_bungo)
    assert AuditLog.objects.filter(actor=asn_bungo, reason__contains="dinonaktifkan").exists()


def test_password_alone_never_replaces_an_enrolled_device(hr_bungo):
    otp.demo_device(hr_bungo)
    c, _ = _password_step("hr.bungo")
    assert c.get(reverse("otp_enrol"))["Location"] == reverse("otp_verify")
    assert c.post(reverse("otp_enrol"), {"kode": "000000"})["Location"] == reverse("otp_verify")
    assert mfa.totp_device(hr_bungo).key == otp.DEMO_SECRET_HEX


def test_hr_cannot_turn_2fa_off(client_hr_bungo, hr_bungo):
    otp.demo_device(hr_bungo)
    client_hr_bungo.post(reverse("otp_disable"))
    assert mfa.has_device(hr_bungo)


def test_superadmin_reset_is_audited_and_forces_new_enrolment(client_superadmin, superadmin, hr_bungo):
    otp.demo_device(hr_bungo)
    everyone = client_superadmin.get(reverse("otp_user_list"))  # incl. the superadmin, who has no instansi
    assert everyone.status_code == 200 and "<td>root</td>" in everyone.text and "hr.bungo" in everyone.text
    page = client_superadmin.get(reverse("otp_user_list"), {"q": "hr.bungo"})
    assert page.status_code == 200 and "hr.bungo" in page.text and "<td>root</td>" not in page.text
    r = client_superadmin.post(reverse("otp_user_reset"), {"user": hr_bungo.pk, "alasan": ""})
    assert mfa.has_device(hr_bungo)  # a reason is required
    r = client_superadmin.post(reverse("otp_user_reset"), {"user": hr_bungo.pk, "alasan": "Ponsel hilang"})
    assert r.status_code == 302 and not mfa.has_device(hr_bungo)
    row = AuditLog.objects.get(actor=superadmin, object_id=str(hr_bungo.pk))
    assert "Ponsel hilang" in row.reason and row.changes == {"2fa": [True, False], "sesi_diakhiri": [None, 0]}
    c, r = _password_step("hr.bungo")
    assert c.get(r["Location"])["Location"].startswith(reverse("otp_enrol"))


def test_only_a_superadmin_resets_2fa(client_hr_bungo, auditor_bungo):
    otp.demo_device(auditor_bungo)
    assert client_hr_bungo.get(reverse("otp_user_list")).status_code == 403
    r = client_hr_bungo.post(reverse("otp_user_reset"), {"user": auditor_bungo.pk, "alasan": "x"})
    assert r.status_code == 403 and mfa.has_device(auditor_bungo)


def test_renewed_recovery_codes_replace_the_old_ones(client_hr_bungo, hr_bungo):
    otp.demo_device(hr_bungo)
    old = mfa._new_recovery_codes(hr_bungo)
    assert client_hr_bungo.post(reverse("otp_renew_codes"))["Location"] == reverse("otp_recovery_codes")
    new = re.findall(
        r'<li class="col">([a-z2-7]+)</li>', client_hr_bungo.get(reverse("otp_recovery_codes")).text
    )
    assert len(new) == mfa.RECOVERY_CODES and not set(new) & set(old)
    assert "10 kode pemulihan tersisa" in client_hr_bungo.get(reverse("otp_settings")).text


def test_api_token_needs_a_code_for_roles_with_2fa(hr_bungo, asn_bungo):
    device = otp.demo_device(hr_bungo)
    url = "/api/v1/auth/token/"
    r = Client().post(url, {"username": "hr.bungo", "password": PASSWORD})
    assert r.status_code == 400 and "otp" in r.json()
    r = Client().post(url, {"username": "hr.bungo", "password": PASSWORD, "otp": "000000"})
    assert r.status_code == 400
    r = Client().post(url, {"username": "hr.bungo", "password": PASSWORD, "otp": otp.code(device=device)})
    assert r.status_code == 200 and r.json()["token"]
    assert Client().post(url, {"username": "asn.bungo", "password": PASSWORD}).status_code == 200


def test_session_that_owes_the_code_gets_403_from_the_api(hr_bungo):
    c = Client()
    c.force_login(hr_bungo, otp_verified=False)
    assert c.get("/api/v1/pegawai/").status_code == 403
    c.force_login(hr_bungo)  # the test helper: as after a real verification
    assert c.get("/api/v1/pegawai/").status_code == 200


def test_django_admin_needs_the_second_factor(superadmin):
    c = Client()
    c.force_login(superadmin, otp_verified=False)
    assert c.get("/admin/")["Location"].startswith(reverse("otp_verify"))
    c.force_login(superadmin)
    assert c.get("/admin/").status_code == 200


def test_demo_device_is_idempotent_and_uses_the_documented_secret(hr_bungo):
    a = mfa.set_demo_device(hr_bungo)
    b = mfa.set_demo_device(hr_bungo)
    assert a.pk == b.pk and a.key == mfa.DEMO_TOTP_KEY_HEX
    assert mfa.DEMO_TOTP_BASE32 == "KBXXE5DBNRAVGTRNIRCU2TZNGIYDENRB"


def test_seed_demo_sets_the_documented_demo_secret_idempotently(instansi_bengkulu, instansi_bungo):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from kepegawaian.management.commands.seed_demo import Command

    for _ in range(2):
        Command()._users([instansi_bengkulu, instansi_bungo])
    demo = ["admin", "hr.bengkulu", "auditor.bengkulu", "hr.bungo", "auditor.bungo"]
    rows = list(TOTPDevice.objects.values_list("user__username", "key", "confirmed"))
    assert sorted(rows) == sorted((u, mfa.DEMO_TOTP_KEY_HEX, True) for u in demo)
    text = Command._logins_text()
    assert mfa.DEMO_TOTP_BASE32 in text and "KHUSUS DEMO" in text


def test_superadmin_reset_ends_the_users_existing_sessions(
    client_superadmin, superadmin, hr_bungo, asn_bungo
):
    """A lost phone: the sessions the user verified with the old device end with the reset (not up to 10 hours
    later); other users' sessions, the superadmin's included, go on."""
    from asnportal.models import PortalSession

    otp.demo_device(hr_bungo)
    office, r = _password_step("hr.bungo")  # a real two-step login (the session key changes at each step)
    assert office.post(r["Location"], {"kode": otp.code(device=mfa.totp_device(hr_bungo))}).status_code == 302
    phone = Client()
    phone.force_login(hr_bungo)
    colleague = Client()
    colleague.force_login(asn_bungo)
    page = reverse("kepegawaian:pegawai_list")
    assert office.get(page).status_code == 200 and phone.get(page).status_code == 200
    # Each session row records its user (asnportal.sessions), so they are found with one indexed query.
    assert PortalSession.objects.filter(user_id=hr_bungo.pk).count() == 2

    r = client_superadmin.post(reverse("otp_user_reset"), {"user": hr_bungo.pk, "alasan": "Ponsel hilang"})
    assert r.status_code == 302
    assert not PortalSession.objects.filter(user_id=hr_bungo.pk).exists()
    for ended in (office, phone):
        r = ended.get(page)
        assert r.status_code == 302 and r["Location"].startswith(reverse("login"))
    assert colleague.get(reverse("dashboard")).status_code == 200
    assert client_superadmin.get(reverse("otp_user_list")).status_code == 200
    row = AuditLog.objects.get(actor=superadmin, object_id=str(hr_bungo.pk))
    assert row.changes == {"2fa": [True, False], "sesi_diakhiri": [None, 2]}
    # Signing in again asks for a new enrolment.
    c, r = _password_step("hr.bungo")
    assert c.get(r["Location"])["Location"].startswith(reverse("otp_enrol"))


def test_reset_ends_sessions_with_one_delete(superadmin, hr_bungo, django_assert_max_num_queries):
    from asnportal import sessions

    for _ in range(3):
        Client().force_login(hr_bungo)
    with django_assert_max_num_queries(3) as ctx:
        assert sessions.end_for_user(hr_bungo.pk) == 3
    assert any("user_id" in q["sql"] and "DELETE" in q["sql"].upper() for q in ctx.captured_queries)


def test_switching_session_engine_keeps_live_sessions_with_their_user(hr_bungo):
    """Migration 0007 copies the live rows of Django's session table with their user, so the deploy signs
    nobody out."""
    import datetime as dt
    import importlib

    from django.apps import apps
    from django.contrib.sessions.backends.base import SessionBase
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from asnportal.models import PortalSession

    future = timezone.now() + dt.timedelta(hours=1)
    Session.objects.create(
        session_key="hidup1",
        session_data=SessionBase().encode({"_auth_user_id": str(hr_bungo.pk)}),
        expire_date=future,
    )
    Session.objects.create(
        session_key="tamu1", session_data=SessionBase().encode({"x": 1}), expire_date=future
    )
    Session.objects.create(
        session_key="basi1",
        session_data=SessionBase().encode({"_auth_user_id": str(hr_bungo.pk)}),
        expire_date=timezone.now() - dt.timedelta(hours=1),
    )
    migration = importlib.import_module("asnportal.migrations.0007_portalsession")
    migration.copy_live_sessions(apps, None)
    copied = dict(PortalSession.objects.values_list("session_key", "user_id"))
    assert copied == {"hidup1": hr_bungo.pk, "tamu1": None}
