"""iCalendar files (RFC 5545) of events and trainings, made with the ``icalendar`` library.

One VEVENT per item: its first date with TZID, the RRULE and EXDATEs of a
recurring event, the place with its address and coordinates, the page, the
organiser and the summary, all in the file's language; an event series' own
file adds each translation's title, summary and page to the description (a
VEVENT has one SUMMARY, so one file cannot give every reader the title in
their language). The library folds long lines, escapes text and writes the
VTIMEZONE for the zone used.

UIDs are ``<type>-<slug>@<domain>`` with the domain of the site's contact
address (``data/site.yaml``): the same in every build, language and feed, and
independent of where the site is hosted, so a subscribed calendar updates its
events instead of duplicating them.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from typing import Any, Callable, Iterable

from icalendar import Calendar, Event, Timezone, vCalAddress, vDuration

from portal_content import Schedule, SiteData

from . import facts
from .recurrence import ical_rule, last_start

PRODID = "-//Willkommensportal//portal_calendar//EN"
FALLBACK_DOMAIN = "willkommensportal.invalid"
REFRESH = timedelta(days=1)  # the site is rebuilt daily
ENDLESS_YEARS = 5  # how far the time-zone rules reach for a rule without an end


def uid_domain(data: SiteData) -> str:
    """The right-hand side of every UID: the domain of the site's contact e-mail."""
    email = (data.site.get("contact") or {}).get("email") or ""
    return email.rpartition("@")[2].lower() or FALLBACK_DOMAIN


def uid(doc_type: str, slug: str, domain: str) -> str:
    return f"{doc_type}-{slug}@{domain}"


def _aware(value: date | datetime, schedule: Schedule) -> date | datetime:
    """A content date stays a date (all day); a wall-clock time gets the site's zone."""
    return value.replace(tzinfo=schedule.tz) if isinstance(value, datetime) else value


def _end(schedule: Schedule) -> date | datetime | None:
    """DTEND of the first date: exclusive for all-day events, as RFC 5545 wants."""
    if schedule.end is None:
        return None
    if schedule.all_day:
        return schedule.end + timedelta(days=1)
    return _aware(schedule.end, schedule)


def span(schedule: Schedule, now: datetime) -> tuple[date, date]:
    """The first and last day the item's dates touch (endless rules: some years
    after the build or their start, whichever is later)."""
    first = schedule.start if schedule.all_day else schedule.start.date()
    last = schedule.end or schedule.start
    if schedule.rule:
        last_rule = last_start(schedule)
        if last_rule is None:
            return first, max(first, now.date()) + timedelta(days=366 * ENDLESS_YEARS)
        last = last_rule + schedule.wall_duration
    last_day = last.date() if isinstance(last, datetime) else last
    return first, last_day + timedelta(days=1)


def organizer(organisation: dict[str, Any] | None, lang: str, data: SiteData) -> vCalAddress | None:
    """ORGANIZER: the organisation's name with its e-mail (else its website)."""
    if not organisation:
        return None
    if organisation.get("email"):
        address = vCalAddress(f"mailto:{organisation['email']}")
    elif organisation.get("website"):
        address = vCalAddress(organisation["website"])
    else:
        return None
    address.params["CN"] = facts.text(organisation["name"], lang, data)
    return address


def description(view: Any, translations: Iterable[Any], data: SiteData) -> str | None:
    """The summary, then each translation as ``<language>: <title>``, its summary and its page."""
    parts = [view.summary] if view.summary else []
    for other in translations:
        page = other.url if other.url.startswith(("https://", "http://")) else None
        lines = (f"{data.language(other.lang).name}: {other.title}", other.summary, page)
        parts.append("\n".join(line for line in lines if line))
    return "\n\n".join(parts) or None


def vevent(view: Any, stamp: datetime, domain: str, translations: Iterable[Any] = ()) -> Event:
    """The VEVENT of one event or training as a reader of ``view.lang`` sees it
    (``translations``: views of the other languages it is written in, for the description)."""
    item, data, lang = view.item, view.portal.data, view.content_lang
    schedule: Schedule = item.schedule
    event = Event()
    event.add("uid", uid(item.type, item.slug, domain))
    event.add("dtstamp", stamp.astimezone(timezone.utc))
    event.add("summary", view.title, parameters={"LANGUAGE": lang})
    event.add("dtstart", _aware(schedule.start, schedule))
    end = _end(schedule)
    if end is not None:
        event.add("dtend", end)
    if schedule.rule:
        event.add("rrule", ical_rule(schedule))
        if schedule.exdates:
            start_time = None if schedule.all_day else schedule.start.time()
            event.add("exdate", [day if start_time is None
                                 else datetime.combine(day, start_time, tzinfo=schedule.tz)
                                 for day in sorted(schedule.exdates)])
    others = list(translations)
    text = description(view, others, data)
    if text:
        event.add("description", text, parameters={} if others else {"LANGUAGE": lang})
    location = facts.location_text(view.place, view.lang, data)
    if location:
        event.add("location", location)
    if view.place and view.place.get("geo"):
        event.add("geo", tuple(view.place["geo"]))
    if view.url.startswith(("https://", "http://")):
        event.add("url", view.url)
    who = organizer(view.organisation, view.lang, data)
    if who is not None:
        event.add("organizer", who)
    categories = facts.area_labels(item.values, view.lang, data)
    if categories:
        event.add("categories", categories)
    return event


def zone_years(spans: Iterable[tuple[date, date]]) -> tuple[int, int]:
    """The first and last year that the spans of a file's events touch."""
    spans = list(spans)
    return min(s[0] for s in spans).year, max(s[1] for s in spans).year


def time_zone(tz: Any, years: tuple[int, int]) -> bytes:
    """One serialised VTIMEZONE with the transitions of ``years`` (first, last) only.

    Each file carries the years its own events touch, not those of every event
    in the site; whole years, so files covering the same years share one.
    """
    return Timezone.from_tzinfo(tz, first_date=date(years[0], 1, 1),
                                last_date=date(years[1], 12, 31)).to_ical()


def calendar(events: Iterable[bytes], name: str, zone: bytes | None, subscription: bool) -> str:
    """A whole .ics file of components serialised before: each VTIMEZONE once per
    span of years, each VEVENT once per language (serialising is most of the work).

    Give ``zone`` when an event has a time of day; ``subscription`` adds the
    refresh hints of a calendar to subscribe to.
    """
    cal = Calendar()
    cal.add("version", "2.0")
    cal.add("prodid", PRODID)
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    if subscription:
        cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", vDuration(REFRESH))
    frame = cal.to_ical()
    end = b"END:VCALENDAR\r\n"
    return (frame[: -len(end)] + (zone or b"") + b"".join(events) + end).decode("utf-8")


DTSTAMP = re.compile(rb"^DTSTAMP:[0-9TZ]+\r$", re.MULTILINE)


def restamp(stamp: datetime) -> Callable[[bytes], bytes]:
    """A serialised VEVENT of an earlier build with this build's DTSTAMP (the one line that
    differs between builds: the time the build ran, UTC, basic format as icalendar writes it)."""
    line = b"DTSTAMP:" + stamp.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ").encode() + b"\r"
    return lambda serialised: DTSTAMP.sub(lambda _: line, serialised, count=1)
