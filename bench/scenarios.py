"""The benchmark scenarios of issue 11, with the ids/slugs they need looked up in the bench database."""

from __future__ import annotations

import os
import re
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

from bench.run import Scenario


def _django():
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()


def build(base: str, login) -> list[Scenario]:
    _django()
    from kepegawaian.models import Pegawai

    hr = login("hr.bungo")
    pegawai = Pegawai.objects.filter(instansi__kode="kab-bungo").order_by("id")[500]
    unit_id = pegawai.unit_kerja.opd.pk
    scenarios = [
        Scenario("baseline SELECT", f"/bench/select?id={pegawai.pk}", "page"),
        Scenario(
            "baseline INSERT",
            "/bench/insert",
            "submit",
            connections=32,
            method="POST",
            body="v=1",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        ),
        Scenario(
            "pegawai list + filter",
            f"/kepegawaian/pegawai/?unit_kerja={unit_id}&golongan=III/a",
            "page",
            headers={"Cookie": hr},
            target="ratio>=0.15,p95<150",
        ),
        Scenario(
            "pegawai list + search",
            "/kepegawaian/pegawai/?q=Sari",
            "page",
            headers={"Cookie": hr},
            target="ratio>=0.15,p95<150",
        ),
        Scenario(
            "pegawai autocomplete",
            "/kepegawaian/pilih/pegawai/?q=Sari",
            "page",
            headers={"Cookie": hr},
            target="p95<150",
        ),
        Scenario(
            "pegawai API list (100)",
            "/api/v1/pegawai/?page_size=100",
            "page",
            headers={"Cookie": hr},
            target="ratio>=0.15,p95<150",
        ),
        Scenario(
            "pegawai detail",
            f"/kepegawaian/pegawai/{pegawai.pk}/",
            "page",
            headers={"Cookie": hr},
            target="p95<150",
        ),
    ]
    scenarios += domain_scenarios(base, login)
    return scenarios


def domain_scenarios(base, login) -> list[Scenario]:
    """Scenarios of the domain apps (survey, forum, IKM dashboard, SKP team board) — see DOMAIN below."""
    out = []
    for make in DOMAIN:
        out.extend(make(base, login))
    return out


def survey_scenarios(base, login) -> list[Scenario]:
    """The public survey form: GET, and POST at 32 connections with varied answers (no two bodies alike)."""
    import datetime as dt
    import time

    from survei.models import UnitLayanan

    unit = UnitLayanan.objects.filter(instansi__kode="kab-bungo").order_by("id").first()
    path = f"/survei/{unit.slug}/"
    cookie, csrf, html = csrf_session(base, path)
    token = re.search(r'name="token" value="([^"]*)"', html).group(1)
    fixed = {
        "csrfmiddlewaretoken": csrf,
        "token": token,
        "situs_web": "",
        "jenis_kelamin": "P",
        "pendidikan": "S1",
        "pekerjaan": "SWASTA",
        "tanggal": dt.date.today().isoformat(),
        "slot_waktu": "08-12",
        "persetujuan": "on",
    }
    layanan = (
        re.search(r'<option value="([^"]+)">', html.split('name="jenis_layanan"', 1)[1])
        if 'name="jenis_layanan"' in html
        else None
    )
    fixed["jenis_layanan"] = layanan.group(1) if layanan else "Pelayanan umum"
    time.sleep(9)  # the form's minimum fill time (anti-bot) must have passed since the token was issued
    return [
        Scenario("survey form GET", path, "page", connections=32, target="p99<100,errors=0"),
        Scenario(
            "survey form POST",
            path,
            "submit",
            connections=32,
            method="POST",
            body_mode="survey",
            body=urllib.parse.urlencode(fixed),
            target="ratio>=0.5,p99<100,errors=0",
            headers={
                "Cookie": cookie,
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": base + path,
            },
        ),
    ]


