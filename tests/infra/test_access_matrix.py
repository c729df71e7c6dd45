"""The access matrix: every URL pattern of the site × every role, one case each.

The patterns are found by walking the URL configuration, so a new URL without a row in
``ROWS`` fails ``test_every_url_pattern_has_a_row``. Each row says how to fill in the
pattern from the world (tests/infra/access_world.py: delegations A and B with members,
sessions, documents, registrations, passport data, letters and invoices), which methods to
try, and what each role gets: 200, 302 (a redirect elsewhere), LOGIN (to the login page),
400, 403, 404 or 405.

IDOR: every pattern that names an object (a delegation's slug, a session, document,
member, outcome, registration, invoice, letter, waiting-list entry) is tried by delegate A
and by the coordinator of A with the ids of delegation B, under A's slug and under B's.
Denied answers are 404 (nothing is told), except where the delegation access rules say
otherwise (docs/architecture.md "Delegation access in one place"; the own-member pages
my-calendar and my-card answer 403 to a signed-in non-member of a visible delegation).

The API's patterns (``api:``) are rows too, marked ``api``: a signed-in role calls them
with a bearer token of its own (every scope) instead of a session, anonymous without one
(401), and they get the IDOR cases like the pages (their object ids need no slug).
"""

import json
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from tests.accounts.factories import verified_login
from tests.infra import access_world
from tests.infra.access_world import ROLES, World
from twinning.accounts.models import User
from twinning.core.middleware import NO_STORE

LOGIN = "302-login"
SIGNED_IN = ROLES[1:]
STAFF = ("moderator", "coordinator", "administrator")
LOGIN_PATHS = ("/en/accounts/login/", "/admin/login/")

# Patterns with no row, and why.
EXCLUDED_NAMESPACES = {
    # The admin's own pages (one set per model) are governed by the model permissions of
    # each app's rules.py (add_model_perms) and tested in tests/*/test_admin.py; its front
    # door, admin:index, has a row below.
    "admin": "the admin's model pages: model permissions, tests/*/test_admin.py",
}
# Static files are served by WhiteNoise, outside the URL configuration: nothing to walk.


def _table(default, **overrides) -> dict[str, object]:
    unknown = set(overrides) - set(ROLES)
    assert not unknown, unknown
    return {role: overrides.get(role, default) for role in ROLES}


def everyone(status=200, **overrides):
    return _table(status, **overrides)


def signed_in(status=200, **overrides):
    return _table(status, anonymous=LOGIN, **overrides)


def staff_only():
    return signed_in(403, **dict.fromkeys(STAFF, 200))


def only(status_for: dict[str, object], otherwise=404):
    """Signed-in roles get ``otherwise`` unless named; anonymous visitors go to the login."""
    return signed_in(otherwise, **status_for)


A_MEMBERS = {"delegate_a": 200, "presenter": 200, "coordinator": 200, "administrator": 200}
A_COORDINATORS = {"coordinator": 200, "administrator": 200}
# Passport data, visa letters and the visa desk: the delegation's own coordinators only,
# not a site administrator who does not coordinate it (twinning/visas/rules.py).
A_OWN_COORDINATOR = {"coordinator": 200}


@dataclass(frozen=True)
class Row:
    kwargs: Callable[[World], dict] = lambda w: {}
    get: dict | None = None
    post: dict | None = None
    put: dict | None = None  # the API's whole-object updates (JSON, like its POSTs)
    # B's objects for the IDOR cases (the slug is B's; when B's ids are more than the slug,
    # a second case puts them under A's slug).
    idor: Callable[[World], dict] | None = None
    idor_status: object = 404
    data: dict | None = None  # what the POST sends
    personal: bool = False  # someone's data behind a secret address: never stored either
    api: bool = False  # called with the role's API token (JSON), not its session

    @property
    def methods(self) -> list[str]:
        return [m for m, table in self.tables.items() if table is not None]

    @property
    def tables(self) -> dict[str, dict | None]:
        return {"GET": self.get, "POST": self.post, "PUT": self.put}


def slug_a(w):
    return {"slug": w.a.slug}


def _own(name):
    return lambda w: {"slug": w.a.slug, name: getattr(w.a, name.removesuffix("_id"))}


def _theirs(name):
    return lambda w: {"slug": w.b.slug, name: getattr(w.b, name.removesuffix("_id"))}


POST_ONLY_GET = signed_in(405)

