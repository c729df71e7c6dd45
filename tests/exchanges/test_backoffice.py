import csv
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.accounts.factories import CoordinatorFactory, UserFactory, verified_login
from tests.cities.factories import RelationshipFactory
from tests.exchanges.factories import CategoryFactory, ExchangeFactory
from twinning.accounts.models import Role
from twinning.exchanges.exporting import CSV_COLUMNS, FORMAT_ID
from twinning.exchanges.importing import MAX_FILE_SIZE
from twinning.exchanges.models import Exchange

pytestmark = pytest.mark.django_db

IMPORT_URL = "/en/backoffice/exchanges/import/"
EXPORT_URL = "/en/backoffice/exchanges/export/"


def csv_upload(*records: dict, name: str = "records.csv", bom: bool = False) -> SimpleUploadedFile:
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=list(CSV_COLUMNS), restval="")
    writer.writeheader()
    writer.writerows(records)
    encoding = "utf-8-sig" if bom else "utf-8"
    return SimpleUploadedFile(name, buffer.getvalue().encode(encoding), "text/csv")


def record(key: str, **fields) -> dict:
    return {
        "key": key,
        "relationship": "seattle-chongqing",
        "category": "visits",
        "direction": "joint",
        "date_start": "1983",
        "title_en": "Sister cities since 1983",
        "title_zh_hans": "一九八三年结为友好城市",
        **fields,
    }


@pytest.fixture
def archive():
    RelationshipFactory(slug="seattle-chongqing")
    CategoryFactory(slug="visits")


@pytest.fixture
def coordinator(client):
    user = CoordinatorFactory()
    verified_login(client, user)
    return user


def test_the_urls_live_in_the_back_office():
    assert reverse("exchanges_backoffice:import") == IMPORT_URL
    assert reverse("exchanges_backoffice:export") == EXPORT_URL


@pytest.mark.parametrize("url", [IMPORT_URL, EXPORT_URL + "?format=json"])
def test_anonymous_visitors_are_sent_to_sign_in(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", [Role.VISITOR, Role.DELEGATE])
def test_visitors_and_delegates_are_refused(client, archive, role):
    client.force_login(UserFactory(role=role))

    assert client.get(IMPORT_URL).status_code == 403
    assert client.get(EXPORT_URL + "?format=csv").status_code == 403
    response = client.post(IMPORT_URL, {"file": csv_upload(record("sneaky"))})
    assert response.status_code == 403
    assert not Exchange.objects.exists()


def test_a_coordinator_sees_the_upload_form(client, coordinator):
    response = client.get(IMPORT_URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert 'type="file"' in page
    assert EXPORT_URL + "?format=csv" in page


def test_an_upload_shows_the_report_with_counts_and_every_row(client, archive, coordinator):
    upload = csv_upload(
        record("first"),
        record("second", category="nowhere", date_start="1983-02-30"),
        record("third", status="published"),
    )

    response = client.post(IMPORT_URL, {"file": upload})

    assert response.status_code == 200
    report = response.context["report"]
    assert [(r.row, r.key, r.outcome) for r in report.rows] == [
        (2, "first", "created"),
        (3, "second", "failed"),
        (4, "third", "created"),
    ]
    page = response.content.decode()
    assert "<dt>Created</dt><dd>2</dd>" in page
    assert "<dt>Failed</dt><dd>1</dd>" in page
    assert "There is no category “nowhere”." in page
    assert "The date “1983-02-30” does not exist." in page
    assert "Warning: You may not publish records, so this record was imported for review." in page
    assert Exchange.objects.get(key="third").status == Exchange.Status.REVIEW
    assert Exchange.objects.get(key="first").status == Exchange.Status.DRAFT


def test_uploading_the_same_file_again_reports_unchanged(client, archive, coordinator):
    client.post(IMPORT_URL, {"file": csv_upload(record("first"), record("second"))})

    response = client.post(IMPORT_URL, {"file": csv_upload(record("first"), record("second"))})

    assert [r.outcome for r in response.context["report"].rows] == ["unchanged", "unchanged"]
    assert "<dt>Unchanged</dt><dd>2</dd>" in response.content.decode()
    assert Exchange.objects.count() == 2


def test_user_text_in_the_report_is_escaped(client, archive, coordinator):
    upload = csv_upload(
        record("<script>alert(1)</script>", relationship="<script>alert(2)</script>"),
        record("fine", title_en="<script>alert(3)</script>"),
        name="<img src=x onerror=alert(4)>.csv",
    )

    response = client.post(IMPORT_URL, {"file": upload})

    page = response.content.decode()
    assert response.status_code == 200
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "There is no relationship “&lt;script&gt;alert(2)&lt;/script&gt;”." in page
    assert "&lt;img src=x onerror=alert(4)&gt;.csv" in page
    assert "<img" not in page
    assert Exchange.objects.get(key="fine").title_en == "<script>alert(3)</script>"


def test_a_csv_with_a_byte_order_mark_and_chinese_text_is_imported(client, archive, coordinator):
    response = client.post(IMPORT_URL, {"file": csv_upload(record("first"), bom=True)})

    assert [r.outcome for r in response.context["report"].rows] == ["created"]
    assert Exchange.objects.get(key="first").title_zh_hans == "一九八三年结为友好城市"


def test_a_json_upload_is_imported(client, archive, coordinator):
    document = {"format": FORMAT_ID, "records": [record("first", quantities=[{"count": 3}])]}
    upload = SimpleUploadedFile("records.json", json.dumps(document).encode(), "application/json")

    response = client.post(IMPORT_URL, {"file": upload})

    assert [r.outcome for r in response.context["report"].rows] == ["created"]
    assert Exchange.objects.get(key="first").quantities.get().count == 3


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("records.csv", b"", "The submitted file is empty."),
        ("records.csv", b"\x00\x01\x02\xff\xfe junk", "The file is not a text file."),
        ("records.csv", "key,title_en\nfirst,Café\n".encode("cp1252"), "The file is not UTF-8"),
        ("records.csv", b'key,title_en\n"first,Hello\n', "The CSV file is malformed near line"),
        ("records.json", b'{"format": "twinning.exchanges/1", "records": [}', "not valid JSON"),
        ("records.json", b'{"records": "all of them"}', "The “format” of the file must be"),
        ("records.json", b"[1, 2, 3]", "must be a JSON object with “format” and “records”"),
        ("records.csv", b"key\n" + b"a\n" * (MAX_FILE_SIZE // 2 + 1), "larger than 5 MB"),
    ],
)
def test_malformed_files_give_a_clear_message(client, coordinator, name, content, message):
    response = client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, content)})

    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="errorlist' in page
    assert message in page
    assert not Exchange.objects.exists()


