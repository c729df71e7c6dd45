import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.accounts.factories import UserFactory
from tests.pages.factories import publish
from twinning.pages import selectors
from twinning.pages.models import PageVersion

pytestmark = pytest.mark.django_db


def test_each_publication_is_a_new_version_and_old_ones_stay():
    first = publish("terms", body_en="First text.")
    second = publish("terms", body_en="Second text.", change_note="Clarified")

    assert (first.number, second.number) == (1, 2)
    assert selectors.page_version_current(kind="terms") == second
    first.refresh_from_db()
    assert first.body_en == "First text."
    assert [v.number for v in selectors.page_version_list(kind="terms")] == [2, 1]
    assert selectors.page_get("terms").versions.count() == 2
    # Numbers count per page.
    assert publish("privacy").number == 1


def test_a_published_version_cannot_be_changed():
    version = publish("privacy")
    version.body_en = "Quietly rewritten."

    with pytest.raises(ValueError):
        version.save()


def test_publishing_needs_a_title_and_a_text_and_the_right():
    with pytest.raises(ValidationError):
        publish("about", title_en="", title_zh_hans="")
    with pytest.raises(ValidationError):
        publish("about", body_en="", body_zh_hans="")
    with pytest.raises(PermissionDenied):
        publish("about", actor=UserFactory())
    assert selectors.page_version_current(kind="about") is None


def test_current_version_of_an_unpublished_page_is_none():
    assert selectors.page_version_current(kind="cookies") is None
    assert selectors.page_version_current_number(kind="cookies") == 0


def test_page_without_a_version_says_it_is_being_prepared(client):
    response = client.get("/en/terms/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "being prepared" in page
    assert "<h1" in page and "Terms of use" in page


def test_legal_page_shows_its_version_and_since_when(client):
    publish("privacy", body_en="Old.")
    version = publish("privacy", body_en="We keep **little**.")
    PageVersion.objects.filter(pk=version.pk).update(
        published_at=timezone.make_aware(datetime.datetime(2026, 3, 4, 12))
    )

    page = client.get("/en/privacy/").content.decode()

    assert "Version 2, in force since March 4, 2026" in page
    assert "<strong>little</strong>" in page
    assert "Old." not in page


def test_information_page_has_no_version_line(client):
    publish("about")

    page = client.get("/en/about/").content.decode()

    assert "About (English)" in page
    assert "in force since" not in page


@pytest.mark.parametrize(
    "attack",
    [
        "<script>alert('x')</script>",
        '<img src="x" onerror="alert(1)">',
        "[click me](javascript:alert(1))",
        '<a href="JaVaScRiPt:alert(1)" onclick="alert(1)">click me</a>',
        '<iframe src="https://evil.example/"></iframe>',
        "<svg onload=alert(1)>",
    ],
)
def test_markdown_cannot_inject_script(client, attack):
    publish("about", body_en=f"Hello.\n\n{attack}\n\nBye.")

    page = client.get("/en/about/").content.decode()
    body = page[page.index('class="page-body"') : page.index("</article>")]

    assert "Hello." in body and "Bye." in body
    for dangerous in ("<script", "onerror", "onclick", "onload", "javascript:", "<iframe", "<svg"):
        assert dangerous not in body.lower()


def test_markdown_headings_stay_below_the_page_title(client):
    publish("about", body_en="# Who we are\n\nText.")

    page = client.get("/en/about/").content.decode()

    assert page.count("<h1") == 1
    assert "<h2>Who we are</h2>" in page


def test_chinese_page_shows_chinese(client):
    publish("about", title_zh_hans="关于我们", body_zh_hans="我们是友城办公室。")

    page = client.get("/zh-hans/about/").content.decode()

    assert "关于我们" in page
    assert "我们是友城办公室。" in page
    assert "fallback" not in page


def test_missing_chinese_falls_back_to_english_with_a_visible_marker(client):
    publish("privacy", title_zh_hans="隐私声明", body_en="Only in English so far.", body_zh_hans="")

    page = client.get("/zh-hans/privacy/").content.decode()

    assert "隐私声明" in page
    assert '<div lang="en" class="fallback"><p class="fallback-note">' in page
    assert "Only in English so far." in page


def test_contact_page_shows_the_service_address_and_reporting_line(client, settings):
    settings.TWINNING_SERVICE_EMAIL = "office@sister.example"
    settings.TWINNING_REPORT_PHONE = "+1 206 555 0199"
    settings.TWINNING_REPORT_ADDRESS = "600 Fourth Avenue, Seattle"

    page = client.get("/en/contact/").content.decode()

    assert 'href="mailto:office@sister.example"' in page
    assert "+1 206 555 0199" in page
    assert "600 Fourth Avenue, Seattle" in page


@pytest.mark.parametrize("url", ["/en/privacy/", "/zh-hans/about/", "/en/contact/"])
def test_a_page_view_runs_a_fixed_number_of_queries(client, django_assert_num_queries, url):
    kind = url.strip("/").split("/")[1]
    publish(kind)
    with django_assert_num_queries(1):
        client.get(url)
    for i in range(5):
        publish(kind, body_en=f"Text {i}.")
    with django_assert_num_queries(1):
        client.get(url)


def test_a_page_view_after_a_cookie_choice_runs_a_fixed_number_of_queries(
    client, django_assert_num_queries
):
    publish("cookies")
    client.post("/en/cookies/consent/", {"choice": "all"})
    client.get("/en/privacy/")  # the cookie-policy version number is cached from here on

    with django_assert_num_queries(1):
        client.get("/en/privacy/")
    publish("cookies", body_en="New policy.")
    with django_assert_num_queries(2):  # the new number is looked up once
        client.get("/en/privacy/")
    with django_assert_num_queries(1):
        client.get("/en/privacy/")


@pytest.mark.django_db
def test_a_version_in_an_unknown_language_is_refused():
    from twinning.accounts.rules import system_actor
    from twinning.pages.services import page_version_publish

    with pytest.raises(ValueError, match="xx"):
        page_version_publish(
            page_kind="about",
            titles={"xx": "About"},
            bodies={"en": "Text"},
            change_note="",
            actor=system_actor(),
        )
