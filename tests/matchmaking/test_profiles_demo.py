"""The matchmaking demo: sectors, the 2027 mission's delegates and Chongqing counterparts."""

import pytest
from django.core.management import call_command
from django.utils import translation

from twinning.matchmaking import demo, selectors
from twinning.matchmaking.models import Participant, Sector

pytestmark = pytest.mark.django_db

SEATTLE = "2027-seattle-business-mission-to-chongqing"


@pytest.fixture
def loaded(db):
    call_command("demo", verbosity=0)


def _rows():
    return sorted(
        Participant.objects.values_list(
            "delegation__slug", "kind", "contact_email", "organisation_en", "offers_zh_hans"
        )
    )


def test_a_second_load_changes_nothing(loaded):
    before = (_rows(), Sector.objects.count())

    demo.load()

    assert (_rows(), Sector.objects.count()) == before


def test_the_demo_has_the_sectors_and_profiles_in_both_languages(loaded):
    participants = Participant.objects.filter(delegation__slug=SEATTLE)
    kinds = sorted(set(participants.values_list("kind", flat=True)))

    assert Sector.objects.exclude(name_zh_hans="").count() >= 15
    assert participants.filter(kind="counterpart").count() == 17
    assert participants.filter(kind="official").count() == 3
    assert kinds == ["counterpart", "delegate", "official"]
    assert participants.filter(organisation_zh_hans="").count() == 0


def test_every_demo_delegate_is_a_confirmed_member(loaded):
    delegates = Participant.objects.filter(delegation__slug=SEATTLE, kind="delegate")

    assert delegates.count() == 9
    assert all(d.member.confirmed for d in delegates) is True


def test_the_tunnelling_delegate_is_suggested_the_rail_builder_first(loaded):
    avery = Participant.objects.get(member__user__email="avery.chen@cascade-tunnelling.test")

    with translation.override("en"):
        rows = selectors.suggestions(reader=avery)

    assert rows[0].participant.contact_email == "liu.yang@cq-rail-build.test"
    assert "tunnel boring machines" in " ".join(rows[0].reasons)
