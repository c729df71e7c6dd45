"""Each kind of line told as a sentence, in the reader's language.

A summary is built when the page is shown, from a translatable string and the line's
``data`` (ids, amounts, states) plus ``target``: the name of what was acted on, given by
the page (a person's name for a registration, a delegation's title), else its number.
An action without a sentence of its own is shown by its code.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Areas of the log, for the page's filter: a label and the action prefixes it covers.
AREAS: dict[str, tuple] = {
    "registrations": (_("Registrations"), ("registrations.",)),
    "payments": (_("Payments and refunds"), ("payments.",)),
    "passports": (_("Passport data and letters"), ("visas.",)),
    "schedule": (_("Meetings and schedule"), ("matchmaking.",)),
    "moderation": (_("Moderation"), ("participation.", "people.", "exchanges.")),
    "permissions": (_("Accounts, roles and memberships"), ("accounts.", "delegations.")),
}

YES_NO = {True: _("yes"), False: _("no")}
ATTENDANCE = {
    "unknown": pgettext_lazy("attendance", "not yet recorded"),
    "held": pgettext_lazy("attendance", "took place"),
    "no_show_a": pgettext_lazy("attendance", "first participant did not come"),
    "no_show_b": pgettext_lazy("attendance", "second participant did not come"),
    "no_show_both": pgettext_lazy("attendance", "neither came"),
}
AGENDA = {
    "draft": pgettext_lazy("agenda", "draft"),
    "preliminary": pgettext_lazy("agenda", "preliminary"),
    "final": pgettext_lazy("agenda", "final"),
}

# A sentence, or (the data key that chooses, {its value: a sentence}).
SENTENCES: dict[str, object] = {
    # registrations
    "registrations.received": _("Registration of %(target)s received"),
    "registrations.approved": _("Approved the registration of %(target)s"),
    "registrations.refused": _("Refused the registration of %(target)s"),
    "registrations.cancelled": _("Cancelled the registration of %(target)s"),
    "registrations.paid": _("Registration of %(target)s paid and confirmed"),
    "registrations.confirmed": _("Confirmed the registration of %(target)s"),
    "registrations.waiting_list": _("Waiting-list place changed: %(status)s, %(seats)s seats"),
    "registrations.expired": _("Released unpaid holds past their deadline"),
    # payments
    "payments.payment_record": _("Recorded a payment of %(amount)s"),
    "payments.refund_record": _("Recorded a refund of %(amount)s"),
    "payments.invoice_issue": _("Issued invoice %(number)s (%(total)s)"),
    "payments.credit_note_issue": _(
        "Issued credit note %(number)s for invoice %(invoice)s (%(amount)s)"
    ),
    "payments.invoice_to_follow": _("Marked the invoice of %(target)s as to follow"),
    "payments.statement_import": _(
        "Imported a bank statement: %(new)s new rows, %(skipped)s skipped"
    ),
    "payments.row_ignore": _("Ignored a bank statement row"),
    # passport data and letters: never more than whose data it was
    "visas.read": _("Read passport data of %(target)s"),
    "visas.read_masked": _("Read the masked passport data of %(target)s"),
    "visas.create": _("Entered passport data of %(target)s"),
    "visas.update": _("Changed passport data of %(target)s"),
    "visas.letter_issue": _("Issued visa letter %(letter)s for %(target)s"),
    "visas.letter_read": _("Downloaded visa letter %(letter)s of %(target)s"),
    "visas.letter_verify": _("Checked visa letter %(letter)s on its verification page"),
    "visas.letter_revoke": _("Revoked visa letter %(letter)s of %(target)s"),
    "visas.purge": _("Deleted passport data after the trip (%(passports)s passports)"),
    # meetings and schedule
    "matchmaking.schedule_requested": _("Asked for a schedule run"),
    "matchmaking.schedule_applied": _(
        "Applied a schedule run: %(created)s meetings added, %(removed)s removed, "
        "%(kept)s kept; value %(value)s of bound %(upper_bound)s"
    ),
    "matchmaking.repair_applied": _(
        "Applied a repair: %(created)s meetings added, %(removed)s removed; "
        "%(agendas_changed)s agendas changed"
    ),
    "matchmaking.meeting_moved": _(
        "Moved meeting %(target)s from slot %(from_slot)s, table %(from_table)s "
        "to slot %(to_slot)s, table %(to_table)s"
    ),
    "matchmaking.meeting_locked": _("Locked meeting %(target)s"),
    "matchmaking.meeting_unlocked": _("Unlocked meeting %(target)s"),
    "matchmaking.meeting_cancelled": _("Cancelled meeting %(target)s"),
    "matchmaking.meeting_checked_in": _("Checked in meeting %(target)s"),
    "matchmaking.meeting_attendance": _("Attendance of meeting %(target)s: %(attendance)s"),
    "matchmaking.participant_withdrawn": _(
        "Withdrew participant %(target)s; %(cancelled_count)s locked meetings cancelled"
    ),
    "matchmaking.agenda_published": _("Published the agenda as %(status)s"),
    "matchmaking.profile_claimed": _("Claimed matchmaking profile %(target)s"),
    # moderation
    "participation.publish": (
        "published",
        {True: _("Published message %(target)s"), False: _("Withdrew message %(target)s")},
    ),
    "participation.hide": (
        "hidden",
        {True: _("Hid message %(target)s"), False: _("Showed message %(target)s again")},
    ),
    "participation.reply": _("Answered message %(target)s"),
    "participation.close": _("Closed message %(target)s"),
    "participation.report_review": _("Started reviewing report %(target)s"),
    "participation.report_close": (
        "hidden",
        {
            True: _("Closed report %(target)s and hid the content"),
            False: _("Dismissed report %(target)s"),
        },
    ),
    "participation.report_notify": _("Told the reporter of report %(target)s the outcome"),
    "participation.purge": _("Deleted %(messages)s old messages and %(reports)s old reports"),
    "people.hide": (
        "hidden",
        {True: _("Hid the page of %(target)s"), False: _("Showed %(target)s again")},
    ),
    "exchanges.write": _("Changed exchange record %(target)s (%(status)s)"),
    # accounts, roles and memberships
    "accounts.changed_in_admin": _("Changed account %(account)s in the admin: %(fields)s"),
    "accounts.personal_data_export": _("Exported the personal data of account %(account)s"),
    "accounts.personal_data_erasure": _("Erased the personal data of account %(account)s"),
    "delegations.member_confirmed": (
        "confirmed",
        {
            True: _("Confirmed the membership of account %(user)s"),
            False: _("Ended the membership of account %(user)s"),
        },
    ),
    "delegations.members_changed_in_admin": _("Changed the delegation's members in the admin"),
}
# Codes shown by their label in a sentence.
LABELS = {
    "matchmaking.meeting_attendance": {"attendance": ATTENDANCE},
    "matchmaking.agenda_published": {"status": AGENDA},
}


class _Values(dict):
    def __missing__(self, key):
        return "?"


def _flat(data: dict, target: str) -> _Values:
    values = _Values(target=target)
    for key, value in data.items():
        if isinstance(value, dict):
            for inner, item in value.items():
                values[f"{key}_{inner}"] = "–" if item is None else item
        elif isinstance(value, list):
            values[key] = ", ".join(str(item) for item in value) or "–"
            values[f"{key}_count"] = len(value)
        else:
            values[key] = "–" if value is None else value
    for key, value in list(values.items()):
        if isinstance(value, bool):
            values[key] = YES_NO[value]
    return values


def _sentences(action: str) -> list:
    sentence = SENTENCES.get(action)
    if sentence is None:
        return []
    return list(sentence[1].values()) if isinstance(sentence, tuple) else [sentence]


def summary(action: str, data: dict, *, target: str) -> str:
    """The line as a sentence in the active language (its code when it has none)."""
    data = data if isinstance(data, dict) else {}
    sentence = SENTENCES.get(action)
    if sentence is None:
        return action
    if isinstance(sentence, tuple):
        key, choices = sentence
        sentence = choices[bool(data.get(key))]
    values = _flat(data, target)
    for key, labels in LABELS.get(action, {}).items():
        values[key] = labels.get(data.get(key), values[key])
    return str(sentence) % values


def actions_matching(text: str) -> list[str]:
    """The actions one of whose sentences (in the active language) contains ``text``."""
    needle = text.casefold()
    return [
        action
        for action in SENTENCES
        if needle and any(needle in str(s).casefold() for s in _sentences(action))
    ]
