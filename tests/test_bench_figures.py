"""The benchmark's own instruments, checked without timing anything.

The summed-memory sampler is run against real processes whose memory is
known (a parent that forks, a stand-in indexer); the table writer gets figures
chosen so that each budget is met or missed; the devserver's edit is checked
for what an editor's front matter holds after it. ``tests/test_bench.py`` runs
the whole benchmark on tiny corpora.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import yaml

from tools.bench import corpus, devserver, memory, report
from tools.bench.devserver import EditTimes
from tools.bench.measure import Run
from tools.bench.weight import OutputSize, PageWeight

MIB = 1 << 20
# A parent holding 120 MiB forks a child that touches nothing (its pages stay shared), then
# starts a stand-in indexer whose command names "pagefind", holding 80 MiB of its own.
TREE = textwrap.dedent("""
    import os, subprocess, sys, time
    held = b"p" * (120 << 20)
    if os.fork() == 0:
        time.sleep(60)
        os._exit(0)
    indexer = subprocess.Popen([sys.executable, "-c",
        "import sys, time; held = b'i' * (80 << 20); open(sys.argv[1], 'w').close(); time.sleep(60)",
        sys.argv[1], "page" + "find-stand-in"])  # only the child's command names it
    time.sleep(60)
""")


def _wait_for(path: Path, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert time.monotonic() < deadline, "the stand-in indexer never started"
        time.sleep(0.05)


def test_summed_memory_counts_a_forked_childs_shared_pages_once_and_parts_out_the_indexer(tmp_path):
    ready = tmp_path / "indexer-ready"
    process = subprocess.Popen([sys.executable, "-c", TREE, str(ready)], start_new_session=True)
    try:
        sampler = memory.TreeSampler(process.pid, interval=0.1).start()
        _wait_for(ready)
        time.sleep(0.5)
        peaks = sampler.stop()
    finally:
        os.killpg(process.pid, signal.SIGKILL)  # the process group this test started
        process.wait()
    assert sampler.samples >= 3
    assert 80 <= peaks.indexer < 110, peaks  # the stand-in's 80 MiB and its interpreter
    assert 120 <= peaks.others < 170, peaks  # 120 MiB counted once, though two processes map it
    assert peaks.total >= peaks.indexer + peaks.others - 1


def test_summed_memory_of_a_process_that_has_ended_is_zero_not_an_error():
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    assert memory.sample(ended.pid) == memory.Peaks()


def _result(n: int, files: int, largest_bytes: int, served: list[float]) -> report.SizeResult:
    """Figures for one size: ours warm 20 s against plain Pelican 12 s + Pagefind 6 s."""
    def run(wall: float, index: float = 0.0, total: float = 0.0, indexer: float = 0.0) -> Run:
        return Run(wall, wall, 100, wall, index, memory.Peaks(total, indexer, total - indexer))

    runs = {
        "ours": {"cold": [run(60, total=1400, indexer=1000)], "warm": [run(20)], "edit": [run(30)]},
        "plain": {"cold": [run(50, 12, total=900, indexer=700)], "warm": [run(18, 6)], "edit": [run(15)]},
    }
    generated = corpus.Corpus(Path("site"), items=n, documents=6 * n, words=1000 * n, by_type={"offers": n})
    weights = {name: PageWeight("/de/offers/x/", 5000, 5000, 2000, 0) for name in runs}
    output = {"ours": OutputSize(300_000_000, files, "sitemap.xml", largest_bytes),
              "plain": OutputSize(100_000_000, 9000, "archives.html", 300_000)}
    result = report.SizeResult(generated, runs, output, weights)
    result.edits = EditTimes("offers/offer-00001.de.md", "/de/offers/offer-00001/",
                             ["/fa/offers/offer-00001/", "/de/offers/", "/de/"],
                             served, [value + 2 for value in served])
    return result


def _rows(table: str) -> dict[str, list[str]]:
    lines = [line for line in table.splitlines() if line.startswith("| ") and not line.startswith("| measure")]
    return {cells[0]: cells[1:] for cells in ([c.strip() for c in line.strip("|").split("|")] for line in lines)}


def test_table_judges_warm_build_against_plain_pelican_with_pagefind_and_shows_pelican_alone():
    rows = _rows(report.table([_result(2000, 12_000, 9_000_000, [0.4, 0.5, 0.6, 0.7, 0.8])]))
    assert rows[report.WARM][:3] == ["20.0", "18.0", "1.11×"]
    assert rows[report.WARM][-1] == "≤ 1.0× plain + Pagefind: **missed**"
    assert rows[report.WARM_ALONE][:3] == ["20.0", "12.0", "1.67×"]


def test_table_shows_devserver_medians_with_their_targets_and_no_plain_figure():
    rows = _rows(report.table([_result(2000, 12_000, 9_000_000, [0.4, 0.5, 0.6, 3.0, 4.0])]))
    assert rows[report.SERVED] == ["0.60", "—", "—", "≤ 1 s: met"]
    assert rows[report.SERVED_ALL] == ["2.60", "—", "—", "≤ 3 s: met"]
    slow = _rows(report.table([_result(2000, 12_000, 9_000_000, [0.9, 1.2, 1.5, 3.0, 4.0])]))
    assert slow[report.SERVED][-1] == "≤ 1 s: **missed**" and slow[report.SERVED_ALL][-1] == "≤ 3 s: **missed**"


def test_table_shows_summed_memory_its_indexer_part_and_the_portals_budget():
    rows = _rows(report.table([_result(2000, 12_000, 9_000_000, [0.5] * 5)]))
    assert rows[report.PSS] == ["1400", "900", "1.56×", "≤ 1.5 GB: met"]
    assert rows[report.PSS_INDEXER][:2] == ["1000", "700"]
    assert rows[report.PSS_OTHERS] == ["400", "200", "2.00×", "≤ 500 MB: met"]


def test_table_judges_the_free_hosts_budgets_on_files_size_and_largest_file():
    within = _rows(report.table([_result(2000, 20_000, 25 * MIB, [0.5] * 5)]))
    assert within[report.FILES] == ["20,000", "9,000", "2.22×", "≤ 20,000: met"]
    assert within[report.OUTPUT][-1] == "≤ 500 MB: met"
    assert within[report.LARGEST][0] == "26214 (`sitemap.xml`)" and within[report.LARGEST][-1] == "≤ 25 MiB: met"
    over = _rows(report.table([_result(2000, 20_001, 25 * MIB + 1, [0.5] * 5)]))
    assert over[report.FILES][-1] == "≤ 20,000: **missed**" and over[report.LARGEST][-1] == "≤ 25 MiB: **missed**"


def test_report_lists_each_save_and_the_pages_watched():
    text = report.render([_result(200, 3000, 1000, [0.4, 0.5, 0.6, 0.7, 0.8])], "make bench N=200", 1, [],
                         "2026-11-30 14:00 UTC")
    note = next(line for line in text.splitlines() if line.startswith("Devserver at N=200"))
    assert "`offers/offer-00001.de.md` 5×" in note
    assert "0.40, 0.50, 0.60, 0.70, 0.80 s" in note and "2.40, 2.50, 2.60, 2.70, 2.80 s" in note
    assert "`/fa/offers/offer-00001/`, `/de/offers/`, `/de/`" in note


def test_a_failed_devserver_run_is_reported_and_the_other_figures_stand():
    result = _result(200, 3000, 1000, [0.5] * 5)
    result.edits, result.edits_note = None, "the devserver served nothing within 1800 s; see builds.log"
    text = report.render([result], "make bench N=200", 1, [], "2026-11-30 14:00 UTC")
    assert _rows(text)[report.SERVED][0] == "failed²"
    assert "² N=200: the devserver served nothing within 1800 s; see builds.log" in text
    assert _rows(text)[report.COLD][0] == "60.0"


def test_each_save_puts_its_marker_in_the_summary_and_the_body_and_keeps_the_front_matter_valid():
    for summary in ("Gemeinsam lernen, ohne Vorkenntnisse.", '"Hilfe: gesucht"'):
        original = f"---\ntitle: Angebot\nsummary: {summary}\nupdated: 2026-03-25\n---\nText.\n"
        edited = devserver.edited_source(original, "Benchmarke1xabc")
        _, front, body = edited.split("---\n", 2)
        meta = yaml.safe_load(front)
        assert meta["summary"] == yaml.safe_load(f"s: {summary}")["s"] + " Benchmarke1xabc"
        assert meta["updated"].isoformat() == "2026-03-25"
        assert body.startswith("Text.\n") and body.rstrip().endswith("Aktualisiert: Benchmarke1xabc.")


def _page(output: Path, url: str, links: list[str], text: str = "") -> None:
    page = output / url.lstrip("/") / "index.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text("".join(f'<a href="{link}">x</a>' for link in links) + f"<p>{text}</p>", encoding="utf-8")


def test_devserver_edits_the_listed_item_on_the_home_page_and_watches_every_page_showing_its_summary(tmp_path):
    site, output = tmp_path / "site", tmp_path / "output"
    (site / "content" / "offers").mkdir(parents=True)
    for name, summary in (("a.de.md", "Erstes Angebot."), ("a.fa.md", "Persisch."), ("b.de.md", "Hilfe & Rat.")):
        (site / "content" / "offers" / name).write_text(f"---\ntitle: T\nsummary: {summary}\n---\nText.\n",
                                                        encoding="utf-8")
    shown = "Hilfe &amp; Rat."  # as the templates escape it
    _page(output, "/de/offers/", ["/de/offers/a/", "/de/offers/b/"], "Erstes Angebot. " + shown)
    _page(output, "/de/", ["/de/offers/b/"], shown)
    _page(output, "/de/offers/b/", [], shown)
    _page(output, "/fa/offers/b/", [], shown)  # untranslated: the German text
    _page(output, "/ru/offers/b/", [], "")  # a page that does not show the summary is not waited for
    _page(output, "/fa/offers/", ["/fa/offers/a/", "/fa/offers/b/"], "Persisch. " + shown)
    _page(output, "/de/offers/district/altstadt/", ["/de/offers/b/"], shown)
    _page(output, "/de/offers/district/neustadt/", ["/de/offers/a/"], "Erstes Angebot.")

    source, edited, others = devserver.choose_item(site, output)

    assert (source, edited) == ("offers/b.de.md", "/de/offers/b/")
    assert others == ["/fa/offers/b/", "/de/offers/", "/de/", "/fa/offers/", "/de/offers/district/altstadt/"]


def test_devserver_is_stopped_with_ctrl_c_and_the_report_says_when_it_took_more(tmp_path, monkeypatch):
    monkeypatch.setattr(devserver, "STOP_TIMEOUT", 1.0)
    log = tmp_path / "builds.log"
    polite = subprocess.Popen([sys.executable, "-c", "import signal, sys, time; signal.signal(signal.SIGINT, "
                               "signal.default_int_handler); print('ready', flush=True); time.sleep(60)"],
                              start_new_session=True, stdout=subprocess.PIPE)
    stubborn = subprocess.Popen([sys.executable, "-c", "import signal, sys, time; signal.signal(signal.SIGINT, "
                                 "signal.SIG_IGN); print('ready', flush=True); time.sleep(60)"],
                                start_new_session=True, stdout=subprocess.PIPE)
    assert polite.stdout.readline() == b"ready\n"  # it stops on Ctrl+C from here on, however this test runs
    assert stubborn.stdout.readline() == b"ready\n"  # it ignores Ctrl+C from here on

    assert devserver._stop(polite, log) == ""
    note = devserver._stop(stubborn, log)

    assert note == "the devserver did not stop within 1 s of Ctrl+C; SIGTERM ended it"
    assert log.read_text(encoding="utf-8") == f"bench: {note}\n"
    assert polite.poll() is not None and stubborn.poll() is not None
    polite.stdout.close()
    stubborn.stdout.close()


def test_devserver_stops_on_ctrl_c_even_when_the_benchmark_runs_with_ctrl_c_ignored_and_blocked(tmp_path):
    log = tmp_path / "builds.log"
    ignored, blocked = signal.signal(signal.SIGINT, signal.SIG_IGN), signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:  # as a CI runner or a background job starts the benchmark: both are inherited by its children
        server = subprocess.Popen([sys.executable, "-c", "import time; print('ready', flush=True); time.sleep(60)"],
                                  start_new_session=True, stdout=subprocess.PIPE,
                                  preexec_fn=devserver._ctrl_c_as_in_a_terminal)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        signal.signal(signal.SIGINT, ignored)
    assert server.stdout.readline() == b"ready\n"

    assert devserver._stop(server, log) == ""  # Ctrl+C ended it, as in a terminal
    assert server.returncode != 0 and not log.exists()
    server.stdout.close()
