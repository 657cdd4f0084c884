"""Which Pagefind program indexes the site: npm's Pagefind 1.6.0 (:func:`pagefind_binary`).

The portal talks to Pagefind through its Python API (PyPI ``pagefind``), whose
releases stop at 1.5.2; the program it drives comes from npm (``package.json``:
``pagefind``, whose platform package ships ``bin/pagefind_extended``). 1.6.0
bundles fragments (``max_fragments``, see :mod:`.pagefind_job`) and writes every
file before it answers ``write_files`` (Pagefind pull request #1272). The API
finds its program through ``PAGEFIND_BINARY_PATH``; an admin's own setting of it
wins, but an older Pagefind is refused (:func:`check_version`): 1.5.2 takes
``max_fragments`` without a word and writes one fragment file per page. So a
machine without the npm package gets a clear error rather than PyPI's 1.5.2
program, whose index alone is over 12,000 files at 2,000 items (over the file
limits of free hosts, see the README's hosting section).
"""

from __future__ import annotations

import os
import platform
import re
import subprocess
from pathlib import Path

from portal_content import tr

#: The Pagefind version package.json pins; the README's dependency list says why.
VERSION = "1.6.0"
#: The oldest Pagefind the index works with: the first with ``max_fragments``.
OLDEST = (1, 6, 0)
#: The folder npm installs into: the repository's root, beside package.json.
NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"
#: The environment variable Pagefind's Python API reads its program's path from.
VARIABLE = "PAGEFIND_BINARY_PATH"
#: Python's names for processors -> npm's (``os.arch()``), as @pagefind/<platform>-<cpu> uses them.
CPUS = {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64", "arm64": "arm64"}


class PagefindMissing(RuntimeError):
    """npm's Pagefind is not installed and PAGEFIND_BINARY_PATH is not set."""


def npm_binary(node_modules: Path = NODE_MODULES) -> Path:
    """Where npm puts ``pagefind_extended`` on this platform (``@pagefind/<platform>-<cpu>/bin``)."""
    system = platform.system().lower()
    system = "windows" if system.startswith(("windows", "cygwin", "msys")) else system
    cpu = CPUS.get(platform.machine().lower(), platform.machine().lower())
    name = "pagefind_extended.exe" if system == "windows" else "pagefind_extended"
    return node_modules / "@pagefind" / f"{system}-{cpu}" / "bin" / name


def pagefind_binary(environ: dict[str, str] | None = None, node_modules: Path = NODE_MODULES) -> str:
    """The program to run: ``PAGEFIND_BINARY_PATH`` if set, else npm's ``pagefind_extended``.

    Raises PagefindMissing, saying how to install it, when neither is there.
    """
    configured = (os.environ if environ is None else environ).get(VARIABLE)
    if configured:
        return configured
    binary = npm_binary(node_modules)
    if not os.access(binary, os.X_OK):
        raise PagefindMissing(tr(
            "Pagefind %(version)s is not installed (%(path)s is missing): run 'npm ci' in the "
            "portal's folder (make install does), or set %(variable)s to a Pagefind %(version)s program",
            version=VERSION, path=str(binary), variable=VARIABLE))
    return str(binary)


def check_version(binary: str) -> None:
    """Refuse a Pagefind older than :data:`OLDEST` (it would ignore ``max_fragments``).

    A program that cannot be started is named; one that does not say its version
    is left to fail (or not) on its own, when the index is built.
    """
    try:
        answer = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise PagefindMissing(tr("Pagefind (%(path)s) could not be started: %(reason)s",
                                 path=binary, reason=getattr(error, "strerror", None) or str(error))) from None
    found = re.search(r"pagefind (\d+)\.(\d+)\.(\d+)", answer.stdout)
    if found and tuple(map(int, found.groups())) < OLDEST:
        raise PagefindMissing(tr(
            "%(path)s is Pagefind %(found)s; the portal needs %(version)s or later (it bundles the "
            "index's fragment files): run 'npm ci', or set %(variable)s to a newer Pagefind",
            path=binary, found=".".join(found.groups()), version=VERSION, variable=VARIABLE))
