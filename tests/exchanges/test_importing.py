import csv
import datetime
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError
from reversion.models import Revision, Version

from tests.accounts.factories import CoordinatorFactory, UserFactory
from tests.cities.factories import RelationshipFactory
from tests.exchanges.factories import CategoryFactory, ExchangeFactory, ParticipationFactory
from tests.people.factories import OrganisationFactory, PersonFactory
from twinning.accounts.models import Role
from twinning.exchanges import importing
from twinning.exchanges.exporting import CSV_COLUMNS, FORMAT_ID
from twinning.exchanges.importing import (
    MAX_FILE_SIZE,
    ImportFileError,
    Outcome,
    exchanges_import,
    rows_from_csv,
    rows_from_file,
    rows_from_json,
)
from twinning.exchanges.models import Exchange
from twinning.search.models import SearchDocument

pytestmark = pytest.mark.django_db


def csv_bytes(*records: dict, columns=CSV_COLUMNS, bom: bool = False) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=list(columns), extrasaction="raise")
    writer.writeheader()
    for record in records:
        writer.writerow(record)
    return buffer.getvalue().encode("utf-8-sig" if bom else "utf-8")


def json_bytes(*records: dict) -> bytes:
    return json.dumps({"format": FORMAT_ID, "records": list(records)}).encode()


def record(key: str = "visit-2012", **fields) -> dict:
    values = {
        "key": key,
        "relationship": "seattle-chongqing",
        "category": "visits",
        "direction": "a_to_b",
        "date_start": "2012-03",
        "date_end": "",
        "title_en": "Mayor's delegation",
        "title_zh_hans": "市长代表团",
        "summary_en": "",
        "summary_zh_hans": "",
        "places_en": "",
        "places_zh_hans": "",
        "organisations": "",
        "people": "",
        "status": "",
    }
    values.update(fields)
    return values


def run(data: bytes, user, *, name: str = "records.csv"):
    return exchanges_import(rows=rows_from_file(data, name=name), user=user, source_name=name)


@pytest.fixture
def archive():
    RelationshipFactory(slug="seattle-chongqing")
    CategoryFactory(slug="visits")
    OrganisationFactory(slug="city-hall")
    OrganisationFactory(slug="port")
    PersonFactory(slug="ed-murray")
    PersonFactory(slug="huang-qifan")


@pytest.fixture
def coordinator():
    return CoordinatorFactory()


@pytest.fixture
def moderator():
    return UserFactory(role=Role.MODERATOR, is_staff=True)


def test_good_rows_are_kept_and_bad_rows_are_reported_with_their_row_numbers(archive, coordinator):
    data = csv_bytes(
        record("first", organisations="city-hall;port", people="ed-murray"),
        record(
            "second",
            category="no-such-category",
            date_start="2012-13",
            title_en="",
            title_zh_hans="",
        ),
        record("third"),
        record("fourth", people="ed-murray;nobody"),
    )

    report = run(data, coordinator)

    assert [(r.row, r.key, r.outcome) for r in report.rows] == [
        (2, "first", Outcome.CREATED),
        (3, "second", Outcome.FAILED),
        (4, "third", Outcome.CREATED),
        (5, "fourth", Outcome.FAILED),
    ]
    assert report.rows[1].errors == [
        "There is no category “no-such-category”.",
        "The date “2012-13” does not exist.",
        "A title is required, in English or in Chinese.",
    ]
    assert report.rows[3].errors == ["There is no person “nobody”."]
    assert (report.created, report.failed) == (2, 2)
    assert set(Exchange.objects.values_list("key", flat=True)) == {"first", "third"}
    first = Exchange.objects.get(key="first")
    assert sorted(first.organisations.values_list("slug", flat=True)) == ["city-hall", "port"]
    assert [p.person.slug for p in first.participations.all()] == ["ed-murray"]
    assert first.status == Exchange.Status.DRAFT
    assert (first.date_start, first.date_precision) == (datetime.date(2012, 3, 1), "month")


def test_reimporting_the_same_file_duplicates_nothing_and_reports_unchanged(archive, coordinator):
    data = csv_bytes(record("first", people="ed-murray;huang-qifan"), record("second"))
    run(data, coordinator)
    revisions = Revision.objects.count()

    report = run(data, coordinator)

    assert [r.outcome for r in report.rows] == [Outcome.UNCHANGED, Outcome.UNCHANGED]
    assert Exchange.objects.count() == 2
    assert Revision.objects.count() == revisions


