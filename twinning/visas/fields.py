"""Model fields encrypted at rest, one Fernet token per value (see keys.py).

Written here rather than taken from django-fernet-encrypted-fields: that library derives
its keys from SECRET_KEY (rotating the secret key loses the data), and when a value does
not decrypt it hands back the ciphertext as if it were the value. Here the keys are their
own setting, a value that does not decrypt is an error, and lookups that could only
compare ciphertexts (every token differs, even for the same text) are refused.

The value is decrypted when the row is loaded: code that only needs other columns of a
model with such fields should ``defer()`` them. Outside the database the value stays
encrypted too: serialised (dumpdata, the site backup) it is a token marked ``fernet:``,
which loaddata decrypts again, so a backup holds no plaintext and needs the keys.
"""

import datetime

from cryptography.fernet import InvalidToken
from django.core.exceptions import FieldError, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from twinning.visas import keys


class UndecryptableValue(Exception):
    """A stored value no configured key decrypts (a key was dropped too early)."""


SERIALISED = "fernet:"


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

    def value_from_object(self, obj):
        value = super().value_from_object(obj)
        if value is None:
            return None
        return SERIALISED + keys.encrypt(self.to_plaintext(value))

    def value_to_string(self, obj):
        return self.value_from_object(obj)

    def to_python(self, value):
        if isinstance(value, str) and value.startswith(SERIALISED):
            try:
                value = self.from_plaintext(keys.decrypt(value.removeprefix(SERIALISED)))
            except (InvalidToken, ValueError) as error:
                raise ValidationError(_("Enter a valid value."), code="invalid") from error
        return super().to_python(value)

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
