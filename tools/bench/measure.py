"""Timed builds: cold (empty cache), warm (cache kept), edit-one-file rebuild.

Every build runs as its own process, as an editor runs it. Wall time is taken
around it; CPU time and peak memory come from the kernel's accounting of that
process and every process it waited for (``wait4``): the peak is that of the
largest single process (Pelican, or a tool it starts such as Pagefind). Cold
builds are also sampled for the summed PSS of their whole process tree
(:mod:`.memory`); only they, since sampling costs a little CPU of its own.
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
from .memory import Peaks, TreeSampler

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
    pss: Peaks = Peaks()  # summed PSS peaks of the process tree, when sampled (cold builds)


def run_timed(command: list[str], cwd: Path, env: dict[str, str], log: Path,
              ready_line: bytes | None = None, sample_memory: bool = False) -> Run:
    """Run ``command`` to its end; its output goes to ``log``.

    With ``ready_line``, the time at which the command printed a line starting
    with it is kept as ``ready``: the devserver's build prints "Built …" once
    the pages are published, and refreshes the search index after that. With
    ``sample_memory``, the process tree's summed PSS is sampled (``Run.pss``).
    """
    with open(log, "ab") as out:
        out.write(f"\n$ {' '.join(command)}\n".encode())
        out.flush()
        started = time.perf_counter()
        ready = None
        process = subprocess.Popen(command, cwd=cwd, env=env, stderr=subprocess.STDOUT,
                                   stdout=subprocess.PIPE if ready_line else out)
        sampler = TreeSampler(process.pid).start() if sample_memory else None
        if ready_line:
            for line in process.stdout:
                if ready is None and line.startswith(ready_line):
                    ready = time.perf_counter() - started
                out.write(line)
            process.stdout.close()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        peaks = sampler.stop() if sampler else Peaks()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise BenchError(f"{' '.join(command)} failed (exit {process.returncode}); see {log}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, ready or wall, pss=peaks)


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
    index_command: list[str] | None = None  # run after cold and warm builds, timed with them (plain + Pagefind)

    def _run(self, command: list[str] | None = None, sample_memory: bool = False) -> Run:
        return run_timed(command or self.command, self.cwd, {**os.environ, **self.env}, self.log,
                         self.ready_line, sample_memory)

    def _indexed(self, sample_memory: bool = False) -> Run:
        """The build, then ``index_command`` if any, timed together; ``Run.index`` keeps the indexer's share."""
        build = self._run(sample_memory=sample_memory)
        if not self.index_command:
            return build
        index = self._run(self.index_command, sample_memory)
        return Run(build.wall + index.wall, build.cpu + index.cpu, max(build.peak_rss_mb, index.peak_rss_mb),
                   build.wall + index.wall, index.wall, build.pss.combined(index.pss))

    def cold(self) -> Run:
        """A build as on a fresh clone: no cache, no earlier output; its summed memory sampled."""
        trash = Path(tempfile.mkdtemp(prefix="trash-", dir=self.log.parent))
        for folder in (self.cache, self.output):  # moved, not deleted: deleting trees is slow here
            if folder.exists():
                folder.rename(trash / folder.name)
        return self._indexed(sample_memory=True)

    def warm(self) -> Run:
        """The same build again, nothing changed (plain: Pelican's warm build, then Pagefind again)."""
        return self._indexed()

    def edit(self, number: int) -> Run:
        """Change one source document (a sentence added), then rebuild with the cache kept."""
        with open(self.edit_file, "a", encoding="utf-8") as handle:
            handle.write(f"\nAktualisiert: Änderung {number + 1}.\n")
        return self._run(self.edit_command)


def ours(site: Path, output: Path, edit_target: str, log: Path) -> Builder:
    """The portal's build as ``make html`` runs it; after an edit, as ``make devserver``'s rebuild does.

    Where the devserver no longer runs a build command per change (it keeps the
    site in memory: :mod:`.devserver` times it), the edit rebuild is ``make html``'s.
    """
    from tools import portal

    build = [sys.executable, str(ROOT / "tools" / "portal.py"), "build", "--site", str(site), "--output", str(output)]
    rebuild = getattr(portal, "devserver_build_command", None)
    return Builder(
        "ours", build, site, output, site / ".cache", site / "content" / edit_target, log,
        {"SOURCE_DATE_EPOCH": str(TODAY_EPOCH), "PORTAL_LANG": "en"},  # English: the ready line below
        rebuild(str(site), str(output)) if rebuild else build,
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
    so that plain Pelican alone can be reported too. The same holds for warm
    builds (Pagefind has no incremental mode: it indexes the whole output
    again); edit builds are Pelican's alone.
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
