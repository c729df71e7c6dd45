"""The demo delegations: open for registration, every registration state, a waiting list."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from twinning.delegations.models import Delegation
from twinning.registrations import demo
from twinning.registrations.models import Registration, WaitingListEntry

pytestmark = pytest.mark.django_db

SEATTLE = "2027-seattle-business-mission-to-chongqing"
CHONGQING = "2027-chongqing-delegation-to-seattle"


@pytest.fixture
def loaded(db):
    call_command("demo", verbosity=0)


def _rows():
    return sorted(
        Registration.objects.values_list(
            "delegation__slug", "user__email", "status", "seats", "total", "payment_deadline"
        )
    )


def test_a_second_load_changes_nothing(loaded):
    before = _rows()

    demo.load()

    assert _rows() == before


def test_every_registration_state_is_in_the_demo(loaded):
    states = set(Registration.objects.values_list("status", flat=True))

    assert states == set(Registration.Status.values)


def test_nobody_can_sign_in_as_a_demo_registrant(loaded):
    registrants = {r.user for r in Registration.objects.select_related("user")}

    assert registrants
    assert not any(user.has_usable_password() for user in registrants)


@pytest.mark.parametrize(
    ("slug", "button"),
    [(SEATTLE, ">Register</a>"), (CHONGQING, "Full — join the waiting list")],
)
def test_the_demo_delegation_pages_show_what_a_visitor_can_do(client, loaded, slug, button):
    page = client.get(f"/en/delegations/{slug}/").content.decode()

    assert button in page


def test_the_full_delegation_has_someone_waiting(loaded):
    assert WaitingListEntry.objects.filter(delegation__slug=CHONGQING).count() == 1


@pytest.mark.parametrize("slug", [SEATTLE, CHONGQING])
def test_each_demo_delegation_shows_its_dollar_price_in_yuan_too(client, loaded, slug):
    # Both are priced in USD; Chongqing is the destination of one and the home of the other.
    page = client.get(f"/en/delegations/{slug}/").content.decode()

    assert "CNY per USD (rate of" in page


def test_the_demo_coordinator_runs_the_demo_trips(db):
    from twinning.delegations.models import Member

    call_command("demo", "--accounts", verbosity=0, stdout=__import__("io").StringIO())

    roles = set(
        Member.objects.filter(
            user__email="coordinator@demo.twinning.test", delegation__slug__in=[SEATTLE, CHONGQING]
        ).values_list("delegation__slug", "role", "confirmed")
    )
    assert roles == {(SEATTLE, "coordinator", True), (CHONGQING, "coordinator", True)}


# ---------------------------------------------------------------- dates (s-pay)
FUTURE = [
    datetime.datetime(2031, 2, 1, 9, 0, tzinfo=datetime.UTC),
    datetime.datetime(2040, 8, 31, 22, 0, tzinfo=datetime.UTC),
]


@pytest.mark.parametrize("now", FUTURE, ids=["2031", "2040"])
def test_the_demo_loaded_in_any_year_is_open_for_registration_about_five_months_ahead(db, now):
    from twinning.cities import demo as cities_demo
    from twinning.registrations.terms import registration_closed_reason

    cities_demo.load()
    demo.load(now=now)

    seattle = Delegation.objects.select_related("registration_policy").get(slug=SEATTLE)
    ahead = (seattle.travel_start - now.date()).days
    assert registration_closed_reason(seattle, now=now) == ""
    assert 140 <= ahead <= 180
    assert seattle.registration_policy.deadline.date() < seattle.travel_start
    assert str(seattle.travel_start.year) in seattle.title_en


def test_a_load_after_the_deadline_moves_the_demo_forward_and_a_load_before_keeps_it(loaded):
    first = Delegation.objects.get(slug=SEATTLE).travel_start
    soon = timezone.now() + datetime.timedelta(days=30)
    demo.load(now=soon)
    kept = Delegation.objects.get(slug=SEATTLE).travel_start
    later = timezone.now() + datetime.timedelta(days=400)
    demo.load(now=later)
    moved = Delegation.objects.get(slug=SEATTLE)

    assert kept == first
    assert moved.travel_start == later.date() + datetime.timedelta(days=160)
    assert registration_closed_reason_now(moved, later) == ""


def registration_closed_reason_now(delegation, now):
    from twinning.registrations.terms import registration_closed_reason

    return registration_closed_reason(
        Delegation.objects.select_related("registration_policy").get(pk=delegation.pk), now=now
    )


def test_the_terms_name_the_balance_date_in_each_language(loaded):
    from django.utils import translation
    from django.utils.formats import date_format

    policy = Delegation.objects.get(slug=SEATTLE).registration_policy
    day = policy.balance_due
    with translation.override("en"):
        english = date_format(day, "DATE_FORMAT")

    assert f"the balance by {english}." in policy.terms_en
    assert f"尾款须在{day.year}年{day.month}月{day.day}日前付清" in policy.terms_zh_hans


# ---------------------------------------------------------------- end dates (s-pay)
