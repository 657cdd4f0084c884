"""portal_site: writes the portal's pages in every language in one Pelican run.

Reads ``context["portal"]`` (made by portal_content) and renders the theme's
templates: home, section listings, detail pages, links, partners, content
pages and 404s, once per configured language. URL scheme: see :mod:`.urls`.

Other plugins add pages through the ``write_pages`` signal: connect a receiver
``def receiver(site: SiteGenerator, writer)`` and call ``site.write(path,
template, lang, alternates, **variables)``; ``site.view(item, lang)`` gives an
item as a reader of ``lang`` sees it. Work that follows a published build (the
devserver's search index) connects to ``published``, which the build tool
has this plugin send through :func:`announce_published`.
"""

from __future__ import annotations

from typing import Any

from pelican import signals

from . import brand
from .generator import SiteGenerator, published, write_pages

__all__ = ["SiteGenerator", "announce_published", "published", "write_pages", "register"]


def announce_published(output: str) -> list[str]:
    """Send ``published`` for the output folder a build has just replaced;
    return the lines its receivers want shown (a receiver's error propagates)."""
    return [line for _receiver, line in published.send(output) if line]


def get_generators(pelican: Any) -> type:
    return SiteGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
    write_pages.connect(brand.remember_brand)
    signals.finalized.connect(brand.write_brand)
