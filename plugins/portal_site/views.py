"""What templates see of an item in one reader's language.

An :class:`ItemView` is an item as shown to a reader of ``lang``: its own
translation when there is one, else the source, marked with the language the
text is really in (``content_lang``) so templates can set ``lang`` on it.
Every item has a page in every language (``path``): an untranslated one shows
the reader's menus, facts and form around the source text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import Any

from babel import Locale
from markupsafe import Markup

from portal_content import LINK_ATTRIBUTE, Document, Item, Portal, Registry, internal_link

from . import filters, urls



def resolve_links(html: str, document: Document, by_path: dict[str, Document], siteurl: str,
                  types: Registry, lang: str) -> str:
    """Turn Pelican-style ``{filename}`` and ``{static}`` links into site URLs.

    A link to another item leads to its page for readers of ``lang`` (every item
    has one), whichever language version the editor named: a reader of a German
    text shown on a Farsi page stays in Farsi.
    """

    def replace(match: re.Match) -> str:
        link = internal_link(match["url"], document.rel)
        linked = by_path.get(link.path) if link.to_document else None
        path = types.document_path(linked.type, linked.slug, lang) if linked is not None else link.path
        return f'{match["attribute"]}="{urls.absolute(siteurl, path)}{link.rest}"'

    return LINK_ATTRIBUTE.sub(replace, html)


@dataclass
class ItemView:
    item: Item
    lang: str
    portal: Portal
    siteurl: str
    by_path: dict[str, Document]

    @property
    def type(self) -> str:
        return self.item.type

    @property
    def has_notice(self) -> bool:
        """Whether the page offers a notice for notice boards: a current item of a listed type
        (offers, events, trainings, donation needs), not a content page or an ended item."""
        return bool(self.portal.types[self.type].section) and not self.ended

    def in_language(self, lang: str) -> "ItemView":
        """The same item as a reader of ``lang`` sees it (a notice's German column on an Arabic page)."""
        return ItemView(self.item, lang, self.portal, self.siteurl, self.by_path)

    @property
    def slug(self) -> str:
        return self.item.slug

    @property
    def translated(self) -> bool:
        return self.lang == self.item.source_lang or self.lang in self.item.translations

    @cached_property
    def content_lang(self) -> str:
        return self.lang if self.translated else self.item.source_lang

    @property
    def text_attrs(self) -> Markup:
        """``lang`` and ``dir`` for an element holding the item's text, where it is not in ``lang``."""
        if self.translated:
            return Markup("")
        direction = self.portal.data.language(self.content_lang).direction
        return Markup(' lang="%s" dir="%s"') % (self.content_lang, direction)

    @property
    def document(self) -> Document:
        return self.item.document(self.content_lang)

    @property
    def path(self) -> str:
        """The item's page for readers of ``lang``: there is one in every language."""
        return self.portal.types.document_path(self.item.type, self.item.slug, self.lang)

    @property
    def url(self) -> str:
        return urls.absolute(self.siteurl, self.path)

    @property
    def content_path(self) -> str:
        """The page whose language the text is in: ``path``, or the source's where untranslated."""
        return self.portal.types.document_path(self.item.type, self.item.slug, self.content_lang)

    @property
    def title(self) -> str:
        return self.item.text("title", self.content_lang)

    @property
    def summary(self) -> str | None:
        return self.item.text("summary", self.content_lang)

    def text(self, key: str) -> Any:
        return self.item.text(key, self.content_lang)

    @property
    def values(self) -> dict[str, Any]:
        return self.item.values

    @property
    def outdated(self) -> bool:
        return self.content_lang in self.item.outdated

    @cached_property
    def html(self) -> Markup:
        """The body as HTML (rendered from the editor's Markdown, so trusted markup)."""
        return Markup(resolve_links(self.document.html, self.document, self.by_path, self.siteurl,
                                    self.portal.types, self.lang))

    @property
    def now(self) -> datetime:
        return self.portal.now

    @cached_property
    def next(self):
        return self.item.next_occurrence(self.portal.now)

    def upcoming(self, count: int = 5) -> list:
        schedule = self.item.schedule
        return list(schedule.occurrences(after=self.portal.now, limit=count)) if schedule else []

    @cached_property
    def last(self):
        """The last occurrence that has begun (for the archive)."""
        schedule = self.item.schedule
        last = None
        if schedule:
            for occurrence in schedule.occurrences():
                if occurrence.start > self.portal.now:
                    break
                last = occurrence
        return last

    @property
    def ended(self) -> bool:
        """As ``Item.ended``, with this view's next occurrence (worked out once)."""
        return self.item.expired(self.portal.today) or (self.item.schedule is not None and self.next is None)

    @cached_property
    def times(self) -> list[str]:
        """When it needs people or takes place: ids of taxonomies.yaml's ``times`` (see filters.py)."""
        return filters.item_times(self.item, self.portal.now)

    @property
    def recurring(self) -> bool:
        return bool(self.item.values.get("recurrence"))

    @property
    def skipped_dates(self) -> list:
        return [d for d in self.item.values.get("exdates", []) if d >= self.portal.today]

    @property
    def deadline_passed(self) -> bool:
        deadline = self.item.values.get("deadline")
        return deadline is not None and deadline < self.portal.today

    @cached_property
    def helping_languages(self) -> list[tuple[str, str, str]]:
        """The languages that help, each as (code, its own name, direction).

        In its own name because a reader scans a card for the name of their own
        language ("العربية", not "Arabisch"); the site's languages are named as in
        ``site.yaml``, others as Babel names them in themselves.
        """
        configured = {language.code: language for language in self.portal.data.languages}
        found = []
        for code in self.item.values.get("languages", []):
            if code in configured:
                found.append((code, configured[code].name, configured[code].direction))
                continue
            try:
                locale = Locale.parse(code)
            except (ValueError, LookupError):
                found.append((code, code, "ltr"))
                continue
            direction = "rtl" if locale.character_order == "right-to-left" else "ltr"
            found.append((code, locale.get_display_name(code) or code, direction))
        return found

    @property
    def organisation(self) -> dict[str, Any] | None:
        org_id = self.item.values.get("organisation")
        return self.portal.data.organisations.get(org_id) if org_id else None

    def place_of(self, key: str) -> dict[str, Any] | None:
        place_id = self.item.values.get(key)
        return self.portal.data.places.get(place_id) if place_id else None

    @property
    def place(self) -> dict[str, Any] | None:
        return self.place_of("place")

    @property
    def drop_off(self) -> dict[str, Any] | None:
        return self.place_of("drop_off")

    @property
    def source_url(self) -> str:
        return urls.absolute(self.siteurl, self.portal.types.document_path(self.item.type, self.item.slug,
                                                                           self.item.source_lang))

    @property
    def canonical_url(self) -> str:
        """Where search engines should look: this page, or the source where it is untranslated."""
        return self.url if self.translated else self.source_url
