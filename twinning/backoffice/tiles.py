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


def register_all() -> None:
    backoffice.register_tile(
        backoffice.Tile(
            key="backoffice.seats",
            title=_("Seats"),
            permission="backoffice.view_dashboard",
            figures=seat_figures,
            url_name="backoffice:registrations",
            order=10,
        )
    )
    backoffice.register_tile(
        backoffice.Tile(
            key="backoffice.money",
            title=_("Money"),
            permission="backoffice.view_dashboard",
            figures=money_figures,
            url_name="backoffice:payments",
            order=20,
        )
    )
    backoffice.register_tile(
        backoffice.Tile(
            key="backoffice.visas",
            title=_("Visa letters"),
            permission="visas.manage_visas",
            figures=visa_figures,
            url_name="visas:coordinator",
            order=30,
        )
    )
    backoffice.register_tile(
        backoffice.Tile(
            key="backoffice.office",
            title=_("Messages and reports"),
            permission="backoffice.view_dashboard",
            figures=office_figures,
            order=40,
        )
    )
    for entry in _hub_entries():
        backoffice.register(entry)


def _hub_entries() -> list[backoffice.Entry]:
    return [
        backoffice.Entry(
            key="backoffice.dashboards",
            label=_("Delegation dashboards, lists and announcements"),
            url_name="backoffice:delegations",
            permission="backoffice.access",
            order=1,
        ),
        backoffice.Entry(
            key="backoffice.messages",
            label=_("Messages (working list)"),
            url_name="backoffice:messages",
            permission="participation.handle_messages",
            order=11,
        ),
        backoffice.Entry(
            key="backoffice.reports",
            label=_("Reports (working list)"),
            url_name="backoffice:reports",
            permission="participation.view_reports",
            order=21,
        ),
        backoffice.Entry(
            key="backoffice.exchanges",
            label=_("Exchange records (working list)"),
            url_name="backoffice:exchanges",
            permission="exchanges.import_exchanges",
            order=12,
        ),
        backoffice.Entry(
            key="backoffice.transfers",
            label=_("Exports and imports"),
            url_name="backoffice:transfers",
            permission="backoffice.access",
            order=13,
        ),
    ]
