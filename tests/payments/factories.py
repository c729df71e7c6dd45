import factory

from tests.accounts.factories import UserFactory
from tests.delegations.factories import MemberFactory
from tests.registrations.factories import NOW, RegistrationPolicyFactory, details
from twinning.delegations.models import Member
from twinning.payments.models import Issuer
from twinning.registrations import services as registration_services


class IssuerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Issuer

    code = factory.Sequence(lambda n: f"SSC{n}")
    name = "Seattle Sister City Office"
    address = "600 4th Ave\nSeattle, WA 98104"
    tax_id = "91-0000000"
    bank_name = "Puget Sound Bank"
    iban = "US00 PSB 0000 1234 5678"
    bic = "PSBKUS66"
    is_default = False


def coordinator_of(delegation):
    return MemberFactory(delegation=delegation, role=Member.Role.COORDINATOR, confirmed=True).user


def register(policy, user=None, *, now=NOW, **overrides):
    user = user or UserFactory()
    return registration_services.registration_create(
        delegation=policy.delegation,
        user=user,
        actor=user,
        details=details(**overrides),
        terms_version=policy.terms_version,
        now=now,
    )


def setup(**policy):
    """A delegation taking registrations, its issuer and coordinator, one registration."""
    policy = RegistrationPolicyFactory(**policy)
    issuer = IssuerFactory()
    issuer.delegations.add(policy.delegation)
    return policy, issuer, coordinator_of(policy.delegation), register(policy)
