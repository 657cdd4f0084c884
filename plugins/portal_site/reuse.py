"""Pages of unchanged items, copied from the last output instead of rendered again.

Only for ``make devserver`` (``PORTAL_INCREMENTAL``): after an editor changes
one document, re-rendering the thousands of detail pages of all the other
items is most of a rebuild. Every build records, per detail page, a
fingerprint of what the page is made of; a devserver build copies a page from
the published output when its fingerprint is the same and the file there is
still the one recorded. ``make html`` and ``make publish`` always render every
page.

Listings are copied the same way when none of the items they may show changed
(an edited offer renders the offers listing and the home page again, not the
events listing). A page's fingerprint combines

- the site as a whole: the theme's and the plugins' files, ``data/``, ``content/images/`` (a
  picture's file names carry its content's hash), the list
  of documents and every content page (navigation and footer name them), the
  settings, the day (``today``), Pelican's and Jinja's versions;
- its item, or each item a listing may show: each of the item's documents (path, size, modification time), its
  outdated translations and, for events and trainings, the current/next and
  the last occurrence, which change with the time of day.

What a page shows beyond that (another item's text, say, added to detail
pages by a plugin) is not seen: such a plugin must make this reuse aware of it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from typing import Any, Iterable

MANIFEST = "portal_pages.json"


def _stamps(folders: Iterable[str]) -> list[tuple[str, int, int]]:
    found = []
    for folder in folders:
        for root, dirs, files in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                path = os.path.join(root, name)
                info = os.stat(path)
                found.append((path, info.st_mtime_ns, info.st_size))
    return found


def _stamp(path: str) -> tuple[int, int]:
    info = os.stat(path)
    return info.st_mtime_ns, info.st_size


def _digest(value: Any) -> str:
    return hashlib.sha1(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()


def _documents(item: Any) -> tuple[dict[str, Any], ...]:
    return (item.source, *item.translations.values())


def _settings_key(settings: dict[str, Any]) -> str:
    """The settings as text; one that cannot be written so makes every page unique."""
    plain = {k: v for k, v in settings.items()
             if k not in ("OUTPUT_PATH", "PORTAL_OUTPUT_PATH", "PORTAL_INCREMENTAL")
             and isinstance(v, (str, int, float, bool, list, tuple, dict, type(None)))}
    try:
        return json.dumps(plain, sort_keys=True, default=lambda o: type(o).__qualname__)
    except (TypeError, ValueError):
        return os.urandom(16).hex()


def _occurrence(occurrence: Any) -> list[str] | None:
    return [occurrence.start.isoformat(), occurrence.end.isoformat()] if occurrence else None


class PageReuse:
    """Records detail pages' fingerprints; in devserver builds, copies unchanged pages."""

    def __init__(self, settings: dict[str, Any], portal: Any, last_occurrence) -> None:
        import jinja2
        import pelican

        self.portal = portal
        self.last_occurrence = last_occurrence  # item -> its last begun occurrence (see views)
        self.content_dir = settings["PATH"]
        self.staging = settings["OUTPUT_PATH"]
        self.published = settings.get("PORTAL_OUTPUT_PATH")
        self.manifest = os.path.join(settings["CACHE_PATH"], MANIFEST)
        items = [item for items in portal.items.values() for item in items]
        pages = [doc for item in portal.pages() for doc in _documents(item)]
        self.site_key = _digest([
            pelican.__version__, jinja2.__version__, str(portal.today), _settings_key(settings),
            _stamps([settings["THEME"], *settings.get("THEME_TEMPLATES_OVERRIDES", []),
                     settings.get("PORTAL_DATA_PATH") or "", *settings.get("PLUGIN_PATHS", []),
                     os.path.join(self.content_dir, "images")]),
            sorted(doc.rel for item in items for doc in _documents(item)),
            [(doc.rel, self._document_stamp(doc)) for doc in pages],
        ])
        self.keys: dict[int, str] = {}
        self.listing_keys: dict[tuple[int, ...], str] = {}
        self.recorded: dict[str, list] = {}
        self.reusable: dict[str, list] = {}
        if settings.get("PORTAL_INCREMENTAL") and self.published:
            try:
                with open(self.manifest, encoding="utf-8") as handle:
                    previous = json.load(handle)
            except (OSError, ValueError):
                previous = {}
            if previous.get("site") == self.site_key and previous.get("output") == self.published:
                self.reusable = previous.get("pages", {})

    def _document_stamp(self, doc: dict[str, Any]) -> tuple[int, int]:
        return _stamp(os.path.join(self.content_dir, doc.rel))

    def _key(self, item: Any) -> str:
        """What an item's detail pages are made of, beyond the site as a whole."""
        if id(item) not in self.keys:
            timing = None
            if item.schedule is not None:
                timing = [_occurrence(item.next_occurrence(self.portal.now)),
                          _occurrence(self.last_occurrence(item))]
            self.keys[id(item)] = _digest([[(doc.rel, self._document_stamp(doc)) for doc in _documents(item)],
                                           sorted(item.outdated), timing])
        return self.keys[id(item)]

    def _listing_key(self, items: Iterable[Any]) -> str:
        """What a listing is made of beyond the site: the items it may show.

        Worked out once per list of items: every page of a type's listings (its
        pages and filter values, a few hundred per language) names the same items,
        and digesting them all again for each page was about 7 % of the listings' time.
        """
        items = list(items)
        known = tuple(id(item) for item in items)  # the items live as long as the build
        if known not in self.listing_keys:
            self.listing_keys[known] = _digest([self._key(item) for item in items])
        return self.listing_keys[known]

    def key(self, made_of: Any) -> str:
        """The fingerprint of a page made of one item, or of a listing of several."""
        return self._listing_key(made_of) if isinstance(made_of, (list, tuple)) else self._key(made_of)

    def copy(self, path: str, made_of: Any) -> bool:
        """Copy the page at output ``path`` from the published output if it is unchanged.

        ``made_of`` is the item of a detail page, or the items a listing shows.
        """
        entry = self.reusable.get(path)
        if not entry or entry[0] != self.key(made_of):
            return False
        source = os.path.join(self.published, path)
        try:
            if list(_stamp(source)) != entry[1:]:
                return False
            target = os.path.join(self.staging, path)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            shutil.copyfile(source, target)
        except OSError:
            return False
        self.record(path, made_of)
        return True

    def record(self, path: str, made_of: Any) -> None:
        """Note the page just written at output ``path``, made of an item or a list of items."""
        self.recorded[path] = [self.key(made_of), *_stamp(os.path.join(self.staging, path))]

    def save(self) -> None:
        """Write the manifest (it is used only when the output it describes was published)."""
        os.makedirs(os.path.dirname(self.manifest), exist_ok=True)
        temporary = self.manifest + ".tmp"
        with open(temporary, "w", encoding="utf-8") as handle:
            json.dump({"site": self.site_key, "output": self.published, "pages": self.recorded}, handle)
        os.replace(temporary, self.manifest)
