"""Detail pages rendered by two processes at once, where the machine has the cores.

Rendering the detail pages (every item in every language) is the largest part
of a build, and Pelican renders on one core. After the portal has been read,
the build forks one worker process: it starts with everything the main process
has (the portal, the templates, the writer), so nothing is copied or pickled.
Worker and main process take batches of pages from a shared queue, a pipe that
holds one token per batch, so neither waits while the other still has work;
the main process first writes the listings and the other plugins' pages.

The worker reports which batches it wrote, and the messages of every error it
logged or raised; the main process then announces the worker's pages like its
own (sitemap, the engine's record) and fails the build on any error, so a failed worker
keeps the previous ``output/`` as every failed build does.

One process does it all where forking is not possible or not worth it: one
core, fewer pages than :data:`MIN_PAGES`, or the setting
``PORTAL_RENDER_WORKERS = 1``.
"""

from __future__ import annotations

import gc
import logging
import os
import pickle
import signal
import struct
import sys
import traceback
from typing import Any, Callable, Sequence

from portal_content import LoggedErrors

logger = logging.getLogger(__name__)

#: Below this many pages to render, a second process costs more than it saves.
MIN_PAGES = 200
#: A pipe holds 64 KiB without a reader: at most this many 4-byte tokens.
MAX_BATCHES = 4096
TOKEN = struct.Struct("I")


class WorkerError(RuntimeError):
    """The rendering worker failed; the build fails with its messages."""


def worker_count(settings: dict[str, Any], pages: int) -> int:
    """How many processes render: 2 where there are cores and pages enough, else 1."""
    wanted = settings.get("PORTAL_RENDER_WORKERS")
    if wanted is None:
        wanted = 2 if (os.cpu_count() or 1) > 1 else 1
    minimum = int(os.environ.get("PORTAL_RENDER_MIN_PAGES") or MIN_PAGES)  # tests lower it
    if not hasattr(os, "fork") or pages < minimum:
        return 1
    return max(1, min(int(wanted), 2))


class SharedRendering:
    """Renders ``pages`` with ``render`` in this process and, if allowed, one forked worker.

    Use as a context manager: after entering, do the main process's own work,
    then call :meth:`help` to take the batches the worker has not taken yet.
    Leaving waits for the worker; :attr:`by_worker` then lists its pages.
    """

    def __init__(self, pages: Sequence[Any], render: Callable[[Any], None], workers: int) -> None:
        self.pages = pages
        self.render = render
        self.workers = workers
        self.batch_size = max(8, -(-len(pages) // MAX_BATCHES))
        self.batches = -(-len(pages) // self.batch_size) if pages else 0
        self.by_worker: list[Any] = []
        self._queue = -1
        self._results = -1
        self._pid = 0

    # -- the queue ---------------------------------------------------------------

    def _fill_queue(self) -> None:
        read, write = os.pipe()
        os.write(write, b"".join(TOKEN.pack(number) for number in range(self.batches)))
        os.close(write)  # an empty queue then reads as end of file
        self._queue = read

    def _take(self):
        while True:
            token = os.read(self._queue, TOKEN.size)
            if not token:
                return
            number = TOKEN.unpack(token)[0]
            yield number, self.pages[number * self.batch_size:(number + 1) * self.batch_size]

    # -- processes ---------------------------------------------------------------

    def __enter__(self) -> "SharedRendering":
        self._fill_queue()
        if self.workers > 1:
            sys.stdout.flush()
            sys.stderr.flush()
            gc.collect()
            gc.freeze()  # the worker then leaves the shared objects' memory untouched
            read, write = os.pipe()
            self._pid = os.fork()
            if self._pid == 0:
                os.close(read)
                self._work(write)  # never returns
            os.close(write)
            gc.unfreeze()
            self._results = read
        return self

    def _work(self, results: int) -> None:
        """The worker: render batches until the queue is empty, report, exit."""
        errors = LoggedErrors()  # Pelican logs some template errors instead of raising
        logging.getLogger().addHandler(errors)
        report: dict[str, Any] = {"batches": [], "errors": errors.messages}
        try:
            for number, batch in self._take():
                for page in batch:
                    self.render(page)
                report["batches"].append(number)
        except BaseException:  # everything goes back to the main process, which fails the build
            report["errors"].append(traceback.format_exc())
        try:
            data = pickle.dumps(report)
            while data:
                data = data[os.write(results, data):]
        finally:
            os._exit(0)  # no atexit handlers, no flushing of the main process's buffers

    def help(self) -> None:
        """Render batches in this process until the queue is empty."""
        for _, batch in self._take():
            for page in batch:
                self.render(page)

    def __exit__(self, kind, error, tb) -> None:
        os.close(self._queue)
        if not self._pid:
            return
        if kind is not None:  # the main process failed: its error is the one to report
            os.kill(self._pid, signal.SIGKILL)
            os.close(self._results)
            os.waitpid(self._pid, 0)
            return
        chunks = []
        while chunk := os.read(self._results, 1 << 16):
            chunks.append(chunk)
        os.close(self._results)
        _, status = os.waitpid(self._pid, 0)
        if not chunks or os.waitstatus_to_exitcode(status) != 0:
            raise WorkerError(f"the rendering worker ended without a report (status {status})")
        report = pickle.loads(b"".join(chunks))
        if report["errors"]:
            raise WorkerError("\n".join(report["errors"]))
        for number in sorted(report["batches"]):
            self.by_worker.extend(self.pages[number * self.batch_size:(number + 1) * self.batch_size])
