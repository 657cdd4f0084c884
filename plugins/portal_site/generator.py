"""Writes every page of the portal, in every configured language, in one run.

Each document was read once (by portal_content); here each listing and detail
page is rendered once per language, with that language's catalogue and locale.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Iterable

from blinker import signal
from pelican import signals
from pelican.generators import Generator

from portal_content import Item, Portal

from . import parallel, urls
from .links import PageLinks
from .reuse import PageReuse
from .views import ItemView

ORGANISATION_KIND_ORDER = (
    "agency", "municipality", "migration-counselling", "aid-organisation", "shelter",
    "migrant-organisation", "religious-community", "employment-agency", "university", "company",
)
FAR_FUTURE = datetime.max.replace(year=9000)
DETAIL_TEMPLATES = (("offers", "offer"), ("trainings", "training"), ("events", "event"),
                    ("donations", "donation"), ("pages", "page"))

#: Sent once all of portal_site's pages are written; receivers get the
#: SiteGenerator and write their own pages with ``sender.write(...)``.
write_pages = signal("portal_write_pages")
#: Sent (by :func:`portal_site.announce_published`, which the build tool calls) with
#: the output folder once a build has replaced ``output/``: for work that may follow
#: the pages, such as the devserver's search index. Receivers return a line to print, or None.
published = signal("portal_published")


@dataclass(frozen=True)
class DetailPage:
    """One item's page in one language, as it will be rendered."""

    item: Item
    lang: str
    template: str
    view: ItemView
    alternates: dict[str, str]


