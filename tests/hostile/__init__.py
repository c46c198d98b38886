"""Hostile-input suite: stored XSS, hostile uploads, hostile imports, odd search strings.

Shared helpers: the project's models and their free-text fields, building one object of every scoped model
through the apps' factories (SCOPED_OBJECTS), and walking the URL conf with tests/urlwalk.py (shared with the scoping sweep and the access matrix), so new models,
fields and pages are covered without editing this suite.
"""

from __future__ import annotations

import os
import re

from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.urls import URLResolver, get_resolver

from tests import urlwalk
from tests.urlwalk import scoped_factories, view_model  # noqa: F401  (shared URL walking)

# The apps of this repository (not third-party ones): asnportal, kepegawaian, rekrutmen, kinerja, ...
PROJECT_APPS = [
    c.name
    for c in apps.get_app_configs()
    if c.path.startswith(str(settings.BASE_DIR)) and ".venv" not in c.path
]

# Free-text fields are CharField/TextField without choices. These are left out because they are not text a
# person types but machine values other code parses or looks up; a markup payload there breaks the parser
# (a 500 that says nothing about escaping) instead of testing the templates.
STRUCTURAL_FIELDS = {
    "kepegawaian.User.password": "password hash",
    "rekrutmen.Pelamar.password": "password hash",
    "kepegawaian.UnitKerja.path": "materialised tree path (parsed for ancestors/descendants)",
    "kehadiran.JadwalKerja.hari_kerja": "comma-separated weekday numbers, parsed",
    "kehadiran.LokasiKantor.jaringan": "CIDR list, parsed by ipaddress",
    "forum.Pos.isi_html": "already the output of forum's nh3 sanitiser (rendered |safe by design; the "
    "sanitiser has its own battery in forum/tests/test_markdown.py)",
    "laporan.LaporanRun.kunci": "idempotency key (hash of the request)",
    "asnportal.BatasLaju.kunci": "rate-limit counter key",
    "survei.Respons.ip_hash": "keyed hash",
    "survei.Respons.token_hash": "keyed hash",
    "survei.Respons.sidik": "keyed hash",
    "survei.BatasLaju.ip_hash": "keyed hash",
    "rekrutmen.ImporNilai.sha256": "hash",
    "laporan.LaporanRun.sha256": "hash",
    "asnportal.PortalSession.session_key": "session key (random, looked up on every request)",
    "asnportal.PortalSession.session_data": "signed, encoded session data (decoded by the session engine)",
    "asnportal.KunciTandaTangan.sertifikat_pem": "PEM certificate, parsed by cryptography when signing",
}
# Shorter than the smallest markup payload (`<x12>`): cannot carry an injection at all.
MIN_PAYLOAD_LENGTH = 6


def project_models():
    out = []
    for app in PROJECT_APPS:
        out.extend(apps.get_app_config(app).get_models())
    return out


def free_text_fields(model):
    fields = []
    for f in model._meta.concrete_fields:
        if not isinstance(f, models.CharField | models.TextField) or f.choices:
            continue
        if isinstance(f, models.SlugField | models.EmailField):
            continue  # validated identifiers (slugs are URL parts); e-mail is validated on every input
        if f"{model._meta.label}.{f.name}" in STRUCTURAL_FIELDS:
            continue
        if f.max_length is not None and f.max_length < MIN_PAYLOAD_LENGTH:
            continue
        fields.append(f)
    return fields


def all_free_text_fields():
    """[(label.field, model, field)] in a stable order; the position is the payload's number."""
    out = []
    for model in project_models():
        for f in free_text_fields(model):
            out.append((f"{model._meta.label}.{f.name}", model, f))
    return sorted(out, key=lambda t: t[0])


def _unique_fields(model) -> set[str]:
    names = {f.name for f in model._meta.concrete_fields if f.unique}
    for group in model._meta.unique_together:
        names.update(group)
    for c in model._meta.constraints:
        names.update(getattr(c, "fields", ()) or ())
    return names


