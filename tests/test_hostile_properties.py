"""Generated hostile input: ``check`` passing means the build passes, and neither ever crashes.

Hypothesis puts values (tests/hostile.py) into the front matter of documents of
every type and into ``data/`` files of a copy of the minimal fixture site. Every
example runs ``portal.py check`` (in a forked child of this process: no new
interpreter, but a hang is stopped, a crash seen and memory capped); a sample
also runs ``portal.py build``. A run may end valid or with editor errors; it may
not end in a traceback, an internal error, a signal or a hang.

By default 250 check examples and 25 builds, derandomised: the same examples on
every run, so CI is repeatable. ``PORTAL_HOSTILE_EXAMPLES=N`` runs N check
examples and N/10 builds, new ones each time (a failure prints the seed to
reproduce it with ``--hypothesis-seed``).
"""

from __future__ import annotations

import contextlib
import io
import os
import resource
import shutil
import signal
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, note, settings

from conftest import MINIMAL, ROOT, TODAY_EPOCH
from hostile import Edit, alias_bomb_value, apply, edits

import portal  # noqa: E402  (tools/ is not a package: pytest.ini puts it on the path)

LONG_RUN = "PORTAL_HOSTILE_EXAMPLES" in os.environ
EXAMPLES = int(os.environ.get("PORTAL_HOSTILE_EXAMPLES", "250"))
BUILDS = max(5, EXAMPLES // 10)
CHECK_SECONDS, BUILD_SECONDS = 20, 90
MEMORY = 3 << 30  # a child that needs more has run away (an alias bomb)


@dataclass
class Outcome:
    """How a forked command ended."""

    status: int | None  # the exit status; None if it was stopped after the time allowed
    signal: int | None  # the signal that ended it (a crash), if any
    stdout: str
    stderr: str

    def problem(self) -> str | None:
        """What went wrong beyond an editor error, or None."""
        if self.status is None:
            return "hang: still running after the time allowed"
        if self.signal is not None:
            return f"crash: ended by signal {signal.Signals(self.signal).name}"
        if "Traceback (most recent call last)" in self.stderr:
            return "traceback"
        if "internal error" in self.stderr.lower():
            return "internal error"
        if self.status not in (0, 1):
            return f"exit status {self.status}"
        return None


def run_forked(site: Path, command: str, seconds: float) -> Outcome:
    """``portal.py <command> --site site`` in a forked child, its output captured."""
    out_path, err_path = site.parent / "stdout", site.parent / "stderr"
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 70
        try:
            os.setsid()
            resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
            out, err = open(out_path, "w", encoding="utf-8"), open(err_path, "w", encoding="utf-8")
            os.dup2(out.fileno(), 1)
            os.dup2(err.fileno(), 2)
            sys.stdout, sys.stderr = io.TextIOWrapper(os.fdopen(1, "wb", 0)), io.TextIOWrapper(os.fdopen(2, "wb", 0))
            os.environ["SOURCE_DATE_EPOCH"] = TODAY_EPOCH
            code = portal.main([command, "--site", str(site)])
        except BaseException:  # what the editor would see from the command line
            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    deadline = time.monotonic() + seconds
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > deadline:
            os.killpg(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return Outcome(None, None, out_path.read_text(errors="replace"), err_path.read_text(errors="replace"))
        time.sleep(0.005)
    return Outcome(os.waitstatus_to_exitcode(status) if os.WIFEXITED(status) else 1,
                   os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
                   out_path.read_text(errors="replace"), err_path.read_text(errors="replace"))


class Workspace:
    """A copy of the minimal site that each example edits; the files an example changed are
    put back before the next (with their original times, so the caches stay valid, as an
    editor's would), and every edited file gets a time of its own (no cache mistakes it)."""

    def __init__(self, folder: Path):
        self.site = folder / "site"
        shutil.copytree(MINIMAL, self.site, ignore=shutil.ignore_patterns("output", ".cache"))
        self.touched: set[str] = set()
        self.stamp = 1_700_000_000 * 10**9

    def prepare(self, changes: list[Edit]) -> Path:
        for relative in self.touched:
            shutil.copy2(MINIMAL / relative, self.site / relative)
        self.touched = {edit.file for edit in changes}
        for edit in changes:
            apply(self.site, edit)
        for relative in self.touched:
            self.stamp += 10**9
            os.utime(self.site / relative, ns=(self.stamp, self.stamp))
        return self.site


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """The examples' site, after one check in this process: each forked child then
    starts with Pelican and the plugins imported (0.6 s saved per example)."""
    workspace = Workspace(tmp_path_factory.mktemp("hostile"))
    here = os.getcwd()
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            assert portal.main(["check", "--site", str(workspace.site)]) == 0
    finally:
        os.chdir(here)
    return workspace


def prepared(workspace: Workspace, changes: list[Edit]) -> Path:
    return workspace.prepare(changes)


COMMON = dict(derandomize=not LONG_RUN, database=None, deadline=None, print_blob=LONG_RUN,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                     HealthCheck.function_scoped_fixture, HealthCheck.data_too_large])


@settings(max_examples=EXAMPLES, **COMMON)
@given(changes=edits())
def test_check_ends_valid_or_with_editor_errors_never_in_a_crash_or_hang(workspace, changes):
    site = prepared(workspace, changes)

    checked = run_forked(site, "check", CHECK_SECONDS)

    note(f"check: {checked.status}\n{checked.stderr[-2000:]}")
    assert checked.problem() is None, checked.stderr[-3000:]


@settings(max_examples=BUILDS, **COMMON)
@given(changes=edits(most=1))
@example(changes=[Edit("content/events/cafe.de.md", "recurrence", "FREQ=SECONDLY")])
@example(changes=[Edit("content/events/cafe.de.md", "recurrence", "FREQ=DAILY;COUNT=1000000")])
@example(changes=[Edit("content/events/cafe.de.md", "title", raw="title: >\n  Zeile eins\n  Zeile zwei",
                       raw_kind="folded")])
@example(changes=[Edit("content/events/cafe.de.md", "title", "eins\nzwei")])
@example(changes=[Edit("data/organisations.yaml", "0/email", "a@b.de\n")])
@example(changes=[Edit("content/events/cafe.en.md", "title", "\x04")])
@example(changes=[Edit("data/organisations.yaml", "0/name", "\x85\x06")])
@example(changes=[Edit("content/events/cafe.de.md", "until", "9999-12-31")])
@example(changes=[Edit("content/trainings/grundkurs.de.md", "end", "9999-12-31T23:59")])
@example(changes=[Edit("content/donations/winterjacken.de.md", "needed", raw="needed: " + alias_bomb_value(9),
                       raw_kind="alias-bomb")])
@example(changes=[Edit("content/pages/ueber-uns.de.md", "title", raw="title: " + "[" * 50_000 + "]" * 50_000,
                       raw_kind="deep-nesting")])
@example(changes=[Edit("content/events/cafe.de.md", "cost", raw="cost: " + "{a: " * 2_000 + "1" + "}" * 2_000,
                       raw_kind="deep-mapping")])
@example(changes=[Edit("content/donations/winterjacken.de.md", "drop_off", raw="drop_off: eins\x00zwei",
                       raw_kind="nul")])
def test_a_site_that_check_accepts_builds_and_no_build_crashes_or_hangs(workspace, changes):
    site = prepared(workspace, changes)

    checked = run_forked(site, "check", CHECK_SECONDS)
    built = run_forked(site, "build", BUILD_SECONDS)

    note(f"check: {checked.status}\n{checked.stderr[-2000:]}\nbuild: {built.status}\n{built.stderr[-2000:]}")
    assert checked.problem() is None, checked.stderr[-3000:]
    assert built.problem() is None, built.stderr[-3000:]
    if checked.status == 0:
        assert built.status == 0, f"check said valid, the build failed:\n{built.stderr[-3000:]}"


def test_a_character_that_yaml_forbids_is_an_editor_error_with_file_and_line(site):
    """Found by the property test: a NUL in front matter ended ``check`` in a traceback."""
    path = "content/donations/winterjacken.de.md"
    text = site.read(path)
    site.write(path, text.replace("hours: ", "hours: Mo\x00", 1))
    line = next(number for number, row in enumerate(text.splitlines(), 1) if row.startswith("hours: "))

    checked = site.check()

    assert checked.returncode == 1 and "Traceback" not in checked.stderr
    assert f"{path}:{line}: character U+0000 is not allowed in YAML" in checked.stderr
