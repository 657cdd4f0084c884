"""Runs Pagefind over the finished output folder (Pelican's ``finalized`` signal).

The build tool writes into a temporary folder and swaps it in only when the
whole build succeeded, so raising here fails the build and keeps the previous
``output/``.

Pagefind runs through its documented Python API in a child process of its own
(:mod:`.pagefind_job`), so that a Pagefind that stops or hangs fails the build
with a clear message (at once, or after ``PORTAL_SEARCH_TIMEOUT`` seconds) and
leaves nothing running.

Besides the built pages (among them each untranslated item's page in every
language, which Pagefind puts in that language's index by its ``<html lang>``),
each language's index gets one document per entry of ``data/links.yaml``, whose
result leads to the resource itself (meta ``target``). They are staged in a
temporary folder per language and added with one ``add_directory`` call each
(Pagefind's Python wrapper answers one request per 100 ms, so a record per call
would not scale).
"""

from __future__ import annotations

import errno
import json
import logging
import multiprocessing
import os
import shutil
import signal
import tempfile
import time
from dataclasses import asdict
from typing import Any, Mapping

from portal_content import reason, tr
from portal_engine.searchindex import IndexRecord

from . import pagefind_job
from .bundlecheck import damaged_files
from .plan import BUNDLE, PLAN_FILE, SearchPlan, done, pending

logger = logging.getLogger(__name__)

#: Pagefind's ready-made interfaces, and its web worker: the portal has its own small
#: interface (theme/static/js/search.js), which searches on the page's thread.
UNUSED_BUNDLE_FILES = (
    "pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
    "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js",
    "pagefind-worker.js",
)
#: Parts of a detail page that are the site's wording, not the item's: the link to its
#: section, notices, "last checked", and the labels of facts ("Organisation", "When" …),
#: whose dd values (organisation, areas, requirements …) are indexed.
EXCLUDE_SELECTORS = [".detail__section", ".notice", ".detail__updated", "dt"]
#: Pagefind's Python wrapper has been seen, once under heavy load, to read a garbled
#: answer from its process ("Expecting value …"); indexing is repeatable, so one more
#: attempt from scratch. A second failure fails the build.
ATTEMPTS = 2
#: Seconds Pagefind may take before the build fails (setting or environment
#: variable ``PORTAL_SEARCH_TIMEOUT``): far above what a large portal needs.
TIMEOUT = 600.0


class SearchIndexError(RuntimeError):
    """The search index could not be built; the build fails."""


class SearchIndexTimeout(SearchIndexError):
    """Pagefind took longer than the build allows it (not tried again)."""


def _write_page(folder: str, path: str, html: str) -> None:
    os.makedirs(os.path.join(folder, path), exist_ok=True)
    with open(os.path.join(folder, path, "index.html"), "w", encoding="utf-8") as target:
        target.write(html)


def stage(plan: SearchPlan, staging: str) -> list[str]:
    """Write each language's extra documents below ``staging/<lang>/``; return those folders.

    A folder's paths become the results' URLs: link records get ``/_links/<n>/``
    and lead to meta ``target``.
    """
    folders = []
    for lang in sorted(plan.links):
        folder = os.path.join(staging, lang)
        for number, html in enumerate(plan.links.get(lang, [])):
            _write_page(folder, f"_links/{number}/", html)
        if os.path.isdir(folder):
            folders.append(folder)
    return folders


def _settings_timeout(settings: Mapping[str, Any] | None) -> float:
    """Seconds Pagefind may take: ``PORTAL_SEARCH_TIMEOUT`` (environment, then settings)."""
    configured = os.environ.get("PORTAL_SEARCH_TIMEOUT") or (settings or {}).get("PORTAL_SEARCH_TIMEOUT")
    return float(configured) if configured else TIMEOUT


def _end_group(process: Any) -> None:
    """End the job and whatever it started (Pagefind), if anything is still running."""
    try:
        if hasattr(os, "killpg"):
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
    except (ProcessLookupError, PermissionError):
        pass


