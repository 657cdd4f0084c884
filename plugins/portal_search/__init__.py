"""portal_search: a Pagefind index per language, a search page and a header field.

Two steps, each on its own signal:

- ``write_pages`` (portal_site): writes ``/<lang>/search/`` in every language and
  works out what the index needs besides the built pages: German-only items for
  the other languages' indexes, and the entries of ``data/links.yaml``
  (:mod:`.pages`, :mod:`.plan`).
- ``finalized`` (Pelican): runs Pagefind over the finished output folder and
  writes the bundle to ``<output>/pagefind/`` (:mod:`.indexer`). Any failure
  raises, so the build fails and the previous ``output/`` stays as it was.
  In devserver builds (``--incremental``) the previous index is carried over
  instead, and ``published`` (portal_site, sent once the pages are out) indexes
  the new output and swaps the bundle in: the changed page is there first.
  ``make html`` (tools/portal.py) sets ``PORTAL_INDEX_LATER`` and calls
  :func:`index_built` itself once Pelican's process has ended, so that the
  site's model is not held in memory while Pagefind runs.

Pagefind splits its index by each page's ``<html lang>``, so a reader searches
the pages of their own language with its stemming (none exists for fa and uk:
their words match exactly or by prefix). Only detail pages that have not ended
carry ``data-pagefind-body`` (theme/templates/detail.html), so listings, the
home page, 404s and ended items stay out of the index.
"""

from __future__ import annotations

from pelican import signals

from portal_content.messages import tr
from portal_site import published, write_pages

from .indexer import INDEX_LATER, index_built, index_output, refresh_deferred
from .pages import write_search_pages

__all__ = ["INDEX_LATER", "index_built", "register"]


def register() -> None:
    write_pages.connect(write_search_pages)
    signals.finalized.connect(index_output)
    published.connect(refresh_search)


def refresh_search(output: str) -> str | None:
    """``published`` receiver: the index a devserver build left for after its pages."""
    seconds = refresh_deferred(output)
    return None if seconds is None else tr("Search index refreshed in %(seconds)s s", seconds=f"{seconds:.1f}")
