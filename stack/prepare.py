"""Set up the stack's database for a burst: a delegation of N seats and signed-in visitors.

Run with the stack's environment (scripts/stack.sh writes it):

    python -m stack.prepare burst --seats 54 --visitors 500 > burst.json

The delegation is a copy of a demo delegation open for registration, with its policy and
cancellation schedule; each visitor is an account with a session made here, so the burst
measures seat-taking, not password hashing (sign-in is load-tested on its own). Written
straight to the database like bench/seed.py: this is test data, not an action of anyone.
"""

import argparse
import json
import os
import sys
import uuid


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "twinning.settings")
    import django

    django.setup()


def burst(*, seats: int, visitors: int, template: str) -> dict:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import transaction

    from twinning.accounts.models import User
    from twinning.delegations.models import Delegation
    from twinning.registrations.models import RegistrationPolicy

    run = uuid.uuid4().hex[:8]
    with transaction.atomic():
        delegation = Delegation.objects.get(slug=template)
        policy = RegistrationPolicy.objects.get(delegation=delegation)
        rules = list(policy.cancellation_rules.all())
        delegation.pk = None
        delegation.slug = f"stack-burst-{run}"
        delegation.capacity = seats
        delegation.save()
        policy.pk = None
        policy.delegation = delegation
        policy.save()
        for rule in rules:
            rule.pk = None
            rule.policy = policy
            rule.save()
        users = [
            User(email=f"burst-{run}-{i}@example.org", full_name=f"Visitor {i}")
            for i in range(visitors)
        ]
        for user in users:
            user.set_unusable_password()
        User.objects.bulk_create(users)
    sessions = []
    for user in User.objects.filter(email__startswith=f"burst-{run}-"):
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        sessions.append(session.session_key)
    return {
        "slug": delegation.slug,
        "delegation_id": delegation.pk,
        "seats": seats,
        "terms_version": policy.terms_version,
        "sessions": sessions,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    one = sub.add_parser("burst")
    one.add_argument("--seats", type=int, default=54)
    one.add_argument("--visitors", type=int, default=500)
    one.add_argument("--template", default="2027-seattle-business-mission-to-chongqing")
    args = parser.parse_args()
    _setup()
    json.dump(burst(seats=args.seats, visitors=args.visitors, template=args.template), sys.stdout)


if __name__ == "__main__":
    main()
