"""Edit to page served in a running devserver: what an editor waits for after saving.

The devserver (``tools/portal.py devserver``, whatever it does inside) is
started once on the generated corpus and left running, as an editor leaves it.
Once it serves, one German source document is saved ``EDITS`` times,
``SPACING`` seconds apart, as an editor saving repeatedly does, each time with
a new marker word in its summary and a new sentence holding the marker in its
body. Each edit is timed from the moment its file is written until

* (a) the edited page, in German, is served with the marker, and
* (b) every other page that shows the document's text is served with it: the
  item's page in each language it is not translated into (these show the
  German text), the type's first listing page and the home page, in German
  and in those languages, where they link the item, and the German filter
  pages (a listing per filter value) that link it.

An edit counts as served when a page shows its marker or a later one (a
devserver may fold several saves into one rebuild). The item is the one on
the first listing page with the most to show: linked from the home page if
one is, untranslated into some language if one is. Pages are polled over HTTP
(the edited page every ``FAST`` seconds, each other page every ``SLOW``, or
less often when there are many, so that together they ask at most ``RATE``
times a second), with conditional requests where the server allows them
safely, so that the polling costs the server, which shares the machine, little.
"""

from __future__ import annotations

import html
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Callable

import yaml

from .corpus import ROOT, TODAY_EPOCH
from .text import LANGUAGES

EDITS = 5
SPACING = 2.0  # seconds between saves
FAST, SLOW = 0.05, 0.1  # polling intervals: the edited page, the other pages
RATE = 100  # requests a second for all other pages together, at most
START_TIMEOUT = 1800.0  # seconds for the devserver's first build
SETTLE = 3.0  # seconds of silence on the devserver's output before the first edit
SETTLE_TIMEOUT = 180.0
EDIT_TIMEOUT = 120.0  # seconds after the last save until every page must show it, or 10× the first start
STOP_TIMEOUT = 20.0


class DevserverError(RuntimeError):
    """The devserver did not start or did not serve an edit in time: the message says which."""


@dataclass
class EditTimes:
    """What one run measured: per edit, seconds until (a) and (b); the pages watched."""

    item: str  # the edited document, content-relative
    edited_page: str
    other_pages: list[str]
    edited: list[float] = field(default_factory=list)  # (a) per edit
    everywhere: list[float] = field(default_factory=list)  # (b) per edit
    stop_note: str = ""  # how the devserver ended when Ctrl+C did not end it

    @property
    def edited_median(self) -> float:
        return statistics.median(self.edited)

    @property
    def everywhere_median(self) -> float:
        return statistics.median(self.everywhere)


_LINK = re.compile(r'href="(/[^"#?]*)"')


def _links(page: Path) -> set[str]:
    return set(_LINK.findall(page.read_text(encoding="utf-8"))) if page.is_file() else set()


def _page_file(output: Path, url: str) -> Path:
    return output / url.lstrip("/") / "index.html"


def choose_item(site: Path, output: Path) -> tuple[str, str, list[str]]:
    """(content-relative source, its German page, the other pages showing its text) from a built ``output``.

    Candidates are the items on each type's first German listing page; the one
    linked from the German home page and untranslated somewhere wins, offers
    before other types, the listing's order breaking ties.
    """
    best, best_score = None, None
    home = _links(_page_file(output, "/de/"))
    for folder in sorted(p for p in (site / "content").iterdir() if p.is_dir()):
        linked = _links(_page_file(output, f"/de/{folder.name}/"))
        for source in sorted(folder.glob("*.de.md")):
            slug = source.name.split(".")[0]
            page = f"/de/{folder.name}/{slug}/"
            if page not in linked:
                continue
            untranslated = [lang for lang in LANGUAGES if lang != "de"
                            and not (folder / f"{slug}.{lang}.md").exists()
                            and _page_file(output, f"/{lang}/{folder.name}/{slug}/").is_file()]
            score = (page in home, bool(untranslated), folder.name == "offers")
            if best_score is None or score > best_score:
                best, best_score = (folder.name, slug, untranslated), score
    if best is None:
        raise DevserverError(f"no item is linked from a first listing page in {output}")
    doc_type, slug, untranslated = best
    others = [f"/{lang}/{doc_type}/{slug}/" for lang in untranslated]
    for lang in ["de", *untranslated]:
        item = f"/{lang}/{doc_type}/{slug}/"
        others += [page for page in (f"/{lang}/{doc_type}/", f"/{lang}/")
                   if item in _links(_page_file(output, page))]
    german = f"/de/{doc_type}/{slug}/"
    for page in sorted((output / "de" / doc_type).glob("*/*/index.html")):  # the filter pages, in German
        if german in _links(page):
            others.append("/" + page.parent.relative_to(output).as_posix() + "/")
    shows = _shows(site / "content" / doc_type / f"{slug}.de.md", output)
    if shows(german):  # where the summary is seen at all, only the pages that show it will show the marker
        others = [page for page in others if shows(page)]
    return f"{doc_type}/{slug}.de.md", german, others


