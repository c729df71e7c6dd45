"""Files uploaded by users: checked by content, stored under server-made names, served safely.

A file is kept only if its bytes are one of the allowed kinds (JPEG, PNG, WebP, PDF, plain
UTF-8 text); what the browser sent as its name or type is never trusted. Stored names are
made here (a random hex name and the extension of the detected kind); the sender's name is
kept in the model only as the download name. Only checked images are shown inline: every
other file is a download, and all of them carry ``nosniff`` and a sandboxing CSP, so even a
file a browser might mistake for a page can run nothing on the site's origin.
"""

import uuid
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.fields.files import FieldFile
from django.http import FileResponse
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

HEAD_BYTES = 8192  # enough for every signature filetype reads


@dataclass(frozen=True)
class Kind:
    mime: str
    extension: str
    pillow_format: str = ""  # set for images, which Pillow must also be able to read

    @property
    def is_image(self) -> bool:
        return bool(self.pillow_format)


KINDS = {
    kind.mime: kind
    for kind in (
        Kind("image/jpeg", "jpg", "JPEG"),
        Kind("image/png", "png", "PNG"),
        Kind("image/webp", "webp", "WEBP"),
        Kind("application/pdf", "pdf"),
        Kind("text/plain", "txt"),
    )
}
TEXT = KINDS["text/plain"]
IMAGE_TYPES = frozenset(mime for mime, kind in KINDS.items() if kind.is_image)


def max_bytes() -> int:
    return settings.TWINNING_UPLOAD_MAX_BYTES


def _refused() -> ValidationError:
    return ValidationError(
        _(
            "This kind of file is not accepted. Upload a JPEG, PNG or WebP image, a PDF "
            "or a plain-text file (UTF-8)."
        ),
        code="file_type",
    )


def _read_all(content) -> bytes:
    content.seek(0)
    data = content.read(max_bytes() + 1)
    content.seek(0)
    return data if isinstance(data, bytes) else data.encode("utf-8")


def _is_plain_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    # HTML, SVG and XML all open with a tag: browsers sniff such "text" as markup.
    return not text.lstrip().startswith("<")


def _pillow_reads(data, kind: Kind) -> bool:
    try:
        with Image.open(data, formats=[kind.pillow_format]) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return False
    return True


def check(content) -> Kind:
    """The kind of ``content`` (a file object), or ValidationError saying what is accepted."""
    data = _read_all(content)
    if len(data) > max_bytes():
        raise ValidationError(
            _("The file is larger than %(size)s MB.") % {"size": max_bytes() // (1024 * 1024)},
            code="file_size",
        )
    if not data:
        raise ValidationError(_("The file is empty."), code="file_empty")
    guess = filetype.guess(data[:HEAD_BYTES])
    if guess is None:
        if _is_plain_text(data):
            return TEXT
        raise _refused()
    kind = KINDS.get(guess.mime)
    if kind is None or kind is TEXT:
        raise _refused()
    if kind.is_image:
        content.seek(0)
        ok = _pillow_reads(content, kind)
        content.seek(0)
        if not ok:
            raise ValidationError(
                _("The image cannot be read: it may be damaged."), code="file_damaged"
            )
    elif not data.startswith(b"%PDF-"):
        raise _refused()
    return kind


def validate_upload(value) -> None:
    """Form-time check of a new upload; a stored file was checked when it was saved."""
    if value and not getattr(value, "_committed", True):
        check(value.file)


def client_file_name(name: str) -> str:
    """The last part of a name the client sent, for the download name only."""
    return name.replace("\\", "/").rsplit("/", 1)[-1].replace("\x00", "")[:200]


class CheckedFieldFile(FieldFile):
    def save(self, name, content, save=True):
        kind = check(content)
        setattr(self.instance, self.field.content_type_field, kind.mime)
        setattr(self.instance, self.field.original_name_field, client_file_name(name))
        super().save(f"{uuid.uuid4().hex}.{kind.extension}", content, save)


class CheckedFileField(models.FileField):
    """A FileField that keeps only allowed kinds, under a name the server makes.

    The model also has ``content_type`` and ``original_name`` fields, filled on saving.
    """

    attr_class = CheckedFieldFile
    default_validators = [validate_upload]

    # Declared after the file field: Django collects field values in order, and these are
    # only known once the file field's pre_save has checked the content.
    content_type_field = "content_type"
    original_name_field = "original_name"

    def formfield(self, **kwargs):
        field = super().formfield(**kwargs)
        # Only a hint for the file picker: the content is what gets checked.
        field.widget.attrs.setdefault("accept", ",".join(KINDS))
        return field


def user_file_response(file: FieldFile, *, content_type: str, download_name: str) -> FileResponse:
    """Serve a user's file: inline only when it is a checked image, else as a download."""
    inline = content_type in IMAGE_TYPES
    served_type = content_type if content_type in KINDS else "application/octet-stream"
    if served_type == TEXT.mime:
        served_type = "text/plain; charset=utf-8"
    response = FileResponse(
        file.open("rb"),
        as_attachment=not inline,
        filename=download_name or None,
        content_type=served_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Set here, so the site-wide policy (csp middleware) leaves it alone.
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


def backfill_checked_types(model) -> None:
    """Check files stored before the checks existed (data migrations).

    A file that passes gets its type; one that does not keeps an empty type and is served
    only as an ``application/octet-stream`` download.
    """
    for row in model.objects.filter(content_type="").exclude(file=""):
        try:
            with row.file.open("rb") as handle:
                kind = check(handle)
        except (OSError, ValidationError):
            continue
        model.objects.filter(pk=row.pk).update(
            content_type=kind.mime, original_name=client_file_name(row.file.name)
        )
