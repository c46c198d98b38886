"""The dashboard aggregate cache: computed once per window, keyed by scope, off when the setting is 0."""

import pytest

from asnportal import aggregates


@pytest.fixture
def caching(settings):
    from django.core.cache import cache

    settings.PORTAL_AGGREGATE_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def test_computed_once_per_window(caching):
    calls = []
    for _ in range(3):
        value, at = aggregates.cached(("k", 1), lambda: calls.append(1) or {"n": len(calls)})
    assert value == {"n": 1} and len(calls) == 1 and at is not None
    assert aggregates.cached(("k", 2), lambda: "other")[0] == "other"  # other parameters, other entry


def test_off_when_zero(settings):
    settings.PORTAL_AGGREGATE_CACHE_SECONDS = 0
    calls = []
    for _ in range(2):
        aggregates.cached(("k", 1), lambda: calls.append(1))
    assert len(calls) == 2


@pytest.mark.django_db
def test_scope_key_separates_instansi_and_roles(hr_bungo, instansi_bengkulu):
    from asnportal.testing.factories import UserFactory

    hr_bengkulu = UserFactory(instansi=instansi_bengkulu, role=hr_bungo.role)
    auditor_bungo = UserFactory(instansi=hr_bungo.instansi, role="auditor")
    keys = {aggregates.scope_key(u) for u in (hr_bungo, hr_bengkulu, auditor_bungo)}
    assert len(keys) == 3


@pytest.mark.django_db
def test_ikm_dashboard_served_from_cache_per_instansi(caching, client_hr_bungo, hr_bungo, instansi_bengkulu):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as cold:
        first = client_hr_bungo.get("/survei/dasbor/")
    assert first.status_code == 200 and "Angka dihitung pukul" in first.content.decode()
    assert any("survei_respons" in q["sql"] for q in cold.captured_queries)
    with CaptureQueriesContext(connection) as warm:
        again = client_hr_bungo.get("/survei/dasbor/")
    assert again.status_code == 200
    assert not any("survei_respons" in q["sql"] for q in warm.captured_queries), "aggregates recomputed"
