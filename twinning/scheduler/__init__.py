"""The one-on-one meeting scheduler: plain Python, no Django (see docs/architecture.md).

parse(doc) -> Instance; solve(instance, time_limit=…) -> Schedule; Schedule.to_json().
"""

from .schedule import Schedule
from .solver import solve
from .spec import InputError, Instance, parse

__all__ = ["InputError", "Instance", "Schedule", "parse", "solve"]
