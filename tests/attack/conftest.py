"""Fixtures of the attack suite: the two-instansi world built once per module, PDFs rendered as text."""

from __future__ import annotations

import logging

import pytest
from django.db import connection, transaction
from django.test import override_settings


@pytest.fixture(scope="module")
def attack_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Bungo's users and one marked object of every scoped model of Bengkulu (tests/attack/world.py), built
    once per module inside a transaction that is rolled back at the end of the module. Each test still runs in
    its own savepoint (the `db` fixture), so a request that does write is undone before the next test. Uploaded
    files of the module go to one temporary media directory."""
    from .world import build_world

    media = override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("attack-media")))
    with media, django_db_blocker.unblock(), transaction.atomic():
        world = build_world()
        # Fire the deferred foreign-key checks of the world's rows now, once: otherwise every test's teardown
        # (Django's TestCase checks constraints before its rollback) fires all of them again.
        connection.check_constraints()
        yield world
        transaction.set_rollback(True)


@pytest.fixture(autouse=True, scope="module")
def _pdf_as_text():
    """WeasyPrint's layout is slow and its output compressed: keep the HTML a PDF was made from as the body,
    so the marker search reads what the PDF would show."""
    from xml.etree import ElementTree

    import weasyprint

    def write_pdf(self, target=None, *args, **kwargs):
        data = b"%PDF-1.4\n%% tests/attack: HTML source follows\n" + ElementTree.tostring(
            self.etree_element, encoding="utf-8"
        )
        if target is None:
            return data
        if hasattr(target, "write"):
            target.write(data)
        else:
            with open(target, "wb") as fh:
                fh.write(data)
        return None

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(weasyprint.HTML, "write_pdf", write_pdf)
        yield


@pytest.fixture(autouse=True, scope="module")
def _quiet_denials():
    """Nearly every request of this suite is refused on purpose; Django's warning per denial (with a formatted
    traceback for each 403) is noise and costs more than the request. Server errors are still logged."""
    loggers = [logging.getLogger(name) for name in ("django.request", "django.security.csrf")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.ERROR)
    yield
    for lg, level in zip(loggers, levels, strict=True):
        lg.setLevel(level)


@pytest.fixture(autouse=True)
def _media_tmp():
    """Overrides the root conftest's per-test media directory (a tmp_path and a settings change per test, for
    thousands of tests): attack_world keeps one media directory for its whole module instead."""
