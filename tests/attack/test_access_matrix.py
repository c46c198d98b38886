"""Access-control matrix: every route of the URL conf × every role, against the data of ANOTHER instansi.

Generated from the URL conf (tests/urlwalk.py), so a new route cannot escape it:

1. Object routes (a parameter naming an object) × every role of Bungo (world.ROLES minus "anonim", which the
   anonymous sweep covers for every route): the object is Bengkulu's; GET/POST/PUT/PATCH/DELETE must be refused
   (401/403/404/405 or a redirect to a login page), and no request may write to the database (PostgreSQL:
   every attempted insert/update/delete of the transaction is counted; the target row is also compared).
2. List routes (no parameter: pages, exports, API lists) × every role of Bungo: a 200 body must not contain
   MARKER, which prefixes every free-text field of every Bengkulu row. The same with query parameters the view
   reads (its filterset and the `request.GET` names in its source) pointing at Bengkulu's objects. The positive
   control shows Bengkulu's own HR officer does see the marker, so the search is not vacuous.
3. Anonymous: every route (admin, API and pages, objects included) × every method is refused, except the
   public routes listed below with their reason.

Routes that are public on purpose are listed in PUBLIC_ROUTES / APPLICANT_ROUTES with the reason, and the
static tests fail when a @public_view route appears that is in neither. The superadmin is not an attacker role:
it reads every instansi by design.
"""

from __future__ import annotations

import inspect
import re
from urllib.parse import urlencode

import pytest
from django.apps import apps

from tests.urlwalk import (
    is_project_view,
    kwargs_for,
    reverse_pattern,
    sample_url,
    url_params,
    view_class,
    view_model,
    walk_with_names,
)

from .support import (
    ANONYMOUS_DENIAL_STATUSES,
    METHODS,
    Watcher,
    body_text,
    client_for,
    denial,
    describe,
    is_api,
)
from .world import MARKER, ROLES, STAFF_ROLES

