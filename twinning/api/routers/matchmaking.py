"""Counterpart profiles, meeting requests and meetings: the matchmaking app's area.

Left empty on purpose until ``twinning/matchmaking`` lands: its endpoints go here, with
``TokenAuth(Scope.MATCHMAKING_READ / MATCHMAKING_WRITE)``, the gate of its rules.py object
by object (``auth.gate``), ``idempotent`` on writes and ``Paging`` on lists, as in
``registrations.py``. Its "meeting scheduled" event is emitted with ``core.events.emit``.
"""

from ninja import Router

router = Router(tags=["matchmaking"])
