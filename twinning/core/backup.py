"""Backup and restore of the whole site: every database row and every stored file.

One archive (``.tar.gz``) holds ``db.json`` (Django's serialisation, the same on SQLite and
PostgreSQL, so a backup of one restores into the other), the public and private media
folders, and ``manifest.json`` with the number of rows per model and a SHA-256 per file.
A restore refuses a database that already holds content, checks every checksum before it
writes anything, loads the rows in one transaction and then compares the counts.

Content types and permissions are not in the archive: ``migrate`` makes them, and the rows
refer to content types by natural key. Sessions are left out on purpose: a restored site
signs everybody out.
"""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

FORMAT = 1
EXCLUDED = ("contenttypes", "auth.permission", "sessions")
# Folders of stored files, by their name inside the archive.
FOLDERS = {"media": "MEDIA_ROOT", "private": "PRIVATE_MEDIA_ROOT"}


class BackupError(Exception):
    """A backup that cannot be restored as it is; the message says why."""


@dataclass(frozen=True)
class RestoreReport:
    rows: dict[str, int]
    files: int


def _models():
    for model in apps.get_models():
        label = model._meta.label_lower
        if model._meta.proxy or not model._meta.managed:
            continue
        if label in EXCLUDED or model._meta.app_label in EXCLUDED:
            continue
        yield label, model


def row_counts() -> dict[str, int]:
    return {label: model._default_manager.count() for label, model in _models()}


def _files() -> Iterator[tuple[str, Path]]:
    for name, setting in FOLDERS.items():
        root = Path(getattr(settings, setting))
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            if path.is_file() and not path.is_symlink():
                yield f"{name}/{path.relative_to(root).as_posix()}", path


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def backup_write(*, output: Path) -> dict:
    """Write the archive to ``output`` and return its manifest."""
    rows = io.StringIO()
    call_command(
        "dumpdata",
        *[f"--exclude={label}" for label in EXCLUDED],
        natural_foreign=True,
        format="json",
        stdout=rows,
    )
    db = rows.getvalue().encode("utf-8")
    files = {}
    output.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(output, "w:gz") as archive:
        _add_bytes(archive, "db.json", db)
        for name, path in _files():
            data = path.read_bytes()
            files[name] = _sha256(data)
            _add_bytes(archive, name, data)
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "db_sha256": _sha256(db),
            "rows": row_counts(),
            "files": files,
        }
        _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=2).encode("utf-8"))
    return manifest


def _read(archive: tarfile.TarFile, name: str) -> bytes:
    member = archive.getmember(name)
    if not member.isfile():
        raise BackupError(f"{name} is not a file")
    handle = archive.extractfile(member)
    if handle is None:
        raise BackupError(f"{name} cannot be read")
    return handle.read()


def _safe_target(name: str) -> Path:
    """Where a file of the archive goes; names that climb out of their folder are refused."""
    path = PurePosixPath(name)
    folder, *rest = path.parts
    if folder not in FOLDERS or not rest or ".." in rest or path.is_absolute():
        raise BackupError(f"Unexpected file in the backup: {name}")
    return Path(getattr(settings, FOLDERS[folder])).joinpath(*rest)


def _read_checked(source: Path) -> tuple[dict[Path, bytes], bytes, dict]:
    """The archive's files, rows and manifest, each checked against its checksum."""
    with tarfile.open(source, "r:gz") as archive:
        try:
            manifest = json.loads(_read(archive, "manifest.json"))
            db = _read(archive, "db.json")
        except (KeyError, ValueError) as error:
            raise BackupError(f"The backup lacks its manifest or data: {error}") from error
        if manifest.get("format") != FORMAT:
            raise BackupError(f"Unknown backup format {manifest.get('format')!r}")
        if _sha256(db) != manifest["db_sha256"]:
            raise BackupError("db.json does not match its checksum")
        files = {}
        for name, digest in manifest["files"].items():
            data = _read(archive, name)
            if _sha256(data) != digest:
                raise BackupError(f"{name} does not match its checksum")
            files[_safe_target(name)] = data
    return files, db, manifest


def backup_restore(*, source: Path, force: bool = False) -> RestoreReport:
    """Restore ``source`` into this (migrated, empty) database and the media folders."""
    try:
        files, db, manifest = _read_checked(source)
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"Not a backup archive: {error}") from error
    occupied = {label: n for label, n in row_counts().items() if n}
    if occupied and not force:
        raise BackupError(
            "The database is not empty (" + ", ".join(sorted(occupied)) + "): "
            "restore into a new database, or pass --force to overwrite rows with the same ids"
        )
    with tempfile.NamedTemporaryFile(suffix=".json") as handle:
        handle.write(db)
        handle.flush()
        with transaction.atomic():
            call_command("loaddata", handle.name, verbosity=0)
            counts = row_counts()
            expected = {label: n for label, n in manifest["rows"].items() if label in counts}
            wrong = {
                label: (counts[label], n) for label, n in expected.items() if counts[label] < n
            }
            if wrong:
                raise BackupError(f"Rows missing after loading (found, expected): {wrong}")
    for target, data in files.items():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return RestoreReport(rows=counts, files=len(files))
