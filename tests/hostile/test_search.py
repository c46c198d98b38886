"""Odd search strings on every list page and API list: SQL-ish text, LIKE wildcards, a backslash, 5,000
characters, a NUL byte, right-to-left marks, markup. Never a 500, never a row of the other instansi (Bengkulu's
rows carry a marker in every free-text field; Bungo's HR officer asks), never the markup back unescaped in HTML.

Which parameters a page reads is found, not listed: the filterset of the view (django-filter, also what the DRF
filter backend reads), DRF `ordering`, and for function views every `request.GET.get("x")` / `request.GET["x"]`
/ `query_params` in the view's source, in the helpers it hands the request to (`_tahun(request)`,
`Periode.dari(request.GET)`) and in the forms/filtersets it binds to request.GET. A new page or filter is
therefore fuzzed without editing this file. Pages of one object that read GET parameters (`?kutip=` on a forum
thread, `?jenis=` on a SIASN reconciliation) are fuzzed too, on an object of the test's world.

Search boxes (`q`, ...) get every text payload; parameters the project's own code parses (a view, a helper, a
filter `method`) get four parser-breaking shapes; standard django-filter filters, DRF `ordering` and form fields
(parsed by Django's form fields first) get one string combining them all.

Each page is requested as the first of HR officer, atasan, ASN that may open it. Accepted answers: 200, 400
(refused), 404 (the parameter names an object that does not exist, e.g. ?unit=...).
"""

from __future__ import annotations

import inspect
import re

import pytest
from django import forms
from django.test import Client
from django.urls import reverse

from . import (
    NOT_HTML,
    build_world,
    created_since,
    kwargs_for,
    project_patterns,
    reverse_pattern,
    snapshot,
    write_text,
)

MARKER = "RAHASIABKL"  # written into every free-text field of the other instansi's rows

TEXT_PAYLOADS = [
    "' OR 1=1 --",
    "%",
    "_",
    "\\",
    '"; DROP TABLE x; --',
    "a" * 5000,
    "nama\x00nul",
    "\u202eabc\u202c\u200f\u061c",
    '"><script>alert(1)</script>',
]
NOT_PARAMS = {"berkas", "lampiran", "page", "format", "csrfmiddlewaretoken"}  # files (POST), paging, exports
TEXTY = re.compile(r"^(q|search|cari|nama|penulis|kode|instansi)$")
OK = {200, 400, 404}

# request.GET / request.query_params, and `params` in helpers handed request.GET (Periode.dari(params)).
GET_PARAM = re.compile(r"""(?<![\w])(?:GET|query_params|params)(?:\.get\(|\[)\s*["'](\w+)["']""")
HANDED = re.compile(r"""([\w.]+)\((?:self\.)?request(?:\.GET|\.query_params)?\s*[,)]""")
BOUND = re.compile(r"""([\w.]+)\(\s*(?:self\.)?request\.(?:GET|query_params)""")


def _resolve(dotted: str, namespace: dict):
    obj = namespace.get(dotted.split(".")[0])
    for part in dotted.split(".")[1:]:
        obj = getattr(obj, part, None)
    return obj


# How hard a parameter is fuzzed. "code": read by the project's own code (a view, a helper, a filter `method`):
# every odd shape. "validated": a standard django-filter filter, DRF ordering or a form field, which Django's form
# fields parse before any project code sees the value: one combined string. Search boxes: every text payload.
CODE, VALIDATED = "code", "validated"


def _filters(filterset) -> dict[str, str]:
    return {n: CODE if getattr(f, "method", None) else VALIDATED for n, f in filterset.base_filters.items()}


def _names_in(obj) -> dict[str, str]:
    """Parameters a form / filterset / helper function reads."""
    if isinstance(obj, type) and issubclass(obj, forms.BaseForm):
        return dict.fromkeys(obj.base_fields, VALIDATED)
    if isinstance(obj, type) and hasattr(obj, "base_filters"):
        return _filters(obj)
    if inspect.isfunction(obj) or inspect.ismethod(obj):
        try:
            return dict.fromkeys(GET_PARAM.findall(inspect.getsource(obj)), CODE)
        except (OSError, TypeError):
            return {}
    return {}


def view_params(callback) -> dict[str, str]:
    view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    target = view_class or inspect.unwrap(callback)
    params: dict[str, str] = {}

    def add(found: dict[str, str]):
        for name, kind in found.items():
            params[name] = CODE if CODE in (kind, params.get(name)) else kind

    if (filterset := getattr(view_class, "filterset_class", None)) is not None:
        add(_filters(filterset))
    add(dict.fromkeys(getattr(view_class, "filterset_fields", None) or (), VALIDATED))
    if getattr(view_class, "ordering_fields", None):
        add({"ordering": VALIDATED})
    try:
        source = inspect.getsource(target)
    except (OSError, TypeError):
        source = ""
    namespace = vars(inspect.getmodule(target)) if inspect.getmodule(target) else {}
    add(dict.fromkeys(GET_PARAM.findall(source), CODE))
    for dotted in set(HANDED.findall(source)) | set(BOUND.findall(source)):
        add(_names_in(_resolve(dotted, namespace)))
    return params


def list_endpoints():
    """(route, pattern, model, params): every page / API list that reads GET parameters — lists, and pages of
    one object (the fuzz builds their URL from an object of the test's world)."""
    out = []
    for route, pattern, model, path_params in project_patterns():
        if NOT_HTML.search(route) or model == "public" or route == "healthz":
            continue
        if path_params and (model is None or route.startswith("api/")):
            continue  # an API object route applies its list's filters (already fuzzed on the list)
        names = {n: kind for n, kind in view_params(pattern.callback).items() if n not in NOT_PARAMS}
        if names:
            out.append((route, pattern, model if path_params else None, names))
    return out


