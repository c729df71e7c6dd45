"""Counting a page's database queries, so that tests can show a page stays flat as data grows.

The cache is emptied before each measurement: both counts are of the page as rendered, never
one of them as served from the public cache.
"""

from collections.abc import Callable

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url: str, *, status: int = 200) -> int:
    """How many queries one GET of ``url`` runs; the response must have ``status``."""
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return len(captured)


def assert_flat_queries(client, url: str, grow: Callable[[], object], *, status: int = 200) -> int:
    """``url`` runs as many queries after ``grow()`` adds data as before; that count."""
    few = count_queries(client, url, status=status)
    grow()
    many = count_queries(client, url, status=status)
    assert many == few, f"{url}: {few} queries before, {many} after the data grew"
    return few
