"""Meeting requests: who may ask, the other side's answer, mutual wishes, expiry, deadline."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from tests.accounts.factories import UserFactory
from tests.matchmaking.factories import CounterpartParticipantFactory
from tests.matchmaking.flow_helpers import coordinator_of, mails, small_world
from twinning.accounts.rules import system_actor
from twinning.matchmaking import services
from twinning.matchmaking.models import MatchmakingPolicy, MeetingRequest, Participant

pytestmark = pytest.mark.django_db
Priority, Status = MeetingRequest.Priority, MeetingRequest.Status
NOW = datetime.datetime(2027, 4, 1, 8, 0, tzinfo=datetime.UTC)


def _ask(requester, target, priority=Priority.WOULD, actor=None, now=NOW, **kwargs):
    actor = actor or requester.member.user
    return services.meeting_request_create(
        actor=actor, requester=requester, target=target, priority=priority, now=now, **kwargs
    )


def test_a_request_waits_for_the_other_side_and_mails_it_in_its_language():
    _delegation, (delegate, _), (counterpart, _) = small_world()
    request = _ask(delegate, counterpart, Priority.MUST, message="Tunnelling")
    assert request.status == Status.PENDING
    assert request.expires_at == NOW + datetime.timedelta(hours=72)
    [mail] = mails(key__startswith=f"meetingrequest-{request.pk}-received")
    assert (mail.to, mail.language, mail.template) == (
        counterpart.contact_email,
        "zh-hans",
        "matchmaking/flow/email/received",
    )


def test_the_e_mail_of_a_request_is_queued_once_per_event():
    _delegation, (delegate, _), (counterpart, _) = small_world()
    request = _ask(delegate, counterpart)
    with pytest.raises(ValidationError):
        _ask(delegate, counterpart)
    assert len(mails(key__startswith=f"meetingrequest-{request.pk}-")) == 1


def test_a_delegation_that_accepts_automatically_needs_no_answer():
    _delegation, (delegate, _), (counterpart, _) = small_world(auto_accept=True)
    request = _ask(delegate, counterpart)
    assert (request.status, request.expires_at) == (Status.ACCEPTED, None)
    [mail] = mails(key__startswith=f"meetingrequest-{request.pk}-received")
    assert mail.template == "matchmaking/flow/email/accepted_automatically"


def test_a_wish_on_both_sides_is_accepted_on_both_sides():
    _delegation, (delegate, _), (counterpart, _) = small_world()
    first = _ask(delegate, counterpart)
    coordinator = coordinator_of(counterpart.delegation)
    second = _ask(counterpart, delegate, Priority.MUST, actor=coordinator)
    first.refresh_from_db()
    assert (first.status, second.status) == (Status.ACCEPTED, Status.ACCEPTED)
    assert len(mails(template="matchmaking/flow/email/mutual")) == 2


@pytest.mark.parametrize("accept, status", [(True, Status.ACCEPTED), (False, Status.DECLINED)])
def test_the_asked_side_answers_and_the_asking_side_is_told(accept, status):
    _delegation, (delegate, _), (counterpart, _) = small_world()
    counterpart.user = UserFactory(preferred_language="zh-hans")
    counterpart.save()
    request = _ask(delegate, counterpart)
    services.meeting_request_answer(actor=counterpart.user, request=request, accept=accept, now=NOW)
    request.refresh_from_db()
    assert request.status == status
    [mail] = mails(
        template__in=["matchmaking/flow/email/accepted", "matchmaking/flow/email/declined"]
    )
    assert (mail.to, mail.language) == (delegate.member.user.email, "en")


def test_someone_else_cannot_answer_a_request():
    _delegation, (delegate, other), (counterpart, _) = small_world()
    request = _ask(delegate, counterpart)
    with pytest.raises(PermissionDenied):
        services.meeting_request_answer(actor=other.member.user, request=request, accept=True)


def test_an_unanswered_request_expires_when_someone_tries_to_answer_it_late():
    _delegation, (delegate, _), (counterpart, _) = small_world()
    request = _ask(delegate, counterpart)
    coordinator = coordinator_of(counterpart.delegation)
    with pytest.raises(ValidationError, match="expired"):
        services.meeting_request_answer(
            actor=coordinator, request=request, accept=True, now=NOW + datetime.timedelta(hours=73)
        )
    request.refresh_from_db()
    assert request.status == Status.EXPIRED


def test_the_expiry_job_expires_once_and_tells_the_asking_side_once():
    _delegation, (delegate, _), (counterpart, _) = small_world(request_expiry_hours=1)
    request = _ask(delegate, counterpart, now=timezone.now() - datetime.timedelta(hours=2))
    call_command("matchmaking_expire")
    call_command("matchmaking_expire")
    request.refresh_from_db()
    assert request.status == Status.EXPIRED
    assert len(mails(template="matchmaking/flow/email/expired")) == 1


def test_an_expired_request_frees_the_pair_to_ask_again():
    delegation, (delegate, _), (counterpart, _) = small_world(request_expiry_hours=1)
    _ask(delegate, counterpart)
    services.meeting_requests_expire(
        actor=system_actor(), delegation=delegation, now=NOW + datetime.timedelta(hours=2)
    )
    again = _ask(delegate, counterpart, now=NOW + datetime.timedelta(hours=3))
    assert again.status == Status.PENDING


def test_the_requests_page_expires_lapsed_requests_on_read(client):
    delegation, (delegate, _), (counterpart, _) = small_world(request_expiry_hours=1)
    request = _ask(delegate, counterpart, now=timezone.now() - datetime.timedelta(hours=2))
    client.force_login(delegate.member.user)
    response = client.get(f"/en/delegations/{delegation.slug}/meetings/requests/")
    assert response.status_code == 200
    request.refresh_from_db()
    assert request.status == Status.EXPIRED


def test_a_delegate_cannot_ask_a_government_office_and_is_told_why():
    delegation, (delegate, _), _ = small_world()
    office = CounterpartParticipantFactory(delegation=delegation, kind=Participant.Kind.OFFICIAL)
    with pytest.raises(PermissionDenied, match="coordinators"):
        _ask(delegate, office)
    assert not MeetingRequest.objects.exists()


def test_a_coordinator_arranges_a_meeting_with_a_government_office():
    delegation, (delegate, _), _ = small_world()
    office = CounterpartParticipantFactory(delegation=delegation, kind=Participant.Kind.OFFICIAL)
    request = _ask(delegate, office, actor=coordinator_of(delegation))
    assert request.status == Status.PENDING


def test_requests_close_at_the_delegations_deadline():
    delegation, (delegate, _), (counterpart, _) = small_world()
    MatchmakingPolicy.objects.filter(delegation=delegation).update(requests_close_at=NOW)
    with pytest.raises(ValidationError, match="closed"):
        _ask(delegate, counterpart)


def test_requests_before_the_deadline_are_taken():
    delegation, (delegate, _), (counterpart, _) = small_world()
    MatchmakingPolicy.objects.filter(delegation=delegation).update(
        requests_close_at=NOW + datetime.timedelta(minutes=1)
    )
    assert _ask(delegate, counterpart).status == Status.PENDING


def test_no_thanks_asks_nobody_and_mails_nobody():
    _delegation, (delegate, _), (counterpart, _) = small_world()
    request = _ask(delegate, counterpart, Priority.NO)
    assert request.status == Status.ACCEPTED
    assert mails() == []


def test_a_declined_request_cannot_be_sent_again():
    _delegation, (delegate, _), (counterpart, _) = small_world()
    request = _ask(delegate, counterpart)
    services.meeting_request_answer(
        actor=coordinator_of(delegate.delegation), request=request, accept=False
    )
    with pytest.raises(ValidationError, match="declined"):
        _ask(delegate, counterpart)


def test_the_asking_side_withdraws_its_request():
    _delegation, (delegate, _), (counterpart, _) = small_world()
    request = _ask(delegate, counterpart)
    services.meeting_request_withdraw(actor=delegate.member.user, request=request)
    request.refresh_from_db()
    assert request.status == Status.WITHDRAWN


def test_a_delegate_cannot_ask_on_someone_elses_behalf():
    _delegation, (delegate, other), (counterpart, _) = small_world()
    with pytest.raises(PermissionDenied):
        _ask(other, counterpart, actor=delegate.member.user)


def test_the_counterpart_reads_the_request_in_chinese(mailoutbox):
    from twinning.notifications.services import notification_deliver

    _delegation, (delegate, _), (counterpart, _) = small_world()
    request = _ask(delegate, counterpart)
    [notification] = mails(key__startswith=f"meetingrequest-{request.pk}-received")
    notification_deliver(notification_id=notification.pk)
    notification_deliver(notification_id=notification.pk)
    [mail] = mailoutbox
    assert "希望与您会面" in mail.subject
    assert "接受或谢绝" in mail.body
