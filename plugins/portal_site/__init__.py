"""portal_site: writes the portal's pages in every language in one Pelican run.

Reads ``context["portal"]`` (made by portal_content) and renders the theme's
templates: home, section listings, detail pages, links, partners, content
pages and 404s, once per configured language. URL scheme: see :mod:`.urls`.

Other plugins add pages through the ``write_pages`` signal: connect a receiver
``def receiver(site: SiteGenerator, writer)`` and call ``site.write(path,
template, lang, alternates, **variables)``; ``site.view(item, lang)`` gives an
item as a reader of ``lang`` sees it.
"""

from __future__ import annotations

from typing import Any

from pelican import signals

from .generator import SiteGenerator, published, write_pages

__all__ = ["SiteGenerator", "published", "write_pages", "register"]


def get_generators(pelican: Any) -> type:
    return SiteGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
