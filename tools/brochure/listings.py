"""What the brochure lists: the current items of each listing, read from the built site.

The brochure reads what the build published, not the content again: each
listing's data file (``<lang>/<type>/items.json``, which the listing script
reads too) holds every listed item — current ones only: expired offers and
past events are not in listings — with its card as the theme rendered it.
A listing without filter values (no item has any, or it lists nothing) has no
data file; its pages hold the same cards, and those are read instead. From a
card the brochure takes its title and the address of its page (for the QR code);
the card itself is shown as it is.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from markupsafe import Markup

DATA_FILE = "items.json"  # portal_site.filters.DATA_FILE: the listing's data file
CARD = re.compile(r'<article class="card[ "].*?</article>', re.S)  # cards hold no article


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
    """A listing the brochure needs was not built: say which, and what to do."""


def listed_cards(listing: Path) -> list[str]:
    """The cards of a built listing folder (``de/offers/``), in the listing's order."""
    data = listing / DATA_FILE
    if data.is_file():
        return [card["h"] for card in json.loads(data.read_text(encoding="utf-8"))["items"]]
    if not (listing / "index.html").is_file():
        raise MissingListing(f"{listing / 'index.html'} is missing: build the site first (make html)")
    pages = [listing / "index.html"] + sorted((listing / "page").glob("*/index.html"),
                                             key=lambda page: int(page.parent.name))
    return [card for page in pages for card in CARD.findall(page.read_text(encoding="utf-8"))]


def sections(output: Path, lang: str, types: list[str]) -> list[Section]:
    """Per content type (in the given order) its current items in ``lang``, as listed."""
    return [Section(name, [item(card) for card in listed_cards(output / lang / name)]) for name in types]
