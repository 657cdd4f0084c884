"""Files made from a file's content, kept between builds by the hash of that content.

Some work turns bytes into other bytes and takes long: encoding a photo into
its sizes takes a good part of a second, and a site with a hundred pictures
would spend a minute of every build on work whose result has not changed. Such
results are kept here, under ``CACHE_PATH/<name>/<version>/``: per recipe and
SHA-256 of the source's bytes, a folder with the files made and a manifest of
them (each file's own facts, such as a picture's format and size), and a mark
for contents that passed a check (so they need not be checked again). The
version is the fingerprint of the code that makes the files
(:func:`.fingerprint.code_version`): a change there starts afresh. Without
``CACHE_PATH`` nothing is kept beyond the build.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from typing import Any, Callable, Iterable

#: One file made from a source: its bytes and the facts the maker wants back (JSON-able).
Made = tuple[bytes, dict[str, Any]]


def content_hash(data: bytes) -> str:
    """The SHA-256 of ``data``: the store's key, and the hash pictures' file names carry."""
    return hashlib.sha256(data).hexdigest()


class FileStore:
    """Made files by the hash of their source (one folder per source and recipe)."""

    def __init__(self, root: str | None):
        self.root = root
        self._passed: set[str] = set()

    @classmethod
    def of(cls, settings: dict[str, Any], name: str, version: str) -> "FileStore":
        """The store called ``name`` of the build with ``settings``, for code of ``version``."""
        cache = settings.get("CACHE_PATH")
        return cls(os.path.join(cache, name, version) if cache else None)

    def _mark(self, key: str) -> str | None:
        return os.path.join(self.root, "passed", key) if self.root else None

    def passed(self, data: bytes) -> bool:
        """Whether this content passed the checks before (then it need not be checked again)."""
        key = content_hash(data)
        mark = self._mark(key)
        return key in self._passed or bool(mark and os.path.exists(mark))

    def mark_passed(self, data: bytes) -> None:
        key = content_hash(data)
        self._passed.add(key)
        mark = self._mark(key)
        if mark:
            os.makedirs(os.path.dirname(mark), exist_ok=True)
            open(mark, "wb").close()

    def files(self, data: bytes, recipe: str, make: Callable[[], Iterable[Made]],
              suffix: Callable[[dict[str, Any]], str] = lambda facts: "") -> list[tuple[dict[str, Any], str]]:
        """The files ``make()`` makes from ``data`` by ``recipe``: each one's facts and where its bytes lie.

        From the store where it holds them; else made, and kept for the next build.
        ``suffix`` names a file's ending from its facts (``.webp``).
        """
        folder = (os.path.join(self.root, recipe, content_hash(data)) if self.root
                  else tempfile.mkdtemp(prefix="portal_store_"))
        manifest = os.path.join(folder, "manifest.json")
        try:
            with open(manifest, encoding="utf-8") as handle:
                listed = json.load(handle)
            return [(entry["facts"], os.path.join(folder, entry["file"])) for entry in listed]
        except (OSError, ValueError, KeyError, TypeError):
            pass
        made = list(make())
        os.makedirs(folder, exist_ok=True)
        listed, found = [], []
        for index, (content, facts) in enumerate(made):
            name = f"{index}{suffix(facts)}"
            with open(os.path.join(folder, name), "wb") as handle:
                handle.write(content)
            listed.append({"file": name, "facts": facts})
            found.append((facts, os.path.join(folder, name)))
        with tempfile.NamedTemporaryFile("w", dir=folder, delete=False, encoding="utf-8") as handle:
            json.dump(listed, handle)
        os.replace(handle.name, manifest)  # the manifest last: a half-written folder is never used
        return found
