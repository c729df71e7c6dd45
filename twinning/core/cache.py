"""Redis caches that outlive Redis going away, one behaviour per use.

Django's RedisCache raises on every connection error, so a stopped Redis would turn every
page into a 500. The settings use two aliases over the same Redis instead:

- ``default`` (:class:`DegradingRedisCache`) holds pages, search results and content
  versions: while Redis is away a read misses and a write is dropped, so pages are rendered
  afresh, slower but right. A dropped write may have been a version bump (a record hidden
  meanwhile), so the first process to reach Redis again empties the cache before using it.
- ``limits`` (:class:`FailClosedRedisCache`) holds rate limits and sign-in throttling:
  without the counts nothing may pass, so every call raises :class:`CacheUnavailable`,
  which the error handler answers with the 503 page (``twinning.core.errors``): a form is
  refused, never accepted unlimited. (It is a ``ValueError`` too: should django-ratelimit
  ever catch it, it treats the counter as failed and limits the request.)

After a failure a process leaves that Redis alone for ``RETRY_SECONDS`` (an OPTIONS entry),
so an unreachable Redis costs one connection timeout per process and period, not one per
cache call.
"""

import logging
import time
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
DEFAULT_RETRY_SECONDS = 5.0

# Per process and Redis address: until when Redis is left alone, and whether writes were
# lost while it was away. Module-level so every thread's cache instance shares it.
_down_until: dict[str, float] = {}
_writes_lost: dict[str, bool] = {}


class CacheUnavailable(ValueError):
    """The cache that holds limits cannot be reached: refuse rather than let through."""


def reset_state() -> None:
    """Forget every remembered outage (tests)."""
    _down_until.clear()
    _writes_lost.clear()


class _GuardedRedisCache(RedisCache):
    def __init__(self, server, params):
        params = dict(params)
        options = dict(params.get("OPTIONS") or {})
        self.retry_seconds = float(options.pop("RETRY_SECONDS", DEFAULT_RETRY_SECONDS))
        params["OPTIONS"] = options
        super().__init__(server, params)
        self._where = str(server)

    def _down(self) -> bool:
        return time.monotonic() < _down_until.get(self._where, 0.0)

    def _failed(self, error: Exception, *, write: bool) -> None:
        if self._where not in _down_until or not self._down():
            logger.warning("Redis cache %s unreachable: %s", self._where, error)
        _down_until[self._where] = time.monotonic() + self.retry_seconds
        if write:
            _writes_lost[self._where] = True

    def _guard(self, call: Callable[[], Any], *, write: bool, fallback: Callable[[], Any]):
        if self._down():
            if write:
                _writes_lost[self._where] = True
            return fallback()
        try:
            if _writes_lost.get(self._where):
                # Some version bumps may be missing: nothing cached before is trusted.
                super().clear()
                _writes_lost.pop(self._where, None)
                logger.warning("Redis cache %s back: emptied (writes were lost)", self._where)
            return call()
        except UNREACHABLE as error:
            self._failed(error, write=write)
            return fallback()

    def _fallback(self, name: str, miss, *args, **kwargs):
        raise NotImplementedError


def _wrap(name: str, *, write: bool, miss: Callable[..., Any]):
    base = getattr(RedisCache, name)

    def method(self, *args, **kwargs):
        return self._guard(
            lambda: base(self, *args, **kwargs),
            write=write,
            fallback=lambda: self._fallback(name, miss, *args, **kwargs),
        )

    method.__name__ = name
    method.__doc__ = base.__doc__
    return method


def _default_arg(*args, **kwargs):
    # get(key, default=None): the caller's default stands for a miss.
    if len(args) > 1:
        return args[1]
    return kwargs.get("default")


_CALLS = {
    # name: (writes?, what a miss returns in the degrading cache)
    "add": (True, lambda *a, **k: False),
    "get": (False, _default_arg),
    "set": (True, lambda *a, **k: None),
    "touch": (True, lambda *a, **k: False),
    "delete": (True, lambda *a, **k: False),
    "get_many": (False, lambda *a, **k: {}),
    "has_key": (False, lambda *a, **k: False),
    "incr": (True, None),
    "set_many": (True, lambda data, *a, **k: list(data)),
    "delete_many": (True, lambda *a, **k: None),
    "clear": (True, lambda *a, **k: False),
}


class DegradingRedisCache(_GuardedRedisCache):
    """Reads miss and writes are dropped while Redis is away (pages, results, versions)."""

    def _fallback(self, name, miss, *args, **kwargs):
        if miss is None:  # incr: there is no counter to add to
            raise ValueError("cache unavailable")
        return miss(*args, **kwargs)


class FailClosedRedisCache(_GuardedRedisCache):
    """Nothing passes while Redis is away (rate limits, sign-in throttling)."""

    def _fallback(self, name, miss, *args, **kwargs):
        raise CacheUnavailable(f"cache {self._where} unavailable")


for _name, (_write, _miss) in _CALLS.items():
    _method = _wrap(_name, write=_write, miss=_miss)
    setattr(DegradingRedisCache, _name, _method)
    setattr(FailClosedRedisCache, _name, _method)
del _name, _write, _miss, _method