def write_text(value_for, only: dict | None = None) -> tuple[dict[str, int], dict[str, str]]:
    """Write value_for(label, room) (the longest text that fits `room` characters, or None) into every free-text
    field of every row — or only of the rows only[model] — straight to the database (no form validation: this
    is what the templates must survive). A unique field gets a "~pk" suffix. Returns ({label: rows written},
    {label: why refused}); a database CHECK constraint refusing the text (e.g. NIK digits only) is fine."""
    written, refused = {}, {}
    for label, model, field in all_free_text_fields():
        pks = list(model._base_manager.values_list("pk", flat=True)) if only is None else only.get(model, [])
        unique = field.name in _unique_fields(model)
        rows = [(pks, "")] if not unique else [([pk], f"~{pk}") for pk in pks]
        written[label] = 0
        for group, suffix in rows if pks else []:
            value = value_for(label, (field.max_length or 10_000) - len(suffix))
            if value is None:
                continue
            try:
                with transaction.atomic():
                    n = model._base_manager.filter(pk__in=group).update(**{field.name: value + suffix})
            except IntegrityError as exc:
                refused[label] = str(exc).splitlines()[0]
                break
            written[label] += n
    return written, refused


def build_world(instansi) -> dict:
    """One object of every model in any app's SCOPED_OBJECTS, owned by `instansi` ({label: obj})."""
    out = {}
    for model, make in scoped_factories().items():
        out[model._meta.label] = make(instansi)
    return out


def snapshot():
    """{model: set(pk)} of every project model, to tell which rows a step created."""
    return {m: set(m._default_manager.values_list("pk", flat=True)) for m in project_models()}


def created_since(before):
    return {m: set(m._default_manager.values_list("pk", flat=True)) - pks for m, pks in before.items()}


# --- URL conf ----------------------------------------------------------------------------------------------
def walk(patterns=None, prefix=""):
    """(route, pattern) for every URL pattern, namespaces included (tests/urlwalk.py from the root conf)."""
    return urlwalk.walk(get_resolver().url_patterns if patterns is None else patterns, prefix)


def project_patterns():
    """(route, pattern, model_or_'public'_or_None, params) for project views (not admin, i18n, schema)."""
    out = []
    for route, pattern in walk():
        module = getattr(pattern.callback, "__module__", "")
        if module.split(".")[0] not in PROJECT_APPS:
            continue
        params = set(pattern.pattern.regex.groupindex) - {"format"}
        out.append((route, pattern, view_model(pattern.callback), params))
    return out


def is_api(route: str) -> bool:
    return route.startswith("api/")


def _all_names(resolver=None, ns=""):
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            yield from _all_names(p, f"{ns}{p.namespace}:" if p.namespace else ns)
        elif p.name:
            yield f"{ns}{p.name}", p.callback


def reverse_pattern(pattern, kwargs=None):
    """The URL of a pattern found by walking the resolver (namespaces included), or None."""
    from django.urls import NoReverseMatch, reverse

    for name, callback in _all_names():
        if callback is not pattern.callback:
            continue
        try:
            return reverse(name, kwargs=kwargs or None)
        except NoReverseMatch:
            continue
    return None


def kwargs_for(pattern, obj) -> dict:
    """URL kwargs naming `obj` (pk/id, or an attribute of the same name, e.g. slug/kode)."""
    view_class = getattr(pattern.callback, "view_class", None) or getattr(pattern.callback, "cls", None)
    custom = getattr(view_class, "scoping_kwargs", None) or getattr(pattern.callback, "scoping_kwargs", None)
    if custom:
        return custom(obj)
    kwargs = {}
    for name in pattern.pattern.regex.groupindex:
        if name == "format":
            kwargs[name] = "json"
        elif name not in ("pk", "id") and hasattr(obj, name):
            kwargs[name] = getattr(obj, name)
        else:
            kwargs[name] = obj.pk
    return kwargs


# Pages that are not HTML (files, PDFs, spreadsheets) or that only log out; not crawled for markup.
NOT_HTML = re.compile(r"(pdf|\.xlsx|\.csv|ekspor|unduh|templat|poster|bukti|lampiran/|keluar/|dokumen/)")


def media_files(root=None) -> set[str]:
    root = str(root or settings.MEDIA_ROOT)
    found = set()
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            found.add(os.path.relpath(os.path.join(dirpath, name), root))
    return found
