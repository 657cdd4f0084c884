"""An event's RRULE as parts, as calendar files and schema.org schedules need it.

The site expands recurring events with portal_content's :class:`Schedule`
(wall-clock dates in the site's zone, ``until`` including its whole day).
Calendar apps expand the RRULE of the ``.ics`` file themselves; for them to
show the very same dates, the rule's end is written as the start of the last
date the site lists (RFC 5545: UNTIL is inclusive; in UTC when DTSTART has a
TZID), however the editor wrote it (``until`` or an UNTIL inside the rule).
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from functools import lru_cache

from icalendar import vRecur

from portal_content import Schedule


def rule_parts(schedule: Schedule) -> vRecur:
    """The editor's RRULE parsed into parts: ``{"FREQ": ["WEEKLY"], "BYDAY": ["TU"]}``."""
    text = schedule.rule.strip()
    if text.upper().startswith("RRULE:"):
        text = text[len("RRULE:"):]
    return vRecur.from_ical(text)


def last_start(schedule: Schedule) -> datetime | None:
    """The wall-clock start of the rule's last date (exdates included); None: endless."""
    return _last_start(schedule.rule, schedule.start, schedule.until)


@lru_cache(maxsize=None)
def _last_start(rule: str, start: date | datetime, until: date | None) -> datetime | None:
    schedule = Schedule(start, None, rule, until)
    parts = rule_parts(schedule)
    if until is None and "UNTIL" not in parts and "COUNT" not in parts:
        return None
    starts = list(schedule.rrule())
    return starts[-1] if starts else None


def ical_rule(schedule: Schedule) -> vRecur:
    """The RRULE for a calendar file, its UNTIL synchronised with the site's last date."""
    parts = rule_parts(schedule)
    if schedule.until is None and "UNTIL" not in parts:
        return parts
    parts.pop("UNTIL", None)
    last = last_start(schedule)
    if last is not None:
        parts["UNTIL"] = [last.date() if schedule.all_day
                          else last.replace(tzinfo=schedule.tz).astimezone(timezone.utc)]
    return parts
