"""Caching of public pages and results, made exact by content versions.

A page is cached under a key that includes a *version* of the content it shows; every
write to that content sets a new version, so a hidden or changed record can never be
served from the cache. Versions live in the shared cache (Redis in production): with
several processes and a per-process cache the versions would diverge, so caching is on
only where the cache is shared (REDIS_URL) or there is one process (DEBUG), unless
TWINNING_PUBLIC_CACHE says otherwise.
"""

import hashlib
import uuid
from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

VERSION_TIMEOUT = None  # versions never expire; pages and results do
PAGE_TIMEOUT = 600


def version(name: str) -> str:
    key = f"version:{name}"
    value = cache.get(key)
    if value is None:
        value = uuid.uuid4().hex
        if not cache.add(key, value, VERSION_TIMEOUT):
            value = cache.get(key) or value
    return value


def bump(name: str) -> None:
    """The content ``name`` changed: nothing cached for the old version is used again."""
    cache.set(f"version:{name}", uuid.uuid4().hex, VERSION_TIMEOUT)


# What every page shows besides its content (the cookie banner in the layout): apps add a
# function of the request here, so a view need not import the app that draws that part.
_page_variants: list[Callable[[HttpRequest], str]] = []


def vary_every_page_on(variant: Callable[[HttpRequest], str]) -> None:
    if variant not in _page_variants:
        _page_variants.append(variant)


def enabled() -> bool:
    return settings.TWINNING_PUBLIC_CACHE


def _cacheable(request: HttpRequest) -> bool:
    # Only what every anonymous visitor sees alike: no account, no flash message.
    return (
        enabled()
        and request.method == "GET"
        and not request.user.is_authenticated
        and "messages" not in request.COOKIES
    )


def _page_address(request: HttpRequest) -> str:
    # The path and the sorted query, nothing from the headers: pages build their absolute
    # links from TWINNING_BASE_URL, so what a client puts in Host never reaches a cache entry.
    return request.path + "?" + urlencode(sorted(request.GET.lists()), doseq=True)


def cache_public_page(*versions: str, vary_on: Callable[[HttpRequest], str] = lambda r: ""):
    """Serve a view's response from the cache to anonymous visitors.

    ``vary_on`` adds what else this page depends on; what every page depends on (the consent
    banner) is added by ``vary_every_page_on``.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs):
            if not _cacheable(request):
                return view(request, *args, **kwargs)
            parts = [get_language(), _page_address(request), vary_on(request)]
            parts += [variant(request) for variant in _page_variants]
            parts += [version(name) for name in versions]
            key = "page:" + hashlib.sha256("|".join(parts).encode()).hexdigest()
            cached = cache.get(key)
            if cached is not None:
                content, content_type = cached
                return HttpResponse(content, content_type=content_type)
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.cookies and not response.streaming:
                cache.set(key, (response.content, response["Content-Type"]), PAGE_TIMEOUT)
            return response

        return wrapper

    return decorator