def run_pagefind(bundle: str, directories: list[str], timeout: float, glob: str | None = None) -> None:
    """Index ``directories`` into ``bundle`` with Pagefind (:mod:`.pagefind_job`), within ``timeout``.

    Raises SearchIndexError saying why when Pagefind is missing, stops, fails
    or takes longer; nothing of it keeps running afterwards.
    """
    job = {"bundle": bundle, "directories": directories, "exclude_selectors": EXCLUDE_SELECTORS, "glob": glob}
    processes = multiprocessing.get_context()
    reasons, sender = processes.Pipe(duplex=False)
    process = processes.Process(target=pagefind_job.run, args=(job, sender), name="pagefind-job")
    with reasons:
        process.start()
        sender.close()
        try:
            process.join(timeout)
            if process.is_alive():
                raise SearchIndexTimeout(tr("Pagefind did not finish within %(seconds)s s "
                                            "(PORTAL_SEARCH_TIMEOUT sets the limit)", seconds=f"{timeout:g}"))
        finally:
            _end_group(process)
            process.join()
        if process.exitcode != 0:
            raise SearchIndexError(reasons.recv() if reasons.poll()
                                   else tr("Pagefind's job ended with status %(status)s", status=process.exitcode))


def build_index(output: str, plan: SearchPlan, staging: str, bundle: str | None = None,
                timeout: float = TIMEOUT) -> dict[str, int]:
    """Index ``output`` plus the staged documents; write the bundle (``output/pagefind/``).

    Returns the number of records in each language's index.
    """
    bundle = bundle or os.path.join(output, BUNDLE)
    # Without any data-pagefind-body, Pagefind would index every page of the output.
    directories = ([output] if plan.indexed_pages else []) + stage(plan, staging)
    run_pagefind(bundle, directories, timeout, plan.glob)  # only the pages at the items' depths (plan.py)
    for name in UNUSED_BUNDLE_FILES:
        path = os.path.join(bundle, name)
        if os.path.exists(path):
            os.remove(path)
    damaged = damaged_files(bundle)
    if damaged:  # a file cut short breaks search while the build succeeds (see .bundlecheck)
        shown = ", ".join(damaged[:3]) + (" …" if len(damaged) > 3 else "")
        raise SearchIndexError(tr("Pagefind left %(count)s file(s) of the index incomplete: %(files)s",
                                  count=len(damaged), files=shown))
    with open(os.path.join(bundle, "pagefind-entry.json"), encoding="utf-8") as entry:
        return {lang: info["page_count"] for lang, info in json.load(entry)["languages"].items()}


#: The setting with which the build tool (tools/portal.py) takes the index over: the
#: ``finalized`` receiver leaves the plan in the output, and the tool calls
#: :func:`index_built` once Pelican's process, and the site's model with it, is gone.
INDEX_LATER = "PORTAL_INDEX_LATER"


def index_output(pelican: Any) -> None:
    """``finalized`` receiver: index the output folder this build wrote (:func:`index_built`),
    unless the build tool indexes it itself afterwards (:data:`INDEX_LATER`)."""
    if pelican.settings.get(INDEX_LATER):
        return
    index_built(pelican.output_path, pelican.settings)


def index_built(output: str, settings: Mapping[str, Any]) -> None:
    """Index ``output``, the folder a build with ``settings`` wrote, if its plan waits there.

    Where no indexed page changed since the published build, its bundle is taken
    instead (:mod:`portal_engine.searchindex` decides; ``PORTAL_REUSE = False``
    always indexes).

    A devserver build (``PORTAL_INCREMENTAL``) publishes its pages first and
    refreshes the index right after (:func:`refresh_deferred`): an editor sees
    the changed page without waiting for Pagefind, and searches the previous
    index, carried over, for the few seconds in between. The plan waits in the
    output folder (:mod:`.plan`) and moves with it when it is published.
    """
    plan = pending(output)
    if plan is None:  # portal_site wrote nothing (no portal): nothing to index
        return
    published = settings.get("PORTAL_OUTPUT_PATH")
    if settings.get("PORTAL_INCREMENTAL") and published:
        carry_over(os.path.join(published, BUNDLE), os.path.join(output, BUNDLE))
        return
    bundle = os.path.join(output, BUNDLE)
    record = IndexRecord(settings.get("CACHE_PATH") if published else None)
    key = record.key(output, plan.glob, _index_settings(plan)) if published else ""
    if not (published and settings.get("PORTAL_REUSE", True)
            and _reuse(record, key, os.path.join(published, BUNDLE), bundle)):
        index_folder(output, plan, timeout=_settings_timeout(settings))
    record.save(key, bundle)
    done(output)


