from django.core.management.base import BaseCommand
from django.db import transaction

from twinning.accounts.demo import DEMO_ACCOUNTS, demo_accounts_create
from twinning.cities import demo as cities_demo
from twinning.delegations import demo as delegations_demo
from twinning.exchanges import demo as exchanges_demo
from twinning.matchmaking import demo as matchmaking_demo
from twinning.matchmaking import demo_agenda as matchmaking_demo_agenda
from twinning.pages import demo as pages_demo
from twinning.payments import demo as payments_demo
from twinning.registrations import demo as registrations_demo
from twinning.visas import demo as visas_demo


class Command(BaseCommand):
    help = "Load the Seattle–Chongqing demo data. Running it again changes nothing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--accounts",
            action="store_true",
            help="Also create the demo accounts with their published passwords "
            "(never on a public site).",
        )

    @transaction.atomic
    def handle(self, *args, accounts: bool = False, **options):
        counts = cities_demo.load()
        self.stdout.write(
            self.style.SUCCESS(
                "Demo data: {cities} cities, {relationships} relationship(s).".format(**counts)
            )
        )
        counts = exchanges_demo.load()
        self.stdout.write(
            self.style.SUCCESS(
                "Exchange archive: {exchanges} records in {categories} categories, "
                "{people} people, {organisations} organisations, "
                "{participations} participations, {quantities} figures, {sources} sources; "
                "{indexed} search documents.".format(**counts)
            )
        )
        counts = pages_demo.load()
        self.stdout.write(
            self.style.SUCCESS(
                "Information pages: {pages} pages, {versions} new version(s).".format(**counts)
            )
        )
        if accounts:
            demo_accounts_create()
            self.stdout.write(
                "Demo accounts (staff: the two-factor set-up link is mailed to data/mail/):"
            )
            for account in DEMO_ACCOUNTS:
                self.stdout.write(
                    f"  {account['role']:<12} {account['email']}  password: {account['password']}"
                )
        # After the accounts: the demo coordinator joins the delegation if the account exists.
        counts = delegations_demo.load()
        self.stdout.write(
            self.style.SUCCESS(
                "Demo delegation: {sessions} sessions at {venues} venues, {members} members, "
                "{contacts} contacts, {documents} documents, {outcomes} outcomes "
                "({linked} linked to the archive).".format(**counts)
            )
        )
        counts = registrations_demo.load()
        self.stdout.write(
            self.style.SUCCESS(
                "Delegations taking registrations: {delegations}, with {registrations} "
                "registrations and {waiting} on waiting lists.".format(**counts)
            )
        )
        counts = payments_demo.load()
        self.stdout.write(
            self.style.SUCCESS(
                "Payments: {issuers} invoice issuer, {references} demo payment references "
                "(sample statements in twinning/payments/demo_statements/).".format(**counts)
            )
        )
        counts = visas_demo.load()
        self.stdout.write(
            self.style.SUCCESS(
                "Visas: {passports} demo passport record(s), {letters} issued letter(s).".format(
                    **counts
                )
            )
        )
        counts = matchmaking_demo.load()
        self.stdout.write(
            self.style.SUCCESS(
                "Matchmaking: {sectors} sectors, {delegates} delegate and {counterparts} "
                "counterpart profiles.".format(**counts)
            )
        )
        # -- flow: requests, slots, interpreters and a first schedule --
        counts = matchmaking_demo.flow_load()
        self.stdout.write(
            self.style.SUCCESS(
                "Meetings: {requests} requests, {slots} slots, {interpreters} interpreters, "
                "{meetings} meetings scheduled.".format(**counts)
            )
        )
        # -- agenda: slots, interpreters, the run over the accepted requests, the agenda --
        counts = matchmaking_demo_agenda.load()
        self.stdout.write(
            self.style.SUCCESS(
                "Matchmaking agenda: {slots} slots, {interpreters} interpreters, {meetings} "
                "meetings scheduled, agenda published: {published}.".format(**counts)
            )
        )
