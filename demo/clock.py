"""A clock that tests, benchmarks and generators move by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta


class SteppingClock:
    """A clock the caller moves; every reading advances a minute so events keep their order."""

    def __init__(self, start: datetime = datetime(2024, 1, 8, 9, tzinfo=UTC)) -> None:
        self.current = start

    def set(self, day: date) -> None:
        self.current = datetime(day.year, day.month, day.day, 9, tzinfo=UTC)

    def advance(self, **delta: float) -> None:
        self.current += timedelta(**delta)

    def __call__(self) -> datetime:
        self.current += timedelta(minutes=1)
        return self.current
