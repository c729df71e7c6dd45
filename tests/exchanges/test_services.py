import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from reversion.models import Version

from tests.accounts.factories import CoordinatorFactory, UserFactory
from tests.exchanges.factories import ExchangeFactory
from twinning.accounts.models import Role
from twinning.exchanges import services
from twinning.exchanges.models import Exchange

Status = Exchange.Status


def _draft(**kwargs):
    return ExchangeFactory(status=Status.DRAFT, published_at=None, **kwargs)


@pytest.mark.django_db
def test_draft_goes_through_review_to_published_with_a_revision_each_time():
    coordinator, moderator = CoordinatorFactory(), UserFactory(role=Role.MODERATOR)
    exchange = _draft()

    services.exchange_submit_for_review(exchange=exchange, actor=coordinator)
    services.exchange_publish(exchange=exchange, actor=moderator)

    exchange.refresh_from_db()
    assert exchange.status == Status.PUBLISHED
    assert exchange.published_at is not None
    versions = Version.objects.get_for_object(exchange)
    assert [v.revision.comment for v in versions] == ["Published", "Submitted for review"]
    assert [v.revision.user for v in versions] == [moderator, coordinator]


@pytest.mark.django_db
def test_coordinator_may_not_publish_or_hide():
    coordinator = CoordinatorFactory()
    exchange = _draft()

    with pytest.raises(PermissionDenied):
        services.exchange_publish(exchange=exchange, actor=coordinator)
    with pytest.raises(PermissionDenied):
        services.exchange_hide(exchange=exchange, hidden=True, actor=coordinator)
    exchange.refresh_from_db()
    assert exchange.status == Status.DRAFT and not exchange.hidden


@pytest.mark.django_db
def test_visitor_may_not_edit():
    with pytest.raises(PermissionDenied):
        services.exchange_submit_for_review(exchange=_draft(), actor=UserFactory())


@pytest.mark.django_db
def test_only_a_draft_can_be_submitted():
    with pytest.raises(ValidationError):
        services.exchange_submit_for_review(
            exchange=ExchangeFactory(status=Status.REVIEW, published_at=None),
            actor=CoordinatorFactory(),
        )


@pytest.mark.django_db
def test_republishing_keeps_the_first_publication_date():
    moderator = UserFactory(role=Role.MODERATOR)
    exchange = ExchangeFactory()
    first = exchange.published_at

    services.exchange_return_to_draft(exchange=exchange, actor=moderator)
    services.exchange_publish(exchange=exchange, actor=moderator)

    exchange.refresh_from_db()
    assert exchange.published_at == first


@pytest.mark.django_db
def test_missing_languages_names_the_language_without_text():
    assert services.missing_languages(ExchangeFactory()) == []
    assert services.missing_languages(ExchangeFactory(summary_zh_hans="")) == ["zh-hans"]
