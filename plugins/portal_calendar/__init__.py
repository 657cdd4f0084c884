"""portal_calendar: dates in readers' calendars, feeds, and structured data for search engines.

- iCalendar files (``icalendar``): one per event and training, one subscribable
  calendar per language with every upcoming event and training, and one per
  area (addresses: :mod:`.paths`); recurring events keep their RRULE and
  EXDATEs, times carry the Europe/Berlin zone;
- an Atom feed per language of new offers, events and trainings (``feedgenerator``);
- a page per language that explains how to subscribe and lists every calendar;
- schema.org JSON-LD on detail pages and the partners page (:mod:`.jsonld`).

Templates get ``calendar_url(kind, item=None)`` (``"item"``, ``"feed"``,
``"atom"``, ``"page"``), ``structured_data(item)`` and
``partners_structured_data()``; the theme's hook partials use them.
Recurrence itself is portal_content's :class:`Schedule`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from jinja2 import pass_context
from markupsafe import Markup
from pelican import signals

from portal_site import write_pages
from portal_site.urls import absolute

from . import jsonld, paths
from .writer import changed_at, write_calendars

__all__ = ["register"]


def _lang(context: Any) -> str:
    data = context["data"]
    return context["lang"] if context["lang"] in data.codes else data.default_lang


@pass_context
def calendar_url(context: Any, kind: str, item: Any = None) -> str:
    """The address of an item's .ics file or of this language's feed, news feed or page."""
    lang = _lang(context)
    path = {
        # an untranslated item's .ics is the source's, beside the page its text is from
        "item": lambda: item and paths.item_calendar_path(item.content_path, context["types"][item.type]),
        "feed": lambda: paths.feed_path(lang),
        "atom": lambda: paths.atom_path(lang),
        "page": lambda: paths.calendar_page_path(lang),
    }[kind]()
    return absolute(context["SITEURL"], path)


@pass_context
def structured_data(context: Any, item: Any) -> Markup:
    """The JSON-LD block of a detail page (empty where schema.org has no fit)."""
    posted: date = item.values.get("updated") or _changed_date(context, item)
    found = jsonld.for_item(item, context["types"][item.type], context["section_url"]("partners"), posted)
    return jsonld.script(found) if found else Markup("")


def _changed_date(context: Any, item: Any) -> date:
    changed = changed_at(context, item.now)(item.item)
    return (changed or item.now).date()


@pass_context
def partners_structured_data(context: Any) -> Markup:
    return jsonld.script(jsonld.partners(context["data"], _lang(context), context["section_url"]("partners")))


def add_to_environment(generator: Any) -> None:
    generator.env.globals.update({
        "calendar_url": calendar_url,
        "structured_data": structured_data,
        "partners_structured_data": partners_structured_data,
    })


def register() -> None:
    signals.generator_init.connect(add_to_environment)
    write_pages.connect(write_calendars)
