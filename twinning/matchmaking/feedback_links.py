"""The signed link in the "how was the meeting?" e-mail: one meeting, one side of it.

The link is the key (its reader need not be signed in); it expires after
``FEEDBACK_LINK_DAYS`` and names nothing but the two ids.
"""

import datetime

from django.core import signing

FEEDBACK_SALT = "matchmaking.feedback"
FEEDBACK_LINK_DAYS = 30


def feedback_token(meeting, participant) -> str:
    """The signed part of the link in the "how was it?" e-mail: this meeting, this side."""
    return signing.dumps({"m": meeting.pk, "p": participant.pk}, salt=FEEDBACK_SALT)


def feedback_token_read(token: str) -> tuple[int, int] | None:
    try:
        data = signing.loads(
            token, salt=FEEDBACK_SALT, max_age=datetime.timedelta(days=FEEDBACK_LINK_DAYS)
        )
    except signing.BadSignature:
        return None
    return data.get("m"), data.get("p")
