"""The keys that encrypt passport data at rest (``TWINNING_FIELD_KEYS``, newest first).

Each key is a Fernet key (``Fernet.generate_key()``). New values are encrypted with the
first; every key in the list decrypts, so a new key is put first, ``visas_rotate_keys``
re-encrypts everything with it, and only then is the old one dropped. Without keys a
development site (DEBUG) derives one from SECRET_KEY and says so loudly; anywhere else
the system check ``visas.E001`` refuses to run and the fields refuse to encrypt.
"""

import base64
import hashlib
import logging
from functools import lru_cache

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger(__name__)


class NoFieldKeys(ImproperlyConfigured):
    pass


@lru_cache(maxsize=4)
def _development_key(secret_key: str) -> str:
    """Derived from SECRET_KEY, and said so once per process (not at every value)."""
    logger.warning(
        "TWINNING_FIELD_KEYS is not set: passport data is encrypted with a development "
        "key derived from SECRET_KEY. Never do this on a real site."
    )
    digest = hashlib.sha256(b"twinning-development-field-key:" + secret_key.encode())
    return base64.urlsafe_b64encode(digest.digest()).decode()


def configured_keys() -> tuple[str, ...]:
    return tuple(key.strip() for key in settings.TWINNING_FIELD_KEYS if key.strip())


def invalid_keys() -> list[int]:
    """Positions (from 1) of configured keys that are no Fernet keys."""
    bad = []
    for position, key in enumerate(configured_keys(), start=1):
        try:
            Fernet(key)
        except ValueError:
            bad.append(position)
    return bad


@lru_cache(maxsize=8)
def _multifernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys])


def multifernet() -> MultiFernet:
    keys = configured_keys()
    if not keys:
        if not settings.DEBUG:
            raise NoFieldKeys(
                "Set TWINNING_FIELD_KEYS (comma-separated Fernet keys, newest first) "
                "before storing or reading passport data."
            )
        keys = (_development_key(settings.SECRET_KEY),)
    return _multifernet(keys)


def encrypt(plaintext: str) -> str:
    return multifernet().encrypt(plaintext.encode()).decode()


def decrypt(token: str) -> str:
    return multifernet().decrypt(token.encode()).decode()
