"""Shared test helpers: build real sites with the real command, in fresh processes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "fixtures" / "minimal"
# The editors' tools speak English in the tests (most assert English messages); a
# test of the site's own language passes env={"PORTAL_LANG": ""} (see run_portal).
os.environ["PORTAL_LANG"] = "en"
#: ``env=`` for a run in the site's own language (German in the fixtures and the demo).
SITE_LANGUAGE = {"PORTAL_LANG": ""}
# 2026-11-26 12:00 in Berlin: "today" for every test build.
TODAY_EPOCH = "1795690800"


@dataclass
class BuildResult:
    returncode: int
    stdout: str
    stderr: str
    output: Path

    def page(self, path: str) -> str:
        """The HTML of a built page, e.g. ``de/offers/x/`` or ``404.html``."""
        target = self.output / path
        if path.endswith("/") or path == "":
            target = target / "index.html"
        return target.read_text(encoding="utf-8")

    def exists(self, path: str) -> bool:
        target = self.output / path
        return (target / "index.html").exists() if path.endswith("/") else target.exists()


def run_portal(command: str, site: Path, output: Path | None = None,
               env: dict[str, str] | None = None) -> BuildResult:
    """Run ``tools/portal.py`` as an editor's ``make`` would.

    The tools speak English here (``PORTAL_LANG=en``) unless ``env`` says otherwise:
    most tests assert English messages; ``env={"PORTAL_LANG": ""}`` lets the site's
    own language (German in the fixtures) speak.
    """
    output = output or site / "output"
    environment = {**os.environ, "SOURCE_DATE_EPOCH": TODAY_EPOCH, **(env or {})}
    args = [sys.executable, str(ROOT / "tools" / "portal.py"), command, "--site", str(site)]
    if command == "build":
        args += ["--output", str(output)]
    done = subprocess.run(args, capture_output=True, text=True, env=environment, timeout=600)
    return BuildResult(done.returncode, done.stdout, done.stderr, output)


class Site:
    """A copy of a fixture site that a test may change before building it."""

    def __init__(self, path: Path):
        self.path = path

    def write(self, relative: str, text: str | bytes) -> Path:
        target = self.path / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_text(text, encoding="utf-8")
        return target

    def read(self, relative: str) -> str:
        return (self.path / relative).read_text(encoding="utf-8")

    def remove(self, relative: str) -> None:
        (self.path / relative).unlink()

    def build(self, **kwargs) -> BuildResult:
        return run_portal("build", self.path, **kwargs)

    def check(self, **kwargs) -> BuildResult:
        return run_portal("check", self.path, **kwargs)


@pytest.fixture
def site(tmp_path: Path) -> Site:
    """A fresh copy of the minimal fixture site (de, en, ar)."""
    target = tmp_path / "site"
    shutil.copytree(MINIMAL, target, ignore=shutil.ignore_patterns("output", ".cache"))
    return Site(target)


@pytest.fixture(scope="session")
def minimal_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The minimal fixture site, built once for all tests that only read it (its editors' page in
    the site's own language, German, as without PORTAL_LANG)."""
    target = tmp_path_factory.mktemp("minimal") / "site"
    shutil.copytree(MINIMAL, target, ignore=shutil.ignore_patterns("output", ".cache"))
    result = run_portal("build", target, env=SITE_LANGUAGE)
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The demo portal of this repository, built once into a temporary folder (as published:
    its editors' page in the site's own language)."""
    output = tmp_path_factory.mktemp("demo") / "output"
    result = run_portal("build", ROOT, output=output, env=SITE_LANGUAGE)
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="session")
def published_demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, BuildResult]:
    """The demo built with SITEURL set to a free local address, as `make publish` builds it
    for a host: (that address, the build). The Lighthouse gate serves it there with nginx;
    the brochure prints its addresses."""
    import gates

    base = f"http://127.0.0.1:{gates.free_port()}"
    output = tmp_path_factory.mktemp("published") / "output"
    result = run_portal("build", ROOT, output=output, env={**SITE_LANGUAGE, "SITEURL": base})
    assert result.returncode == 0, result.stderr
    return base, result


@pytest.fixture(scope="session")
def many_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The minimal fixture with 30 generated items of each type (test_listings.py), built once."""
    from test_listings import generate_items

    target = tmp_path_factory.mktemp("many") / "site"
    shutil.copytree(MINIMAL, target, ignore=shutil.ignore_patterns("output", ".cache"))
    generate_items(Site(target))
    result = run_portal("build", target, env=SITE_LANGUAGE)
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="session")
def browser():
    """A real headless Chromium (Debian's package, installed by the Makefile)."""
    from browser import launch_browser

    with launch_browser() as launched:
        yield launched


@pytest.fixture(scope="session")
def demo_server(demo_build: BuildResult):
    """The built demo served over HTTP on a free localhost port."""
    from browser import serve

    with serve(demo_build.output) as base_url:
        yield base_url


def pytest_terminal_summary(terminalreporter):
    """One line per quality gate, with its counts."""
    import gates

    if gates.REPORT:
        terminalreporter.section("quality gates")
        for line in gates.REPORT.values():
            terminalreporter.write_line(line)
