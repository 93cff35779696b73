"""The one source of time, so that tests can move it (as django.contrib.auth does with _now)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime

from django.utils import timezone

_frozen: datetime | None = None


def now() -> datetime:
    return _frozen if _frozen is not None else timezone.now()


def today() -> date:
    return timezone.localdate(now())


@contextmanager
def frozen_at(moment: datetime) -> Iterator[None]:
    global _frozen
    previous, _frozen = _frozen, moment
    try:
        yield
    finally:
        _frozen = previous