ENDPOINTS = list_endpoints()


def test_the_fuzzed_surface_is_found():
    """Guards the discovery: the known search boxes and filters are among what is fuzzed."""
    found = {route: p for route, _pattern, _model, p in ENDPOINTS}
    for route, param in [
        ("kepegawaian/pegawai/", "q"),
        ("kepegawaian/struktur/", "q"),
        ("forum/cari/", "q"),
        ("survei/saran/", "q"),
        ("rekrutmen/lamaran/", "q"),
        ("kehadiran/rekap/", "bulan"),
        ("audit/", "object_type"),
        ("api/v1/^pegawai/$", "q"),
        ("api/v1/^pegawai/$", "ordering"),
        ("forum/topik/<int:pk>/", "kutip"),
        ("kepegawaian/siasn/<int:pk>/", "jenis"),
    ]:
        assert param in found.get(route, {}), (
            f"{route} ?{param}= is not fuzzed; discovery found {found.get(route)}"
        )
    assert len(ENDPOINTS) >= 80, f"only {len(ENDPOINTS)} endpoints with GET parameters found"


# --- the fuzz ------------------------------------------------------------------------------------------------
# For parameters that are ids, years, dates or choices the LIKE characters mean nothing: one string with every
# parser-breaking shape at once, and a long one.
COMBINED = '\' OR 1=1 --"; DROP TABLE x; --%_\\\x00\u202e"><script>alert(1)</script>'
PAYLOADS = {
    CODE: [
        COMBINED,
        "\u00b2",  # "²": str.isdigit() says yes, int() says no
        "9" * 20,  # parses as an int, overflows a date or a C long
        "1" * 5000,
    ],
    VALIDATED: [COMBINED],
}
CHUNKS = 4


def _cost(endpoint) -> int:
    return sum(len(TEXT_PAYLOADS if TEXTY.match(p) else PAYLOADS[kind]) for p, kind in endpoint[3].items())


def _balanced() -> list[list]:
    """ENDPOINTS in CHUNKS groups of about the same number of requests (largest first into the lightest)."""
    groups = [[] for _ in range(CHUNKS)]
    for e in sorted(ENDPOINTS, key=_cost, reverse=True):
        min(groups, key=lambda g: sum(map(_cost, g))).append(e)
    return groups


def chunk(i: int):
    return _balanced()[i]


@pytest.fixture
def worlds(instansi_bungo, instansi_bengkulu, hr_bungo, hr_bengkulu, asn_bungo, pimpinan_bungo):
    """Bungo's objects, then Bengkulu's with MARKER in every free-text field (what must never show up)."""
    from forum.models import AnggotaRuang, RuangKoordinasi

    world = build_world(instansi_bungo)
    for ruang in RuangKoordinasi.objects.filter(instansi=instansi_bungo):
        AnggotaRuang.objects.get_or_create(ruang=ruang, user=hr_bungo)  # room threads open for the HR officer
    before = snapshot()
    build_world(instansi_bengkulu)
    created = created_since(before)
    written, _refused = write_text(lambda label, room: MARKER if room >= len(MARKER) else None, only=created)
    assert sum(written.values()) > 100, "the other instansi's rows were not marked"
    own = Client()
    own.force_login(hr_bengkulu)
    page = own.get(reverse("kepegawaian:pegawai_list")).content.decode()
    assert MARKER in page, "control: the marked rows show on their own instansi's list (else leaks go unseen)"
    return world


def _clients(hr_bungo, asn_bungo, pimpinan_bungo):
    out = []
    for user in (hr_bungo, pimpinan_bungo, asn_bungo):
        c = Client()
        c.force_login(user)
        c.raise_request_exception = False  # a 500 is reported with its URL and payload
        out.append((user.username, c))
    return out


@pytest.mark.django_db
@pytest.mark.parametrize("part", range(CHUNKS), ids=[f"part{i + 1}of{CHUNKS}" for i in range(CHUNKS)])
def test_odd_search_strings_never_fail_or_leak(part, worlds, hr_bungo, asn_bungo, pimpinan_bungo):
    clients = _clients(hr_bungo, asn_bungo, pimpinan_bungo)
    problems, fuzzed, requests = [], 0, 0
    for route, pattern, model, params in chunk(part):
        url = reverse_pattern(pattern, kwargs_for(pattern, worlds[model._meta.label]) if model else None)
        if url is None:
            problems.append(f"{route}: no URL could be built (model {model})")
            continue
        # The first role that may open the page (HR officer; the atasan or the ASN for their own pages).
        who, client = next(((n, c) for n, c in clients if c.get(url).status_code == 200), (None, None))
        if client is None:
            continue
        fuzzed += 1
        for param, kind in sorted(params.items()):
            for payload in TEXT_PAYLOADS if TEXTY.match(param) else PAYLOADS[kind]:
                resp = client.get(url, {param: payload})
                requests += 1
                where = f"GET {url}?{param}={payload[:40]!r}{'…' if len(payload) > 40 else ''} as {who}"
                if resp.status_code not in OK:
                    problems.append(f"{where} → {resp.status_code}")
                    continue
                body = resp.content.decode("utf-8", "replace")
                if MARKER in body:
                    problems.append(f"{where}: shows a row of the other instansi ({MARKER})")
                if "text/html" in resp.get("Content-Type", "") and "<script>alert(1)</script>" in body:
                    problems.append(f"{where}: the parameter is reflected unescaped")
    assert not problems, f"{len(problems)} problems in {requests} requests:\n" + "\n".join(problems)
    assert fuzzed >= len(chunk(part)) // 2, f"only {fuzzed} of {len(chunk(part))} endpoints could be opened"
