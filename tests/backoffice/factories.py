"""A delegation with a coordinator and registrations in every state of payment."""

from dataclasses import dataclass, field

from djmoney.money import Money

from tests.accounts.factories import UserFactory
from tests.payments.factories import coordinator_of, register, setup
from twinning.payments import services as payment_services
from twinning.registrations.models import Registration


@dataclass
class Office:
    policy: object
    coordinator: object
    unpaid: Registration
    paid: list[Registration] = field(default_factory=list)

    @property
    def delegation(self):
        return self.policy.delegation


def pay(registration: Registration, actor, amount=None) -> None:
    payment_services.payment_record(
        registration=registration, actor=actor, amount=amount or registration.total
    )
    registration.refresh_from_db()


def office(*, with_paid: bool = True, **policy) -> Office:
    """One unpaid registration (awaiting payment) and one paid in full (confirmed)."""
    policy, _issuer, coordinator, unpaid = setup(**policy)
    if not with_paid:
        return Office(policy=policy, coordinator=coordinator, unpaid=unpaid)
    paid = register(policy, UserFactory(preferred_language="zh-hans"))
    pay(paid, coordinator)
    return Office(policy=policy, coordinator=coordinator, unpaid=unpaid, paid=[paid])


def more_registrations(office: Office, count: int = 3, *, paid: bool = False) -> list:
    made = [register(office.policy) for _ in range(count)]
    if paid:
        for registration in made:
            pay(registration, office.coordinator)
    return made


__all__ = ["Money", "Office", "coordinator_of", "more_registrations", "office", "pay"]