ROWS: dict[str, Row] = {
    # ------------------------------------------------------------------ site
    "portal:home": Row(get=everyone()),
    "portal:backoffice": Row(get=staff_only()),
    "sitemap": Row(get=everyone()),
    "admin:index": Row(get=signed_in(LOGIN, **dict.fromkeys(STAFF, 200))),
    "search:search": Row(get=everyone()),
    # ------------------------------------------------------------------ accounts
    "accounts:login": Row(get=everyone(302, anonymous=200)),
    "accounts:logout": Row(get=everyone(405), post=everyone(302)),
    # Nothing to enter for someone without an authenticator or already verified.
    "accounts:two_factor": Row(get=signed_in(302)),
    "accounts:two_factor_enrol": Row(kwargs=lambda w: {"token": "not-a-link"}, get=signed_in(400)),
    "accounts:profile": Row(get=signed_in()),
    # ---- personal data (s-pay): my own download; an administrator's export and erasure
    # page for a person (not POSTed here: erasing would change the shared world).
    "accounts:personal_data": Row(get=signed_in(), post=signed_in()),
    "accounts:personal_data_admin": Row(
        kwargs=lambda w: {"user_id": w.users["delegate_a"]}, get=only({"administrator": 200})
    ),
    # ---- end personal data (s-pay)
    "accounts:password_change": Row(get=signed_in()),
    "accounts:password_change_done": Row(get=signed_in()),
    "accounts:password_reset": Row(get=everyone()),
    "accounts:password_reset_done": Row(get=everyone()),
    # The link is the key (to the set-password page, with the token moved to the session);
    # it is no longer valid once its account has signed in since (the page says so).
    "accounts:password_reset_confirm": Row(
        kwargs=lambda w: {"uidb64": w.reset_uid, "token": w.reset_token},
        get=everyone(302, delegate_a=200),
    ),
    "accounts:password_reset_complete": Row(get=everyone()),
    # ------------------------------------------------------------------ archive
    "cities:city_detail": Row(kwargs=lambda w: {"slug": w.city}, get=everyone()),
    "cities:relationship_list": Row(get=everyone()),
    "exchanges:list": Row(get=everyone()),
    "exchanges:feed": Row(get=everyone()),
    "exchanges:detail": Row(kwargs=lambda w: {"key": w.exchange}, get=everyone()),
    # A draft record's files are nobody's to download on the site, staff included.
    "exchanges:attachment": Row(
        kwargs=lambda w: {"key": w.draft_exchange, "attachment_id": w.draft_attachment},
        get=everyone(404),
    ),
    "exchanges:relationship_detail": Row(kwargs=lambda w: {"slug": w.relationship}, get=everyone()),
    "exchanges:person_detail": Row(kwargs=lambda w: {"slug": w.person}, get=everyone()),
    "exchanges:organisation_detail": Row(kwargs=lambda w: {"slug": w.organisation}, get=everyone()),
    "exchanges_backoffice:import": Row(get=staff_only()),
    "exchanges_backoffice:export": Row(get=staff_only()),
    # ------------------------------------------------------------------ pages, participation
    "pages:cookie_settings": Row(get=everyone()),
    "pages:consent": Row(get=everyone(405), post=everyone(400)),  # no choice sent
    "pages:time_zone": Row(get=everyone(405), post=everyone(302)),
    "participation:message": Row(get=everyone()),
    "participation:message_sent": Row(get=everyone()),
    "participation:message_delete": Row(kwargs=lambda w: {"token": "unknown"}, get=everyone()),
    "participation:questions": Row(get=everyone()),
    "participation:question": Row(kwargs=lambda w: {"pk": w.question}, get=everyone()),
    "participation:report": Row(get=everyone()),
    "participation:report_sent": Row(get=everyone()),
    "participation_backoffice:messages": Row(get=staff_only()),
    "participation_backoffice:message": Row(kwargs=lambda w: {"pk": w.message}, get=staff_only()),
    "participation_backoffice:reports": Row(get=staff_only()),
    "participation_backoffice:report": Row(kwargs=lambda w: {"pk": w.report}, get=staff_only()),
    # ------------------------------------------------------------------ delegations
    "delegations:list": Row(get=everyone()),
    "delegations:detail": Row(kwargs=slug_a, get=everyone()),
    "delegations:calendar": Row(kwargs=slug_a, get=everyone()),
    # Secret addresses: whoever holds one gets the member's feed or card (never stored).
    "delegations:member_calendar": Row(
        kwargs=lambda w: {"token": w.a.calendar_token}, get=everyone(), personal=True
    ),
    "delegations:card": Row(
        kwargs=lambda w: {"token": w.a.card_token}, get=everyone(), personal=True
    ),
    # A members' session whose title is public: the others are told it is closed (403).
    "delegations:session": Row(
        kwargs=lambda w: {"slug": w.a.slug, "session_id": w.a.session_titled},
        get=everyone(403, **A_MEMBERS),
        idor=lambda w: {"slug": w.b.slug, "session_id": w.b.session},
    ),
    "delegations:document": Row(
        kwargs=_own("document_id"),
        get=everyone(404, **A_MEMBERS),
        idor=_theirs("document_id"),
    ),
    "delegations:my_calendar": Row(
        kwargs=slug_a,
        get=only({"delegate_a": 200, "presenter": 200, "coordinator": 200}, 403),
        idor=lambda w: {"slug": w.b.slug},
        idor_status=403,
    ),
    "delegations:my_card": Row(
        kwargs=slug_a,
        get=only({"delegate_a": 200, "presenter": 200, "coordinator": 200}, 403),
        idor=lambda w: {"slug": w.b.slug},
        idor_status=403,
    ),
    "delegations:pdf_itinerary": Row(kwargs=slug_a, get=everyone()),
    "delegations:pdf_terms": Row(kwargs=slug_a, get=everyone()),
    "delegations:pdf_registration_form": Row(kwargs=slug_a, get=everyone()),
    "delegations:pdf_badge": Row(
        kwargs=_own("member_id"),
        get=only({"delegate_a": 200, **A_COORDINATORS}),
        idor=_theirs("member_id"),
    ),
    # The book lists the attendees; a visible delegation's book is no secret to ask for.
    "delegations:pdf_briefing_book": Row(
        kwargs=slug_a,
        get=only(A_MEMBERS, 403),
        idor=lambda w: {"slug": w.b.slug},
        idor_status=403,
    ),
    "delegations:outcome_publish": Row(
        kwargs=_own("outcome_id"),
        get=only({role: 405 for role in A_COORDINATORS}),
        post=only({role: 302 for role in A_COORDINATORS}),
        idor=_theirs("outcome_id"),
    ),
    # ------------------------------------------------------------------ registrations
    # Delegate A has a registration already: the form sends them to it.
    "registrations:register": Row(kwargs=slug_a, get=everyone(200, delegate_a=302)),
    # Without a registration or a waiting-list entry, back to the delegation's page.
    "registrations:mine": Row(
        kwargs=slug_a,
        get=signed_in(302, delegate_a=200, counterpart=200),
        idor=lambda w: {"slug": w.b.slug},
        idor_status=302,
    ),
    "registrations:cancel": Row(
        kwargs=_own("registration_id"),
        get=POST_ONLY_GET,
        post=only({"delegate_a": 302, **{r: 302 for r in A_COORDINATORS}}),
        idor=_theirs("registration_id"),
    ),
    "registrations:waiting_list": Row(kwargs=slug_a, get=signed_in()),
    "registrations:waiting_list_leave": Row(
        kwargs=lambda w: {"slug": w.a.slug, "entry_id": w.a.waiting_entry},
        get=POST_ONLY_GET,
        post=only({"counterpart": 302}),
        idor=lambda w: {"slug": w.b.slug, "entry_id": w.b.waiting_entry},
    ),
    "registrations:list": Row(
        kwargs=slug_a, get=only(A_COORDINATORS), idor=lambda w: {"slug": w.b.slug}
    ),
    "registrations:export": Row(
        kwargs=lambda w: {"slug": w.a.slug, "kind": "csv"},
        get=only(A_COORDINATORS),
        idor=lambda w: {"slug": w.b.slug, "kind": "csv"},
    ),
    # ------------------------------------------------------------------ cards (Stripe)
    # The matrix runs without Stripe keys: card payments are not there at all (404).
    "cards:pay": Row(kwargs=slug_a, get=POST_ONLY_GET, post=signed_in(404)),
    "cards:payments": Row(kwargs=slug_a, get=signed_in(404)),
    "stripe_webhook": Row(get=everyone(405), post=everyone(404)),
    "registrations:decide": Row(
        kwargs=_own("registration_id"),
        get=POST_ONLY_GET,
        post=only({r: 302 for r in A_COORDINATORS}),
        idor=_theirs("registration_id"),
    ),
    # ------------------------------------------------------------------ visas
    "visas:passport": Row(
        kwargs=slug_a,
        get=only({"delegate_a": 200}),
        idor=lambda w: {"slug": w.b.slug},
        idor_status=404,
    ),
    "visas:travel": Row(
        kwargs=slug_a,
        get=only({"delegate_a": 200}),
        idor=lambda w: {"slug": w.b.slug},
        idor_status=404,
    ),
    "visas:coordinator": Row(
        kwargs=slug_a, get=only(A_OWN_COORDINATOR), idor=lambda w: {"slug": w.b.slug}
    ),
    "visas:review": Row(
        kwargs=_own("registration_id"),
        get=only(A_OWN_COORDINATOR),
        idor=_theirs("registration_id"),
    ),
    "visas:issue": Row(
        kwargs=_own("registration_id"),
        get=POST_ONLY_GET,
        post=only({"coordinator": 302}),
        idor=_theirs("registration_id"),
    ),
    "visas:letter_pdf": Row(
        kwargs=_own("letter_id"),
        get=only({"delegate_a": 200, "coordinator": 200}),
        idor=_theirs("letter_id"),
    ),
    "visas:revoke": Row(
        kwargs=_own("letter_id"),
        get=POST_ONLY_GET,
        post=only({"coordinator": 302}),
        idor=_theirs("letter_id"),
    ),
    # The letter's QR code: anyone holding it may check the letter is genuine.
    "visas:verify": Row(
        kwargs=lambda w: {"token": w.a.letter_token}, get=everyone(), personal=True
    ),
    # ------------------------------------------------------------------ payments
    "payments:document": Row(
        kwargs=lambda w: {"slug": w.a.slug, "number": w.a.invoice_number},
        get=only({"delegate_a": 200, **A_COORDINATORS}),
        idor=lambda w: {"slug": w.b.slug, "number": w.b.invoice_number},
    ),
    "payments:billing": Row(
        kwargs=slug_a,
        get=only({"delegate_a": 200}),
        idor=lambda w: {"slug": w.b.slug},
        idor_status=404,
    ),
    "payments:desk": Row(
        kwargs=slug_a, get=only(A_COORDINATORS), idor=lambda w: {"slug": w.b.slug}
    ),
    "payments:record": Row(
        kwargs=_own("registration_id"),
        get=POST_ONLY_GET,
        post=only({r: 302 for r in A_COORDINATORS}),
        idor=_theirs("registration_id"),
        data={"amount": "10", "note": "cash"},
    ),
    "payments:issue": Row(
        kwargs=_own("registration_id"),
        get=POST_ONLY_GET,
        post=only({r: 302 for r in A_COORDINATORS}),
        idor=_theirs("registration_id"),
    ),
    "payments:to_follow": Row(
        kwargs=_own("registration_id"),
        get=POST_ONLY_GET,
        post=only({r: 302 for r in A_COORDINATORS}),
        idor=_theirs("registration_id"),
        data={"note": "the employer pays"},
    ),
    "payments:credit": Row(
        kwargs=_own("invoice_id"), get=only(A_COORDINATORS), idor=_theirs("invoice_id")
    ),
    # ---- refunds (s-pay): a coordinator records a bank refund of a registration's payment.
    "payments:refund": Row(
        kwargs=_own("registration_id"), get=only(A_COORDINATORS), idor=_theirs("registration_id")
    ),
    # ---- end refunds (s-pay)
    "payments:statement": Row(
        kwargs=slug_a, get=only(A_COORDINATORS), idor=lambda w: {"slug": w.b.slug}
    ),
    "payments:queue": Row(
        kwargs=slug_a, get=only(A_COORDINATORS), idor=lambda w: {"slug": w.b.slug}
    ),
    # ------------------------------------------------------------------ matchmaking: profiles
    # The directory and profiles: A's coordinators and confirmed members (and claimed
    # counterparts) only; everyone else, and A's people under B, get 404.
    "matchmaking:directory": Row(
        kwargs=slug_a, get=only(A_MEMBERS), idor=lambda w: {"slug": w.b.slug}
    ),
    "matchmaking:suggestions": Row(
        kwargs=slug_a, get=only(A_MEMBERS), idor=lambda w: {"slug": w.b.slug}
    ),
    # Only someone with a profile, or a confirmed delegate about to make one, has a "mine".
    "matchmaking:my_profile": Row(
        kwargs=slug_a, get=only({"delegate_a": 200}), idor=lambda w: {"slug": w.b.slug}
    ),
    "matchmaking:profile": Row(
        kwargs=lambda w: {"slug": w.a.slug, "participant_id": w.a.mm_counterpart},
        get=only(A_MEMBERS),
        idor=lambda w: {"slug": w.b.slug, "participant_id": w.b.mm_counterpart},
    ),
    "matchmaking:profile_edit": Row(
        kwargs=lambda w: {"slug": w.a.slug, "participant_id": w.a.mm_delegate},
        get=only({"delegate_a": 200, **A_COORDINATORS}),
        idor=lambda w: {"slug": w.b.slug, "participant_id": w.b.mm_delegate},
    ),
    "matchmaking:counterpart_invite": Row(
        kwargs=lambda w: {"slug": w.a.slug, "participant_id": w.a.mm_counterpart},
        get=POST_ONLY_GET,
        post=only({r: 302 for r in A_COORDINATORS}),
        idor=lambda w: {"slug": w.b.slug, "participant_id": w.b.mm_counterpart},
    ),
    "matchmaking:counterparts": Row(
        kwargs=slug_a, get=only(A_COORDINATORS), idor=lambda w: {"slug": w.b.slug}
    ),
    "matchmaking:counterpart_new": Row(
        kwargs=slug_a, get=only(A_COORDINATORS), idor=lambda w: {"slug": w.b.slug}
    ),
    "matchmaking:counterparts_import": Row(
        kwargs=slug_a, get=only(A_COORDINATORS), idor=lambda w: {"slug": w.b.slug}
    ),
    # The invitation's secret link is the key (GET only here: a POST would claim it).
    "matchmaking:claim": Row(
        kwargs=lambda w: {"slug": w.a.slug, "token": w.a.mm_claim_token},
        get=everyone(),
        personal=True,
    ),
    "matchmaking_backoffice:counterparts": Row(
        get=signed_in(403, coordinator=200, administrator=200)
    ),
}


