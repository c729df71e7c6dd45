import pytest
from reversion.models import Version

from tests.accounts.factories import CoordinatorFactory, UserFactory, verified_login
from tests.admin_forms import form_data
from tests.cities.factories import RelationshipFactory
from tests.exchanges.factories import CategoryFactory, ExchangeFactory
from twinning.accounts.models import Role
from twinning.exchanges.models import Exchange
from twinning.search.selectors import search


@pytest.mark.django_db
def test_editor_shows_english_and_chinese_side_by_side_and_warns_of_a_gap(client):
    exchange = ExchangeFactory(summary_zh_hans="", status=Exchange.Status.DRAFT, published_at=None)
    verified_login(client, CoordinatorFactory())

    page = client.get(f"/admin/exchanges/exchange/{exchange.pk}/change/").content.decode()

    assert "side-by-side" in page
    assert page.index('name="title_en"') < page.index('name="title_zh_hans"')
    assert "no title or summary in: zh-hans" in page


@pytest.mark.django_db
def test_publish_action_publishes_for_a_moderator_only(client):
    draft = ExchangeFactory(status=Exchange.Status.REVIEW, published_at=None)
    verified_login(client, CoordinatorFactory())
    client.post(
        "/admin/exchanges/exchange/",
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    draft.refresh_from_db()
    assert draft.status == Exchange.Status.REVIEW

    verified_login(client, UserFactory(role=Role.MODERATOR, is_staff=True))
    client.post(
        "/admin/exchanges/exchange/",
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    draft.refresh_from_db()
    assert draft.status == Exchange.Status.PUBLISHED


@pytest.mark.django_db
def test_history_shows_who_changed_the_record_and_when(client):
    moderator = UserFactory(role=Role.MODERATOR, is_staff=True, email="mod@example.org")
    exchange = ExchangeFactory(status=Exchange.Status.REVIEW, published_at=None)
    verified_login(client, moderator)
    client.post(
        "/admin/exchanges/exchange/", {"action": "publish", "_selected_action": [exchange.pk]}
    )

    page = client.get(f"/admin/exchanges/exchange/{exchange.pk}/history/").content.decode()

    assert "Published" in page
    assert "mod@example.org" in page


# Editing in the admin follows the workflow: a published record changes only at the hands of
# someone who may publish.


def _change_url(exchange) -> str:
    return f"/admin/exchanges/exchange/{exchange.pk}/change/"


def _moderator():
    return UserFactory(role=Role.MODERATOR, is_staff=True)


@pytest.mark.django_db
def test_a_moderators_edit_of_a_published_record_goes_live(client):
    exchange = ExchangeFactory(title_en="As published")
    moderator = _moderator()
    verified_login(client, moderator)
    data = form_data(client.get(_change_url(exchange)))

    response = client.post(_change_url(exchange), {**data, "title_en": "Corrected title"})

    assert response.status_code == 302
    exchange.refresh_from_db()
    assert (exchange.title_en, exchange.status) == ("Corrected title", Exchange.Status.PUBLISHED)
    assert [str(r.obj) for r in search(query="corrected").results] == ["Corrected title"]
    assert Version.objects.get_for_object(exchange).first().revision.user == moderator


@pytest.mark.django_db
def test_a_coordinator_sees_a_published_record_read_only_and_why(client):
    exchange = ExchangeFactory(title_en="As published")
    verified_login(client, CoordinatorFactory())

    page = client.get(_change_url(exchange)).content.decode()

    assert 'name="title_en"' not in page
    assert "This record is published. Only a moderator or an administrator may change it" in page


@pytest.mark.django_db
def test_a_coordinators_edit_of_a_published_record_does_not_go_live(client):
    exchange = ExchangeFactory(title_en="As published")
    moderator, coordinator = _moderator(), CoordinatorFactory()
    verified_login(client, moderator)
    data = form_data(client.get(_change_url(exchange)))  # the form as an editor had it
    verified_login(client, coordinator)

    response = client.post(_change_url(exchange), {**data, "title_en": "Changed live"})

    assert response.status_code == 403
    assert "Your changes were not saved: this record is published" in response.content.decode()
    exchange.refresh_from_db()
    assert exchange.title_en == "As published"
    assert not Version.objects.get_for_object(exchange).exists()


@pytest.mark.django_db
def test_a_coordinator_edits_a_draft_through_the_services_with_a_revision(client):
    exchange = ExchangeFactory(title_en="Draft", status=Exchange.Status.DRAFT, published_at=None)
    coordinator = CoordinatorFactory()
    verified_login(client, coordinator)
    data = form_data(client.get(_change_url(exchange)))

    response = client.post(_change_url(exchange), {**data, "title_en": "Better draft"})

    assert response.status_code == 302
    exchange.refresh_from_db()
    assert (exchange.title_en, exchange.status) == ("Better draft", Exchange.Status.DRAFT)
    assert Version.objects.get_for_object(exchange).get().revision.user == coordinator


@pytest.mark.django_db
def test_a_coordinator_may_not_restore_an_old_version(client):
    exchange = ExchangeFactory(status=Exchange.Status.REVIEW, published_at=None)
    verified_login(client, _moderator())
    client.post(
        "/admin/exchanges/exchange/", {"action": "publish", "_selected_action": [exchange.pk]}
    )
    version = Version.objects.get_for_object(exchange).get()
    verified_login(client, CoordinatorFactory())

    response = client.post(f"/admin/exchanges/exchange/{exchange.pk}/history/{version.pk}/", {})

    assert response.status_code == 403


@pytest.mark.django_db
def test_a_coordinator_adds_a_draft_in_the_admin_with_a_revision(client):
    relationship, category = RelationshipFactory(), CategoryFactory()
    coordinator = CoordinatorFactory()
    verified_login(client, coordinator)
    data = form_data(client.get("/admin/exchanges/exchange/add/"))
    data.update(
        key="added",
        relationship=relationship.pk,
        category=category.pk,
        direction=Exchange.Direction.A_TO_B,
        date_precision="unknown",
        title_en="Added in the admin",
    )

    response = client.post("/admin/exchanges/exchange/add/", data)

    assert response.status_code == 302
    exchange = Exchange.objects.get(key="added")
    assert exchange.status == Exchange.Status.DRAFT
    assert Version.objects.get_for_object(exchange).get().revision.user == coordinator