# --- Routes that are public on purpose ---------------------------------------------------------------------
PUBLIC_ROUTES = {
    "healthz": "health probe for the load balancer: status of database and broker, no tenant data",
    "masuk/": "the staff login form",
    "keluar/": "logout (POST only)",
    "i18n/setlang/": "language switch (cookie)",
    "api/schema/": "OpenAPI description of the API (no data)",
    "api/docs/": "interactive API documentation page (no data)",
    "api/v1/auth/token/": "token endpoint: username/NIP and password in, token out",
    "admin/login/": "Django admin login form",
    "admin/logout/": "Django admin logout",
    "rekrutmen/lowongan/": "open formasi of every instansi are advertised to the public",
    "rekrutmen/lowongan/<int:pk>/": "an open formasi's advertisement (404 unless open)",
    "rekrutmen/hasil/": "announced recruitment results are published (transparency)",
    "rekrutmen/hasil/<int:pk>/": "an announced round's published results (404 unless published)",
    "rekrutmen/hasil/pengumuman/<int:pk>.pdf": "printable published announcement",
    "rekrutmen/pelamar/daftar/": "applicant registration form",
    "rekrutmen/pelamar/masuk/": "applicant sign-in form",
    "rekrutmen/pelamar/keluar/": "applicant sign-out (POST only)",
    "rekrutmen/pelamar/konfirmasi/<str:token>/": "e-mail confirmation by signed token, no object id",
    "pelatihan/sertifikat/<str:kode>/": "QR certificate verification by unguessable code",
    "dokumen/verifikasi/<str:kode>/": "QR verification of an issued official document by unguessable code",
    "survei/hasil/": "published IKM results (transparency)",
    "survei/<slug:slug>/": "the citizen satisfaction survey form of a service unit",
    "survei/<slug:slug>/terima-kasih/": "the survey's thank-you page (receipt only with a signed token)",
    "kinerja/publik/<slug:kode>/": "published performance summary of an instansi",
}
# Applicant pages (@public_view + pelamar_required): anonymous users and staff are sent to the applicant login.
APPLICANT_ROUTES = {
    "rekrutmen/pelamar/": "the applicant's own dashboard",
    "rekrutmen/pelamar/lamar/<int:pk>/": "apply to an open formasi; any instansi's open formasi, by design",
    "rekrutmen/pelamar/lamaran/<int:pk>/": "own application",
    "rekrutmen/pelamar/lamaran/<int:pk>/unggah/<int:syarat_pk>/": "upload to own application",
    "rekrutmen/pelamar/lamaran/<int:pk>/kirim/": "submit own application",
    "rekrutmen/pelamar/lamaran/<int:pk>/sanggah/": "objection on own application",
    "rekrutmen/pelamar/dokumen/<int:pk>/": "own uploaded document",
}
# Applicant routes naming another applicant's object, tested in the matrix (model, extra kwargs).
APPLICANT_OBJECTS = {
    "rekrutmen/pelamar/lamaran/<int:pk>/": ("rekrutmen.Lamaran", None),
    "rekrutmen/pelamar/lamaran/<int:pk>/unggah/<int:syarat_pk>/": (
        "rekrutmen.Lamaran",
        lambda lamaran: {"syarat_pk": lamaran.formasi.persyaratan.first().pk},
    ),
    "rekrutmen/pelamar/lamaran/<int:pk>/kirim/": ("rekrutmen.Lamaran", None),
    "rekrutmen/pelamar/lamaran/<int:pk>/sanggah/": ("rekrutmen.Lamaran", None),
    "rekrutmen/pelamar/dokumen/<int:pk>/": ("rekrutmen.DokumenLamaran", None),
}
# URL parameters that select a branch of the view rather than an object: every value is tried.
PARAM_VALUES = {
    "aksi": ["ajukan", "setujui", "kembalikan", "revisi"],
    "periode": [0, 1],
}
# The models of the public object routes, for the anonymous sweep (objects of Bengkulu).
PUBLIC_OBJECT_MODELS = {
    "rekrutmen/lowongan/<int:pk>/": "rekrutmen.Formasi",
    "rekrutmen/hasil/<int:pk>/": "rekrutmen.Seleksi",
    "rekrutmen/hasil/pengumuman/<int:pk>.pdf": "rekrutmen.Publikasi",
    "rekrutmen/pelamar/lamar/<int:pk>/": "rekrutmen.Formasi",
    "pelatihan/sertifikat/<str:kode>/": "pelatihan.Sertifikat",
    "dokumen/verifikasi/<str:kode>/": "asnportal.Dokumen",
    "survei/<slug:slug>/": "survei.UnitLayanan",
    "survei/<slug:slug>/terima-kasih/": "survei.UnitLayanan",
    "kinerja/publik/<slug:kode>/": "kepegawaian.Instansi",
    **{route: label for route, (label, _) in APPLICANT_OBJECTS.items()},
}

ROUTES = list(walk_with_names())
PATTERN_BY_ROUTE = {}
for _route, _pattern, _name in ROUTES:
    PATTERN_BY_ROUTE.setdefault(_route, _pattern)

OBJECT_ROUTES = {}  # route -> model
for _route, _pattern, _name in ROUTES:
    if not is_project_view(_pattern.callback) or not url_params(_pattern):
        continue
    _model = view_model(_pattern.callback)
    if _model == "public":
        if _route in APPLICANT_OBJECTS:
            OBJECT_ROUTES[_route] = apps.get_model(APPLICANT_OBJECTS[_route][0])
        continue
    if _model is not None:
        OBJECT_ROUTES[_route] = _model

LIST_ROUTES = sorted(
    {
        route
        for route, pattern, _ in ROUTES
        if not url_params(pattern) and not route.startswith("admin/") and route not in PUBLIC_ROUTES
    }
)

MATRIX_ROLES = [r for r in ROLES if r != "anonim"]
MATRIX = [(route, role) for route in OBJECT_ROUTES for role in MATRIX_ROLES]