# -- agenda (matchmaking): agendas, the grid, the day itself ---------------------------------
def _meeting(w):
    return {"slug": w.a.slug, "meeting_id": w.a.meeting}


def _their_meeting(w):
    return {"slug": w.b.slug, "meeting_id": w.b.meeting}


A_COORDINATORS_302 = {role: 302 for role in A_COORDINATORS}

ROWS |= {
    # One's own agenda: a signed-in person without a profile in the delegation is told no.
    "matchmaking:agenda": Row(
        kwargs=slug_a,
        get=only({"delegate_a": 200}, 403),
        idor=lambda w: {"slug": w.b.slug},
        idor_status=403,
    ),
    "matchmaking:agenda_pdf": Row(
        kwargs=slug_a,
        get=only({"delegate_a": 200}, 403),
        idor=lambda w: {"slug": w.b.slug},
        idor_status=403,
    ),
    # The presenter's account interprets on A.
    "matchmaking:interpreting": Row(
        kwargs=slug_a,
        get=only({"presenter": 200}, 403),
        idor=lambda w: {"slug": w.b.slug},
        idor_status=403,
    ),
    # Secret addresses: whoever holds the interpreter's link gets their agenda (never stored).
    "matchmaking:interpreter_agenda": Row(
        kwargs=lambda w: {"slug": w.a.slug, "token": w.a.interpreter_token},
        get=everyone(),
        personal=True,
    ),
    "matchmaking:interpreter_agenda_pdf": Row(
        kwargs=lambda w: {"slug": w.a.slug, "token": w.a.interpreter_token},
        get=everyone(),
        personal=True,
    ),
    "matchmaking:interpreter_calendar": Row(
        kwargs=lambda w: {"slug": w.a.slug, "token": w.a.interpreter_token},
        get=everyone(),
        personal=True,
    ),
    # The same for a participant without an account: the link of the agenda's e-mail.
    "matchmaking:participant_agenda": Row(
        kwargs=lambda w: {"slug": w.a.slug, "token": w.a.mm_agenda_token},
        get=everyone(),
        personal=True,
    ),
    "matchmaking:participant_agenda_pdf": Row(
        kwargs=lambda w: {"slug": w.a.slug, "token": w.a.mm_agenda_token},
        get=everyone(),
        personal=True,
    ),
    "matchmaking:participant_calendar": Row(
        kwargs=lambda w: {"slug": w.a.slug, "token": w.a.mm_agenda_token},
        get=everyone(),
        personal=True,
    ),
    "matchmaking:agenda_link_renew": Row(
        kwargs=lambda w: {"slug": w.a.slug, "participant_id": w.a.mm_counterpart},
        get=POST_ONLY_GET,
        post=only(A_COORDINATORS_302),
        idor=lambda w: {"slug": w.b.slug, "participant_id": w.b.mm_counterpart},
    ),
    # The signed link of the feedback e-mail: the page with the one-click answers.
    "matchmaking:feedback_link": Row(
        kwargs=lambda w: {"slug": w.a.slug, "token": w.a.feedback_token},
        get=everyone(),
        personal=True,
    ),
    "matchmaking:grid": Row(
        kwargs=slug_a, get=only(A_COORDINATORS), idor=lambda w: {"slug": w.b.slug}
    ),
    "matchmaking:outcomes": Row(
        kwargs=slug_a, get=only(A_COORDINATORS), idor=lambda w: {"slug": w.b.slug}
    ),
    "matchmaking:publish": Row(
        kwargs=slug_a,
        get=POST_ONLY_GET,
        post=only(A_COORDINATORS_302),
        idor=lambda w: {"slug": w.b.slug},
        data={"status": "final"},
    ),
    "matchmaking:meeting_move": Row(
        kwargs=_meeting,
        get=POST_ONLY_GET,
        post=only(A_COORDINATORS_302),
        idor=_their_meeting,
        data={"slot": "", "table": ""},
    ),
    "matchmaking:meeting_lock": Row(
        kwargs=_meeting,
        get=POST_ONLY_GET,
        post=only(A_COORDINATORS_302),
        idor=_their_meeting,
        data={"locked": "1"},
    ),
    "matchmaking:meeting_cancel": Row(
        kwargs=_meeting,
        get=POST_ONLY_GET,
        post=only(A_COORDINATORS_302),
        idor=_their_meeting,
        data={"reason": "ill"},
    ),
    "matchmaking:attendance": Row(
        kwargs=_meeting,
        get=POST_ONLY_GET,
        post=only(A_COORDINATORS_302),
        idor=_their_meeting,
        data={"attendance": "held"},
    ),
    # Either side of the meeting, or the coordinators at the desk.
    "matchmaking:check_in": Row(
        kwargs=_meeting,
        get=POST_ONLY_GET,
        post=only({"delegate_a": 302, **A_COORDINATORS_302}),
        idor=_their_meeting,
    ),
    "matchmaking:feedback": Row(
        kwargs=_meeting,
        get=POST_ONLY_GET,
        post=only({"delegate_a": 302}),
        idor=_their_meeting,
        data={"verdict": "no_fit"},
    ),
    "matchmaking:outcome_record": Row(
        kwargs=_meeting,
        get=POST_ONLY_GET,
        post=only(A_COORDINATORS_302),
        idor=_their_meeting,
    ),
}


