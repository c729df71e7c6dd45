"""Test settings: the real settings, with a throwaway key and fast password hashing."""

import os

os.environ.setdefault("SECRET_KEY", "insecure-test-key")
os.environ.setdefault("STATIC_MANIFEST", "false")

from twinning.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
