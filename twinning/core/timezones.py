"""Time zones as readers know them: a short list of current zones, named in their language.

Raw tz ids ("America/Los_Angeles") and the ~600 entries of the tz database, retired aliases
included (Africa/Asmera), are for machines. Readers choose from a curated list of canonical
zones grouped by region, labelled with CLDR's names through Babel ("Pacific Time (Los
Angeles)", "北美太平洋时间（洛杉矶）"); any zone the tz database knows still validates, so
a value stored before the list existed keeps working.
"""

import datetime
import zoneinfo
from functools import cache

from babel import Locale
from babel.core import get_global
from babel.dates import get_timezone_location, get_timezone_name
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Canonical ids only (no backward-compatible links), one per populated region a visitor
# of a sister-city site is likely to be in.
ZONE_GROUPS: list[tuple[str, tuple[str, ...]]] = [
    (
        gettext_lazy("Asia"),
        (
            "Asia/Shanghai",
            "Asia/Hong_Kong",
            "Asia/Taipei",
            "Asia/Tokyo",
            "Asia/Seoul",
            "Asia/Singapore",
            "Asia/Bangkok",
            "Asia/Jakarta",
            "Asia/Manila",
            "Asia/Kolkata",
            "Asia/Dubai",
            "Asia/Karachi",
            "Asia/Dhaka",
            "Asia/Tashkent",
        ),
    ),
    (
        gettext_lazy("Americas"),
        (
            "America/Los_Angeles",
            "America/Vancouver",
            "America/Anchorage",
            "America/Denver",
            "America/Phoenix",
            "America/Chicago",
            "America/Mexico_City",
            "America/New_York",
            "America/Toronto",
            "America/Bogota",
            "America/Lima",
            "America/Santiago",
            "America/Sao_Paulo",
            "Pacific/Honolulu",
        ),
    ),
    (
        gettext_lazy("Europe"),
        (
            "Europe/London",
            "Europe/Lisbon",
            "Europe/Paris",
            "Europe/Berlin",
            "Europe/Madrid",
            "Europe/Rome",
            "Europe/Warsaw",
            "Europe/Athens",
            "Europe/Istanbul",
            "Europe/Moscow",
        ),
    ),
    (
        gettext_lazy("Africa"),
        ("Africa/Cairo", "Africa/Lagos", "Africa/Nairobi", "Africa/Johannesburg"),
    ),
    (
        gettext_lazy("Oceania"),
        ("Australia/Perth", "Australia/Sydney", "Australia/Brisbane", "Pacific/Auckland"),
    ),
    (gettext_lazy("Other"), ("UTC",)),
]
CURATED = frozenset(zone for _group, zones in ZONE_GROUPS for zone in zones)


@cache
def _known() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones() - {"localtime", "Factory"})


def is_known(value: str) -> bool:
    return value in _known()


def validate_time_zone(value: str) -> None:
    if not is_known(value):
        raise ValidationError(
            gettext_lazy("“%(value)s” is not a known time zone."), params={"value": value}
        )


def _locale() -> Locale:
    return Locale.parse(translation.to_locale(translation.get_language() or "en"))


@cache
def _cldr_ids() -> dict[str, str]:
    # CLDR names some zones by their older ids (Asia/Calcutta for Asia/Kolkata); Babel finds
    # their names only under those.
    return {iana: cldr for cldr, iana in get_global("zone_aliases").items()}


def _cldr_zone(zone: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(_cldr_ids().get(zone, zone))


def zone_label(zone: str) -> str:
    """A zone as a reader names it: its generic name and its city, in their language."""
    if zone == "UTC":
        return _("Coordinated Universal Time (UTC)")
    locale = _locale()
    tz = _cldr_zone(zone)
    name = get_timezone_name(tz, locale=locale)
    city = get_timezone_location(tz, locale=locale, return_city=True)
    untranslated = city == zone.rsplit("/", 1)[-1].replace("_", " ")
    # Babel falls back to the id's last part where CLDR lacks the city in this language.
    if city in name or (untranslated and locale.language != "en"):
        return name
    return _("%(zone)s (%(city)s)") % {"zone": name, "city": city}


def zone_name_at(moment: datetime.datetime) -> str:
    """The name of the zone of an aware datetime at that moment ("China Standard Time").

    CLDR has no specific name for some zones in some languages (Babel then answers
    "GMT+05:30"); the zone's location name ("India Time") reads better there.
    """
    key = str(moment.tzinfo)
    if key == "UTC":
        return _("Coordinated Universal Time (UTC)")
    locale = _locale()
    moment = moment.astimezone(_cldr_zone(key))
    name = get_timezone_name(moment, locale=locale)
    if name.startswith("GMT"):
        return get_timezone_location(moment.tzinfo, locale=locale)
    return name


def grouped_choices(current: str = "") -> list[tuple[str, list[tuple[str, str]]]]:
    """The curated zones for a <select>, grouped by region, labelled the reader's way.

    ``current`` (a valid zone stored earlier, outside the list) joins the last group so a
    form never silently changes it.
    """
    groups = [(str(group), list(zones)) for group, zones in ZONE_GROUPS]
    if current and current not in CURATED and is_known(current):
        groups[-1][1].append(current)
    return [
        (group, sorted(((z, zone_label(z)) for z in zones), key=lambda choice: choice[1]))
        for group, zones in groups
    ]


# The reader's zone when no profile says it: set by a small script from the browser's own
# zone ("auto:" + id, for this browser session), or by the reader in the picker.
COOKIE_NAME = "twinning_tz"
AUTO_PREFIX = "auto:"


def zone_from_request(request) -> tuple[str, str]:
    """The reader's zone and where it comes from: "profile", "chosen", "browser" or ""."""
    user = getattr(request, "user", None)
    profile_zone = getattr(user, "time_zone", "") if user and user.is_authenticated else ""
    if profile_zone and is_known(profile_zone):
        return profile_zone, "profile"
    value = request.COOKIES.get(COOKIE_NAME, "")
    source = "chosen"
    if value.startswith(AUTO_PREFIX):
        value, source = value.removeprefix(AUTO_PREFIX), "browser"
    if value and is_known(value):
        return value, source
    return "", ""