# -- flow: matchmaking requests and schedule runs ----------------------------------------------
def _mm(name: str, field: str):
    return (
        lambda w: {"slug": w.a.slug, name: getattr(w.a, field)},
        lambda w: {"slug": w.b.slug, name: getattr(w.b, field)},
    )


A_PARTICIPANTS = {"delegate_a": 200, "presenter": 200, **A_COORDINATORS}
_own_target, _their_target = _mm("participant_id", "mm_target")
_own_spare, _their_spare = _mm("participant_id", "mm_spare")
_own_request, _their_request = _mm("request_id", "mm_request")
_own_run, _their_run = _mm("run_id", "mm_run")
ROWS |= {
    # Members of A see their requests page (the presenter has no profile: an empty page).
    "matchmaking:requests": Row(
        kwargs=slug_a, get=only(A_PARTICIPANTS), idor=lambda w: {"slug": w.b.slug}
    ),
    "matchmaking:requests_coordinator": Row(
        kwargs=slug_a, get=only(A_COORDINATORS), idor=lambda w: {"slug": w.b.slug}
    ),
    # The form: the delegate asks as their profile, a coordinator as anyone; the presenter
    # has no profile to ask as. A POST without data shows the form again.
    "matchmaking:request_new": Row(
        kwargs=_own_target,
        get=only({"delegate_a": 200, **A_COORDINATORS}),
        post=only({"delegate_a": 200, **A_COORDINATORS}),
        idor=_their_target,
    ),
    # The asked side (a counterpart without an account here) or a coordinator answers.
    "matchmaking:request_answer": Row(
        kwargs=_own_request,
        get=POST_ONLY_GET,
        post=only({r: 302 for r in A_COORDINATORS}),
        idor=_their_request,
    ),
    "matchmaking:request_withdraw": Row(
        kwargs=_own_request,
        get=POST_ONLY_GET,
        post=only({"delegate_a": 302, **{r: 302 for r in A_COORDINATORS}}),
        idor=_their_request,
    ),
    "matchmaking:schedule": Row(
        kwargs=slug_a,
        get=only(A_COORDINATORS),
        post=only(A_COORDINATORS),  # without a time limit: the form again
        idor=lambda w: {"slug": w.b.slug},
    ),
    "matchmaking:schedule_run": Row(kwargs=_own_run, get=only(A_COORDINATORS), idor=_their_run),
    "matchmaking:participant_withdraw": Row(
        kwargs=_own_spare,
        get=POST_ONLY_GET,
        post=only({r: 302 for r in A_COORDINATORS}),
        idor=_their_spare,
    ),
}

