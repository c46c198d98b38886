"""The public questionnaire: a valid answer is stored synchronously; every abuse check refuses and is counted;
nothing on the path needs Redis."""

import time

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from survei import services
from survei.models import BatasLaju, PenolakanRespons, Respons

from .factories import UnitLayananFactory, old_token, unit_for


@pytest.fixture
def unit(opd_bungo):
    return UnitLayananFactory(unit_kerja=opd_bungo, instansi=opd_bungo.instansi, slug="disdukcapil-bungo")


def payload(unit, **over):
    data = {f"u{i}": "3" for i in range(1, 10)}
    data.update(
        token=old_token(unit),
        situs_web="",
        usia="41",
        jenis_kelamin="L",
        pendidikan="SMA",
        pekerjaan="WIRAUSAHA",
        jenis_layanan="KTP-el",
        tanggal=timezone.localdate().isoformat(),
        slot_waktu="08-12",
        saran="Antrean lama",
        nama="",
        kontak="",
        persetujuan="on",
    )
    data.update(over)
    return data


def url(unit):
    return reverse("survei:isi", kwargs={"slug": unit.slug})


def rejected(unit, alasan):
    row = PenolakanRespons.objects.filter(unit=unit, alasan=alasan).first()
    return row.jumlah if row else 0


def test_form_renders_accessibly_without_login(client, unit):
    r = client.get(url(unit))
    assert r.status_code == 200
    html = r.content.decode()
    assert html.count("<fieldset") >= 12 and html.count("<legend") >= 12
    assert 'name="token"' in html and 'name="situs_web"' in html
    assert "Sangat mahal" in html and "Gratis" in html  # official four-point wording for Biaya
    assert "<script>" not in html  # no inline script (CSP)


def test_valid_submission_is_stored_and_confirmed(client, unit):
    r = client.post(url(unit), payload(unit, nama="Budi", kontak="0812"))
    assert r.status_code == 302
    row = Respons.objects.get(unit=unit)
    assert (row.u1, row.u9, row.usia, row.pendidikan, row.nama) == (3, 3, 41, "SMA", "Budi")
    assert row.instansi_id == unit.instansi_id
    assert row.persetujuan and row.persetujuan_versi and row.persetujuan_waktu  # consent recorded
    assert row.ip_hash != "127.0.0.1" and len(row.ip_hash) == 64  # IP kept only as a keyed hash
    page = client.get(r["Location"])
    assert "jawaban Anda sudah kami terima" in page.content.decode()
    assert str(row.pk) in page.content.decode()


def test_invalid_submission_rerenders_in_indonesian_keeping_input(client, unit):
    data = payload(unit, u4="", persetujuan="", usia="9", saran="Ruang tunggu panas")
    r = client.post(url(unit), data)
    assert r.status_code == 400
    html = r.content.decode()
    assert "Pilih salah satu jawaban untuk unsur 4 (Biaya/Tarif)." in html
    assert "Centang persetujuan agar jawaban Anda dapat disimpan." in html
    assert "Usia minimal 10 tahun." in html
    assert "Ruang tunggu panas" in html  # typed text kept
    assert 'id="id_u1_2" checked' in html  # chosen answers kept
    assert not Respons.objects.exists()


def test_future_date_refused(client, unit):
    besok = (timezone.localdate() + timezone.timedelta(days=1)).isoformat()
    r = client.post(url(unit), payload(unit, tanggal=besok))
    assert r.status_code == 400 and "masa depan" in r.content.decode()


def test_service_choice_limited_to_unit_list(client, unit):
    r = client.post(url(unit), payload(unit, jenis_layanan="Sesuatu lain"))
    assert r.status_code == 400
    assert not Respons.objects.exists()


def test_inactive_or_unknown_unit_is_404(client, unit):
    unit.aktif = False
    unit.save()
    assert client.get(url(unit)).status_code == 404
    assert client.get("/survei/tidak-ada/").status_code == 404


def test_honeypot_pretends_success_stores_nothing_and_counts(client, unit):
    r = client.post(url(unit), payload(unit, situs_web="http://spam.example"))
    assert r.status_code == 302
    assert not Respons.objects.exists()
    assert rejected(unit, "honeypot") == 1


