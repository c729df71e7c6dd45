"""The Q&A list and the office's queues run as many queries for 20 items as for 2."""

import pytest

from tests.accounts.factories import CoordinatorFactory, UserFactory, verified_login
from tests.exchanges.factories import ExchangeFactory
from tests.participation.factories import MessageFactory, ReportFactory
from tests.querycount import assert_flat_queries
from twinning.accounts.models import Role
from twinning.participation.models import Message, Reply, Report

pytestmark = pytest.mark.django_db


def answered_questions(count: int) -> None:
    for _ in range(count):
        message = MessageFactory(published=True, status=Message.Status.ANSWERED, city="Chongqing")
        Reply.objects.create(message=message, author=CoordinatorFactory(), body="Yes.")


def reports(count: int) -> None:
    for _ in range(count):
        exchange = ExchangeFactory()
        ReportFactory(
            url=exchange.get_absolute_url(),
            content=exchange,
            status=Report.Status.UNDER_REVIEW,
            handled_by=UserFactory(role=Role.MODERATOR, is_staff=True),
        )
    ReportFactory.create_batch(count)  # and as many not tied to any record


@pytest.fixture
def moderator(client):
    user = UserFactory(role=Role.MODERATOR, is_staff=True)
    verified_login(client, user)
    return user


@pytest.fixture
def coordinator(client):
    user = CoordinatorFactory()
    verified_login(client, user)
    return user


@pytest.mark.parametrize("signed_in", [False, True])
def test_question_list_runs_a_fixed_number_of_queries(client, signed_in):
    if signed_in:
        client.force_login(UserFactory())
    answered_questions(2)

    assert_flat_queries(client, "/en/questions/", lambda: answered_questions(18))


@pytest.mark.parametrize("url", ["/en/backoffice/messages/", "/en/backoffice/messages/?status=new"])
def test_message_queue_runs_a_fixed_number_of_queries(client, coordinator, url):
    MessageFactory.create_batch(2)
    answered_questions(2)

    def grow():
        MessageFactory.create_batch(18)
        answered_questions(18)

    assert_flat_queries(client, url, grow)


@pytest.mark.parametrize(
    "url", ["/en/backoffice/reports/", "/en/backoffice/reports/?status=under_review"]
)
def test_report_queue_runs_a_fixed_number_of_queries(client, moderator, url):
    reports(2)

    assert_flat_queries(client, url, lambda: reports(18))


def test_back_office_start_page_runs_a_fixed_number_of_queries(client, moderator):
    MessageFactory.create_batch(2)
    reports(2)

    def grow():
        MessageFactory.create_batch(18)
        reports(18)

    assert_flat_queries(client, "/en/backoffice/", grow)
