"""schema.org structured data (JSON-LD) for detail pages and the partners page.

- events: ``Event`` at its next (else last) date; a recurring event adds an
  ``eventSchedule`` (``Schedule``: frequency, weekdays, times, zone, except dates);
- trainings: ``Course`` with a ``CourseInstance`` (an Event: dates, place, seats);
- offers: ``JobPosting`` with ``employmentType: VOLUNTEER``. schema.org has no
  type for a volunteering opportunity (there is no ``VolunteerAction``; the
  ``Action`` types describe an act being done, not an opening to apply for).
  ``JobPosting`` is what schema.org's own discussion recommends for volunteer
  positions (schemaorg/schemaorg#2701) and Google's job vocabulary has the
  value ``VOLUNTEER``. Only open offers get one: a filled, paused or ended
  offer is no opening;
- partners: ``Organization`` for each, with ``@id`` = its anchor on the
  partners page, which the other blocks' organisers refer to.

A ``<script type="application/ld+json">`` block is data, not script: the CSP does
not apply to it. The JSON is escaped so that ``<``, ``>`` and ``&`` never appear
raw, so no text can close the element early.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from typing import Any

from icalendar import vDuration
from markupsafe import Markup

from portal_content import Schedule, SiteData

from . import facts
from .recurrence import last_start, rule_parts

CONTEXT = "https://schema.org"
FREQUENCIES = {"DAILY": "D", "WEEKLY": "W", "MONTHLY": "M", "YEARLY": "Y"}
WEEKDAYS = {"MO": "Monday", "TU": "Tuesday", "WE": "Wednesday", "TH": "Thursday",
            "FR": "Friday", "SA": "Saturday", "SU": "Sunday"}


def script(data: dict[str, Any]) -> Markup:
    """The ``<script type="application/ld+json">`` element, safe to put into HTML."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(f'<script type="application/ld+json">{text}</script>')


def _compact(data: dict[str, Any]) -> dict[str, Any]:
    """Without empty values: schema.org wants a property absent rather than empty."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def iso(value: date | datetime) -> str:
    """ISO 8601: a date, or a date and time with its offset (``2026-12-01T16:00:00+01:00``)."""
    return value.isoformat()


def postal_address(holder: dict[str, Any] | None) -> dict[str, Any] | None:
    address = (holder or {}).get("address")
    if not address:
        return None
    return _compact({"@type": "PostalAddress", "streetAddress": address.get("street"),
                     "postalCode": address.get("postcode"), "addressLocality": address.get("city")})


def place(holder: dict[str, Any] | None, lang: str, data: SiteData) -> dict[str, Any] | None:
    """A ``Place`` with address and coordinates, from a place or an organisation."""
    if not holder:
        return None
    geo = holder.get("geo")
    return _compact({
        "@type": "Place",
        "name": facts.text(holder["name"], lang, data),
        "address": postal_address(holder),
        "geo": {"@type": "GeoCoordinates", "latitude": geo[0], "longitude": geo[1]} if geo else None,
    })


def organization(org: dict[str, Any], lang: str, data: SiteData, partners_url: str,
                 full: bool = False) -> dict[str, Any]:
    """An ``Organization``; ``full`` adds what the partners page shows of it."""
    result = {
        "@type": "Organization",
        "@id": f"{partners_url}#org-{org['id']}",
        "name": facts.text(org["name"], lang, data),
        "url": org.get("website") or f"{partners_url}#org-{org['id']}",
    }
    if full:
        result.update({
            "description": facts.text(org.get("description"), lang, data),
            "email": org.get("email"),
            "telephone": org.get("phone"),
            "address": postal_address(org),
            "location": place(org, lang, data) if org.get("geo") else None,
        })
    return _compact(result)


def schedule_of(schedule: Schedule) -> dict[str, Any]:
    """A recurring event's ``Schedule``: how often, on which days, at what times, except when."""
    parts = rule_parts(schedule)
    frequency = parts["FREQ"][0]
    interval = parts.get("INTERVAL", [1])[0]
    days = [str(day) for day in parts.get("BYDAY", [])]
    weekdays = list(dict.fromkeys(WEEKDAYS[day[-2:]] for day in days))
    if frequency == "WEEKLY" and not weekdays:  # RFC 5545: the weekday of the first date
        weekdays = [list(WEEKDAYS.values())[schedule.start.weekday()]]
    ordinals = {day[:-2] for day in days}
    weeks = sorted(int(o) for o in ordinals if o)
    if ordinals - {""} and (not ordinals <= set("12345") or len(weekdays) > 1):
        # "the last Friday", "the first Tuesday and the third Friday": schema.org cannot say it
        weekdays, weeks = [], []
    start, last = schedule.start, last_start(schedule)
    result: dict[str, Any] = {
        "@type": "Schedule",
        "repeatFrequency": f"P{interval}{FREQUENCIES[frequency]}" if frequency in FREQUENCIES else None,
        "byDay": [f"https://schema.org/{day}" for day in weekdays],
        "byMonthWeek": weeks,
        "byMonth": [int(month) for month in parts.get("BYMONTH", [])],
        "byMonthDay": [int(day) for day in parts.get("BYMONTHDAY", [])],
        "repeatCount": parts.get("COUNT", [None])[0],
        "startDate": iso(start if schedule.all_day else start.date()),
        "endDate": iso(last.date()) if last else None,
        "scheduleTimezone": schedule.tz.key,
    }
    if not schedule.all_day:
        result["startTime"] = start.time().isoformat()
        if schedule.end is not None:
            result["endTime"] = schedule.end.time().isoformat()
            result["duration"] = vDuration(schedule.wall_duration).to_ical().decode()
    result["exceptDate"] = [
        iso(day if schedule.all_day else datetime.combine(day, start.time(), tzinfo=schedule.tz))
        for day in sorted(schedule.exdates)
    ]
    return _compact(result)


