"""Keeps the build inside the project: no file or path may lead out of its folder.

Pelican follows symbolic links when it copies ``content/materials/``, so a link
to ``/proc/self/environ`` would publish the build's environment (CI secrets) as
a download, and a link to a folder above it would make the copying loop. Any
link under ``content/`` must therefore resolve inside ``content/`` (one under
``data/`` inside ``data/``), a linked folder may not contain its own link, and
only plain files and folders are allowed (a named pipe would block the copy).
Paths written by editors (``{static}``, ``materials/…``) may not climb out with
``..``.
"""

from __future__ import annotations

import os
import posixpath
import stat
from typing import Iterator


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def contained_files(root: str) -> Iterator[tuple[str, str]]:
    """Each entry under ``root`` that breaks the rules above, with why (links not followed)."""
    if not os.path.isdir(root):
        return
    real_root = os.path.realpath(root)
    for folder, dirs, files in os.walk(root):
        for name in sorted(dirs + files):
            full = os.path.join(folder, name)
            try:
                mode = os.lstat(full).st_mode
            except OSError:
                continue
            if stat.S_ISLNK(mode):
                target = os.path.realpath(full)
                where = os.path.relpath(root)
                if not _inside(target, real_root):
                    yield full, (f"the link leads out of {where}/ (to {os.readlink(full)}); "
                                 f"put the file itself into {where}/")
                elif not os.path.exists(target):
                    yield full, "the link leads nowhere (its target does not exist)"
                elif os.path.isdir(target) and _inside(os.path.realpath(folder), target):
                    yield full, "the link leads to a folder that contains it (an endless loop)"
            elif not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
                yield full, "only files and folders may be here (this is a pipe, socket or device)"


def escapes(relative: str, base: str = "") -> bool:
    """Whether a ``/``-separated path relative to content/ leaves ``base`` (or content/)."""
    normal = posixpath.normpath(relative)
    if normal.startswith(("../", "/")) or normal == "..":
        return True
    return bool(base) and not (normal == base or normal.startswith(base + "/"))
