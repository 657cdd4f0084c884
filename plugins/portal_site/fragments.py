"""Parts of pages that are the same on many pages, rendered once per build.

A template wraps such a part in a call block with a key that names everything
the part depends on besides the build itself (its data, settings, templates)::

    {% call once("footer", lang) %}{% include "partials/footer.html" %}{% endcall %}

The first page renders the block; every later page with the same key gets the
same HTML. The footer differs only by language, so a build renders it six times
instead of once per page; a listing's filter chips differ only by listing and
current filter value, not by page number. At 2,000 items × 6 languages these
two were about a sixth of the rendering time (make bench's profile).

A key that leaves out something the block depends on shows one page's HTML on
another: keep keys complete, and test the pages a key covers against each other.
"""

from __future__ import annotations

from typing import Any, Callable, Hashable

from markupsafe import Markup


class Fragments:
    """The rendered parts of one build, by key (one object per template environment)."""

    def __init__(self) -> None:
        self.rendered: dict[tuple[Hashable, ...], Markup] = {}

    def once(self, *key: Hashable, caller: Callable[[], str]) -> Markup:
        """The block's HTML for ``key``: rendered by ``caller`` the first time, kept after."""
        if key not in self.rendered:
            self.rendered[key] = Markup(caller())
        return self.rendered[key]


def add_to_environment(generator: Any) -> None:
    """``generator_init`` receiver: a fresh :class:`Fragments` for each generator's templates,
    so a build never shows a part rendered by an earlier one (``pelican --autoreload``)."""
    generator.env.globals["once"] = Fragments().once
