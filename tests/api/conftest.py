import pytest


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Each API test starts with no request counted (the limits cache outlives a test)."""
    from django.core.cache import caches

    caches["limits"].clear()
    yield
