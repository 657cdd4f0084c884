"""What the brochure lists: the current items of each listing, read from the built site.

The brochure reads what the build published, not the content again: each
listing's data file (``<lang>/<type>/items.json``, which the listing script
reads too) holds every listed item — current ones only: expired offers and
past events are not in listings — with its card as the theme rendered it.
From a card the brochure takes its title and the address of its page (for the
QR code); the card itself is shown as it is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from markupsafe import Markup

DATA_FILE = "items.json"  # portal_site.filters.DATA_FILE: the listing's data file


@dataclass(frozen=True)
class Item:
    title: str
    url: str  # the item's page, as the card links it (absolute when SITEURL was set)
    card: Markup  # the card's HTML, as the build wrote it (escaped and sanitised there)


@dataclass(frozen=True)
class Section:
    name: str  # the content type: offers, trainings, events, donations …
    items: list[Item]


class _CardTitle(HTMLParser):
    """The text and link of a card's ``card__title`` heading."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # > 0 inside the title heading
        self.url = ""
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if self.depth:
            self.depth += 1
            if tag == "a" and not self.url:
                self.url = dict(attrs).get("href") or ""
        elif "card__title" in classes:
            self.depth = 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.text.append(data)


def item(card: str) -> Item:
    parser = _CardTitle()
    parser.feed(card)
    return Item(" ".join("".join(parser.text).split()), parser.url, Markup(card))


class MissingListing(Exception):
    """A listing the brochure needs was not built (no ``items.json``): say which, and why."""


def sections(output: Path, lang: str, types: list[str]) -> list[Section]:
    """Per content type (in the given order) its current items in ``lang``, as listed."""
    found = []
    for name in types:
        data = output / lang / name / DATA_FILE
        if not data.is_file():
            raise MissingListing(f"{data} is missing: build the site first (make html), "
                                 f"and give the type {name!r} at least one filter (its listing's data file)")
        cards = json.loads(data.read_text(encoding="utf-8"))["items"]
        found.append(Section(name, [item(card["h"]) for card in cards]))
    return found
