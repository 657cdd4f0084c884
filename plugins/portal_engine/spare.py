"""The replaced output kept as the next build's staging folder (:class:`SpareOutput`).

When a build's output replaces the previous one (``tools/staging.py``), the
previous one is not deleted but kept in the cache folder as the *spare*, and the
next build writes into it: its files are removed (each emptied first), its
folders stay, and those the new site no longer has are pruned before the swap.
So a rebuild neither removes nor re-creates the site's thousands of page
folders: on this project's disk (ext4 mounted with ``discard``), while other
builds and tests use it, removing a folder, or a file that still holds data,
takes milliseconds each, and emptying a file first keeps its removal fast
(figures in BENCHMARKS.md).

The trap: a file of the spare may be a hard link to a file of the published
site (the engine links unchanged outputs); it is only unlinked, never emptied,
so nothing outside the spare ever changes.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat

SPARE = "output-spare"


def clear_files(folder: str) -> set[str]:
    """Remove every file below ``folder``, keep the folders and return them.

    A regular file with no other hard link is emptied before it is removed
    (see the module's docstring); anything else (a link) is only removed.
    """
    folders = set()
    for root, _dirs, files in os.walk(folder):
        folders.add(root)
        for name in files:
            path = os.path.join(root, name)
            info = os.lstat(path)
            if stat.S_ISREG(info.st_mode) and info.st_nlink == 1:
                os.truncate(path, 0)
            os.unlink(path)
    return folders


def remove_folder(folder: str) -> None:
    """Remove ``folder`` and all below it, emptying its files first."""
    clear_files(folder)
    shutil.rmtree(folder, ignore_errors=True)


def prune_and_count(folder: str, candidates: set[str]) -> int:
    """Remove the ``candidates`` below ``folder`` left without a file; count the HTML pages.

    The candidates are the folders the build found in the spare: pages that an
    earlier build wrote and this one did not leave them empty.
    """
    pages = 0
    emptied: set[str] = set()
    for root, dirs, files in os.walk(folder, topdown=False):
        pages += sum(name.endswith(".html") for name in files)
        if (root in candidates and root != folder and not files
                and all(os.path.join(root, d) in emptied for d in dirs)):
            os.rmdir(root)
            emptied.add(root)
    return pages


class SpareOutput:
    """The spare output folder of the site whose cache folder is ``cache_dir``."""

    def __init__(self, cache_dir: str) -> None:
        self.path = os.path.join(cache_dir, SPARE)
        self.reused: set[str] = set()

    def take(self, staging: str) -> None:
        """Make the spare, emptied of files, the (empty) folder ``staging``, if there is one.

        The rename is atomic: two builds never take the same spare.
        """
        try:
            os.rename(self.path, staging)
        except OSError:
            return  # no spare yet, another build took it, or it lies on another file system
        self.reused = clear_files(staging)

    def keep(self, folder: str) -> None:
        """Keep ``folder`` (a replaced output, or a failed build's) as the spare, else remove it."""
        try:
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
            os.rename(folder, self.path)
        except OSError as error:
            if error.errno not in (errno.EXDEV, errno.EEXIST, errno.ENOTEMPTY):
                raise
            remove_folder(folder)

    def finish(self, staging: str) -> int:
        """Before ``staging`` is published: prune the spare's folders it left empty; count its pages."""
        return prune_and_count(staging, self.reused)
