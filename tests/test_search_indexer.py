"""When Pagefind misbehaves, the build says so, keeps the previous site and leaves nothing running."""

from __future__ import annotations

import os
import time

from conftest import Site

#: A stand-in for Pagefind that answers ``--version`` and then does what the test says.
FAKE = """#!/bin/sh
if [ "$1" = "--version" ]; then echo "pagefind 1.5.2"; exit 0; fi
echo $$ >> "{pids}"
{then}
"""


def fake_pagefind(site: Site, then: str) -> tuple[str, str]:
    """Write the stand-in; return its path and the file it notes its process ids in."""
    pids = site.path / "fake-pagefind.pids"
    script = site.write("fake-pagefind", FAKE.format(pids=pids, then=then))
    script.chmod(0o755)
    return str(script), str(pids)


def still_running(pid: int, grace: float = 5.0) -> bool:
    """Whether process ``pid`` is alive (not ended, nor a zombie) after ``grace`` seconds."""
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{pid}/stat", encoding="utf-8") as stat:
                if stat.read().rsplit(")", 1)[1].split()[0] == "Z":
                    return False
        except FileNotFoundError:
            return False
        time.sleep(0.1)
    return True


def test_an_indexer_that_hangs_fails_the_build_after_the_time_limit_and_is_ended(site):
    script, pids = fake_pagefind(site, "exec sleep 600")

    failed = site.build(env={"PAGEFIND_BINARY_PATH": script, "PORTAL_SEARCH_TIMEOUT": "3"})

    assert failed.returncode == 1
    assert "search index (Pagefind) could not be built: Pagefind did not finish within 3 s" in failed.stderr
    assert "Traceback" not in failed.stderr
    assert not failed.output.exists()
    started = [int(line) for line in open(pids)]
    assert len(started) == 1  # a timeout is not tried again
    assert not any(still_running(pid) for pid in started)


def test_an_indexer_that_stops_halfway_fails_the_build_at_once(site):
    script, pids = fake_pagefind(site, "head -c 1 > /dev/null; exit 3")  # reads a request, then ends

    began = time.monotonic()
    failed = site.build(env={"PAGEFIND_BINARY_PATH": script, "PORTAL_SEARCH_TIMEOUT": "300"})

    assert failed.returncode == 1
    assert "Pagefind stopped before the index was written" in failed.stderr
    assert "Traceback" not in failed.stderr
    assert time.monotonic() - began < 100  # not the time limit
    assert not failed.output.exists()
