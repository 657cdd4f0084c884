"""Search figures, when the build made a Pagefind index: indexing time, first-search bytes.

Indexing time is a run of Pagefind's command line (npm's, as the build runs it) over
the finished output into a scratch folder, timed on its own (the build's own
indexing is part of the cold build). The first search is what a reader's
browser fetches from the Pagefind bundle for one query: headless Chromium
opens the home page of a language, loads ``pagefind.js`` through Pagefind's JS
API, searches, and loads as many results as the portal's search page shows
at first (``PAGE_SIZE`` in theme/static/js/search.js, read from there); every
response from the bundle counts with its transfer size.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import sys
import tempfile
from pathlib import Path
from types import ModuleType

from .corpus import ROOT
from .measure import Run, pagefind_program, run_timed
from .weight import transfer_size

QUERIES = {"de": "Deutsch", "ar": "الألمانية"}
SEARCH_SCRIPT = ROOT / "theme" / "static" / "js" / "search.js"
SEARCH = """async ({bundle, query, shown}) => {
  const pagefind = await import(bundle + "pagefind.js");
  await pagefind.options({basePath: bundle, noWorker: true, excerptLength: 24});  // as theme/js/search.js
  const search = await pagefind.search(query);
  await Promise.all(search.results.slice(0, shown).map((result) => result.data()));
  return search.results.length;
}"""


def results_shown_first() -> int:
    """How many results the portal's search page loads at first: its script's PAGE_SIZE."""
    found = re.search(r"const PAGE_SIZE = (\d+);", SEARCH_SCRIPT.read_text(encoding="utf-8"))
    if not found:
        raise RuntimeError(f"{SEARCH_SCRIPT} no longer says 'const PAGE_SIZE = <number>;'")
    return int(found.group(1))


def bundle(output: Path) -> Path | None:
    """The folder of the Pagefind bundle in ``output``, if the build made one."""
    return next((entry.parent for entry in sorted(output.rglob("pagefind-entry.json"))), None)


def pagefind_available() -> bool:
    return pagefind_program() is not None


def index_time(output: Path, log: Path) -> Run:
    """One run of Pagefind over ``output``, written to a scratch folder."""
    scratch = Path(tempfile.mkdtemp(prefix="pagefind-"))
    try:
        return run_timed([str(pagefind_program()), "--site", str(output), "--output-path", str(scratch)],
                         output, {}, log)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def test_browser() -> ModuleType:
    """The test suite's server and system Chromium (tests/browser.py), loaded from its file."""
    spec = importlib.util.spec_from_file_location("browser", ROOT / "tests" / "browser.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def first_search(output: Path, found: Path) -> dict[str, tuple[int, int]]:
    """Per language: (bytes transferred from the bundle, number of results)."""
    browser = test_browser()
    launch_browser, serve = browser.launch_browser, browser.serve

    prefix = "/" + found.relative_to(output).as_posix() + "/"
    figures: dict[str, tuple[int, int]] = {}
    with serve(output) as base, launch_browser() as browser:
        for lang, query in QUERIES.items():
            if not (output / lang / "index.html").exists():
                continue
            page = browser.new_page()
            fetched: list[str] = []
            page.on("response", lambda response: fetched.append(response.url))
            page.goto(f"{base}/{lang}/")
            fetched.clear()
            results = page.evaluate(SEARCH, {"bundle": prefix, "query": query, "shown": results_shown_first()})
            page.wait_for_load_state("networkidle")
            paths = {url[len(base):].split("?")[0] for url in fetched if url.startswith(base + prefix)}
            files = [output / p.lstrip("/") for p in paths]
            figures[lang] = (sum(transfer_size(f) for f in files if f.is_file()), results)
            page.close()
    return figures