class SiteGenerator(Generator):
    """Renders home, listings, details, links, partners, pages and 404s."""

    def generate_output(self, writer: Any) -> None:
        portal: Portal = self.context["portal"]
        self.portal = portal
        self.writer = writer
        self._navigation: dict[str, list[dict[str, Any]]] = {}
        self.siteurl = self.settings.get("SITEURL", "")
        self.by_path = {
            doc["rel"]: doc
            for items in portal.items.values()
            for item in items
            for doc in (item.source, *item.translations.values())
        }
        # Detail pages of unchanged items are copied in devserver builds (see reuse.py).
        self.reuse = PageReuse(self.settings, portal, lambda item: self.view(item, portal.data.default_lang).last)
        fresh = [page for page in self.detail_pages() if not self.copy_unchanged(page)]
        workers = parallel.worker_count(self.settings, len(fresh))
        with parallel.SharedRendering(fresh, self.write_detail, workers) as rendering:
            for language in portal.data.languages:
                self.write_language(language.code)
            self.write_root()
            # Other plugins add pages of their own (forms, search …) through this
            # generator's public methods: write(), view(), views(), url().
            write_pages.send(self, writer=writer)
            rendering.help()
        for page in rendering.by_worker:  # written by the other process
            self.announce(page)
            self.reuse.record(urls.output_name(page.view.path), page.item)
        self.reuse.save()

    # -- helpers ---------------------------------------------------------------

    def view(self, item: Item, lang: str) -> ItemView:
        return ItemView(item, lang, self.portal, self.siteurl, self.by_path)

    def views(self, items: Iterable[Item], lang: str) -> list[ItemView]:
        return [self.view(item, lang) for item in items]

    def url(self, path: str) -> str:
        return urls.absolute(self.siteurl, path)

    def navigation(self, lang: str) -> list[dict[str, Any]]:
        """The main navigation in ``lang`` (worked out once per language and build)."""
        if lang not in self._navigation:  # per page it cost 4 % of a 2,000-item build (make bench)
            self._navigation[lang] = self._navigation_entries(lang)
        return [dict(entry) for entry in self._navigation[lang]]

    def _navigation_entries(self, lang: str) -> list[dict[str, Any]]:
        data = self.portal.data
        entries = [
            {"key": section, "url": self.url(urls.section_path(lang, section)), "title": None}
            for section in data.site.get("navigation", urls.SECTIONS)
        ]
        pages = [i for i in self.portal.of_type("pages", include_ended=True) if "nav" in i.values]
        for page in sorted(pages, key=lambda p: (p.values["nav"], p.slug)):
            view = self.view(page, lang)
            entries.append({"key": page.slug, "url": view.url, "title": view.title,
                            "lang": view.content_lang})
        return entries

    def write(self, path: str, template: str, lang: str, alternates: dict[str, str] | None,
              **variables: Any) -> None:
        """Render ``template`` to ``path`` for readers of ``lang``.

        ``alternates`` maps languages to this page's URL in them; None means the
        page exists in every language at the same path under the other prefix.
        The template gets the shared page context (language, direction,
        navigation, switcher, hreflang links, ``links``: :class:`.links.PageLinks`)
        plus ``variables``.
        """
        data = self.portal.data
        if alternates is None:
            alternates = self.alternates(path, lang)
        switcher = [
            {"language": language,
             "url": alternates.get(language.code) or self.url(urls.home_path(language.code)),
             "current": language.code == lang,
             "available": language.code in alternates}
            for language in data.languages
        ]
        direction = data.language(lang).direction if lang in data.codes else "ltr"
        self.writer.write_file(
            urls.output_name(path),
            self.get_template(template),
            self.context,
            relative_urls=False,
            lang=lang,
            dir=direction,
            default_lang=data.default_lang,
            languages=data.languages,
            directions={language.code: language.direction for language in data.languages},
            site=data.site,
            data=data,
            portal=self.portal,
            page_url=self.url(path),
            page_path=path,
            alternates=alternates,
            switcher=switcher,
            nav=self.navigation(lang) if lang in data.codes else [],
            links=PageLinks(self, lang),
            today=self.portal.today,
            now=self.portal.now,
            **variables,
        )

    def alternates(self, path: str, lang: str) -> dict[str, str]:
        """The URLs of a page that exists in every language at the same path."""
        return {code: self.url(path.replace(f"{lang}/", f"{code}/", 1)) for code in self.portal.data.codes}

    def page_url(self, slug: str, lang: str) -> str | None:
        """The URL of content page ``slug`` for readers of ``lang``; None when missing or a draft."""
        page = self.portal.get("pages", slug)
        return self.view(page, lang).url if page and not page.draft else None

    # -- per language -------------------------------------------------------------

    def write_language(self, lang: str) -> None:
        portal = self.portal
        offers = self.views(portal.of_type("offers"), lang)
        trainings = sorted(self.views(portal.of_type("trainings"), lang),
                           key=lambda v: (v.next.start if v.next else FAR_FUTURE.replace(tzinfo=portal.now.tzinfo)))
        events = sorted(self.views(portal.of_type("events"), lang), key=lambda v: v.next.start)
        donations = sorted(self.views(portal.of_type("donations"), lang),
                           key=lambda v: (not v.values.get("urgent"), v.title.casefold()))
        past_events = sorted(
            (v for v in self.views(portal.of_type("events", include_ended=True), lang) if v.ended),
            key=lambda v: v.last.start if v.last else v.item.schedule.first().start, reverse=True)

        newest_offers = sorted(
            (o for o in offers if o.values.get("status", "open") == "open"),
            key=lambda v: (v.values.get("updated") or portal.today.replace(year=1), v.slug), reverse=True)[:6]
        every = [item for items in portal.items.values() for item in items]
        self.write_listing(urls.home_path(lang), "home", lang, every, page_kind="home",
                           urgent=[d for d in donations if d.values.get("urgent")],
                           next_events=events[:4], newest_offers=newest_offers,
                           counts={"offers": len(offers), "trainings": len(trainings), "events": len(events),
                                   "donations": len(donations)})
        for section, variables in (("offers", {"offers": offers, "by_area": self.offers_by_area(offers)}),
                                   ("trainings", {"trainings": trainings}), ("events", {"events": events}),
                                   ("donations", {"donations": donations})):
            self.write_listing(urls.section_path(lang, section), section, lang, portal.items[section],
                               page_kind=section, **variables)
        self.write_listing(urls.archive_path(lang), "events_archive", lang, portal.items["events"],
                           page_kind="events_archive", events=past_events)
        self.write(urls.section_path(lang, "links"), "links", lang, None, page_kind="links",
                   categories=self.link_categories())
        self.write(urls.section_path(lang, "partners"), "partners", lang, None, page_kind="partners",
                   groups=self.organisations_by_kind())
        self.write(urls.not_found_path(lang), "404", lang, None, page_kind="404")

    def write_listing(self, path: str, template: str, lang: str, items: list[Item], **variables: Any) -> None:
        """A page that lists ``items`` (or some of them): copied in devserver builds when none changed."""
        output = urls.output_name(path)
        if self.reuse.copy(output, items):
            self.announce_page(path, lang, variables["page_kind"], self.alternates(path, lang))
            return
        self.write(path, template, lang, None, **variables)
        self.reuse.record(output, items)

    # -- detail pages ----------------------------------------------------------------

    def detail_pages(self) -> list[DetailPage]:
        """Every detail page of this build: each item in each of its languages."""
        portal = self.portal
        pages = []
        for lang in portal.data.codes:
            for doc_type, template in DETAIL_TEMPLATES:
                for item in portal.items[doc_type]:
                    if (item.draft and not self.settings.get("PORTAL_SHOW_DRAFTS")) or lang not in item.languages:
                        continue
                    alternates = {code: self.url(urls.document_path(doc_type, item.slug, code))
                                  for code in item.languages if code in portal.data.codes}
                    pages.append(DetailPage(item, lang, template, self.view(item, lang), alternates))
        return pages

    def copy_unchanged(self, page: DetailPage) -> bool:
        """In devserver builds, copy the page of an unchanged item instead of rendering it."""
        if not self.reuse.copy(urls.output_name(page.view.path), page.item):
            return False
        self.announce(page)
        return True

    def announce(self, page: DetailPage) -> None:
        """Tell plugins that list pages (the sitemap) about a page not written by this process's writer."""
        self.announce_page(page.view.path, page.lang, page.template, page.alternates, item=page.view)

    def announce_page(self, path: str, lang: str, page_kind: str, alternates: dict[str, str],
                      **variables: Any) -> None:
        signals.content_written.send(
            os.path.join(self.output_path, urls.output_name(path)),
            context={**self.context, "lang": lang, "page_kind": page_kind, "page_url": self.url(path),
                     "page_path": path, "alternates": alternates, "SITEURL": self.siteurl, **variables})

    def write_detail(self, page: DetailPage) -> None:
        self.write(page.view.path, page.template, page.lang, page.alternates, page_kind=page.template,
                   item=page.view)
        self.reuse.record(urls.output_name(page.view.path), page.item)

    def offers_by_area(self, offers: list[ItemView]) -> list[tuple[str, list[ItemView]]]:
        status_order = {"open": 0, "paused": 1, "filled": 2}
        groups = []
        for area in self.portal.data.taxonomies.get("areas", {}):
            members = [o for o in offers if area in o.values.get("areas", [])]
            if members:
                members.sort(key=lambda o: (status_order[o.values.get("status", "open")], o.title.casefold()))
                groups.append((area, members))
        return groups

    def link_categories(self) -> list[dict[str, Any]]:
        content_dir = self.settings["PATH"]
        categories = []
        for category in self.portal.data.links:
            links = []
            for link in category["links"]:
                url, size = link["url"], None
                if url.startswith("materials/"):
                    size = os.path.getsize(os.path.join(content_dir, url))
                    url = self.url(url)
                links.append({**link, "href": url, "size": size,
                              "download": link["url"].startswith("materials/"),
                              "extension": os.path.splitext(link["url"])[1].lstrip(".").upper()})
            categories.append({"category": category["category"], "links": links})
        return categories

    def organisations_by_kind(self) -> list[tuple[str, list[dict[str, Any]]]]:
        groups = []
        for kind in ORGANISATION_KIND_ORDER:
            members = [o for o in self.portal.data.organisations.values() if o["kind"] == kind]
            if members:
                groups.append((kind, members))
        return groups

    # -- outside the languages ------------------------------------------------------

    def write_root(self) -> None:
        data = self.portal.data
        alternates = {code: self.url(urls.home_path(code)) for code in data.codes}
        self.write("", "root", data.default_lang, alternates, page_kind="root", x_default=True)
        self.write("404.html", "root_404", data.default_lang, alternates, page_kind="root_404")
