"""Accounts for the whole workforce (issue 15). Each test is named after the rule it proves."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from asnportal import jobs
from asnportal.models import AuditLog, EmailKeluar
from asnportal.testing.factories import JabatanFactory, PegawaiFactory, UnitKerjaFactory, asn_user
from kepegawaian import akun_services, akun_tokens, services
from kepegawaian.akun_services import akun_buat_massal_jalankan, akun_buat_massal_minta
from kepegawaian.models import PembuatanAkun, User

pytestmark = pytest.mark.django_db

BARU = "KataSandiBaru#2026"


def _pegawai(unit, **kw):
    jab = JabatanFactory(unit_kerja=unit, instansi=unit.instansi)
    kw.setdefault(
        "email",
        f"{kw.get('nama', 'x').split()[0].lower()}{PegawaiFactory._meta.model.objects.count()}@asn.uji",
    )
    return PegawaiFactory(jabatan=jab, **kw)


def _run(job):
    return jobs.run_job(PembuatanAkun, job.pk, akun_buat_massal_jalankan)


def _link(email: EmailKeluar) -> str:
    return re.search(r"https?://\S+", email.isi).group(0)


def _path(link: str) -> str:
    return re.sub(r"^https?://[^/]+", "", link)


@pytest.fixture
def tree(opd_bungo):
    """opd_bungo with a bidang below it; two pegawai in the bidang, one at the top, one without e-mail."""
    bidang = UnitKerjaFactory(instansi=opd_bungo.instansi, parent=opd_bungo, nama="Bidang Mutasi")
    return {
        "bidang": bidang,
        "di_bidang": [_pegawai(bidang, nama="Ani Bidang"), _pegawai(bidang, nama="Budi Bidang")],
        "di_opd": _pegawai(opd_bungo, nama="Citra Opd"),
        "tanpa_email": _pegawai(opd_bungo, nama="Dedi Tanpa", email=""),
    }


# --- Bulk creation ----------------------------------------------------------------------------------------------
def test_hr_bulk_creates_accounts_for_a_unit_subtree_only(hr_bungo, tree, opd_bungo):
    job = akun_buat_massal_minta(actor=hr_bungo, cakupan="unit", unit_kerja=tree["bidang"])
    assert job.jumlah_target == 2 and job.status == "pending" and job.instansi_id == hr_bungo.instansi_id
    _run(job)
    job.refresh_from_db()
    assert (job.status, job.progress, job.jumlah_dibuat, job.jumlah_email) == ("success", 100, 2, 2)
    made = set(User.objects.filter(pegawai__isnull=False).values_list("pegawai_id", flat=True))
    assert made == {p.pk for p in tree["di_bidang"]}


def test_hr_bulk_creates_accounts_for_a_selection(hr_bungo, tree):
    pick = tree["di_opd"]
    job = akun_buat_massal_minta(actor=hr_bungo, cakupan="pilihan", pegawai_ids=[pick.pk])
    _run(job)
    assert list(User.objects.filter(pegawai__isnull=False).values_list("pegawai_id", flat=True)) == [pick.pk]


def test_hr_bulk_creates_accounts_for_every_active_pegawai_without_one(
    hr_bungo, tree, pegawai_bungo, asn_bungo
):
    pensiun = _pegawai(tree["bidang"], nama="Eko Pensiun", status_aktif="pensiun")
    job = akun_buat_massal_minta(actor=hr_bungo, cakupan="semua")
    _run(job)
    job.refresh_from_db()
    # pegawai_bungo already had an account (asn.bungo); the retired pegawai gets none; kepala_bungo does.
    with_account = set(User.objects.filter(pegawai__isnull=False).values_list("pegawai_id", flat=True))
    assert pensiun.pk not in with_account
    assert {p.pk for p in tree["di_bidang"]} <= with_account and tree["tanpa_email"].pk in with_account
    assert job.jumlah_dibuat == job.jumlah_target == 5  # 4 of the tree + the kepala
    assert User.objects.get(pegawai=pegawai_bungo).username == "asn.bungo"


def test_new_account_username_is_nip_and_has_no_usable_password_until_activated(hr_bungo, tree):
    p = tree["di_opd"]
    _run(akun_buat_massal_minta(actor=hr_bungo, cakupan="pilihan", pegawai_ids=[p.pk]))
    u = User.objects.get(pegawai=p)
    assert u.username == p.nip and u.role == "asn" and u.instansi_id == p.instansi_id
    assert not u.has_usable_password() and u.diaktifkan_at is None and u.is_active


def test_account_creation_is_audited(hr_bungo, tree):
    job = akun_buat_massal_minta(actor=hr_bungo, cakupan="unit", unit_kerja=tree["bidang"])
    _run(job)
    assert AuditLog.objects.filter(object_type="kepegawaian.PembuatanAkun", object_id=str(job.pk)).exists()
    logs = AuditLog.objects.filter(object_type="kepegawaian.User", action="create", actor=hr_bungo)
    assert logs.count() == 2 and all(log.instansi_id == hr_bungo.instansi_id for log in logs)


def test_bulk_job_is_idempotent_a_second_run_creates_and_mails_nothing_twice(hr_bungo, tree):
    job = akun_buat_massal_minta(actor=hr_bungo, cakupan="unit", unit_kerja=tree["bidang"])
    _run(job)
    n_users, n_mail = User.objects.count(), EmailKeluar.objects.count()
    PembuatanAkun.objects.filter(pk=job.pk).update(status="pending")  # a redelivered message
    _run(job)
    assert (User.objects.count(), EmailKeluar.objects.count()) == (n_users, n_mail)


def test_a_second_request_while_a_job_runs_returns_the_running_job(hr_bungo, tree):
    first = akun_buat_massal_minta(actor=hr_bungo, cakupan="semua")
    again = akun_buat_massal_minta(actor=hr_bungo, cakupan="unit", unit_kerja=tree["bidang"])
    assert again.pk == first.pk and PembuatanAkun.objects.count() == 1


def test_nothing_to_create_is_a_clear_error(hr_bungo, tree):
    _run(akun_buat_massal_minta(actor=hr_bungo, cakupan="unit", unit_kerja=tree["bidang"]))
    with pytest.raises(ValidationError, match="Tidak ada pegawai aktif tanpa akun"):
        akun_buat_massal_minta(actor=hr_bungo, cakupan="unit", unit_kerja=tree["bidang"])


def test_hr_of_bungo_cannot_create_accounts_for_bengkulu_pegawai(
    hr_bungo, tree, pegawai_bengkulu, opd_bengkulu
):
    with pytest.raises(ValidationError):
        akun_buat_massal_minta(actor=hr_bungo, cakupan="pilihan", pegawai_ids=[pegawai_bengkulu.pk])
    with pytest.raises(ValidationError):
        akun_buat_massal_minta(actor=hr_bungo, cakupan="unit", unit_kerja=opd_bengkulu)
    # Mixed with own pegawai: the foreign id is dropped.
    job = akun_buat_massal_minta(
        actor=hr_bungo, cakupan="pilihan", pegawai_ids=[pegawai_bengkulu.pk, tree["di_opd"].pk]
    )
    _run(job)
    assert not User.objects.filter(pegawai=pegawai_bengkulu).exists()
    _run(akun_buat_massal_minta(actor=hr_bungo, cakupan="semua"))
    assert not User.objects.filter(pegawai=pegawai_bengkulu).exists()


def test_only_hr_may_create_accounts(auditor_bungo, asn_bungo, tree):
    from django.core.exceptions import PermissionDenied

    for actor in (auditor_bungo, asn_bungo):
        with pytest.raises(PermissionDenied):
            akun_buat_massal_minta(actor=actor, cakupan="semua")


# --- Activation ---------------------------------------------------------------------------------------------------
def test_each_new_account_gets_a_one_time_activation_link_by_email_from_the_site_url(
    hr_bungo, tree, settings
):
    settings.PORTAL_SITE_URL = "https://portal.bungokab.go.id"
    p = tree["di_opd"]
    _run(akun_buat_massal_minta(actor=hr_bungo, cakupan="pilihan", pegawai_ids=[p.pk]))
    mail = EmailKeluar.objects.get()
    assert mail.penerima == [p.email] and p.nip in mail.isi
    link = _link(mail)
    assert link.startswith("https://portal.bungokab.go.id/akun/aktivasi/")
    c = Client()
    r = c.get(_path(link), follow=True)
    assert r.status_code == 200 and "Aktivasi akun" in r.content.decode()
    set_url = r.redirect_chain[-1][0]
    r = c.post(set_url, {"new_password1": "pendek", "new_password2": "pendek"})
    assert r.status_code == 200 and "terlalu pendek" in r.content.decode()
    r = c.post(set_url, {"new_password1": BARU, "new_password2": BARU})
    assert r.status_code == 302 and r["Location"] == reverse("login")
    u = User.objects.get(pegawai=p)
    assert u.check_password(BARU) and u.diaktifkan_at is not None
    assert AuditLog.objects.filter(object_type="kepegawaian.User", object_id=str(u.pk), actor=u).exists()
    # One-time: the same link no longer works.
    r = Client().get(_path(link), follow=True)
    assert "tidak berlaku lagi" in r.content.decode()


def test_activated_user_logs_in_by_nip_or_username(hr_bungo, tree):
    p = tree["di_opd"]
    _run(akun_buat_massal_minta(actor=hr_bungo, cakupan="pilihan", pegawai_ids=[p.pk]))
    u = User.objects.get(pegawai=p)
    akun_services.akun_aktivasi_selesai(user=u, password=BARU)
    for ident in (p.nip, u.username):
        r = Client().post(reverse("login"), {"username": ident, "password": BARU})
        assert r.status_code == 302 and r["Location"] == reverse("dashboard")


def test_activation_link_expires_after_the_configured_hours(hr_bungo, tree, settings, monkeypatch):
    settings.PORTAL_AKTIVASI_JAM = 72
    p = tree["di_opd"]
    _run(akun_buat_massal_minta(actor=hr_bungo, cakupan="pilihan", pegawai_ids=[p.pk]))
    u = User.objects.get(pegawai=p)
    token = _link(EmailKeluar.objects.get()).rstrip("/").rsplit("/", 1)[1]
    gen = akun_tokens.aktivasi_token
    now = gen._now()
    monkeypatch.setattr(gen, "_now", lambda: now + dt.timedelta(hours=71))
    assert gen.check_token(u, token)
    monkeypatch.setattr(gen, "_now", lambda: now + dt.timedelta(hours=73))
    assert not gen.check_token(u, token)


def test_hr_resends_activation_link_and_the_old_link_stops_working(hr_bungo, tree, client_hr_bungo):
    p = tree["di_opd"]
    _run(akun_buat_massal_minta(actor=hr_bungo, cakupan="pilihan", pegawai_ids=[p.pk]))
    old = _link(EmailKeluar.objects.get())
    r = client_hr_bungo.post(reverse("kepegawaian:akun_kirim_aktivasi", args=[p.pk]))
    assert r.status_code == 302
    new = _link(EmailKeluar.objects.order_by("-pk").first())
    assert new != old
    u = User.objects.get(pegawai=p)
    assert akun_tokens.aktivasi_token.check_token(u, new.rstrip("/").rsplit("/", 1)[1])
    assert not akun_tokens.aktivasi_token.check_token(u, old.rstrip("/").rsplit("/", 1)[1])
    assert AuditLog.objects.filter(object_id=str(u.pk), reason="Tautan aktivasi dikirim").exists()


def test_pegawai_without_email_gets_an_account_but_no_link_until_hr_adds_one(hr_bungo, tree, client_hr_bungo):
    p = tree["tanpa_email"]
    job = akun_buat_massal_minta(actor=hr_bungo, cakupan="pilihan", pegawai_ids=[p.pk])
    _run(job)
    job.refresh_from_db()
    assert (job.jumlah_dibuat, job.jumlah_email, job.jumlah_tanpa_email) == (1, 0, 1)
    assert not EmailKeluar.objects.exists() and User.objects.get(pegawai=p).aktivasi_dikirim_at is None
    r = client_hr_bungo.post(reverse("kepegawaian:akun_kirim_aktivasi", args=[p.pk]), follow=True)
    assert "belum punya alamat e-mail" in r.content.decode() and not EmailKeluar.objects.exists()
    services.pegawai_update(actor=hr_bungo, pegawai=p, data={"email": "dedi@asn.uji"})
    client_hr_bungo.post(reverse("kepegawaian:akun_kirim_aktivasi", args=[p.pk]))
    assert EmailKeluar.objects.get().penerima == ["dedi@asn.uji"]


# --- Accounts follow the person -----------------------------------------------------------------------------------
def _logged_in(user):
    c = Client()
    c.force_login(user)
    return c


@pytest.mark.parametrize("status", ["pensiun", "berhenti", "meninggal", "pindah"])
def test_account_is_deactivated_when_pegawai_stops_being_active_sessions_and_tokens_end(
    status, hr_bungo, asn_bungo, pegawai_bungo
):
    from asnportal.models import PortalSession

    c = _logged_in(asn_bungo)
    assert c.get(reverse("dashboard")).status_code == 200
    assert PortalSession.objects.filter(user_id=asn_bungo.pk).exists()
    Token.objects.create(user=asn_bungo)
    services.pegawai_update(actor=hr_bungo, pegawai=pegawai_bungo, data={"status_aktif": status})
    asn_bungo.refresh_from_db()
    assert not asn_bungo.is_active and asn_bungo.dinonaktifkan_at is not None
    assert not Token.objects.filter(user=asn_bungo).exists()
    assert not PortalSession.objects.filter(user_id=asn_bungo.pk).exists()
    r = c.get(reverse("dashboard"))
    assert r.status_code == 302 and reverse("login") in r["Location"]
    log = AuditLog.objects.get(object_type="kepegawaian.User", object_id=str(asn_bungo.pk), actor=hr_bungo)
    assert log.changes == {"is_active": [True, False]} and "sesi dan token" in log.reason


def test_daily_sync_deactivates_accounts_of_pegawai_made_inactive_outside_the_services(
    asn_bungo, pegawai_bungo
):
    from kepegawaian.tasks import akun_ikuti_status_pegawai_task

    type(pegawai_bungo).objects.filter(pk=pegawai_bungo.pk).update(
        status_aktif="meninggal"
    )  # e.g. Django admin
    assert akun_ikuti_status_pegawai_task() == 1
    asn_bungo.refresh_from_db()
    assert not asn_bungo.is_active and "Meninggal" in asn_bungo.alasan_nonaktif
    assert akun_ikuti_status_pegawai_task() == 0


def test_hr_deactivates_and_reactivates_an_account_with_a_reason(client_hr_bungo, asn_bungo, pegawai_bungo):
    url = reverse("kepegawaian:akun_nonaktifkan", args=[pegawai_bungo.pk])
    assert client_hr_bungo.get(url).status_code == 200
    r = client_hr_bungo.post(url, {"alasan": ""})
    assert r.status_code == 400 and "harus diisi" in r.content.decode()
    Token.objects.create(user=asn_bungo)
    r = client_hr_bungo.post(url, {"alasan": "Cuti di luar tanggungan negara"})
    assert r.status_code == 302
    asn_bungo.refresh_from_db()
    assert not asn_bungo.is_active and asn_bungo.alasan_nonaktif == "Cuti di luar tanggungan negara"
    assert not Token.objects.filter(user=asn_bungo).exists()
    r = client_hr_bungo.post(reverse("kepegawaian:akun_aktifkan", args=[pegawai_bungo.pk]))
    assert r.status_code == 302
    asn_bungo.refresh_from_db()
    assert asn_bungo.is_active and asn_bungo.alasan_nonaktif == ""


def test_account_of_a_retired_pegawai_cannot_be_reactivated(
    hr_bungo, asn_bungo, pegawai_bungo, client_hr_bungo
):
    services.pegawai_update(actor=hr_bungo, pegawai=pegawai_bungo, data={"status_aktif": "pensiun"})
    r = client_hr_bungo.post(reverse("kepegawaian:akun_aktifkan", args=[pegawai_bungo.pk]), follow=True)
    assert "tidak dapat diaktifkan" in r.content.decode()
    asn_bungo.refresh_from_db()
    assert not asn_bungo.is_active


def test_deactivated_account_cannot_log_in_or_use_an_activation_link(hr_bungo, tree):
    p = tree["di_opd"]
    _run(akun_buat_massal_minta(actor=hr_bungo, cakupan="pilihan", pegawai_ids=[p.pk]))
    link = _link(EmailKeluar.objects.get())
    akun_services.akun_nonaktifkan_pegawai(actor=hr_bungo, pegawai=p, alasan="uji")
    r = Client().get(_path(link), follow=True)
    assert "tidak berlaku lagi" in r.content.decode()


# --- Forgotten password -------------------------------------------------------------------------------------------
def test_forgot_password_gives_the_same_answer_whether_or_not_the_account_exists(asn_bungo, pegawai_bungo):
    url = reverse("akun:lupa_kata_sandi")
    answers = []
    for ident in ("asn.bungo", "tidak.ada", pegawai_bungo.nip, "siapa@tidak.ada"):
        r = Client().post(url, {"identitas": ident}, REMOTE_ADDR=f"10.0.0.{len(answers) + 1}", follow=True)
        answers.append(
            (r.status_code, re.sub(r"\s+", " ", r.content.decode().split('role="alert"')[1][:300]))
        )
    assert len(set(answers)) == 1 and answers[0][0] == 200
    assert EmailKeluar.objects.filter(penerima=[asn_bungo.email]).count() == 2  # username and NIP


def test_forgot_password_link_resets_the_password_once(asn_bungo, password, settings):
    settings.PORTAL_SITE_URL = "https://portal.example.go.id"
    Client().post(reverse("akun:lupa_kata_sandi"), {"identitas": asn_bungo.email})
    link = _link(EmailKeluar.objects.get())
    assert link.startswith("https://portal.example.go.id/akun/atur-ulang/")
    c = Client()
    r = c.get(_path(link), follow=True)
    r = c.post(r.redirect_chain[-1][0], {"new_password1": BARU, "new_password2": BARU})
    assert r.status_code == 302
    asn_bungo.refresh_from_db()
    assert asn_bungo.check_password(BARU)
    assert "tidak berlaku lagi" in Client().get(_path(link), follow=True).content.decode()


def test_forgot_password_is_rate_limited_per_ip_and_per_identity(asn_bungo, settings):
    settings.PORTAL_RESET_RATE = (5, 900)
    settings.PORTAL_RESET_RATE_IDENTITAS = (2, 3600)
    url = reverse("akun:lupa_kata_sandi")
    for i in range(4):  # four addresses, one identity: only two e-mails
        Client().post(url, {"identitas": "asn.bungo"}, REMOTE_ADDR=f"10.5.0.{i}")
    assert EmailKeluar.objects.count() == 2
    c = Client()
    codes = [c.post(url, {"identitas": f"x{i}"}, REMOTE_ADDR="10.6.6.6").status_code for i in range(6)]
    assert codes == [302] * 5 + [429]


def test_forgot_password_form_rejects_empty_input(client):
    r = client.post(reverse("akun:lupa_kata_sandi"), {"identitas": ""})
    assert r.status_code == 200 and "harus diisi" in r.content.decode()


# --- API tokens ---------------------------------------------------------------------------------------------------
def _token(username, password):
    r = Client().post("/api/v1/auth/token/", {"username": username, "password": password})
    assert r.status_code == 200, r.content
    return r.json()


def _api(token, path="/api/v1/pegawai/"):
    return Client().get(path, HTTP_AUTHORIZATION=f"Token {token}")


def test_api_token_expires_after_the_configured_days(asn_bungo, password, settings):
    settings.PORTAL_API_TOKEN_DAYS = 30
    data = _token("asn.bungo", password)
    assert "kedaluwarsa" in data and _api(data["token"]).status_code == 200
    Token.objects.filter(key=data["token"]).update(created=dt.datetime.now(dt.UTC) - dt.timedelta(days=31))
    r = _api(data["token"])
    assert r.status_code in (401, 403) and not Token.objects.filter(key=data["token"]).exists()
    fresh = _token("asn.bungo", password)["token"]
    assert fresh != data["token"] and _api(fresh).status_code == 200


def test_an_expired_token_is_replaced_when_a_new_one_is_asked_for(asn_bungo, password):
    old = _token("asn.bungo", password)["token"]
    Token.objects.filter(key=old).update(created=dt.datetime.now(dt.UTC) - dt.timedelta(days=60))
    assert _token("asn.bungo", password)["token"] != old


def test_api_token_is_revoked_on_password_change(asn_bungo, password):
    token = _token("asn.bungo", password)["token"]
    c = _logged_in(asn_bungo)
    r = c.post(
        reverse("password_change"),
        {"old_password": password, "new_password1": BARU, "new_password2": BARU},
    )
    assert r.status_code == 302
    assert _api(token).status_code in (401, 403)


def test_api_token_is_revoked_on_logout_from_the_browser_and_from_the_api(asn_bungo, password):
    token = _token("asn.bungo", password)["token"]
    c = _logged_in(asn_bungo)
    c.post(reverse("logout"))
    assert _api(token).status_code in (401, 403)
    token = _token("asn.bungo", password)["token"]
    r = Client().post("/api/v1/auth/keluar/", HTTP_AUTHORIZATION=f"Token {token}")
    assert r.status_code == 204 and _api(token).status_code in (401, 403)


# --- Pages --------------------------------------------------------------------------------------------------------
def test_hr_sees_who_has_an_account_is_pending_or_deactivated(
    client_hr_bungo, hr_bungo, tree, asn_bungo, kepala_bungo, django_assert_max_num_queries
):
    _run(akun_buat_massal_minta(actor=hr_bungo, cakupan="unit", unit_kerja=tree["bidang"]))
    url = reverse("kepegawaian:akun_list")
    with django_assert_max_num_queries(20):
        r = client_hr_bungo.get(url)
    html = r.content.decode()
    assert r.status_code == 200 and "Ani Bidang" in html and "Menunggu aktivasi" in html
    r = client_hr_bungo.get(url, {"status_akun": "menunggu"})
    assert list(r.context["object_list"]) == sorted(tree["di_bidang"], key=lambda p: (p.nama, p.pk))
    r = client_hr_bungo.get(url, {"status_akun": "aktif"})
    assert [p.pk for p in r.context["object_list"]] == [asn_bungo.pegawai_id]
    r = client_hr_bungo.get(url, {"status_akun": "tanpa_akun", "email": "kosong"})
    assert {p.pk for p in r.context["object_list"]} == {tree["tanpa_email"].pk, kepala_bungo.pk}
    ringkasan = client_hr_bungo.get(url).context["ringkasan"]
    assert (ringkasan["menunggu"], ringkasan["aktif"], ringkasan["tanpa_email"]) == (2, 1, 2)
    r = client_hr_bungo.get(url, {"status_akun": "zzz"})
    assert r.status_code == 200  # an unknown value is a form error, never a 500


def test_account_list_is_scoped_to_the_officers_instansi(client_hr_bungo, pegawai_bengkulu, tree):
    r = client_hr_bungo.get(reverse("kepegawaian:akun_list"))
    assert pegawai_bengkulu.nama not in r.content.decode()


def test_account_pages_refuse_asn_and_auditors_cannot_write(client_asn_bungo, client_auditor_bungo, tree):
    assert client_asn_bungo.get(reverse("kepegawaian:akun_list")).status_code == 403
    assert client_auditor_bungo.get(reverse("kepegawaian:akun_list")).status_code == 200
    r = client_auditor_bungo.post(reverse("kepegawaian:akun_buat"), {"cakupan": "semua"})
    assert r.status_code == 403 and not PembuatanAkun.objects.exists()


def test_bulk_form_starts_a_job_and_the_progress_page_polls_until_done(client_hr_bungo, tree):
    url = reverse("kepegawaian:akun_buat")
    assert client_hr_bungo.get(url).status_code == 200
    r = client_hr_bungo.post(url, {"cakupan": "unit"})  # unit missing
    assert r.status_code == 400 and "Pilih unit kerja" in r.content.decode()
    r = client_hr_bungo.post(
        url, {"cakupan": "semua", "unit_kerja": tree["bidang"].pk}
    )  # radio left on "all"
    assert r.status_code == 400 and "Anda memilih unit kerja" in r.content.decode()
    assert not PembuatanAkun.objects.exists()
    r = client_hr_bungo.post(url, {"cakupan": "unit", "unit_kerja": tree["bidang"].pk})
    job = PembuatanAkun.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("kepegawaian:akun_proses", args=[job.pk])
    page = client_hr_bungo.get(r["Location"])
    assert 'hx-trigger="every 1s"' in page.content.decode() and "Muat ulang" in page.content.decode()
    _run(job)
    part = client_hr_bungo.get(r["Location"], HTTP_HX_REQUEST="true")
    html = part.content.decode()
    assert "<html" not in html and "hx-trigger" not in html and "Selesai" in html
    assert part.context["object"].jumlah_dibuat == 2


def test_selection_from_the_list_creates_accounts_for_the_ticked_pegawai(
    client_hr_bungo, tree, pegawai_bengkulu
):
    url = reverse("kepegawaian:akun_buat")
    r = client_hr_bungo.post(url, {"cakupan": "pilihan"})
    assert r.status_code == 400 and "Pilih sedikitnya satu pegawai" in r.content.decode()
    r = client_hr_bungo.post(url, {"cakupan": "pilihan", "pegawai": [pegawai_bengkulu.pk]})
    assert (
        r.status_code == 400 and not PembuatanAkun.objects.exists()
    )  # another instansi's id: invalid choice
    pick = tree["di_bidang"][0]
    r = client_hr_bungo.post(url, {"cakupan": "pilihan", "pegawai": [pick.pk]})
    assert r.status_code == 302 and PembuatanAkun.objects.get().pegawai_ids == [pick.pk]


def test_other_instansi_job_and_pegawai_account_actions_are_404(
    client_hr_bungo, instansi_bengkulu, pegawai_bengkulu
):
    from kepegawaian.tests.factories import pembuatan_akun

    job = pembuatan_akun(instansi_bengkulu)
    assert client_hr_bungo.get(reverse("kepegawaian:akun_proses", args=[job.pk])).status_code == 404
    asn_user(pegawai_bengkulu, username="asn.bengkulu")
    for name in ("akun_kirim_aktivasi", "akun_aktifkan", "akun_nonaktifkan"):
        r = client_hr_bungo.post(reverse(f"kepegawaian:{name}", args=[pegawai_bengkulu.pk]), {"alasan": "x"})
        assert r.status_code == 404
    assert User.objects.get(username="asn.bengkulu").is_active


# --- API ----------------------------------------------------------------------------------------------------------
def test_api_hr_starts_a_bulk_job_and_follows_it(client_hr_bungo, tree, opd_bengkulu):
    r = client_hr_bungo.post(
        "/api/v1/pembuatan-akun/",
        {"cakupan": "unit", "unit_kerja": opd_bengkulu.pk},
        content_type="application/json",
    )
    assert r.status_code == 400  # another instansi's unit is not a valid choice
    r = client_hr_bungo.post(
        "/api/v1/pembuatan-akun/",
        {"cakupan": "unit", "unit_kerja": tree["bidang"].pk},
        content_type="application/json",
    )
    assert r.status_code == 202 and r.json()["jumlah_target"] == 2 and r.json()["status"] == "pending"
    job = PembuatanAkun.objects.get(pk=r.json()["id"])
    _run(job)
    r = client_hr_bungo.get(f"/api/v1/pembuatan-akun/{job.pk}/")
    assert r.json()["status"] == "success" and r.json()["jumlah_dibuat"] == 2
    r = client_hr_bungo.get("/api/v1/akun-pegawai/", {"status_akun": "menunggu"})
    assert sorted(row["nip"] for row in r.json()["results"]) == sorted(p.nip for p in tree["di_bidang"])


def test_api_account_actions_for_hr_only(
    client_hr_bungo,
    client_auditor_bungo,
    client_asn_bungo,
    asn_bungo,
    pegawai_bungo,
    django_assert_max_num_queries,
):
    with django_assert_max_num_queries(12):
        assert client_auditor_bungo.get("/api/v1/akun-pegawai/").status_code == 200
    assert client_asn_bungo.get("/api/v1/akun-pegawai/").status_code == 403
    url = f"/api/v1/akun-pegawai/{pegawai_bungo.pk}/nonaktifkan/"
    assert client_auditor_bungo.post(url, {"alasan": "x"}, content_type="application/json").status_code == 403
    assert client_hr_bungo.post(url, {}, content_type="application/json").status_code == 400
    r = client_hr_bungo.post(url, {"alasan": "Diberhentikan sementara"}, content_type="application/json")
    assert r.status_code == 200 and r.json()["status_akun"] == "nonaktif"
    r = client_hr_bungo.post(f"/api/v1/akun-pegawai/{pegawai_bungo.pk}/aktifkan/")
    assert r.status_code == 200 and r.json()["status_akun"] == "aktif"
    r = client_hr_bungo.post(f"/api/v1/akun-pegawai/{pegawai_bungo.pk}/kirim-aktivasi/")
    assert r.status_code == 400 and "sudah diaktifkan" in r.content.decode()


def test_api_forgot_password_same_answer_and_rate_limited(asn_bungo, settings):
    settings.PORTAL_RESET_RATE = (3, 900)
    url = "/api/v1/auth/lupa-kata-sandi/"
    a = Client().post(url, {"identitas": "asn.bungo"}, REMOTE_ADDR="10.7.0.1")
    b = Client().post(url, {"identitas": "tidak.ada"}, REMOTE_ADDR="10.7.0.2")
    assert (a.status_code, a.json()) == (b.status_code, b.json()) and a.status_code == 202
    assert EmailKeluar.objects.count() == 1
    c = Client()
    codes = [c.post(url, {"identitas": f"u{i}"}, REMOTE_ADDR="10.7.7.7").status_code for i in range(4)]
    assert codes == [202, 202, 202, 429]
    assert Client().post(url, {}, REMOTE_ADDR="10.7.0.3").status_code == 400


def test_a_failed_bulk_job_can_be_retried_and_continues_where_it_stopped(
    client_hr_bungo, hr_bungo, tree, monkeypatch, django_capture_on_commit_callbacks
):
    job = akun_buat_massal_minta(actor=hr_bungo, cakupan="unit", unit_kerja=tree["bidang"])
    monkeypatch.setattr(akun_services, "CHUNK", 1)
    calls = []
    original = akun_services._queue

    def flaky(rows):
        calls.append(1)
        if len(calls) == 2:
            raise ConnectionError("SMTP down")
        return original(rows)

    monkeypatch.setattr(akun_services, "_queue", flaky)
    with pytest.raises(ConnectionError):
        _run(job)
    job.refresh_from_db()
    assert job.status == "failed" and job.jumlah_dibuat == 1
    page = client_hr_bungo.get(reverse("kepegawaian:akun_proses", args=[job.pk]))
    assert "Coba lagi" in page.content.decode()
    published = []
    monkeypatch.setattr(jobs, "publish", lambda task, job_id: published.append((task, job_id)) or True)
    with django_capture_on_commit_callbacks(execute=True):
        r = client_hr_bungo.post(reverse("kepegawaian:akun_proses_ulang", args=[job.pk]))
    assert r.status_code == 302 and published == [("kepegawaian.akun_buat_massal_task", job.pk)]
    _run(job)
    job.refresh_from_db()
    assert job.status == "success" and job.jumlah_dibuat == 2
    assert User.objects.filter(pegawai__in=tree["di_bidang"]).count() == 2
    assert EmailKeluar.objects.count() == 2  # one per person, never twice


def test_seed_demo_gives_every_demo_pegawai_an_account_once_with_one_hash(tree, monkeypatch, instansi_bungo):
    from kepegawaian import demo
    from kepegawaian.management.commands.seed_demo import DEMO_PASSWORD

    hashed = []
    original = akun_services.make_password
    monkeypatch.setattr(akun_services, "make_password", lambda pw: hashed.append(1) or original(pw))
    assert demo._akun_semua([instansi_bungo]) == 4
    assert demo._akun_semua([instansi_bungo]) == 0  # seed_demo runs twice in CI
    assert len(hashed) == 1
    users = User.objects.filter(pegawai__isnull=False)
    assert users.count() == 4 and all(u.username == u.pegawai.nip for u in users)
    assert all(u.check_password(DEMO_PASSWORD) and u.diaktifkan_at for u in users)


def test_pegawai_profile_shows_the_account_and_hr_acts_from_there(
    client_hr_bungo, client_auditor_bungo, tree
):
    p = tree["di_opd"]
    url = reverse("kepegawaian:pegawai_detail", args=[p.pk])
    r = client_hr_bungo.get(url)
    assert 'id="akun-panel"' in r.content.decode() and "Belum punya akun" in r.content.decode()
    r = client_hr_bungo.post(reverse("kepegawaian:akun_buat"), {"cakupan": "pilihan", "pegawai": [p.pk]})
    _run(PembuatanAkun.objects.get())
    html = client_hr_bungo.get(url).content.decode()
    assert "Menunggu aktivasi" in html and p.nip in html and "Kirim ulang tautan" in html
    r = client_hr_bungo.post(reverse("kepegawaian:akun_kirim_aktivasi", args=[p.pk]), {"next": url})
    assert r.status_code == 302 and r["Location"] == url
    r = client_hr_bungo.post(
        reverse("kepegawaian:akun_kirim_aktivasi", args=[p.pk]), {"next": "https://evil.test/"}
    )
    assert r["Location"] == reverse("kepegawaian:akun_list")
    html = client_auditor_bungo.get(url).content.decode()
    assert "Menunggu aktivasi" in html and "Kirim ulang tautan" not in html  # auditors read only
