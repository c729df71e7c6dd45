import pytest

from twinning.pages import demo, selectors
from twinning.pages.models import Page, PageVersion

pytestmark = pytest.mark.django_db


def test_demo_pages_load_once_and_a_second_load_adds_no_version():
    assert demo.load() == {"pages": 5, "versions": 5}
    assert demo.load() == {"pages": 5, "versions": 0}
    assert PageVersion.objects.count() == 5


def test_demo_pages_are_written_in_both_languages():
    demo.load()

    for kind in Page.Kind.values:
        version = selectors.page_version_current(kind=kind)
        assert version.title_en and version.title_zh_hans, kind
        assert version.body_en and version.body_zh_hans, kind


def test_demo_privacy_and_cookie_texts_say_what_the_brief_asks(client):
    demo.load()

    privacy = selectors.page_version_current(kind="privacy")
    assert "365 days" in privacy.body_en and "365 天" in privacy.body_zh_hans
    assert "confirmation e-mail" in privacy.body_en and "确认邮件" in privacy.body_zh_hans
    cookies = selectors.page_version_current(kind="cookies").body_en
    for name in ("csrftoken", "sessionid", "twinning_consent", "twinning_tz", "django_language"):
        assert name in cookies
    page = client.get("/zh-hans/cookies/").content.decode()
    assert "<table>" in page and "Cookie 政策" in page
