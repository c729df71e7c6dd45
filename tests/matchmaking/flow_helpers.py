"""Helpers of the flow stream's tests: a small world of participants, the outbox."""

from tests.accounts.factories import UserFactory
from tests.delegations.factories import DelegationFactory, MemberFactory
from tests.matchmaking.factories import (
    CounterpartParticipantFactory,
    DelegateParticipantFactory,
    MatchmakingPolicyFactory,
)
from twinning.delegations.models import Member
from twinning.notifications.models import Notification


def coordinator_of(delegation):
    user = UserFactory()
    MemberFactory(delegation=delegation, user=user, role=Member.Role.COORDINATOR)
    return user


def small_world(**policy):
    """A delegation with a policy, two delegates (English), two counterparts (Chinese)."""
    delegation = DelegationFactory()
    MatchmakingPolicyFactory(delegation=delegation, **policy)
    delegates = [DelegateParticipantFactory(delegation=delegation) for _ in range(2)]
    for participant in delegates:
        participant.member.user.preferred_language = "en"
        participant.member.user.save()
    counterparts = [CounterpartParticipantFactory(delegation=delegation) for _ in range(2)]
    return delegation, delegates, counterparts


def mails(**filters):
    return list(Notification.objects.filter(**filters).order_by("pk"))
