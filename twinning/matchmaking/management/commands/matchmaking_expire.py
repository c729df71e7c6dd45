from django.core.management.base import BaseCommand

from twinning.accounts.rules import system_actor
from twinning.delegations.models import Delegation
from twinning.matchmaking import services


class Command(BaseCommand):
    help = (
        "Expire meeting requests left unanswered past their time and tell who asked "
        "(run every 15 minutes or hourly; the pages also expire them when they show them)."
    )

    def handle(self, *args, **options):
        actor = system_actor()
        expired = 0
        for delegation in Delegation.objects.filter(meeting_requests__status="pending").distinct():
            expired += services.meeting_requests_expire(delegation=delegation, actor=actor)
        self.stdout.write(f"{expired} meeting request(s) expired")