# --- Building URLs -----------------------------------------------------------------------------------------
def object_urls(route, world) -> list[tuple[str, str]]:
    """(URL naming Bengkulu's object, the same URL naming an object that does not exist), one per value of a
    branch parameter."""
    pattern = PATTERN_BY_ROUTE[route]
    model = OBJECT_ROUTES.get(route) or apps.get_model(PUBLIC_OBJECT_MODELS[route])
    obj = world.objects[model]
    kwargs = kwargs_for(pattern, obj)
    if route in APPLICANT_OBJECTS and APPLICANT_OBJECTS[route][1]:
        kwargs.update(APPLICANT_OBJECTS[route][1](obj))
    variants = [kwargs]
    for name, values in PARAM_VALUES.items():
        if name in kwargs:
            variants = [{**v, name: value} for v in variants for value in values]
    out = []
    for v in variants:
        key = next(k for k in (*OBJECT_PARAMS, *v) if k in v)
        missing = {**v, key: NONEXISTENT[isinstance(v[key], int)]}
        out.append((reverse_pattern(pattern, v), reverse_pattern(pattern, missing)))
    assert all(u for pair in out for u in pair), f"cannot build a URL for {route} with {variants}"
    return out


OBJECT_PARAMS = ("pk", "id", "slug", "kode")
NONEXISTENT = {True: 2_147_483_647, False: "tidak-ada-999"}


def any_url(route, world) -> str:
    """A URL of any route: Bengkulu's object when the model is known, placeholder values otherwise."""
    pattern = PATTERN_BY_ROUTE[route]
    if url_params(pattern) and (route in OBJECT_ROUTES or route in PUBLIC_OBJECT_MODELS):
        return object_urls(route, world)[0][0]
    return sample_url(route, pattern)


def list_url(route) -> str:
    return any_url(route, None)


# --- 1. Object routes × roles ------------------------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize(("route", "role"), MATRIX, ids=[f"{r} | {role}" for r, role in MATRIX])
def test_other_instansi_object_is_refused(route, role, attack_world):
    world = attack_world
    target = world.objects[OBJECT_ROUTES[route]]
    problems = []
    watch = Watcher()
    for url, missing_url in object_urls(route, world):
        client = client_for(world, role)
        for method in METHODS:
            outcome = watch.send(client, method, url, target=target)
            status = outcome.response.status_code
            wrong = denial(outcome.response)
            if (
                wrong
                and status == 400
                and watch.send(client, method, missing_url).response.status_code == 400
            ):
                # The body was refused before the object was looked up: the same 400 for an object that does
                # not exist, so the answer says nothing about Bengkulu's object.
                wrong = None
            if wrong:
                problems.append(f"{method.upper()} {url} as {role} → {wrong} (expected 403/404/405)")
            if outcome.written_tables or outcome.row_changed:
                problems.append(
                    f"{method.upper()} {url} as {role} → {status} but wrote {outcome.written_tables}"
                    + (" and changed the Bengkulu object" if outcome.row_changed else "")
                )
    assert not problems, f"Bengkulu's {target._meta.label} reachable from Bungo:\n" + "\n".join(problems)


def test_matrix_covers_every_object_route_and_role():
    """Static: the object routes come from the URL conf; each is in the matrix for every role."""
    assert len(OBJECT_ROUTES) >= 200, (
        f"only {len(OBJECT_ROUTES)} object routes found: {sorted(OBJECT_ROUTES)}"
    )
    missing = [
        route
        for route, pattern, _ in ROUTES
        if is_project_view(pattern.callback)
        and url_params(pattern)
        and route not in OBJECT_ROUTES
        and route not in PUBLIC_ROUTES
        and route not in APPLICANT_ROUTES
    ]
    assert not missing, (
        "these routes take a parameter but are neither in the matrix nor declared public; set `model`/"
        f"`queryset`, @scoped_model, or review them into PUBLIC_ROUTES/APPLICANT_ROUTES: {missing}"
    )
    assert {role for _, role in MATRIX} == set(STAFF_ROLES) | {"pelamar"}


def test_public_routes_are_declared():
    """Static: every @public_view route is reviewed here (public, or applicant-only), and every route listed
    here exists (a renamed route must not leave a stale exception behind)."""
    declared = set(PUBLIC_ROUTES) | set(APPLICANT_ROUTES)
    marked = {
        route for route, p, _ in ROUTES if is_project_view(p.callback) and view_model(p.callback) == "public"
    }
    unreviewed = sorted(marked - declared)
    assert not unreviewed, f"new @public_view routes; review and list them with a reason: {unreviewed}"
    stale = sorted(declared - {route for route, _, _ in ROUTES})
    assert not stale, f"listed as public but no such route any more: {stale}"


