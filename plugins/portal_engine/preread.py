"""Reads the documents a cold build has not cached yet in several processes at once.

Reading (YAML front matter and Markdown) is the largest serial part of a build
without Pelican's content cache, and the machine has more than one core. So
before the portal's sequential reading pass, the documents whose cache entry is
missing or stale are read by a pool of forked processes, each running the same
:class:`~.reader.PortalReader`, and their results are handed to the Readers as
if they had been cached. The sequential pass then finds them, and all that
follows (checks, errors, the cache saved at the end) stays exactly as it was.
The workers also run the document checks the caller hands them, and say which
documents passed: the sequential checks skip those and check the rest.

A document whose reading fails is left out here: the sequential pass reads it
again and reports the very same error as a build without this step; one whose
check fails is checked again there, and its errors listed as without this step.

``PORTAL_READ_WORKERS`` (setting, or environment variable for one build) sets the
number of processes; 1 turns parallel reading off. Unset, it is the number of
cores, at most 4.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Callable

from pelican.readers import Readers

logger = logging.getLogger(__name__)

#: Fewer documents to read than this are read sequentially: starting the
#: processes would cost more than it saves (reading a document takes about 2 ms).
MIN_DOCUMENTS = 64
MAX_WORKERS = 4
#: Chunks per worker at most, and documents per chunk at least (see :func:`_read_in_processes`).
CHUNKS_PER_WORKER = 32
MIN_CHUNK = 40

Read = tuple[str, tuple[str, dict[str, Any]], bool]  # path, what the reader gave, whether the check passed
#: A check run in the worker on what the reader gave for a path: True when it found nothing.
Check = Callable[[str, tuple[str, dict[str, Any]]], bool]


class PortalReaders(Readers):
    """Pelican's Readers that first look among documents read in advance."""

    def __init__(self, settings: dict[str, Any], cache_name: str) -> None:
        super().__init__(settings, cache_name)
        self._read_ahead: dict[str, tuple[str, dict[str, Any]]] = {}
        #: the documents read ahead whose ``check`` passed in the worker (full paths)
        self.passed: set[str] = set()

    def get_cached_data(self, filename: str, default: Any = None) -> Any:
        """A document read in advance counts as cached (once), else the cache decides."""
        if filename in self._read_ahead:
            return self._read_ahead.pop(filename)
        return super().get_cached_data(filename, default)

    def read_ahead(self, full_paths: list[str], workers: int, check: Check | None = None) -> int:
        """Read the uncached ones of ``full_paths`` in ``workers`` processes; return how many.

        ``check`` runs on each document there too, where the cores are busy anyway: the
        paths it passed are kept in :attr:`passed`, so the sequential checks can skip them
        (a document that fails it, or raises, is simply checked again, errors and all)."""
        cached = super().get_cached_data  # the same test as read_file's, without read_ahead
        missing = [path for path in full_paths
                   if path not in self._read_ahead and cached(path, None) is None]
        if workers < 2 or len(missing) < MIN_DOCUMENTS:
            return 0
        results = _read_in_processes(self.readers, missing, workers, check)
        for path, data, passed in results:
            # Stamped and kept in the content cache just as read_file would do.
            self.cache_data(path, data)
            self._read_ahead[path] = data
            if passed:
                self.passed.add(path)
        return len(results)


def read_workers(settings: dict[str, Any]) -> int:
    """How many processes read: PORTAL_READ_WORKERS from the environment or settings."""
    configured = os.environ.get("PORTAL_READ_WORKERS") or settings.get("PORTAL_READ_WORKERS")
    if configured:
        return max(1, int(configured))
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return min(cores or 1, MAX_WORKERS)


#: A worker process's readers and check, set once when the worker starts (:func:`_start_worker`).
#: The parent never sets it: each build's pool forks workers of its own.
_worker_readers: dict[str, Any] = {}
_worker_check: list[Check] = []


def _start_worker(readers: dict[str, Any], check: Check | None = None) -> None:
    """In a new worker: keep the readers and check it was forked with (inherited, not pickled)."""
    _worker_readers.update(readers)
    if check is not None:
        _worker_check.append(check)


def _passes(path: str, data: tuple[str, dict[str, Any]]) -> bool:
    """In a worker: whether the check (if any) found nothing in the document; False if it raised."""
    if not _worker_check:
        return False
    try:
        return _worker_check[0](path, data)
    except Exception:  # noqa: BLE001 - the sequential checks report it as before
        return False


def _read_chunk(paths: list[str]) -> list[Read]:
    """In a worker: read and check each document; leave out those that fail (read again later)."""
    done: list[Read] = []
    for path in paths:
        try:
            data = _worker_readers[os.path.splitext(path)[1][1:]].read(path)
        except Exception:  # noqa: BLE001 - the sequential pass reports it as before
            continue
        done.append((path, data, _passes(path, data)))
    return done


def _read_in_processes(readers: dict[str, Any], paths: list[str], workers: int,
                       check: Check | None = None) -> list[Read]:
    """Split ``paths`` into chunks and read them in forked processes.

    Chunks of some dozens of documents keep the round trips between processes
    few; many more chunks than workers even out documents of different lengths
    and workers slowed by other processes: a worker that finds no chunk left
    idles while the other finishes its last one, which with 4 chunks per worker
    could be an eighth of the whole read.
    """
    if "fork" not in multiprocessing.get_all_start_methods():  # Windows: read one by one
        return []
    count = max(workers * 4, min(workers * CHUNKS_PER_WORKER, len(paths) // MIN_CHUNK))
    chunks = [paths[start::count] for start in range(count)]
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                 initializer=_start_worker, initargs=(readers, check)) as pool:
            results = list(pool.map(_read_chunk, [chunk for chunk in chunks if chunk]))
    except Exception as error:  # noqa: BLE001 - no processes, a worker killed …: read one by one
        logger.warning("reading documents in parallel failed, reading them one by one: %s", error)
        return []
    logger.debug("read %d documents in %d processes", len(paths), workers)
    return [read for chunk in results for read in chunk]
