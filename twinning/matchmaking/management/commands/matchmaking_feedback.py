from django.core.management.base import BaseCommand

from twinning.accounts.rules import system_actor
from twinning.delegations.models import Delegation
from twinning.matchmaking import services


class Command(BaseCommand):
    help = (
        "After each meeting, e-mail both sides a one-click feedback link (once per meeting "
        "and side; run every 15 minutes during the meeting days)."
    )

    def handle(self, *args, **options):
        actor = system_actor()
        queued = 0
        for delegation in Delegation.objects.filter(meetings__isnull=False).distinct():
            queued += services.feedback_requests_send(actor=actor, delegation=delegation)
        self.stdout.write(f"{queued} feedback e-mail(s) queued")
