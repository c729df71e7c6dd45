"""The address a request comes from, the same for rate limits and login throttling.

Behind ``TRUSTED_PROXY_COUNT`` proxies, each appends the address it saw to
``X-Forwarded-For``, so the client is the N-th entry from the right: everything to its
left was sent by the client and can be forged. Anything unexpected falls back to
``REMOTE_ADDR`` (the nearest proxy) rather than failing the request.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest

# A syntactically valid stand-in when even REMOTE_ADDR is unusable (a Unix socket):
# such requests share one bucket instead of raising a 500.
# (A rate-limit bucket name, never an address anything is bound to.)
UNKNOWN = "0.0.0.0"  # nosec B104
IPV6_PREFIX = 64


def _parse(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        address = ipaddress.ip_address(value.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def client_ip(request: HttpRequest) -> str:
    """The client's address: from the trusted proxies' header, else ``REMOTE_ADDR``."""
    trusted = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if trusted > 0:
        entries = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if len(entries) >= trusted:
            address = _parse(entries[-trusted])
            if address is not None:
                return str(address)
    address = _parse(request.META.get("REMOTE_ADDR") or "")
    return str(address) if address is not None else UNKNOWN


def client_ip_key(group: str, request: HttpRequest) -> str:
    """django-ratelimit key: the client address, IPv6 grouped by its /64 network.

    One IPv6 subscriber usually holds a whole /64, so per-address limits would not hold.
    """
    address = ipaddress.ip_address(client_ip(request))
    if isinstance(address, ipaddress.IPv6Address):
        return str(ipaddress.ip_network(f"{address}/{IPV6_PREFIX}", strict=False))
    return str(address)
