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

The swap is atomic: where Linux offers ``renameat2(RENAME_EXCHANGE)`` (see
:mod:`exchange`), the staging folder and ``output/`` trade places in one step,
so at every instant ``output/`` is a complete site, the previous or the new
one, and always a plain folder (what CI uploads and what a server serves).
Elsewhere the previous output is renamed aside and the new one renamed in; a
build killed between the two renames leaves no ``output/``, and the next build
puts the previous one back before anything else (:func:`recover`). Work folders
of killed builds (``.build-*``) are removed when the next build starts; the
caller holds the build lock (:mod:`buildlock`), so none of them is in use.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import stat
import tempfile

from exchange import exchange

SPARE = "output-spare"


class OutputError(RuntimeError):
    """The output path cannot be replaced by a build (the message says why and what to do)."""


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


#: Work folders named by earlier versions, for any output: ``.build-`` and mkdtemp's eight characters.
UNNAMED_WORK_FOLDER = re.compile(r"\.(build|previous)-[a-z0-9_]{8}")


def _work_prefixes(output: str) -> tuple[str, str]:
    """The names of this output's work folders: ``.build-output-…`` and ``.previous-output-…``."""
    name = os.path.basename(output)
    return f".build-{name}-", f".previous-{name}-"


def _is_work_folder(name: str, output: str, kinds: tuple[str, ...] = ("build", "previous")) -> bool:
    """A work folder of builds of ``output``, or one that an earlier version named for any output."""
    own = tuple(f".{kind}-{os.path.basename(output)}-" for kind in kinds)
    unnamed = UNNAMED_WORK_FOLDER.fullmatch(name)
    return name.startswith(own) or bool(unnamed and unnamed.group(1) in kinds)


def recover(output: str) -> None:
    """Put back the previous output if a build was killed between its two renames (the fallback)."""
    if os.path.lexists(output):
        return
    parent = os.path.dirname(output)
    previous = sorted((os.path.join(parent, name) for name in os.listdir(parent)
                       if _is_work_folder(name, output, ("previous",))), key=os.path.getmtime)
    for folder in reversed(previous):
        if os.path.isdir(os.path.join(folder, "output")):
            os.rename(os.path.join(folder, "output"), output)
            return


def remove_stale(output: str) -> list[str]:
    """Remove the work folders that killed builds of ``output`` left beside it; return their names."""
    parent = os.path.dirname(output)
    stale = sorted(name for name in os.listdir(parent) if _is_work_folder(name, output))
    for name in stale:
        _remove(os.path.join(parent, name))
    return stale


def _refuse_mount_point(output: str) -> None:
    if os.path.ismount(output):
        from portal_content.messages import tr  # the editors' messages (tools/portal.py translates them)

        raise OutputError(tr(
            "%(output)s is a mount point: a build replaces the output folder in one step and cannot "
            "replace a mount point. Build into a folder inside it (--output %(inside)s, "
            "and serve that folder) or mount its parent folder instead.",
            output=output, inside=os.path.join(output, "site")))


class Staging:
    """A staging folder beside ``output``, reusing the spare kept in ``cache_dir``.

    Create it while holding the build lock: it first cleans up after killed builds.
    """

    def __init__(self, output: str, cache_dir: str):
        # A symbolic link at the output path (e.g. to /var/www/portal) stays: its target is replaced.
        self.output = os.path.realpath(output)
        self.parent = os.path.dirname(self.output)
        self.spare = os.path.join(cache_dir, SPARE)
        os.makedirs(self.parent, exist_ok=True)
        recover(self.output)
        _refuse_mount_point(self.output)
        self.stale = remove_stale(self.output)
        self.path = tempfile.mkdtemp(prefix=_work_prefixes(self.output)[0], dir=self.parent)
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
        os.chmod(self.path, 0o755)  # mkdtemp's 0700, before any reader can see it
        if not os.path.lexists(self.output):
            os.rename(self.path, self.output)
        elif exchange(self.path, self.output):
            self._keep_as_spare(self.path)  # the previous site, now at the staging path
        else:
            previous = tempfile.mkdtemp(prefix=_work_prefixes(self.output)[1], dir=self.parent)
            os.rename(self.output, os.path.join(previous, "output"))
            os.rename(self.path, self.output)
            self._keep_as_spare(os.path.join(previous, "output"))
            os.rmdir(previous)
        return pages
