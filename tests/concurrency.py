"""Running calls at the same moment, each in its own thread and database connection."""

import threading
from collections.abc import Callable, Iterable
from typing import Any

from django.db import close_old_connections, connection


def at_once(call: Callable[[Any], str], items: Iterable[Any], *, timeout: float = 60) -> list[str]:
    """Call ``call(item)`` for every item in its own thread, all released together.

    Returns each call's outcome: what ``call`` returned, or ``"error: …"`` for an exception
    (the tests assert on the outcomes, so no exception is lost in a thread).
    """
    items = list(items)
    start = threading.Barrier(len(items))
    outcomes = [""] * len(items)

    def run(index: int, item: Any) -> None:
        start.wait()
        try:
            outcomes[index] = call(item)
        except Exception as error:
            outcomes[index] = f"error: {error!r}"
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(items)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return outcomes
