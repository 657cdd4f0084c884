"""What a reader's browser fetches to combine two listing filters with JavaScript.

Headless Chromium (the test suite's, as for the first search) opens a listing,
waits until the page and everything it loads are in, opens the filter panel
and clicks two filter chips of different filters — "district" and "when" when the listing has them,
as in "weekends, in Nordviertel" — the way a reader does; ``listing.js`` then
fetches the listing's ``items.json`` and combines the filters in place. Every
response from the site after the page load counts with its transfer size
(:func:`.weight.transfer_size`: gzip for text), so a chip that fell back to
its own page would count as the page it loads; only the favicon, which the
browser requests when it pleases, is left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .search import test_browser
from .weight import transfer_size

PREFERRED = ("district", "when")
CHIPS = """(preferred) => {
  const chips = {};
  document.querySelectorAll("[data-listing] [data-filter]").forEach((chip) => {
    const name = chip.getAttribute("data-filter");
    if (!(name in chips)) chips[name] = chip.getAttribute("data-value");
  });
  const names = preferred.filter((n) => n in chips).concat(Object.keys(chips).filter((n) => !preferred.includes(n)));
  return names.slice(0, 2).map((name) => [name, chips[name]]);
}"""
ICONS = """() => Array.from(document.querySelectorAll("link[rel~=icon]"), (link) => link.href)"""
SET = "([name, value]) => new URLSearchParams(location.search).get(name) === value"


@dataclass(frozen=True)
class FilterFetch:
    listing: str  # the listing's path, e.g. /de/offers/
    filters: list[tuple[str, str]]  # (filter, value) clicked, in order
    transferred: int  # bytes fetched after the page load
    files: list[str]  # what was fetched
    count: str  # the listing's count after both filters, as the reader sees it


def two_filters(output: Path, listing: str) -> FilterFetch | None:
    """Click two chips of different filters on ``listing``; None if it has fewer than two filters."""
    browser_module = test_browser()
    with browser_module.serve(output) as base, browser_module.launch_browser() as browser:
        page = browser.new_page(viewport={"width": 360, "height": 800})
        fetched: list[str] = []
        page.on("response", lambda response: fetched.append(response.url))
        page.goto(base + listing)
        page.wait_for_load_state("networkidle")
        fetched.clear()
        icons = set(page.evaluate(ICONS))  # the browser asks for the favicon whenever it likes: not filtering
        chips = page.evaluate(CHIPS, list(PREFERRED))
        if len(chips) < 2:
            return None
        button = page.locator("[data-listing] [data-filter-panel] > summary")
        if button.count() and button.is_visible():
            button.click()  # on a phone the chips are behind the filter panel's button
        for name, value in chips:
            page.locator(f'[data-listing] [data-filter="{name}"][data-value="{value}"]').first.click()
            page.wait_for_function(SET, arg=[name, value], timeout=30_000)
        page.wait_for_load_state("networkidle")
        count = page.locator("[data-count]").first.inner_text() if page.locator("[data-count]").count() else ""
        paths = sorted({url[len(base):].split("?")[0].split("#")[0] for url in fetched
                        if url.startswith(base) and url not in icons})
        files = [output / p.lstrip("/") for p in paths]
        files = [f / "index.html" if f.is_dir() else f for f in files]
        page.close()
    return FilterFetch(listing, [tuple(c) for c in chips], sum(transfer_size(f) for f in files if f.is_file()),
                       paths, count.strip())
