"""``make devserver``: one process that keeps the built site in memory and serves it.

The first build runs in this process (the build of ``make html``, drafts shown) and
its model stays: the checked portal (portal_content) and the generator that
rendered it (portal_site's SiteGenerator, with its Jinja environment). When an
editor saves a document the model knows, only that file is read and checked
again (:func:`portal_content.reread`); its page in its language is rendered
and swapped into ``output/`` first, then, a page at a time so that a newer edit
can go before them, its other languages and the listings, filter pages and home
pages that may show it. Every page is rendered into a folder beside ``output/``
and renamed into place, so a reader never gets half a page. A new or removed
document, a change to ``data/``, the theme or a catalogue builds everything again
(the build of ``make html``); a change to the plugins' code restarts the process.

The search index is refreshed in a process of its own, at low priority, once the
pages are out; a change that arrives meanwhile stops it, and it starts again
after that change's pages. Served HTML gets a small script (added while serving,
never written to ``output/``) that reloads the page when the site changed. While
an edit is broken, the editor's errors are printed and every page is served as
an error page naming them; the last good site stays in ``output/``.
"""

from __future__ import annotations

import contextlib
import functools
import html
import http.server
import io
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from typing import Any, Iterable

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
#: The address below which the devserver serves its own files (never part of the site).
PREFIX = "/__devserver/"
RELOAD_SCRIPT = f'<script src="{PREFIX}reload.js" defer></script>'
#: Polls the site's version and reloads the page when it changed (an edit, a fix, an error).
RELOAD_JS = b"""(function () {
  var seen = null;
  function poll() {
    fetch("/__devserver/version", {cache: "no-store"}).then(function (answer) {
      return answer.text();
    }).then(function (version) {
      if (seen !== null && version !== seen) { location.reload(); return; }
      seen = version;
      setTimeout(poll, 300);
    }, function () { setTimeout(poll, 1000); });
  }
  poll();
})();
"""
#: Seconds without a change before the search index is refreshed.
SEARCH_QUIET = 1.0
#: The exit status of a search refresh stopped by a newer change.
STOPPED = 3


