"""Demo payments: an issuer and fixed references for the 2027 demo registrations (idempotent).

Runs after the registrations demo. The references are fixed so that the sample statements
in ``demo_statements/`` (a CAMT.053 file for the Seattle mission, a CSV file for the
Chongqing delegation) match, whatever numbers the database gave the registrations. Their
bodies start with 9027 and are 12 digits long: far above any registration's own number.
"""

from pathlib import Path

from django.db import transaction

from twinning.delegations.models import Delegation
from twinning.payments.models import Issuer, PaymentReference
from twinning.registrations.models import Registration

STATEMENTS = Path(__file__).with_name("demo_statements")
REFERENCES = {
    "jordan.park@rainier-bio.test": "902700000001",
    "casey.ng@emerald-freight.test": "902700000002",
    "zhao.lei@liangjiang-logistics.test": "902700000003",
}
DELEGATIONS = ("2027-seattle-business-mission-to-chongqing", "2027-chongqing-delegation-to-seattle")


@transaction.atomic
def load() -> dict[str, int]:
    issuer, _created = Issuer.objects.update_or_create(
        code="SCSCA",
        defaults={
            "name": "Seattle–Chongqing Sister City Association (demo)",
            "address": "600 4th Avenue\nSeattle, WA 98104\nUnited States",
            "tax_id": "00-0000000 (demo)",
            "bank_name": "Demo Bank of Puget Sound",
            "iban": "0000123456789 (demo)",
            "bic": "DEMOUS00",
        },
    )
    issuer.delegations.add(*Delegation.objects.filter(slug__in=DELEGATIONS))
    references = 0
    for email, body in REFERENCES.items():
        registration = (
            Registration.objects.filter(user__email=email, delegation__slug__in=DELEGATIONS)
            .order_by("-pk")
            .first()
        )
        if registration is None:
            continue
        PaymentReference.objects.filter(body=body).exclude(registration=registration).delete()
        PaymentReference.objects.update_or_create(
            registration=registration, defaults={"body": body}
        )
        references += 1
    return {"issuers": 1, "references": references}
