"""Test settings: the real settings, with a throwaway key and fast password hashing."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "insecure-test-key")
os.environ.setdefault("STATIC_MANIFEST", "false")

from twinning.settings import *  # noqa: F403

ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]  # the live server's; Django adds testserver
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Uploaded and generated files of a test run go to a throwaway folder.
_FILES = Path(tempfile.mkdtemp(prefix="twinning-test-files-"))
MEDIA_ROOT = _FILES / "public"
PRIVATE_MEDIA_ROOT = _FILES / "private"

# A fixed key for passport data (tests of key rotation set their own).
TWINNING_FIELD_KEYS = ["dGVzdC1vbmx5LWZpZWxkLWtleS0wMDAwMDAwMDAwMDA="]

TWINNING_PUBLIC_CACHE = True  # one process: the per-process cache is exact