# ------------------------------------------------------------------ backoffice (the office's
# dashboards, working lists, announcements and transfers)
ROWS |= {
    "backoffice:delegations": Row(get=staff_only()),
    "backoffice:dashboard": Row(
        kwargs=slug_a, get=only(A_COORDINATORS), idor=lambda w: {"slug": w.b.slug}
    ),
    "backoffice:registrations": Row(
        kwargs=slug_a, get=only(A_COORDINATORS), idor=lambda w: {"slug": w.b.slug}
    ),
    "backoffice:payments": Row(
        kwargs=slug_a, get=only(A_COORDINATORS), idor=lambda w: {"slug": w.b.slug}
    ),
    "backoffice:bank_rows": Row(
        kwargs=slug_a, get=only(A_COORDINATORS), idor=lambda w: {"slug": w.b.slug}
    ),
    "backoffice:meetings": Row(
        kwargs=slug_a, get=only(A_COORDINATORS), idor=lambda w: {"slug": w.b.slug}
    ),
    "backoffice:announce": Row(
        kwargs=slug_a, get=only(A_COORDINATORS), idor=lambda w: {"slug": w.b.slug}
    ),
    "backoffice:announcements": Row(
        kwargs=slug_a, get=only(A_COORDINATORS), idor=lambda w: {"slug": w.b.slug}
    ),
    "backoffice:announcement": Row(
        kwargs=lambda w: {"slug": w.a.slug, "pk": w.a.announcement},
        get=only(A_COORDINATORS),
        idor=lambda w: {"slug": w.b.slug, "pk": w.b.announcement},
    ),
    "backoffice:messages": Row(get=staff_only()),
    "backoffice:reports": Row(get=staff_only()),
    "backoffice:exchanges": Row(get=staff_only()),
    # Each user's own exports and imports: nothing of anyone else's is listed.
    "backoffice:transfers": Row(get=signed_in()),
    "backoffice:transfer_start": Row(kwargs=lambda w: {"dataset": "exchanges"}, get=staff_only()),
    # A transfer is its starter's alone (A's coordinator here).
    "backoffice:transfer": Row(kwargs=lambda w: {"pk": w.transfer}, get=only({"coordinator": 200})),
    "backoffice:transfer_download": Row(
        kwargs=lambda w: {"pk": w.transfer}, get=only({"coordinator": 200})
    ),
    # The audit log: administrators read it all, a delegation's coordinators their
    # delegations' lines (a filter by B's slug from A's coordinator: 400, test_views_audit).
    "backoffice:audit_log": Row(get=signed_in(403, coordinator=200, administrator=200)),
    # A finished export cannot be confirmed: back to its page with a message.
    "backoffice:transfer_confirm": Row(
        kwargs=lambda w: {"pk": w.transfer},
        get=POST_ONLY_GET,
        post=only({"coordinator": 302}),
    ),
}

