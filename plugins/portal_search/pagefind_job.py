"""Runs Pagefind's Python API once, in a process of its own: ``python pagefind_job.py JOB``.

The build starts this script (see :func:`.indexer.run_pagefind`) rather than
calling the API in its own process because the API cannot be stopped from
outside: it waits forever for an answer from a Pagefind process that has died,
and a timeout leaves that process running. A process group of its own lets
the build end both after a timeout; and here, in a process whose only child is
Pagefind, the end of that child is noticed at once (``SIGCHLD``) and reported
instead of waited for.

JOB is JSON: ``{"bundle": …, "directories": […], "exclude_selectors": […]}``.
Exit status 0 when the bundle is written; otherwise the reason on stderr.
Only the API's documented parts are used: ``PagefindService``,
``create_index``, ``add_directory`` and ``write_files``.
"""

from __future__ import annotations

import asyncio
import json
import signal
import sys
from typing import Any

from pagefind.index import IndexConfig
from pagefind.service import PagefindService


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
                await pagefind_index.add_directory(directory)
            await pagefind_index.write_files(job["bundle"])
            finished = True  # closing the service ends Pagefind as planned
    except asyncio.CancelledError as cancelled:
        raise IndexerStopped(str(cancelled) or "Pagefind stopped") from None
    finally:
        if watching:
            loop.remove_signal_handler(signal.SIGCHLD)


def main(argv: list[str]) -> int:
    try:
        asyncio.run(index(json.loads(argv[1])))
    except Exception as error:  # noqa: BLE001 - the build reports it with the file's context
        # The last line of stderr is the reason the build shows.
        print(str(error) or type(error).__name__, file=sys.stderr, flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
