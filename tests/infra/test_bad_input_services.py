"""Bad input never breaks a service: every gated write, called with generated values.

Each service of the write-gate table (tests/accounts/test_write_gate.py, which lists every
public service function) is called by an actor with the right, with the objects its row
builds and every plain value it takes — texts, numbers, amounts, flags, files, texts per
language, the fields of its input records — drawn by hypothesis, hostile ones included
(NUL bytes, huge texts, negative and enormous numbers, amounts in odd currencies). It
may do the work or refuse with a ``ValidationError`` (a message a page or the API can
show); a database error, a ``TypeError`` or any other exception is a defect. Each example
runs in a savepoint that is rolled back.

The same values reach the services from the API, whose input checks are looser than a
form's, so the services are a boundary of their own. Figures in docs/security.md.
"""

import dataclasses
import datetime
import inspect
import types
import typing
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from djmoney.money import Money
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.accounts.test_write_gate import GATED, SERVICES, _stripe_faked  # noqa: F401
from twinning.exchanges.importing.parsing import ImportFileError
from twinning.payments.statements import StatementError

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = 10
# Counted for docs/security.md (tests/figures.py writes them after the run).
FIGURES = {"calls": 0, "refused": 0}
# Refusals a caller can show to a person.
REFUSALS = (ValidationError, StatementError, ImportFileError)
# Values that are the caller's context, not input: a clock, a request, a callback.
NOT_INPUT = {"actor", "now", "today", "request", "related"}

TEXT = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=20),
    st.sampled_from(["", "\x00", "a\x00b", " ", "x" * 20_000, "重庆" * 300, "=1+1", "\r\n"]),
)
NUMBER = st.one_of(st.integers(min_value=-(2**63), max_value=2**63), st.sampled_from([0, -1]))
AMOUNT = st.builds(
    Money,
    st.one_of(
        st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False),
        st.sampled_from([Decimal("0.001"), Decimal("-0.01"), Decimal("1E+15")]),
    ),
    st.sampled_from(["USD", "CNY", "EUR", "JPY", "XXX"]),
)
DAY = st.dates(min_value=datetime.date(1, 1, 1), max_value=datetime.date(9999, 12, 31))
MOMENT = st.datetimes(
    min_value=datetime.datetime(1900, 1, 1),
    max_value=datetime.datetime(9000, 1, 1),
    timezones=st.just(datetime.UTC),
)


def _strategy(annotation, current):
    """Generated values of the type a parameter (or a record's field) takes."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        strategies = [s for s in (_strategy(a, current) for a in options) if s is not None]
        return st.one_of(st.none(), *strategies) if strategies else None
    if annotation is str:
        return TEXT
    if annotation is bool:
        return st.booleans()
    if annotation is int:
        return NUMBER
    if annotation is bytes:
        return st.binary(max_size=4000)
    if annotation is Money:
        return AMOUNT
    if annotation is datetime.datetime:
        return MOMENT
    if annotation is datetime.date:
        return DAY
    if typing.get_origin(annotation) is dict and typing.get_args(annotation) == (str, str):
        keys = list(current) if isinstance(current, dict) and current else ["en"]
        return st.fixed_dictionaries({key: TEXT for key in keys})
    if dataclasses.is_dataclass(annotation) and current is not None:
        hints = typing.get_type_hints(annotation)
        fields = {
            f.name: _strategy(hints[f.name], getattr(current, f.name))
            for f in dataclasses.fields(annotation)
        }
        fields = {name: s for name, s in fields.items() if s is not None}
        return st.fixed_dictionaries(fields).map(lambda v: dataclasses.replace(current, **v))
    return None  # an object the row builds: kept as it is


def _inputs(name: str, kwargs: dict) -> dict:
    hints = typing.get_type_hints(SERVICES[name])
    found = {}
    for parameter in inspect.signature(SERVICES[name]).parameters.values():
        if parameter.name in NOT_INPUT or parameter.name not in hints:
            continue
        current = kwargs.get(parameter.name, parameter.default)
        strategy = _strategy(hints[parameter.name], current)
        if strategy is not None:
            found[parameter.name] = strategy
    return found


# Services that take only objects the system made (a record, a registration, a report)
# get their input through the forms: tests/infra/test_bad_input_forms.py.
@pytest.mark.parametrize("name", sorted(GATED))
def test_a_service_answers_generated_input_with_its_work_or_a_refusal(name):
    case = GATED[name]
    with transaction.atomic():
        strategies = _inputs(name, case.kwargs())
        transaction.set_rollback(True)
    if not strategies:
        pytest.skip("takes only objects the system made; its input comes through a form")

    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(values=st.fixed_dictionaries(strategies))
    def call(values):
        with transaction.atomic():
            kwargs = case.kwargs() | values
            actor = case.with_right()
            FIGURES["calls"] += 1
            try:
                SERVICES[name](actor=actor, **kwargs)
            except REFUSALS:
                FIGURES["refused"] += 1
            transaction.set_rollback(True)

    call()
