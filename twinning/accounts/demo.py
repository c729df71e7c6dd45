"""Demo accounts for a local trial: their passwords are published, so never on a public site."""

from django.db import transaction

from twinning.accounts.models import Role, User

DEMO_ACCOUNTS = [
    {
        "email": "coordinator@demo.twinning.test",
        "password": "seattle-chongqing-1983",
        "full_name": "Demo Coordinator",
        "role": Role.COORDINATOR,
        "is_staff": True,
    },
]


@transaction.atomic
def demo_accounts_create() -> list[User]:
    users = []
    for account in DEMO_ACCOUNTS:
        fields = {k: v for k, v in account.items() if k not in {"email", "password"}}
        user, _created = User.objects.update_or_create(email=account["email"], defaults=fields)
        user.set_password(account["password"])
        user.save(update_fields=["password"])
        users.append(user)
    return users
