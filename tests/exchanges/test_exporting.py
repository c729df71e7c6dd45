import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from djmoney.money import Money
from reversion.models import Revision

from tests.accounts.factories import UserFactory
from tests.exchanges.factories import ExchangeFactory, ParticipationFactory, QuantityFactory
from tests.people.factories import OrganisationFactory, PersonFactory
from twinning.accounts.models import Role
from twinning.exchanges.exporting import (
    CSV_COLUMNS,
    FORMAT_ID,
    exchanges_export_csv,
    exchanges_export_json,
)
from twinning.exchanges.importing import Outcome, exchanges_import, rows_from_csv, rows_from_json
from twinning.exchanges.models import Exchange, Quantity, Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator():
    return UserFactory(role=Role.MODERATOR, is_staff=True)


@pytest.fixture
def records():
    """A published record with everything the format carries, and a draft with little."""
    full = ExchangeFactory(
        key="pandemic-aid",
        direction=Exchange.Direction.B_TO_A,
        date_start=datetime.date(2020, 3, 1),
        date_end=datetime.date(2020, 4, 1),
        date_precision="month",
        title_en="Masks for Seattle",
        title_zh_hans="重庆向西雅图捐赠口罩",
        summary_en='Line one,\nline two with "quotes"; and a semicolon.',
        summary_zh_hans="第一行，\n第二行。",
        places_en="Seattle",
        places_zh_hans="西雅图",
    )
    full.organisations.add(OrganisationFactory(slug="port"), OrganisationFactory(slug="city-hall"))
    ParticipationFactory(exchange=full, person=PersonFactory(slug="mayor"), position=0)
    ParticipationFactory(exchange=full, person=PersonFactory(slug="consul"), position=1)
    Quantity.objects.create(exchange=full, money=Money("3530000.00", "CNY"), position=0)
    QuantityFactory(exchange=full, position=1)
    Source.objects.create(
        exchange=full, title_en="Press release", title_zh_hans="新闻稿", url="https://example.org/"
    )
    draft = ExchangeFactory(
        key="early-visit",
        relationship=full.relationship,
        category=full.category,
        date_start=None,
        date_precision="unknown",
        title_en='=HYPERLINK("http://evil.example")',
        title_zh_hans="",
        summary_en="",
        summary_zh_hans="",
        status=Exchange.Status.DRAFT,
        published_at=None,
    )
    return full, draft


def test_csv_export_is_utf8_with_a_byte_order_mark_and_the_import_columns(records):
    data = exchanges_export_csv(queryset=Exchange.objects.all())

    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert list(rows[0]) == list(CSV_COLUMNS)
    draft, full = rows  # ordered by key
    assert full == {
        "key": "pandemic-aid",
        "relationship": records[0].relationship.slug,
        "category": records[0].category.slug,
        "direction": "b_to_a",
        "date_start": "2020-03",
        "date_end": "2020-04",
        "title_en": "Masks for Seattle",
        "title_zh_hans": "重庆向西雅图捐赠口罩",
        "summary_en": 'Line one,\nline two with "quotes"; and a semicolon.',
        "summary_zh_hans": "第一行，\n第二行。",
        "places_en": "Seattle",
        "places_zh_hans": "西雅图",
        "organisations": "city-hall;port",
        "people": "mayor;consul",
        "status": "published",
    }
    assert draft["date_start"] == ""
    assert draft["status"] == "draft"
    # A spreadsheet would run this title as a formula: it is written as text.
    assert draft["title_en"] == '\'=HYPERLINK("http://evil.example")'


def test_json_export_carries_quantities_and_sources(records):
    document = json.loads(exchanges_export_json(queryset=Exchange.objects.all()))

    assert document["format"] == FORMAT_ID
    full = document["records"][1]
    assert full["organisations"] == ["city-hall", "port"]
    assert full["people"] == ["mayor", "consul"]
    assert full["quantities"] == [
        {"amount": "3530000", "currency": "CNY"},
        {"count": 16808, "item_en": "N95 masks", "item_zh_hans": "N95口罩"},
    ]
    assert full["sources"] == [
        {"title_en": "Press release", "title_zh_hans": "新闻稿", "url": "https://example.org/"}
    ]
    assert "重庆向西雅图捐赠口罩".encode() in exchanges_export_json(queryset=Exchange.objects.all())


@pytest.mark.parametrize(
    ("export", "parse"),
    [(exchanges_export_csv, rows_from_csv), (exchanges_export_json, rows_from_json)],
    ids=["csv", "json"],
)
def test_the_export_imports_again_as_all_unchanged(records, moderator, export, parse):
    revisions = Revision.objects.count()
    data = export(queryset=Exchange.objects.all())

    report = exchanges_import(rows=parse(data), actor=moderator, source_name="export")

    assert [(r.key, r.outcome, r.messages) for r in report.rows] == [
        ("early-visit", Outcome.UNCHANGED, []),
        ("pandemic-aid", Outcome.UNCHANGED, []),
    ]
    assert Revision.objects.count() == revisions


def _snapshot():
    return [
        (
            e.key,
            e.relationship_id,
            e.category_id,
            e.direction,
            e.date_start,
            e.date_end,
            e.date_precision,
            e.title_en or "",
            e.title_zh_hans or "",
            e.summary_en or "",
            e.summary_zh_hans or "",
            e.places_en or "",
            e.places_zh_hans or "",
            e.status,
            sorted(o.slug for o in e.organisations.all()),
            [p.person.slug for p in e.participations.all()],
            [(q.money, q.count, q.item_en or "", q.item_zh_hans or "") for q in e.quantities.all()],
            [(s.title_en or "", s.title_zh_hans or "", s.url) for s in e.sources.all()],
        )
        for e in Exchange.objects.order_by("key")
    ]


def test_chinese_text_and_everything_else_survive_a_json_round_trip(records, moderator):
    before = _snapshot()
    data = exchanges_export_json(queryset=Exchange.objects.all())
    Exchange.objects.all().delete()

    report = exchanges_import(rows=rows_from_json(data), actor=moderator, source_name="x.json")

    assert [r.outcome for r in report.rows] == [Outcome.CREATED, Outcome.CREATED]
    assert _snapshot() == before
    assert Exchange.objects.get(key="pandemic-aid").title_zh_hans == "重庆向西雅图捐赠口罩"
    money = Exchange.objects.get(key="pandemic-aid").quantities.first().money
    assert money == Money(Decimal("3530000"), "CNY")


def test_chinese_text_survives_a_csv_round_trip(records, moderator):
    data = exchanges_export_csv(queryset=Exchange.objects.all())
    before = [row[:-2] for row in _snapshot()]  # CSV carries no quantities or sources
    Exchange.objects.all().delete()

    report = exchanges_import(rows=rows_from_csv(data), actor=moderator, source_name="x.csv")

    assert [r.outcome for r in report.rows] == [Outcome.CREATED, Outcome.CREATED]
    assert [row[:-2] for row in _snapshot()] == before
    assert Exchange.objects.get(key="early-visit").title_en == '=HYPERLINK("http://evil.example")'


def test_the_export_command_writes_a_file(records, tmp_path):
    path = tmp_path / "archive.json"
    err = io.StringIO()

    call_command("exchanges_export", "--format", "json", "-o", str(path), stderr=err)

    assert len(json.loads(path.read_bytes())["records"]) == 2
    assert "2 records written to" in err.getvalue()


def test_the_export_command_writes_csv_to_standard_output(records):
    out = io.StringIO()

    call_command("exchanges_export", stdout=out)

    assert out.getvalue().startswith("\ufeffkey,relationship,")
