"""What the index needs besides the built pages, worked out while pages are written.

The index runs when the build has finished (Pelican's ``finalized`` signal),
which hands over only the Pelican object; the plan for its output folder is
kept here until then.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field


@dataclass
class SearchPlan:
    """Extra documents per language, and how many built pages should be indexed."""

    #: language -> rendered HTML of one record per entry of data/links.yaml
    links: dict[str, list[str]] = field(default_factory=dict)
    #: detail pages in the output that carry ``data-pagefind-body``
    indexed_pages: int = 0


_plans: dict[str, SearchPlan] = {}


def remember(output_path: str, plan: SearchPlan) -> None:
    _plans[os.path.abspath(output_path)] = plan


def take(output_path: str) -> SearchPlan | None:
    """The plan for this output folder, once (a devserver may build again)."""
    return _plans.pop(os.path.abspath(output_path), None)
