"""Values no column can hold are a ValidationError on every database, before the save."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tests.delegations.factories import FeeFactory
from tests.people.factories import PersonFactory
from twinning.people.models import Person

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("text", ["\x00", "Chongqing\x00", "重庆\x00市"])
def test_a_text_with_a_nul_byte_is_refused_with_the_field_named(text):
    person = PersonFactory.build(name_en=text)

    with pytest.raises(ValidationError) as refused:
        person.save()

    assert "name_en" in refused.value.message_dict
    assert not Person.objects.exists()


def test_a_nul_byte_inside_json_is_refused():
    from tests.matchmaking.factories import CounterpartParticipantFactory

    with pytest.raises(ValidationError) as refused:
        CounterpartParticipantFactory(languages=["zh\x00"])

    assert list(refused.value.message_dict) == ["languages"]


def test_a_text_longer_than_its_column_is_refused_on_sqlite_too():
    with pytest.raises(ValidationError) as refused:
        PersonFactory(name_en="x" * 201)

    assert "200" in refused.value.message_dict["name_en"][0]


def test_a_text_as_long_as_its_column_is_kept():
    assert PersonFactory(name_en="x" * 200).name_en == "x" * 200


@pytest.mark.parametrize(
    ("amount", "field"),
    [(Decimal("0.001"), "amount"), (Decimal("1E+20"), "amount"), (Decimal("-1E+12"), "amount")],
)
def test_an_amount_the_column_would_round_or_overflow_is_refused(amount, field):
    with pytest.raises(ValidationError) as refused:
        FeeFactory(amount=amount)

    assert list(refused.value.message_dict) == [field]


def test_an_amount_with_the_columns_decimals_is_kept():
    assert FeeFactory(amount=Decimal("3520.50")).amount.amount == Decimal("3520.50")