def test_too_fast_is_refused_keeps_input_and_counts(client, unit):
    r = client.post(url(unit), payload(unit, token=services.buat_token(unit), saran="cepat sekali"))
    assert r.status_code == 400
    assert "terlalu cepat" in r.content.decode() and "cepat sekali" in r.content.decode()
    assert not Respons.objects.exists()
    assert rejected(unit, "terlalu_cepat") == 1


@pytest.mark.parametrize("kind", ["forged", "missing", "other_unit", "expired"])
def test_bad_token_is_refused_with_fresh_token(client, unit, kind, settings):
    token = {
        "forged": old_token(unit)[:-3] + "abc",
        "missing": "",
        "other_unit": old_token(unit_for(unit.instansi)),
        "expired": services.buat_token(unit, now=time.time() - 7 * 3600),
    }[kind]
    r = client.post(url(unit), payload(unit, token=token))
    assert r.status_code == 400
    assert not Respons.objects.exists()
    assert rejected(unit, "token") == 1
    new_token = r.context["form"].data["token"]
    assert new_token != token  # the re-rendered form can be submitted again


def test_exact_repeat_is_not_stored_twice_but_confirmed(client, unit):
    data = payload(unit)
    first = client.post(url(unit), data)
    again = client.post(url(unit), data)  # double tap / browser resubmit of the same form
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"]  # the same stored response is confirmed
    assert Respons.objects.count() == 1
    assert rejected(unit, "duplikat") == 1


def test_two_citizens_at_one_counter_with_same_answers_are_two_responses(client, unit):
    """Same IP, same answers and profile within the hour, each on their own form: both are counted."""
    data = payload(unit)
    assert client.post(url(unit), data).status_code == 302
    assert client.post(url(unit), {**data, "token": old_token(unit, 30)}).status_code == 302
    assert Respons.objects.count() == 2
    assert rejected(unit, "duplikat") == 0


def test_form_token_is_single_use(client, unit):
    data = payload(unit)
    assert client.post(url(unit), data).status_code == 302
    r = client.post(url(unit), {**data, "u1": "1", "saran": "jawaban lain"})
    assert r.status_code == 409
    html = r.content.decode()
    assert "sudah pernah dikirim" in html and "jawaban lain" in html  # input kept, nothing lost
    assert Respons.objects.count() == 1
    assert rejected(unit, "token_terpakai") == 1
    fresh = r.context["form"].data["token"]
    assert fresh != data["token"]
    # Sending the kept answers again (a deliberate new response, on the fresh token) is stored once.
    assert client.post(url(unit), {**data, "u1": "1", "token": old_token(unit, 20)}).status_code == 302
    assert Respons.objects.count() == 2


def test_rate_limit_per_ip_in_the_database(client, unit, settings):
    settings.PORTAL = {**settings.PORTAL, "SURVEI_BATAS_KIRIM_PER_IP": 3}
    for i in range(3):
        assert client.post(url(unit), payload(unit, usia=str(20 + i))).status_code == 302
    r = client.post(url(unit), payload(unit, usia="50", saran="keempat"))
    assert r.status_code == 429
    assert "Terlalu banyak pengiriman" in r.content.decode() and "keempat" in r.content.decode()
    retry = int(r["Retry-After"])
    assert 1 <= retry <= 3601
    assert "coba lagi dalam" in r.content.decode()
    assert Respons.objects.count() == 3
    assert rejected(unit, "batas_laju") == 1
    assert BatasLaju.objects.get().jumlah == 4  # counted in the DB, shared by all web processes
    # Another IP is not affected.
    assert Client(REMOTE_ADDR="10.9.9.9").post(url(unit), payload(unit, usia="60")).status_code == 302


def test_rate_limit_window_cleanup(unit):
    services._tambah_percobaan("abc", timezone.now() - timezone.timedelta(days=3))
    services._tambah_percobaan("abc", timezone.now())
    assert services.bersihkan_batas_laju() == 1
    assert BatasLaju.objects.count() == 1


