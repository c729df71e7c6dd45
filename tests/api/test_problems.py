"""One error format under /api/: RFC 9457 problem details, whatever went wrong."""

import json

import pytest

from tests.api.factories import bearer, token_for
from tests.payments.factories import setup

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"
MEMBERS = {"type", "title", "status", "detail", "instance"}


def _problem(response, status):
    assert (response.status_code, response["Content-Type"]) == (status, PROBLEM)
    body = json.loads(response.content)
    assert set(body) >= MEMBERS
    assert body["status"] == status
    return body


def test_an_unknown_address_is_a_404_problem(client):
    body = _problem(client.get("/api/v1/no-such-thing"), 404)

    assert body["instance"] == "/api/v1/no-such-thing"


def test_a_wrong_method_is_a_405_problem_with_allow(client):
    response = client.delete("/api/v1/people")

    _problem(response, 405)
    assert "GET" in response["Allow"]


def test_no_token_is_a_401_problem(client):
    setup()
    _problem(client.get("/api/v1/registrations/1"), 401)


def test_validation_errors_are_listed(client):
    _policy, _issuer, coordinator, registration = setup()

    response = client.post(
        f"/api/v1/registrations/{registration.pk}/payments",
        {"amount": "-5", "currency": "usd"},
        content_type="application/json",
        **bearer(token_for(coordinator)),
    )

    body = _problem(response, 422)
    assert sorted(error["loc"][-1] for error in body["errors"]) == ["amount", "currency"]


def test_a_malformed_path_parameter_is_a_422_problem(client):
    _problem(client.get("/api/v1/sessions/not-a-number"), 422)


def test_a_server_error_is_a_500_problem(client, monkeypatch):
    from twinning.people import selectors

    def broken():
        raise RuntimeError("boom")

    monkeypatch.setattr(selectors, "people_public", broken)
    client.raise_request_exception = False

    body = _problem(client.get("/api/v1/people"), 500)
    assert "boom" not in body["detail"]


def test_too_many_requests_is_a_429_problem_with_retry_after(client, settings):
    settings.TWINNING_API_RATE_PER_TOKEN = "3/m"
    _policy, _issuer, coordinator, registration = setup()
    auth = bearer(token_for(coordinator))
    url = f"/api/v1/registrations/{registration.pk}"

    answers = [client.get(url, **auth).status_code for _ in range(4)]

    assert answers == [200, 200, 200, 429]
    response = client.get(url, **auth)
    _problem(response, 429)
    assert 1 <= int(response["Retry-After"]) <= 60


def test_the_limit_is_per_token(client, settings):
    settings.TWINNING_API_RATE_PER_TOKEN = "2/m"
    _policy, _issuer, coordinator, registration = setup()
    url = f"/api/v1/registrations/{registration.pk}"
    first, second = bearer(token_for(coordinator)), bearer(token_for(coordinator))

    for _ in range(3):
        client.get(url, **first)

    assert client.get(url, **second).status_code == 200


def test_anonymous_callers_are_limited_by_address(client, settings):
    settings.TWINNING_API_RATE_PER_IP = "2/m"

    answers = [client.get("/api/v1/people").status_code for _ in range(3)]

    assert answers == [200, 200, 429]
