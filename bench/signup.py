"""The sign-up scenario: signed-in people POST the register form, one seat each.

``prepare`` (in-process, in the run's database) makes a delegation that takes
registrations with a seat for everyone, and ``users`` delegates, each with a session and
a CSRF secret of their own; bench/run.py then POSTs the form once for each of them
through gunicorn (the seat lock, the registration, its answers and e-mail: the whole
write) and compares sign-ups per second with the minimal view's requests per second
measured in the same run.

    python -m bench.signup --users 200 --out prepared.json
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import secrets
import sys
from pathlib import Path
from urllib.parse import urlencode

SLUG = "bench-sign-up"


def _delegation(capacity: int):
    from djmoney.money import Money

    from twinning.cities.models import City, Relationship
    from twinning.delegations.models import Delegation
    from twinning.registrations.models import RegistrationPolicy

    cities = [
        City.objects.get_or_create(
            slug=f"bench-city-{side}",
            defaults={"name": f"Bench city {side}", "country": "Bench", "time_zone": "UTC"},
        )[0]
        for side in ("a", "b")
    ]
    relationship, _created = Relationship.objects.get_or_create(
        slug="bench-sign-up-pair",
        defaults={
            "city_a": cities[0],
            "city_b": cities[1],
            "established_on": datetime.date(1983, 6, 1),
        },
    )
    start = datetime.date.today() + datetime.timedelta(days=90)
    delegation, _created = Delegation.objects.update_or_create(
        slug=SLUG,
        defaults={
            "relationship": relationship,
            "direction": Delegation.Direction.A_TO_B,
            "title": "Bench sign-up mission",
            "travel_start": start,
            "travel_end": start + datetime.timedelta(days=10),
            "programme_start": start + datetime.timedelta(days=1),
            "programme_end": start + datetime.timedelta(days=9),
            "capacity": capacity,
            "status": Delegation.Status.OPEN,
        },
    )
    policy, _created = RegistrationPolicy.objects.update_or_create(
        delegation=delegation,
        defaults={
            "deadline": datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=30),
            "price": Money(3520, "USD"),
            "terms": "Terms of the bench trip.",
        },
    )
    return delegation, policy


def _session_cookie(user, csrf_secret: str) -> str:
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    # An unmasked 32-character secret is a valid token for the form as for the cookie.
    return (
        f"{settings.SESSION_COOKIE_NAME}={session.session_key}; "
        f"{settings.CSRF_COOKIE_NAME}={csrf_secret}"
    )


def prepare(*, users: int) -> dict:
    """The delegation, ``users`` signed-in delegates, and each one's request (cookie, body)."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from twinning.accounts.models import User
    from twinning.registrations.models import Registration

    with transaction.atomic():
        delegation, policy = _delegation(capacity=users + 10)
        Registration.objects.filter(delegation=delegation).delete()
        stamp = secrets.token_hex(4)
        people = User.objects.bulk_create(
            User(
                email=f"bench-{stamp}-{n}@example.org",
                full_name=f"Bench Delegate {n}",
                password=make_password(None),
            )
            for n in range(users)
        )
    requests = []
    for user in User.objects.filter(email__startswith=f"bench-{stamp}-"):
        csrf_secret = secrets.token_hex(16)
        body = {
            "csrfmiddlewaretoken": csrf_secret,
            "company": "Bench Tunnelling Inc.",
            "job_title": "Director",
            "emergency_contact": "Pat Doe, +1 206 555 0199",
            "terms_version": policy.terms_version,
            "accept_terms": "on",
        }
        requests.append({"cookie": _session_cookie(user, csrf_secret), "body": urlencode(body)})
    return {
        "path": f"/en/delegations/{delegation.slug}/register/",
        "success_location": f"/en/delegations/{delegation.slug}/registration/",
        "users": len(people),
        "requests": requests,
    }


def registered() -> int:
    """How many sign-ups the scenario's delegation holds (checked after the run)."""
    from twinning.registrations.models import Registration

    return Registration.objects.filter(delegation__slug=SLUG).count()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--count", action="store_true", help="print the sign-ups held")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    if args.count:
        print(registered())
        return 0
    args.out.write_text(json.dumps(prepare(users=args.users)), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