def test_a_changed_row_updates_the_record_through_a_revision(archive, coordinator):
    run(csv_bytes(record("first")), coordinator)
    exchange = Exchange.objects.get(key="first")

    report = run(
        csv_bytes(record("first", title_en="Mayor's delegation to Chongqing")), coordinator
    )

    assert report.rows[0].outcome == Outcome.UPDATED
    exchange.refresh_from_db()
    assert exchange.title_en == "Mayor's delegation to Chongqing"
    versions = Version.objects.get_for_object(exchange)
    assert versions.count() == 2
    assert versions[0].revision.user == coordinator
    assert versions[0].revision.comment == "Imported from records.csv"
    assert versions[0].field_dict["title_en"] == "Mayor's delegation to Chongqing"


def test_columns_left_out_of_the_file_keep_their_stored_values(archive, coordinator):
    run(csv_bytes(record("first", summary_en="Kept", people="ed-murray")), coordinator)

    report = run(
        csv_bytes({"key": "first", "title_en": "New title"}, columns=["key", "title_en"]),
        coordinator,
    )

    assert report.rows[0].outcome == Outcome.UPDATED
    exchange = Exchange.objects.get(key="first")
    assert (exchange.title_en, exchange.summary_en) == ("New title", "Kept")
    assert [p.person.slug for p in exchange.participations.all()] == ["ed-murray"]


def test_a_new_record_needs_relationship_category_and_a_title(archive, coordinator):
    report = run(csv_bytes({"key": "bare"}, columns=["key"]), coordinator)

    assert report.rows[0].errors == [
        "The relationship is missing.",
        "The category is missing.",
        "A title is required, in English or in Chinese.",
    ]


def test_a_published_row_from_a_coordinator_lands_in_review_with_a_warning(archive, coordinator):
    report = run(csv_bytes(record("first", status="published")), coordinator)

    row = report.rows[0]
    assert row.outcome == Outcome.CREATED
    assert row.warnings == ["You may not publish records, so this record was imported for review."]
    exchange = Exchange.objects.get(key="first")
    assert exchange.status == Exchange.Status.REVIEW
    assert exchange.published_at is None
    assert not SearchDocument.objects.exists()


def test_a_published_row_from_a_moderator_is_published_and_searchable(archive, moderator):
    report = run(csv_bytes(record("first", status="published")), moderator)

    assert report.rows[0].warnings == []
    exchange = Exchange.objects.get(key="first")
    assert exchange.status == Exchange.Status.PUBLISHED
    assert exchange.published_at is not None
    assert SearchDocument.objects.filter(object_id=exchange.pk).exists()


def test_a_coordinator_may_not_take_a_record_out_of_publication(archive, coordinator):
    ExchangeFactory(key="first", title_en="Published")

    report = run(csv_bytes(record("first", status="draft")), coordinator)

    assert report.rows[0].errors == [
        "This record is published and you may not take it out of publication."
    ]
    assert Exchange.objects.get(key="first").status == Exchange.Status.PUBLISHED


def test_a_coordinator_may_edit_a_published_record_that_stays_published(archive, coordinator):
    relationship = RelationshipFactory()
    ExchangeFactory(key="first", relationship=relationship, title_en="Old")

    report = run(
        csv_bytes(record("first", relationship=relationship.slug, status="published")),
        coordinator,
    )

    assert (report.rows[0].outcome, report.rows[0].warnings) == (Outcome.UPDATED, [])
    assert Exchange.objects.get(key="first").status == Exchange.Status.PUBLISHED


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2012", "", (datetime.date(2012, 1, 1), None, "year")),
        ("2012", "2014", (datetime.date(2012, 1, 1), datetime.date(2014, 1, 1), "year")),
        ("2012-06", "", (datetime.date(2012, 6, 1), None, "month")),
        (
            "2012-06-30",
            "2012-07-02",
            (datetime.date(2012, 6, 30), datetime.date(2012, 7, 2), "day"),
        ),
        ("", "", (None, None, "unknown")),
    ],
)
def test_the_form_of_the_date_sets_its_precision(archive, coordinator, start, end, expected):
    run(csv_bytes(record("first", date_start=start, date_end=end)), coordinator)

    exchange = Exchange.objects.get(key="first")
    assert (exchange.date_start, exchange.date_end, exchange.date_precision) == expected


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("12/03/2012", "", "The date “12/03/2012” is not written as YYYY, YYYY-MM or YYYY-MM-DD."),
        ("2012-02-30", "", "The date “2012-02-30” does not exist."),
        ("2012", "2013-05", "The end date must be written in the same form as the date (YYYY)."),
        ("2012-05", "2012-04", "The end date is before the date."),
        ("", "2012", "An end date needs a start date."),
        ("2012", "soon", "The end date “soon” is not written as YYYY, YYYY-MM or YYYY-MM-DD."),
    ],
)
def test_bad_dates_are_reported(archive, coordinator, start, end, message):
    report = run(csv_bytes(record("first", date_start=start, date_end=end)), coordinator)

    assert report.rows[0].errors == [message]
    assert not Exchange.objects.exists()


