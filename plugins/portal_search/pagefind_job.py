"""Runs Pagefind's Python API once, in a process of its own (:func:`run`).

The build runs the API in a child process (see :func:`.indexer.run_pagefind`)
rather than in its own because the API cannot be stopped from outside: it
waits forever for an answer from a Pagefind process that has died, and a
timeout leaves that process running. A process group of its own lets the build
end both after a timeout; and here, in a process whose only child is Pagefind,
the end of that child is noticed at once (``SIGCHLD``) and reported instead of
waited for. Where processes fork (Linux), the child costs no interpreter start.

A job is ``{"bundle": …, "directories": […], "exclude_selectors": […], "glob": … or None}``.
Only the API's documented parts are used: ``PagefindService``,
``create_index``, ``add_directory`` and ``write_files``. The program it drives is
npm's Pagefind 1.6.0 (:mod:`.binary`), whose service takes ``max_fragments``,
which the Python API (1.5.2) does not know by name but passes on as it is
(:func:`index_config`).
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from typing import Any

from pagefind.index import IndexConfig
from pagefind.service import PagefindService
from portal_content import reason, tr

from .binary import VARIABLE, check_version, pagefind_binary

#: Fragment files per language at most (Pagefind's ``max_fragments``; environment variable
#: ``PORTAL_SEARCH_MAX_FRAGMENTS``). A fragment is what a result shows (title, excerpt,
#: address); with more pages than this in a language, Pagefind bundles several pages'
#: fragments into one file, and a reader's result loads its whole bundle. 300 trades a
#: few kilobytes per search for an index whose file count free hosts accept at the
#: portal's intended size (the figures: README, "Bundled fragments").
MAX_FRAGMENTS = 300


class IndexerStopped(Exception):
    """Pagefind ended before it had written the index."""


async def index(job: dict[str, Any]) -> None:
    """Index ``job["directories"]`` into ``job["bundle"]``; fail at once if Pagefind ends."""
    config = index_config(job)  # a wrong setting fails before Pagefind starts
    loop = asyncio.get_running_loop()
    work = asyncio.current_task()
    finished = False

    def child_ended() -> None:
        if not finished and work is not None:
            work.cancel("Pagefind stopped before the index was written")

    watching = hasattr(signal, "SIGCHLD")  # POSIX; elsewhere only the time limit applies
    if watching:
        loop.add_signal_handler(signal.SIGCHLD, child_ended)
    # After Pagefind died, the API's reading task ends with an error nobody awaits;
    # asyncio would print its traceback. The error that counts is raised below.
    loop.set_exception_handler(lambda _loop, _context: None)
    try:
        async with PagefindService() as service:
            pagefind_index = await service.create_index(config)
            for directory in job["directories"]:
                await pagefind_index.add_directory(directory, glob=job.get("glob"))
            await pagefind_index.write_files(job["bundle"])
            finished = True  # closing the service ends Pagefind as planned
    except asyncio.CancelledError as cancelled:
        raise IndexerStopped(tr("Pagefind stopped before the index was written")) from None
    finally:
        if watching:
            loop.remove_signal_handler(signal.SIGCHLD)


def max_fragments() -> int:
    """Fragment files per language at most: ``PORTAL_SEARCH_MAX_FRAGMENTS``, else :data:`MAX_FRAGMENTS`."""
    configured = os.environ.get("PORTAL_SEARCH_MAX_FRAGMENTS")
    if not configured:
        return MAX_FRAGMENTS
    if not configured.strip().isdigit() or int(configured) < 1:
        raise ValueError(tr("PORTAL_SEARCH_MAX_FRAGMENTS must be a whole number of at least 1, not %(value)r",
                            value=configured))
    return int(configured)


def index_config(job: dict[str, Any]) -> IndexConfig:
    """The index's settings; ``max_fragments`` is Pagefind 1.6.0's, unknown to the 1.5.2 API's type."""
    config = IndexConfig(output_path=job["bundle"], exclude_selectors=job["exclude_selectors"])
    config["max_fragments"] = max_fragments()  # type: ignore[typeddict-unknown-key]
    return config


def run(job: dict[str, Any], reasons: Any) -> None:
    """The child process: index, or send the reason it failed through ``reasons``
    (a pipe's sending end) and exit with status 1."""
    if hasattr(os, "setsid"):
        os.setsid()  # a process group of its own: the build can end it together with Pagefind
    try:
        binary = pagefind_binary()
        check_version(binary)
        os.environ[VARIABLE] = binary  # this process's own environment: the API reads it there
        asyncio.run(index(job))
    except Exception as error:  # noqa: BLE001 - the build reports it, saying which step failed
        reasons.send(reason(error))
        sys.exit(1)
