"""Where the calendar files and feeds live. All are static files.

=======================================  ==============================================
``/<src>/events/<slug>/event.ics``       one event series, while it has dates to come
                                         (``training.ics`` for a training: each type with
                                         ``calendar`` in the registry, ``<singular>.ics``),
                                         beside the source's page; every language's page
                                         links to it (see :func:`series_calendar_path`)
``/<lang>/calendar/``                    how to subscribe, with every calendar's address
``/<lang>/calendar/all.ics``             all upcoming events and trainings
``/<lang>/calendar/areas/<area>.ics``    the same, of one area
``/<lang>/feeds/atom.xml``               Atom feed of new offers, events and trainings
=======================================  ==============================================

``calendar`` and ``feeds`` are reserved page slugs (portal_content), so no
content page can take these addresses.
"""

from __future__ import annotations

from portal_content import Registry


def series_calendar_path(types: Registry, doc_type: str, slug: str, source_lang: str) -> str:
    """The one .ics file of an event or training, beside its source's page.

    One file per item, not per language: a VEVENT holds one title, so a file per
    language would multiply the files by six (README, "Calendars, feeds and
    structured data"); the translations are in the file's description instead.
    """
    return types.document_path(doc_type, slug, source_lang) + types[doc_type].calendar_file


def calendar_page_path(lang: str) -> str:
    return f"{lang}/calendar/"


def feed_path(lang: str, area: str | None = None) -> str:
    """The subscribable calendar of all upcoming dates, or of one area's."""
    return f"{lang}/calendar/areas/{area}.ics" if area else f"{lang}/calendar/all.ics"


def atom_path(lang: str) -> str:
    return f"{lang}/feeds/atom.xml"