# ---------------------------------------------------------------------- the API (/api/v1/)


def api_everyone(status=200):
    return _table(status)


def api_only(status_for: dict[str, object], otherwise=404):
    """Anonymous callers (no token) get 401; token holders ``otherwise`` unless named."""
    return _table(otherwise, anonymous=401, **status_for)


API_POST_ONLY = _table(405)
# A's delegate's registration is confirmed already: deciding it is refused (409) to its
# coordinators; its registrant may not decide (the gate: 403) but may cancel.
API_DECIDE = api_only({"delegate_a": 403, "coordinator": 409, "administrator": 409})
# A POST-only operation's address is a list's too: its GET is the list's (matchmaking).
API_LIST_GET = api_only(A_COORDINATORS)
A_COORDINATORS_201 = {"coordinator": 201, "administrator": 201}
API_PROFILE = {"organisation": {"en": "Access matrix Ltd"}, "languages": ["en"]}
API_SLUG = {"kwargs": slug_a, "idor": lambda w: {"slug": w.b.slug}, "api": True}


def _api_ids(name: str, field: str) -> dict:
    """An API object URL: A's object, and B's for the IDOR cases."""
    return {
        "kwargs": lambda w: {name: getattr(w.a, field)},
        "idor": lambda w: {name: getattr(w.b, field)},
        "api": True,
    }


