"""When each content file last changed, from git history (one ``git log`` call).

A translation is *outdated* when its source changed in a later commit than the
translation did. "Later" is the commits' order in the history, not their date:
two commits of one day (or one second) are still one after the other, and a
date alone cannot tell which came first. A file with uncommitted changes counts
as changed now, after every commit. Outside a git checkout nothing is known, and
no translation is marked.

A change of a source can be *minor* (a typo): it then leaves the translations
current. A commit is minor for a file when its message has the trailer
``Translations: minor`` (for editors who use git), or when the file in that
commit has ``minor_edit: true`` in its front matter (what the CMS's checkbox
writes; the CMS unticks it each time an entry is opened, so the next save counts
again unless ticked again).
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from dataclasses import dataclass, field

#: The commit trailer that marks a commit's changes as minor (``git commit --trailer``).
MINOR_TRAILER = "Translations"
MINOR_VALUE = "minor"
#: The front-matter field that marks the version of a source as a minor change.
MINOR_FIELD = "minor_edit"
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
_MINOR_LINE = re.compile(rf"^{MINOR_FIELD}[ \t]*:[ \t]*(?:true|True|TRUE)[ \t]*(?:#.*)?$", re.M)
UNCOMMITTED = float("inf")


def marks_minor(text: str) -> bool:
    """Whether a document's front matter says ``minor_edit: true``."""
    match = _FRONT_MATTER.match(text)
    return bool(match and _MINOR_LINE.search(match.group(1)))


@dataclass(frozen=True)
class Change:
    """One commit that touched a file (``commit`` None: uncommitted, in the working tree)."""

    commit: str | None
    time: float
    order: float  # position in the history, larger is later; UNCOMMITTED for the working tree
    minor: bool  # by the commit's trailer (the front matter is read lazily, see History)


@dataclass
class History:
    """The changes of every file under one folder, newest first per file."""

    directory: str
    changes: dict[str, list[Change]] = field(default_factory=dict)
    _minor_by_text: dict[tuple[str | None, str], bool] = field(default_factory=dict)

    def last(self, path: str) -> Change | None:
        found = self.changes.get(path)
        return found[0] if found else None

    def last_times(self) -> dict[str, float]:
        return {path: changes[0].time for path, changes in self.changes.items() if changes}

    def text_at(self, commit: str | None, path: str) -> str | None:
        """The file's text in ``commit`` (None: the working tree); None where it did not exist."""
        if commit is None:
            try:
                with open(os.path.join(self.directory, path), encoding="utf-8", errors="replace") as handle:
                    return handle.read()
            except OSError:
                return None
        shown = subprocess.run(["git", "-C", self.directory, "show", f"{commit}:./{path}"],
                               capture_output=True)
        return shown.stdout.decode("utf-8", "replace") if shown.returncode == 0 else None

    def is_minor(self, change: Change, path: str) -> bool:
        """A change is minor by its commit's trailer or by ``minor_edit: true`` in that version."""
        if change.minor:
            return True
        key = (change.commit, path)
        if key not in self._minor_by_text:
            self._minor_by_text[key] = marks_minor(self.text_at(change.commit, path) or "")
        return self._minor_by_text[key]

    def change_after(self, source: str, translation: str) -> Change | None:
        """``source``'s newest change that is not minor, if it came after ``translation``'s last."""
        own = self.last(translation)
        if own is None:
            return None
        for change in self.changes.get(source, []):
            if change.order <= own.order:
                return None
            if not self.is_minor(change, source):
                return change
        return None

    def outdated(self, source: str, translation: str) -> bool:
        """Whether ``source`` had a change that is not minor after ``translation``'s last change."""
        return self.change_after(source, translation) is not None


def _git(directory: str, *args: str) -> str:
    return subprocess.run(["git", "-C", directory, *args], capture_output=True, text=True,
                          check=True, encoding="utf-8", errors="replace").stdout


def history(directory: str) -> History:
    """Every file's changes under ``directory`` (paths relative to it); empty outside git."""
    found = History(directory)
    try:
        top = _git(directory, "rev-parse", "--show-prefix").strip()
        log = _git(directory, "log", f"--format=%x00%H %ct %(trailers:key={MINOR_TRAILER},valueonly,separator=%x2C)",
                   "--name-only", "--no-renames", "--relative", "--", ".")
        status = _git(directory, "status", "--porcelain", "--untracked-files=no", "--no-renames", "--", ".")
    except (OSError, subprocess.CalledProcessError):
        return found
    commits: list[tuple[str, float, bool, list[str]]] = []
    for line in log.splitlines():
        if line.startswith("\x00"):
            commit, stamp, trailers = (line[1:].split(" ", 2) + [""])[:3]
            minor = MINOR_VALUE in [t.strip().lower() for t in trailers.split(",")]
            commits.append((commit, float(stamp), minor, []))
        elif line and commits:
            commits[-1][3].append(line)
    total = len(commits)
    for index, (commit, stamp, minor, paths) in enumerate(commits):
        for path in paths:
            found.changes.setdefault(path, []).append(Change(commit, stamp, float(total - index), minor))
    now = time.time()
    for line in status.splitlines():
        path = line[3:].strip().strip('"')
        if top and path.startswith(top):
            path = path[len(top):]
        found.changes.setdefault(path, []).insert(0, Change(None, now, UNCOMMITTED, False))
    return found


def last_changes(directory: str) -> dict[str, float]:
    """Map of paths (relative to ``directory``) to their last change (epoch seconds)."""
    return history(directory).last_times()

