"""One build of a site at a time: an advisory lock on a file in its cache folder.

``make html``, ``make publish`` and the devserver's rebuilds all run
``portal.py build``, which takes this lock first; two builds at once would
share the spare output folder and race for ``output/``. A second build says
which process holds the lock and waits for it. The kernel releases a
``flock`` when its process ends, so a killed build never leaves a stale lock.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sys
from typing import Callable, Iterator, TextIO

LOCK_FILE = "build.lock"


def _holder(fd: int) -> str:
    """The pid the running build wrote into the lock file ("?" if not yet)."""
    os.lseek(fd, 0, os.SEEK_SET)
    text = os.read(fd, 32).decode("ascii", "replace").strip()
    return text if text.isdigit() else "?"


@contextlib.contextmanager
def one_build_at_a_time(cache_dir: str, say: TextIO = sys.stderr,
                        gettext: Callable[[str], str] = str) -> Iterator[None]:
    """Hold the build lock of ``cache_dir`` for the ``with`` block, waiting if another build has it
    (and saying so in the language of ``gettext``)."""
    os.makedirs(cache_dir, exist_ok=True)
    fd = os.open(os.path.join(cache_dir, LOCK_FILE), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(gettext("another build is running (pid %(pid)s), waiting") % {"pid": _holder(fd)},
                  file=say, flush=True)
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield
    finally:
        os.close(fd)  # releases the lock
