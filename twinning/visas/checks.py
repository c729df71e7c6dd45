"""Refuse to run without the keys that encrypt passport data (see keys.py)."""

from django.conf import settings
from django.core.checks import Error, Warning, register

from twinning.visas import keys


@register("visas")
def field_keys_check(app_configs=None, **kwargs):
    if not keys.configured_keys():
        if settings.DEBUG:
            return [
                Warning(
                    "TWINNING_FIELD_KEYS is not set: passport data is encrypted with a "
                    "development key derived from SECRET_KEY.",
                    hint="Fine on a development site only.",
                    id="visas.W001",
                )
            ]
        return [
            Error(
                "TWINNING_FIELD_KEYS is not set: passport data cannot be encrypted.",
                hint='Generate a key with python -c "from cryptography.fernet import Fernet; '
                'print(Fernet.generate_key().decode())" and set TWINNING_FIELD_KEYS to it.',
                id="visas.E001",
            )
        ]
    bad = keys.invalid_keys()
    if bad:
        return [
            Error(
                "TWINNING_FIELD_KEYS holds something that is no Fernet key (position "
                + ", ".join(map(str, bad))
                + ").",
                id="visas.E002",
            )
        ]
    return []
