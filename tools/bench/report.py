"""The benchmark's table and ``BENCHMARKS.md``.

The figures are written between two marker lines; whatever else the file holds
(the analysis written by people: profiles, what limits a figure) is kept when
the benchmark runs again.
"""

from __future__ import annotations

import os
import platform
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from .corpus import Corpus
from .devserver import EditTimes
from .measure import Run, median
from .filters import FilterFetch
from .weight import OutputSize, PageWeight

BEGIN = "<!-- bench:begin (written by make bench; edit outside these markers) -->"
END = "<!-- bench:end -->"
COLD = "cold build, s (plain: Pelican + Pagefind)"
COLD_ALONE = "cold build vs plain Pelican alone, s"
LISTING = "offers listing, page 1 + CSS + JS, KB gzip"
FILTERS = "two filters with JavaScript, KB fetched"
EDIT_READY = "edit-one-file rebuild, s (until the page is served)"
EDIT_ALL = "edit rebuild with the search index refreshed, s"
WARM = "warm build, s (plain: Pelican + Pagefind)"
WARM_ALONE = "warm build vs plain Pelican alone, s"
SERVED = "edit to page in the running devserver, s (edited page; median of 5 saves 2 s apart)"
SERVED_ALL = "edit to every page it affects in the running devserver, s (median)"
PSS = "summed peak memory of a cold build (PSS, all processes), MB"
PSS_INDEXER = "of it the search indexer (Pagefind), MB"
PSS_OTHERS = "of it the rest (ours: the portal's own processes; plain: Pelican), MB"
FILES = "output files"
OUTPUT = "output, MB (files)"
LARGEST = "largest output file, KB"
TARGETS = {"cold": 1.3, "warm": 1.0, "edit": 0.25, "detail_kb": 30, "search_kb": 150, "pss_mb": 1536,
           "portal_mb": 500, "listing_kb": 30, "filters_kb": 60, "served_s": 1.0, "served_all_s": 3.0,
           "files": 20_000, "output_mb": 500, "largest_bytes": 25 * 1024 * 1024}


@dataclass
class SizeResult:
    """Everything measured for one corpus size."""

    corpus: Corpus
    runs: dict[str, dict[str, list[Run]]]
    output: dict[str, OutputSize]  # builder -> what it wrote
    detail: dict[str, PageWeight]  # builder -> heaviest sampled detail page
    listing: dict[str, list[PageWeight]] = field(default_factory=dict)  # builder -> offers listing, de and ar
    filter_fetch: FilterFetch | None = None  # two filters combined on ours' German offers listing
    load_before: str = ""
    load_after: str = ""
    pagefind_index: list[Run] = field(default_factory=list)
    first_search: dict[str, tuple[int, int]] = field(default_factory=dict)  # lang -> (bytes, results)
    search_note: str = ""
    edits: EditTimes | None = None  # saves timed in ours' running devserver
    edits_note: str = ""  # why there are no such figures

    @property
    def n(self) -> int:
        return self.corpus.items


def _seconds(value: float) -> str:
    return f"{value:.2f}" if value < 10 else f"{value:.1f}"


def _ratio(ours: float, plain: float) -> str:
    return f"{ours / plain:.2f}×" if plain else "—"


def _language(page: str) -> str:
    """The language of a weighed listing: ``/ar/offers/`` → ar; plain Pelican's category page is German."""
    return page.split("/")[1] if page.endswith("/") else "de"


