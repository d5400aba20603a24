"""schemathesis against the API's own OpenAPI document: generated requests, good and bad,
must get no server error and no answer that breaks the document. Bounded in examples
(25 generated requests per endpoint and mode, 275 in all, a few seconds each endpoint)
so that it fits in `make test`."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

# 325 generated requests.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]

WITH_PARAMETERS = [
    "/api/v1/editions",
    "/api/v1/editions/{number}",
    "/api/v1/regions",
    "/api/v1/missions",
    "/api/v1/figures",
    "/api/v1/un-contributions",
]
# Good requests to every endpoint; bad ones to every endpoint that takes a parameter (no
# request to the schema's address can be bad).
CASES = [(path, GenerationMode.POSITIVE) for path in [*WITH_PARAMETERS, "/api/v1/schemas/edition"]]
CASES += [(path, GenerationMode.NEGATIVE) for path in WITH_PARAMETERS]

CHECKS = [
    schemathesis.checks.not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    # Bad input gets a 4xx. (Good-looking input may too: an unknown slug or cursor is a
    # documented 400, so positive_data_acceptance does not apply.)
    negative_data_rejection,
]


@pytest.fixture
def api_schema(seeded, settings):
    settings.ALLOWED_HOSTS = ["localhost"]
    # As Django's test client does: a request must not close the test's connection, whose
    # transaction holds the seed content.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.parametrize("path, mode", CASES)
def test_the_api_keeps_to_its_openapi_document(api_schema, path, mode):
    @given(case=api_schema[path]["GET"].as_strategy(generation_mode=mode))
    @hypothesis_settings(
        max_examples=25,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    def check(case):
        case.call_and_validate(checks=CHECKS)

    check()
