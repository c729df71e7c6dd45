import pytest

from tests.accounts.factories import CoordinatorFactory, UserFactory, verified_login
from tests.participation.factories import MessageFactory, ReportFactory
from twinning.accounts.models import Role


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
