"""Issue 16: no developer notes reach users ("domain.md §…", "(UNCONFIRMED)", "belum dikonfirmasi").

Such notes belong in code comments. Scanned here: the message catalogues, every translatable string literal in
the project's Python, every template (outside template comments: pages, PDFs and e-mails are templates), and
the rendered pages of every parameterless route as an HR officer and as a superadmin.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.urlwalk import PROJECT_APPS, url_params, walk_with_names

NOTES = re.compile(r"domain\.md|UNCONFIRMED|belum dikonfirmasi", re.IGNORECASE)
ROOT = Path(settings.BASE_DIR)
GETTEXT = {
    "_",
    "gettext",
    "gettext_lazy",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "gettext_noop",
}
TEMPLATE_COMMENT = re.compile(r"\{#.*?#\}|\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", re.DOTALL)


def _project_files(pattern):
    dirs = [ROOT / app for app in PROJECT_APPS] + [ROOT / "templates"]
    for d in dirs:
        for path in d.rglob(pattern):
            if "tests" in path.parts or "migrations" in path.parts:
                continue
            yield path


def test_message_catalogues_have_no_developer_notes():
    import polib

    found = []
    for po_path in (ROOT / "locale").glob("*/LC_MESSAGES/*.po"):
        for entry in polib.pofile(str(po_path)):
            for text in (entry.msgid, entry.msgstr, *entry.msgstr_plural.values()):
                if NOTES.search(text or ""):
                    found.append(f"{po_path.relative_to(ROOT)}: {entry.msgid[:80]!r}")
    assert not found, "developer notes in the catalogue:\n" + "\n".join(found)


def test_translatable_strings_have_no_developer_notes():
    found = []
    for path in _project_files("*.py"):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name not in GETTEXT:
                continue
            for arg in node.args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and NOTES.search(arg.value):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {arg.value[:80]!r}")
    assert not found, "developer notes in user-facing strings:\n" + "\n".join(found)


def test_templates_have_no_developer_notes():
    found = []
    for path in _project_files("*.html"):
        text = TEMPLATE_COMMENT.sub("", path.read_text())
        for m in NOTES.finditer(text):
            line = text.count("\n", 0, m.start()) + 1
            found.append(f"{path.relative_to(ROOT)}:{line}")
    for path in _project_files("*.txt"):
        if "templates" in path.parts and NOTES.search(TEMPLATE_COMMENT.sub("", path.read_text())):
            found.append(str(path.relative_to(ROOT)))
    assert not found, "developer notes in templates:\n" + "\n".join(found)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["hr", "superadmin"])
def test_rendered_pages_have_no_developer_notes(who, request, pegawai_bungo):
    user = request.getfixturevalue("hr_bungo" if who == "hr" else "superadmin")
    client = Client()
    client.force_login(user)
    found, seen = [], 0
    for route, pattern, _name in walk_with_names():
        if url_params(pattern) or route.startswith(("api/", "admin/", "i18n/")) or "keluar" in route:
            continue
        url = "/" + route.replace("^", "").replace("$", "")
        resp = client.get(url)
        if resp.status_code != 200 or "text/html" not in resp.get("Content-Type", ""):
            continue
        seen += 1
        body = resp.content.decode(errors="replace")
        for m in NOTES.finditer(body):
            found.append(f"{url}: …{body[max(0, m.start() - 60) : m.end() + 20]!r}…")
    assert seen > 50, f"only {seen} pages rendered: the walk is broken"
    assert not found, "developer notes on pages:\n" + "\n".join(found)
