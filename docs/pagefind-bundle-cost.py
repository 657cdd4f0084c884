"""Reproduction for Pagefind's issue tracker: what ``--max-fragments`` adds to a first search.

Writes a site of PAGES pages in one language (words drawn from a fixed vocabulary,
so the figures do not depend on a text corpus), indexes it with and without
``--max-fragments`` and prints, per setting, the two files of a first search that
bundling changes: the language's ``.pf_meta`` (loaded once) and the fragment
files five results load (the mean size of a fragment file, times five).

    python3 docs/pagefind-bundle-cost.py PATH/TO/pagefind_extended [PAGES] [LANG]

No dependency besides Python 3 and the Pagefind program (npm: pagefind@1.6.0).
"""

import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

WORDS = {
    "ar": "تعلم اللغة الألمانية مساعدة سكن عمل مدرسة أطفال عائلة طبيب مستشفى دورة تدريب متطوع "
          "مدينة حي مكتب موعد وثيقة طلب لجوء إقامة مترجم قهوة لقاء مجاني أسبوع يوم مساء صباح",
    "de": "Deutsch lernen Hilfe Wohnung Arbeit Schule Kinder Familie Arzt Krankenhaus Kurs Training "
          "Ehrenamt Stadt Viertel Amt Termin Dokument Antrag Asyl Aufenthalt Dolmetscher Café Treffen",
}


def write_site(root: Path, pages: int, lang: str) -> None:
    rng = random.Random(7)
    vocabulary = WORDS[lang].split()
    vocabulary += [f"{word}{suffix}" for word in vocabulary for suffix in ("ات", "ين", "ها")] if lang == "ar" else [
        f"{word}{suffix}" for word in vocabulary for suffix in ("en", "er", "s")]
    for number in range(pages):
        text = " ".join(rng.choices(vocabulary, k=280))
        folder = root / f"page-{number:05d}"
        folder.mkdir(parents=True)
        (folder / "index.html").write_text(
            f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{number}</title></head>'
            f"<body><main data-pagefind-body><h1>{' '.join(rng.choices(vocabulary, k=4))} {number}</h1>"
            f"<p>{text}</p></main></body></html>", encoding="utf-8")


def index(binary: str, site: Path, output: Path, max_fragments: int | None) -> tuple[int, float, int]:
    """(meta bytes, mean fragment file bytes, fragment files) of one run."""
    extra = ["--max-fragments", str(max_fragments)] if max_fragments else []
    subprocess.run([binary, "--site", str(site), "--output-path", str(output), "--silent", *extra], check=True)
    meta = next(output.glob("*.pf_meta")).stat().st_size
    fragments = [f.stat().st_size for f in (output / "fragment").iterdir()]
    return meta, statistics.mean(fragments), len(fragments)


def main() -> None:
    binary = sys.argv[1]
    pages = int(sys.argv[2]) if len(sys.argv) > 2 else 1800
    lang = sys.argv[3] if len(sys.argv) > 3 else "ar"
    with tempfile.TemporaryDirectory() as scratch:
        site = Path(scratch) / "site"
        write_site(site, pages, lang)
        print(f"{pages} pages ({lang}); bytes as served (Pagefind's files are gzip)")
        print("max_fragments   fragment files   .pf_meta   5 results' fragment files   sum")
        for setting in (None, 1000, 600, 300):
            meta, mean, files = index(binary, site, Path(scratch) / f"out-{setting}", setting)
            print(f"{setting or 'none':>13}   {files:>14}   {meta:>8}   {5 * mean:>25.0f}   {meta + 5 * mean:>5.0f}")


if __name__ == "__main__":
    main()
