import os

import pytest

EXPECT_SERVICES = os.environ.get("TWINNING_EXPECT_SERVICES") == "true"
IN_CI = os.environ.get("CI") == "true"


@pytest.fixture(autouse=True)
def _english_by_default(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def demo_data(db):
    from twinning.cities import demo

    demo.load()
