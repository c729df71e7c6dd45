"""Things that happened which systems outside the site may want to hear about.

A lower app announces an event with ``emit`` inside the transaction that made it happen;
whoever listens (the API's webhooks, ``twinning/api/webhooks.py``) connects to
``happened``. The emitting app knows nothing of its listeners, so the layers hold: the
registrations, payments, exchanges and matchmaking apps emit, the API subscribes.

Each event has a ``key`` that names this one occurrence (the same occurrence emitted twice
has the same key, so a listener can keep it once) and ``data``: a small JSON-able dict of
ids and slugs, never personal data beyond what the event is about.
"""

from django.dispatch import Signal

REGISTRATION_CONFIRMED = "registration.confirmed"
PAYMENT_RECEIVED = "payment.received"
MEETING_SCHEDULED = "meeting.scheduled"  # emitted by matchmaking
RECORD_PUBLISHED = "record.published"

EVENTS = (REGISTRATION_CONFIRMED, PAYMENT_RECEIVED, MEETING_SCHEDULED, RECORD_PUBLISHED)

# sender: the event's name; keyword arguments ``key`` and ``data``.
happened = Signal()


def emit(name: str, *, key: str, data: dict) -> None:
    """Announce ``name`` (one of ``EVENTS``) to every listener, in the caller's transaction."""
    if name not in EVENTS:
        raise LookupError(f"Unknown event {name!r}: add it to core/events.py")
    happened.send(sender=name, key=key, data=data)
