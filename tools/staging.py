"""The folder a build writes into, and its swap with ``output/`` when the build succeeded.

A build writes into a staging folder next to ``output/`` and replaces
``output/`` only when everything succeeded, so a failed build leaves the
previous site as it was. The replaced output is not deleted but kept in the
cache folder as the *spare*, and the next build writes into it: its files are
removed (each emptied first), its folders stay, and those the new site no
longer has are pruned before the swap. So a rebuild neither removes nor
re-creates the site's thousands of page folders. On an idle disk that saves
little (removing a 2,000-item site's 21,000 files and folders took 1.3 s on
this project's machines), but while other builds and tests use the disk,
removing a folder or a file that still holds data took ~3 ms here (ext4
mounted with ``discard``): 3.7 s of a 15.9 s rebuild of 200 items (make bench,
see BENCHMARKS.md). Emptying a file first and then removing it stayed fast.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import tempfile

SPARE = "output-spare"


def clear_files(folder: str) -> set[str]:
    """Remove every file below ``folder``, keep the folders and return them.

    A regular file with no other hard link is emptied before it is removed
    (see the module's docstring); anything else (a link) is only removed, so
    nothing outside ``folder`` is ever changed.
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


def _remove(folder: str) -> None:
    clear_files(folder)
    shutil.rmtree(folder, ignore_errors=True)


class Staging:
    """A staging folder beside ``output``, reusing the spare kept in ``cache_dir``."""

    def __init__(self, output: str, cache_dir: str):
        self.output = output
        self.parent = os.path.dirname(output)
        self.spare = os.path.join(cache_dir, SPARE)
        os.makedirs(self.parent, exist_ok=True)
        self.path = tempfile.mkdtemp(prefix=".build-", dir=self.parent)
        self.reused: set[str] = set()
        try:
            os.rename(self.spare, self.path)  # atomic: two builds never take the same spare
        except OSError:
            return  # no spare yet, another build took it, or it lies on another file system
        self.reused = clear_files(self.path)

    def _keep_as_spare(self, folder: str) -> None:
        try:
            os.makedirs(os.path.dirname(self.spare), exist_ok=True)
            os.rename(folder, self.spare)
        except OSError as error:
            if error.errno not in (errno.EXDEV, errno.EEXIST, errno.ENOTEMPTY):
                raise
            _remove(folder)

    def discard(self) -> None:
        """The build failed: ``output/`` stays as it was."""
        self._keep_as_spare(self.path)

    def publish(self) -> int:
        """The build succeeded: the staging folder becomes ``output/``; returns its HTML pages."""
        pages = prune_and_count(self.path, self.reused)
        previous = None
        if os.path.exists(self.output):
            previous = tempfile.mkdtemp(prefix=".previous-", dir=self.parent)
            os.rename(self.output, os.path.join(previous, "output"))
        os.rename(self.path, self.output)
        os.chmod(self.output, 0o755)
        if previous:
            self._keep_as_spare(os.path.join(previous, "output"))
            os.rmdir(previous)
        return pages
