"""A rebuild with no indexed page changed takes the published search index instead of running Pagefind."""

from __future__ import annotations

from pathlib import Path

from conftest import Site
from portal_search.bundlecheck import damaged_files
from test_search import indexed

#: Pagefind itself, noting each indexing run (not its ``--version`` answers) in a file.
LOGGING = """#!/bin/sh
if [ "$1" != "--version" ]; then echo run >> "{runs}"; fi
exec "{real}" "$@"
"""


def logging_pagefind(site: Site) -> tuple[dict[str, str], Path]:
    """The environment that makes builds use the logging Pagefind, and the file it logs to."""
    from portal_search.binary import pagefind_binary

    runs = site.path / "pagefind-runs.log"
    script = site.write("logging-pagefind", LOGGING.format(runs=runs, real=pagefind_binary({})))
    script.chmod(0o755)
    return {"PAGEFIND_BINARY_PATH": str(script)}, runs


def pagefind_runs(runs: Path) -> int:
    return len(runs.read_text().split()) if runs.exists() else 0


def test_a_rebuild_with_nothing_changed_does_not_run_pagefind_and_search_still_finds_the_pages(site):
    env, runs = logging_pagefind(site)
    first = site.build(env=env)
    assert first.returncode == 0, first.stderr
    assert pagefind_runs(runs) == 1
    entry = (first.output / "pagefind" / "pagefind-entry.json").read_bytes()
    records = indexed(first.output)

    again = site.build(env=env)

    assert again.returncode == 0, again.stderr
    assert pagefind_runs(runs) == 1
    bundle = again.output / "pagefind"
    assert damaged_files(str(bundle)) == []
    assert (bundle / "pagefind-entry.json").read_bytes() == entry
    assert indexed(again.output) == records
    assert "/de/offers/sprachpaten/" in records["de"]
    assert not (bundle / ".search-plan.json").exists()


def test_an_edit_of_one_page_runs_pagefind_again_and_the_index_finds_the_new_words(site):
    env, runs = logging_pagefind(site)
    assert site.build(env=env).returncode == 0
    document = "content/offers/sprachpaten.de.md"
    site.write(document, site.read(document) + "\nTreffpunkt ist neuerdings der Zebrastreifen.\n")

    edited = site.build(env=env)

    assert edited.returncode == 0, edited.stderr
    assert pagefind_runs(runs) == 2
    assert "Zebrastreifen" in indexed(edited.output)["de"]["/de/offers/sprachpaten/"]["content"]


def test_a_published_index_changed_since_it_was_built_is_not_reused(site):
    env, runs = logging_pagefind(site)
    first = site.build(env=env)
    assert first.returncode == 0, first.stderr
    module = first.output / "pagefind" / "pagefind.js"
    module.write_bytes(module.read_bytes()[:4096])  # cut, as a damaged copy or a disk fault leaves it

    again = site.build(env=env)

    assert again.returncode == 0, again.stderr
    assert pagefind_runs(runs) == 2
    assert damaged_files(str(again.output / "pagefind")) == []
