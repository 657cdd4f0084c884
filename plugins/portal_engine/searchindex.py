"""Whether the previous search index still fits this build's pages (:class:`IndexRecord`).

Pagefind is the largest part of a rebuild with nothing changed, and its bundle
depends only on the pages it reads and on how it runs. So the key of an index is
the digest of those pages' bytes (the output's files that match the indexer's
glob, with their paths) and of the indexer's settings (Pagefind's version and
binary, its options, the extra documents). The record in ``CACHE_PATH`` pairs the
last key with the digest of the bundle's ``pagefind-entry.json``, which names
every index file by its hash: when both match the published bundle, that bundle
is this build's index, and the indexer takes it instead of running Pagefind.

The trap: the record is written when an index is built, before the build is
published; a build that fails afterwards leaves a record that does not describe
the published bundle. The entry digest is what catches it, so never reuse on the
key alone. Pages count by their bytes, not their stamps: a page rendered again
with the same bytes keeps the key; only a page the build took over unchanged
(same inode, size and time as recorded) is not read again.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import re
from importlib import metadata
from typing import Any

RECORD = "search-index.json"
ENTRY = "pagefind-entry.json"
#: A ``{a,b}`` group of a glob in Pagefind's syntax (no nesting: the portal's globs have none).
ALTERNATIVES = re.compile(r"\{([^{}]*)\}")
#: Read pages in blocks of this size: large enough for few calls, small enough to stay in cache.
BLOCK = 1 << 20


def expand(pattern: str) -> list[str]:
    """The plain globs a Pagefind glob with ``{a,b}`` groups stands for."""
    group = ALTERNATIVES.search(pattern)
    if not group:
        return [pattern]
    head, tail = pattern[:group.start()], pattern[group.end():]
    return [found for choice in group.group(1).split(",") for found in expand(head + choice + tail)]


def indexed_files(output: str, pattern: str | None) -> list[str]:
    """The output's files Pagefind reads (relative paths, sorted): those matching ``pattern``,
    or every HTML file where there is none."""
    patterns = expand(pattern) if pattern else ["**/*.html"]
    found: set[str] = set()
    for plain in patterns:
        found.update(glob.glob(plain, root_dir=output, recursive=True, include_hidden=True))
    return sorted(path for path in found if os.path.isfile(os.path.join(output, path)))


def page_digests(output: str, pattern: str | None, known: dict[str, list]) -> dict[str, list]:
    """For each page Pagefind reads in ``output``: ``[inode, size, mtime_ns, digest of its bytes]``.

    A page whose inode, size and modification time are those in ``known`` (the
    last build's) keeps its digest unread: an output the build took over
    unchanged (a hard link to the published file) is not read again.
    """
    digests = {}
    buffer = bytearray(BLOCK)
    view = memoryview(buffer)
    for path in indexed_files(output, pattern):
        full = os.path.join(output, path)
        info = os.stat(full)
        stamp = [info.st_ino, info.st_size, info.st_mtime_ns]
        previous = known.get(path)
        if isinstance(previous, list) and previous[:3] == stamp:
            digests[path] = previous
            continue
        hashed = hashlib.sha1()
        with open(full, "rb", buffering=0) as page:
            while count := page.readinto(buffer):
                hashed.update(view[:count])
        digests[path] = [*stamp, hashed.hexdigest()]
    return digests


def pagefind_version() -> list[str]:
    """Which Pagefind indexes: its Python API's version and the program it runs (npm's, or the
    one ``PAGEFIND_BINARY_PATH`` names), by path and stamp: a different program makes a different index."""
    from portal_search.binary import PagefindMissing, pagefind_binary

    found = []
    for name in ("pagefind", "pagefind_bin", "pagefind_bin_extended"):
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            continue
    try:
        binary = pagefind_binary()
    except PagefindMissing:
        binary = None
    if binary:
        try:
            info = os.stat(binary)
            found.append(f"{binary} {info.st_mtime_ns} {info.st_size}")
        except OSError:
            found.append(f"{binary} missing")
    return found


def _file_digest(path: str) -> str | None:
    try:
        with open(path, "rb") as source:
            return hashlib.sha1(source.read()).hexdigest()
    except OSError:
        return None


class IndexRecord:
    """The last index's key and bundle, kept in ``cache_dir`` (see the module's docstring)."""

    def __init__(self, cache_dir: str | None) -> None:
        self.file = os.path.join(cache_dir, RECORD) if cache_dir else None
        self.last = self._load()
        self.pages: dict[str, list] = {}

    def key(self, output: str, pattern: str | None, settings: dict[str, Any]) -> str:
        """The key of an index of ``output``: its indexed pages' paths and bytes, Pagefind and
        ``settings`` (anything else the index depends on: options, extra documents; JSON-writable)."""
        known = self.last.get("pages")
        self.pages = page_digests(output, pattern, known if isinstance(known, dict) else {})
        described = json.dumps([pagefind_version(), settings, [(path, page[3]) for path, page in
                                                              sorted(self.pages.items())]], default=str)
        return hashlib.sha1(described.encode()).hexdigest()

    def _load(self) -> dict[str, Any]:
        if not self.file:
            return {}
        try:
            with open(self.file, encoding="utf-8") as source:
                record = json.load(source)
        except (OSError, ValueError):
            return {}
        return record if isinstance(record, dict) else {}

    def matches(self, key: str, bundle: str) -> bool:
        """Whether ``bundle`` (the published one) was indexed with ``key``."""
        entry = _file_digest(os.path.join(bundle, ENTRY))
        return bool(entry) and self.last.get("key") == key and self.last.get("entry") == entry

    def save(self, key: str, bundle: str) -> None:
        """``bundle`` is the index of this build, whose key is ``key``."""
        if not self.file:
            return
        entry = _file_digest(os.path.join(bundle, ENTRY))
        os.makedirs(os.path.dirname(self.file), exist_ok=True)
        partial = self.file + ".part"
        with open(partial, "w", encoding="utf-8") as target:
            json.dump({"key": key, "entry": entry, "pages": self.pages}, target, separators=(",", ":"))
        os.replace(partial, self.file)
