"""Timed builds: cold (empty cache), warm (cache kept), edit-one-file rebuild.

Every build runs as its own process, as an editor runs it. Wall time is taken
around it; CPU time and peak memory come from the kernel's accounting of that
process and every process it waited for (``wait4``): the peak is that of the
largest single process (Pelican, or a tool it starts such as Pagefind).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from .corpus import ROOT, TODAY_EPOCH

KINDS = ("cold", "warm", "edit")


class BenchError(RuntimeError):
    """A build under measurement failed: the benchmark names it and its log."""


@dataclass(frozen=True)
class Run:
    wall: float  # seconds
    cpu: float  # seconds, user + system, of the build and its children
    peak_rss_mb: float
    ready: float = 0.0  # seconds until the pages were served (the ``ready`` line), else ``wall``
    index: float = 0.0  # seconds of it spent in a search indexer run after the build (plain + Pagefind)


def run_timed(command: list[str], cwd: Path, env: dict[str, str], log: Path,
              ready_line: bytes | None = None) -> Run:
    """Run ``command`` to its end; its output goes to ``log``.

    With ``ready_line``, the time at which the command printed a line starting
    with it is kept as ``ready``: the devserver's build prints "Built …" once
    the pages are published, and refreshes the search index after that.
    """
    with open(log, "ab") as out:
        out.write(f"\n$ {' '.join(command)}\n".encode())
        out.flush()
        started = time.perf_counter()
        ready = None
        process = subprocess.Popen(command, cwd=cwd, env=env, stderr=subprocess.STDOUT,
                                   stdout=subprocess.PIPE if ready_line else out)
        if ready_line:
            for line in process.stdout:
                if ready is None and line.startswith(ready_line):
                    ready = time.perf_counter() - started
                out.write(line)
            process.stdout.close()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise BenchError(f"{' '.join(command)} failed (exit {process.returncode}); see {log}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, ready or wall)


@dataclass
class Builder:
    """One static-site generator on one corpus, with its cache and its output."""

    name: str
    command: list[str]
    cwd: Path
    output: Path
    cache: Path
    edit_file: Path
    log: Path
    env: dict[str, str] = field(default_factory=dict)
    edit_command: list[str] | None = None  # the rebuild after an edit, when it differs
    ready_line: bytes | None = None  # printed when the pages are served (see run_timed)
    index_command: list[str] | None = None  # run after a cold build, timed with it (plain + Pagefind)

    def _run(self, command: list[str] | None = None) -> Run:
        return run_timed(command or self.command, self.cwd, {**os.environ, **self.env}, self.log,
                         self.ready_line)

    def cold(self) -> Run:
        """A build as on a fresh clone: no cache, no earlier output."""
        trash = Path(tempfile.mkdtemp(prefix="trash-", dir=self.log.parent))
        for folder in (self.cache, self.output):  # moved, not deleted: deleting trees is slow here
            if folder.exists():
                folder.rename(trash / folder.name)
        build = self._run()
        if not self.index_command:
            return build
        index = self._run(self.index_command)
        return Run(build.wall + index.wall, build.cpu + index.cpu, max(build.peak_rss_mb, index.peak_rss_mb),
                   build.wall + index.wall, index.wall)

    def warm(self) -> Run:
        return self._run()

    def edit(self, number: int) -> Run:
        """Change one source document (a sentence added), then rebuild with the cache kept."""
        with open(self.edit_file, "a", encoding="utf-8") as handle:
            handle.write(f"\nAktualisiert: Änderung {number + 1}.\n")
        return self._run(self.edit_command)


def ours(site: Path, output: Path, edit_target: str, log: Path) -> Builder:
    """The portal's build as ``make html`` runs it; after an edit, as ``make devserver`` does."""
    from tools import portal

    return Builder(
        "ours",
        [sys.executable, str(ROOT / "tools" / "portal.py"), "build", "--site", str(site), "--output", str(output)],
        site, output, site / ".cache", site / "content" / edit_target, log,
        {"SOURCE_DATE_EPOCH": str(TODAY_EPOCH)},
        portal.devserver_build_command(str(site), str(output)),
        b"Built ",
    )


def pagefind_program() -> str | None:
    """The Pagefind program the build runs (plugins/portal_search/binary.py), or None if missing."""
    sys.path.insert(0, str(ROOT / "plugins"))
    try:
        from portal_search.binary import PagefindMissing, pagefind_binary

        try:
            return pagefind_binary()
        except PagefindMissing:
            return None
    finally:
        sys.path.remove(str(ROOT / "plugins"))


def plain_pelican(plain: Path, settings: Path, output: Path, edit_target: str, log: Path) -> Builder:
    """Pelican's own command line on the converted articles; a cold build is followed by Pagefind.

    The portal's cold build includes its search index, so the reference is plain
    Pelican plus the same Pagefind (npm's, pinned in package.json: its command line)
    indexing Pelican's output, timed together; ``Run.index`` keeps Pagefind's share
    so that plain Pelican alone can be reported too. Warm and edit builds are
    Pelican's alone.
    """
    pelican = str(Path(sys.executable).with_name("pelican"))
    return Builder(
        "plain",
        [pelican, str(plain / "content"), "-s", str(settings), "-o", str(output)],
        plain, output, plain / ".cache", plain / "content" / edit_target, log,
        index_command=[str(pagefind_program()), "--site", str(output)],
    )


def measure(builders: list[Builder], repeat: int, progress=print) -> dict[str, dict[str, list[Run]]]:
    """Cold, warm and edit builds of each builder, interleaved, ``repeat`` times.

    Interleaving spreads drifts in the machine's load evenly over all builders.
    """
    results: dict[str, dict[str, list[Run]]] = {b.name: {kind: [] for kind in KINDS} for b in builders}
    for repetition in range(repeat):
        for builder in builders:
            runs = results[builder.name]
            runs["cold"].append(builder.cold())
            runs["warm"].append(builder.warm())
            runs["edit"].append(builder.edit(repetition))
            progress(f"  {builder.name} #{repetition + 1}: "
                     + ", ".join(f"{kind} {runs[kind][-1].wall:.1f} s" for kind in KINDS))
    return results


def median(runs: list[Run], attribute: str = "wall") -> float:
    return statistics.median(getattr(run, attribute) for run in runs)
