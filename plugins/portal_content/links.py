"""Links between the site's own files, written as Pelican writes them: the one resolver.

In a body, ``[text]({filename}/offers/x.de.md)`` links another document and
``{static}/materials/plan.pdf`` a download; a path without a leading ``/`` is
relative to the linking document's folder. The checks (does the file exist, does
the path stay inside ``content/``), the pages (which URL the link gets) and the
editors' report (does it point to a draft) all read a link through
:func:`internal_link`, so the markers and the path rules live here only.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

#: Pelican's markers for links to the site's own files (``|…|`` is its older spelling).
MARKERS = ("{filename}", "|filename|", "{static}", "|static|", "{attach}")
#: The markers that name another document (the others name a file that is copied).
DOCUMENT_MARKERS = ("{filename}", "|filename|")

#: An ``href`` or ``src`` attribute in converted HTML that holds such a link.
LINK_ATTRIBUTE = re.compile(
    r'(?P<attribute>href|src)="(?P<url>(?:' + "|".join(re.escape(m) for m in MARKERS) + r')[^"]*)"')


@dataclass(frozen=True)
class InternalLink:
    """A link to a file under ``content/``, its path made relative to ``content/``."""

    marker: str
    path: str  #: normalised, relative to content/ (may start with ``..``: see escapes())
    rest: str  #: what followed the path: ``#fragment`` or ``?query``, or ""

    @property
    def to_document(self) -> bool:
        return self.marker in DOCUMENT_MARKERS


def internal_link(url: str, document_rel: str) -> InternalLink | None:
    """The link ``url`` written in the document at ``document_rel``; None for any other URL."""
    marker = next((m for m in MARKERS if url.startswith(m)), None)
    if marker is None:
        return None
    written = url[len(marker):]
    cut = min((i for i in (written.find("#"), written.find("?")) if i >= 0), default=len(written))
    target = written[:cut]
    path = posixpath.normpath(target.lstrip("/") if target.startswith("/")
                              else posixpath.join(posixpath.dirname(document_rel), target))
    return InternalLink(marker, path, written[cut:])
