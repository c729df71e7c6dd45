from django.core.management.base import BaseCommand

from twinning.accounts.rules import system_actor
from twinning.delegations.models import Delegation
from twinning.registrations import services


class Command(BaseCommand):
    help = (
        "Expire unpaid registrations past their payment deadline and waiting-list offers "
        "past their expiry, then offer the freed seats (run every few minutes or hourly)."
    )

    def handle(self, *args, **options):
        actor = system_actor()
        released = 0
        for delegation in Delegation.objects.filter(registration_policy__isnull=False):
            released += services.holds_expire(delegation=delegation, actor=actor)
        self.stdout.write(f"{released} seat hold(s) released")