def _rows(result: SizeResult) -> list[tuple[str, list[str]]]:
    """(measure, [ours, plain, ours/plain, hugo if measured]) for one size."""
    names = [name for name in ("ours", "plain", "hugo") if name in result.runs]
    rows: list[tuple[str, list[str]]] = []

    def row(label: str, values: dict[str, float], shown, ratio: bool = True) -> None:
        """``shown(value, name)`` writes one cell; the ratio is ours over plain Pelican."""
        cells = [shown(values["ours"], "ours"), shown(values["plain"], "plain"),
                 _ratio(values["ours"], values["plain"]) if ratio else "—"]
        if "hugo" in names:
            cells.append(shown(values["hugo"], "hugo"))
        rows.append((label, cells))

    def peak(name: str) -> float:
        return max(r.peak_rss_mb for runs in result.runs[name].values() for r in runs)

    for kind, label, alone in (("cold", COLD, COLD_ALONE), ("warm", WARM, WARM_ALONE)):
        row(label, {n: median(result.runs[n][kind]) for n in names}, lambda v, _: _seconds(v))
        row(alone, {n: median([replace(r, wall=r.wall - r.index) for r in result.runs[n][kind]])
                    for n in names}, lambda v, _: _seconds(v))
    others = ["—"] * len(names)
    edits = result.edits
    rows.append((SERVED, [_seconds(edits.edited_median) if edits else "failed²", *others]))
    rows.append((SERVED_ALL, [_seconds(edits.everywhere_median) if edits else "failed²", *others]))
    row(EDIT_READY, {n: median(result.runs[n]["edit"], "ready") for n in names}, lambda v, _: _seconds(v))
    row(EDIT_ALL, {n: median(result.runs[n]["edit"]) for n in names}, lambda v, _: _seconds(v))
    for attribute, label in (("ready", "edit rebuild / cold build"), ("cpu", "edit / cold in CPU time")):
        row(label, {n: median(result.runs[n]["edit"], attribute) / median(result.runs[n]["cold"], attribute)
                    for n in names}, lambda v, _: f"{v:.0%}", ratio=False)
    for kind, label in (("cold", "a cold build"), ("warm", "a warm build"), ("edit", "an edit rebuild")):
        row(f"CPU time of {label}, s", {n: median(result.runs[n][kind], "cpu") for n in names},
            lambda v, _: _seconds(v))
    row("peak memory (RSS), MB", {n: peak(n) for n in names}, lambda v, _: f"{v:.0f}")
    for label, part in ((PSS, "total"), (PSS_INDEXER, "indexer"), (PSS_OTHERS, "others")):
        row(label, {n: max(getattr(r.pss, part) for r in result.runs[n]["cold"]) for n in names},
            lambda v, _: f"{v:.0f}")
    row(FILES, {n: result.output[n].files for n in names}, lambda v, _: f"{v:,}")
    row(OUTPUT, {n: result.output[n].bytes for n in names},
        lambda v, n: f"{v / 1e6:.1f} ({result.output[n].files})")
    row(LARGEST, {n: result.output[n].largest_bytes for n in names},
        lambda v, n: f"{v / 1000:.0f} (`{result.output[n].largest}`)")
    row("detail page + CSS + JS, KB gzip", {n: result.detail[n].total / 1000 for n in names},
        lambda v, _: f"{v:.1f}")
    def listing(_: float, name: str) -> str:
        pages = result.listing.get(name) or []
        return " / ".join(f"{_language(w.page)} {w.total / 1000:.1f}" for w in pages) or "—"

    row(LISTING, {n: max((w.total for w in result.listing.get(n) or []), default=0) / 1000 for n in names}, listing)
    fetch = result.filter_fetch
    files = f"{len(fetch.files)} file" + ("" if len(fetch.files) == 1 else "s") if fetch else ""
    rows.append((FILTERS, [f"{fetch.transferred / 1000:.1f} ({files})" if fetch else "—", *others]))
    if result.pagefind_index:
        shown = " / ".join(f"{lang} {size / 1000:.0f}" for lang, (size, _) in result.first_search.items())
        rows.append(("Pagefind indexing, s", [_seconds(median(result.pagefind_index)), *others]))
        rows.append((f"first search, KB ({' / '.join(result.first_search)})", [shown or "—", *others]))
    else:
        rows.append(("Pagefind indexing, s", ["skipped¹", *others]))
        rows.append(("first search, KB", ["skipped¹", *others]))
    return rows


