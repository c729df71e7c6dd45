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


# --- Dashboard tiles ---------------------------------------------------------------------
#
# The back office's dashboard of a delegation is a second registry: each app that knows a
# figure about a delegation (seats, money, visa letters; meeting requests, schedule
# quality and no-shows from matchmaking) registers a tile in its ``ready()``. The
# dashboard shows the tiles whose permission the user has on the delegation, in order.


@dataclass(frozen=True)
class Figure:
    """One number of a tile: its label, its value as shown, and an optional share (0–1)."""

    label: str | Promise
    value: str | int
    share: float | None = None  # drawn as a bar when given


@dataclass(frozen=True)
class Tile:
    key: str  # unique: registering the same key again replaces the tile
    title: str | Promise
    permission: str  # asked with the delegation: may(user, permission, delegation)
    figures: Callable[[object], list[Figure]]  # the delegation → its figures (bounded queries)
    url_name: str = ""  # a page with the details, reversed with the delegation's slug
    order: int = 100


_tiles: dict[str, Tile] = {}


def register_tile(tile: Tile) -> None:
    _tiles[tile.key] = tile


def unregister_tile(key: str) -> None:
    _tiles.pop(key, None)


def tiles() -> list[Tile]:
    return sorted(_tiles.values(), key=lambda t: (t.order, t.key))