def _index_settings(plan: SearchPlan) -> dict[str, Any]:
    """What an index depends on besides the pages and Pagefind (:mod:`portal_engine.searchindex`)."""
    return {"plan": asdict(plan), "exclude": EXCLUDE_SELECTORS, "unused": UNUSED_BUNDLE_FILES}


def _reuse(record: IndexRecord, key: str, previous: str, bundle: str) -> bool:
    """Take the published bundle if no indexed page changed; whether it was taken (and whole)."""
    if not record.matches(key, previous):
        return False
    carry_over(previous, bundle)
    if damaged_files(bundle):  # a published file changed since: index afresh
        shutil.rmtree(bundle, ignore_errors=True)
        return False
    logger.info("search index unchanged: the published one is reused")
    return True


def index_folder(output: str, plan: SearchPlan, bundle: str | None = None, timeout: float | None = None) -> None:
    """Index ``output`` into ``bundle`` (default ``output/pagefind/``), trying twice.

    A timeout is not tried again: the build has waited long enough.
    """
    bundle = bundle or os.path.join(output, BUNDLE)
    timeout = timeout or _settings_timeout(None)
    started = time.monotonic()
    for attempt in range(1, ATTEMPTS + 1):
        staging = tempfile.mkdtemp(prefix="portal-search-")
        try:
            counts = build_index(output, plan, staging, bundle, timeout)
            break
        except Exception as error:  # ours and Pagefind's: say which part of the build failed
            full = _disk_full(bundle)
            shutil.rmtree(bundle, ignore_errors=True)
            if full:  # Pagefind's own message is lost in its wrapper (read as a garbled answer)
                raise SearchIndexError(tr("the search index (Pagefind) could not be written")) from full
            if attempt == ATTEMPTS or isinstance(error, SearchIndexTimeout):
                raise SearchIndexError(tr("the search index (Pagefind) could not be built: %(reason)s",
                                          reason=reason(error))) from error
            logger.warning("search index, attempt %d failed (%s); trying again", attempt, error)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    logger.info("search index in %.1f s: %s", time.monotonic() - started,
                ", ".join(f"{lang} {count}" for lang, count in sorted(counts.items())))


#: Below this much free space, a failed index is put down to a full disk.
FULL_DISK_BYTES = 1 << 20


def _disk_full(bundle: str) -> OSError | None:
    """A "no space left on device" error if the disk that holds ``bundle`` is (nearly) full."""
    folder = os.path.dirname(os.path.abspath(bundle))
    usage = os.statvfs(folder)
    free = (usage.f_bfree if os.geteuid() == 0 else usage.f_bavail) * usage.f_frsize
    if free >= FULL_DISK_BYTES:
        return None
    return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), bundle)


def carry_over(previous: str, bundle: str) -> None:
    """Put the previous bundle into the new output as hard links (copies where links fail)."""
    if not os.path.isdir(previous):
        return

    def link(source: str, target: str) -> None:
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)

    shutil.copytree(previous, bundle, copy_function=link, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns(os.path.basename(PLAN_FILE)))  # never an older plan


def refresh_deferred(output: str) -> float | None:
    """After a devserver build was published: index it and swap the new bundle in.

    Returns the seconds it took, or None when no index was waiting. Until the
    swap, readers search the previous index; if indexing fails, it stays.
    """
    plan = pending(output)
    if plan is None:
        return None
    started = time.monotonic()
    current, fresh, old = (os.path.join(output, name) for name in (BUNDLE, f".{BUNDLE}-new", f".{BUNDLE}-old"))
    for leftover in (fresh, old):
        shutil.rmtree(leftover, ignore_errors=True)
    index_folder(output, plan, fresh)
    if os.path.exists(current):
        os.rename(current, old)
    os.rename(fresh, current)
    shutil.rmtree(old, ignore_errors=True)
    done(output)
    return time.monotonic() - started
