"""The pictures' cache: what was encoded from a file's content, kept between builds.

Encoding a photo into its sizes takes a good part of a second; a site with a
hundred pictures would spend a minute of every build on work whose result has
not changed. Everything is therefore kept by the SHA-256 of the source file's
bytes (and the encoder's code and Pillow's version, so a change there starts
afresh) under the build's cache folder, ``CACHE_PATH/portal_images/``: the
files encoded from it and a manifest of them, and a mark that the file passed
the checks. Without ``CACHE_PATH`` nothing is kept beyond the build.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from typing import Any, Callable

import PIL

import portal_engine

from . import encode
from .encode import Encoded

FOLDER = "portal_images"


def _version() -> str:
    return portal_engine.fingerprint.code_version([encode.__file__], [PIL.__version__])


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Store:
    """Encoded pictures by the hash of their source (one folder per source and recipe)."""

    def __init__(self, root: str | None):
        self.root = root
        self._passed: set[str] = set()

    @classmethod
    def of(cls, settings: dict[str, Any]) -> "Store":
        cache = settings.get("CACHE_PATH")
        return cls(os.path.join(cache, FOLDER, _version()) if cache else None)

    def _mark(self, key: str) -> str | None:
        return os.path.join(self.root, "passed", key) if self.root else None

    def passed(self, data: bytes) -> bool:
        """Whether this content passed the checks before (then it need not be decoded)."""
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

    def encoded(self, data: bytes, recipe: str, make: Callable[[], list[Encoded]]) -> list[tuple[Encoded, str]]:
        """The files ``make()`` encodes from ``data`` by ``recipe``, each with where its bytes lie.

        From the cache where it holds them; else made, and kept for the next build.
        """
        folder = (os.path.join(self.root, recipe, content_hash(data)) if self.root
                  else tempfile.mkdtemp(prefix="portal_images_"))
        manifest = os.path.join(folder, "manifest.json")
        try:
            with open(manifest, encoding="utf-8") as handle:
                listed = json.load(handle)
            return [(Encoded(b"", entry["format"], entry["width"], entry["height"]), os.path.join(folder, entry["file"]))
                    for entry in listed]
        except (OSError, ValueError, KeyError, TypeError):
            pass
        made = make()
        os.makedirs(folder, exist_ok=True)
        listed, found = [], []
        for index, item in enumerate(made):
            name = f"{index}.{item.format}"
            with open(os.path.join(folder, name), "wb") as handle:
                handle.write(item.data)
            listed.append({"file": name, "format": item.format, "width": item.width, "height": item.height})
            found.append((item, os.path.join(folder, name)))
        with tempfile.NamedTemporaryFile("w", dir=folder, delete=False, encoding="utf-8") as handle:
            json.dump(listed, handle)
        os.replace(handle.name, manifest)  # the manifest last: a half-written folder is never used
        return found
