"""An Atom feed per language of what is new: offers, events and trainings.

Made with ``feedgenerator`` (the feed library Pelican itself uses). Entries are
the listed items, newest first by their ``updated`` date (else the last git
change of their source file, else the build time). Entry ids are ``urn:uuid``
names derived from the item's calendar UID and the language: stable across
builds and hosts.
"""

from __future__ import annotations

import uuid
from textwrap import shorten
from datetime import date, datetime, time
from typing import Any, Callable, Iterable

import feedgenerator
from markupsafe import Markup, escape

from . import facts

MAX_ENTRIES = 50
SHORT = 300  # characters of the body an entry without summary shows


def entry_id(name: str) -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"


def updated_at(item: Any, changed: Callable[[Any], datetime | None], now: datetime) -> datetime:
    """When an item last changed: its ``updated`` date, else git, else now."""
    updated: date | None = item.values.get("updated")
    if updated is not None:
        return datetime.combine(updated, time(), tzinfo=now.tzinfo)
    return changed(item) or now


def atom_feed(views: Iterable[Any], *, lang: str, title: str, subtitle: str, link: str, feed_url: str,
              feed_id: str, author: str, uid: Callable[[Any], str],
              updated: Callable[[Any], datetime]) -> str:
    """The feed's XML: the ``MAX_ENTRIES`` most recently changed items."""
    feed = feedgenerator.Atom1Feed(
        title=title, link=link, description=subtitle, language=lang, feed_url=feed_url,
        feed_guid=feed_id, author_name=author,
    )
    newest = sorted(views, key=lambda v: (updated(v.item), v.type, v.slug), reverse=True)[:MAX_ENTRIES]
    for view in newest:
        data = view.portal.data
        organisation = view.organisation
        feed.add_item(
            title=view.title,
            link=view.url,
            # plain text; Atom's "html" summary is escaped once more on output
            description=str(escape(view.summary or shorten(Markup(view.html).striptags(), SHORT))),
            unique_id=entry_id(f"{uid(view)}/{view.content_lang}"),
            updateddate=updated(view.item),
            categories=facts.area_labels(view.values, view.lang, data),
            author_name=facts.text(organisation["name"], view.lang, data) if organisation else None,
        )
    return feed.writeString("utf-8")
