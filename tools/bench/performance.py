"""Lighthouse's performance score on the demo portal, mobile profile (target ≥ 95).

Performance is timing, so it is measured here and not gated in ``make test``
(which gates accessibility, best practices and SEO with the same runner,
tests/lighthouse.py, and on its pages). The demo is built with ``SITEURL`` set to the nginx
address that then serves it with the strict CSP, as in the gate; one Chromium
audits home, the offers listing and an offer's page in German and Arabic.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Iterator

from .corpus import ROOT, TODAY_EPOCH
from .measure import BenchError

TARGET = 95


@contextlib.contextmanager
def _test_modules() -> Iterator[None]:
    """tests/ on the path for the gate's own nginx and Lighthouse runner (tests/gates.py,
    tests/lighthouse.py), and off it again afterwards."""
    sys.path.insert(0, str(ROOT / "tests"))
    try:
        yield
    finally:
        sys.path.remove(str(ROOT / "tests"))


def scores(workdir: Path) -> dict[str, int | None]:
    """Page path (``de/offers/``) -> Lighthouse performance score, 0-100."""
    with _test_modules():
        import gates
        import lighthouse

        port = gates.free_port()
        base = f"http://127.0.0.1:{port}"
        output = Path(tempfile.mkdtemp(prefix="lighthouse-", dir=workdir))
        done = subprocess.run(
            [sys.executable, str(ROOT / "tools" / "portal.py"), "build", "--site", str(ROOT), "--output",
             str(output)], capture_output=True, text=True, timeout=600,
            env={**os.environ, "SITEURL": base, "SOURCE_DATE_EPOCH": str(TODAY_EPOCH)})
        if done.returncode != 0:
            raise BenchError(f"the demo did not build: {done.stderr[-2000:]}")
        paths = lighthouse.PAGES
        with gates.nginx(output, port=port):
            results = lighthouse.audit([f"{base}/{path}" for path in paths], categories=("performance",))
    return {path: result.scores.get("performance") for path, result in zip(paths, results)}


def lines(found: dict[str, int | None]) -> list[str]:
    """The paragraph BENCHMARKS.md shows: every page's score and whether all met the target."""
    if not found:
        return []
    shown = " · ".join(f"`/{path}` {score if score is not None else '—'}" for path, score in found.items())
    met = all(score is not None and score >= TARGET for score in found.values())
    return [f"Lighthouse performance (mobile profile, the demo portal on nginx; target ≥ {TARGET}): {shown}: "
            + ("met" if met else "**missed**") + "."]
