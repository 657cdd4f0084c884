"""One changed document read and checked again, into a portal already loaded (the devserver).

The devserver keeps the checked :class:`~.model.Portal` between edits. When an
editor saves a document the model knows, only that file is read again, through
the same readers and checks as the build (:mod:`.load`), and the item it belongs
to is updated in place, so every view of the item sees the change. A problem
leaves the model as it was and is raised as :class:`~.errors.ContentErrors`,
worded as the build words it. A new or removed document changes what other
documents may link to: the caller rebuilds instead.
"""

from __future__ import annotations

import os
from typing import Any

from pelican.readers import Readers

from .document import Document
from .errors import ContentError, ContentErrors
from .load import _as_document, _checked, internal_error, validate
from .model import Item, Portal, typed_values


def documents_of(portal: Portal) -> dict[str, Document]:
    """Every document of the portal by its content-relative path."""
    return {doc.rel: doc for items in portal.items.values() for item in items
            for doc in (item.source, *item.translations.values())}


def reread(settings: dict[str, Any], portal: Portal, readers: Readers, rel: str) -> Item:
    """Read ``content/<rel>`` again, check it as the build does and put it into ``portal``.

    Returns the item it belongs to (changed in place). Raises ContentErrors listing
    every problem of the document, and then changes nothing. ``rel`` must be a
    document the portal holds (see :func:`documents_of`).
    """
    content_dir = settings["PATH"]
    data_dir = settings.get("PORTAL_DATA_PATH") or os.path.join(os.path.dirname(content_dir), "data")
    known = documents_of(portal)
    previous = known[rel]
    try:
        document = readers.read_file(content_dir, rel, content_class=_as_document)
    except ContentError as error:
        raise ContentErrors([error]) from None
    document.rel, document.type = rel, previous.type
    errors = _checked(document, portal.data, set(known), content_dir)
    # Plugins' checks look at the whole site for some things (a form's privacy page):
    # they get the content pages too, and only this document's problems count here.
    pages = [item.source for item in portal.pages() if item.source.rel != rel]
    try:
        for _receiver, found in validate.send(portal.data, documents=[document, *pages], data_dir=data_dir,
                                              content_dir=content_dir, settings=settings):
            errors += [error for error in found or [] if error.path == document.path]
    except Exception as error:  # noqa: BLE001 - a plugin's check failed: name the file, as the build does
        errors.append(internal_error(os.path.join(content_dir, rel), error))
    if errors:
        raise ContentErrors(errors)
    item = next(i for i in portal.items[previous.type] if i.slug == document.slug)
    if document.lang == item.source.lang:
        item.source = document
        item.values = typed_values(document.meta, portal.data.types[document.type])
    else:
        item.translations[document.lang] = document
    return item
