"""The back office's home page is a registry: each app adds its queues and tools.

`core` imports no app, so it cannot know what waits for staff. Each app registers its
entries in its ``AppConfig.ready()``; the portal's hub shows the entries whose permission
the user has (``may(user, entry.permission)``). An entry with a ``count`` is a queue
("Reports to triage: 3"), one without is a tool ("Import and export exchange records").
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class Entry:
    key: str  # unique: registering the same key again replaces the entry
    label: str | Promise
    url_name: str
    permission: str
    count: Callable[[], int] | None = None
    query: str = ""  # appended to the URL, e.g. "status=new"
    order: int = 100

    @property
    def is_queue(self) -> bool:
        return self.count is not None

    def url(self) -> str:
        url = reverse(self.url_name)
        return f"{url}?{self.query}" if self.query else url


_entries: dict[str, Entry] = {}


def register(entry: Entry) -> None:
    _entries[entry.key] = entry


def unregister(key: str) -> None:
    _entries.pop(key, None)


def entries() -> list[Entry]:
    return sorted(_entries.values(), key=lambda e: (e.order, e.key))