ROWS |= {
    "api:api-root": Row(get=api_everyone(404), api=True),
    "api:openapi-json": Row(get=api_everyone(), api=True),
    "api:openapi-view": Row(get=api_everyone(), api=True),
    "api:relationship_list": Row(get=api_everyone(), api=True),
    "api:relationship_detail": Row(
        kwargs=lambda w: {"slug": w.relationship}, get=api_everyone(), api=True
    ),
    "api:city_list": Row(get=api_everyone(), api=True),
    "api:city_detail": Row(kwargs=lambda w: {"slug": w.city}, get=api_everyone(), api=True),
    "api:exchange_list": Row(get=api_everyone(), api=True),
    "api:exchange_detail": Row(kwargs=lambda w: {"key": w.exchange}, get=api_everyone(), api=True),
    "api:person_list": Row(get=api_everyone(), api=True),
    "api:person_detail": Row(kwargs=lambda w: {"slug": w.person}, get=api_everyone(), api=True),
    "api:organisation_list": Row(get=api_everyone(), api=True),
    "api:organisation_detail": Row(
        kwargs=lambda w: {"slug": w.organisation}, get=api_everyone(), api=True
    ),
    "api:delegation_list": Row(get=api_everyone(), api=True),
    "api:delegation_detail": Row(kwargs=slug_a, get=api_everyone(), api=True),
    "api:session_list": Row(get=api_everyone(), api=True),
    "api:session_detail": Row(
        kwargs=lambda w: {"session_id": w.a.public_session}, get=api_everyone(), api=True
    ),
    # A members-only session is not public, whoever asks (the API shows public sessions).
    "api:registration_list": Row(
        kwargs=slug_a,
        get=api_only(A_COORDINATORS),
        idor=lambda w: {"slug": w.b.slug},
        api=True,
    ),
    "api:registration_detail": Row(
        kwargs=lambda w: {"registration_id": w.a.registration},
        get=api_only({"delegate_a": 200, **A_COORDINATORS}),
        idor=lambda w: {"registration_id": w.b.registration},
        api=True,
    ),
    "api:registration_approve": Row(
        kwargs=lambda w: {"registration_id": w.a.registration},
        get=API_POST_ONLY,
        post=API_DECIDE,
        idor=lambda w: {"registration_id": w.b.registration},
        api=True,
    ),
    "api:registration_refuse": Row(
        kwargs=lambda w: {"registration_id": w.a.registration},
        get=API_POST_ONLY,
        post=API_DECIDE,
        idor=lambda w: {"registration_id": w.b.registration},
        api=True,
    ),
    "api:registration_cancel": Row(
        kwargs=lambda w: {"registration_id": w.a.registration},
        get=API_POST_ONLY,
        post=api_only({"delegate_a": 200, **A_COORDINATORS}),
        idor=lambda w: {"registration_id": w.b.registration},
        api=True,
    ),
    "api:payment_list": Row(
        kwargs=slug_a,
        get=api_only(A_COORDINATORS),
        idor=lambda w: {"slug": w.b.slug},
        api=True,
    ),
    "api:payment_detail": Row(
        kwargs=lambda w: {"payment_id": w.a.payment},
        get=api_only({"delegate_a": 200, **A_COORDINATORS}),
        idor=lambda w: {"payment_id": w.b.payment},
        api=True,
    ),
    # Recording is a coordinator's (the registrant may see the account: 403 from the gate).
    "api:payment_record": Row(
        kwargs=lambda w: {"registration_id": w.a.registration},
        get=API_POST_ONLY,
        post=api_only({"delegate_a": 403, "coordinator": 201, "administrator": 201}),
        idor=lambda w: {"registration_id": w.b.registration},
        data={"amount": "10.00", "currency": "USD"},
        api=True,
    ),
    # Matchmaking (api/routers/matchmaking.py), as its coordinators' pages: a profile is
    # its own participant's and the coordinators' (the profile form), requests and
    # meetings the coordinators' (the requests page, the grid).
    "api:participant_list": Row(**API_SLUG, get=api_only(A_COORDINATORS)),
    "api:participant_create": Row(
        **API_SLUG,
        get=API_LIST_GET,
        post=api_only(A_COORDINATORS_201),
        data=API_PROFILE,
    ),
    "api:participant_detail": Row(
        **_api_ids("participant_id", "mm_delegate"),
        get=api_only({"delegate_a": 200, **A_COORDINATORS}),
    ),
    "api:participant_update": Row(
        **_api_ids("participant_id", "mm_delegate"),
        get=api_only({"delegate_a": 200, **A_COORDINATORS}),  # the same address's GET
        put=api_only({"delegate_a": 200, **A_COORDINATORS}),
        data=API_PROFILE,
    ),
    # The delegate may see their profile but not cancel it (the gate: 403).
    "api:participant_withdraw": Row(
        **_api_ids("participant_id", "mm_delegate"),
        get=API_POST_ONLY,
        post=api_only({"delegate_a": 403, **A_COORDINATORS}),
    ),
    "api:meeting_request_list": Row(**API_SLUG, get=api_only(A_COORDINATORS)),
    # Asking for participants no delegation has: the gate passes, then the body is 422.
    "api:meeting_request_create": Row(
        **API_SLUG,
        get=API_LIST_GET,
        post=api_only({"coordinator": 422, "administrator": 422}),
        data={"requester": 2**62, "target": 2**62 + 1, "priority": "would"},
    ),
    **{
        f"api:meeting_request_{verb}": Row(
            **_api_ids("request_id", "mm_request"),
            get=API_POST_ONLY,
            post=api_only(A_COORDINATORS),
        )
        for verb in ("accept", "decline", "withdraw")
    },
    "api:meeting_request_detail": Row(
        **_api_ids("request_id", "mm_request"),
        get=api_only(A_COORDINATORS),
    ),
    "api:meeting_list": Row(**API_SLUG, get=api_only(A_COORDINATORS)),
    "api:meeting_detail": Row(
        **_api_ids("meeting_id", "meeting"),
        get=api_only(A_COORDINATORS),
    ),
    **{
        f"api:meeting_{verb}": Row(
            **_api_ids("meeting_id", "meeting"),
            get=API_POST_ONLY,
            post=api_only(A_COORDINATORS),
            data={"attendance": "held"} if verb == "attendance" else None,
        )
        for verb in ("lock", "unlock", "cancel", "check_in", "attendance")
    },
    # The account page where staff and delegation coordinators make their API tokens.
    "api_tokens:list": Row(
        get=signed_in(403, **dict.fromkeys(STAFF, 200)),
    ),
    "api_tokens:revoke": Row(
        kwargs=lambda w: {"token_id": w.api_token},
        get=POST_ONLY_GET,
        post=only({"coordinator": 302, "administrator": 302}),
    ),
}


