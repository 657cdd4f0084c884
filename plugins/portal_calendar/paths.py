"""Where the calendar files and feeds live. All are static files, one set per language.

=======================================  ==============================================
``/<lang>/events/<slug>/event.ics``      one event (``training.ics`` for a training: each type
                                         with ``calendar`` in the registry, ``<singular>.ics``),
                                         while it has dates to come, in each language it is
                                         written in (an untranslated page links to the source's)
``/<lang>/calendar/``                    how to subscribe, with every calendar's address
``/<lang>/calendar/all.ics``             all upcoming events and trainings
``/<lang>/calendar/areas/<area>.ics``    the same, of one area
``/<lang>/feeds/atom.xml``               Atom feed of new offers, events and trainings
=======================================  ==============================================

``calendar`` and ``feeds`` are reserved page slugs (portal_content), so no
content page can take these addresses.
"""

from __future__ import annotations

from portal_content import ContentType


def item_calendar_path(item_path: str, content_type: ContentType) -> str:
    """The .ics file beside an event's or training's page (``item_path`` ends in ``/``)."""
    return item_path + content_type.calendar_file


def calendar_page_path(lang: str) -> str:
    return f"{lang}/calendar/"


def feed_path(lang: str, area: str | None = None) -> str:
    """The subscribable calendar of all upcoming dates, or of one area's."""
    return f"{lang}/calendar/areas/{area}.ics" if area else f"{lang}/calendar/all.ics"


def atom_path(lang: str) -> str:
    return f"{lang}/feeds/atom.xml"

