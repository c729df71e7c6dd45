import pytest
from django.db import IntegrityError, transaction

from tests.matchmaking.factories import (
    DelegateParticipantFactory,
    MeetingFactory,
    MeetingRequestFactory,
    SlotFactory,
)
from twinning.matchmaking.models import Participant

pytestmark = pytest.mark.django_db


def test_a_delegate_participant_must_be_a_member():
    delegate = DelegateParticipantFactory()

    with transaction.atomic(), pytest.raises(IntegrityError):
        Participant.objects.create(
            delegation=delegate.delegation, kind=Participant.Kind.DELEGATE, organisation="X"
        )


def test_nobody_requests_a_meeting_with_themselves():
    request = MeetingRequestFactory()

    with transaction.atomic(), pytest.raises(IntegrityError):
        MeetingRequestFactory(
            delegation=request.delegation,
            requester=request.requester,
            target=request.requester,
        )


def test_a_table_holds_one_scheduled_meeting_per_slot():
    meeting = MeetingFactory()
    slot = meeting.slot
    other = DelegateParticipantFactory(delegation=meeting.delegation)
    third = DelegateParticipantFactory(delegation=meeting.delegation)

    with transaction.atomic(), pytest.raises(IntegrityError):
        MeetingFactory(
            delegation=meeting.delegation,
            slot=slot,
            table=meeting.table,
            participant_a=other,
            participant_b=third,
        )


def test_a_slot_ends_after_it_starts():
    slot = SlotFactory()

    with transaction.atomic(), pytest.raises(IntegrityError):
        SlotFactory(delegation=slot.delegation, starts_at=slot.ends_at, ends_at=slot.starts_at)