def _shows(source: Path, output: Path) -> Callable[[str], bool]:
    """A test of whether a built page (by its URL) shows ``source``'s summary, escaped as templates do or not."""
    front = source.read_text(encoding="utf-8").split("---\n", 2)[1]
    summary = str((yaml.safe_load(front) or {}).get("summary") or "")
    forms = {summary, html.escape(summary), html.escape(summary, quote=False), summary.replace("'", "&#39;")}

    def shows(page: str) -> bool:
        text = _page_file(output, page).read_text(encoding="utf-8") if _page_file(output, page).is_file() else ""
        return bool(summary) and any(form in text for form in forms)

    return shows


def edited_source(original: str, marker: str) -> str:
    """``original`` with ``marker`` after its summary and a sentence holding it at the end of its body."""
    lines = original.split("\n")
    for index, line in enumerate(lines[1:], 1):
        if line == "---":
            break
        if line.startswith("summary:"):
            value = line[len("summary:"):].strip()
            if value[:1] in "\"'":
                quote = value[0]
                lines[index] = f"summary: {value[:-1]} {marker}{quote}"
            else:
                lines[index] = f"summary: {value} {marker}"
            break
    return "\n".join(lines).rstrip("\n") + f"\n\nAktualisiert: {marker}.\n"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Poller:
    """GETs of one server's pages; a page's body is fetched again only when it may have changed.

    A conditional GET is used only where it cannot miss a change: with the
    server's ``ETag``, or with ``Last-Modified`` once that lies a full second
    before the request (``Last-Modified`` has one-second steps, so a file
    rewritten within the same second would look unchanged).
    """

    def __init__(self, base: str) -> None:
        self.base = base
        self.bodies: dict[str, str] = {}
        self.validators: dict[str, tuple[str, str]] = {}  # url -> (header to send, value)
        self.opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never a proxy for localhost

    def get(self, url: str) -> str | None:
        """The page's current text, or None while the server does not serve it."""
        request = urllib.request.Request(self.base + url)
        validator = self.validators.get(url)
        if validator and url in self.bodies:
            request.add_header(*validator)
        asked = time.time()
        try:
            with self.opener.open(request, timeout=10) as response:
                body = response.read().decode("utf-8", "replace")
                headers = response.headers
        except urllib.error.HTTPError as error:
            if error.code == 304:
                return self.bodies[url]
            return None
        except (OSError, ValueError):  # not serving yet, or the connection dropped
            return None
        self.bodies[url] = body
        self.validators.pop(url, None)
        if headers.get("ETag"):
            self.validators[url] = ("If-None-Match", headers["ETag"])
        elif headers.get("Last-Modified"):
            try:
                modified = parsedate_to_datetime(headers["Last-Modified"]).timestamp()
            except (TypeError, ValueError):
                modified = asked
            if modified + 1 <= asked:
                self.validators[url] = ("If-Modified-Since", headers["Last-Modified"])
        return body


def _wait_quiet(log: Path, timeout: float) -> None:
    """Wait until the devserver wrote nothing for ``SETTLE`` seconds (its first build's follow-up work)."""
    deadline = time.monotonic() + timeout
    size, since = -1, time.monotonic()
    while time.monotonic() < deadline:
        now_size = log.stat().st_size
        if now_size != size:
            size, since = now_size, time.monotonic()
        elif time.monotonic() - since >= SETTLE:
            return
        time.sleep(0.2)