def test_every_problem_of_a_row_is_reported(archive, coordinator):
    report = run(
        csv_bytes(
            record(
                "bad key!",
                relationship="",
                direction="sideways",
                status="secret",
                organisations="nowhere",
                title_en="x" * 301,
            )
        ),
        coordinator,
    )

    assert report.rows[0].errors == [
        "The key “bad key!” may contain only letters, digits, hyphens and underscores.",
        "The relationship is missing.",
        "The direction “sideways” is not one of a_to_b, b_to_a, joint.",
        "The value of title_en is longer than 300 characters.",
        "There is no organisation “nowhere”.",
        "The status “secret” is not one of draft, review, published.",
    ]


def test_a_key_repeated_in_the_file_is_reported(archive, coordinator):
    report = run(csv_bytes(record("first"), record("first", title_en="Again")), coordinator)

    assert report.rows[1].errors == ["The key “first” already appeared in row 2 of this file."]
    assert Exchange.objects.get(key="first").title_en == "Mayor's delegation"


def test_people_keep_their_part_and_follow_the_order_of_the_file(archive, coordinator):
    exchange = ExchangeFactory(key="first", status=Exchange.Status.DRAFT, published_at=None)
    participation = ParticipationFactory(
        exchange=exchange, person=PersonFactory(slug="mayor"), role_en="Led the delegation"
    )
    ParticipationFactory(exchange=exchange, person=PersonFactory(slug="leaves"), position=1)

    report = run(
        csv_bytes({"key": "first", "people": "ed-murray;mayor"}, columns=["key", "people"]),
        coordinator,
    )

    assert report.rows[0].outcome == Outcome.UPDATED
    people = list(exchange.participations.select_related("person"))
    assert [(p.person.slug, p.position) for p in people] == [("ed-murray", 0), ("mayor", 1)]
    assert people[1].pk == participation.pk
    assert people[1].role_en == "Led the delegation"


def test_a_failing_row_leaves_no_half_written_record(archive, coordinator, monkeypatch):
    real_update = importing.search_index_update

    def update(*, obj):
        if obj.key == "boom":
            raise DatabaseError("disk full")
        real_update(obj=obj)

    monkeypatch.setattr(importing, "search_index_update", update)

    report = run(
        csv_bytes(
            record("before"),
            record("boom", organisations="city-hall", people="ed-murray"),
            record("after"),
        ),
        coordinator,
    )

    assert [r.outcome for r in report.rows] == [
        Outcome.CREATED,
        Outcome.FAILED,
        Outcome.CREATED,
    ]
    assert report.rows[1].errors == ["The record could not be saved because of a database error."]
    assert set(Exchange.objects.values_list("key", flat=True)) == {"before", "after"}
    assert Revision.objects.count() == 2


def test_json_records_bring_quantities_and_sources(archive, moderator):
    data = json_bytes(
        {
            "key": "masks",
            "relationship": "seattle-chongqing",
            "category": "visits",
            "direction": "b_to_a",
            "date_start": "2020-03",
            "title_en": "Masks for Seattle",
            "title_zh_hans": "援助西雅图口罩",
            "organisations": ["city-hall"],
            "people": ["huang-qifan"],
            "status": "published",
            "quantities": [
                {"amount": "3530000", "currency": "CNY"},
                {"count": 16808, "item_en": "N95 masks", "item_zh_hans": "N95口罩"},
            ],
            "sources": [
                {
                    "title_en": "City press release",
                    "title_zh_hans": "",
                    "url": "https://example.org/a",
                },
            ],
        }
    )

    report = run(data, moderator, name="records.json")

    assert report.rows[0].outcome == Outcome.CREATED, report.rows[0].errors
    exchange = Exchange.objects.get(key="masks")
    money, masks = exchange.quantities.all()
    assert (money.money.amount, str(money.money.currency)) == (Decimal("3530000"), "CNY")
    assert (masks.count, masks.item_en, masks.item_zh_hans) == (16808, "N95 masks", "N95口罩")
    assert [(s.title_en, s.url) for s in exchange.sources.all()] == [
        ("City press release", "https://example.org/a")
    ]
    assert exchange.status == Exchange.Status.PUBLISHED


