"""Serialised VEVENTs kept between devserver builds.

Serialising an event with icalendar is most of the work of the calendar files
(at 2,000 items × 6 languages about 10 s of every rebuild, make bench). A
devserver build (``PORTAL_INCREMENTAL``) takes an item's serialised VEVENT from
the last build when the item is unchanged by the same fingerprints as the page
reuse (plugins/portal_site/reuse.py: the site as a whole and the item's
documents); only DTSTAMP, the time the build ran, is written anew. ``make
html`` serialises everything and leaves the memory for the next devserver build.
"""

from __future__ import annotations

import os
import pickle
import re
from datetime import datetime, timezone
from typing import Any, Callable

FILE = "portal_calendar_events.pickle"
DTSTAMP = re.compile(rb"^DTSTAMP:[0-9TZ]+\r$", re.MULTILINE)

Key = tuple[str, str, str]  # (lang, type, slug)


def dtstamp_line(stamp: datetime) -> bytes:
    """DTSTAMP as icalendar writes it: UTC, basic format."""
    return b"DTSTAMP:" + stamp.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ").encode() + b"\r"


class EventMemory:
    """Each VEVENT of this build with its item's fingerprint; the last build's, if reusable."""

    def __init__(self, settings: dict[str, Any], reuse: Any, stamp: datetime) -> None:
        self.file = os.path.join(settings["CACHE_PATH"], FILE)
        self.reuse = reuse  # portal_site's PageReuse: site_key, key(item)
        self.stamp = dtstamp_line(stamp)
        self.kept: dict[Key, tuple[str, bytes]] = {}
        self.previous: dict[Key, tuple[str, bytes]] = {}
        if settings.get("PORTAL_INCREMENTAL") and reuse is not None:
            try:
                with open(self.file, "rb") as handle:
                    site_key, previous = pickle.load(handle)
                if site_key == reuse.site_key:
                    self.previous = previous
            except (OSError, ValueError, EOFError, pickle.PickleError):
                pass

    def get(self, key: Key, item: Any, serialise: Callable[[], bytes]) -> bytes:
        """The VEVENT of ``item`` under ``key``: from the last build if unchanged, else made now."""
        if key in self.kept:
            return self.kept[key][1]
        fingerprint = self.reuse.key(item) if self.reuse is not None else ""
        earlier = self.previous.get(key)
        if earlier is not None and earlier[0] == fingerprint:
            serialised = DTSTAMP.sub(lambda _: self.stamp, earlier[1], count=1)
        else:
            serialised = serialise()
        self.kept[key] = (fingerprint, serialised)
        return serialised

    def save(self) -> None:
        if self.reuse is None:
            return
        os.makedirs(os.path.dirname(self.file), exist_ok=True)
        temporary = self.file + ".tmp"
        with open(temporary, "wb") as handle:
            pickle.dump((self.reuse.site_key, self.kept), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, self.file)
