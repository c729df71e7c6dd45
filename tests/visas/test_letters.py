"""Visa invitation letters: numbered without gaps, bilingual, verifiable, announced."""

import datetime

import pypdfium2
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.accounts.factories import UserFactory
from tests.registrations.factories import NOW
from tests.visas.factories import (
    RegistrationFactory,
    coordinator_of,
    host_for,
    issue_for,
    with_passport,
)
from twinning.registrations.models import Registration
from twinning.visas import pdf, services
from twinning.visas.models import PassportAccess, VisaLetter

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    document = pypdfium2.PdfDocument(content)
    return "".join(page.get_textpage().get_text_range() for page in document)


def test_letters_are_numbered_per_year_without_gaps():
    first = issue_for(with_passport(), now=NOW)
    with pytest.raises(ValidationError):
        issue_for(RegistrationFactory(), now=NOW)  # no passport data: takes no number
    second = issue_for(with_passport(), now=NOW)
    next_year = issue_for(with_passport(), now=NOW.replace(year=2028))

    assert [first.number, second.number, next_year.number] == [
        "2027-0001",
        "2027-0002",
        "2028-0001",
    ]


def test_a_letter_needs_a_confirmed_registration():
    registration = with_passport()
    Registration.objects.filter(pk=registration.pk).update(status=Registration.Status.CANCELLED)

    with pytest.raises(ValidationError, match="not confirmed"):
        issue_for(registration)
    assert VisaLetter.objects.count() == 0


def test_a_second_letter_waits_until_the_first_is_revoked():
    registration = with_passport()
    letter = issue_for(registration)
    coordinator = letter.issued_by

    with pytest.raises(ValidationError, match="in force already"):
        issue_for(registration, actor=coordinator)
    services.visa_letter_revoke(letter=letter, actor=coordinator)
    assert issue_for(registration, actor=coordinator).sequence == letter.sequence + 1


@pytest.mark.parametrize("who", ["delegate", "other_coordinator"])
def test_only_the_delegations_coordinator_issues(who):
    registration = with_passport()
    host_for(registration.delegation)
    actor = (
        registration.user if who == "delegate" else coordinator_of(RegistrationFactory().delegation)
    )

    with pytest.raises(PermissionDenied):
        services.visa_letter_issue(registration=registration, actor=actor)


def test_the_letter_pdf_is_bilingual_with_number_name_and_passport():
    letter = issue_for(with_passport(), now=NOW)

    text = pdf_text(pdf.letter_pdf(letter=VisaLetter.objects.get(pk=letter.pk)))

    assert "2027-0001" in text
    assert "DOE JANE MARIE" in text
    assert "X12345678" in text
    assert "Invitation letter" in text
    assert "邀请函" in text
    assert "重庆市外事办公室" in text
    assert "美国" in text  # the nationality named in Chinese in the Chinese column


def test_the_coordinator_issues_from_the_page_and_the_delegate_downloads(client):
    registration = with_passport()
    host_for(registration.delegation)
    coordinator = coordinator_of(registration.delegation)
    client.force_login(coordinator)
    slug = registration.delegation.slug

    response = client.post(f"/en/delegations/{slug}/visas/{registration.pk}/issue/")

    assert response.status_code == 302
    letter = VisaLetter.objects.get(registration=registration)
    client.force_login(registration.user)
    download = client.get(f"/en/delegations/{slug}/visa-letters/{letter.pk}/letter.pdf")
    assert download.status_code == 200
    assert download["Cache-Control"] == "private, no-store"
    assert letter.number in pdf_text(download.content)
    logged = PassportAccess.objects.filter(letter=letter).order_by("pk")
    assert [(a.action, a.actor) for a in logged] == [
        (PassportAccess.Action.LETTER_ISSUE, coordinator),
        (PassportAccess.Action.LETTER_READ, registration.user),
    ]


def test_the_delegate_gets_a_letter_ready_email_in_their_language(
    mailoutbox, django_capture_on_commit_callbacks
):
    registration = with_passport(
        RegistrationFactory(user=UserFactory(preferred_language="zh-hans"))
    )

    with django_capture_on_commit_callbacks(execute=True):
        letter = issue_for(registration)

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [registration.user.email]
    assert letter.number in message.subject
    assert "签证邀请函" in message.subject
    assert "X12345678" not in message.body


def verify(client, letter):
    return client.get(f"/en/visas/verify/{letter.token}/")


def _trip_ahead():
    """A registration whose trip is still ahead today, whatever today is."""
    from django.utils import timezone

    from tests.registrations.factories import RegistrationPolicyFactory

    today = timezone.localdate()
    policy = RegistrationPolicyFactory(
        delegation__travel_start=today + datetime.timedelta(days=60),
        delegation__travel_end=today + datetime.timedelta(days=70),
        delegation__programme_start=today + datetime.timedelta(days=61),
        delegation__programme_end=today + datetime.timedelta(days=69),
    )
    return RegistrationFactory(delegation=policy.delegation)


def test_the_verification_page_shows_number_name_and_validity_only(client):
    letter = issue_for(with_passport(_trip_ahead()))

    response = verify(client, letter)

    page = response.content.decode()
    assert response.status_code == 200
    assert letter.number in page
    assert "DOE JANE MARIE" in page
    assert "Valid until" in page
    assert "X12345678" not in page
    assert "1980" not in page
    assert PassportAccess.objects.filter(action="letter_verify", actor=None).count() == 1


def test_the_verification_page_says_when_a_letter_is_revoked(client):
    letter = issue_for(with_passport())
    services.visa_letter_revoke(letter=letter, actor=letter.issued_by)

    assert "Revoked" in verify(client, letter).content.decode()


def test_the_verification_page_says_when_a_letter_has_expired(client):
    letter = issue_for(with_passport())
    VisaLetter.objects.filter(pk=letter.pk).update(valid_until=datetime.date(2020, 1, 1))

    assert "Expired on" in verify(client, letter).content.decode()


def test_an_unknown_token_is_404(client):
    assert client.get("/en/visas/verify/not-a-token/").status_code == 404


def test_the_letter_qr_code_points_to_the_verification_page():
    letter = issue_for(with_passport())

    url = services.verification_url(letter, "zh-hans")

    assert url.endswith(f"/zh-hans/visas/verify/{letter.token}/")


def test_cancelling_the_registration_revokes_its_letter(client):
    from twinning.registrations.services import registration_cancel

    letter = issue_for(with_passport())
    registration = letter.registration

    registration_cancel(registration=registration, actor=registration.user)

    assert VisaLetter.objects.get(pk=letter.pk).revoked_at is not None
    assert "Revoked" in verify(client, letter).content.decode()
    assert PassportAccess.objects.filter(action="letter_revoke", letter=letter).count() == 1
