"""Run one step of a build in a forked child, so that what it holds in memory ends with it.

A cold build reads, checks and renders the whole site in Pelican's run, and its
model (documents, data, rendered pages: ~290 MB at 2,000 items × 6 languages)
stays in the process until the process ends. The search index comes after it,
and Pagefind needs more memory than everything before it (~1.3 GB at that size),
so a build that indexes in the same process holds both at once. Run in a forked
child, Pelican's step gives all of its memory back when the child exits, and
the parent, which holds only its imports, runs Pagefind (see tools/portal.py).
It lives in the engine because the engine is the one place of build-time forking.

A fork costs no interpreter start and no import: the child is the parent as it
was, with the settings made and the modules loaded; what the step writes
(the staging folder, the index plan in it) is on disk for the parent.
Where there is no ``os.fork`` (Windows), the step runs in this process.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import sys
import traceback
from typing import Callable

#: The exit status of a child whose step was interrupted (Ctrl+C), as a shell shows it.
INTERRUPTED = 128 + signal.SIGINT


def can_fork() -> bool:
    """Whether steps run in a child here (POSIX)."""
    return hasattr(os, "fork")


def run_in_child(step: Callable[[], int]) -> int:
    """Run ``step`` in a forked child; its return value is the child's exit status, returned here.

    A child ended by a signal (the kernel's out-of-memory killer, say) gives
    ``-signal``, as :func:`os.waitstatus_to_exitcode` does. What the step prints
    reaches the same terminal or pipe as the parent's output, in order: both
    streams are flushed before the fork and before the child ends.
    """
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    # The parent's objects (its imports) out of the collector's sight: a collection in the
    # child would otherwise write to every page holding them, and copy it (Python's gc docs).
    gc.freeze()
    pid = os.fork()
    if pid == 0:  # the child: never returns into the caller
        status = 1
        try:
            status = step()
        except SystemExit as leaving:
            status = leaving.code if isinstance(leaving.code, int) else 1
        except KeyboardInterrupt:  # the parent is interrupted too, and says so
            status = INTERRUPTED
        except BaseException:  # noqa: BLE001 - what this process would have shown without the fork
            traceback.print_exc()
        finally:
            for stream in (sys.stdout, sys.stderr):
                with contextlib.suppress(OSError, ValueError):
                    stream.flush()
            os._exit(status)
    gc.unfreeze()
    try:
        _, status = os.waitpid(pid, 0)
    except KeyboardInterrupt:  # the child got the same Ctrl+C: it ends before this process does
        os.waitpid(pid, 0)
        raise
    return os.waitstatus_to_exitcode(status)
