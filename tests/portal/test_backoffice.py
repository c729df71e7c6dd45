import pytest
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tests.accounts.factories import CoordinatorFactory, UserFactory, verified_login
from tests.participation.factories import MessageFactory, ReportFactory
from twinning.accounts.models import Role
from twinning.core import backoffice
from twinning.delegations.tasks import build_briefing_book


@pytest.mark.django_db
def test_back_office_shows_each_role_its_queues(client):
    MessageFactory.create_batch(2)
    ReportFactory()
    verified_login(client, CoordinatorFactory())
    coordinator_page = client.get("/en/backoffice/").content.decode()
    verified_login(client, UserFactory(role=Role.MODERATOR, is_staff=True))
    moderator_page = client.get("/en/backoffice/").content.decode()

    assert "New messages" in coordinator_page
    assert "Reports to triage" in coordinator_page  # read-only for a coordinator
    assert 'href="/en/backoffice/reports/"' in coordinator_page
    assert "Reports to triage" in moderator_page
    assert "<strong>2</strong>" in moderator_page


@pytest.mark.django_db
def test_back_office_is_closed_to_visitors(client):
    assert client.get("/en/backoffice/").status_code == 302
    client.force_login(UserFactory(role=Role.DELEGATE))
    assert client.get("/en/backoffice/").status_code == 403


@pytest.mark.django_db
def test_the_reports_queue_links_to_the_triage_page_for_whoever_may_triage(client):
    ReportFactory.create_batch(3)
    verified_login(client, UserFactory(role=Role.MODERATOR, is_staff=True))
    page = client.get("/en/backoffice/").content.decode()
    assert '<a href="/en/backoffice/reports/">Reports to triage</a>: <strong>3</strong>' in page


@pytest.mark.django_db
def test_the_import_tool_comes_from_the_exchanges_app(client):
    verified_login(client, CoordinatorFactory())
    page = client.get("/en/backoffice/").content.decode()
    assert 'href="/en/backoffice/exchanges/import/"' in page


@pytest.mark.django_db
def test_administrators_see_the_briefing_books_waiting_for_the_worker(client):
    DBTaskResult.objects.create(
        task_path=build_briefing_book.module_path,
        status=TaskResultStatus.READY,
        args_kwargs={"args": [1, 1, "en"], "kwargs": {}},
        backend_name="default",
    )
    verified_login(client, UserFactory(role=Role.ADMINISTRATOR, is_staff=True))
    admin_page = client.get("/en/backoffice/").content.decode()
    verified_login(client, CoordinatorFactory())
    coordinator_page = client.get("/en/backoffice/").content.decode()
    assert "Briefing books being built</a>: <strong>1</strong>" in admin_page
    assert "Briefing books being built" not in coordinator_page


@pytest.mark.django_db
def test_an_app_adds_a_queue_without_the_portal_knowing_it(client):
    entry = backoffice.Entry(
        key="tests.queue",
        label="Letters to sign",
        url_name="portal:home",
        permission="backoffice.access",
        count=lambda: 7,
    )
    backoffice.register(entry)
    try:
        verified_login(client, CoordinatorFactory())
        page = client.get("/en/backoffice/").content.decode()
    finally:
        backoffice.unregister("tests.queue")
    assert "Letters to sign</a>: <strong>7</strong>" in page


@pytest.mark.django_db
def test_the_briefing_books_queue_opens_for_administrators_only(client):
    url = "/admin/django_tasks_database/dbtaskresult/?status__exact=READY"
    verified_login(client, UserFactory(role=Role.ADMINISTRATOR, is_staff=True))
    assert client.get(url).status_code == 200
    verified_login(client, CoordinatorFactory())
    assert client.get(url).status_code == 403
