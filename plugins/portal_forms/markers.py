"""The Markdown marker that places a form inside a body: ``[[form: <id>]]``.

An editor writes the marker alone on a line, with empty lines around it;
Markdown turns it into a paragraph of its own, ``<p>[[form: helfen]]</p>``,
which the ``with_forms`` template filter replaces by the rendered form. The
marker survives Markdown unchanged, so it is found in the body's HTML both
when checking and when rendering.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

MARKER = re.compile(r"\[\[\s*form:\s*(?P<id>[^\]\s]*)\s*\]\]")
ALONE = re.compile(r"<p>\s*(?P<marker>\[\[\s*form:\s*(?P<id>[^\]\s]*)\s*\]\])\s*</p>")


@dataclass(frozen=True)
class Marker:
    text: str  # as written, e.g. "[[form: helfen]]"
    form_id: str
    alone: bool  # a paragraph of its own (the only place it is replaced)


def find_markers(html: str) -> list[Marker]:
    """Every form marker in a body's HTML."""
    alone = {match.start("marker") for match in ALONE.finditer(html)}
    return [Marker(match.group(0), match["id"], match.start() in alone) for match in MARKER.finditer(html)]


def replace_markers(html: str, render: Callable[[str, int], str]) -> str:
    """Replace each stand-alone marker by ``render(form_id, number)`` (numbered from 1)."""
    count = 0

    def replace(match: re.Match) -> str:
        nonlocal count
        count += 1
        return render(match["id"], count)

    return ALONE.sub(replace, html)