def _dates(view: Any) -> dict[str, str]:
    """Start and end of the date the page shows: the next one, else the last, else the first."""
    occurrence = view.next or view.last or view.item.schedule.first()
    if occurrence.all_day:
        return {"startDate": iso(occurrence.start.date()),
                "endDate": iso((occurrence.end - timedelta(seconds=1)).date())}
    return {"startDate": iso(occurrence.start), "endDate": iso(occurrence.end)}


def _description(view: Any) -> str | None:
    """The summary, else the body as plain text."""
    return view.summary or Markup(view.html).striptags() or None


def _organizer(view: Any, partners_url: str) -> dict[str, Any] | None:
    org = view.organisation
    return organization(org, view.lang, view.portal.data, partners_url) if org else None


def _free(view: Any) -> bool | None:
    return facts.is_free(view.item.text("cost", view.item.source_lang))


def event(view: Any, partners_url: str) -> dict[str, Any]:
    data, schedule = view.portal.data, view.item.schedule
    return _compact({
        "@context": CONTEXT,
        "@type": "Event",
        "name": view.title,
        "description": _description(view),
        "url": view.canonical_url,
        "inLanguage": view.content_lang,
        **_dates(view),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "eventSchedule": schedule_of(schedule) if schedule.rule else None,
        "location": place(view.place, view.lang, data) or place(view.organisation, view.lang, data),
        "organizer": _organizer(view, partners_url),
        "isAccessibleForFree": _free(view),
        "keywords": ", ".join(facts.area_labels(view.values, view.lang, data)),
    })


def course(view: Any, partners_url: str) -> dict[str, Any]:
    data, values = view.portal.data, view.values
    audiences = data.taxonomies.get("audiences", {})
    audience = [facts.text(audiences[a], view.lang, data) for a in values.get("audience", []) if a in audiences]
    instance = _compact({
        "@type": "CourseInstance",
        "courseMode": "onsite",
        **_dates(view),
        "location": place(view.place, view.lang, data) or place(view.organisation, view.lang, data),
        "organizer": _organizer(view, partners_url),
        "isAccessibleForFree": _free(view),
        "maximumAttendeeCapacity": values.get("seats"),
    })
    return _compact({
        "@context": CONTEXT,
        "@type": "Course",
        "name": view.title,
        "description": _description(view),
        "url": view.canonical_url,
        "inLanguage": view.content_lang,
        "provider": _organizer(view, partners_url),
        "audience": {"@type": "Audience", "audienceType": ", ".join(audience)} if audience else None,
        "hasCourseInstance": instance,
    })


def job_posting(view: Any, partners_url: str, posted: date) -> dict[str, Any]:
    data, values = view.portal.data, view.values
    requirements = data.taxonomies.get("requirements", {})
    expires = values.get("expires")
    return _compact({
        "@context": CONTEXT,
        "@type": "JobPosting",
        "title": view.title,
        "description": str(view.html).strip() or view.summary,
        "url": view.canonical_url,
        "employmentType": "VOLUNTEER",
        "datePosted": iso(posted),
        "validThrough": iso(datetime.combine(expires, time(23, 59, 59), tzinfo=view.now.tzinfo))
        if expires else None,
        "hiringOrganization": _organizer(view, partners_url),
        "jobLocation": place(view.place, view.lang, data) or place(view.organisation, view.lang, data),
        "workHours": view.text("schedule"),
        "qualifications": "; ".join(facts.text(requirements[r], view.lang, data)
                                    for r in values.get("requirements", []) if r in requirements),
    })


def open_job_posting(view: Any, partners_url: str, posted: date) -> dict[str, Any] | None:
    """A JobPosting while the offer is an opening: open and not ended."""
    if view.ended or view.values.get("status", "open") != "open":
        return None
    return job_posting(view, partners_url, posted)


def for_item(view: Any, content_type: Any, partners_url: str, posted: date) -> dict[str, Any] | None:
    """The structured data of a detail page (its type's ``structured_data`` in the registry),
    or None where schema.org has no fit."""
    kind = content_type.structured_data
    if kind == "event":
        return event(view, partners_url)
    if kind == "course":
        return course(view, partners_url)
    if kind == "job_posting":
        return open_job_posting(view, partners_url, posted)
    return None


def partners(data: SiteData, lang: str, partners_url: str) -> dict[str, Any]:
    """Every partner organisation, for the partners page."""
    return {"@context": CONTEXT,
            "@graph": [organization(org, lang, data, partners_url, full=True)
                       for org in data.organisations.values()]}
