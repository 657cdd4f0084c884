"""The values by which readers filter a listing, and the listing's pages.

A type's registry entry names its filters (``ContentType.filters``); here each
filter's ``how`` becomes the values of one item (ids, the same in every
language) and the listing becomes its pages: the whole listing and one listing
per filter value, each in pages of at most ``PAGE_SIZE`` items
(``/de/offers/``, ``/de/offers/page/2/``, ``/de/offers/district/nordviertel/``,
``/de/offers/district/nordviertel/page/2/``). Pelican's own pagination is not
used (its ``PAGINATION_PATTERNS`` would make two listings write one file).

Dated items get their "when" from their dates (mornings before 12:00,
afternoons 12:00–17:00, evenings from 17:00, Saturday and Sunday as weekends,
in the site's time zone), so one "when" filter works for offers, events and
trainings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Iterable

from portal_content import CHOICES, ContentType, Filter, Item
from portal_content.registry import N_


PAGE_SIZE = 24
#: Upcoming occurrences that decide an item's "when", month and dates (a weekly event: ten weeks).
LOOKAHEAD = 10
DATE_WINDOWS = ("today", "week", "weekend", "month")
#: What readers read for each date window (gettext msgids; templates translate them).
DATE_WINDOW_LABELS = {"today": N_("Today"), "week": N_("This week"), "weekend": N_("This weekend"),
                      "month": N_("This month")}
TIME_IDS = ("weekday-mornings", "weekday-afternoons", "weekday-evenings", "weekends", "flexible")
NOON, EVENING = 12, 17


def times_of(occurrences: Iterable[Any]) -> set[str]:
    """The ``times`` ids of some occurrences: weekday and time of day, or weekends (local time)."""
    found: set[str] = set()
    for occurrence in occurrences:
        start = occurrence.start
        if start.weekday() >= 5:
            found.add("weekends")
            continue
        if occurrence.all_day:
            found.update(("weekday-mornings", "weekday-afternoons"))
            continue
        first = start.hour + start.minute / 60
        last = first + max(occurrence.duration.total_seconds() / 3600, 0.01)
        if first < NOON:
            found.add("weekday-mornings")
        if first < EVENING and last > NOON:
            found.add("weekday-afternoons")
        if last > EVENING:
            found.add("weekday-evenings")
    return found


def item_times(item: Item, now: datetime) -> list[str]:
    """When an item needs people or takes place: an offer's ``times``, a dated item's from its dates."""
    schedule = item.schedule
    if schedule is None:
        return _as_list(item.values.get("times"))
    return sorted(times_of(schedule.occurrences(after=now, limit=LOOKAHEAD)), key=TIME_IDS.index)


def date_windows(occurrences: list[Any], now: datetime) -> set[str]:
    """Which of today / this week / this weekend / this month the occurrences fall into."""
    today = now.date()
    week_end = today + timedelta(days=6 - today.weekday())
    weekend_start = max(today, week_end - timedelta(days=1))
    month_end = (today.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    found: set[str] = set()
    for occurrence in occurrences:
        first = max(occurrence.start.date(), today)
        last = (occurrence.end - timedelta(seconds=1)).date() if occurrence.end > occurrence.start else first
        if first <= today <= last:
            found.add("today")
        if first <= week_end:
            found.add("week")
            if last >= weekend_start:
                found.add("weekend")
        if first <= month_end:
            found.add("month")
    return found


def _as_list(value: Any) -> list[str]:
    if value is None or value == "" or value == []:
        return []
    return [str(v) for v in value] if isinstance(value, (list, tuple)) else [str(value)]


def item_values(item: Item, flt: Filter, now: datetime) -> list[str]:
    """The values of ``flt`` an item has (an item may have several, or none)."""
    value = item.values.get(flt.field) if flt.field else None
    how = flt.how
    if how == "values":
        return _as_list(value)
    if how == "flag":
        return [flt.value] if value else []
    if how == "empty":
        return [] if _as_list(value) else [flt.value]
    if how == "equals":
        return [flt.value] if (value or flt.default) == flt.value else []
    if how == "free":
        from portal_calendar.facts import is_free  # portal_calendar imports portal_site: import when used
        return [flt.value] if is_free(item.text(flt.field, item.source_lang)) else []
    if how == "times":
        return item_times(item, now)
    schedule = item.schedule
    upcoming = list(schedule.occurrences(after=now, limit=LOOKAHEAD)) if schedule else []
    if how == "month":
        return sorted({f"{o.start.year:04d}-{o.start.month:02d}" for o in upcoming})
    if how == "dates":
        return [w for w in DATE_WINDOWS if w in date_windows(upcoming, now)]
    raise ValueError(f"unknown filter kind {how!r}")


def month_of(value: str) -> date:
    """The first day of a ``month`` filter's value (``2027-02``)."""
    year, month = value.split("-")
    return date(int(year), int(month), 1)


