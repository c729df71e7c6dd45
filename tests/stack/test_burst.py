"""500 visitors send the registration form at once for the 54 seats of the 2012 trip."""

from stack.burst import burst

SEATS, VISITORS = 54, 500


def test_500_sign_ups_at_once_take_exactly_54_seats_without_a_server_error(stack):
    plan = stack.prepare_burst(seats=SEATS, visitors=VISITORS)

    result = burst(stack.url, plan)

    stack.record("burst", result.as_dict())
    held = stack.sql(
        "SELECT count(*), coalesce(sum(seats), 0) FROM registrations_registration "
        "WHERE delegation_id = %s AND status IN ('awaiting_approval', 'awaiting_payment', "
        "'confirmed')",
        plan["delegation_id"],
    )
    assert result.errors == []
    assert result.outcomes == {"registered": SEATS, "full": VISITORS - SEATS}
    assert held == [(SEATS, SEATS)]
