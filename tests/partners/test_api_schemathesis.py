"""schemathesis against the live schema, in-process over WSGI, with a bounded number of examples.

Every operation is called with generated parameters and bodies, with a partner's key that has
every scope: no answer may be a server error, and every documented response must match the
schema. SCHEMATHESIS_MAX_EXAMPLES (default 10) bounds the examples per operation.
"""

from __future__ import annotations

import os

import pytest
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings

schemathesis = pytest.importorskip("schemathesis")
from schemathesis import checks  # noqa: E402

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())
MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "10"))


@pytest.fixture
def keep_test_connection():
    """The raw WSGI app sends request_started and request_finished, whose
    close_old_connections closes a connection held in the test's transaction (PostgreSQL;
    SQLite's in-memory one is kept). Django's own test client disconnects it the same way."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_data(db, request, keep_test_connection):
    from partners.services.keys import key_issue
    from tests.factories import CouncilMemberFactory, MicrodistrictManagerFactory, TOSFactory

    from .factories import ApplicationFactory, PledgeFactory

    pledge = PledgeFactory(status="accepted")
    ApplicationFactory(programme__partner=pledge.partner, initiative=pledge.initiative)
    CouncilMemberFactory()
    MicrodistrictManagerFactory()
    TOSFactory()
    # Generated webhook addresses must not send DNS queries from the test run.
    request.getfixturevalue("settings").WEBHOOKS_ALLOW_PRIVATE = True
    return key_issue(pledge.partner, name="schemathesis",
                     scopes="read,pledges:write,programmes:write,webhooks:write")[1]


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_api_conforms_to_its_schema(case, api_data):
    case.call_and_validate(
        headers={"Authorization": f"Api-Key {api_data}"},
        checks=[checks.not_a_server_error, checks.response_schema_conformance, checks.content_type_conformance],
    )
