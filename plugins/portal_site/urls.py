"""Where each page lives. Every language has its own prefix: ``/de/``, ``/ar/`` …
An item's page is where its type's registry entry says (``Registry.document_path``).

=========================  =====================================
``/``                      language choice (x-default), ``/404.html``
``/<lang>/``               home
``/<lang>/<section>/``     each content type's listing (registry), links, partners
``/<lang>/<type>/archive/`` ended items of a type with an archive (past events)
``/<lang>/<type>/<slug>/`` an item (an offer, training, event, donation …)
``/<lang>/<slug>/``        an item of a type without section: a content page (about, privacy …)
``/materials/<file>``      downloads from ``content/materials/``
=========================  =====================================
"""

from __future__ import annotations

import posixpath


def home_path(lang: str) -> str:
    return f"{lang}/"


def section_path(lang: str, section: str) -> str:
    return f"{lang}/{section}/"


def archive_path(lang: str, section: str) -> str:
    return f"{lang}/{section}/archive/"


def not_found_path(lang: str) -> str:
    return f"{lang}/404.html"


def output_name(path: str) -> str:
    """The file a path is written to: directories get an ``index.html``."""
    return posixpath.join(path, "index.html") if path.endswith("/") or not path else path


def absolute(siteurl: str, path: str) -> str:
    """A link for a page or file; ``siteurl`` may be empty, a path or a full URL."""
    return f"{siteurl.rstrip('/')}/{path}"