def test_bad_quantities_and_sources_are_reported(archive, coordinator):
    data = json_bytes(
        record(
            "masks",
            quantities=[
                {"amount": "12.345", "currency": "CNY"},
                {"amount": "10", "currency": "XYZ"},
                {"count": -1},
                {"amount": "5", "currency": "USD", "count": 3},
                "lots",
                {"count": 3, "colour": "blue"},
            ],
            sources=[{"url": "javascript:alert(1)"}],
        )
    )

    report = run(data, coordinator, name="records.json")

    assert report.rows[0].errors == [
        "Quantity 1: The amount “12.345” is not a number with at most 2 decimal places and "
        "14 digits before the decimal point.",
        "Quantity 2: The currency “XYZ” is not a known ISO 4217 currency code.",
        "Quantity 3: The count “-1” is not a whole number from 0 to 2147483647.",
        "Quantity 4: Give either an amount and a currency, or a count (and what was counted).",
        "Quantity 5: It is not an object.",
        "Quantity 6: Unknown field “colour”.",
        "Source 1: A title is required, in English or in Chinese.",
        "Source 1: The address “javascript:alert(1)” is not a valid web address.",
    ]


def test_json_rows_with_wrong_types_are_reported(archive, coordinator):
    data = json_bytes(
        record("first", title_en=["not", "text"], people="ed-murray", organisations=[1, 2]),
        "not a record",
        record("third", colour="blue"),
    )

    report = run(data, coordinator, name="records.json")

    assert report.rows[0].errors == [
        "The value of title_en must be text.",
        "The value of organisations must be a list of slugs.",
    ]
    assert report.rows[1].errors == ["This record is not a JSON object."]
    assert report.rows[2].errors == ["Unknown field “colour”."]


def test_csv_with_a_byte_order_mark_is_read(archive, coordinator):
    report = run(csv_bytes(record("first"), bom=True), coordinator)

    assert report.rows[0].outcome == Outcome.CREATED


def test_semicolon_separated_csv_is_read():
    rows = rows_from_csv(b"key;title_en\nfirst;Hello, world\n")

    assert rows[0].data == {"key": "first", "title_en": "Hello, world"}


def test_a_row_with_the_wrong_number_of_cells_is_reported():
    rows = rows_from_csv(b"key,title_en\nfirst,Hello,extra\n\nsecond,Fine\n")

    assert [(row.number, row.data.get("key"), row.errors) for row in rows] == [
        (2, "first", ["The number of cells in this row (3) differs from the header (2)."]),
        (4, "second", []),
    ]


def test_formula_escaping_of_the_export_is_undone():
    rows = rows_from_csv(b"key,title_en,summary_en\nfirst,'=SUM(A1),'Quoted\n")

    assert rows[0].data["title_en"] == "=SUM(A1)"
    assert rows[0].data["summary_en"] == "'Quoted"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"  \r\n", "The file is empty."),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "The file is not a text file. Save it as CSV (UTF-8) or JSON and try again.",
        ),
        (
            "key,title_en\nfirst,Café\n".encode("latin-1"),
            "The file is not UTF-8 text (the first bad byte is at position 23). "
            "Save it as CSV (UTF-8) or JSON and try again.",
        ),
        (
            b'key,title_en\nfirst,"unterminated\n',
            "The CSV file is malformed near line 2 (check the quotation marks).",
        ),
        (
            b'key,title_en\nfirst,"quoted"junk\n',
            "The CSV file is malformed near line 2 (check the quotation marks).",
        ),
        (
            b"key,titel_en\nfirst,Hello\n",
            "The header has unknown columns: titel_en. The known columns are: "
            + ", ".join(CSV_COLUMNS)
            + ".",
        ),
        (b"title_en\nHello\n", "The header has no key column."),
        (b"key,key\na,b\n", "The column key appears more than once in the header."),
        (b"key,title_en\n", "The file contains no records."),
    ],
)
def test_malformed_csv_files_give_a_clear_message(data, message):
    with pytest.raises(ImportFileError) as caught:
        rows_from_csv(data)

    assert caught.value.message == message


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b'{"format": "twinning.exchanges/1", "records": [',
            "The file is not valid JSON: error at line 1, column 48.",
        ),
        (b"[]", "The file must be a JSON object with “format” and “records”."),
        (b'{"records": []}', "The “format” of the file must be “twinning.exchanges/1”."),
        (
            b'{"format": "twinning.exchanges/1", "records": {}}',
            "“records” must be a list of records.",
        ),
        (b'{"format": "twinning.exchanges/1", "records": []}', "The file contains no records."),
        (
            b'{"format": "twinning.exchanges/1", "records": [], "extra": 1}',
            "The file has unknown top-level fields: extra.",
        ),
        (b'{"format": "twinning.exchanges/1", "records": [NaN]}', "The file is not valid JSON."),
        (b"[" * 100000 + b"]" * 100000, "The file is not valid JSON."),
    ],
)
def test_malformed_json_files_give_a_clear_message(data, message):
    with pytest.raises(ImportFileError) as caught:
        rows_from_json(data)

    assert caught.value.message == message