def test_submission_while_redis_is_down(client, unit, settings):
    """Redis on a dead port for the cache and the broker: the answer is still stored, quickly."""
    dead = "redis://127.0.0.1:1/5"
    settings.REDIS_URL = dead
    settings.CELERY_BROKER_URL = dead
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": dead}
    }
    from django.core.cache import caches

    caches._settings = caches.settings = settings.CACHES  # make sure no old connection is reused
    started = time.monotonic()
    r = client.post(url(unit), payload(unit))
    assert r.status_code == 302
    assert Respons.objects.filter(unit=unit).count() == 1
    assert time.monotonic() - started < 3
    r = client.post(url(unit), payload(unit, token=services.buat_token(unit)))  # a refusal is counted too
    assert r.status_code == 400 and rejected(unit, "terlalu_cepat") == 1


def test_rate_limit_is_configurable_from_the_environment(monkeypatch):
    import importlib

    from asnportal.settings import base

    monkeypatch.setenv("SURVEI_BATAS_KIRIM_PER_IP", "7")
    monkeypatch.setenv("SURVEI_JENDELA_DETIK", "600")
    try:
        importlib.reload(base)
        assert base.PORTAL["SURVEI_BATAS_KIRIM_PER_IP"] == 7
        assert base.PORTAL["SURVEI_JENDELA_DETIK"] == 600
    finally:
        monkeypatch.delenv("SURVEI_BATAS_KIRIM_PER_IP")
        monkeypatch.delenv("SURVEI_JENDELA_DETIK")
        importlib.reload(base)


def test_registered_kiosk_is_not_capped_by_the_per_ip_limit(client, client_hr_bungo, unit, settings):
    settings.PORTAL = {**settings.PORTAL, "SURVEI_BATAS_KIRIM_PER_IP": 2, "SURVEI_BATAS_KIRIM_KIOSK": 4}
    # HR registers the counter's tablet (its browser gets a signed device cookie).
    r = client_hr_bungo.post(reverse("survei:unit_kiosk", args=[unit.pk]))
    assert r.status_code == 302 and r["Location"] == url(unit)
    unit.refresh_from_db()
    assert unit.kiosk_kunci
    kiosk = Client()
    kiosk.cookies[services.KIOSK_COOKIE] = r.cookies[services.KIOSK_COOKIE].value
    for i in range(4):
        assert kiosk.post(url(unit), payload(unit, usia=str(20 + i))).status_code == 302
    assert kiosk.post(url(unit), payload(unit, usia="70")).status_code == 429  # its own, higher limit
    # Another browser on the same IP is still limited per IP.
    assert client.post(url(unit), payload(unit, usia="30")).status_code == 302
    assert client.post(url(unit), payload(unit, usia="31")).status_code == 302
    assert client.post(url(unit), payload(unit, usia="32")).status_code == 429
    # A forged or revoked cookie counts as an ordinary browser.
    assert services.kiosk_perangkat(unit, "palsu") is None
    # Each registered tablet has its own counter.
    kedua = Client()
    kedua.cookies[services.KIOSK_COOKIE] = (
        client_hr_bungo.post(reverse("survei:unit_kiosk", args=[unit.pk]))
        .cookies[services.KIOSK_COOKIE]
        .value
    )
    assert kedua.post(url(unit), payload(unit, usia="71")).status_code == 302
    assert (
        client_hr_bungo.post(reverse("survei:unit_kiosk", args=[unit.pk]), {"aksi": "cabut"}).status_code
        == 302
    )
    unit.refresh_from_db()
    assert services.kiosk_perangkat(unit, r.cookies[services.KIOSK_COOKIE].value) is None


def test_only_hr_registers_a_kiosk(client_asn_bungo, client, unit):
    assert client_asn_bungo.post(reverse("survei:unit_kiosk", args=[unit.pk])).status_code == 403
    assert client.post(reverse("survei:unit_kiosk", args=[unit.pk])).status_code == 302  # to login
    unit.refresh_from_db()
    assert not unit.kiosk_kunci
