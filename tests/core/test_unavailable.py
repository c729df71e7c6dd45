"""Redis or PostgreSQL away: pages still serve, limits refuse, the database gives a 503 page."""

import os

import pytest
from django.core.cache import caches
from django.db import OperationalError
from django.test import Client

from tests.accounts.factories import PASSWORD, UserFactory
from tests.participation.conftest import MESSAGE, solved
from twinning.core import cache as core_cache
from twinning.participation.models import Message

# Nothing listens on port 1: every connection is refused at once.
UNREACHABLE = "redis://127.0.0.1:1/0"


def _caches(location: str, retry_seconds: float = 5.0) -> dict:
    options = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
    return {
        alias: {
            "BACKEND": f"twinning.core.cache.{backend}",
            "LOCATION": location,
            "KEY_PREFIX": "twinning-test",
            "OPTIONS": {**options, "RETRY_SECONDS": retry_seconds},
        }
        for alias, backend in [
            ("default", "DegradingRedisCache"),
            ("limits", "FailClosedRedisCache"),
        ]
    }


@pytest.fixture
def redis_away(settings):
    settings.CACHES = _caches(UNREACHABLE)
    yield
    core_cache.reset_state()


def test_the_page_cache_misses_and_drops_writes_without_redis(redis_away):
    cache = caches["default"]

    cache.set("k", "v")

    assert cache.get("k", "fallback") == "fallback"
    assert cache.add("k", "v") is False
    assert cache.get_many(["k"]) == {}


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.get("k"),
        lambda c: c.add("k", 1),
        lambda c: c.incr("k"),
        lambda c: c.set("k", 1),
        lambda c: c.get_many(["k"]),
    ],
    ids=["get", "add", "incr", "set", "get_many"],
)
def test_the_limits_cache_refuses_without_redis(redis_away, call):
    with pytest.raises(core_cache.CacheUnavailable):
        call(caches["limits"])


def test_after_a_failure_redis_is_left_alone_for_a_while(redis_away, monkeypatch):
    cache = caches["default"]
    cache.get("k")
    attempts = []
    monkeypatch.setattr(
        cache._cache, "get_client", lambda *a, **k: attempts.append(1) or pytest.fail("asked")
    )

    cache.get("k")
    cache.set("k", 1)

    assert attempts == []


@pytest.mark.django_db
def test_public_pages_serve_without_redis(redis_away, demo_data, client):
    assert client.get("/en/").status_code == 200
    assert client.get("/en/exchanges/").status_code == 200
    assert client.get("/en/search/", {"q": "Chongqing"}).status_code == 200


@pytest.mark.django_db
def test_a_form_is_refused_not_accepted_unlimited_without_redis(redis_away, settings):
    settings.PARTICIPATION_MIN_FILL_SECONDS = 0
    client = Client(raise_request_exception=False)

    response = client.post("/en/message/", solved(MESSAGE))

    assert response.status_code == 503
    assert Message.objects.count() == 0


@pytest.mark.django_db
def test_sign_in_is_refused_without_redis(redis_away):
    user = UserFactory()
    client = Client(raise_request_exception=False)

    response = client.post("/en/accounts/login/", {"username": user.email, "password": PASSWORD})

    assert response.status_code == 503
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_database_away_gives_a_clear_503_page_in_the_readers_language(monkeypatch):
    from django.contrib.sessions.backends.db import SessionStore

    def refused(self):
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    monkeypatch.setattr(SessionStore, "load", refused)
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "x" * 32

    response = client.get("/zh-hans/delegations/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "暂时无法访问" in response.content.decode()


@pytest.mark.django_db
def test_other_errors_stay_500(monkeypatch):
    from django.contrib.sessions.backends.db import SessionStore

    def broken(self):
        raise RuntimeError("a bug")

    monkeypatch.setattr(SessionStore, "load", broken)
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "x" * 32

    assert client.get("/en/delegations/").status_code == 500


@pytest.mark.redis
def test_the_cache_is_emptied_when_redis_returns_after_lost_writes(settings, monkeypatch):
    location = os.environ.get("REDIS_URL")
    if not location:
        pytest.skip("REDIS_URL is not set")
    settings.CACHES = _caches(location, retry_seconds=0)
    cache = caches["default"]
    cache.set("version:archive", "old")
    real = cache._cache.get_client

    def away(*args, **kwargs):
        raise core_cache.RedisConnectionError("away")

    monkeypatch.setattr(cache._cache, "get_client", away)
    cache.set("version:archive", "new")  # the bump is lost
    monkeypatch.setattr(cache._cache, "get_client", real)

    assert cache.get("version:archive") is None
