"""portal_calendar: dates in readers' calendars, feeds, and structured data for search engines.

- iCalendar files (``icalendar``): one per event and training with dates to
  come (the file every language's page offers), one subscribable
  calendar per language with every upcoming event and training, and one per
  area (addresses: :mod:`.paths`); recurring events keep their RRULE and
  EXDATEs, times carry the site's zone (the TIMEZONE setting);
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


class CalendarTemplates:
    """What templates get from this plugin, made per template environment from the settings.

    The page being rendered (its language, its links, the content types) comes
    from the template's context; everything else from the settings and the
    item's portal.
    """

    def __init__(self, settings: dict[str, Any]) -> None:
        self.siteurl = settings.get("SITEURL", "")

    @pass_context
    def calendar_url(self, context: Any, kind: str, item: Any = None) -> str:
        """The address of an item's .ics file or of this language's feed, news feed or page."""
        lang = _lang(context)
        path = {
            # one file per event series, beside the source's page, for every language's page
            "item": lambda: item and paths.series_calendar_path(context["types"], item.type, item.slug,
                                                                item.item.source_lang),
            "feed": lambda: paths.feed_path(lang),
            "atom": lambda: paths.atom_path(lang),
            "page": lambda: paths.calendar_page_path(lang),
        }[kind]()
        return absolute(self.siteurl, path)

    @pass_context
    def structured_data(self, context: Any, item: Any) -> Markup:
        """The JSON-LD block of a detail page (empty where schema.org has no fit)."""
        posted: date = item.values.get("updated") or _changed_date(item)
        found = jsonld.for_item(item, context["types"][item.type], context["links"].section("partners"), posted)
        return jsonld.script(found) if found else Markup("")

    @pass_context
    def partners_structured_data(self, context: Any) -> Markup:
        return jsonld.script(jsonld.partners(context["data"], _lang(context), context["links"].section("partners")))


def _changed_date(item: Any) -> date:
    changed = changed_at(item.portal)(item.item)
    return (changed or item.now).date()


def add_to_environment(generator: Any) -> None:
    templates = CalendarTemplates(generator.settings)
    generator.env.globals.update({
        "calendar_url": templates.calendar_url,
        "structured_data": templates.structured_data,
        "partners_structured_data": templates.partners_structured_data,
    })


def register() -> None:
    signals.generator_init.connect(add_to_environment)
    write_pages.connect(write_calendars)
