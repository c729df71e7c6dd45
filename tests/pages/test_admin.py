import re

import pytest

from tests.accounts.factories import CoordinatorFactory, UserFactory, verified_login
from tests.pages.factories import publish
from twinning.accounts.models import Role
from twinning.accounts.rules import system_actor
from twinning.pages import selectors
from twinning.pages.models import Page, PageVersion

pytestmark = pytest.mark.django_db


def history_forms(page: Page) -> dict[str, str]:
    """The read-only history inline, as the browser posts it back."""
    ids = list(page.versions.order_by("-number").values_list("pk", flat=True))
    data = {"versions-TOTAL_FORMS": str(len(ids)), "versions-INITIAL_FORMS": str(len(ids))}
    for i, pk in enumerate(ids):
        data |= {f"versions-{i}-id": str(pk), f"versions-{i}-page": str(page.pk)}
    return data


def edit(client, page: Page, **fields):
    data = {
        "title_en": "Privacy statement",
        "title_zh_hans": "隐私声明",
        "body_en": "We keep little.",
        "body_zh_hans": "我们保存的信息很少。",
        "change_note": "",
        **history_forms(page),
        **fields,
    }
    return client.post(f"/admin/pages/page/{page.pk}/change/", data)


def test_page_editor_shows_the_text_in_force_side_by_side(client):
    publish("privacy", body_en="Text in force.")
    verified_login(client, CoordinatorFactory())

    page = client.get(f"/admin/pages/page/{selectors.page_get('privacy').pk}/change/")
    html = page.content.decode()

    assert page.status_code == 200
    assert "side-by-side" in html
    assert html.index('name="title_en"') < html.index('name="title_zh_hans"')
    assert html.index('name="body_en"') < html.index('name="body_zh_hans"')
    assert "Text in force." in html


def test_saving_new_text_publishes_a_new_version_with_its_author(client):
    coordinator = CoordinatorFactory(email="editor@example.org", full_name="Ada Editor")
    publish("privacy")
    verified_login(client, coordinator)

    response = edit(client, selectors.page_get("privacy"), change_note="Retention period")

    assert response.status_code == 302
    current = selectors.page_version_current(kind="privacy")
    assert (current.number, current.author, current.change_note) == (
        2,
        coordinator,
        "Retention period",
    )
    assert current.body_zh_hans == "我们保存的信息很少。"
    history = client.get(
        f"/admin/pages/page/{selectors.page_get('privacy').pk}/change/"
    ).content.decode()
    authors = re.findall(r'<td class="field-author">\s*<p>(.*?)</p>', history)
    system = system_actor()
    assert authors == [  # newest first; the first version was published by the system actor
        f'<a href="/admin/accounts/user/{coordinator.pk}/change/">Ada Editor</a>',
        f'<a href="/admin/accounts/user/{system.pk}/change/">Twinning (system)</a>',
    ]
    assert "Retention period" in history


def test_saving_unchanged_text_creates_no_version(client):
    publish(
        "privacy",
        title_en="Privacy statement",
        title_zh_hans="隐私声明",
        body_en="We keep little.",
        body_zh_hans="我们保存的信息很少。",
    )
    verified_login(client, CoordinatorFactory())

    response = edit(client, selectors.page_get("privacy"))

    assert response.status_code == 302
    assert PageVersion.objects.count() == 1


def test_first_version_of_an_empty_page(client):
    verified_login(client, CoordinatorFactory())

    edit(client, selectors.page_get("terms"), title_en="Terms", body_en="Be kind.")

    assert selectors.page_version_current(kind="terms").number == 1


def test_adding_a_version_in_the_admin_goes_through_the_service(client):
    coordinator = CoordinatorFactory()
    publish("cookies")
    verified_login(client, coordinator)

    response = client.post(
        "/admin/pages/pageversion/add/",
        {
            "page": selectors.page_get("cookies").pk,
            "title_en": "Cookie policy",
            "title_zh_hans": "",
            "body_en": "Three cookies.",
            "body_zh_hans": "",
            "change_note": "Shorter",
        },
    )

    assert response.status_code == 302
    current = selectors.page_version_current(kind="cookies")
    assert (current.number, current.author, current.body_en) == (2, coordinator, "Three cookies.")
    assert selectors.page_version_current_number(kind="cookies") == 2


def test_published_versions_are_read_only_in_the_admin(client):
    version = publish("terms", body_en="Original.")
    verified_login(client, UserFactory(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True))
    url = f"/admin/pages/pageversion/{version.pk}/change/"

    page = client.get(url).content.decode()
    assert 'name="body_en"' not in page
    assert "Original." in page

    client.post(url, {"page": version.page.pk, "number": 1, "body_en": "Rewritten."})
    version.refresh_from_db()
    assert version.body_en == "Original."
    assert client.post(f"/admin/pages/pageversion/{version.pk}/delete/").status_code == 403


def test_visitors_cannot_open_the_page_admin(client):
    verified_login(client, UserFactory(is_staff=True))

    assert client.get("/admin/pages/page/").status_code == 403


def test_admin_lists_pages_versions_and_consent_records(client):
    publish("privacy")
    client.post("/en/cookies/consent/", {"choice": "all"})
    verified_login(client, UserFactory(role=Role.ADMINISTRATOR, is_staff=True))

    pages = client.get("/admin/pages/page/").content.decode()
    assert "Privacy statement" in pages
    for url in (
        "/admin/pages/pageversion/",
        "/admin/pages/pageversion/add/",
        "/admin/pages/consentrecord/",
    ):
        assert client.get(url).status_code == 200, url
    assert client.get("/admin/pages/consentrecord/add/").status_code == 403


def test_page_editor_labels_each_language_by_its_name(client):
    publish("privacy")
    verified_login(client, CoordinatorFactory())

    html = client.get(f"/admin/pages/page/{selectors.page_get('privacy').pk}/change/").content
    html = html.decode()

    assert "Title (English)" in html
    assert "Text (Simplified Chinese)" in html
