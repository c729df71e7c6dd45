"""Places in a page that apps higher up fill in (a registry, so no app imports upwards).

The delegation page has a "delegation_summary" slot that the registrations app fills
with seats, price and the Register button; the delegations app knows nothing of it.
A renderer takes the request and the page's object and returns HTML (or "").
"""

from collections import defaultdict
from collections.abc import Callable

from django.http import HttpRequest
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

Renderer = Callable[[HttpRequest, object], str]
_renderers: dict[str, list[Renderer]] = defaultdict(list)


def register(slot: str, renderer: Renderer) -> None:
    if renderer not in _renderers[slot]:
        _renderers[slot].append(renderer)


def render(slot: str, request: HttpRequest, obj: object) -> SafeString:
    parts = [renderer(request, obj) for renderer in _renderers[slot]]
    return format_html_join("", "{}", ((part,) for part in parts if part))
