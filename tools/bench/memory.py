"""Summed peak memory of a process tree: PSS of a build and every process it started.

The kernel's ``ru_maxrss`` (:mod:`.measure`) is the peak of the largest single
process; a build that forks workers or starts an indexer uses the sum. Summing
RSS would count the pages forked workers share with their parent once per
process, so the sum is taken of PSS (proportional set size: a shared page
counts as 1/n in each of the n processes sharing it), which
``/proc/<pid>/smaps_rollup`` reports. A thread samples the tree every
``interval`` seconds while the build runs and keeps three peaks: of the whole
tree, of the indexer's processes (Pagefind: any process whose command names
``pagefind``, and what it starts) and of the rest (the portal's own, or plain
Pelican). Each peak is the largest sum seen at one instant; the three peaks
may come from different instants. A process that lives shorter than the
interval may be missed: the interval bounds what the figure can see.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass

INDEXER = b"pagefind"  # a process whose command line or name holds this is the search indexer's


@dataclass(frozen=True)
class Peaks:
    """Peak PSS sums in MiB (1024² bytes, as the RSS row)."""

    total: float = 0.0
    indexer: float = 0.0
    others: float = 0.0

    def combined(self, later: "Peaks") -> "Peaks":
        """The peaks of two runs one after the other (a build, then its indexer): the larger of each."""
        return Peaks(max(self.total, later.total), max(self.indexer, later.indexer),
                     max(self.others, later.others))


def _parents() -> dict[int, int]:
    """pid → parent pid of every process now (``/proc/<pid>/stat``, field 4)."""
    parents = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:  # it ended meanwhile
            continue
        fields = stat[stat.rfind(b")") + 2:].split()  # the name in (…) may hold spaces
        parents[int(name)] = int(fields[1])
    return parents


def pss_kib(pid: int) -> int:
    """The PSS of one process in KiB, 0 when it is gone or not readable."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
            for line in handle:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _is_indexer(pid: int) -> bool:
    for name in ("cmdline", "comm"):
        try:
            with open(f"/proc/{pid}/{name}", "rb") as handle:
                if INDEXER in handle.read().lower():
                    return True
        except OSError:
            pass
    return False


def sample(root: int) -> Peaks:
    """One sample of ``root``'s tree: PSS sums in MiB (total, the indexer's part, the rest)."""
    children: dict[int, list[int]] = {}
    for pid, parent in _parents().items():
        children.setdefault(parent, []).append(pid)
    indexer = others = 0
    pending = [(root, False)]
    while pending:
        pid, below_indexer = pending.pop()
        is_indexer = below_indexer or _is_indexer(pid)
        size = pss_kib(pid)
        if is_indexer:
            indexer += size
        else:
            others += size
        pending += [(child, is_indexer) for child in children.get(pid, [])]
    return Peaks((indexer + others) / 1024, indexer / 1024, others / 1024)


class TreeSampler:
    """Samples ``root``'s process tree in a thread from ``start()`` to ``stop()``; ``peaks`` holds the result."""

    def __init__(self, root: int, interval: float = 0.15) -> None:
        self.root = root
        self.interval = interval
        self.peaks = Peaks()
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"pss-{root}", daemon=True)

    def _run(self) -> None:
        while True:
            self.peaks = self.peaks.combined(sample(self.root))
            self.samples += 1
            if self._stop.wait(self.interval):
                return

    def start(self) -> "TreeSampler":
        self._thread.start()
        return self

    def stop(self) -> Peaks:
        self._stop.set()
        self._thread.join()
        return self.peaks
