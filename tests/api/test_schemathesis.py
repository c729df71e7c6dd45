"""schemathesis against the live schema: no 5xx, every answer as the schema says, and no
operation that needs a token answers without one.

The schema is read from the running application (WSGI, the same process and database
transaction as the test's data), so what is checked is what is served. Bounded:
``MAX_EXAMPLES`` cases per operation. The counts of the latest run are in
docs/security.md; ``TWINNING_SCHEMATHESIS_EXAMPLES`` raises the bound for a longer run.
"""

import os
import re

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.api.factories import bearer, token_for
from tests.delegations.factories import SessionFactory
from tests.exchanges.factories import ExchangeFactory, ParticipationFactory
from tests.matchmaking.factories import (
    CounterpartParticipantFactory,
    DelegateParticipantFactory,
    MeetingFactory,
    MeetingRequestFactory,
)
from tests.payments.factories import setup
from tests.people.factories import OrganisationFactory

MAX_EXAMPLES = int(os.environ.get("TWINNING_SCHEMATHESIS_EXAMPLES", "25"))
TALLY = {"operations": set(), "cases": 0, "5xx": 0}


# Read at collection from the application itself (no database needed for the schema).
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture
def _wsgi_keeps_the_test_transaction(db):
    # As Django's test client does: a request must not close the connection that holds
    # the test's transaction (and its data).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def world(_wsgi_keeps_the_test_transaction, settings):
    """Something behind most addresses, and a coordinator's token with every scope."""
    settings.TWINNING_API_RATE_PER_TOKEN = settings.TWINNING_API_RATE_PER_IP = "1000000/m"
    policy, _issuer, coordinator, _registration = setup()
    record = ExchangeFactory()
    ParticipationFactory(exchange=record)
    record.organisations.add(OrganisationFactory())
    SessionFactory(delegation=policy.delegation)
    # Matchmaking: a pair of participants of the coordinator's delegation, a request, a
    # meeting (low ids, which the generated cases also try).
    delegate = DelegateParticipantFactory(delegation=policy.delegation)
    counterpart = CounterpartParticipantFactory(delegation=policy.delegation)
    MeetingRequestFactory(
        delegation=policy.delegation, requester=delegate, target=counterpart, created_by=coordinator
    )
    MeetingFactory(delegation=policy.delegation, participant_a=delegate, participant_b=counterpart)
    return {"Authorization": bearer(token_for(coordinator))["HTTP_AUTHORIZATION"]}


@pytest.fixture(scope="module", autouse=True)
def _report():
    yield
    print(
        f"\nschemathesis: {len(TALLY['operations'])} operations, {TALLY['cases']} cases, "
        f"{TALLY['5xx']} server errors"
    )


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_keeps_to_its_schema(case, world):
    TALLY["operations"].add(case.operation.label)
    TALLY["cases"] += 1
    response = case.call(headers=world)
    if response.status_code >= 500:
        TALLY["5xx"] += 1
    # Authentication is checked below, operation by operation, without a token.
    case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])


# Every operation that needs a token, as the schema says (the next test keeps this list
# equal to the schema), each tried without one.
SECURED = [
    ("GET", "/api/v1/delegations/x/registrations"),
    ("GET", "/api/v1/registrations/1"),
    ("POST", "/api/v1/registrations/1/approve"),
    ("POST", "/api/v1/registrations/1/refuse"),
    ("POST", "/api/v1/registrations/1/cancel"),
    ("GET", "/api/v1/delegations/x/payments"),
    ("GET", "/api/v1/payments/1"),
    ("POST", "/api/v1/registrations/1/payments"),
    ("GET", "/api/v1/delegations/x/participants"),
    ("POST", "/api/v1/delegations/x/participants"),
    ("GET", "/api/v1/participants/1"),
    ("PUT", "/api/v1/participants/1"),
    ("POST", "/api/v1/participants/1/withdraw"),
    ("GET", "/api/v1/delegations/x/meeting-requests"),
    ("POST", "/api/v1/delegations/x/meeting-requests"),
    ("GET", "/api/v1/meeting-requests/1"),
    ("POST", "/api/v1/meeting-requests/1/accept"),
    ("POST", "/api/v1/meeting-requests/1/decline"),
    ("POST", "/api/v1/meeting-requests/1/withdraw"),
    ("GET", "/api/v1/delegations/x/meetings"),
    ("GET", "/api/v1/meetings/1"),
    ("POST", "/api/v1/meetings/1/lock"),
    ("POST", "/api/v1/meetings/1/unlock"),
    ("POST", "/api/v1/meetings/1/cancel"),
    ("POST", "/api/v1/meetings/1/check-in"),
    ("POST", "/api/v1/meetings/1/attendance"),
]


def _secured_in_schema(client) -> set[tuple[str, str]]:
    found = set()
    for path, operations in client.get("/api/v1/openapi.json").json()["paths"].items():
        for method, operation in operations.items():
            if operation.get("security"):
                found.add((method.upper(), path))
    return found


@pytest.mark.django_db
def test_the_list_of_secured_operations_is_the_schemas(client):
    def template(path):
        return path.replace("/x/", "/{slug}/").replace("/1", "/{id}")

    expected = {(method, template(path)) for method, path in SECURED}
    found = {
        (method, re.sub(r"\{\w+_id\}", "{id}", path)) for method, path in _secured_in_schema(client)
    }
    assert found == expected


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path"), SECURED, ids=[f"{m} {p}" for m, p in SECURED])
def test_an_operation_that_needs_a_token_answers_401_without_one(client, method, path):
    response = client.generic(method, path)

    assert (response.status_code, response["Content-Type"]) == (401, "application/problem+json")
