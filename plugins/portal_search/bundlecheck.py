"""Whether every file of a written Pagefind bundle is whole (:func:`damaged_files`).

Pagefind 1.5.2 answered ``write_files`` before its last writes had reached the
disk, and closing its service ends the process at once: under load a file of the
bundle could be left cut at a 4 KiB boundary (Pagefind issue #1271, fixed by its
pull request #1272, released in 1.6.0, which the portal runs). A cut file can
still come from elsewhere (a full disk, a program that stands in for Pagefind),
and a cut ``pagefind.js`` breaks search on every page while the build reports
success, so the build checks what was written.

Pagefind writes three kinds of file, and each shows when it is cut: gzip
streams (index, fragments, filters, metadata, WebAssembly), which then end
before their end-of-stream marker; JSON (``pagefind-entry.json``), which then
does not parse; and the ES module ``pagefind.js``, which ends with its
``export{…}`` clause. A file of another kind is not judged.
"""

from __future__ import annotations

import json
import os
import re
import zlib

GZIP_MAGIC = b"\x1f\x8b"
#: An ES module built by esbuild, as Pagefind's is, ends with one export clause.
EXPORT_AT_END = re.compile(rb"export\s*\{[^{}]*\}\s*;?\s*$")


def damaged_files(bundle: str) -> list[str]:
    """The files of ``bundle`` (paths relative to it) that are empty or cut short."""
    damaged = []
    for folder, _folders, names in os.walk(bundle):
        for name in names:
            path = os.path.join(folder, name)
            with open(path, "rb") as file:
                content = file.read()
            if not is_whole(name, content):
                damaged.append(os.path.relpath(path, bundle))
    return sorted(damaged)


def is_whole(name: str, content: bytes) -> bool:
    """Whether ``content`` of the bundle file ``name`` is complete, as far as its kind tells."""
    if not content:
        return False
    if content.startswith(GZIP_MAGIC):
        return _gzip_is_whole(content)
    if name.endswith(".json"):
        try:
            json.loads(content)
        except ValueError:
            return False
        return True
    if name.endswith(".js"):
        return EXPORT_AT_END.search(content[-4096:]) is not None
    return True


def _gzip_is_whole(content: bytes) -> bool:
    stream = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        stream.decompress(content)  # Pagefind's files are small: kilobytes, the wasm a few hundred
    except zlib.error:
        return False
    return stream.eof
