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
4. Coordination rooms, member vs non-member: a room opened by Bengkulu with one Bungo member holds a thread
   that member wrote (so it belongs to Bungo's instansi); every room object route × every other Bungo role ×
   every method is refused, no forum list shows its text to them, and the member does read it.
5. Lists beyond page 1: with a second and third Bungo copy of every scoped object, every API list is walked
   page by page (page_size=1) and every HTML list through its page links, as HR, a unit head and an ASN.
6. PATCH/PUT with real field changes: every API object route of Bengkulu gets a body built by its own
   serializer from the object (a text field changed), not only the generic workflow form; the positive control
   shows the same body changes Bungo's own row.
7. Counts and totals: every list/dashboard page and API list is fetched by every Bungo role, Bengkulu gets more
   rows of every model, and the same requests must show the same numbers (Bengkulu's HR officer sees the
   numbers of its own pages change: the control).

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
from .world import MARKER, ROLES, ROOM_MARKER, ROOM_MEMBER, STAFF_ROLES

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
    "akun/lupa-kata-sandi/": "forgotten password: same answer for every identity, rate-limited",
    "akun/aktivasi/<str:uidb64>/<str:token>/": "account activation by one-time signed token (set own password)",
    "akun/atur-ulang/<str:uidb64>/<str:token>/": "password reset by one-time signed token",
    "api/v1/auth/lupa-kata-sandi/": "forgotten password (API): same answer for every identity, rate-limited",
    "rekrutmen/pelamar/lupa-kata-sandi/": "applicant forgotten password: same answer for every identity",
    "rekrutmen/pelamar/atur-ulang/<str:uidb64>/<str:token>/": "applicant password reset by signed token",
    "rekrutmen/pelamar/kirim-ulang-konfirmasi/": "resend the applicant confirmation e-mail: same answer always",
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
    "pelatihan/sertifikat/": "certificate check page: a field to type a code (no data without a valid code)",
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


def room_co_members(world, role) -> list[str]:
    """For the shared room's Bungo member: the identities of the room's other members (Bengkulu's coordinator).
    A cross-instansi room shows its members to its members (forum/templates/forum/ruang_detail.html, the API's
    `anggota`); nothing else of Bengkulu may appear."""
    if role != ROOM_MEMBER:
        return []
    from forum.models import AnggotaRuang, RuangKoordinasi

    room = world.room[RuangKoordinasi]
    out = []
    for a in AnggotaRuang.objects.filter(ruang=room).select_related("user"):
        out += [a.user.username, a.user.get_full_name(), getattr(a.user, "nama", "")]
    return out


def marker_context(response, world, echoed="", also_allowed=()) -> str | None:
    """The text around the first MARKER in the body, ignoring the value the URL itself carried (a search box
    echoes it), PUBLIC_TEXT and `also_allowed`; None when there is none."""
    text = body_text(response)
    allowed = [echoed] if echoed else []
    allowed += list(also_allowed)
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
                leak = marker_context(response, world, echoed, room_co_members(world, role))
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


# --- 4. Coordination rooms: member vs non-member -----------------------------------------------------------
ROOM_MODELS = {"forum.RuangKoordinasi", "forum.Topik", "forum.Pos", "forum.Lampiran"}
ROOM_ROUTES = sorted(route for route, model in OBJECT_ROUTES.items() if model._meta.label in ROOM_MODELS)
ROOM_NON_MEMBERS = [r for r in STAFF_ROLES if r != ROOM_MEMBER]
ROOM_LIST_ROUTES = [route for route in LIST_ROUTES if "forum" in route or route == ""]


def room_url(route, world) -> str:
    pattern = PATTERN_BY_ROUTE[route]
    obj = world.room[OBJECT_ROUTES[route]]
    url = reverse_pattern(pattern, kwargs_for(pattern, obj))
    assert url, f"cannot build a URL for {route}"
    return url


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROOM_ROUTES)
def test_room_object_is_refused_to_non_members(route, attack_world):
    url = room_url(route, attack_world)
    target = attack_world.room[OBJECT_ROUTES[route]]
    problems = []
    watch = Watcher()
    for role in ROOM_NON_MEMBERS:
        client = client_for(attack_world, role)
        for method in METHODS:
            outcome = watch.send(client, method, url, target=target)
            wrong = denial(outcome.response)
            if wrong:
                problems.append(f"{method.upper()} {url} as {role} (not a member) → {wrong}")
            if outcome.written_tables or outcome.row_changed:
                problems.append(f"{method.upper()} {url} as {role} wrote {outcome.written_tables}")
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_room_lists_hide_the_room_from_non_members(attack_world):
    problems = []
    for route in ROOM_LIST_ROUTES:
        base = list_url(route)
        urls = [base]
        for name, model in sorted(query_params(PATTERN_BY_ROUTE[route]).items()):
            if model in attack_world.room:
                urls.append(f"{base}?{urlencode({name: attack_world.room[model].pk})}")
        urls.append(f"{base}?{urlencode({'q': ROOM_MARKER})}")
        for role in ROOM_NON_MEMBERS:
            client = client_for(attack_world, role)
            for url in urls:
                response = client.get(url)
                if response.status_code >= 500:
                    problems.append(f"GET {url} as {role} → {describe(response)}")
                elif response.status_code == 200 and ROOM_MARKER in body_text(response).replace(
                    f"q={ROOM_MARKER}", ""
                ).replace(f'value="{ROOM_MARKER}"', ""):
                    problems.append(f"GET {url} as {role} (not a member) shows the room's text")
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_room_member_reads_the_room(attack_world):
    """Positive control: the same URLs work for the member, so the refusals above are about membership."""
    client = client_for(attack_world, ROOM_MEMBER)
    readable = {
        route for route in ROOM_ROUTES if client.get(room_url(route, attack_world)).status_code == 200
    }
    for route in ("forum/ruang/<int:pk>/", "forum/topik/<int:pk>/", "forum/lampiran/<int:pk>/"):
        assert route in readable, f"the member cannot read {route}"
    page = client.get(room_url("forum/topik/<int:pk>/", attack_world))
    assert ROOM_MARKER in body_text(page)
    assert ROOM_MARKER in body_text(client.get("/forum/ruang/"))