def forum_scenarios(base, login) -> list[Scenario]:
    from django.db.models import Count

    from forum.models import Topik

    topik = Topik.objects.annotate(n=Count("pos")).order_by("-n").first()
    cookie = login("hr.bungo")
    return [
        Scenario(
            f"forum thread ({topik.n} posts)",
            f"/forum/topik/{topik.pk}/",
            "page",
            headers={"Cookie": cookie},
            target="p95<150",
        )
    ]


def dashboard_scenarios(base, login) -> list[Scenario]:
    return [
        Scenario(
            "IKM dashboard (instansi)",
            "/survei/dasbor/",
            "page",
            headers={"Cookie": login("hr.bungo")},
            target="p95<150",
        ),
        Scenario(
            "SKP team board (unit head)",
            "/kinerja/tim/",
            "page",
            headers={"Cookie": login("kepala.bungo")},
            target="p95<150",
        ),
    ]


def csrf_session(base: str, path: str) -> tuple[str, str, str]:
    """(cookie header, csrf token, page html) from a GET of a form page."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(base + path).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    return "; ".join(f"{c.name}={c.value}" for c in jar), token, html


def login_scenario(base, login) -> list[Scenario]:
    cookie, token, _ = csrf_session(base, "/masuk/")
    body = urllib.parse.urlencode(
        {"username": "asn.bungo", "password": "DemoPortal2026", "csrfmiddlewaretoken": token}
    )
    return [
        Scenario(
            "login (POST)",
            "/masuk/",
            "submit",
            connections=8,
            method="POST",
            body=body,
            headers={
                "Cookie": cookie,
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": base + "/masuk/",
            },
        )
    ]


def stored_with_tag(tag: str) -> int:
    from survei.models import Respons

    return Respons.objects.filter(saran__startswith=f"{tag}-").count()


def after(scenarios, base, login, duration, run_wrk) -> dict:
    """Stored-row checks for the survey POST (alone and while logins are hammered): every response the server
    accepted (302) is in the database. Each run tags its answers (`saran` prefix), so the rows are counted
    exactly. wrk stops counting at the deadline while up to `connections` requests are still in flight; the
    server may still store those, so stored >= accepted and stored - accepted <= connections."""
    import secrets
    import threading

    out = {}
    from bench import login_rush

    login_rush.ensure_accounts(300)
    out["login rush (300 accounts, one address, 2 minutes)"] = login_rush.figure(login_rush.run(base))
    post = next((s for s in scenarios if s.name == "survey form POST"), None)
    login_sc = next((s for s in scenarios if s.name == "login (POST)"), None)
    if post is None:
        return out
    if post.result and post.result.get("tag"):
        time.sleep(3)  # let requests in flight at wrk's deadline finish
        stored = stored_with_tag(post.result["tag"])
        accepted = post.result["requests"] - post.result["status_errors"]
        out["survey POST: rows stored / responses accepted (302)"] = (
            f"{stored} / {accepted} ({'OK' if accepted <= stored <= accepted + post.connections else 'MISMATCH'})"
        )
    if login_sc is None:
        return out
    tag = "flood-" + secrets.token_hex(4)
    flood = threading.Thread(target=lambda: run_wrk(login_sc, duration))
    flood.start()
    time.sleep(1)
    under_flood = run_wrk(post, duration - 2, tag)
    flood.join()
    time.sleep(3)
    stored = stored_with_tag(tag)
    accepted = under_flood["requests"] - under_flood["status_errors"]
    out["survey POST while logins are hammered"] = (
        f"{under_flood['rps']:.1f} req/s, p99 {under_flood['p99']:.1f} ms, errors {under_flood['errors']}"
    )
    out["survey POST while logins are hammered: rows stored / responses accepted"] = (
        f"{stored} / {accepted} ({'OK' if accepted <= stored <= accepted + post.connections else 'MISMATCH'})"
    )
    return out


DOMAIN: list = [survey_scenarios, forum_scenarios, dashboard_scenarios, login_scenario]