# --- 2. List routes × roles: no Bengkulu row in any answer -------------------------------------------------
_GET_NAME = re.compile(r"""(?:GET|query_params)\s*(?:\.get(?:list)?\(\s*|\[\s*)["'](\w+)["']""")


def _filterset_params(klass):
    """{param: model} of a view's filterset (django-filter) or DRF `filterset_fields`."""
    out = {}
    fs = getattr(klass, "filterset_class", None)
    model = None
    qs = getattr(klass, "queryset", None)
    if qs is not None:
        model = qs.model
    if fs is not None:
        model = fs._meta.model or model
        for name, flt in fs.base_filters.items():
            out[name] = _related_model(model, getattr(flt, "field_name", name))
    for name in getattr(klass, "filterset_fields", None) or []:
        out[name] = _related_model(model, name)
    return out


def _related_model(model, path):
    """The model a filter's field path ends on, when it ends on a relation (None for plain values)."""
    target = None
    for part in path.split("__"):
        try:
            field = model._meta.get_field(part)
        except Exception:  # noqa: BLE001 - a lookup or a computed filter, not a model field
            return target if part in ("in", "exact") else None
        target = field.related_model
        if target is None:
            return None
        model = target
    return target


# Query parameter names that name an object without the model in the name.
PARAM_ALIASES = {
    "unit": "kepegawaian.UnitKerja",
    "unit_kerja": "kepegawaian.UnitKerja",
    "kutip": "forum.Pos",
    "kutipan": "forum.Pos",
}


def query_params(pattern) -> dict[str, object]:
    """{name: model or None} of the query parameters the view reads."""
    callback = pattern.callback
    klass = view_class(callback)
    out = {}
    for obj in (klass, getattr(callback, "__wrapped__", None) or callback):
        if obj is None:
            continue
        try:
            source = inspect.getsource(obj)
        except (OSError, TypeError):
            continue
        for name in _GET_NAME.findall(source):
            out.setdefault(name, None)
    if klass is not None:
        for name, model in _filterset_params(klass).items():
            if model is not None or name not in out:
                out[name] = model
    models_by_name = {m._meta.model_name: m for m in apps.get_models()}
    for name, model in list(out.items()):
        if model is None:
            label = PARAM_ALIASES.get(name)
            out[name] = apps.get_model(label) if label else models_by_name.get(name.replace("_", ""))
    return out


def injected_urls(route, world) -> list[tuple[str, str]]:
    """(URL, value) for the list URL with each object parameter set to Bengkulu's object (pk, slug, kode)."""
    pattern = PATTERN_BY_ROUTE[route]
    base = list_url(route)
    urls = []
    for name, model in sorted(query_params(pattern).items()):
        obj = world.objects.get(model) if model is not None else None
        if obj is None:
            continue
        values = {obj.pk, *(getattr(obj, a) for a in ("slug", "kode") if getattr(obj, a, None))}
        for value in sorted(values, key=str):
            urls.append((f"{base}?{urlencode({name: value})}", str(value)))
    return urls


# Bengkulu text that may appear on Bungo's pages by design, with the reason.
PUBLIC_TEXT = {
    "kepegawaian.Instansi.nama": "names of governments are public: a training programme's organiser may be any "
    "instansi (pelatihan.forms.ProgramForm), the inter-agency forum's search filters by instansi",
}


def marker_context(response, world, echoed="") -> str | None:
    """The text around the first MARKER in the body, ignoring the value the URL itself carried (a search box
    echoes it) and PUBLIC_TEXT; None when there is none."""
    text = body_text(response)
    allowed = [echoed] if echoed else []
    for path in PUBLIC_TEXT:
        label, field = path.rsplit(".", 1)
        allowed.append(getattr(world.objects[apps.get_model(label)], field))
    for value in sorted(filter(None, allowed), key=len, reverse=True):
        text = text.replace(value, "")
    if MARKER not in text:
        return None
    at = text.index(MARKER)
    return text[max(0, at - 80) : at + 80]


