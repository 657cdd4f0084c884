"""Remembers which documents passed their checks, so a rebuild checks only what changed.

Checking a document (its schema, the ids it names, its links) depends on the
document, on ``data/``, on which documents exist and on the other files in
``content/`` (materials a link may point to), and on the checks' own code. A
document that passed under the same *world* (all of those but the document)
and has not changed since is not checked again: at 2,000 items × 6 languages
that was about 3 s of every devserver rebuild (make bench). Only passes are
remembered; a document with errors is checked, and its errors listed, every time.
"""

from __future__ import annotations

import hashlib
import json
import os
from typing import Any, Iterable

FILE = "portal_checked.json"
CODE_DIR = os.path.dirname(os.path.abspath(__file__))


def _stamps(folder: str, skip_documents: bool = False) -> list[tuple[str, int, int]]:
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if skip_documents and name.endswith(".md"):
                continue
            try:
                info = os.stat(os.path.join(root, name))
            except OSError:  # a link that leads nowhere: reported by files.py
                info = os.lstat(os.path.join(root, name))
            found.append((os.path.relpath(os.path.join(root, name), folder), info.st_mtime_ns, info.st_size))
    return found


def document_stamp(content_dir: str, rel: str) -> list[int]:
    info = os.stat(os.path.join(content_dir, rel))
    return [info.st_mtime_ns, info.st_size]


class CheckCache:
    """The documents that passed their checks in the last build, under the same world."""

    def __init__(self, cache_path: str | None, content_dir: str, data_dir: str, paths: Iterable[str],
                 enabled: bool = True) -> None:
        self.file = os.path.join(cache_path, FILE) if cache_path and enabled else None
        self.content_dir = content_dir
        self.world = hashlib.sha256(json.dumps([
            _stamps(CODE_DIR), _stamps(data_dir), _stamps(content_dir, skip_documents=True), sorted(paths),
        ]).encode()).hexdigest()
        self.passed: dict[str, list[int]] = {}
        self.previous: dict[str, list[int]] = {}
        if self.file:
            try:
                with open(self.file, encoding="utf-8") as handle:
                    saved = json.load(handle)
                if saved.get("world") == self.world:
                    self.previous = saved.get("passed", {})
            except (OSError, ValueError):
                pass

    def unchanged(self, rel: str) -> bool:
        """Did ``rel`` pass in the last build, and is it the same file still?"""
        return self.previous.get(rel) == document_stamp(self.content_dir, rel)

    def passed_now(self, rel: str) -> None:
        self.passed[rel] = document_stamp(self.content_dir, rel)

    def save(self) -> None:
        if not self.file:
            return
        os.makedirs(os.path.dirname(self.file), exist_ok=True)
        temporary = self.file + ".tmp"
        with open(temporary, "w", encoding="utf-8") as handle:
            json.dump({"world": self.world, "passed": self.passed}, handle)
        os.replace(temporary, self.file)


def check_all(documents: list[dict[str, Any]], check, cache: CheckCache) -> list:
    """Run ``check(document)`` on each document not known to pass; remember the passes."""
    errors: list = []
    for document in documents:
        rel = document.rel
        if not cache.unchanged(rel):
            found = check(document)
            if found:
                errors += found
                continue
        cache.passed_now(rel)
    return errors
