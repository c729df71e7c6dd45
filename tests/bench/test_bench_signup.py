"""The sign-up scenario's prepared requests register their delegates (no timing asserted)."""

from http.cookies import SimpleCookie
from urllib.parse import parse_qsl

import pytest
from django.test import Client

from bench.signup import prepare, registered
from twinning.registrations.models import Registration


@pytest.mark.django_db
def test_every_prepared_request_signs_its_delegate_up_once():
    prepared = prepare(users=3)
    client = Client(enforce_csrf_checks=True)

    answers = []
    for request in prepared["requests"]:
        client.cookies = SimpleCookie(request["cookie"])
        response = client.post(prepared["path"], dict(parse_qsl(request["body"])))
        answers.append((response.status_code, response.headers.get("Location")))

    assert answers == [(302, prepared["success_location"])] * 3
    assert registered() == 3
    assert Registration.objects.values("user").distinct().count() == 3


@pytest.mark.django_db
def test_a_request_without_its_csrf_token_is_refused():
    prepared = prepare(users=1)
    request = prepared["requests"][0]
    client = Client(enforce_csrf_checks=True)
    client.cookies = SimpleCookie(request["cookie"])
    body = dict(parse_qsl(request["body"]))
    body.pop("csrfmiddlewaretoken")

    assert client.post(prepared["path"], body).status_code == 403
    assert registered() == 0


@pytest.mark.django_db
def test_preparing_again_starts_from_an_empty_delegation():
    prepare(users=2)
    again = prepare(users=2)
    client = Client(enforce_csrf_checks=True)
    client.cookies = SimpleCookie(again["requests"][0]["cookie"])
    client.post(again["path"], dict(parse_qsl(again["requests"][0]["body"])))

    assert registered() == 1
