"""The folder a build writes into, and its swap with ``output/`` when the build succeeded.

A build writes into a staging folder next to ``output/`` and replaces
``output/`` only when everything succeeded, so a failed build leaves the
previous site as it was. The staging folder is the replaced output of the build
before, kept as the spare (:mod:`portal_engine.spare`, where the reason is), or
a new folder where there is none.

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

import os
import re
import tempfile

from exchange import exchange
from portal_engine.spare import SpareOutput, remove_folder


class OutputError(RuntimeError):
    """The output path cannot be replaced by a build (the message says why and what to do)."""


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
        remove_folder(os.path.join(parent, name))
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
    """A staging folder beside ``output``, the spare kept in ``cache_dir`` where there is one.

    Create it while holding the build lock: it first cleans up after killed builds.
    """

    def __init__(self, output: str, cache_dir: str):
        # A symbolic link at the output path (e.g. to /var/www/portal) stays: its target is replaced.
        self.output = os.path.realpath(output)
        self.parent = os.path.dirname(self.output)
        self.spare = SpareOutput(cache_dir)
        os.makedirs(self.parent, exist_ok=True)
        recover(self.output)
        _refuse_mount_point(self.output)
        self.stale = remove_stale(self.output)
        self.path = tempfile.mkdtemp(prefix=_work_prefixes(self.output)[0], dir=self.parent)
        self.spare.take(self.path)

    def discard(self) -> None:
        """The build failed: ``output/`` stays as it was."""
        self.spare.keep(self.path)

    def publish(self) -> int:
        """The build succeeded: the staging folder becomes ``output/``; returns its HTML pages."""
        pages = self.spare.finish(self.path)
        os.chmod(self.path, 0o755)  # mkdtemp's 0700, before any reader can see it
        if not os.path.lexists(self.output):
            os.rename(self.path, self.output)
        elif exchange(self.path, self.output):
            self.spare.keep(self.path)  # the previous site, now at the staging path
        else:
            previous = tempfile.mkdtemp(prefix=_work_prefixes(self.output)[1], dir=self.parent)
            os.rename(self.output, os.path.join(previous, "output"))
            os.rename(self.path, self.output)
            self.spare.keep(os.path.join(previous, "output"))
            os.rmdir(previous)
        return pages
