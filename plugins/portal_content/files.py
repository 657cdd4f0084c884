"""Keeps the build inside the project: no file or path may lead out of its folder.

Pelican follows symbolic links when it copies ``content/materials/``, so a link
to ``/proc/self/environ`` would publish the build's environment (CI secrets) as
a download, and a link to a folder above it would make the copying loop. Any
link under ``content/`` must therefore resolve inside ``content/`` (one under
``data/`` inside ``data/``), a linked folder may not contain its own link, and
only plain files and folders are allowed (a named pipe would block the copy).
Paths written by editors (``{static}``, ``materials/…``) may not climb out with
``..``.

Downloads are published on the site's own address, where the site's CSP allows
its own scripts: an ``.html`` or ``.svg`` file in ``content/materials/`` would
run a script as part of the site, so only the file types in
:data:`DOWNLOAD_TYPES` are published.
"""

from __future__ import annotations

import os
import posixpath
import stat
from typing import Iterator

from .messages import tr


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
                    yield full, tr("the link leads out of %(where)s/ (to %(target)s); put the file itself "
                                   "into %(where)s/", where=where, target=os.readlink(full))
                elif not os.path.exists(target):
                    yield full, tr("the link leads nowhere (its target does not exist)")
                elif os.path.isdir(target) and _inside(os.path.realpath(folder), target):
                    yield full, tr("the link leads to a folder that contains it (an endless loop)")
            elif not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
                yield full, tr("only files and folders may be here (this is a pipe, socket or device)")


#: What ``content/materials/`` may hold: documents, images, sound and video, archives.
#: Nothing a browser runs as a page or a script there (HTML, SVG, JavaScript, XML).
DOWNLOAD_TYPES = frozenset((
    "pdf", "txt", "csv", "rtf", "odt", "ods", "odp", "doc", "docx", "xls", "xlsx", "ppt", "pptx",
    "epub", "png", "jpg", "jpeg", "gif", "webp", "mp3", "ogg", "m4a", "mp4", "webm", "zip",
))


def refused_downloads(materials_dir: str) -> Iterator[tuple[str, str]]:
    """Each file under ``materials_dir`` whose type is not a download, with why."""
    allowed = ", ".join(sorted(DOWNLOAD_TYPES))
    for folder, dirs, files in os.walk(materials_dir):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in sorted(files):
            extension = os.path.splitext(name)[1].lstrip(".").lower()
            if name.startswith(".") or extension in DOWNLOAD_TYPES:
                continue
            what = tr("%(type)s is not published as a download", type="." + extension) if extension else \
                tr("a file without a type (no ending such as .pdf) is not published as a download")
            yield os.path.join(folder, name), tr(
                "%(what)s: a page or script there would run as part of the site; allowed types: %(allowed)s",
                what=what, allowed=allowed)


def escapes(relative: str, base: str = "") -> bool:
    """Whether a ``/``-separated path relative to content/ leaves ``base`` (or content/)."""
    normal = posixpath.normpath(relative)
    if normal.startswith(("../", "/")) or normal == "..":
        return True
    return bool(base) and not (normal == base or normal.startswith(base + "/"))
