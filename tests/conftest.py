import os

import pytest

# Figures of the security checks for docs/security.md (test-artifacts/figures/).
pytest_plugins = ["tests.figures"]

EXPECT_SERVICES = os.environ.get("TWINNING_EXPECT_SERVICES") == "true"
IN_CI = os.environ.get("CI") == "true"


@pytest.fixture(autouse=True)
def _english_by_default(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (CI's Redis outlives a single test)."""
    from django.core.cache import cache

    from twinning.core.cache import reset_state

    reset_state()
    cache.clear()
    yield


@pytest.fixture
def demo_data(db):
    from twinning.cities import demo

    demo.load()