def _ctrl_c_as_in_a_terminal() -> None:
    """Ctrl+C's default in the devserver's process, even where the benchmark runs with it ignored or blocked.

    A shell starts a background job (``make bench &``, nohup) with SIGINT ignored,
    and a CI runner may start its jobs with SIGINT blocked; both are inherited
    through fork and exec, so the devserver would not stop on Ctrl+C.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _stop(process: subprocess.Popen, log: Path) -> str:
    """Ctrl+C to the devserver's process group, as in a terminal; harder only if it does not end.

    Returns "" when Ctrl+C stopped it, else what did (also written to ``log``).
    """
    for sent in (signal.SIGINT, signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sent)
        except ProcessLookupError:
            return ""
        try:
            process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            continue
        if sent == signal.SIGINT:
            return ""
        how = f"the devserver did not stop within {STOP_TIMEOUT:.0f} s of Ctrl+C; {sent.name} ended it"
        with open(log, "a", encoding="utf-8") as out:
            out.write(f"bench: {how}\n")
        return how
    return f"the devserver outlived Ctrl+C, SIGTERM and SIGKILL ({STOP_TIMEOUT:.0f} s each)"


def measure_edits(site: Path, output: Path, log: Path, progress=print) -> EditTimes:
    """Start the devserver on ``site`` (serving ``output``, already built), time ``EDITS`` saves, stop it."""
    source_name, edited_page, others = choose_item(site, output)
    source = site / "content" / source_name
    original = source.read_text(encoding="utf-8")
    times = EditTimes(source_name, edited_page, others)
    port = free_port()
    command = [sys.executable, str(ROOT / "tools" / "portal.py"), "devserver", "--site", str(site),
               "--output", str(output), "--port", str(port)]
    progress(f"  devserver on port {port}; editing {source_name}; watching {edited_page} and {', '.join(others)}")
    with open(log, "ab") as out:
        out.write(f"\n$ {' '.join(command)}\n".encode())
        out.flush()
        process = subprocess.Popen(command, cwd=site, stdout=out, stderr=subprocess.STDOUT,
                                   env={**os.environ, "SOURCE_DATE_EPOCH": str(TODAY_EPOCH)},
                                   start_new_session=True, preexec_fn=_ctrl_c_as_in_a_terminal)
    poller = Poller(f"http://localhost:{port}")
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while poller.get(edited_page) is None:
            if process.poll() is not None:
                raise DevserverError(f"the devserver ended (exit {process.returncode}) before serving; see {log}")
            if time.monotonic() > deadline:
                raise DevserverError(f"the devserver served nothing within {START_TIMEOUT:.0f} s; see {log}")
            time.sleep(0.5)
        started = START_TIMEOUT - (deadline - time.monotonic())
        _wait_quiet(log, SETTLE_TIMEOUT)
        _time_edits(source, original, poller, times, max(EDIT_TIMEOUT, 10 * started))
    finally:
        times.stop_note = _stop(process, log)
        source.write_text(original, encoding="utf-8")
    return times


def _time_edits(source: Path, original: str, poller: Poller, times: EditTimes, timeout: float) -> None:
    """Save ``EDITS`` times, ``SPACING`` apart, polling until every page shows every edit.

    A page that still lacks a save ``timeout`` seconds after the last one is an
    error: the devserver missed a change or failed to rebuild (its log says which).
    """
    token = os.urandom(3).hex()
    markers = [f"Benchmarke{number + 1}x{token}" for number in range(EDITS)]
    written: list[float] = []
    seen: dict[str, list[float | None]] = {page: [None] * EDITS for page in [times.edited_page, *times.other_pages]}
    last_poll = {page: 0.0 for page in seen}
    while True:
        now = time.monotonic()
        if len(written) < EDITS and (not written or now >= written[0] + SPACING * len(written)):
            written.append(time.monotonic())
            source.write_text(edited_source(original, markers[len(written) - 1]), encoding="utf-8")
        for page, found in seen.items():
            pending = [k for k in range(len(written)) if found[k] is None]
            interval = FAST if page == times.edited_page else max(SLOW, len(times.other_pages) / RATE)
            if not pending or time.monotonic() - last_poll[page] < interval:
                continue
            last_poll[page] = time.monotonic()
            body = poller.get(page) or ""
            answered = time.monotonic()
            newest = max((k for k in range(len(written)) if markers[k] in body), default=-1)
            for k in pending:
                if k <= newest:
                    found[k] = answered - written[k]
        if len(written) == EDITS and all(None not in found for found in seen.values()):
            break
        if len(written) == EDITS and time.monotonic() > written[-1] + timeout:
            missing = [f"{page} (save {found.index(None) + 1})" for page, found in seen.items() if None in found]
            raise DevserverError(f"{timeout:.0f} s after the last save of {times.item}, these pages still did "
                                 f"not show a save: {', '.join(missing)}; the devserver missed the change or "
                                 "failed to rebuild (see the log)")
        time.sleep(FAST / 2)
    times.edited = list(seen[times.edited_page])
    times.everywhere = [max(seen[page][k] for page in seen) for k in range(EDITS)]
