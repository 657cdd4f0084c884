"""A cold build reads its documents in several processes: nothing an editor sees may change.

The site is a generated portal (the benchmark's corpus) with more documents than
the threshold above which reading runs in parallel. ``PORTAL_READ_WORKERS=1``
(the documented escape hatch) reads them one by one, as Pelican alone would.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from pelican.settings import read_settings

from conftest import ROOT, run_portal
from portal_content import make_readers
from portal_engine import preread
from portal_engine.preread import MIN_DOCUMENTS
from portal_content.reader import PortalReader
from portal_content.yamlload import LinedDict, LinedList
from test_rebuild import differences
from test_validation import assert_error, error_lines, line_of

PARALLEL = {"PORTAL_READ_WORKERS": "2"}
ONE_BY_ONE = {"PORTAL_READ_WORKERS": "1"}


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated portal with enough documents to be read in parallel."""
    from tools.bench import corpus

    generated = corpus.generate(tmp_path_factory.mktemp("corpus") / "site", 20)
    assert generated.documents >= MIN_DOCUMENTS
    return generated.site


def copy_of(site: Path, target: Path) -> Path:
    shutil.copytree(site, target, ignore=shutil.ignore_patterns("output", ".cache"))
    return target


def documents(site: Path) -> list[Path]:
    return sorted((site / "content").glob("*/*.md"))


def with_lines(value: Any) -> Any:
    """A parsed value together with the lines its keys and items stand on."""
    if isinstance(value, LinedDict):
        return ("map", value.line, {key: (value.lines.get(key), with_lines(item)) for key, item in value.items()})
    if isinstance(value, LinedList):
        return ("list", value.line, value.lines, [with_lines(item) for item in value])
    if isinstance(value, dict):
        return {key: with_lines(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [with_lines(item) for item in value]
    return value


class NotAgain(PortalReader):
    """Fails the test when a document read ahead is read a second time."""

    def read(self, source_path: str):
        raise AssertionError(f"{source_path} was read again")


def _read(content: str, metadata: dict[str, Any], **_: Any) -> Any:
    return content, with_lines(metadata["portal_document"])


def reading_settings(content: Path, cache: Path, **override: Any) -> dict[str, Any]:
    return read_settings(str(ROOT / "pelican.conf.py"), override={
        "PATH": str(content), "CACHE_PATH": str(cache), "LOAD_CONTENT_CACHE": False, **override,
    })


@pytest.mark.parametrize("cache_content", [True, False], ids=["with content cache", "without content cache"])
def test_documents_read_in_processes_are_not_read_again_and_equal_those_read_one_by_one(corpus_site, tmp_path, cache_content):
    content = corpus_site / "content"
    settings = reading_settings(content, tmp_path / "cache", CACHE_CONTENT=cache_content)
    paths = [str(path) for path in documents(corpus_site)]

    ahead = make_readers(settings)
    assert ahead.read_ahead(paths, 2) == len(paths)
    ahead.readers["md"] = NotAgain(settings)
    one_by_one = make_readers(settings)

    for path in paths:
        rel = str(Path(path).relative_to(content))
        assert ahead.read_file(str(content), rel, content_class=_read) == \
            one_by_one.read_file(str(content), rel, content_class=_read), rel


def test_documents_read_in_processes_are_checked_there_and_only_those_that_passed_are_marked(corpus_site, tmp_path):
    content = corpus_site / "content"
    readers = make_readers(reading_settings(content, tmp_path / "cache"))
    paths = [str(path) for path in documents(corpus_site)]
    failing, raising = paths[0], paths[1]

    def check(path: str, read: Any) -> bool:
        if path == raising:
            raise ValueError("a bug in a check")
        return path != failing and Path(path).name.startswith(read[1]["portal_document"].slug + ".")

    assert readers.read_ahead(paths, 2, check) == len(paths)
    assert readers.passed == set(paths[2:])  # the other two are checked again, errors and all


def test_when_a_reading_process_dies_the_documents_are_read_one_by_one(corpus_site, tmp_path, monkeypatch):
    def die(paths):
        os._exit(1)

    monkeypatch.setattr(preread, "_read_chunk", die)
    content = corpus_site / "content"
    readers = make_readers(reading_settings(content, tmp_path / "cache"))

    assert readers.read_ahead([str(path) for path in documents(corpus_site)], 2) == 0
    document = readers.read_file(str(content), "offers/offer-00000.de.md", content_class=_read)
    assert document[1].slug == "offer-00000"


def test_a_cold_build_reading_in_parallel_gives_the_site_of_one_reading_one_by_one(corpus_site, tmp_path):
    parallel = run_portal("build", copy_of(corpus_site, tmp_path / "parallel"), env=PARALLEL)
    one_by_one = run_portal("build", copy_of(corpus_site, tmp_path / "one-by-one"), env=ONE_BY_ONE)

    assert parallel.returncode == 0, parallel.stderr
    assert one_by_one.returncode == 0, one_by_one.stderr
    assert parallel.exists("de/offers/offer-00000/")
    assert differences(parallel.output, one_by_one.output) == []


def test_editors_errors_name_file_line_and_field_when_documents_are_read_in_parallel(corpus_site, tmp_path):
    site = copy_of(corpus_site, tmp_path / "site")
    broken, impossible, binary = (site / "content" / "offers" / f"offer-0000{i}.de.md" for i in (1, 2, 3))
    text = broken.read_text(encoding="utf-8").replace("\ntitle: ", "\ntitle: Sprachcafé: ", 1)
    broken.write_text(text, encoding="utf-8")
    dated = impossible.read_text(encoding="utf-8")
    old_date = dated.split("\nupdated: ", 1)[1].split("\n", 1)[0]
    dated = dated.replace(f"\nupdated: {old_date}\n", "\nupdated: 2026-02-30\n", 1)
    impossible.write_text(dated, encoding="utf-8")
    latin1 = binary.read_text(encoding="utf-8").replace("\ntitle: ", "\ntitle: Spr\xe4chcaf\xe9 ", 1)
    binary.write_bytes(latin1.encode("latin-1", errors="replace"))

    parallel = run_portal("build", site, env=PARALLEL)

    assert_error(parallel, "content/offers/offer-00001.de.md", line_of(text, "title: Sprachcafé: "), None, "YAML")
    assert_error(parallel, "content/offers/offer-00002.de.md", line_of(dated, "updated:"), "updated",
                 "impossible date", "2026-02-30")
    assert_error(parallel, "content/offers/offer-00003.de.md", line_of(latin1, "Spr\xe4ch"), None, "UTF-8")
    assert not (site / "output").exists()
    one_by_one = run_portal("build", site, env=ONE_BY_ONE)
    assert error_lines(parallel) == error_lines(one_by_one)
