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
``create_index``, ``add_directory`` and ``write_files``.
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


class IndexerStopped(Exception):
    """Pagefind ended before it had written the index."""


async def index(job: dict[str, Any]) -> None:
    """Index ``job["directories"]`` into ``job["bundle"]``; fail at once if Pagefind ends."""
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
            config = IndexConfig(output_path=job["bundle"], exclude_selectors=job["exclude_selectors"])
            pagefind_index = await service.create_index(config)
            for directory in job["directories"]:
                await pagefind_index.add_directory(directory, glob=job.get("glob"))
            await pagefind_index.write_files(job["bundle"])
            await writes_settled(job["bundle"])
            finished = True  # closing the service ends Pagefind as planned
    except asyncio.CancelledError as cancelled:
        raise IndexerStopped(tr("Pagefind stopped before the index was written")) from None
    finally:
        if watching:
            loop.remove_signal_handler(signal.SIGCHLD)


def _sizes(folder: str) -> dict[str, int]:
    return {os.path.join(root, name): os.path.getsize(os.path.join(root, name))
            for root, _folders, names in os.walk(folder) for name in names}


async def writes_settled(bundle: str, interval: float = 0.05, limit: float = 2.0) -> None:
    """Wait (at most ``limit`` seconds) until no file of ``bundle`` grows any more.

    Pagefind 1.5.2 answers ``write_files`` while its last writes may still be on
    their way to the disk, and closing the service ends it at once (Pagefind issue
    #1271). Waiting for the sizes to stand still makes a cut file rare; the build
    still checks every file afterwards (:mod:`.bundlecheck`).
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit
    previous = None
    while loop.time() < deadline:
        current = _sizes(bundle)
        if current == previous:
            return
        previous = current
        await asyncio.sleep(interval)


def run(job: dict[str, Any], reasons: Any) -> None:
    """The child process: index, or send the reason it failed through ``reasons``
    (a pipe's sending end) and exit with status 1."""
    if hasattr(os, "setsid"):
        os.setsid()  # a process group of its own: the build can end it together with Pagefind
    try:
        asyncio.run(index(job))
    except Exception as error:  # noqa: BLE001 - the build reports it, saying which step failed
        reasons.send(reason(error))
        sys.exit(1)
