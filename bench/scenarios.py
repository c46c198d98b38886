"""The benchmark scenarios of issue 11, with the ids/slugs they need looked up in the bench database."""

from __future__ import annotations

import os
import re
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


DOMAIN: list = []


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


def after(scenarios, base, login, duration, run_wrk) -> dict:
    """Extra figures after the main runs (login flood against other pages, stored-row checks)."""
    return {}
