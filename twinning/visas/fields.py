"""Model fields encrypted at rest, one Fernet token per value (see keys.py).

Written here rather than taken from django-fernet-encrypted-fields: that library derives
its keys from SECRET_KEY (rotating the secret key loses the data), and when a value does
not decrypt it hands back the ciphertext as if it were the value. Here the keys are their
own setting, a value that does not decrypt is an error, and lookups that could only
compare ciphertexts (every token differs, even for the same text) are refused.

The value is decrypted when the row is loaded: code that only needs other columns of a
model with such fields should ``defer()`` them.
"""

import datetime

from cryptography.fernet import InvalidToken
from django.core.exceptions import FieldError
from django.db import models

from twinning.visas import keys


class UndecryptableValue(Exception):
    """A stored value no configured key decrypts (a key was dropped too early)."""


class EncryptedMixin:
    def get_internal_type(self) -> str:
        return "TextField"

    def db_type(self, connection):
        return models.TextField().db_type(connection)

    def to_plaintext(self, value) -> str:
        return str(value)

    def from_plaintext(self, text: str):
        return text

    def get_db_prep_value(self, value, connection, prepared=False):
        if not prepared:
            value = self.get_prep_value(value)
        if value is None:
            return None
        return keys.encrypt(self.to_plaintext(value))

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None
        try:
            return self.from_plaintext(keys.decrypt(value))
        except InvalidToken as error:
            raise UndecryptableValue(
                f"{self.model.__name__}.{self.name}: no key in TWINNING_FIELD_KEYS decrypts it"
            ) from error

    def get_lookup(self, lookup_name):
        if lookup_name != "isnull":
            raise FieldError(f"{self.name} is encrypted: it cannot be searched or compared")
        return super().get_lookup(lookup_name)

    def get_transform(self, lookup_name):
        raise FieldError(f"{self.name} is encrypted: it cannot be searched or compared")


class EncryptedCharField(EncryptedMixin, models.CharField):
    """max_length limits the plaintext (forms, validation); the column is text."""


class EncryptedDateField(EncryptedMixin, models.DateField):
    def to_plaintext(self, value: datetime.date) -> str:
        return value.isoformat()

    def from_plaintext(self, text: str) -> datetime.date:
        return datetime.date.fromisoformat(text)
