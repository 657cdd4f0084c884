"""``make html`` renders in a child process and indexes for search once that child has ended.

Pagefind needs more memory than the rest of a build; run beside the process
that holds the site's model, the two add up (issue 17: a cold build's sum
≤ 1.5 GB at 2,000 items × 6 languages). So tools/portal.py runs Pelican in a
forked child (plugins/portal_engine/forked.py) and indexes the staging folder after it. These
tests hold what that must keep: the same site and index as one process gives,
Pagefind started only when the child is gone, and a failed index or a child
killed by the system (out of memory) failing the build with the previous site kept.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, TODAY_EPOCH, Site
from test_atomic_publishing import site_files
from test_engine import differences

PORTAL = str(ROOT / "tools" / "portal.py")
ENV = {**os.environ, "SOURCE_DATE_EPOCH": TODAY_EPOCH}
#: Runs the real Pagefind; first notes whether the process that rendered the pages (its id in
#: ``{rendered}``) still exists at the moment Pagefind starts, and who started Pagefind's job.
NOTING = """#!/bin/bash
if [ "$1" = "--version" ]; then exec "{real}" "$@"; fi
renderer=$(cat "{rendered}")
if [ -e /proc/$renderer ]; then state=running; else state=ended; fi
echo "$renderer $state $(cut -d' ' -f4 /proc/$PPID/stat)" >> "{note}"
exec "{real}" "$@"
"""
#: Notes the id of the process that runs Pelican (where the site's model lives) in ``{rendered}``.
NOTE_RENDERER = """import os, pelican
run = pelican.Pelican.run
def noted(self):
    with open({rendered!r}, "w") as note:
        note.write(str(os.getpid()))
    run(self)
pelican.Pelican.run = noted
"""


def build_patched(site: Site, patch: str = "", env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """``portal.py build`` with ``patch`` run first in its process."""
    code = f"import sys\n{patch}\nimport portal\nsys.exit(portal.main(['build', '--site', {str(site.path)!r}]))"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600,
                          env={**ENV, **(env or {}), "PYTHONPATH": str(ROOT / "tools")})


def test_pagefind_starts_only_after_the_process_that_rendered_the_pages_has_ended(site):
    from portal_search.binary import pagefind_binary

    note, rendered = site.path / "processes.txt", site.path / "renderer.txt"
    script = site.write("noting-pagefind", NOTING.format(real=pagefind_binary({}), rendered=rendered, note=note))
    script.chmod(0o755)

    build = build_patched(site, NOTE_RENDERER.format(rendered=str(rendered)),
                          env={"PAGEFIND_BINARY_PATH": str(script)})

    assert build.returncode == 0, build.stderr
    [line] = note.read_text().splitlines()  # Pagefind ran once
    renderer, state, job_started_by = line.split()
    assert state == "ended"  # the site's model was out of memory
    assert job_started_by != renderer  # the build's own process indexes
    assert (site.path / "output" / "pagefind" / "pagefind-entry.json").is_file()
    assert not (site.path / "output" / "pagefind" / ".search-plan.json").exists()


def test_the_site_and_its_index_are_those_a_build_in_one_process_publishes(site, tmp_path):
    alone = Site(tmp_path / "alone")
    shutil.copytree(site.path, alone.path)

    forked = build_patched(site)
    single = build_patched(alone, "import portal\nportal._plugins_importable()\nfrom portal_engine import forked\nforked.can_fork = lambda: False")  # as where there is no fork

    assert forked.returncode == 0 and single.returncode == 0, forked.stderr + single.stderr
    assert differences(site.path / "output", alone.path / "output") == []
    assert forked.stdout.split(" into ")[0] == single.stdout.split(" into ")[0]  # "Built N pages"


def test_a_failed_index_fails_the_build_and_keeps_the_previous_site(site):
    assert site.build().returncode == 0
    before = site_files(site.path / "output")
    entry = (site.path / "output" / "pagefind" / "pagefind-entry.json").read_bytes()
    page = next((site.path / "content").rglob("*.de.md"))
    page.write_text(page.read_text(encoding="utf-8") + "\nEin neuer Satz.\n", encoding="utf-8")
    failing = site.write("failing-pagefind", '#!/bin/sh\nif [ "$1" = "--version" ]; then echo "pagefind 1.6.0"; '
                                             'exit 0; fi\nhead -c 1 > /dev/null; exit 3\n')
    failing.chmod(0o755)

    failed = site.build(env={"PAGEFIND_BINARY_PATH": str(failing)})

    assert failed.returncode == 1
    assert ("build failed: the search index (Pagefind) could not be built: "
            "Pagefind stopped before the index was written") in failed.stderr
    assert "Traceback" not in failed.stderr
    assert site_files(site.path / "output") == before
    assert (site.path / "output" / "pagefind" / "pagefind-entry.json").read_bytes() == entry
    assert [p.name for p in site.path.iterdir() if p.name.startswith(".build-")] == []


def test_a_rendering_process_killed_by_the_system_fails_the_build_saying_so_and_keeps_the_previous_site(site):
    assert site.build().returncode == 0
    before = site_files(site.path / "output")

    killed = build_patched(site, "import os, signal, pelican\n"
                                 "pelican.Pelican.run = lambda self: os.kill(os.getpid(), signal.SIGKILL)")

    assert killed.returncode == 1
    assert "build failed: the process that renders the pages was ended by signal SIGKILL" in killed.stderr
    assert "Traceback" not in killed.stderr
    assert site_files(site.path / "output") == before
    assert [p.name for p in site.path.iterdir() if p.name.startswith(".build-")] == []
