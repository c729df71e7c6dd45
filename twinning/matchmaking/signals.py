"""A cancelled registration withdraws the delegate from the meetings (flow stream).

Registrations know nothing of meetings, so the matchmaking listens: in the cancellation's
transaction the participant is withdrawn, their meetings cancelled and a repair queued
(it runs after commit), which tells only the people whose agenda changed.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from twinning.accounts.rules import system_actor
from twinning.matchmaking.models import Participant
from twinning.registrations.models import Registration


@receiver(post_save, sender=Registration, dispatch_uid="matchmaking_withdraw_on_cancellation")
def withdraw_participant_of_cancelled_registration(
    sender, instance: Registration, **kwargs
) -> None:
    if instance.status != Registration.Status.CANCELLED:
        return
    from twinning.matchmaking import services

    for participant in Participant.objects.filter(
        delegation_id=instance.delegation_id,
        member__user_id=instance.user_id,
        withdrawn_at=None,
    ):
        services.participant_withdraw(actor=system_actor(), participant=participant)
