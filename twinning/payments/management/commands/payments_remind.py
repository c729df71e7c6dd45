from django.core.management.base import BaseCommand

from twinning.accounts.rules import system_actor
from twinning.payments.services import reminders_send


class Command(BaseCommand):
    help = "E-mail registrants who still owe and whose payment deadline is near (once each)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=5, help="Deadline within this many days.")

    def handle(self, *args, days: int, **options):
        sent = reminders_send(actor=system_actor(), days=days)
        self.stdout.write(f"{sent} reminder(s) queued")
