"""Swap two paths in one step: Linux's ``renameat2(RENAME_EXCHANGE)``, through ctypes.

Python's ``os`` module has no binding for it. The call exists from Linux 3.15
and glibc 2.28 on; file systems that lack it (some network and FUSE file
systems, older overlayfs) answer ``EINVAL``. :func:`exchange` says whether it
swapped, so the caller can fall back to two renames where it cannot.
"""

from __future__ import annotations

import ctypes
import errno
import os

AT_FDCWD = -100
RENAME_EXCHANGE = 1 << 1
#: The answers that mean "not here": no such call, or not on this file system.
UNSUPPORTED = {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP}


def _renameat2():
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):  # not Linux, or a C library before glibc 2.28
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def exchange(first: str, second: str) -> bool:
    """Swap ``first`` and ``second`` (both must exist) atomically; False where unsupported.

    Any other failure raises :class:`OSError` with both paths.
    """
    function = _renameat2()
    if function is None:
        return False
    if function(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), first, None, second)
