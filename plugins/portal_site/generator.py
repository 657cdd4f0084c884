"""Writes every page of the portal, in every configured language, in one run.

Each document was read once (by portal_content); here each listing and detail
page is rendered once per language, with that language's catalogue and locale.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Iterable

from blinker import signal
from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator

import portal_engine
from portal_content import CHOICES, DATA_SECTIONS, ContentType, HomeBlock, Item, Portal, ranked

from portal_engine import fragments, parallel
from portal_i18n import formatting

from . import filters, qr, sharing, urls
from .links import PageLinks
from .views import ItemView

FAR_FUTURE = datetime.max.replace(year=9000)
BETWEEN_TAGS = re.compile(r">\s+<")


def _json(value: Any, html: bool = False) -> Markup:
    """``value`` as JSON, for the listing's data file (a template writes it); markup (a card)
    (``html``) loses the white space between its tags, which the script does not need."""
    if html:
        value = BETWEEN_TAGS.sub("><", str(value).strip())
    return Markup(json.dumps(value, ensure_ascii=False, separators=(",", ":")))

STATUS_ORDER = {choice.value: choice.rank for choice in CHOICES["status"]}

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
    #: the real translations' URLs (hreflang, sitemap); none for an untranslated page
    alternates: dict[str, str]
    #: the item's page in every language, for the language switcher
    switch_to: dict[str, str]

    @property
    def variables(self) -> dict[str, Any]:
        """What the page's template and the plugins that list pages (sitemap) get.

        An untranslated page (the reader's chrome around the source text) is not
        announced as a translation: canonical to the source, ``noindex``.
        """
        return {"page_kind": self.template, "item": self.view, "canonical_url": self.view.canonical_url,
                "noindex": not self.view.translated}


class SiteGenerator(Generator):
    """Renders home, listings, details, links, partners, pages and 404s."""

    def generate_output(self, writer: Any) -> None:
        portal: Portal = self.context["portal"]
        self.portal = portal
        self.writer = writer
        self._navigation: dict[str, list[dict[str, Any]]] = {}
        self._filters: dict[str, filters.TypeFilters] = {}
        #: what each listing page showed when it was last rendered, and the items that
        #: changed since (see write_chosen; None: render every page)
        self._listed: dict[str, tuple[Any, ...]] = {}
        self._showing: set[int] | None = None
        self._cards: dict[tuple[str, str], dict[Any, Markup]] = {}
        self.siteurl = self.settings.get("SITEURL", "")
        self.share_image = self.write_share_image()
        self.env.globals["qr_svg"] = qr.qr_svg  # printed pages and notices (partials/print.html)
        self.og_locales = {lang.code: sharing.og_locale(lang.babel_locale) for lang in portal.data.languages}
        self.by_path = {
            doc.rel: doc
            for items in portal.items.values()
            for item in items
            for doc in (item.source, *item.translations.values())
        }
        # Pages of unchanged items are taken from the published site (see portal_engine).
        self.engine = portal_engine.of(self.settings)
        self.engine.begin_site(portal, lambda item: self.view(item, portal.data.default_lang).last, self.env)
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
            self.engine.record(urls.output_name(page.view.path), page.item, self.template_name(page.template))

    def forget(self, items: Iterable[Item]) -> None:
        """These items changed in the model (the devserver re-read them): drop what was worked out from them."""
        for item in items:
            self._filters.pop(item.type, None)
            for (name, _lang), cards in self._cards.items():
                if name == item.type:
                    cards.pop(item.slug, None)
                    cards.pop((item.slug, "eager"), None)

    def card_cache(self, name: str, lang: str) -> dict[Any, Markup]:
        """The cards of a type's items in ``lang`` by slug, and by (slug, "eager") those among
        a page's first cards: each rendered once (listing.html fills it)."""
        return self._cards.setdefault((name, lang), {})

    def write_chosen(self, writer: Any, details: Iterable[tuple[Item, str]] = (),
                     listings: Iterable[tuple[str, str]] = (), showing: Iterable[Item] = ()) -> None:
        """Render only the chosen pages again, from this build's model (the devserver after an edit).

        ``details`` are (item, language) pairs; each (type name, language) of ``listings``
        renders that language's home page and the type's data file and archive, and of its
        listings and filter pages those that show one of the items ``showing`` or whose items,
        count or filter chips differ from the last time they were rendered. Run after
        :meth:`generate_output` (and :meth:`forget`), with a writer of its own (a Pelican
        writer refuses to write a file twice); other plugins' pages are left as they are.
        Nothing is taken from the published site: an engine of their own, reuse off.
        """
        self.writer = writer
        self.engine = portal_engine.Engine({**self.settings, "PORTAL_REUSE": False, "PORTAL_OUTPUT_PATH": None,
                                            "OUTPUT_PATH": writer.output_path})
        fragments.add_to_environment(self, self.engine)  # parts rendered once (a listing's chips): afresh
        self._showing = {id(item) for item in showing}
        try:
            for item, lang in details:
                self.write_detail(self.detail_page(item, lang))
            listings = list(listings)
            for lang in dict.fromkeys(lang for _name, lang in listings):
                listed = self.write_home(lang)
                for name in dict.fromkeys(name for name, at in listings if at == lang):
                    content_type = self.portal.types[name]
                    if name in listed:
                        self.write_section(content_type, lang, listed[name])
                    if content_type.archive:
                        self.write_archive(content_type, lang)
        finally:
            self._showing = None

    def _listing_changed(self, path: str, page: list[ItemView], count: int, chips: Any) -> bool:
        """Whether a listing page needs rendering: always in a build; in :meth:`write_chosen`
        when it shows a changed item or lists other items, another count or other chips than before."""
        listed = (count, [id(view.item) for view in page], chips)
        before = self._listed.get(path)
        self._listed[path] = listed
        return (self._showing is None or before != listed
                or any(id(view.item) in self._showing for view in page))

    # -- helpers ---------------------------------------------------------------

    def write_share_image(self) -> sharing.ShareImage:
        """Draw the site's default preview image into the output; what the pages' ``og:image`` says of it."""
        data = self.portal.data
        name = formatting.text(data.site.get("name", ""), data.default_lang, data.default_lang)
        tagline = formatting.text(data.site.get("tagline", ""), data.default_lang, data.default_lang)
        sharing.write_default_image(self.output_path, name, tagline)
        return sharing.ShareImage(self.url(sharing.IMAGE_PATH), sharing.WIDTH, sharing.HEIGHT, name)

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
            for section in data.site.get("navigation", self.portal.types.sections)
        ]
        pages = [i for i in self.portal.pages() if not i.draft and "nav" in i.values]
        for page in sorted(pages, key=lambda p: (p.values["nav"], p.slug)):
            view = self.view(page, lang)
            entries.append({"key": page.slug, "url": view.url, "title": view.title,
                            "lang": view.content_lang})
        return entries

    def write(self, path: str, template: str, lang: str, alternates: dict[str, str] | None,
              switch_to: dict[str, str] | None = None, made_of: Any = None, **variables: Any) -> None:
        """Render ``template`` to ``path`` for readers of ``lang``.

        ``alternates`` maps languages to this page's URL in them; None means the
        page exists in every language at the same path under the other prefix.
        ``switch_to`` (default: ``alternates``) is where the language switcher
        leads; a language in neither leads to its home page.
        The template gets the shared page context (language, direction,
        navigation, switcher, hreflang links, ``links``: :class:`.links.PageLinks`)
        plus ``variables``.

        ``made_of`` declares what the page shows beyond the site as a whole (its
        data, templates, catalogues, content pages: see portal_engine): an item, a
        list of items, or ``[]`` for nothing more. A page so declared is taken from
        the published site when that is unchanged; without it, it is always rendered.
        """
        data = self.portal.data
        if alternates is None:
            alternates = self.alternates(path, lang)
        output = urls.output_name(path)
        if made_of is not None and self.engine.reuse_file(output, made_of, self.template_name(template)):
            self.announce_page(path, lang, variables.pop("page_kind"), alternates, **variables)
            return
        if switch_to is None:
            switch_to = alternates
        switcher = [
            {"language": language,
             "url": switch_to.get(language.code) or self.url(urls.home_path(language.code)),
             "current": language.code == lang,
             "available": language.code in switch_to}
            for language in data.languages
        ]
        language = data.language(lang) if lang in data.codes else None
        direction = language.direction if language else "ltr"
        self.writer.write_file(
            urls.output_name(path),
            self.get_template(template),
            self.context,
            relative_urls=False,
            lang=lang,
            dir=direction,
            locale=language.babel_locale if language else lang,
            og_locales=self.og_locales,
            share_image=self.share_image,
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
            types=self.portal.types,
            choices=CHOICES,
            data_sections=DATA_SECTIONS,
            **variables,
        )
        if made_of is not None:
            self.engine.record(output, made_of, self.template_name(template))

    def template_name(self, template: str) -> str:
        """The Jinja2 name of a page template (``event`` → ``event.html``): what portal_engine
        follows to the templates a page depends on."""
        return self.get_template(template).name

    def alternates(self, path: str, lang: str) -> dict[str, str]:
        """The URLs of a page that exists in every language at the same path."""
        return {code: self.url(path.replace(f"{lang}/", f"{code}/", 1)) for code in self.portal.data.codes}

    def page_url(self, slug: str, lang: str) -> str | None:
        """The URL of a content page (a document without section, such as ``datenschutz``)
        for readers of ``lang``; None when it is missing or a draft."""
        page = self.portal.page(slug)
        return self.view(page, lang).url if page and not page.draft else None

    # -- per language -------------------------------------------------------------

    def sorted_views(self, content_type: ContentType, lang: str) -> list[ItemView]:
        """The listed items of a type in ``lang``, in the order its registry entry names."""
        portal = self.portal
        views = self.views(portal.of_type(content_type.name), lang)
        if content_type.sort == "next_date":
            never = FAR_FUTURE.replace(tzinfo=portal.now.tzinfo)
            return sorted(views, key=lambda v: v.next.start if v.next else never)
        if content_type.sort == "urgent_then_title":
            return sorted(views, key=lambda v: (not v.values.get("urgent"), v.title.casefold()))
        if content_type.sort == "status_then_title":
            return sorted(views, key=lambda v: (STATUS_ORDER.get(v.values.get("status", "open"), 0),
                                                v.title.casefold()))
        return sorted(views, key=lambda v: v.title.casefold())

    def home_items(self, block: HomeBlock, views: list[ItemView]) -> list[ItemView]:
        """What a type's block on the home page shows, from its listing in listing order."""
        if block.pick == "newest_open":
            never = self.portal.today.replace(year=1)
            picked = sorted((v for v in views if v.values.get("status", "open") == "open"),
                            key=lambda v: (v.values.get("updated") or never, v.slug), reverse=True)
        elif block.pick == "next":
            picked = [v for v in views if v.next]
        else:  # urgent
            picked = [v for v in views if v.values.get("urgent")]
        return picked[:block.count] if block.count is not None else picked

    def write_language(self, lang: str) -> None:
        portal = self.portal
        listed = self.write_home(lang)
        for name, views in listed.items():
            self.write_section(portal.types[name], lang, views)
        for content_type in portal.types.values():
            if content_type.archive:
                self.write_archive(content_type, lang)
        self.write(urls.section_path(lang, "links"), "links", lang, None, page_kind="links", made_of=[],
                   categories=self.link_categories())
        self.write(urls.section_path(lang, "partners"), "partners", lang, None, page_kind="partners", made_of=[],
                   groups=self.organisations_by_kind())
        self.write(urls.not_found_path(lang), "404", lang, None, page_kind="404", made_of=[])

    def write_home(self, lang: str) -> dict[str, list[ItemView]]:
        """The home page of ``lang``; returns each listed type's items in listing order."""
        portal = self.portal
        listed = {t.name: self.sorted_views(t, lang) for t in portal.types.values() if t.section}
        every = [item for items in portal.items.values() for item in items]
        order = portal.data.site.get("home") or portal.types.home_blocks
        blocks = [(portal.types[name], self.home_items(portal.types[name].home, listed[name]))
                  for name in order if name in listed]
        self.write_listing(urls.home_path(lang), "home", lang, every, page_kind="home",
                           blocks=[(t, items) for t, items in blocks if items or t.home.empty],
                           counts={name: len(views) for name, views in listed.items()})
        return listed

    def write_section(self, content_type: ContentType, lang: str, views: list[ItemView]) -> None:
        """A type's listings in ``lang`` (see :meth:`write_type_listings`), linking its archive if it has one."""
        variables: dict[str, Any] = {}
        if content_type.archive:
            variables["archive_url"] = self.url(urls.archive_path(lang, content_type.name))
        self.write_type_listings(content_type, lang, views, **variables)

    def type_filters(self, content_type: ContentType) -> filters.TypeFilters:
        """The filter values of a type's listed items (worked out once per build)."""
        if content_type.name not in self._filters:
            self._filters[content_type.name] = filters.TypeFilters(
                content_type, self.portal.of_type(content_type.name), self.portal.now, self.portal.data)
        return self._filters[content_type.name]

    def write_type_listings(self, content_type: ContentType, lang: str, views: list[ItemView],
                            **variables: Any) -> None:
        """A type's listing in pages, one listing per filter value, and the script's data file.

        Every page shows the filter chips; each chip links to its value's listing
        (``/de/offers/district/nordviertel/``), so every single filter works
        without JavaScript. The data file (``items.json``) holds each listed
        item's filter values and card, for the script that combines filters.
        """
        name = content_type.name
        base = urls.section_path(lang, name)
        type_filters = self.type_filters(content_type)
        chips = [{"filter": flt, "kind": filters.label_kind(flt, content_type),
                  "values": [{"value": chip.value, "count": chip.count,
                              "url": self.url(filters.filter_path(base, flt, chip.value))} for chip in values]}
                 for flt, values in type_filters.chips]
        common = {"month_label": lambda value: formatting.format_date(filters.month_of(value), lang, "LLLL y"),
                  "date_labels": filters.DATE_WINDOW_LABELS,
                  "page_kind": name, "base_url": self.url(base), "chips": chips,
                  "data_url": self.url(base + filters.DATA_FILE) if chips else None, "counted": content_type.counted,
                  "card_cache": self.card_cache(name, lang), **variables}
        self.write_paged(base, content_type, lang, views, common, None)
        for flt, values in type_filters.chips:
            for chip in values:
                self.write_paged(filters.filter_path(base, flt, chip.value), content_type, lang,
                                 type_filters.matching(views, flt, chip.value), common, (flt, chip.value))
        if chips:
            self.write_listing(base + filters.DATA_FILE, "listing_data", lang, self.portal.items[name],
                               page_kind=f"{name}_data", listed=views, page_size=filters.PAGE_SIZE,
                               filter_values={slug: {k: v for k, v in values.items() if v}
                                              for slug, values in type_filters.values.items()},
                               filters=content_type.filters, counted=content_type.counted, json=_json,
                               card_cache=common["card_cache"])

    def write_paged(self, base: str, content_type: ContentType, lang: str, views: list[ItemView],
                    common: dict[str, Any], current: tuple[Any, str] | None, template: str | None = None) -> None:
        """One listing (all items, one filter value's, the archive's) in pages of at most PAGE_SIZE items."""
        paged = filters.pages(views)
        links = [self.url(filters.page_path(base, number)) for number in range(1, len(paged) + 1)]
        for number, page in enumerate(paged, start=1):
            if not self._listing_changed(filters.page_path(base, number), page, len(views), common.get("chips")):
                continue
            self.write_listing(filters.page_path(base, number), template or content_type.listing_template, lang,
                               self.portal.items[content_type.name], **common,
                               listed=page, **{content_type.name: page}, count=len(views), current=current,
                               page_number=number, page_links=links)

    def write_archive(self, content_type: ContentType, lang: str) -> None:
        """The ended items of a type, the latest first (``/<lang>/events/archive/``), in pages
        of at most PAGE_SIZE as every listing: the archive only grows."""
        name = content_type.name
        past = sorted(
            (v for v in self.views(self.portal.of_type(name, include_ended=True), lang) if v.ended),
            key=lambda v: v.last.start if v.last else v.item.schedule.first().start, reverse=True)
        self.write_paged(urls.archive_path(lang, name), content_type, lang, past, {"page_kind": f"{name}_archive"},
                         None, content_type.archive_template)

    def write_listing(self, path: str, template: str, lang: str, items: list[Item], **variables: Any) -> None:
        """A page that lists ``items`` (or some of them): taken from the published site when none changed."""
        self.write(path, template, lang, None, made_of=items, **variables)

    # -- detail pages ----------------------------------------------------------------

    def detail_pages(self) -> list[DetailPage]:
        """Every detail page of this build: each item in every language.

        Where the item has no translation, the page shows the reader's menus,
        facts and form around the source text (see :attr:`DetailPage.variables`).
        """
        portal = self.portal
        codes = portal.data.codes
        pages = []
        for lang in codes:
            for content_type in portal.types.values():
                for item in portal.items[content_type.name]:
                    if item.draft and not self.settings.get("PORTAL_SHOW_DRAFTS"):
                        continue
                    pages.append(self.detail_page(item, lang))
        return pages

    def detail_page(self, item: Item, lang: str) -> DetailPage:
        """``item``'s page for readers of ``lang``."""
        codes = self.portal.data.codes
        switch_to = {code: self.url(self.portal.types.document_path(item.type, item.slug, code)) for code in codes}
        alternates = ({code: switch_to[code] for code in codes if code in item.languages}
                      if lang in item.languages else {})
        return DetailPage(item, lang, self.portal.types[item.type].detail_template, self.view(item, lang),
                          alternates, switch_to)

    def copy_unchanged(self, page: DetailPage) -> bool:
        """Take the page of an unchanged item from the published site instead of rendering it."""
        if not self.engine.reuse_file(urls.output_name(page.view.path), page.item, self.template_name(page.template)):
            return False
        self.announce(page)
        return True

    def announce(self, page: DetailPage) -> None:
        """Tell plugins that list pages (the sitemap) about a page not written by this process's writer."""
        variables = page.variables
        self.announce_page(page.view.path, page.lang, variables.pop("page_kind"), page.alternates, **variables)

    def announce_page(self, path: str, lang: str, page_kind: str, alternates: dict[str, str],
                      **variables: Any) -> None:
        signals.content_written.send(
            os.path.join(self.output_path, urls.output_name(path)),
            context={**self.context, "lang": lang, "page_kind": page_kind, "page_url": self.url(path),
                     "page_path": path, "alternates": alternates, "SITEURL": self.siteurl, **variables})

    def write_detail(self, page: DetailPage) -> None:
        self.write(page.view.path, page.template, page.lang, page.alternates, page.switch_to, **page.variables)
        self.engine.record(urls.output_name(page.view.path), page.item, self.template_name(page.template))

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
        for kind in ranked("organisation_kind"):
            members = [o for o in self.portal.data.organisations.values() if o["kind"] == kind]
            if members:
                groups.append((kind, members))
        return groups

    # -- outside the languages ------------------------------------------------------

    def write_root(self) -> None:
        data = self.portal.data
        alternates = {code: self.url(urls.home_path(code)) for code in data.codes}
        self.write("", "root", data.default_lang, alternates, page_kind="root", x_default=True, made_of=[])
        self.write("404.html", "root_404", data.default_lang, alternates, page_kind="root_404", made_of=[])
