"""Runs Pagefind over the finished output folder (Pelican's ``finalized`` signal).

The build tool writes into a temporary folder and swaps it in only when the
whole build succeeded, so raising here fails the build and keeps the previous
``output/``.

Besides the built pages (among them each untranslated item's page in every
language, which Pagefind puts in that language's index by its ``<html lang>``),
each language's index gets one document per entry of ``data/links.yaml``, whose
result leads to the resource itself (meta ``target``). They are staged in a
temporary folder per language and added with one ``add_directory`` call each
(Pagefind's Python wrapper answers one request per 100 ms, so a record per call
would not scale).
"""

from __future__ import annotations

import asyncio
import errno
import json
import logging
import os
import shutil
import tempfile
import time
from typing import Any, Awaitable, TypeVar

from pagefind.index import IndexConfig
from pagefind.service import PagefindService

from .plan import SearchPlan, take

logger = logging.getLogger(__name__)
T = TypeVar("T")

BUNDLE = "pagefind"
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


class SearchIndexError(RuntimeError):
    """The search index could not be built; the build fails."""


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


async def _watched(call: Awaitable[T], service: PagefindService) -> T:
    """Await a request, failing if the Pagefind process ends before it answers.

    The wrapper would otherwise wait for the answer forever (it reads answers in
    a background task that just dies); ``_backend`` is its asyncio subprocess.
    """
    request = asyncio.ensure_future(call)
    exited = asyncio.ensure_future(service._backend.wait())
    done, _ = await asyncio.wait({request, exited}, return_when=asyncio.FIRST_COMPLETED)
    if request in done:
        exited.cancel()
        return request.result()
    request.cancel()
    raise SearchIndexError(f"the indexer stopped (exit status {service._backend.returncode})")


async def _stop(service: PagefindService, succeeded: bool) -> None:
    """End the Pagefind process: politely after success, at once after a failure
    (the wrapper's own close() would wait for answers that will not come)."""
    if succeeded:
        await service.close()
        return
    poll = getattr(service, "_poll_task", None)
    if poll is not None:
        poll.cancel()
        await asyncio.gather(poll, return_exceptions=True)
    if service._backend.returncode is None:
        service._backend.kill()
        await service._backend.wait()


async def build_index(output: str, plan: SearchPlan, staging: str, bundle: str | None = None) -> dict[str, int]:
    """Index ``output`` plus the staged documents; write the bundle (``output/pagefind/``).

    Returns the number of records in each language's index.
    """
    bundle = bundle or os.path.join(output, BUNDLE)
    service = await PagefindService().launch()
    succeeded = False
    try:
        config = IndexConfig(output_path=bundle, exclude_selectors=EXCLUDE_SELECTORS)
        index = await _watched(service.create_index(config), service)
        if plan.indexed_pages:  # without any data-pagefind-body, Pagefind would index every page
            await _watched(index.add_directory(output), service)
        for folder in stage(plan, staging):
            await _watched(index.add_directory(folder), service)
        await _watched(index.write_files(bundle), service)
        succeeded = True
    finally:
        await _stop(service, succeeded)
    for name in UNUSED_BUNDLE_FILES:
        path = os.path.join(bundle, name)
        if os.path.exists(path):
            os.remove(path)
    with open(os.path.join(bundle, "pagefind-entry.json"), encoding="utf-8") as entry:
        return {lang: info["page_count"] for lang, info in json.load(entry)["languages"].items()}


def index_output(pelican: Any) -> None:
    """``finalized`` receiver: index the output folder this build wrote.

    A devserver build (``PORTAL_INCREMENTAL``) publishes its pages first and
    refreshes the index right after (:func:`refresh_deferred`): an editor sees
    the changed page without waiting for Pagefind, and searches the previous
    index, carried over, for the few seconds in between.
    """
    plan = take(pelican.output_path)
    if plan is None:  # portal_site wrote nothing (no portal): nothing to index
        return
    published = pelican.settings.get("PORTAL_OUTPUT_PATH")
    if pelican.settings.get("PORTAL_INCREMENTAL") and published:
        carry_over(os.path.join(published, BUNDLE), os.path.join(pelican.output_path, BUNDLE))
        _deferred[os.path.abspath(published)] = plan
        return
    index_folder(pelican.output_path, plan)


def index_folder(output: str, plan: SearchPlan, bundle: str | None = None) -> None:
    """Index ``output`` into ``bundle`` (default ``output/pagefind/``), trying twice."""
    bundle = bundle or os.path.join(output, BUNDLE)
    started = time.monotonic()
    for attempt in range(1, ATTEMPTS + 1):
        staging = tempfile.mkdtemp(prefix="portal-search-")
        try:
            counts = asyncio.run(build_index(output, plan, staging, bundle))
            break
        except Exception as error:  # ours and Pagefind's: say which part of the build failed
            full = _disk_full(bundle)
            shutil.rmtree(bundle, ignore_errors=True)
            if full:  # Pagefind's own message is lost in its wrapper (read as a garbled answer)
                raise SearchIndexError("the search index (Pagefind) could not be written") from full
            if attempt == ATTEMPTS:
                raise SearchIndexError(f"the search index (Pagefind) could not be built: {error}") from error
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


#: published output folder -> the plan of its devserver build, indexed once published
_deferred: dict[str, SearchPlan] = {}


def carry_over(previous: str, bundle: str) -> None:
    """Put the previous bundle into the new output as hard links (copies where links fail)."""
    if not os.path.isdir(previous):
        return

    def link(source: str, target: str) -> None:
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)

    shutil.copytree(previous, bundle, copy_function=link, dirs_exist_ok=True)


def refresh_deferred(output: str) -> float | None:
    """After a devserver build was published: index it and swap the new bundle in.

    Returns the seconds it took, or None when no index was waiting. Until the
    swap, readers search the previous index; if indexing fails, it stays.
    """
    plan = _deferred.pop(os.path.abspath(output), None)
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
    return time.monotonic() - started
