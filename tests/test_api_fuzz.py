"""API fuzzing: schemathesis generates requests from the OpenAPI schema (drf-spectacular) and calls the WSGI app
in-process as an authenticated HR officer. No operation may answer 500, and every documented response must match
its schema. Generation is bounded (a few examples per operation) so the suite stays fast; `make bench` is where
heavy load belongs."""

import pytest
import schemathesis
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from asnportal.wsgi import application

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
    max_examples=8,
    deadline=None,
    derandomize=True,
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
