"""The portal's items: a source document, its translations, typed field values."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import Any

from .data import SiteData
from .document import Document
from .registry import ContentType, Registry
from .timeutil import Occurrence, Schedule, parse_date, parse_when


def typed_values(meta: dict[str, Any], content_type: ContentType) -> dict[str, Any]:
    """Front-matter values converted: dates to ``date``, times to wall-clock ``datetime``."""
    values: dict[str, Any] = {}
    fields = content_type.all_fields
    for key, value in meta.items():
        kind = fields[key].kind if key in fields else None
        if kind == "date":
            values[key] = parse_date(value)
        elif kind == "datetime":
            values[key] = parse_when(value)
        elif kind == "date_list":
            values[key] = [parse_date(v) for v in value]
        elif isinstance(value, list):
            values[key] = list(value)
        elif isinstance(value, dict):
            values[key] = dict(value)
        else:
            values[key] = value
    return values


@dataclass
class Item:
    """One offer, event … in all its languages."""

    type: str
    slug: str
    source: Document
    translations: dict[str, dict[str, Any]] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)
    outdated: set[str] = field(default_factory=set)
    #: The site's time zone (settings' ``TIMEZONE``), in which its dates take place.
    tz: tzinfo | None = None

    @property
    def source_lang(self) -> str:
        return self.source.lang

    @property
    def languages(self) -> list[str]:
        return [self.source_lang, *sorted(self.translations)]

    def document(self, lang: str) -> Document:
        """The document shown to a reader of ``lang``: the translation, else the source."""
        return self.translations.get(lang, self.source)

    def text(self, key: str, lang: str) -> Any:
        """A translatable value in ``lang``, falling back to the source."""
        translation = self.translations.get(lang)
        if translation and key in translation.meta:
            return translation.meta[key]
        return self.source.meta.get(key)

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    @property
    def schedule(self) -> Schedule | None:
        if "start" not in self.values:
            return None
        return Schedule(
            self.values["start"],
            self.values.get("end"),
            self.values.get("recurrence"),
            self.values.get("until"),
            frozenset(self.values.get("exdates", [])),
            self.tz,
        )

    @property
    def draft(self) -> bool:
        return bool(self.values.get("draft"))

    def expired(self, today: date) -> bool:
        expires = self.values.get("expires")
        return expires is not None and expires < today

    def next_occurrence(self, now: datetime) -> Occurrence | None:
        schedule = self.schedule
        return schedule.next(now) if schedule else None

    def ended(self, now: datetime) -> bool:
        """Past ``expires``, or (events, trainings) past the last end."""
        if self.expired(now.date()):
            return True
        schedule = self.schedule
        return schedule is not None and schedule.next(now) is None


@dataclass
class Portal:
    """Everything the templates and later plugins need, checked and linked."""

    data: SiteData
    items: dict[str, list[Item]]
    now: datetime
    #: content-relative path -> its last change in git (epoch seconds); empty outside
    #: a checkout or with ``PORTAL_GIT_DATES = False``
    changed: dict[str, float] = field(default_factory=dict)
    #: Errors in drafts: listed by make check and make report, but they do not stop the build.
    draft_errors: list[Any] = field(default_factory=list)

    @property
    def types(self) -> Registry:
        """The site's content types (portal_content.registry)."""
        return self.data.types

    @property
    def today(self) -> date:
        return self.now.date()

    def of_type(self, doc_type: str, include_ended: bool = False) -> list[Item]:
        return [
            item for item in self.items.get(doc_type, [])
            if not item.draft and (include_ended or not item.ended(self.now))
        ]

    def get(self, doc_type: str, slug: str) -> Item | None:
        return next((i for i in self.items.get(doc_type, []) if i.slug == slug), None)

    def pages(self) -> list[Item]:
        """Content pages: the items of types without a section (``/<lang>/<slug>/``), drafts included."""
        return [item for content_type in self.types.values() if not content_type.section
                for item in self.items.get(content_type.name, [])]

    def page(self, slug: str) -> Item | None:
        """The content page with this slug (the privacy page a form names, say)."""
        return next((item for item in self.pages() if item.slug == slug), None)

    def all_items(self) -> list[Item]:
        return [item for items in self.items.values() for item in items if not item.draft]
