"""Payment references: ISO 11649 check digits, read back however the payer typed them."""

import pytest
from stdnum import iso11649

from twinning.payments.reference import reference_format, reference_key


def test_a_reference_is_a_valid_iso_11649_creditor_reference_in_groups_of_four():
    printed = reference_format("123")

    assert printed == "RF78 0000 0123"
    assert iso11649.is_valid(printed)


@pytest.mark.parametrize(
    "typed",
    [
        "RF78 0000 0123",
        "rf7800000123",
        "RF78 123",
        "Payment rf78-0000-0123 Avery Chen",
        "RF78 0000 0123 phone 5550199",
        "RF7800000123999",
    ],
)
def test_a_reference_is_matched_whatever_the_spaces_case_and_leading_zeros(typed):
    assert reference_key(typed) == "123"


@pytest.mark.parametrize("typed", ["RF79 0000 0123", "0000 0123", "", "RF", "invoice 2027-17"])
def test_a_wrong_check_digit_or_no_reference_matches_nothing(typed):
    assert reference_key(typed) is None
