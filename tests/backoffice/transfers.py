"""Starting exports and imports as a user does, with their background work run in-line."""

import io

from django.test import TestCase
from django.urls import reverse
from openpyxl import load_workbook

from twinning.backoffice.models import Transfer


def post(client, url, data=None):
    """POST, then run what was queued after commit (the immediate backend runs the task)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(url, data or {})


def transfer_of(response) -> Transfer:
    assert response.status_code == 302, response.content[:500]
    return Transfer.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))


def export(client, o, dataset="delegates", file_format="xlsx", *, slug=None) -> Transfer:
    url = reverse("backoffice:transfer_start", kwargs={"dataset": dataset})
    data = {"action": "export", "format": file_format}
    if o is not None or slug:
        data["delegation"] = slug or o.delegation.slug
    return transfer_of(post(client, url, data))


def download(client, transfer: Transfer) -> bytes:
    response = client.get(reverse("backoffice:transfer_download", kwargs={"pk": transfer.pk}))
    assert response.status_code == 200
    return response.content


def import_data(client, o, content: bytes, name: str, dataset="delegates", *, slug=None):
    """The data to POST for an import of ``content`` as the file ``name``."""
    upload = io.BytesIO(content)
    upload.name = name
    data = {"action": "import", "file": upload}
    if o is not None or slug:
        data["delegation"] = slug or o.delegation.slug
    return reverse("backoffice:transfer_start", kwargs={"dataset": dataset}), data


def do_import(client, o, content: bytes, name: str, dataset="delegates", *, slug=None):
    """Upload a file and let its check run: the checked import."""
    return transfer_of(post(client, *import_data(client, o, content, name, dataset, slug=slug)))


def confirm(client, transfer: Transfer) -> Transfer:
    post(client, reverse("backoffice:transfer_confirm", kwargs={"pk": transfer.pk}))
    transfer.refresh_from_db()
    return transfer


def xlsx_cells(content: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]
