"""Dates and times in the site's time zone, and the build's idea of "now".

Times in content are local wall-clock times in the site's zone (the setting
``TIMEZONE`` in pelican.conf.py, the one place that names it). A weekly event at
16:00 stays at 16:00 across the switch to and from summer time: occurrences are
computed on wall-clock times, then placed in the zone.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from typing import Any, Iterator
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr


def site_zone(settings: dict[str, Any]) -> ZoneInfo:
    """The site's time zone: Pelican's ``TIMEZONE`` setting."""
    return ZoneInfo(settings["TIMEZONE"])


def build_now(tz: tzinfo) -> datetime:
    """The build's "now": ``SOURCE_DATE_EPOCH`` when set, else the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), tz)
    return datetime.now(tz)


def parse_date(text: str) -> date:
    """``2026-12-01`` → date; ValueError says why an impossible date is one."""
    return date.fromisoformat(text)


def parse_when(text: str) -> date | datetime:
    """A date (all day) or a local date and time (naive, wall clock)."""
    text = text.strip()
    if len(text) == 10:
        return date.fromisoformat(text)
    return datetime.fromisoformat(text.replace(" ", "T"))


def _start_of(value: date | datetime) -> datetime:
    return value if isinstance(value, datetime) else datetime.combine(value, time())


def _end_of(value: date | datetime) -> datetime:
    """A date as an end means "including that day"."""
    return value if isinstance(value, datetime) else datetime.combine(value + timedelta(days=1), time())


def localize(naive: datetime, tz: tzinfo) -> datetime:
    return naive.replace(tzinfo=tz)


@dataclass(frozen=True)
class Occurrence:
    """One date of an event, as aware datetimes in the site's zone."""

    start: datetime
    end: datetime
    all_day: bool

    @property
    def duration(self) -> timedelta:
        """The real duration (an hour less across the switch to summer time)."""
        return self.end.astimezone(timezone.utc) - self.start.astimezone(timezone.utc)

    def ended_by(self, moment: datetime) -> bool:
        return self.end.astimezone(timezone.utc) <= moment.astimezone(timezone.utc)


@dataclass
class Schedule:
    """When something takes place: once, or repeatedly by an RRULE."""

    start: date | datetime
    end: date | datetime | None = None
    rule: str | None = None
    until: date | None = None
    exdates: frozenset[date] = field(default_factory=frozenset)
    #: The site's zone (:func:`site_zone`); None where wall-clock dates suffice
    #: (checking an RRULE and its exdates): occurrences need it.
    tz: tzinfo | None = None

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)

    @property
    def wall_duration(self) -> timedelta:
        if self.end is None:
            return timedelta(days=1) if self.all_day else timedelta(0)
        return _end_of(self.end) - _start_of(self.start)

    def rrule(self):
        """The dateutil rule (raises ValueError for a bad RRULE)."""
        rule = self.rule.strip()
        if rule.upper().startswith("RRULE:"):
            rule = rule[6:]
        parsed = rrulestr(rule, dtstart=_start_of(self.start), ignoretz=True)
        if self.until is not None:
            parsed = parsed.replace(until=datetime.combine(self.until, time(23, 59, 59)))
        return parsed

    def occurrences(self, after: datetime | None = None, limit: int = 1000) -> Iterator[Occurrence]:
        """Occurrences that have not ended by ``after`` (all when None), in order."""
        duration = self.wall_duration
        starts = self.rrule() if self.rule else [_start_of(self.start)]
        count = 0
        for naive_start in starts:
            if naive_start.date() in self.exdates:
                continue
            occurrence = Occurrence(
                localize(naive_start, self.tz), localize(naive_start + duration, self.tz), self.all_day
            )
            if after is not None and occurrence.ended_by(after):
                continue
            yield occurrence
            count += 1
            if count >= limit:
                return

    def next(self, now: datetime) -> Occurrence | None:
        """The current or next occurrence, or None when the last one is over."""
        return next(self.occurrences(after=now, limit=1), None)

    def first(self) -> Occurrence:
        return next(self.occurrences(limit=1))

    def stray_exdates(self) -> dict[date, tuple[date | None, date | None]]:
        """Exdates on which the rule has no date, each with the rule's dates around it.

        Such an exdate (a typo, a wrong weekday, a day after ``until``) would
        silently change nothing, so the validation names it instead.
        """
        if not self.rule:
            return {}
        rule = self.rrule()
        stray: dict[date, tuple[date | None, date | None]] = {}
        for day in sorted(self.exdates):
            midnight = datetime.combine(day, time())
            if rule.between(midnight, midnight + timedelta(days=1, microseconds=-1), inc=True):
                continue
            before, after = rule.before(midnight), rule.after(midnight + timedelta(days=1), inc=True)
            stray[day] = (before.date() if before else None, after.date() if after else None)
        return stray