def _targets(result: SizeResult) -> dict[str, str]:
    """The verdict per row for the targets of the issue (judged at the largest size)."""
    ours, plain = result.runs["ours"], result.runs["plain"]
    cold_ratio = median(ours["cold"]) / median(plain["cold"])  # plain Pelican + Pagefind
    warm_ratio = median(ours["warm"]) / median(plain["warm"])  # the same
    edit_share = median(ours["edit"], "ready") / median(ours["cold"])
    pss = max(r.pss.total for r in ours["cold"])
    portal = max(r.pss.others for r in ours["cold"])
    detail = result.detail["ours"].total / 1000
    output = result.output["ours"]

    def verdict(ok: bool, text: str) -> str:
        return f"{text}: {'met' if ok else '**missed**'}"

    verdicts = {
        COLD: verdict(cold_ratio <= TARGETS["cold"], "≤ 1.3× plain + Pagefind"),
        WARM: verdict(warm_ratio <= TARGETS["warm"], "≤ 1.0× plain + Pagefind"),
        "edit rebuild / cold build": verdict(edit_share <= TARGETS["edit"], "≤ 25 %"),
        "CPU time of a cold build, s": "(targets are on time; ours uses both cores)",
        "peak memory (RSS), MB": "(largest single process; the target is on the sum below)",
        PSS: verdict(pss <= TARGETS["pss_mb"], "≤ 1.5 GB"),
        PSS_OTHERS: verdict(portal <= TARGETS["portal_mb"], "≤ 500 MB"),
        FILES: verdict(output.files <= TARGETS["files"], "≤ 20,000"),
        OUTPUT: verdict(output.bytes <= TARGETS["output_mb"] * 1e6, "≤ 500 MB"),
        LARGEST: verdict(output.largest_bytes <= TARGETS["largest_bytes"], "≤ 25 MiB"),
        "detail page + CSS + JS, KB gzip": verdict(detail <= TARGETS["detail_kb"], "≤ 30 KB"),
    }
    if result.edits:
        verdicts[SERVED] = verdict(result.edits.edited_median <= TARGETS["served_s"], "≤ 1 s")
        verdicts[SERVED_ALL] = verdict(result.edits.everywhere_median <= TARGETS["served_all_s"], "≤ 3 s")
    if result.listing.get("ours"):
        heaviest = max(w.total for w in result.listing["ours"]) / 1000
        verdicts[LISTING] = verdict(heaviest <= TARGETS["listing_kb"], "≤ 30 KB")
    if result.filter_fetch:
        fetched = result.filter_fetch.transferred / 1000
        verdicts[FILTERS] = verdict(fetched <= TARGETS["filters_kb"], "≤ 60 KB")
    if result.first_search:
        heaviest = max(size for size, _ in result.first_search.values()) / 1000
        key = f"first search, KB ({' / '.join(result.first_search)})"
        verdicts[key] = verdict(heaviest <= TARGETS["search_kb"], "≤ 150 KB")
    return verdicts


def table(results: list[SizeResult]) -> str:
    """The Markdown table: per size ours, plain Pelican and the ratio; targets at the largest size."""
    per_size = [_rows(r) for r in results]
    verdicts = _targets(results[-1])
    header = ["measure"]
    for r in results:
        header += [f"ours N={r.n:,}", f"plain N={r.n:,}", "ours/plain"]
        header += [f"Hugo N={r.n:,}"] if "hugo" in r.runs else []
    header.append(f"target (N={results[-1].n:,})")
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for index, (label, _) in enumerate(per_size[-1]):
        cells = [label]
        for rows in per_size:
            cells += rows[index][1]
        cells.append(verdicts.get(label, ""))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def machine(plugins: list[str]) -> list[str]:
    import pelican

    return [
        f"- CPU: {os.cpu_count()} cores, {_cpu_model()}; memory {_memory()}",
        f"- {platform.system()} {platform.release()}; Python {platform.python_version()}; "
        f"Pelican {pelican.__version__}",
        f"- plugins in pelican.conf.py: {', '.join(plugins)}",
    ]


