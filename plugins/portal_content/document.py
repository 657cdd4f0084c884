"""One Markdown document as the reader parsed it: the unit every other step works on.

A document is one file, ``content/<type>/<slug>.<lang>.md``: its front matter
(``meta``, a :class:`~.yamlload.LinedDict` that knows each key's line), its body
as sanitised HTML, the links the body holds with their lines, and what the body
held outside the allowlist. Pelican caches it between builds (pickled), so it
holds only plain data; checks that need ``data/`` or other documents happen
later, in :mod:`.validate`, and are reported on every build.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .yamlload import LinedDict


@dataclass
class Document:
    path: str  #: as editors see it, relative to the project folder
    type: str  #: the content type's folder, e.g. ``offers``
    slug: str
    lang: str
    meta: LinedDict
    html: str  #: the body, converted and sanitised
    links: list[tuple[str, int]]  #: each URL of the body, with its line
    #: what the body holds outside the allowlist: (line, message), reported by the
    #: checks on every build (the cached document carries it)
    body_findings: list[tuple[int, str]] = field(default_factory=list)
    rel: str = ""  #: the path relative to ``content/``, set when the document is loaded
