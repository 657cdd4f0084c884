"""The README's "Look" section, written by ``make screenshots``: every picture it shows is
committed under docs/look/, and every committed picture is shown (no stale or missing one)."""

from __future__ import annotations

import re

from conftest import ROOT

import screenshots


def test_readme_look_section_shows_each_committed_screenshot_once_and_every_one_exists():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split(screenshots.BEGIN, 1)[1].split(screenshots.END, 1)[0]
    shown = re.findall(r'<img src="docs/look/([^"]+\.png)"', section)
    committed = sorted(p.name for p in (ROOT / "docs" / "look").glob("*.png"))
    assert sorted(shown) == committed
    assert sorted(shot.name for shot in screenshots.shots()) == committed  # pages × widths × languages × schemes
    assert sum((ROOT / "docs" / "look" / name).stat().st_size for name in committed) < 4_000_000
