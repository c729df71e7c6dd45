import pytest

from tests.accounts.factories import CoordinatorFactory, UserFactory, verified_login
from tests.exchanges.factories import ExchangeFactory
from twinning.accounts.models import Role
from twinning.exchanges.models import Exchange


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