def _page_rows() -> dict[str, Row]:
    from twinning.pages.models import Page

    return {f"pages:{kind}": Row(get=everyone()) for kind in Page.Kind.values}


ROWS |= _page_rows()


def _walk(patterns, namespace: str = ""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            # An unnamed pattern still needs a row: it is listed by its route.
            yield namespace + (entry.name or f"<unnamed {entry.pattern}>")


def discovered() -> set[str]:
    names = set(_walk(get_resolver().url_patterns))
    return {
        name
        for name in names
        if name == "admin:index" or name.split(":")[0] not in EXCLUDED_NAMESPACES
    }


def test_every_url_pattern_has_a_row():
    assert admin.site.urls  # the admin is mounted, so its exclusion is a real one
    assert set(ROWS) == discovered()


CASES = [
    pytest.param(name, method, role, id=f"{name}-{method}-{role}")
    for name, row in ROWS.items()
    for method in row.methods
    for role in ROLES
]
VARIANTS = ("own slug", "their slug")
IDOR_CASES = [
    pytest.param(name, role, variant, id=f"{name}-{role}-{variant}")
    for name, row in ROWS.items()
    if row.idor is not None
    for role in ("delegate_a", "coordinator")
    # Only the slug names another delegation's things (a file format is no id).
    for variant in (
        ("their slug",)
        if row.idor(World()).keys() <= {"slug", "kind"} or "slug" not in row.idor(World())
        else VARIANTS
    )
]


@pytest.fixture(scope="module")
def _world_once(django_db_setup, django_db_blocker):
    """The world is built once for the module's cases; each case rolls back to it."""
    with django_db_blocker.unblock(), transaction.atomic():
        world = access_world.build()
        yield world
        transaction.set_rollback(True)


@pytest.fixture
def world(_world_once, db) -> World:
    return _world_once


def _as(client, world: World, role: str, *, api: bool = False):
    if role == "anonymous":
        return client
    if api:
        from tests.api.factories import bearer, token_for

        client.defaults.update(bearer(token_for(User.objects.get(pk=world.users[role]))))
        return client
    user = User.objects.get(pk=world.users[role])
    if user.requires_two_factor:
        verified_login(client, user)  # staff have passed their TOTP check
    else:
        client.force_login(user)
    return client


def _url(name: str, kwargs: dict) -> str:
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


def _outcome(response):
    if response.status_code == 302 and response["Location"].startswith(LOGIN_PATHS):
        return LOGIN
    return response.status_code


def _send(client, method: str, url: str, row: Row):
    if method in ("POST", "PUT") and row.api:
        response = client.generic(
            method, url, json.dumps(row.data or {}), content_type="application/json"
        )
    else:
        response = client.post(url, row.data or {}) if method == "POST" else client.get(url)
    if response.streaming:
        # Read to the end: the test client then finishes the request without closing the
        # database connection (response.close() would close it, and with it the world's
        # transaction on PostgreSQL).
        b"".join(response.streaming_content)
    return response


@pytest.mark.parametrize(("name", "method", "role"), CASES)
def test_access(client, world, name, method, role):
    row = ROWS[name]
    expected = row.tables[method][role]

    response = _send(
        _as(client, world, role, api=row.api), method, _url(name, row.kwargs(world)), row
    )

    assert _outcome(response) == expected
    if response.status_code == 200 and (role != "anonymous" or row.personal):
        # A page answered to a signed-in user is theirs alone: no browser or proxy keeps it.
        assert response["Cache-Control"] == NO_STORE


@pytest.mark.parametrize(("name", "role", "variant"), IDOR_CASES)
def test_the_ids_of_another_delegation_give_nothing(client, world, name, role, variant):
    row = ROWS[name]
    kwargs = row.idor(world)
    if variant == "own slug":
        kwargs["slug"] = world.a.slug
    expected = row.idor_status
    method = next(m for m in ("POST", "PUT", "GET") if row.tables[m] is not None)

    response = _send(_as(client, world, role, api=row.api), method, _url(name, kwargs), row)

    assert _outcome(response) == expected