class Tee(io.TextIOBase):
    """Writes to a stream and keeps a copy (the build's error report, for the browser)."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.copy = io.StringIO()

    def write(self, text: str) -> int:
        self.stream.write(text)
        return self.copy.write(text)

    def flush(self) -> None:
        self.stream.flush()


def move_into(folder: str, output: str) -> list[str]:
    """Rename every file below ``folder`` to the same place in ``output``; the output paths, in order."""
    moved = []
    for root, _dirs, files in os.walk(folder):
        for name in sorted(files):
            rel = os.path.relpath(os.path.join(root, name), folder)
            target = os.path.join(output, rel)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            os.replace(os.path.join(root, name), target)
            moved.append(rel)
    return moved


class SearchRefresh:
    """The search index, refreshed in a process of its own after the pages are out.

    ``request()`` stops a refresh under way (a newer change is coming) and asks for a
    new one once nothing changed for :data:`SEARCH_QUIET` seconds; ``cancel()`` only stops
    it (a full build is coming, which leaves a new plan).
    """

    def __init__(self, site: str, output: str, say: Any) -> None:
        self.site = site
        self.output = output
        self.say = say
        self.wanted = threading.Event()
        self.last_request = 0.0
        self.process: subprocess.Popen[str] | None = None
        self.plan: bytes | None = None
        self.lock = threading.Lock()
        threading.Thread(target=self._loop, daemon=True, name="search-refresh").start()

    def remember_plan(self) -> None:
        """Keep what the index is made of (portal_search's plan), written by the last full build."""
        from portal_search.plan import PLAN_FILE

        with contextlib.suppress(OSError), open(os.path.join(self.output, PLAN_FILE), "rb") as source:
            self.plan = source.read()

    def request(self) -> None:
        self.cancel()
        self.last_request = time.monotonic()
        self.wanted.set()

    def cancel(self) -> None:
        """Stop a refresh under way; its half-written bundle is left aside and removed by the next."""
        self.wanted.clear()
        with self.lock:
            if self.process and self.process.poll() is None:
                self.process.terminate()  # the job ends Pagefind too (see refresh_search_job)
                self.process.wait()

    def _loop(self) -> None:
        while True:
            self.wanted.wait()
            while time.monotonic() - self.last_request < SEARCH_QUIET:
                time.sleep(0.1)
            with self.lock:
                if not self.wanted.is_set():
                    continue
                self.wanted.clear()
                self._write_plan()
                self.process = subprocess.Popen(
                    [sys.executable, os.path.abspath(__file__), "--refresh-search", self.site, self.output],
                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
                process = self.process
            said, _ = process.communicate()
            if process.returncode not in (STOPPED, -signal.SIGTERM) and said.strip():
                self.say(said.strip())  # how long it took, or why it failed (the previous index stays)

    def _write_plan(self) -> None:
        from portal_search.plan import PLAN_FILE

        if self.plan is not None:
            target = os.path.join(self.output, PLAN_FILE)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb") as plan:
                plan.write(self.plan)


def refresh_search_job(site: str, output: str) -> int:
    """The search refresh's process: index ``output`` at low priority (a SIGTERM ends Pagefind too)."""
    from pelican import Pelican
    from portal import _settings
    from portal_content import editors_translations, translate
    from portal_site import announce_published

    def stopped(_signal: int, _frame: Any) -> None:
        raise SystemExit(STOPPED)  # unwinds run_pagefind, which then ends Pagefind's group

    signal.signal(signal.SIGTERM, stopped)
    with contextlib.suppress(OSError):
        os.nice(10)  # pages first: the editor waits for them, not for the index
    Pelican(_settings(site, output))  # registers the plugins: portal_search receives ``published``
    gettext = editors_translations(os.path.join(site, "data")).gettext
    for line in announce_published(output):
        print(translate(line, gettext), flush=True)
    return 0


@dataclass(frozen=True)
class Work:
    """Pages to render after an edit of ``content/<rel>`` (of ``item``): detail pages and (type, language) listings."""

    rel: str
    item: Any
    details: tuple[tuple[Any, str], ...]
    listings: tuple[tuple[str, str], ...]

    @property
    def key(self) -> tuple[Any, ...]:
        return id(self.item), tuple((id(item), lang) for item, lang in self.details), self.listings


class Preview:
    """The site as last built and edited: its model, its generator, its errors, its version."""

    def __init__(self, site: str, output: str) -> None:
        from portal_content import editors_translations

        self.site = site
        self.output = output
        self.translations = editors_translations(os.path.join(site, "data"))
        self.generator: Any = None
        self.readers: Any = None
        self.documents: dict[str, Any] = {}
        #: what stands in the way, by file (``""``: the last full build); shown instead of pages
        self.errors: dict[str, str] = {}
        self.version = 0
        self.built_on = ""  #: the day of the last full build: "today" decides what listings show
        self.search = SearchRefresh(site, output, self.say)
        self._built: Any = None

    def say(self, line: str) -> None:
        print(line, flush=True)

    def changed(self) -> None:
        """The site (or its errors) changed: open pages reload."""
        self.version += 1

    # -- the full build ---------------------------------------------------------

    def _remember_generator(self, sender: Any, **_: Any) -> None:
        self._built = sender

    def build(self) -> bool:
        """The whole site again, as ``make html`` builds it (drafts shown); the model is kept."""
        from portal import build
        from portal_content import documents_of, make_readers
        from portal_site import write_pages

        self.search.cancel()
        self._built = None
        write_pages.connect(self._remember_generator)
        report = Tee(sys.stderr)
        try:
            with contextlib.redirect_stderr(report):
                status = build(self.site, self.output, incremental=True, drafts=True, then=False)
        finally:
            write_pages.disconnect(self._remember_generator)
        if status != 0 or self._built is None:
            self.errors = {"": report.copy.getvalue().strip() or "build failed"}
            self.changed()
            return False
        self.generator, self._built = self._built, None
        self.built_on = time.strftime("%Y-%m-%d")
        self.readers = make_readers(self.generator.settings)
        self.documents = documents_of(self.generator.portal)
        self.errors = {}
        self.changed()
        self.search.remember_plan()
        self.search.request()
        return True

    # -- one edited document ---------------------------------------------------------

    def edit(self, rel: str) -> list[Work]:
        """Read and check ``content/<rel>`` again and publish its page in its language at once.

        Returns the pages that follow, or none when the edit is broken (its error then
        stands and is shown until the file is fixed).
        """
        from portal_content import ContentErrors, reread

        started = time.monotonic()
        portal = self.generator.portal
        lang = self.documents[rel].lang
        try:
            item = reread(self.generator.settings, portal, self.readers, rel)
        except ContentErrors as problems:
            self.fail(rel, problems.report(self.translations.gettext, self.translations.ngettext))
            return []
        except Exception as exc:  # noqa: BLE001 - a bug in a check: say so, keep serving
            self.failed(rel, exc)
            return []
        self.generator.forget([item])
        if not self.publish(Work(rel, item, ((item, lang),), ())):
            return []
        self.say(self.translations.gettext("Updated %(page)s in %(seconds)s s")
                 % {"page": os.path.join("content", rel), "seconds": f"{time.monotonic() - started:.2f}"})
        langs = portal.data.codes if lang == item.source.lang else [lang]  # the source shows where untranslated
        work = [Work(rel, item, ((item, code),), ()) for code in langs if code != lang]
        if portal.types[item.type].section:
            work += [Work(rel, item, (), ((item.type, code),)) for code in sorted(langs, key=lambda c: c != lang)]
        return work

    def publish(self, work: Work) -> bool:
        """Render ``work``'s pages into ``output/``; a failure stands as the error of its file."""
        try:
            self.render(work.details, work.listings, (work.item,))
        except Exception as exc:  # noqa: BLE001 - a template failed on this content: say so, keep serving
            self.failed(work.rel, exc)
            return False
        if self.errors.pop(work.rel, None) is not None or work.details:
            self.changed()
        return True

    def fail(self, rel: str, text: str) -> None:
        """``rel``'s problem, in the terminal and (instead of every page) in the browser."""
        print(text, file=sys.stderr, flush=True)
        self.errors[rel] = text
        self.changed()

    def failed(self, rel: str, exc: BaseException) -> None:
        from portal import failure_message

        gettext = self.translations.gettext
        self.fail(rel, f"content/{rel}: " + gettext("build failed: %(reason)s")
                  % {"reason": failure_message(exc, gettext)})

    def render(self, details: Iterable[Any], listings: Iterable[tuple[str, str]], showing: Iterable[Any]) -> list[str]:
        """Render the chosen pages beside ``output/`` and rename them into it."""
        from pelican.writers import Writer

        folder = tempfile.mkdtemp(prefix=".devserver-", dir=os.path.dirname(self.output))
        try:
            self.generator.write_chosen(Writer(folder, settings=self.generator.settings), details, listings, showing)
            return move_into(folder, self.output)
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    # -- what the browser gets ------------------------------------------------------

    def error_page(self) -> bytes:
        """The errors that stand, as a page (it reloads when they are fixed)."""
        title = self.translations.gettext("The preview cannot show this change")
        body = "\n\n".join(self.errors.copy().values())  # a copy: the main thread may change them meanwhile
        return (f'<!doctype html><html><head><meta charset="utf-8"><title>{html.escape(title)}</title></head>'
                f'<body><h1>{html.escape(title)}</h1><pre id="devserver-errors">{html.escape(body)}</pre>'
                f"{RELOAD_SCRIPT}</body></html>").encode()


class Handler(http.server.SimpleHTTPRequestHandler):
    """Serves ``output/`` with the reload script in every HTML page, or the error page."""

    preview: Preview

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the library's name
        pass  # the terminal is for the editor's messages

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def _send(self, status: int, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - the library's name
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path == PREFIX + "reload.js":
            return self._send(200, "text/javascript", RELOAD_JS)
        if path == PREFIX + "version":
            return self._send(200, "text/plain", str(self.preview.version).encode())
        file = self.translate_path(self.path)
        if os.path.isdir(file):
            file = os.path.join(file, "index.html")
        if path.endswith("/") or file.endswith(".html"):
            if self.preview.errors:
                return self._send(500, "text/html; charset=utf-8", self.preview.error_page())
            if os.path.isfile(file):
                with open(file, "rb") as page:
                    text = page.read()
                end = text.rfind(b"</body>")
                end = len(text) if end < 0 else end
                return self._send(200, "text/html; charset=utf-8",
                                  text[:end] + RELOAD_SCRIPT.encode() + text[end:])
        return super().do_GET()


def plan_changes(changes: Iterable[str], preview: Preview, plugins: list[str]) -> tuple[str, list[str]]:
    """What a set of changed paths needs: ``("restart", [])``, ``("build", [])`` or ``("edit", rels)``."""
    paths = sorted(set(changes))
    if any(path.endswith(".py") and any(path.startswith(folder + os.sep) for folder in plugins) for path in paths):
        return "restart", []
    if preview.generator is None or preview.errors.get("") is not None or preview.built_on != time.strftime("%Y-%m-%d"):
        return "build", []
    content = preview.generator.settings["PATH"]
    types = preview.generator.portal.types
    edits = []
    for path in paths:
        rel = os.path.relpath(path, content).replace(os.sep, "/")
        known = preview.documents.get(rel)
        if known is None and not os.path.lexists(path):
            continue  # an editor's temporary file, gone already
        if known is None or not os.path.isfile(path) or not types[known.type].section:
            return "build", []  # new, removed, or a content page (the navigation names it): everything
        edits.append(rel)
    return "edit", edits


def watch(folders: list[str], changes: queue.Queue[set[str]], stop: threading.Event) -> None:
    """Put each set of changed paths under ``folders`` into ``changes``."""
    import watchfiles

    for found in watchfiles.watch(*folders, stop_event=stop, step=20):
        changes.put({path for _change, path in found})


def run(site: str, output: str, port: int) -> int:
    """Build, serve on ``port`` and follow every change until Ctrl+C."""
    preview = Preview(site, output)
    gettext = preview.translations.gettext
    preview.build()
    handler = type("PreviewHandler", (Handler,), {"preview": preview})
    server = http.server.ThreadingHTTPServer(("localhost", port), functools.partial(handler, directory=output))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    plugins = [os.path.join(ROOT, "plugins"), os.path.join(site, "plugins")]
    watched = [p for p in dict.fromkeys((os.path.join(site, "content"), os.path.join(site, "data"),
                                         os.path.join(site, "templates"), os.path.join(site, "theme"),
                                         os.path.join(ROOT, "theme"), *plugins)) if os.path.isdir(p)]
    print(gettext("Serving %(output)s on %(url)s (Ctrl+C stops)")
          % {"output": output, "url": f"http://localhost:{server.server_address[1]}/"})
    changes: queue.Queue[set[str]] = queue.Queue()
    stop = threading.Event()
    threading.Thread(target=watch, args=(watched, changes, stop), daemon=True).start()
    print(gettext("Watching %(folders)s for changes") % {"folders": ", ".join(watched)}, flush=True)
    work: list[Work] = []
    started = time.monotonic()  # of the edits whose pages are being rendered
    try:
        while True:
            if work and changes.empty():  # the pages that follow an edit, one at a time
                preview.publish(work.pop(0))
                if not work:
                    preview.say(gettext("Every page of the change is out after %(seconds)s s")
                                % {"seconds": f"{time.monotonic() - started:.2f}"})
                    preview.changed()
                    preview.search.request()
                continue
            found = changes.get()
            kind, rels = plan_changes(found, preview, plugins)
            shown = sorted(os.path.relpath(p, site) if p.startswith(site + os.sep) else p for p in found)
            print(gettext("Changed: %(files)s") % {"files": ", ".join(shown)}, flush=True)
            if kind == "restart":  # new plugin code: a process that imports it
                stop.set()
                preview.search.cancel()
                server.server_close()
                os.execv(sys.executable, [sys.executable, *sys.argv])
            preview.search.cancel()
            if kind == "build":
                work = []
                preview.build()
                continue
            if not work:
                started = time.monotonic()
            for rel in rels:
                work = [*preview.edit(rel), *work]
            work = list({unit.key: unit for unit in work}.values())  # a page asked for twice: once
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        preview.search.cancel()
        server.shutdown()
    return 0


if __name__ == "__main__" and sys.argv[1:2] == ["--refresh-search"]:
    sys.path.insert(0, HERE)
    from portal import _plugins_importable

    _plugins_importable()
    sys.exit(refresh_search_job(sys.argv[2], sys.argv[3]))
