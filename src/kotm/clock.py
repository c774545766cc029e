"""module for kotm's one clock: every time kotm stores (created, changed, the history's times) is read from here.

Tests and the README's examples fix it in one way, ``with clock.fixed(source): …`` or ``clock.set(source)``, where
``source`` is any callable returning an aware ``datetime``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def _system() -> datetime:
    return datetime.now(UTC)


_source: Callable[[], datetime] = _system


def now() -> str:
    """The current UTC time as kotm stores it: ``2019-04-22T09:13:00Z``."""
    return _source().astimezone(UTC).strftime(FORMAT)


def set(source: Callable[[], datetime] | None) -> None:
    """Read the time from ``source`` from now on (None: the system clock again)."""
    global _source
    _source = source or _system


@contextmanager
def fixed(source: Callable[[], datetime]) -> Iterator[None]:
    """Read the time from ``source`` inside the block."""
    before = _source
    set(source)
    try:
        yield
    finally:
        set(before)


def ticking(start: datetime, step_seconds: float = 60) -> Callable[[], datetime]:
    """A clock for examples and tests: ``start``, then one ``step_seconds`` later at every reading."""
    from datetime import timedelta
    from itertools import count

    ticks = count()
    return lambda: start + timedelta(seconds=step_seconds * next(ticks))
