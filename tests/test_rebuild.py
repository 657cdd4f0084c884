"""Rebuilds: what an editor sees after changing content, with the devserver's fast path.

A rebuild writes into the output before last (kept in ``.cache/``) and the
devserver's ``--incremental`` build copies the pages of unchanged items; both
must give exactly the site that a build from scratch gives.
"""

from __future__ import annotations

import filecmp
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, TODAY_EPOCH, BuildResult, Site

PORTAL = str(ROOT / "tools" / "portal.py")
TUESDAY_NOON = str(int(TODAY_EPOCH) + 5 * 86400)  # 2026-12-01 12:00, the café meets 16–18
TUESDAY_EVENING = str(int(TUESDAY_NOON) + 7 * 3600)  # 19:00, after that meeting


def devserver_build(site: Site, epoch: str = TODAY_EPOCH) -> BuildResult:
    """The build ``make devserver`` runs after each change."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch}
    done = subprocess.run([sys.executable, PORTAL, "build", "--incremental", "--site", str(site.path)],
                          capture_output=True, text=True, env=env, timeout=600)
    return BuildResult(done.returncode, done.stdout, done.stderr, site.path / "output")


def fresh_build(site: Site, tmp_path: Path, epoch: str = TODAY_EPOCH) -> BuildResult:
    """The same content built from scratch in another folder."""
    copy = tmp_path / "fresh"
    shutil.copytree(site.path, copy, ignore=shutil.ignore_patterns("output", ".cache"))
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch}
    done = subprocess.run([sys.executable, PORTAL, "build", "--site", str(copy)],
                          capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr
    return BuildResult(done.returncode, done.stdout, done.stderr, copy / "output")


def indexed_pages(output: Path) -> dict[str, int]:
    entry = json.loads((output / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    return {lang: info["page_count"] for lang, info in entry["languages"].items()}


def differences(left: Path, right: Path) -> list[str]:
    """Files that differ or exist on one side only, recursively.

    Pagefind's bundle is not byte-reproducible (two fresh builds name its hashed
    chunks differently), so for it the pages indexed per language are compared.
    """
    found: list[str] = []

    def walk(compared: filecmp.dircmp, prefix: str) -> None:
        found.extend(prefix + name for name in compared.left_only + compared.right_only + compared.diff_files
                     if prefix + name != "pagefind")
        for name, sub in compared.subdirs.items():
            if prefix + name != "pagefind":
                walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(left, right), "")
    if (left / "pagefind").exists() or (right / "pagefind").exists():
        if indexed_pages(left) != indexed_pages(right):
            found.append(f"pagefind: {indexed_pages(left)} != {indexed_pages(right)}")
    return found


def test_devserver_rebuild_shows_the_edit_and_equals_a_full_build(site, tmp_path):
    assert site.build().returncode == 0
    path = "content/offers/sprachpaten.de.md"
    site.write(path, site.read(path) + "\nNeu: Wir treffen uns jetzt auch samstags.\n")

    rebuilt = devserver_build(site)

    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "auch samstags" in rebuilt.page("de/offers/sprachpaten/")
    assert differences(rebuilt.output, fresh_build(site, tmp_path).output) == []


def test_devserver_rebuild_drops_a_date_that_passed_since_the_last_build(site, tmp_path):
    assert devserver_build(site, TUESDAY_NOON).returncode == 0
    assert 'datetime="2026-12-01T16:00' in site.path.joinpath("output/de/events/cafe/index.html").read_text()

    evening = devserver_build(site, TUESDAY_EVENING)

    assert evening.returncode == 0, evening.stderr
    page = evening.page("de/events/cafe/")
    assert 'datetime="2026-12-01T16:00' not in page and 'datetime="2026-12-08T16:00' in page
    assert differences(evening.output, fresh_build(site, tmp_path, TUESDAY_EVENING).output) == []


def test_rebuild_after_removing_an_item_leaves_no_trace_of_it(site, tmp_path):
    for _ in range(3):  # the third build writes into the output of the first
        assert site.build().returncode == 0
    site.remove("content/offers/fussball.de.md")

    rebuilt = site.build()

    assert rebuilt.returncode == 0, rebuilt.stderr
    assert not (rebuilt.output / "de" / "offers" / "fussball").exists()
    assert differences(rebuilt.output, fresh_build(site, tmp_path).output) == []
    leftovers = sorted(p.name for p in site.path.iterdir() if p.name.startswith((".build-", ".previous-")))
    assert leftovers == []


def test_devserver_rebuild_after_a_data_change_renders_every_page_again(site, tmp_path):
    assert devserver_build(site).returncode == 0
    site.write("data/places.yaml", site.read("data/places.yaml").replace("Rathaus", "Neues Rathaus"))

    rebuilt = devserver_build(site)

    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "Neues Rathaus" in rebuilt.page("de/events/cafe/")
    assert differences(rebuilt.output, fresh_build(site, tmp_path).output) == []


def searchable_text(output: Path) -> str:
    """What Pagefind stored of the indexed pages (its fragments are gzipped JSON)."""
    import gzip

    return "".join(gzip.decompress(path.read_bytes()).decode("utf-8")
                   for path in (output / "pagefind" / "fragment").iterdir())


def test_devserver_rebuild_shows_the_page_first_then_finds_the_edit_in_search(site, tmp_path):
    assert devserver_build(site).returncode == 0
    assert "Zauberwort" not in searchable_text(site.path / "output")
    path = site.path / "content" / "offers" / "sprachpaten.de.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nDas Zauberwort lautet Geduld.\n", encoding="utf-8")

    rebuilt = devserver_build(site)

    assert rebuilt.returncode == 0, rebuilt.stderr
    lines = rebuilt.stdout.splitlines()
    assert lines[0].startswith("Built ") and lines[1].startswith("Search index refreshed in ")
    assert "Zauberwort" in searchable_text(rebuilt.output)
    assert not [p.name for p in rebuilt.output.iterdir() if p.name.startswith(".pagefind")]
    assert differences(rebuilt.output, fresh_build(site, tmp_path).output) == []


def test_devserver_rebuild_keeps_the_previous_search_index_until_the_new_one_is_in_place(site, tmp_path):
    """While the pages are published and the index not yet refreshed, search still works."""
    from portal_search.indexer import BUNDLE, carry_over

    assert devserver_build(site).returncode == 0
    previous = site.path / "output" / BUNDLE
    carried = tmp_path / "staging" / BUNDLE
    carry_over(str(previous), str(carried))

    assert sorted(p.relative_to(carried) for p in carried.rglob("*")) == \
        sorted(p.relative_to(previous) for p in previous.rglob("*"))
    entry = carried / "pagefind-entry.json"
    assert entry.read_bytes() == (previous / "pagefind-entry.json").read_bytes()
    assert entry.stat().st_ino == (previous / "pagefind-entry.json").stat().st_ino  # linked, not copied


def test_devserver_rebuild_shows_an_edited_title_in_its_listing_and_keeps_the_others(site, tmp_path):
    assert devserver_build(site).returncode == 0
    path = "content/events/cafe.de.md"
    site.write(path, site.read(path).replace("title: Sprachcafé", "title: Sprachcafé am Markt"))

    rebuilt = devserver_build(site)

    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "Sprachcafé am Markt" in rebuilt.page("de/events/")
    assert "Sprachcafé am Markt" in rebuilt.page("de/")  # the home page lists the next events
    assert differences(rebuilt.output, fresh_build(site, tmp_path).output) == []


def test_devserver_rebuild_later_stamps_unchanged_events_with_its_own_time(site, tmp_path):
    assert devserver_build(site, TUESDAY_NOON).returncode == 0
    an_hour_later = str(int(TUESDAY_NOON) + 3600)

    rebuilt = devserver_build(site, an_hour_later)

    assert rebuilt.returncode == 0, rebuilt.stderr
    for path in ("de/events/cafe/event.ics", "de/calendar/all.ics"):
        ics = (rebuilt.output / path).read_text(encoding="utf-8")
        assert "DTSTAMP:20261201T120000Z" in ics and "DTSTAMP:20261201T110000Z" not in ics  # 13:00, not 12:00
    assert differences(rebuilt.output, fresh_build(site, tmp_path, an_hour_later).output) == []


def test_devserver_rebuild_after_adding_a_translation_replaces_the_untranslated_page(site, tmp_path):
    assert devserver_build(site).returncode == 0
    assert '<meta name="robots" content="noindex">' in site.path.joinpath(
        "output/en/offers/fussball/index.html").read_text()
    site.write("content/offers/fussball.en.md", "---\ntitle: Coaching football\n---\nWe coach a team.\n")

    rebuilt = devserver_build(site)

    assert rebuilt.returncode == 0, rebuilt.stderr
    english = rebuilt.page("en/offers/fussball/")
    assert "noindex" not in english and "<h1>Coaching football</h1>" in english
    assert '<link rel="alternate" hreflang="en" href="/en/offers/fussball/">' in rebuilt.page("de/offers/fussball/")
    assert "notice--untranslated" in rebuilt.page("ar/offers/fussball/")  # still German for Arabic readers
    assert differences(rebuilt.output, fresh_build(site, tmp_path).output) == []