# --- 5. Lists beyond the first page ------------------------------------------------------------------------
PAGING_ROLES = ["hr", "kepala", "asn"]
MAX_PAGES = 6
_PAGE_LINK = re.compile(r"[?&]page=(\d+)")


def _more_bungo_rows(world, copies=2):
    """More rows of every scoped model in Bungo (a factory that cannot run twice for one instansi is skipped),
    and enough pegawai for the HTML lists to have a second page."""
    from django.db import DatabaseError, transaction

    from asnportal.testing.factories import PegawaiFactory
    from tests.urlwalk import scoped_factories

    made = 0
    for _ in range(copies):
        for make in scoped_factories().values():
            try:
                with transaction.atomic():
                    make(world.bungo)
                made += 1
            except (DatabaseError, ValueError, LookupError):
                continue
    jabatan = world.users["asn"].pegawai.jabatan
    for _ in range(55):
        PegawaiFactory(jabatan=jabatan)
    return made


def _api_page(response) -> dict | None:
    if response.status_code != 200 or "json" not in response.get("Content-Type", ""):
        return None
    data = response.json()
    return data if isinstance(data, dict) and "count" in data and "next" in data else None


def _pages(client, url):
    """(URL, response, expected count) of page 2, 3, ... of a list. API: a page size that spreads every row
    over at most MAX_PAGES pages, following `next` (each page must report the first page's count); HTML: the
    page links of the first page."""
    sep = "&" if "?" in url else "?"
    if is_api(url):
        first = _api_page(client.get(f"{url}{sep}page_size=1"))
        if first is None or first["count"] < 2:
            return
        size = max(1, -(-first["count"] // MAX_PAGES))
        page = _api_page(client.get(f"{url}{sep}page_size={size}"))
        for _ in range(MAX_PAGES + 1):
            if page is None or not page["next"]:
                return
            nxt = page["next"].replace("http://testserver", "")
            response = client.get(nxt)
            yield nxt, response, first["count"]
            page = _api_page(response)
        return
    first = client.get(url)
    if first.status_code != 200 or "text/html" not in first.get("Content-Type", ""):
        return
    last = max((int(n) for n in _PAGE_LINK.findall(first.content.decode(errors="replace"))), default=1)
    sep = "&" if "?" in url else "?"
    for page in range(2, min(last, MAX_PAGES) + 1):
        yield f"{url}{sep}page={page}", client.get(f"{url}{sep}page={page}"), None


@pytest.mark.django_db
def test_pages_beyond_the_first_show_no_other_instansi_row(attack_world):
    assert _more_bungo_rows(attack_world) > 50
    problems, walked = [], set()
    for route in LIST_ROUTES:
        url = list_url(route)
        for role in PAGING_ROLES:
            client = client_for(attack_world, role)
            for page_url, response, count in _pages(client, url):
                walked.add(route)
                if response.status_code >= 500:
                    problems.append(f"GET {page_url} as {role} → {describe(response)}")
                elif count is not None and (_api_page(response) or {}).get("count") != count:
                    problems.append(f"GET {page_url} as {role} → count differs from the first page ({count})")
                elif response.status_code == 200:
                    leak = marker_context(response, attack_world)
                    if leak:
                        problems.append(f"GET {page_url} as {role} → Bengkulu data: …{leak!r}…")
    assert not problems, "\n".join(problems)
    # Not vacuous: many lists really had a second page, HTML and API.
    assert "kepegawaian/pegawai/" in walked and "api/v1/^pegawai/$" in walked, sorted(walked)
    assert len(walked) >= 40, f"only {len(walked)} lists had more than one page: {sorted(walked)}"


# --- 6. PATCH/PUT with real field changes ------------------------------------------------------------------
def _api_detail_routes():
    out = {}
    for route, model in OBJECT_ROUTES.items():
        pattern = PATTERN_BY_ROUTE[route]
        klass = view_class(pattern.callback)
        actions = getattr(pattern.callback, "actions", None) or {}
        if route.startswith("api/") and klass is not None and {"patch", "put"} & set(actions):
            out[route] = model
    return out


API_DETAIL_ROUTES = _api_detail_routes()


def real_body(route, obj, user) -> dict:
    """The writable fields of the route's serializer, filled from `obj` itself, with one text field changed."""
    from rest_framework.test import APIRequestFactory

    pattern = PATTERN_BY_ROUTE[route]
    klass = view_class(pattern.callback)
    request = APIRequestFactory().get("/")
    request.user = user
    view = klass(request=request, format_kwarg=None, action="partial_update", kwargs={"pk": obj.pk})
    serializer = view.get_serializer(obj)
    data = {}
    for name, field in serializer.fields.items():
        if field.read_only or name not in serializer.data:
            continue
        value = serializer.data[name]
        if value is None or isinstance(value, str) and value.startswith("http"):
            continue  # nulls and file URLs: not a value a client sends back
        data[name] = value
    for name, value in data.items():
        if isinstance(value, str) and not getattr(serializer.fields[name], "choices", None):
            data[name] = f"zqpatch {value}"[: getattr(serializer.fields[name], "max_length", None) or 200]
            break
    return data


@pytest.mark.django_db
@pytest.mark.parametrize("route", sorted(API_DETAIL_ROUTES))
def test_patch_with_real_changes_is_refused(route, attack_world):
    world = attack_world
    target = world.objects[API_DETAIL_ROUTES[route]]
    url = reverse_pattern(PATTERN_BY_ROUTE[route], kwargs_for(PATTERN_BY_ROUTE[route], target))
    body = real_body(route, target, world.users["hr_bengkulu"])
    problems = []
    watch = Watcher()
    for role in MATRIX_ROLES:
        client = client_for(world, role)
        for method in ("patch", "put"):
            outcome = watch.send(client, method, url, target=target, body=body)
            wrong = denial(outcome.response)
            if wrong:
                problems.append(f"{method.upper()} {url} {body} as {role} → {wrong}")
            if outcome.written_tables or outcome.row_changed:
                problems.append(f"{method.upper()} {url} as {role} wrote {outcome.written_tables}")
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_real_patch_body_changes_an_own_row(attack_world):
    """Positive control: the body of real_body() is accepted for Bengkulu's own HR officer (so the refusals
    above are about the instansi, not about a body the serializer would reject anyway)."""
    import json

    world = attack_world
    client = client_for(world, "hr_bengkulu")
    accepted = []
    for route in sorted(API_DETAIL_ROUTES):
        target = world.objects[API_DETAIL_ROUTES[route]]
        url = reverse_pattern(PATTERN_BY_ROUTE[route], kwargs_for(PATTERN_BY_ROUTE[route], target))
        body = real_body(route, target, world.users["hr_bengkulu"])
        response = client.patch(url, data=json.dumps(body), content_type="application/json")
        if response.status_code == 200 and "zqpatch" in response.content.decode():
            accepted.append(route)
    assert "api/v1/^jabatan/(?P<pk>[^/.]+)/$" in accepted, accepted
    assert len(accepted) >= len(API_DETAIL_ROUTES) // 3, (len(API_DETAIL_ROUTES), accepted)


# --- 7. Counts and totals -----------------------------------------------------------------------------------
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_TAGS = re.compile(r"<script.*?</script>|<style.*?</style>|<[^>]+>", re.S)
COUNT_ROLES = ["hr", "kepala", "asn"]  # HR-wide, unit-wide and own-record scopes (auditor reads as HR)
# Pages whose digits are fresh random data on every visit (not counts); the other matrix tests still walk them.
RANDOM_PAGES = {
    "akun/2fa/aktifkan/": "a new TOTP secret and QR code: the snapshot's rollback drops the pending device",
}


def _numbers(response) -> list[str]:
    text = body_text(response)
    if "html" in response.get("Content-Type", ""):
        text = _TAGS.sub(" ", text)
    return _NUMBER.findall(text)


def _snapshot(world, roles, routes) -> dict:
    """{(route, role): numbers on the page}, read inside a savepoint that is rolled back (audit rows of the
    reads themselves must not change the next snapshot)."""
    from django.core.cache import cache
    from django.db import transaction

    cache.clear()
    out = {}
    with transaction.atomic():
        for role in roles:
            client = client_for(world, role)
            for route in routes:
                response = client.get(list_url(route))
                out[(route, role)] = (
                    _numbers(response) if response.status_code == 200 else response.status_code
                )
        transaction.set_rollback(True)
    return out


@pytest.mark.django_db
def test_counts_and_totals_ignore_other_instansi(attack_world):
    import time_machine
    from django.db import DatabaseError, transaction
    from django.utils import timezone

    from tests.urlwalk import scoped_factories

    world = attack_world
    routes = [r for r in LIST_ROUTES if not r.endswith((".xlsx", ".csv", ".pdf")) and r not in RANDOM_PAGES]
    with time_machine.travel(timezone.now(), tick=False):
        before = _snapshot(world, COUNT_ROLES, routes)
        control_before = _snapshot(world, ["hr_bengkulu"], routes)
        for _ in range(2):
            for make in scoped_factories().values():
                try:
                    with transaction.atomic():
                        make(world.bengkulu)
                except (DatabaseError, ValueError, LookupError):
                    continue
        after = _snapshot(world, COUNT_ROLES, routes)
        control_after = _snapshot(world, ["hr_bengkulu"], routes)
    changed = [
        f"GET {list_url(route)} as {role}" for (route, role), v in before.items() if after[(route, role)] != v
    ]
    assert not changed, "numbers changed when only Bengkulu got more rows:\n" + "\n".join(changed)
    control = [
        route for (route, _), v in control_before.items() if control_after[(route, "hr_bengkulu")] != v
    ]
    assert "" in control and len(control) >= 20, f"Bengkulu's own numbers did not move: {control}"
