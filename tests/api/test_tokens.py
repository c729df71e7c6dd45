"""API tokens: hashed at rest, shown once, scoped, expiring and revocable."""

import datetime

import pytest
from django.utils import timezone

from tests.accounts.factories import CoordinatorFactory, UserFactory, verified_login
from tests.api.factories import bearer, token_for
from tests.payments.factories import setup
from twinning.accounts.models import Role
from twinning.api import services
from twinning.api.models import ApiToken, secret_hash

pytestmark = pytest.mark.django_db


@pytest.fixture
def listing():
    policy, _issuer, coordinator, _registration = setup()
    return coordinator, f"/api/v1/delegations/{policy.delegation.slug}/registrations"


def test_only_a_hash_of_the_secret_is_stored():
    token, plaintext = services.api_token_create(
        actor=CoordinatorFactory(), name="CRM", scopes=["registrations:read"]
    )
    secret = plaintext.split("_", 2)[2]

    stored = ApiToken.objects.values_list(flat=False).get(pk=token.pk)
    assert all(secret not in str(value) for value in stored)
    assert token.secret_hash == secret_hash(secret)
    assert len(secret) >= 43  # 32 random bytes


def test_a_made_token_reads_within_its_scope(client, listing):
    coordinator, url = listing
    _token, plaintext = services.api_token_create(
        actor=coordinator, name="CRM", scopes=["registrations:read"]
    )

    assert client.get(url, **bearer(plaintext)).status_code == 200


@pytest.mark.parametrize(
    "change",
    [
        {"revoked_at": timezone.now()},
        {"expires_at": timezone.now() - datetime.timedelta(seconds=1)},
    ],
    ids=["revoked", "expired"],
)
def test_a_revoked_or_expired_token_answers_401(client, listing, change):
    coordinator, url = listing
    plaintext = token_for(coordinator)
    ApiToken.objects.update(**change)

    response = client.get(url, **bearer(plaintext))

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("mangle", ["wrong-secret", "unknown-prefix", "no-marker"])
def test_a_wrong_token_answers_401(client, listing, mangle):
    coordinator, url = listing
    plaintext = token_for(coordinator)
    marker, prefix, secret = plaintext.split("_", 2)
    presented = {
        "wrong-secret": f"{marker}_{prefix}_{secret[:-2]}xx",
        "unknown-prefix": f"{marker}_000000000000_{secret}",
        "no-marker": secret,
    }[mangle]

    assert client.get(url, **bearer(presented)).status_code == 401


def test_a_token_of_a_deactivated_account_answers_401(client, listing):
    coordinator, url = listing
    plaintext = token_for(coordinator)
    coordinator.is_active = False
    coordinator.save()

    assert client.get(url, **bearer(plaintext)).status_code == 401


def test_using_a_token_records_when(client, listing):
    coordinator, url = listing
    plaintext = token_for(coordinator)

    client.get(url, **bearer(plaintext))

    assert ApiToken.objects.get().last_used_at is not None


def test_the_account_page_shows_a_new_token_once_and_revokes_it(client, listing):
    coordinator, url = listing
    verified_login(client, coordinator)

    made = client.post(
        "/en/accounts/api-tokens/",
        {"name": "City CRM", "scopes": ["registrations:read"], "days": "30"},
    )
    plaintext = made.context["plaintext"]
    again = client.get("/en/accounts/api-tokens/")
    token = ApiToken.objects.get()
    revoked = client.post(f"/en/accounts/api-tokens/{token.pk}/revoke/")

    assert made.status_code == 200
    assert plaintext.encode() in made.content
    assert plaintext.encode() not in again.content
    assert made["Cache-Control"] == "private, no-store"
    assert revoked.status_code == 302
    assert client.get(url, **bearer(plaintext)).status_code == 401


def test_a_delegate_may_not_make_tokens(client):
    client.force_login(UserFactory(role=Role.DELEGATE))

    assert client.get("/en/accounts/api-tokens/").status_code == 403


def test_nobody_revokes_someone_elses_token(client):
    token, _plaintext = services.api_token_create(
        actor=CoordinatorFactory(), name="CRM", scopes=["payments:read"]
    )
    verified_login(client, CoordinatorFactory())

    response = client.post(f"/en/accounts/api-tokens/{token.pk}/revoke/")

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
