import pytest
from django.core import mail

from tests.accounts.factories import CoordinatorFactory, UserFactory, verified_login
from tests.exchanges.factories import ExchangeFactory
from tests.participation.conftest import solved
from tests.participation.factories import ReportFactory
from tests.people.factories import PersonFactory
from twinning.accounts.models import Role
from twinning.participation.models import Report
from twinning.search.selectors import search
from twinning.search.services import search_index_rebuild


def _moderator(client):
    moderator = UserFactory(role=Role.MODERATOR, is_staff=True)
    verified_login(client, moderator)
    return moderator


@pytest.mark.django_db
def test_report_page_shows_the_reporting_line_and_prefills_the_address(client, settings):
    settings.TWINNING_REPORT_PHONE = "+86 23 6000 0000"

    page = client.get("/en/report/?url=/en/exchanges/x/").content.decode()

    assert "+86 23 6000 0000" in page
    assert settings.TWINNING_REPORT_ADDRESS in page
    assert 'value="/en/exchanges/x/"' in page


@pytest.mark.django_db
def test_every_public_page_has_a_report_link(client):
    exchange = ExchangeFactory()

    page = client.get(exchange.get_absolute_url()).content.decode()

    assert f'href="/en/report/?url=%2Fen%2Fexchanges%2F{exchange.key}%2F"' in page


@pytest.mark.django_db
def test_report_of_a_record_is_linked_to_it(client):
    exchange = ExchangeFactory()

    client.post(
        "/zh-hans/report/",
        solved(
            {"url": exchange.get_absolute_url().replace("/en/", "/zh-hans/"), "reason": "false"}
        ),
    )

    report = Report.objects.get()
    assert report.content == exchange
    assert report.language == "zh-hans"
    assert report.status == Report.Status.RECEIVED


@pytest.mark.django_db
def test_report_of_an_outside_address_is_refused(client):
    response = client.post(
        "/en/report/", solved({"url": "https://evil.example/", "reason": "spam"})
    )

    assert response.status_code == 400
    assert Report.objects.count() == 0


@pytest.mark.django_db
def test_hidden_record_is_gone_from_page_feed_sitemap_and_search(client):
    exchange = ExchangeFactory(title_en="Questionable record", key="questionable")
    search_index_rebuild()
    report = ReportFactory(url=exchange.get_absolute_url(), content=exchange)
    _moderator(client)

    client.post(f"/en/backoffice/reports/{report.pk}/", {"action": "review"})
    client.post(
        f"/en/backoffice/reports/{report.pk}/", {"action": "hide", "staff_note": "Removed."}
    )

    report.refresh_from_db()
    assert report.status == Report.Status.ACTION_TAKEN
    assert report.review_started_at and report.closed_at
    assert client.get(exchange.get_absolute_url()).status_code == 404
    assert "Questionable record" not in client.get("/en/exchanges/feed/").content.decode()
    assert "questionable" not in client.get("/sitemap.xml").content.decode()
    assert "Questionable record" not in client.get("/en/exchanges/").content.decode()
    assert search(query="questionable").total == 0


@pytest.mark.django_db
def test_hidden_person_is_gone_from_page_and_search(client):
    person = PersonFactory(name_en="Someone Private")
    search_index_rebuild()
    report = ReportFactory(url=person.get_absolute_url(), content=person, reason="privacy")
    _moderator(client)

    client.post(f"/en/backoffice/reports/{report.pk}/", {"action": "hide"})

    assert client.get(person.get_absolute_url()).status_code == 404
    assert search(query="Someone Private").total == 0
    assert person.slug not in client.get("/sitemap.xml").content.decode()


@pytest.mark.django_db
def test_dismissed_report_leaves_the_content_and_the_reporter_is_told_in_their_language(
    client, django_capture_on_commit_callbacks
):
    exchange = ExchangeFactory()
    report = ReportFactory(url=exchange.get_absolute_url(), content=exchange, language="zh-hans")
    _moderator(client)

    client.post(
        f"/en/backoffice/reports/{report.pk}/", {"action": "dismiss", "staff_note": "核实无误。"}
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/backoffice/reports/{report.pk}/", {"action": "notify"})

    report.refresh_from_db()
    assert report.status == Report.Status.DISMISSED
    assert report.reporter_notified_at is not None
    assert client.get(exchange.get_absolute_url()).status_code == 200
    assert mail.outbox[0].to == ["reporter@example.org"]
    assert "核实无误。" in mail.outbox[0].body
    assert "不予处理" in mail.outbox[0].body


@pytest.mark.django_db
def test_only_moderators_triage_reports(client):
    report = ReportFactory()

    assert client.get("/en/backoffice/reports/").status_code == 302  # anonymous: sign in
    verified_login(client, CoordinatorFactory())
    assert (
        client.post(f"/en/backoffice/reports/{report.pk}/", {"action": "dismiss"}).status_code
        == 403
    )
    report.refresh_from_db()
    assert report.status == Report.Status.RECEIVED


@pytest.mark.django_db
def test_coordinators_read_the_report_queue_without_the_triage_buttons(client):
    report = ReportFactory(url="/en/reported-page/")
    verified_login(client, CoordinatorFactory())

    queue = client.get("/en/backoffice/reports/")
    detail = client.get(f"/en/backoffice/reports/{report.pk}/")

    assert queue.status_code == 200 and "/en/reported-page/" in queue.content.decode()
    assert detail.status_code == 200
    assert 'value="dismiss"' not in detail.content.decode()
    assert "Moderators triage reports" in detail.content.decode()


@pytest.mark.django_db
def test_report_queue_filters_by_status(client):
    ReportFactory(url="/en/one/")
    ReportFactory(url="/en/two/", status=Report.Status.DISMISSED)
    _moderator(client)

    page = client.get("/en/backoffice/reports/?status=received").content.decode()

    assert "/en/one/" in page and "/en/two/" not in page
