"""The replaced output is the next build's staging folder: its files go, its folders stay, the live site is untouched."""

from __future__ import annotations

import os
from pathlib import Path

from portal_engine.spare import SpareOutput


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_taking_the_spare_never_empties_a_file_that_the_published_site_shares(tmp_path):
    published = write(tmp_path / "output" / "pagefind" / "pagefind.js", "export{x};")
    cache = tmp_path / ".cache"
    linked = cache / "output-spare" / "pagefind" / "pagefind.js"
    linked.parent.mkdir(parents=True)
    os.link(published, linked)  # a reused output: one file, two names
    write(cache / "output-spare" / "de" / "alt" / "index.html", "<p>alt</p>")

    spare = SpareOutput(str(cache))
    staging = tmp_path / ".build-output-x"
    staging.mkdir()
    spare.take(str(staging))

    assert published.read_text() == "export{x};"
    assert not any(path.is_file() for path in staging.rglob("*"))
    assert (staging / "de" / "alt").is_dir() and (staging / "pagefind").is_dir()


def test_the_folders_of_pages_a_build_no_longer_writes_are_pruned_before_it_is_published(tmp_path):
    cache = tmp_path / ".cache"
    write(cache / "output-spare" / "de" / "alt" / "index.html", "<p>alt</p>")
    write(cache / "output-spare" / "de" / "neu" / "index.html", "<p>neu</p>")
    spare = SpareOutput(str(cache))
    staging = tmp_path / ".build-output-x"
    staging.mkdir()
    spare.take(str(staging))
    write(staging / "de" / "neu" / "index.html", "<p>neu</p>")  # this build's only page

    pages = spare.finish(str(staging))

    assert pages == 1
    assert not (staging / "de" / "alt").exists()
    assert (staging / "de" / "neu" / "index.html").read_text() == "<p>neu</p>"


def test_a_replaced_output_becomes_the_spare_and_a_second_one_is_removed(tmp_path):
    cache = tmp_path / ".cache"
    spare = SpareOutput(str(cache))
    first = write(tmp_path / "first" / "index.html", "1").parent
    second = write(tmp_path / "second" / "index.html", "2").parent

    spare.keep(str(first))
    spare.keep(str(second))  # a spare is there already

    assert (cache / "output-spare" / "index.html").read_text() == "1"
    assert not second.exists()