LIST_MATRIX = [(route, role) for route in LIST_ROUTES for role in MATRIX_ROLES]


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "role"), LIST_MATRIX, ids=[f"{r} | {role}" for r, role in LIST_MATRIX])
def test_list_shows_no_other_instansi_row(route, role, attack_world):
    world = attack_world
    client = client_for(world, role)
    problems = []
    for url, echoed in [(list_url(route), ""), *injected_urls(route, world)]:
        # The API also answers HTML (DRF's browsable renderer, with its filter and raw-data forms).
        for accept in ("*/*", "text/html") if is_api(url) and not echoed else ("*/*",):
            response = client.get(url, HTTP_ACCEPT=accept)
            status = response.status_code
            asked = f"GET {url} (Accept: {accept}) as {role}"
            if status >= 500:
                problems.append(f"{asked} → {describe(response)}")
            elif status == 200:
                leak = marker_context(response, world, echoed)
                if leak:
                    problems.append(f"{asked} → 200 containing Bengkulu data: …{leak!r}…")
    assert not problems, "\n".join(problems)


# Lists that Bengkulu's own HR officer must see its marked rows in: proves the marker search finds leaks.
CONTROL_ROUTES = [
    "kepegawaian/pegawai/",
    "kepegawaian/unit-kerja/",
    "api/v1/^pegawai/$",
    "rekrutmen/seleksi/",
    "pelatihan/program/",
    "survei/unit/",
    "kehadiran/koreksi/",
    "api/v1/^kinerja/skp/$",
]


@pytest.mark.django_db
def test_marker_is_visible_to_the_owning_instansi(attack_world):
    client = client_for(attack_world, "hr_bengkulu")
    blind = []
    for route in CONTROL_ROUTES:
        assert route in LIST_ROUTES, f"control route {route} is gone from the URL conf"
        url = list_url(route)
        response = client.get(url)
        if response.status_code != 200 or not marker_context(response, attack_world):
            blind.append(f"GET {url} as hr_bengkulu → {response.status_code} without {MARKER}")
    assert not blind, "the marker search would not see a leak:\n" + "\n".join(blind)


# --- 3. Anonymous: every non-public route is refused ---------------------------------------------------------
ANON_ROUTES = sorted({route for route, _, _ in ROUTES if route not in PUBLIC_ROUTES})


@pytest.mark.django_db
@pytest.mark.parametrize("route", ANON_ROUTES)
def test_anonymous_is_refused(route, attack_world):
    world = attack_world
    url = any_url(route, world)
    model = OBJECT_ROUTES.get(route)
    target = world.objects.get(model) if model is not None else None
    client = client_for(world, "anonim")
    problems = []
    watch = Watcher()
    for method in METHODS:
        outcome = watch.send(client, method, url, target=target)
        wrong = denial(outcome.response, ANONYMOUS_DENIAL_STATUSES)
        if wrong:
            problems.append(
                f"{method.upper()} {url} as anonim → {wrong} (expected a login redirect or 401/403/405)"
            )
        if outcome.written_tables or outcome.row_changed:
            problems.append(
                f"{method.upper()} {url} as anonim → {outcome.response.status_code} but wrote "
                f"{outcome.written_tables}"
            )
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_world_roles_are_what_they_claim(attack_world):
    """The roles of the matrix really are those roles (a mislabelled fixture would make the matrix vacuous)."""
    from asnportal import scoping

    users = attack_world.users
    assert scoping.can_manage(users["hr"]) and users["hr"].instansi == attack_world.bungo, "hr is Bungo's HR"
    assert scoping.can_read_instansi(users["auditor"]) and not scoping.can_manage(users["auditor"]), "auditor"
    for role in ("kepala", "atasan"):
        assert scoping.is_pimpinan(users[role]), f"{role} heads a unit"
    assert users["asn"].pegawai.atasan == users["atasan"].pegawai, "atasan is the direct atasan of asn"
    assert users["atasan"].pegawai.atasan == users["kepala"].pegawai, "kepala is the atasan of atasan"
    assert not scoping.is_pimpinan(users["asn"]) and users["asn_tanpa_pegawai"].pegawai is None, "plain ASN"
    assert users["hr_bengkulu"].instansi == attack_world.bengkulu, "control: Bengkulu's HR officer"
    response = client_for(attack_world, "pelamar").get("/rekrutmen/pelamar/")
    assert response.status_code == 200, f"GET /rekrutmen/pelamar/ as pelamar → {response.status_code}"
    assert attack_world.marked_rows > 200, f"only {attack_world.marked_rows} Bengkulu rows carry the marker"
