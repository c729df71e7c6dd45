"""A registration that ends (cancelled, refused) takes its visa letter with it.

The registrations app knows nothing of letters, so the visas app listens: the letter in
force is revoked in the same transaction, and the verification page says so.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from twinning.accounts.rules import system_actor
from twinning.registrations.models import Registration
from twinning.visas.models import PassportAccess, VisaLetter


@receiver(post_save, sender=Registration, dispatch_uid="visas_revoke_on_registration_end")
def revoke_letters_of_ended_registration(sender, instance: Registration, **kwargs) -> None:
    if instance.status == Registration.Status.CONFIRMED:
        return
    letters = list(
        VisaLetter.objects.filter(registration=instance, revoked_at=None).values_list(
            "pk", flat=True
        )
    )
    if not letters:
        return
    VisaLetter.objects.filter(pk__in=letters).update(revoked_at=timezone.now())
    actor = system_actor()
    PassportAccess.objects.bulk_create(
        PassportAccess(
            registration=instance,
            actor=actor,
            action=PassportAccess.Action.LETTER_REVOKE,
            letter_id=pk,
        )
        for pk in letters
    )
