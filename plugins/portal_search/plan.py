"""What the index needs besides the built pages, worked out while pages are written.

The index runs when the build has finished (Pelican's ``finalized`` signal,
which hands over only the Pelican object; or, in ``make html``, in the build
tool's process once Pelican's has ended), or in devserver builds after the
output was published (portal_site's ``published``). The plan therefore travels
with the build's own output folder, as a file in its bundle folder that
indexing removes: no state is kept in the process, so a devserver or
``pelican --autoreload`` never indexes with the plan of an earlier build, and
the output's top level (which ``_headers`` lists) is the same as without it.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field

#: The folder of Pagefind's bundle in the output.
BUNDLE = "pagefind"
#: The plan's file in the output folder; removed once the index is written.
PLAN_FILE = os.path.join(BUNDLE, ".search-plan.json")
#: The output's files Pagefind reads (a glob in its ``wax`` syntax, relative to the output):
#: the pages at the depths of the items' pages, ``<lang>/<slug>/`` and ``<lang>/<type>/<slug>/``
#: (portal_site.urls). Only items' pages carry ``data-pagefind-body``; Pagefind would still
#: read and parse every other page to find that out, and the listings' pages, filter
#: values' pages and their numbered pages below them (3,456 files, 98 MB at 2,000 items ×
#: 6 languages) cost it about a quarter of its CPU time for nothing.
INDEXED_PAGES = "*/{*,*/*}/index.html"


@dataclass
class SearchPlan:
    """Extra documents per language, and how many built pages should be indexed."""

    #: language -> rendered HTML of one record per entry of data/links.yaml
    links: dict[str, list[str]] = field(default_factory=dict)
    #: detail pages in the output that carry ``data-pagefind-body``
    indexed_pages: int = 0
    #: which of the output's files Pagefind reads (``add_directory``'s ``glob``); None: every HTML file
    glob: str | None = None


def remember(output_path: str, plan: SearchPlan) -> None:
    """Keep ``plan`` with the output folder it describes."""
    os.makedirs(os.path.join(output_path, BUNDLE), exist_ok=True)
    with open(os.path.join(output_path, PLAN_FILE), "w", encoding="utf-8") as target:
        json.dump(asdict(plan), target, ensure_ascii=False)


def pending(output_path: str) -> SearchPlan | None:
    """The plan this output folder still waits to be indexed with, or None."""
    try:
        with open(os.path.join(output_path, PLAN_FILE), encoding="utf-8") as source:
            return SearchPlan(**json.load(source))
    except FileNotFoundError:
        return None


def done(output_path: str) -> None:
    """The index of this output folder is written: its plan goes."""
    try:
        os.remove(os.path.join(output_path, PLAN_FILE))
    except FileNotFoundError:
        pass
