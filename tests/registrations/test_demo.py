"""The 2027 demo delegations: open for registration, every registration state, a waiting list."""

import pytest
from django.core.management import call_command

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


def test_the_demo_coordinator_runs_the_2027_trips(db):
    from twinning.delegations.models import Member

    call_command("demo", "--accounts", verbosity=0, stdout=__import__("io").StringIO())

    roles = set(
        Member.objects.filter(
            user__email="coordinator@demo.twinning.test", delegation__slug__in=[SEATTLE, CHONGQING]
        ).values_list("delegation__slug", "role", "confirmed")
    )
    assert roles == {(SEATTLE, "coordinator", True), (CHONGQING, "coordinator", True)}
