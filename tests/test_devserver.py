"""make devserver: what an editor sees in the browser and the terminal while editing.

One real devserver process per test (tools/portal.py devserver), real HTTP, and
for the reload a real Chromium: an edit is served on its page, then on the pages
that list it; a broken edit is an error page and a terminal message until fixed;
a data change rebuilds; the reload script exists only in what the devserver serves.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import queue
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Callable, Iterator

import pytest

from conftest import ROOT, TODAY_EPOCH, Site

FUSSBALL = "content/offers/fussball.de.md"  # an offer in German only: every language shows its text


class Devserver:
    """A running ``portal.py devserver`` on a free port; its terminal lines as they come."""

    def __init__(self, site: Site):
        self.site = site
        env = {**os.environ, "SOURCE_DATE_EPOCH": TODAY_EPOCH, "PORTAL_LANG": "en"}
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "tools" / "portal.py"), "devserver", "--site", str(site.path),
             "--output", str(site.path / "output"), "--port", "0"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, start_new_session=True)
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        served = self.wait_for_line(r"on (http://localhost:\d+)/", 120)
        self.base = re.search(r"(http://localhost:\d+)", served).group(1)
        self.wait_for_line("Watching", 30)

    def _read(self) -> None:
        assert self.process.stdout
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for_line(self, pattern: str, timeout: float = 30) -> str:
        """The first line from now on that matches ``pattern``."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.1)
            except queue.Empty:
                continue
            self.seen.append(line)
            if re.search(pattern, line):
                return line
        raise AssertionError(f"no line matching {pattern!r}; the devserver said:\n" + "\n".join(self.seen))

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.base + path, timeout=10) as answer:
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def until(self, path: str, check: Callable[[int, str], bool], timeout: float = 20) -> str:
        """The page at ``path`` once ``check(status, html)`` holds."""
        deadline = time.monotonic() + timeout
        while True:
            status, text = self.get(path)
            if check(status, text):
                return text
            if time.monotonic() > deadline:
                raise AssertionError(f"{path} never passed the check; last answer {status}:\n{text[:2000]}")
            time.sleep(0.05)

    def stop(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, 2)  # Ctrl+C
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, 9)
            self.process.wait()


@pytest.fixture
def devserver(site: Site) -> Iterator[Devserver]:
    server = Devserver(site)
    try:
        yield server
    finally:
        server.stop()


def retitle(site: Site, path: str, title: str) -> None:
    text = site.read(path)
    site.write(path, re.sub(r"^title: .*$", f"title: {title}", text, count=1, flags=re.M))


def test_an_edit_is_served_on_its_page_then_on_its_other_languages_listings_and_home(devserver):
    retitle(devserver.site, FUSSBALL, "Fußball am Montag")
    devserver.until("/de/offers/fussball/", lambda status, html: "Fußball am Montag" in html)
    for path in ("/en/offers/fussball/", "/ar/offers/fussball/", "/de/offers/", "/en/offers/"):
        devserver.until(path, lambda status, html: "Fußball am Montag" in html)
    devserver.wait_for_line(r"Updated content/offers/fussball\.de\.md in [\d.]+ s")
    assert "Fußball am Montag" in (devserver.site.path / "output/de/offers/fussball/index.html").read_text()
    retitle(devserver.site, "content/offers/sprachpaten.de.md", "Sprachpatenschaft am Abend")  # open: on the home page
    devserver.until("/de/", lambda status, html: "Sprachpatenschaft am Abend" in html)


def test_a_broken_edit_shows_the_editors_error_in_the_terminal_and_the_browser_until_it_is_fixed(devserver):
    site = devserver.site
    good = site.read(FUSSBALL)
    broken = good.replace("areas: [sport]\n", "areas: [sport]\ndistrict: nirgendwo\n")
    line = broken.splitlines().index("district: nirgendwo") + 1
    site.write(FUSSBALL, broken)
    said = devserver.wait_for_line(r"fussball\.de\.md:")
    assert said == (f"content/offers/fussball.de.md:{line}: district: unknown district 'nirgendwo': write the id "
                    "of a district from data/taxonomies.yaml, e.g. mitte (known: mitte)")
    shown = devserver.until("/de/offers/", lambda status, html: status == 500)
    assert f"content/offers/fussball.de.md:{line}: district: unknown district &#x27;nirgendwo&#x27;" in shown
    assert "/__devserver/reload.js" in shown  # the fixed page replaces it by itself
    assert "Fußballtraining begleiten" in (site.path / "output/de/offers/fussball/index.html").read_text()

    site.write(FUSSBALL, good.replace("Fußballtraining begleiten", "Fußballtraining am Freitag"))
    page = devserver.until("/de/offers/fussball/", lambda status, html: status == 200)
    assert "Fußballtraining am Freitag" in page


