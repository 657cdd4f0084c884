"""Writes every language's calendar files, feeds and subscription page.

Connected to portal_site's ``write_pages`` signal, so it runs once all pages
are written and writes through Pelican's writer like every other file (which
refuses to overwrite a file another part already wrote).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Callable

from markupsafe import Markup

import portal_engine
from portal_content import Item, Portal
from portal_i18n import load_catalogue, translations_dir
from portal_site.urls import home_path

from . import atom, facts, ics, paths


def N_(message: str) -> str:
    """Marks a UI string for extraction; it is translated where it is used."""
    return message


ALL_DATES = N_("Events and trainings")
NEWS = N_("New offers and events")


def gettext(settings: dict[str, Any], lang: str, message: str) -> str:
    return load_catalogue(translations_dir(settings), lang).gettext(message)


def changed_at(portal: Portal) -> Callable[[Item], datetime | None]:
    """When an item's source file last changed in git (None outside a checkout)."""

    def changed(item: Item) -> datetime | None:
        stamp = portal.changed.get(item.source.rel)
        return datetime.fromtimestamp(stamp, portal.now.tzinfo) if stamp is not None else None

    return changed


def subscription(site: Any, path: str, title: str, label: Any = None, area: str | None = None) -> dict[str, Any]:
    """A calendar as the subscription page lists it: title (``label``: a ``data/`` text),
    link, and a ``webcal:`` link when the site knows its public address (``SITEURL``)."""
    url = site.url(path)
    scheme, _, rest = url.partition("://")
    return {"title": title, "label": label, "area": area, "path": path, "url": url,
            "webcal": f"webcal://{rest}" if scheme in ("https", "http") else None}


class CalendarWriter:
    """Writes one build's calendar files, feeds and subscription pages, language by language.

    Each item's VEVENT is made and serialised once per language and reused by
    every calendar of that language it belongs to, and once more with all its
    languages for its own file (taken from the last build when the item is
    unchanged: portal_engine); the VTIMEZONE once per span of years.
    """

    def __init__(self, site: Any, writer: Any):
        self.site, self.writer = site, writer
        self.portal, self.settings = site.portal, site.settings
        self.data, self.stamp = self.portal.data, self.portal.now
        self.domain = ics.uid_domain(self.data)
        self.raw = site.env.from_string("{{ body }}")
        self.types = self.portal.types
        calendars = self.types.with_calendar()
        self.upcoming = sorted((item for content_type in calendars
                                for item in self.portal.of_type(content_type.name)),
                               key=lambda item: (item.next_occurrence(self.stamp).start, item.slug))
        self.spans: dict[tuple[str, str], tuple[Any, Any]] = {}
        self.zones: dict[tuple[int, int], bytes] = {}
        self.serialised = portal_engine.of(self.settings).memo("vevents", refresh=ics.restamp(self.stamp))

    def put(self, path: str, body: str) -> None:
        """Write a file through Pelican's writer (the template prints ``body`` as it is)."""
        self.writer.write_file(path, self.raw, self.site.context, relative_urls=False, body=Markup(body))

    def calendar(self, views: list[Any], name: str, subscription: bool) -> str:
        events = [self.serialised.value((view.lang, view.type, view.slug), view.item,
                                      lambda view=view: ics.vevent(view, self.stamp, self.domain).to_ical())
                  for view in views]
        timed = [view.item for view in views if not view.item.schedule.all_day]
        return ics.calendar(events, name, self.zone(timed), subscription)

    def zone(self, timed: list[Item]) -> bytes | None:
        """The VTIMEZONE for a file with these timed items (None: all are all-day)."""
        if not timed:
            return None
        years = ics.zone_years(self.span(item) for item in timed)
        if years not in self.zones:
            self.zones[years] = ics.time_zone(timed[0].schedule.tz, years)
        return self.zones[years]

    def span(self, item: Item) -> tuple[Any, Any]:
        """The first and last day of an item's dates (computed once per build)."""
        key = (item.type, item.slug)
        if key not in self.spans:
            self.spans[key] = ics.span(item.schedule, self.stamp)
        return self.spans[key]

    def write_series(self) -> None:
        """One .ics file per event or training with dates to come, which every language's page
        offers: the source's text, the translations' in its description (ics.description)."""
        for item in self.upcoming:
            source = self.site.view(item, item.source_lang)
            translations = [self.site.view(item, lang) for lang in self.data.codes if lang in item.translations]
            event = self.serialised.value(("*", item.type, item.slug), item,  # "*": all its languages
                                          lambda source=source, translations=translations:
                                          ics.vevent(source, self.stamp, self.domain, translations).to_ical())
            zone = self.zone([] if item.schedule.all_day else [item])
            self.put(paths.series_calendar_path(self.types, item.type, item.slug, item.source_lang),
                     ics.calendar([event], source.title, zone, subscription=False))

    def write_language(self, lang: str) -> None:
        site, data = self.site, self.data
        site_name = facts.text(data.site["name"], lang, data)
        views = site.views(self.upcoming, lang)
        all_dates = subscription(site, paths.feed_path(lang), gettext(self.settings, lang, ALL_DATES))
        by_area = [subscription(site, paths.feed_path(lang, area), facts.text(label, lang, data), label, area)
                   for area, label in data.taxonomies.get("areas", {}).items()]
        for feed in (all_dates, *by_area):
            members = [v for v in views if feed["area"] is None or feed["area"] in v.values.get("areas", [])]
            self.put(feed["path"], self.calendar(members, f"{site_name}: {feed['title']}", subscription=True))

        news_feed = subscription(site, paths.atom_path(lang), gettext(self.settings, lang, NEWS))
        self.put(news_feed["path"], self.news(lang, news_feed, site_name))
        site.write(paths.calendar_page_path(lang), "calendars", lang, None, page_kind="calendars",
                   all_dates=all_dates, by_area=by_area, news_feed=news_feed)

    def news(self, lang: str, feed: dict[str, Any], site_name: str) -> str:
        """The Atom feed of a language: listed offers, upcoming events and trainings
        (the types with ``feed`` in the registry: those without dates, then the upcoming dates)."""
        changed = changed_at(self.portal)
        undated = [item for content_type in self.types.values() if content_type.feed and not content_type.calendar
                   for item in self.portal.of_type(content_type.name)]
        dated = [item for item in self.upcoming if self.types[item.type].feed]
        return atom.atom_feed(
            self.site.views(undated + dated, lang), lang=lang,
            title=f"{site_name}: {feed['title']}",
            subtitle=facts.text(self.data.site.get("tagline"), lang, self.data),
            link=self.site.url(home_path(lang)), feed_url=feed["url"],
            feed_id=atom.entry_id(f"{paths.atom_path(lang)}@{self.domain}"), author=site_name,
            uid=lambda view: ics.uid(view.type, view.slug, self.domain),
            updated=lambda item: atom.updated_at(item, changed, self.stamp),
        )


def write_calendars(site: Any, writer: Any) -> None:
    """Receiver of ``write_pages``: all .ics files, Atom feeds and calendar pages."""
    calendars = CalendarWriter(site, writer)
    calendars.write_series()
    for lang in site.portal.data.codes:
        calendars.write_language(lang)
