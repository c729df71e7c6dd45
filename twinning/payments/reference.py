"""ISO 11649 creditor references ("RF18 5390 0754 7034"): made, formatted and found in text.

The reference body is digits only, so leading zeros change neither its check digits nor
its key: "RF18 000539" and "rf18539" are the same reference.
"""

import re

from stdnum import iso11649
from stdnum.iso7064 import mod_97_10

_CANDIDATE = re.compile(r"RF(\d{2})(\d{1,21})")


def reference_body(number: int) -> str:
    """The body for a registration: its number, padded so every reference looks alike."""
    return str(number).zfill(8)


def reference_format(body: str) -> str:
    """The printed reference, in groups of four: "RF47 0000 0012 3"."""
    body = body.zfill(8)
    check = mod_97_10.calc_check_digits(body + "RF")
    return iso11649.format("RF" + check + body)


def reference_key(text: str) -> str | None:
    """The body (without leading zeros) of the first valid reference in ``text``, else None.

    Spaces, dashes and case do not matter; digits glued to the end of a reference (another
    number in the same remittance line) are tried off one by one until the check digits hold.
    """
    compact = re.sub(r"[\s\-./]", "", (text or "").upper())
    for match in _CANDIDATE.finditer(compact):
        check, digits = match.groups()
        for end in range(len(digits), 0, -1):
            candidate = "RF" + check + digits[:end]
            if iso11649.is_valid(candidate):
                return digits[:end].lstrip("0") or "0"
    return None
