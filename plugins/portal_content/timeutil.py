"""Dates and times in the site's time zone, and the build's idea of "now".

Times in content are local wall-clock times in the site's zone (the setting
``TIMEZONE`` in pelican.conf.py, the one place that names it). A weekly event at
16:00 stays at 16:00 across the switch to and from summer time: occurrences are
computed on wall-clock times, then placed in the zone.
"""

from __future__ import annotations

import os
import signal
import threading
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache
from typing import Any, Iterator
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

#: However a rule is written, its dates are computed for at most this many years
#: after its start: a rule whose dates never come (``BYMONTH=2;BYMONTHDAY=31``)
#: would otherwise be searched until the year 9999. Validation bounds explicit
#: ends more tightly (site.yaml limits: recurrence_years).
EXPANSION_YEARS = 100
#: How long validation looks for a rule's first date before it gives up.
SEARCH_SECONDS = 0.5
#: The frequencies an event may repeat with; finer ones expand too far.
FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")


def rule_fields(rule: str) -> dict[str, str]:
    """An RRULE's parts by name, upper-cased: ``{"FREQ": "WEEKLY", "BYDAY": "TU"}``.

    Only for looking at a rule before expanding it; dateutil parses it for real.
    """
    text = rule.strip().upper()
    if text.startswith("RRULE:"):
        text = text[len("RRULE:"):]
    found: dict[str, str] = {}
    for part in text.split(";"):
        name, _, value = part.partition("=")
        found[name.strip()] = value.strip()
    return found


def rule_until(rule: str) -> date | None:
    """The date of an RRULE's own UNTIL (``20270101`` or ``20270101T120000Z``), if any."""
    value = rule_fields(rule).get("UNTIL")
    if not value:
        return None
    return date(int(value[:4]), int(value[4:6]), int(value[6:8]))


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


@lru_cache(maxsize=4096)
def _parsed_rule(rule: str, start: date | datetime, until: date | None):
    """A rule parsed once per build and kept with the dates it has given (``cache``):
    a listing asks each event for its next date many times, and each time dateutil
    would count again from the first date."""
    rule = rule.strip()
    if rule.upper().startswith("RRULE:"):
        rule = rule[6:]
    first = _start_of(start)
    parsed = rrulestr(rule, dtstart=first, ignoretz=True, cache=True)
    last = first.replace(year=min(first.year + EXPANSION_YEARS, 9999), month=1, day=1)
    if until is not None:
        return parsed.replace(until=min(datetime.combine(until, time(23, 59, 59)), last))
    own = rule_until(rule)
    return parsed.replace(until=last) if own is None or own >= last.date() else parsed


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
        """The dateutil rule (raises ValueError for a bad RRULE), ending at the latest
        ``EXPANSION_YEARS`` after the start."""
        return _parsed_rule(self.rule, self.start, self.until)

    def occurrences(self, after: datetime | None = None, limit: int = 1000) -> Iterator[Occurrence]:
        """Occurrences that have not ended by ``after`` (all when None), in order."""
        duration = self.wall_duration
        starts = self.rrule() if self.rule else [_start_of(self.start)]
        if after is not None and self.rule:
            # Skip the dates long over without building an Occurrence for each
            # (a day of slack for the switch to and from summer time).
            wall = after.astimezone(self.tz).replace(tzinfo=None)
            starts = starts.xafter(wall - duration - timedelta(days=1), inc=True)
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
        if not self.rule or not self.exdates:
            return {}
        # The rule's days up to the first one after the last exdate, computed once.
        last = max(self.exdates)
        days: list[date] = []
        for moment in self.rrule():
            days.append(moment.date())
            if moment.date() > last:
                break
        stray: dict[date, tuple[date | None, date | None]] = {}
        for day in sorted(self.exdates):
            index = bisect_left(days, day)
            if index < len(days) and days[index] == day:
                continue
            after_index = bisect_right(days, day)
            stray[day] = (days[index - 1] if index else None,
                          days[after_index] if after_index < len(days) else None)
        return stray


class _SearchTooLong(Exception):
    pass


def gives_a_date(schedule: Schedule) -> bool:
    """Whether the rule gives any date, found within ``SEARCH_SECONDS``.

    dateutil stops at UNTIL only when a date comes: a rule whose dates never
    come (``FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30``) is searched day by day up to the
    year 9999, for many seconds, whatever its end. Where the process may use a
    timer (POSIX, main thread, no other timer running) the search is stopped after
    ``SEARCH_SECONDS`` and counts as no date; a real rule finds its first date in
    microseconds.
    """
    search = lambda: next(iter(schedule.rrule()), None) is not None  # noqa: E731
    if (not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread()
            or signal.getitimer(signal.ITIMER_REAL)[0]):
        return search()

    def stop(signum: int, frame: object) -> None:
        raise _SearchTooLong

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, SEARCH_SECONDS)
    try:
        return search()
    except _SearchTooLong:
        return False
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
