"""When each content file last changed, from git history (one ``git log`` call).

A translation is *outdated* when its source changed in a later commit. A file
with uncommitted changes counts as changed now. Outside a git checkout nothing is
known, and no translation is marked.
"""

from __future__ import annotations

import subprocess
import time


def last_changes(directory: str) -> dict[str, float]:
    """Map of paths (relative to ``directory``) to their last change (epoch seconds)."""
    try:
        top = subprocess.run(
            ["git", "-C", directory, "rev-parse", "--show-prefix"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()
        log = subprocess.run(
            ["git", "-C", directory, "log", "--format=%x00%ct", "--name-only",
             "--no-renames", "--relative", "--", "."],
            capture_output=True, text=True, check=True,
        ).stdout
        status = subprocess.run(
            ["git", "-C", directory, "status", "--porcelain", "--untracked-files=no",
             "--no-renames", "--", "."],
            capture_output=True, text=True, check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}
    changes: dict[str, float] = {}
    stamp = 0.0
    for line in log.splitlines():
        if line.startswith("\x00"):
            stamp = float(line[1:])
        elif line and line not in changes:
            changes[line] = stamp
    now = time.time()
    for line in status.splitlines():
        path = line[3:].strip().strip('"')
        if top and path.startswith(top):
            path = path[len(top):]
        changes[path] = now
    return changes