def test_a_data_change_rebuilds_the_pages_that_show_it(devserver):
    site = devserver.site
    assert "Sportverein" not in devserver.get("/de/offers/fussball/")[1]
    site.write("data/taxonomies.yaml", site.read("data/taxonomies.yaml").replace("sport: {de: Sport}",
                                                                                 "sport: {de: Sportverein}"))
    devserver.until("/de/offers/fussball/", lambda status, html: "Sportverein" in html)
    devserver.until("/de/offers/", lambda status, html: "Sportverein" in html)


def test_a_new_document_is_built_and_served(devserver):
    site = devserver.site
    site.write("content/offers/schach.de.md", site.read(FUSSBALL).replace("Fußballtraining begleiten", "Schachabend"))
    devserver.until("/de/offers/schach/", lambda status, html: status == 200 and "Schachabend" in html)
    devserver.until("/de/offers/", lambda status, html: "Schachabend" in html)


def test_the_reload_script_is_served_by_the_devserver_only(devserver, tmp_path):
    _status, served = devserver.get("/de/offers/fussball/")
    assert '<script src="/__devserver/reload.js" defer></script></body>' in served
    assert devserver.get("/__devserver/reload.js")[0] == 200
    built = devserver.site.path / "output"
    assert not [p for p in built.rglob("*") if p.is_file() and b"__devserver" in p.read_bytes()]
    devserver.stop()
    published = devserver.site.build(output=tmp_path / "html")  # make html
    assert published.returncode == 0, published.stderr
    pages = list((tmp_path / "html").rglob("*.html"))
    assert pages and not [p for p in pages if "__devserver" in p.read_text(encoding="utf-8")]


def test_an_open_page_reloads_itself_after_an_edit(devserver, browser):
    # the suite's one Chromium (conftest): Playwright's sync API allows one instance per thread
    page = browser.new_page()
    try:
        page.goto(devserver.base + "/de/offers/fussball/")
        page.wait_for_load_state("load")
        page.wait_for_timeout(500)  # the script has seen the current version
        retitle(devserver.site, FUSSBALL, "Fußball im Park")
        deadline = time.monotonic() + 20
        while "Fußball im Park" not in page.title():  # the page's own policy forbids evaluated strings
            assert time.monotonic() < deadline, "the open page never reloaded"
            page.wait_for_timeout(100)
    finally:
        page.close()


def test_after_edits_the_pages_of_the_edited_type_equal_a_full_build(site, tmp_path):
    from test_listings import generate_items

    generate_items(site)  # 30 offers: two listing pages, several filter values
    server = Devserver(site)
    try:
        # moves to the end of the listing (another page) and to another district (other chips)
        edited = site.read("content/offers/gen-05.de.md").replace("Angebot 05", "Zebra 05")
        site.write("content/offers/gen-05.de.md", edited.replace("district: mitte", "district: nord"))
        server.wait_for_line("Every page of the change is out", 60)
        retitle(site, "content/offers/sprachpaten.en.md", "Language buddies")  # a translation
        server.wait_for_line("Every page of the change is out", 60)
        retitle(site, "content/events/gen-04.de.md", "Abendveranstaltung 04")  # events: sorted by date, archive
        server.wait_for_line("Every page of the change is out", 60)
    finally:
        server.stop()
    full = subprocess.run([sys.executable, str(ROOT / "tools" / "portal.py"), "build", "--drafts", "--site",
                           str(site.path), "--output", str(tmp_path / "full")], capture_output=True, text=True,
                          env={**os.environ, "SOURCE_DATE_EPOCH": TODAY_EPOCH, "PORTAL_LANG": "en"}, timeout=300)
    assert full.returncode == 0, full.stderr
    compared = 0
    for lang, kind in itertools.product(("de", "en", "ar"), ("offers", "events")):
        for page in sorted((tmp_path / "full" / lang / kind).rglob("*")) + [tmp_path / "full" / lang / "index.html"]:
            if page.suffix in (".html", ".json"):  # portal_site's pages (calendar files follow a full rebuild)
                shown = site.path / "output" / page.relative_to(tmp_path / "full")
                assert shown.read_bytes() == page.read_bytes(), page.relative_to(tmp_path / "full")
                compared += 1
    assert compared > 100
    assert "Zebra 05" in (site.path / "output/de/offers/page/2/index.html").read_text()
