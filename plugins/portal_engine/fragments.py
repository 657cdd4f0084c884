"""Parts of pages that are the same on many pages, rendered once per build.

A template wraps such a part in a call block with a key that names everything
the part depends on besides the build itself (its data, settings, templates)::

    {% call once("footer", lang) %}{% include "partials/footer.html" %}{% endcall %}

The first page renders the block; every later page with the same key gets the
same HTML. The footer differs only by language, so a build renders it six times
instead of once per page; a listing's filter chips differ only by listing and
current filter value, not by page number. The HTML is kept by the build's
engine (:meth:`.engine.Engine.once`), apart for each template environment.

A key that leaves out something the block depends on shows one page's HTML on
another: keep keys complete, and test the pages a key covers against each other.
"""

from __future__ import annotations

from typing import Any, Callable, Hashable

from markupsafe import Markup

from .engine import Engine


def add_to_environment(generator: Any, engine: Engine) -> None:
    """Give the generator's templates ``once``, kept by this build's ``engine``
    (a new build starts afresh: ``pelican --autoreload``)."""
    env = getattr(generator, "env", None)
    if env is None:
        return
    scope = ("environment", id(env))

    def once(*key: Hashable, caller: Callable[[], str]) -> Markup:
        return engine.once(scope, *key, caller=lambda: Markup(caller()))

    env.globals["once"] = once
