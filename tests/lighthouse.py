"""Lighthouse scores of pages, from the npm package pinned in package.json.

One Node process and one Chromium (the system's, with the flags of
:mod:`browser`) audit all the given URLs in turn (tests/lighthouse.mjs), with
Lighthouse's default mobile profile. The gate (tests/test_lighthouse.py) asks
for accessibility, best practices and SEO; ``make bench`` asks for performance,
which is timing and does not belong in a test.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

from browser import CHROMIUM_ARGS, chromium_path

RUNNER = Path(__file__).with_name("lighthouse.mjs")
GATE = ("accessibility", "best-practices", "seo")
#: What is audited, in German and Arabic (LTR and RTL): home, a listing, a detail page.
PAGES = [f"{lang}/{page}" for lang in ("de", "ar") for page in ("", "offers/", "offers/sprachcafe-helfer/")]


@dataclass(frozen=True)
class Scores:
    url: str
    scores: dict[str, int | None]  # category -> 0..100 (None: Lighthouse could not score it)
    lowering: list[str]  # "category: audit title (score)" for every audit that cost points
    error: str | None  # Lighthouse's runtime error (page did not load …), else None


def audit(urls: list[str], categories: tuple[str, ...] = GATE, timeout: int = 600) -> list[Scores]:
    """Lighthouse on every URL; raises RuntimeError with Node's message if the runner fails."""
    request = {"chromePath": chromium_path(), "chromeFlags": CHROMIUM_ARGS, "urls": urls,
               "categories": list(categories)}
    done = subprocess.run(["node", str(RUNNER), json.dumps(request)], capture_output=True, text=True,
                          timeout=timeout, cwd=RUNNER.parent.parent)
    if done.returncode != 0:
        raise RuntimeError(f"Lighthouse failed: {done.stderr.strip()[-2000:]}")
    return [Scores(r["url"], r["scores"],
                   [f"{a['category']}: {a['title']} ({a['score']})" for a in r["lowering"]],
                   r["runtimeError"])
            for r in json.loads(done.stdout)]
