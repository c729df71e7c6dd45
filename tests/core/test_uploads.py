"""User files: allowed kinds by content, server-made names, safe serving (security review §3)."""

import io

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.accounts.factories import CoordinatorFactory, verified_login
from tests.delegations.factories import DelegationFactory, DocumentFactory
from tests.exchanges.factories import ExchangeFactory
from twinning.core import uploads
from twinning.delegations.models import Audience, Document
from twinning.exchanges.models import Attachment


def image_bytes(pillow_format: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(buffer, pillow_format)
    return buffer.getvalue()


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.'
    b'cookie)"><circle r="4"/></svg>'
)
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
ACCEPTED = {
    "photo.jpg": (lambda: image_bytes("JPEG"), "image/jpeg", "jpg"),
    "photo.png": (lambda: image_bytes("PNG"), "image/png", "png"),
    "photo.webp": (lambda: image_bytes("WEBP"), "image/webp", "webp"),
    "minutes.pdf": (lambda: PDF, "application/pdf", "pdf"),
    "notes.txt": (lambda: "Notes / 笔记\n".encode(), "text/plain", "txt"),
}
REFUSED = {
    "drawing.svg": SVG,
    "page.html": HTML,
    "page.txt": b"  <html><script>alert(1)</script></html>",  # markup under a text name
    "svg-as.png": SVG,
    "program.exe": b"MZ\x90\x00\x03\x00\x00\x00\x04\x00",
    "binary.txt": b"text with a \x00 byte",
    "latin1.txt": "café".encode("latin-1"),
    "broken.png": image_bytes("PNG")[:40],
    "archive.zip": b"PK\x03\x04" + b"\x00" * 40,
}


@pytest.mark.parametrize("name", ACCEPTED)
def test_allowed_kinds_are_recognised_by_content(name):
    make, mime, extension = ACCEPTED[name]

    kind = uploads.check(ContentFile(make(), name=name))

    assert (kind.mime, kind.extension) == (mime, extension)


@pytest.mark.parametrize("name", REFUSED)
def test_other_content_is_refused_whatever_its_name(name):
    with pytest.raises(ValidationError):
        uploads.check(ContentFile(REFUSED[name], name=name))


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.TWINNING_UPLOAD_MAX_BYTES = 1024

    with pytest.raises(ValidationError) as refused:
        uploads.check(ContentFile(b"a" * 1025, name="big.txt"))

    assert refused.value.code == "file_size"
    assert uploads.check(ContentFile(b"a" * 1024, name="fits.txt")).mime == "text/plain"


@pytest.mark.django_db
def test_stored_name_is_made_by_the_server_and_the_sent_name_kept_for_download():
    attachment = Attachment(exchange=ExchangeFactory(), kind=Attachment.Kind.IMAGE)
    attachment.file.save("../../evil name.png.html", ContentFile(image_bytes("PNG")))

    stored = attachment.file.name.rsplit("/", 1)[-1]
    assert stored.endswith(".png")
    assert "evil" not in attachment.file.name
    assert len(stored) == len("0123456789abcdef0123456789abcdef.png")
    assert attachment.original_name == "evil name.png.html"
    assert attachment.content_type == "image/png"


@pytest.mark.django_db
def test_saving_refused_content_outside_a_form_stores_nothing():
    attachment = Attachment(exchange=ExchangeFactory(), kind=Attachment.Kind.DOCUMENT)

    with pytest.raises(ValidationError):
        attachment.file.save("drawing.svg", ContentFile(SVG))

    assert not Attachment.objects.exists()
    assert not attachment.file


class AttachmentForm(forms.ModelForm):
    # The fields of the admin's attachment inline.
    class Meta:
        model = Attachment
        fields = ["kind", "file", "caption_en", "caption_zh_hans", "position"]


def attachment_form(exchange, name: str, data: bytes, kind: str = "document"):
    form = AttachmentForm(
        {"kind": kind, "position": 0, "caption_en": "x"},
        {"file": SimpleUploadedFile(name, data, content_type="image/png")},
        instance=Attachment(exchange=exchange),
    )
    return form


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["drawing.svg", "page.html"])
def test_attachment_form_refuses_svg_and_html_with_a_clear_error(name):
    form = attachment_form(ExchangeFactory(), name, REFUSED[name])

    assert not form.is_valid()
    assert "This kind of file is not accepted" in form.errors["file"][0]


@pytest.mark.django_db
def test_attachment_form_refuses_a_pdf_shown_as_an_image():
    form = attachment_form(ExchangeFactory(), "minutes.pdf", PDF, kind="image")

    assert not form.is_valid()
    assert "kind" in form.errors


