"""Backup and restore: an empty database gets back every row and every stored file."""

import io
import tarfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from twinning.core import backup

pytestmark = pytest.mark.django_db(transaction=True)


def _load_demo():
    call_command("demo", verbosity=0)


def _write_files(settings):
    (settings.MEDIA_ROOT / "attachments").mkdir(parents=True)
    (settings.MEDIA_ROOT / "attachments" / "a.pdf").write_bytes(b"%PDF-1.4 public")
    (settings.PRIVATE_MEDIA_ROOT / "documents").mkdir(parents=True)
    (settings.PRIVATE_MEDIA_ROOT / "documents" / "b.pdf").write_bytes(b"%PDF-1.4 private")


def _empty_database():
    call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def folders(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings


def test_a_restore_into_an_empty_database_finds_every_row_and_file(folders, tmp_path):
    _load_demo()
    _write_files(folders)
    before = backup.row_counts()
    archive = tmp_path / "site.tar.gz"
    call_command("backup", output=archive, stdout=io.StringIO())

    _empty_database()
    for path in (folders.MEDIA_ROOT, folders.PRIVATE_MEDIA_ROOT):
        for file in path.rglob("*.pdf"):
            file.unlink()
    call_command("restore", str(archive), stdout=io.StringIO())

    assert backup.row_counts() == before
    assert sum(before.values()) > 100
    assert (folders.MEDIA_ROOT / "attachments" / "a.pdf").read_bytes() == b"%PDF-1.4 public"
    assert (folders.PRIVATE_MEDIA_ROOT / "documents" / "b.pdf").read_bytes() == (
        b"%PDF-1.4 private"
    )


def test_a_restore_refuses_a_database_that_holds_content(folders, tmp_path):
    _load_demo()
    archive = tmp_path / "site.tar.gz"
    call_command("backup", output=archive, stdout=io.StringIO())

    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive), stdout=io.StringIO())


def test_a_damaged_backup_is_refused_before_anything_is_written(folders, tmp_path):
    _load_demo()
    archive = tmp_path / "site.tar.gz"
    backup.backup_write(output=archive)
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "db.json":
                data = data.replace(b"Seattle", b"Seatle", 1)
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    _empty_database()

    with pytest.raises(CommandError, match="checksum"):
        call_command("restore", str(damaged), stdout=io.StringIO())
    assert sum(backup.row_counts().values()) == 0


@pytest.mark.parametrize("name", ["../escape.txt", "media/../../escape.txt", "other/x.txt"])
def test_a_file_name_outside_the_media_folders_is_refused(folders, name):
    with pytest.raises(backup.BackupError):
        backup._safe_target(name)
