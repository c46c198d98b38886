"""API fuzzing: schemathesis generates requests from the OpenAPI schema (drf-spectacular) and calls the WSGI app
in-process as an authenticated HR officer. No operation may answer 500, and every documented response must match
its schema. Generation is bounded (a few examples per operation) so the suite stays fast; `make bench` is where
heavy load belongs.

Reproducible: one test per operation (schema.parametrize), each with a fixed budget (MAX_EXAMPLES) and a fixed
seed (derandomize: the same examples on every run, no example database replaying earlier runs), so a failure
seen once is seen again; test_fuzz_reaches_every_operation proves no documented operation is left out. Failures
the fuzzing found are pinned below with the data that triggers them (random bodies reach them only by luck)."""

import pytest
import schemathesis
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from asnportal.wsgi import application

MAX_EXAMPLES = 8  # per operation
raw_schema = SchemaGenerator().get_schema(request=None, public=True)
schema = schemathesis.openapi.from_dict(raw_schema)
schema.app = application


@pytest.fixture(autouse=True)
def _keep_test_connection():
    """Calls go through the raw WSGI handler, whose request signals would close the test's database
    connection mid-transaction; Django's own test Client disconnects the same handler."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def hr_token(db, hr_bungo, pegawai_bungo):
    from rest_framework.authtoken.models import Token

    return Token.objects.create(user=hr_bungo).key


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_api_operation(case, hr_token):
    case.call_and_validate(
        headers={"Authorization": f"Token {hr_token}", "Host": "localhost"},
        checks=[not_a_server_error, response_schema_conformance, content_type_conformance],
    )


# --- Regressions: failures the fuzzing found, pinned with data that reaches them ------------------------------
# Random bodies hit these only by luck (a duplicate needs an existing row; a row-shape mismatch needs a row), so
# each is called here with the data that triggered it, through the same schema and checks.
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


def _call(token, method, path, **kwargs):
    if "body" in kwargs:
        kwargs.setdefault("media_type", "application/json")
    case = schema[path][method].Case(**kwargs)
    return case.call_and_validate(
        headers={"Authorization": f"Token {token}", "Host": "localhost"}, checks=CHECKS
    )


@pytest.mark.django_db
def test_regression_hari_libur_duplicate_date_is_400(hr_token, instansi_bungo):
    from kehadiran.models import HariLibur

    HariLibur.objects.create(instansi=instansi_bungo, tanggal="2026-08-17", nama="HUT RI", jenis="nasional")
    body = {"tanggal": "2026-08-17", "nama": "Dua kali", "jenis": "nasional"}
    assert _call(hr_token, "POST", "/api/v1/kehadiran/hari-libur/", body=body).status_code == 400


@pytest.mark.django_db
def test_regression_jenis_cuti_duplicate_kode_is_400(hr_token, instansi_bungo):
    from kehadiran.tests.factories import JenisCutiFactory

    jenis = JenisCutiFactory(instansi=instansi_bungo)
    body = {"kode": jenis.kode, "nama": "Cuti kedua dengan kode sama"}
    assert _call(hr_token, "POST", "/api/v1/kehadiran/jenis-cuti/", body=body).status_code == 400


@pytest.mark.django_db
def test_regression_pelatihan_jp_matches_schema(hr_token, instansi_bungo, pegawai_bungo):
    from asnportal.testing.factories import PegawaiFactory
    from pelatihan.tests.factories import kredit_of

    kredit_of(instansi_bungo, pegawai=pegawai_bungo, jp=12)
    PegawaiFactory(instansi=instansi_bungo, jabatan=None, unit_kerja=None)  # no unit: unit_kerja is null
    response = _call(hr_token, "GET", "/api/v1/pelatihan/jp/")
    assert response.status_code == 200
    assert any(row["total_jp"] == 12 for row in response.json()["results"])


@pytest.mark.django_db
def test_regression_pelatihan_evaluasi_per_program_matches_schema(hr_token, instansi_bungo):
    from pelatihan.tests.factories import SCOPED_OBJECTS

    SCOPED_OBJECTS["pelatihan.Evaluasi"](instansi_bungo)
    response = _call(hr_token, "GET", "/api/v1/pelatihan/evaluasi/per-program/")
    assert response.status_code == 200 and response.json()[0]["jumlah"] == 1


def test_fuzz_reaches_every_operation():
    """Every documented operation is one parametrized case of test_api_operation (none fails to load)."""
    documented = {
        (method.upper(), path)
        for path, item in raw_schema["paths"].items()
        for method in item
        if method in ("get", "put", "post", "delete", "patch", "head", "options")
    }
    reached = set()
    for result in schema.get_all_operations():
        operation = result.ok()  # an Err here is an operation schemathesis could not load
        reached.add((operation.method.upper(), operation.path))
    assert reached == documented
    assert len(reached) >= 200


@pytest.mark.django_db
def test_regression_time_fields_match_schema(hr_token):
    """Times are written without an offset ("07:30:00"); the schema once said RFC 3339 `time` (offset required)."""
    body = {"nama": "Jadwal uji", "jam_masuk": "07:30", "jam_pulang": "16:00:00"}
    response = _call(hr_token, "POST", "/api/v1/kehadiran/jadwal-kerja/", body=body)
    assert response.status_code == 201 and response.json()["jam_masuk"] == "07:30:00"


@pytest.mark.django_db
def test_regression_second_default_schedule_is_400(hr_token, instansi_bungo):
    """One active default schedule per instansi (a conditional unique constraint): a second is a 400, not a 500."""
    body = {"nama": "Jadwal bawaan", "jam_masuk": "07:30", "jam_pulang": "16:00", "aktif": True}
    assert _call(hr_token, "POST", "/api/v1/kehadiran/jadwal-kerja/", body=body).status_code == 201
    response = _call(hr_token, "POST", "/api/v1/kehadiran/jadwal-kerja/", body={**body, "nama": "Kedua"})
    assert response.status_code == 400
