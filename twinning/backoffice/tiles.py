"""The back office's own dashboard tiles (core/backoffice.py); other apps add theirs.

matchmaking registers its tiles (meeting requests, schedule quality as value ÷ bound,
no-shows) the same way in its own ``ready()``; the dashboard needs no change for them.
"""

from django.utils.translation import gettext_lazy as _

from twinning.backoffice import selectors
from twinning.core import backoffice
from twinning.core.templatetags.twinning import money_display


def _share(part: int | float, whole: int | float) -> float:
    return min(part / whole, 1.0) if whole else 0.0


def seat_figures(delegation) -> list[backoffice.Figure]:
    seats = selectors.seats(delegation)
    whole = max(seats.capacity, seats.confirmed + seats.held, 1)
    return [
        backoffice.Figure(_("Confirmed"), seats.confirmed, _share(seats.confirmed, whole)),
        backoffice.Figure(_("Held"), seats.held, _share(seats.held, whole)),
        backoffice.Figure(_("Free"), seats.free, _share(seats.free, whole)),
        backoffice.Figure(_("Waiting"), seats.waiting, _share(seats.waiting, whole)),
    ]


def money_figures(delegation) -> list[backoffice.Figure]:
    figures = []
    for line in selectors.money(delegation):
        whole = line.received.amount + line.due.amount
        figures += [
            backoffice.Figure(
                _("Received (%(currency)s)") % {"currency": line.currency},
                money_display(line.received),
                _share(line.received.amount, whole),
            ),
            backoffice.Figure(
                _("Due (%(currency)s)") % {"currency": line.currency},
                money_display(line.due),
                _share(line.due.amount, whole),
            ),
        ]
    return figures


def visa_figures(delegation) -> list[backoffice.Figure]:
    return [backoffice.Figure(_("Letters to issue"), selectors.visa_letters_pending(delegation))]


def office_figures(delegation) -> list[backoffice.Figure]:
    return [
        backoffice.Figure(_("New messages"), selectors.messages_new()),
        backoffice.Figure(_("Open reports"), selectors.reports_open()),
    ]


# (key, title, permission, figures, url name, order): the dashboard's tiles.
TILES = (
    (
        "seats",
        _("Seats"),
        "backoffice.view_dashboard",
        seat_figures,
        "backoffice:registrations",
        10,
    ),
    ("money", _("Money"), "backoffice.view_dashboard", money_figures, "backoffice:payments", 20),
    ("visas", _("Visa letters"), "visas.manage_visas", visa_figures, "visas:coordinator", 30),
    ("office", _("Messages and reports"), "backoffice.view_dashboard", office_figures, "", 40),
)
# (key, label, url name, permission, order): the back-office hub's entries.
HUB_ENTRIES = (
    (
        "dashboards",
        _("Delegation dashboards, lists and announcements"),
        "backoffice:delegations",
        "backoffice.access",
        1,
    ),
    (
        "messages",
        _("Messages (working list)"),
        "backoffice:messages",
        "participation.handle_messages",
        11,
    ),
    (
        "reports",
        _("Reports (working list)"),
        "backoffice:reports",
        "participation.view_reports",
        21,
    ),
    (
        "exchanges",
        _("Exchange records (working list)"),
        "backoffice:exchanges",
        "exchanges.import_exchanges",
        12,
    ),
    ("transfers", _("Exports and imports"), "backoffice:transfers", "backoffice.access", 13),
)


def register_all() -> None:
    for key, title, permission, figures, url_name, order in TILES:
        backoffice.register_tile(
            backoffice.Tile(
                key=f"backoffice.{key}",
                title=title,
                permission=permission,
                figures=figures,
                url_name=url_name,
                order=order,
            )
        )
    for key, label, url_name, permission, order in HUB_ENTRIES:
        backoffice.register(
            backoffice.Entry(
                key=f"backoffice.{key}",
                label=label,
                url_name=url_name,
                permission=permission,
                order=order,
            )
        )
