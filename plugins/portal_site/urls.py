"""Where each page lives. Every language has its own prefix: ``/de/``, ``/ar/`` …

=========================  =====================================
``/``                      language choice (x-default), ``/404.html``
``/<lang>/``               home
``/<lang>/<section>/``     offers, trainings, events, donations, links, partners
``/<lang>/events/archive/`` past events
``/<lang>/<type>/<slug>/`` an offer, training, event or donation
``/<lang>/<slug>/``        a content page (about, privacy …)
``/materials/<file>``      downloads from ``content/materials/``
=========================  =====================================
"""

from __future__ import annotations

import posixpath

SECTIONS = ("offers", "trainings", "events", "donations", "links", "partners")


def home_path(lang: str) -> str:
    return f"{lang}/"


def section_path(lang: str, section: str) -> str:
    return f"{lang}/{section}/"


def archive_path(lang: str) -> str:
    return f"{lang}/events/archive/"


def document_path(doc_type: str, slug: str, lang: str) -> str:
    if doc_type == "pages":
        return f"{lang}/{slug}/"
    return f"{lang}/{doc_type}/{slug}/"


def not_found_path(lang: str) -> str:
    return f"{lang}/404.html"


def output_name(path: str) -> str:
    """The file a path is written to: directories get an ``index.html``."""
    return posixpath.join(path, "index.html") if path.endswith("/") or not path else path


def absolute(siteurl: str, path: str) -> str:
    """A link for a page or file; ``siteurl`` may be empty, a path or a full URL."""
    return f"{siteurl.rstrip('/')}/{path}"
