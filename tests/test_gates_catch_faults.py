"""Each gate catches the fault it is there for: planted in a copy of a built page."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import gates
from browser import serve
from conftest import BuildResult


@pytest.fixture
def faulty(minimal_build: BuildResult, tmp_path: Path):
    """A copy of the built minimal site, and a way to plant a fault in its German home."""
    root = tmp_path / "output"
    shutil.copytree(minimal_build.output, root)
    home = root / "de" / "index.html"

    def plant(snippet: str) -> Path:
        home.write_text(home.read_text(encoding="utf-8").replace("</main>", snippet + "\n</main>"),
                        encoding="utf-8")
        return root

    return plant


def test_html_gate_catches_invalid_markup(faulty):
    root = faulty("<p><div>a block inside a paragraph's phrasing</p></div>")
    _, errors = gates.html_errors(root)
    assert any(e.startswith("de/index.html:") for e in errors), errors


def test_axe_gate_catches_an_unlabeled_input(faulty, browser):
    root = faulty('<input type="text" name="unnamed">')
    with serve(root) as base:
        page = browser.new_page(bypass_csp=True)  # axe is injected inline
        page.goto(f"{base}/de/")
        violations = gates.axe_violations(page)
        page.close()
    assert any(v.startswith("label ") for v in violations), violations


def test_link_gate_catches_a_broken_link(faulty):
    root = faulty('<a href="/de/offers/gibt-es-nicht/">kaputt</a><a href="/de/offers/#nirgends">x</a>')
    _, findings = gates.broken_links(root)
    assert any("/de/offers/gibt-es-nicht/ does not exist" in f for f in findings), findings
    assert any("#nirgends" in f for f in findings), findings


def test_offsite_gate_catches_an_image_from_another_host(faulty):
    root = faulty('<img src="https://tracker.example.com/pixel.gif" alt="">')
    _, findings = gates.offsite_requests(root)
    assert any("tracker.example.com" in f and "loads from another host" in f for f in findings), findings


def test_offsite_gate_catches_an_external_link_without_noopener(faulty):
    root = faulty('<a href="https://example.com/">extern</a>')
    _, findings = gates.offsite_requests(root)
    assert any('lacks rel="noopener"' in f for f in findings), findings


def test_inline_gate_catches_an_inline_script(faulty):
    root = faulty('<script>document.title = "x"</script>')
    _, findings = gates.inline_code(root)
    assert any("de/index.html" in f and "inline <script>" in f for f in findings), findings


def test_csp_gate_reports_an_inline_script_in_the_browser(faulty, browser):
    root = faulty('<script>document.title = "x"</script>')
    with gates.nginx(root) as base:
        page = browser.new_page()
        violations = gates.collect_csp_violations(page)
        page.goto(f"{base}/de/")
        page.wait_for_timeout(200)
        found = list(violations)
        page.close()
    assert any("script-src" in v for v in found), found

