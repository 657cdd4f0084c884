"""``make bench``: the portal's build side by side with plain Pelican on the same Markdown.

    python -m tools.bench [--sizes 200,2000] [--repeat 3] [--report BENCHMARKS.md] [--workdir DIR]

For each size N it generates a portal of N items × six languages into a
temporary folder (:mod:`.corpus`), the same Markdown as plain Pelican articles
(:mod:`.plain`), times cold, warm and edit-one-file builds of both
(:mod:`.measure`; plain Pelican's cold build is followed by Pagefind), weighs
output, a detail page and the offers listing (:mod:`.weight`), counts what
combining two listing filters with JavaScript fetches (:mod:`.filters`) and,
when the build made a Pagefind index, times the indexing and a first search
(:mod:`.search`). Last, it starts the devserver on the corpus and times saves
until the pages show them (:mod:`.devserver`). It prints the table and writes
it to the report file.
The portal is built with the plugins that ``pelican.conf.py`` lists when it runs.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import corpus as corpus_module, devserver, filters, hugo, measure, performance, plain, report, search, weight

INTRO = """# Benchmarks

The portal's build side by side with plain Pelican on the same Markdown,
measured by `make bench` (see the README's "Benchmark" section for what each
row means). The figures between the markers are rewritten by every run; the
analysis around them is written by people.
"""


def _load() -> str:
    done = subprocess.run(["uptime"], capture_output=True, text=True)
    text = done.stdout.strip()
    return "load average " + text.split("load average:")[1].strip() if "load average:" in text else text


def _plugins() -> list[str]:
    from pelican.settings import read_settings

    return list(read_settings(str(corpus_module.ROOT / "pelican.conf.py"))["PLUGINS"] or [])


def _detail_pages(site: Path) -> list[tuple[str, str, str]]:
    """(type, slug, lang) of one fully translated item per type, in German and Arabic."""
    chosen = []
    for folder in sorted((site / "content").iterdir()):
        if folder.name == "materials":
            continue
        for source in sorted(folder.glob("*.de.md")):
            slug = source.name.split(".")[0]
            if all((folder / f"{slug}.{lang}.md").exists() for lang in ("en", "ar", "fa", "uk", "ru")):
                chosen += [(folder.name, slug, "de"), (folder.name, slug, "ar")]
                break
    return chosen


def _our_url(doc_type: str, slug: str, lang: str) -> str:
    return f"/{lang}/{slug}/" if doc_type == "pages" else f"/{lang}/{doc_type}/{slug}/"


def _plain_url(doc_type: str, slug: str, lang: str) -> str:
    return f"/{slug}.html" if lang == "de" else f"/{slug}-{lang}.html"


def _hugo_url(doc_type: str, slug: str, lang: str) -> str:
    return f"/{lang}/{doc_type}/{slug}/"


LISTING = "offers"  # the listing whose weight and filters are measured (most filters, most items)
LISTINGS = {  # builder -> the offers listing's page 1 in German and Arabic, where the build writes one
    "ours": [f"/de/{LISTING}/", f"/ar/{LISTING}/"],
    "plain": [f"/category/{LISTING}.html"],  # plain Pelican lists the default language's articles only
    "hugo": [f"/de/{LISTING}/", f"/ar/{LISTING}/"],
}


def bench_size(n: int, workdir: Path, repeat: int, progress) -> report.SizeResult:
    folder = workdir / f"n{n}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    progress(f"N={n}: generating the corpus in {folder}")
    corpus = corpus_module.generate(folder / "site", n)
    plain.convert(folder / "site" / "content", folder / "plain" / "content")
    settings = plain.write_settings(folder / "plain")
    log = folder / "builds.log"
    builders = [
        measure.ours(folder / "site", folder / "out-ours", corpus.edit_target, log),
        measure.plain_pelican(folder / "plain", settings, folder / "out-plain", corpus.edit_target, log),
    ]
    third = hugo.builder(folder / "hugo", folder / "site" / "content", folder / "out-hugo", corpus.edit_target, log)
    builders += [third] if third else []
    progress(f"N={n}: {corpus.documents} documents; building {repeat}× (log: {log})")
    load_before = _load()
    runs = measure.measure(builders, repeat, progress)
    result = report.SizeResult(corpus, runs, {}, {}, load_before=load_before)
    pages = _detail_pages(folder / "site")
    for builder, url in zip(builders, (_our_url, _plain_url, _hugo_url)):
        result.output[builder.name] = weight.folder_size(builder.output)
        weights = [weight.page_weight(builder.output, url(*page)) for page in pages]
        result.detail[builder.name] = max(weights, key=lambda w: w.total)
        listings = [weight.page_weight_if_any(builder.output, page) for page in LISTINGS[builder.name]]
        result.listing[builder.name] = [w for w in listings if w]
    progress(f"N={n}: two listing filters with JavaScript in Chromium")
    result.filter_fetch = filters.two_filters(builders[0].output, LISTINGS["ours"][0])
    found = search.bundle(builders[0].output)
    if found is None:
        result.search_note = ("No Pagefind index in the output: no search plugin in pelican.conf.py when this "
                              "ran, so there is nothing to index or search yet.")
    elif not search.pagefind_available():
        result.search_note = "The output has a Pagefind index, but npm's Pagefind is not installed (npm ci)."
    else:
        progress(f"N={n}: Pagefind indexing {repeat}× and a first search in Chromium")
        result.pagefind_index = [search.index_time(builders[0].output, log) for _ in range(repeat)]
        result.first_search = search.first_search(builders[0].output, found)
    progress(f"N={n}: {devserver.EDITS} saves {devserver.SPACING:.0f} s apart in the running devserver")
    try:  # last: the devserver changes the corpus and ours' output (it shows drafts)
        result.edits = devserver.measure_edits(folder / "site", builders[0].output, log, progress)
        progress(f"  edited page {result.edits.edited_median:.2f} s, every affected page "
                 f"{result.edits.everywhere_median:.2f} s (medians)")
    except devserver.DevserverError as error:  # the other figures stand: report this one as failed
        result.edits_note = str(error)
        progress(f"  devserver: {error}")
    result.load_after = _load()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="200,2000", help="item counts, comma-separated (default 200,2000)")
    parser.add_argument("--repeat", type=int, default=3, help="repetitions per build kind (default 3)")
    parser.add_argument("--report", default=str(corpus_module.ROOT / "BENCHMARKS.md"),
                        help="the report file (default BENCHMARKS.md)")
    parser.add_argument("--workdir", help="where corpora and outputs go (default: a temporary folder, removed)")
    parser.add_argument("--command", default=None, help="the command to name in the report")
    parser.add_argument("--no-lighthouse", action="store_true",
                        help="skip Lighthouse's performance score on the demo portal")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.replace(" ", "").split(",") if s]
    workdir = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="portal-bench-"))

    def progress(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    progress(f"machine load: {_load()}")
    try:
        results = [bench_size(n, workdir, args.repeat, progress) for n in sorted(sizes)]
        scores = {}
        if not args.no_lighthouse:
            progress("Lighthouse performance on the demo portal (mobile profile)")
            workdir.mkdir(parents=True, exist_ok=True)
            scores = performance.scores(workdir)
    except measure.BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 1
    finally:
        if not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)
    command = args.command or "python -m tools.bench " + " ".join(argv if argv is not None else sys.argv[1:])
    generated = report.render(results, command, args.repeat, _plugins(), time.strftime("%Y-%m-%d %H:%M %Z"),
                              performance.lines(scores))
    report.write(Path(args.report), generated, INTRO)
    print(report.table(results))
    print("\n".join(performance.lines(scores)))
    for note in (r.search_note for r in results[:1] if r.search_note):
        print(f"¹ {note}")
    print(f"\nWritten to {args.report}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
