"""Detail pages rendered by two processes: the same site as one process renders.

On a machine with two cores a build renders detail pages in the main process
and one forked worker (plugins/portal_engine/parallel.py). A reader must not be
able to tell: every page, the sitemap and the search index are those of a
build in one process, and a failure in the worker fails the build.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

import pytest

from conftest import Site
from portal_engine.parallel import SharedRendering, WorkerError, worker_count
from test_rebuild import differences, indexed_pages

TWO_PROCESSES = {"PORTAL_RENDER_WORKERS": "2", "PORTAL_RENDER_MIN_PAGES": "1"}


def test_site_rendered_by_two_processes_equals_site_rendered_by_one(site: Site, tmp_path: Path) -> None:
    shared = site.build(output=tmp_path / "two", env=TWO_PROCESSES)
    single = site.build(output=tmp_path / "one", env={"PORTAL_RENDER_WORKERS": "1"})
    assert shared.returncode == 0, shared.stderr
    assert single.returncode == 0, single.stderr
    assert differences(shared.output, single.output) == []
    assert indexed_pages(shared.output) == indexed_pages(single.output)
    sitemap = (shared.output / "sitemap.xml").read_text(encoding="utf-8")
    assert "/de/offers/" in sitemap and "/en/offers/" in sitemap  # the worker's pages are listed too


def test_demo_rendered_by_two_processes_equals_demo_rendered_by_one(tmp_path: Path) -> None:
    from conftest import ROOT, run_portal

    shared = run_portal("build", ROOT, output=tmp_path / "two", env=TWO_PROCESSES)
    assert shared.returncode == 0, shared.stderr
    single = run_portal("build", ROOT, output=tmp_path / "one", env={"PORTAL_RENDER_WORKERS": "1"})
    assert single.returncode == 0, single.stderr
    assert differences(shared.output, single.output) == []


def test_small_builds_and_single_cores_render_in_one_process(monkeypatch) -> None:
    assert worker_count({}, 10) == 1
    assert worker_count({"PORTAL_RENDER_WORKERS": 1}, 5000) == 1
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    assert worker_count({}, 5000) == 1
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert worker_count({}, 5000) == 2


def _render_into(folder: Path):
    def render(page: int) -> None:
        target = folder / f"{page}.{os.getpid()}"
        assert not target.exists()
        target.write_text("written")
    return render


def test_every_page_is_rendered_once_by_one_of_the_processes(tmp_path: Path) -> None:
    pages = list(range(500))
    with SharedRendering(pages, _render_into(tmp_path), workers=2) as rendering:
        time.sleep(0.05)  # the main process's own pages (listings …)
        rendering.help()
    written = sorted(int(path.name.split(".")[0]) for path in tmp_path.iterdir())
    assert written == pages
    assert rendering.by_worker, "the worker rendered nothing"
    worker = {path.name.split(".")[1] for path in tmp_path.iterdir()} - {str(os.getpid())}
    assert {int(p.name.split(".")[0]) for p in tmp_path.iterdir() if p.name.split(".")[1] in worker} \
        == set(rendering.by_worker)


def test_an_error_in_the_worker_fails_the_build_with_its_message(tmp_path: Path) -> None:
    main = os.getpid()

    def render(page: int) -> None:
        if os.getpid() != main and page == 3:
            raise ValueError("offer.html: 'item' has no attribute 'nope'")

    with pytest.raises(WorkerError, match="has no attribute 'nope'"):
        with SharedRendering(list(range(100)), render, workers=2) as rendering:
            time.sleep(0.5)  # the worker has taken every batch meanwhile
            rendering.help()


def test_an_error_the_worker_only_logs_fails_the_build_too(tmp_path: Path) -> None:
    main = os.getpid()

    def render(page: int) -> None:
        if os.getpid() != main and page == 0:
            logging.getLogger("pelican.writers").error("Could not process offer.html")

    with pytest.raises(WorkerError, match="Could not process offer.html"):
        with SharedRendering(list(range(100)), render, workers=2) as rendering:
            time.sleep(0.5)
            rendering.help()
