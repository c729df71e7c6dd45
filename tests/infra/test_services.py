"""The production services: CI runs the suite a second time against them.

With TWINNING_EXPECT_SERVICES=true (set by `make test-services`) these tests fail rather
than skip when PostgreSQL or Redis is not what the settings point to.
"""

import os
import uuid

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from tests.conftest import EXPECT_SERVICES


def _skip_or_fail(reason: str):
    if EXPECT_SERVICES:
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.mark.postgres
@pytest.mark.django_db
def test_database_is_postgresql_when_configured():
    if connection.vendor != "postgresql":
        _skip_or_fail("DATABASE_URL does not point to PostgreSQL")

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        assert int(cursor.fetchone()[0]) >= 140000


@pytest.mark.redis
def test_cache_round_trips_through_redis():
    if not os.environ.get("REDIS_URL"):
        _skip_or_fail("REDIS_URL is not set")
    assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")

    key, value = f"probe-{uuid.uuid4()}", {"城市": "重庆"}
    cache.set(key, value, timeout=30)
    try:
        assert cache.get(key) == value
    finally:
        cache.delete(key)