@pytest.mark.django_db
def test_document_admin_refuses_an_svg_and_accepts_a_pdf(client):
    delegation = DelegationFactory()
    verified_login(client, CoordinatorFactory(is_superuser=True))

    def post(name, data):
        return client.post(
            "/admin/delegations/document/add/",
            {
                "delegation": delegation.pk,
                "title_en": "Minutes",
                "title_zh_hans": "纪要",
                "audience": Audience.MEMBERS,
                "file": SimpleUploadedFile(name, data),
            },
        )

    refused = post("drawing.svg", SVG)
    assert refused.status_code == 200
    assert "This kind of file is not accepted" in refused.content.decode()
    assert not Document.objects.exists()

    accepted = post("minutes.pdf", PDF)
    assert accepted.status_code == 302
    document = Document.objects.get()
    assert (document.content_type, document.original_name) == ("application/pdf", "minutes.pdf")


def served(client, attachment):
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    return response


def attachment_with(name: str, data: bytes, kind: str = Attachment.Kind.DOCUMENT) -> Attachment:
    attachment = Attachment(exchange=ExchangeFactory(), kind=kind)
    attachment.file.save(name, ContentFile(data))
    return attachment


@pytest.mark.django_db
@pytest.mark.parametrize("pillow_format", ["JPEG", "PNG", "WEBP"])
def test_a_checked_image_is_served_inline_with_its_type(client, pillow_format):
    attachment = attachment_with("photo", image_bytes(pillow_format), Attachment.Kind.IMAGE)

    response = served(client, attachment)

    assert response["Content-Type"] == f"image/{pillow_format.lower()}"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("minutes.pdf", PDF, "application/pdf"),
        ("notes.txt", b"plain notes", "text/plain; charset=utf-8"),
    ],
)
def test_other_files_are_downloads_under_their_sent_name(client, name, data, content_type):
    response = served(client, attachment_with(name, data))

    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox")


@pytest.mark.django_db
def test_a_file_stored_before_the_checks_is_a_plain_download(client):
    attachment = attachment_with("old.txt", b"unchecked")
    Attachment.objects.filter(pk=attachment.pk).update(content_type="", original_name="")

    response = served(client, attachment)

    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")


@pytest.mark.django_db
def test_backfill_types_files_stored_before_the_checks():
    good = attachment_with("old.pdf", PDF)
    bad = attachment_with("old.txt", b"text")
    with bad.file.open("wb") as handle:  # what an unchecked upload could have left
        handle.write(SVG)
    Attachment.objects.update(content_type="", original_name="")

    uploads.backfill_checked_types(Attachment)

    good.refresh_from_db()
    bad.refresh_from_db()
    assert good.content_type == "application/pdf"
    assert bad.content_type == ""


@pytest.mark.django_db
def test_delegation_documents_are_served_with_the_same_rules(client):
    document = DocumentFactory(audience=Audience.PUBLIC)

    response = client.get(document.get_absolute_url())

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="briefing.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox")


@pytest.mark.django_db
def test_demo_documents_pass_the_checks(demo_data):
    from twinning.delegations import demo as delegations_demo
    from twinning.exchanges import demo as exchanges_demo

    exchanges_demo.load()
    delegations_demo.load()

    types = set(Document.objects.values_list("content_type", flat=True))
    assert types == {"text/plain"}
    names = Document.objects.values_list("original_name", flat=True)
    assert {name.rsplit(".", 1)[-1] for name in names} == {"txt"}


@pytest.mark.django_db
def test_an_svg_sent_as_an_image_gets_one_clear_error():
    form = attachment_form(ExchangeFactory(), "drawing.svg", SVG, kind="image")

    assert not form.is_valid()
    assert list(form.errors) == ["file"]


@pytest.mark.django_db
def test_admin_shows_the_checked_type_and_the_sent_name(client):
    document = DocumentFactory()
    verified_login(client, CoordinatorFactory(is_superuser=True))

    page = client.get(f"/admin/delegations/document/{document.pk}/change/").content.decode()

    assert "application/pdf" in page
    assert "briefing.pdf" in page
    assert 'accept="image/jpeg,image/png,image/webp,application/pdf,text/plain"' in page


@pytest.mark.django_db
def test_exchange_admin_shows_an_attachments_checked_type(client):
    attachment = attachment_with("minutes.pdf", PDF)
    verified_login(client, CoordinatorFactory(is_superuser=True))

    response = client.get(f"/admin/exchanges/exchange/{attachment.exchange.pk}/change/")

    assert response.status_code == 200
    assert "minutes.pdf" in response.content.decode()