def test_a_post_without_a_file_asks_for_one(client, coordinator):
    response = client.post(IMPORT_URL, {})

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()


@pytest.mark.parametrize(
    ("file_format", "content_type", "start"),
    [("csv", "text/csv; charset=utf-8", b"\xef\xbb\xbfkey,"), ("json", "application/json", b"{")],
)
def test_the_export_downloads_every_record_including_drafts(
    client, coordinator, file_format, content_type, start
):
    ExchangeFactory(key="published-one")
    ExchangeFactory(key="draft-one", status=Exchange.Status.DRAFT, published_at=None)
    ExchangeFactory(key="hidden-one", hidden=True)

    response = client.get(EXPORT_URL, {"format": file_format})

    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert response["Content-Disposition"].startswith('attachment; filename="exchanges-')
    assert response["Content-Disposition"].endswith(f'.{file_format}"')
    assert response.content.startswith(start)
    for key in (b"published-one", b"draft-one", b"hidden-one"):
        assert key in response.content


def test_an_unknown_export_format_is_a_bad_request(client, coordinator):
    assert client.get(EXPORT_URL, {"format": "xlsx"}).status_code == 400


def test_the_downloaded_export_uploads_again_as_unchanged(client, coordinator):
    ExchangeFactory(key="first", title_zh_hans="友好城市")
    export = client.get(EXPORT_URL, {"format": "csv"}).content

    response = client.post(
        IMPORT_URL, {"file": SimpleUploadedFile("exchanges.csv", export, "text/csv")}
    )

    assert [(r.key, r.outcome) for r in response.context["report"].rows] == [("first", "unchanged")]


def test_the_pages_work_in_chinese(client, archive, coordinator):
    response = client.get("/zh-hans/backoffice/exchanges/import/")
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in response.content.decode()

    response = client.post(
        "/zh-hans/backoffice/exchanges/import/", {"file": csv_upload(record("first"))}
    )
    assert response.status_code == 200
    assert Exchange.objects.filter(key="first").exists()
