"""What calendar files, feeds and structured data say about an item or organisation.

Everything here is in one reader's language: ``data/`` texts fall back to the
default language as they do on the pages (portal_i18n's ``text``).
"""

from __future__ import annotations

import re
from typing import Any

from portal_content import SiteData
from portal_i18n import formatting

# A cost text that starts with one of these says the event is free ("kostenlos,
# Spenden willkommen"); one that names a sum of money says it is not.
FREE = re.compile(r"^(kostenlos|kostenfrei|gratis|umsonst|eintritt frei|free\b|no charge)", re.IGNORECASE)
PRICE = re.compile(r"\d.*(€|eur\b|euro)|(€|eur\b|euro).*\d", re.IGNORECASE)


def text(value: Any, lang: str, data: SiteData) -> str:
    """A ``data/`` text (string or ``{de: …, en: …}``) in ``lang``."""
    return formatting.text(value, lang, data.default_lang)


def is_free(cost: str | None) -> bool | None:
    """True when the cost text says free, False when it names a price, else None (unclear)."""
    if not cost:
        return None
    cost = cost.strip()
    if FREE.match(cost):
        return True
    if PRICE.search(cost):
        return False
    return None


def address_lines(holder: dict[str, Any] | None) -> list[str]:
    """``["Marktplatz 1", "12345 Beispielheim"]`` for a place or organisation."""
    address = (holder or {}).get("address") or {}
    town = " ".join(part for part in (address.get("postcode"), address.get("city")) if part)
    return [line for line in (address.get("street"), town) if line]


def location_text(place: dict[str, Any] | None, lang: str, data: SiteData) -> str | None:
    """``Rathaus, Marktplatz 1, 12345 Beispielheim``: what a calendar app shows and maps."""
    if not place:
        return None
    return ", ".join([text(place["name"], lang, data), *address_lines(place)])


def area_labels(values: dict[str, Any], lang: str, data: SiteData) -> list[str]:
    areas = data.taxonomies.get("areas", {})
    return [text(areas[area], lang, data) for area in values.get("areas", []) if area in areas]