def test_a_file_over_five_megabytes_is_refused():
    with pytest.raises(ImportFileError) as caught:
        rows_from_csv(b"key\n" + b"a\n" * (MAX_FILE_SIZE // 2))

    assert caught.value.message == "The file is larger than 5 MB."


def test_the_format_follows_the_file_name_or_the_content():
    assert rows_from_file(json_bytes({"key": "a"}), name="upload")[0].data == {"key": "a"}
    assert rows_from_file(b"key\na\n", name="upload.txt")[0].data == {"key": "a"}


def test_only_back_office_users_may_import(archive):
    with pytest.raises(PermissionDenied):
        run(csv_bytes(record("first")), UserFactory(role=Role.DELEGATE))


# The management command.


def test_the_command_prints_the_report_and_fails_when_a_row_failed(archive, tmp_path, moderator):
    path = tmp_path / "records.csv"
    path.write_bytes(csv_bytes(record("first", status="published"), record("second", category="")))
    out = io.StringIO()

    with pytest.raises(CommandError) as caught:
        call_command("exchanges_import", str(path), "--user", moderator.email, stdout=out)

    assert str(caught.value) == "1 row was not imported."
    output = out.getvalue()
    assert "Row 2\tfirst\tCreated" in output
    assert "Row 3\tsecond\tFailed" in output
    assert "The category is missing." in output
    assert Exchange.objects.get(key="first").status == Exchange.Status.PUBLISHED
    version = Version.objects.get_for_object(Exchange.objects.get(key="first")).get()
    assert version.revision.user == moderator


def test_the_command_succeeds_when_every_row_is_imported(archive, tmp_path):
    path = tmp_path / "records.csv"
    path.write_bytes(csv_bytes(record("first")))
    out = io.StringIO()

    call_command("exchanges_import", str(path), stdout=out)

    assert "Created: 1, Updated: 0, Unchanged: 0, Failed: 0" in out.getvalue()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--user", "nobody@example.org"], "There is no user with the e-mail address"),
        (["--user", "visitor@example.org"], "visitor@example.org may not import"),
    ],
)
def test_the_command_refuses_unknown_or_unauthorised_users(archive, tmp_path, args, message):
    UserFactory(email="visitor@example.org")
    path = tmp_path / "records.csv"
    path.write_bytes(csv_bytes(record("first")))

    with pytest.raises(CommandError, match=message):
        call_command("exchanges_import", str(path), *args, stdout=io.StringIO())
    assert not Exchange.objects.exists()


def test_the_command_reports_unreadable_and_malformed_files(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("exchanges_import", str(tmp_path / "missing.csv"))
    path = tmp_path / "broken.json"
    path.write_bytes(b"{")
    with pytest.raises(CommandError, match="The file is not valid JSON"):
        call_command("exchanges_import", str(path))


def test_the_examples_of_the_documentation_import(moderator):
    RelationshipFactory(slug="seattle-chongqing")
    for slug in ("official-visits", "education", "pandemic-aid"):
        CategoryFactory(slug=slug)
    for slug in ("seattle-city-hall", "chongqing-government"):
        OrganisationFactory(slug=slug)
    PersonFactory(slug="charles-royer")
    docs = (Path(__file__).resolve().parents[2] / "docs/import-format.md").read_text()
    examples = dict(re.findall(r"```(csv|json)\n(.*?)```", docs, re.S))

    for file_format, name in (("csv", "example.csv"), ("json", "example.json")):
        report = run(examples[file_format].encode(), moderator, name=name)
        assert [(r.outcome, r.messages) for r in report.rows] == [(Outcome.CREATED, [])] * len(
            report.rows
        )
    assert Exchange.objects.count() == 3
    assert Exchange.objects.get(key="pandemic-aid-2020").quantities.count() == 2