def scaling(results: list[SizeResult]) -> list[str]:
    """How the build time grows with the corpus, per pair of sizes (judged on CPU time, the steadier)."""
    lines = []
    for small, large in zip(results, results[1:]):
        docs = large.corpus.documents / small.corpus.documents
        lines += ["", f"From N={small.n:,} to N={large.n:,} the documents grow ×{docs:.1f} "
                  f"({small.corpus.documents:,} → {large.corpus.documents:,}):", "",
                  "| build | kind | wall, s | CPU, s | CPU growth | CPU ms per document | shape |",
                  "|---|---|---|---|---|---|---|"]
        for name in [n for n in ("ours", "plain", "hugo") if n in small.runs and n in large.runs]:
            for kind in ("cold", "warm", "edit"):
                runs_small, runs_large = small.runs[name][kind], large.runs[name][kind]
                c_small, c_large = median(runs_small, "cpu"), median(runs_large, "cpu")
                growth = c_large / c_small
                shape = ("near linear" if 0.8 <= growth / docs <= 1.25
                         else "less than linear" if growth < docs else "more than linear")
                lines.append(
                    f"| {name} | {kind} | {_seconds(median(runs_small))} → {_seconds(median(runs_large))} | "
                    f"{_seconds(c_small)} → {_seconds(c_large)} | ×{growth:.1f} | "
                    f"{1000 * c_small / small.corpus.documents:.1f} → "
                    f"{1000 * c_large / large.corpus.documents:.1f} | {shape} |")
    return lines or ["", "(one size only: no scaling to report)"]


def corpus_lines(results: list[SizeResult]) -> list[str]:
    lines = []
    for r in results:
        c = r.corpus
        types = ", ".join(f"{count} {doc_type}" for doc_type, count in c.by_type.items())
        lines.append(f"- N={c.items:,}: {c.documents:,} documents ({types}), {c.words:,} words of "
                     f"Markdown ({c.words // c.documents} a document); load before / after: "
                     f"{r.load_before} / {r.load_after}")
    return lines


def render(results: list[SizeResult], command: str, repeat: int, plugins: list[str], when: str,
           performance: list[str] | None = None) -> str:
    """The generated part of BENCHMARKS.md (``performance``: the Lighthouse paragraph, if measured)."""
    notes = []
    if any(not r.pagefind_index for r in results):
        reason = next((r.search_note for r in results if r.search_note), "")
        notes.append(f"¹ {reason}")
    notes += [f"² N={r.n:,}: {r.edits_note}" for r in results if r.edits_note]
    for r in results:
        if r.edits:
            e = r.edits
            notes.append(f"Devserver at N={r.n:,}: saved `{e.item}` {len(e.edited)}× (edited page `{e.edited_page}`: "
                         + ", ".join(_seconds(v) for v in e.edited) + " s; every affected page: "
                         + ", ".join(_seconds(v) for v in e.everywhere) + " s; "
                         + f"{len(e.other_pages)} other pages: " + ", ".join(f"`{p}`" for p in e.other_pages)
                         + ")" + (f"; {e.stop_note}" if e.stop_note else "") + ".")
    for r in results:
        if r.filter_fetch:
            f = r.filter_fetch
            notes.append(f"Two filters at N={r.n:,}: on `{f.listing}` clicked "
                         + " then ".join(f"`{name}={value}`" for name, value in f.filters)
                         + f"; fetched {', '.join(f'`{p}`' for p in f.files) or 'nothing'}; the count then read "
                         f"“{f.count}”.")
    return "\n".join([
        BEGIN,
        f"Measured {when} with `{command}`: medians of {repeat} repetitions "
        "(cold, warm and edit builds interleaved, ours and plain Pelican in turn).",
        "",
        table(results),
        "",
        *notes,
        *(["", *performance] if performance else []),
        "",
        "**Machine**",
        "",
        *machine(plugins),
        "",
        "**Corpus** (generated; see *What is measured*)",
        "",
        *corpus_lines(results),
        "",
        "**Scaling**",
        *scaling(results),
        END,
    ])


def write(path: Path, generated: str, intro: str) -> None:
    """Put ``generated`` into ``path`` between the markers, keeping the rest of the file."""
    if path.exists():
        text = path.read_text(encoding="utf-8")
        pattern = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END), re.S)
        if pattern.search(text):
            path.write_text(pattern.sub(lambda _: generated, text), encoding="utf-8")
            return
    path.write_text(intro + "\n" + generated + "\n", encoding="utf-8")
