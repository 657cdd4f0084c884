"""portal_site: writes the portal's pages in every language in one Pelican run.

Reads ``context["portal"]`` (made by portal_content) and renders the theme's
templates: home, section listings, detail pages, links, partners, content
pages and 404s, once per configured language. URL scheme: see :mod:`.urls`.
"""

from __future__ import annotations

from typing import Any

from pelican import signals

from .generator import SiteGenerator


def get_generators(pelican: Any) -> type:
    return SiteGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