@dataclass(frozen=True)
class FilterValue:
    """One chip: a filter's value and how many listed items have it."""

    filter: Filter
    value: str
    count: int


class TypeFilters:
    """The filter values of one type's listed items, worked out once per build (not per language)."""

    def __init__(self, content_type: ContentType, items: list[Item], now: datetime, data: Any):
        self.content_type = content_type
        self.filters = content_type.filters
        self.values: dict[str, dict[str, list[str]]] = {
            item.slug: {f.name: item_values(item, f, now) for f in self.filters} for item in items
        }
        self.chips: list[tuple[Filter, list[FilterValue]]] = []
        for flt in self.filters:
            counts: dict[str, int] = {}
            for per_item in self.values.values():
                for value in per_item[flt.name]:
                    counts[value] = counts.get(value, 0) + 1
            order = _value_order(flt, content_type, data)
            ordered = sorted(counts, key=lambda v: (order.index(v) if v in order else len(order), v))
            if ordered:
                self.chips.append((flt, [FilterValue(flt, v, counts[v]) for v in ordered]))

    def matching(self, views: list[Any], flt: Filter, value: str) -> list[Any]:
        return [v for v in views if value in self.values.get(v.slug, {}).get(flt.name, ())]


def _value_order(flt: Filter, content_type: ContentType, data: Any) -> list[str]:
    """The order chips show a filter's values in: the data's, the registry's, or the dates'."""
    if flt.how == "dates":
        return list(DATE_WINDOWS)
    if flt.how == "times":
        return list(data.taxonomies.get("times", {})) or list(TIME_IDS)
    field = content_type.all_fields.get(flt.field)
    if field is None:
        return []
    if field.choices:
        return list(field.choices)
    if field.ref and field.ref not in ("forms",):
        return list(data.collection(field.ref))
    if field.kind == "lang_list":
        return list(data.codes)
    return []


def label_kind(flt: Filter, content_type: ContentType) -> tuple[str, str]:
    """How a template words a filter's values: ``("taxonomy", "districts")``, ``("choice", "status")``,
    ``("language", "")``, ``("place", "")``, ``("month", "")``, ``("dates", "")`` or ``("flag", "")``."""
    if flt.how in ("flag", "empty", "equals", "free"):
        return "flag", ""
    if flt.how == "times":
        return "taxonomy", "times"
    if flt.how in ("month", "dates"):
        return flt.how, ""
    field = content_type.all_fields.get(flt.field)
    if field is None:
        return "value", ""
    if field.kind == "lang_list":
        return "language", ""
    if field.ref == "places":
        return "place", ""
    if field.ref == "organisations":
        return "organisation", ""
    if field.ref:
        return "taxonomy", field.ref
    if field.choices and field.name in CHOICES:
        return "choice", field.name
    return "value", ""


def pages(views: list[Any], size: int = PAGE_SIZE) -> list[list[Any]]:
    """The items in pages of at most ``size`` (one empty page for an empty listing)."""
    return [views[i:i + size] for i in range(0, len(views), size)] or [[]]


def page_path(base: str, number: int) -> str:
    """``de/offers/`` for page 1, ``de/offers/page/2/`` after it."""
    return base if number == 1 else f"{base}page/{number}/"


def filter_path(base: str, flt: Filter, value: str) -> str:
    return f"{base}{flt.name}/{value}/"
#: The listing's data file for the script (beside the listing's page).
DATA_FILE = "items.json"
