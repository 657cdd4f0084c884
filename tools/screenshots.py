"""``make screenshots``: the README's "Look" section, regenerated in one command.

    python tools/screenshots.py [--folder docs/look] [--readme README.md]

Builds the demo portal (with the test suite's "today", so the same offers are
current on every run), serves it, and photographs home, an offers listing, an
offer, the sign-up form and the offer's notice (its print view, Chromium's print
media) on a phone (360 px, the first two screens) and a desktop (1280 px, the
first screen), in German, Arabic and Ukrainian, in the light and the dark colour
scheme (the notice only light: it is for paper). The PNGs are reduced to a
256-colour palette (Pillow) so the repository stays small, and the README's
section between the ``look`` markers is rewritten to show them.
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench.corpus import TODAY_EPOCH  # the test suite's "today", also the benchmark's
from bench.search import test_browser  # tests/browser.py: the local server and the system Chromium

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = {"de": "Deutsch", "ar": "العربية", "uk": "Українська"}
PAGES = {  # name -> path ({lang} replaced); the notice is the offer's page as printed
    "home": "{lang}/",
    "listing": "{lang}/offers/",
    "detail": "{lang}/offers/sprachcafe-helfer/",
    "form": "{lang}/forms/helfen/",
    "notice": "{lang}/offers/sprachcafe-helfer/",
}
PRINTED = {"notice"}
WIDTHS = {360: (740, 2), 1280: (900, 1)}  # viewport width -> (its height, screens in the picture)
SCHEMES = ("light", "dark")
BEGIN = "<!-- look:begin (written by make screenshots) -->"
END = "<!-- look:end -->"


@dataclass(frozen=True)
class Shot:
    lang: str
    page: str
    width: int
    scheme: str

    @property
    def name(self) -> str:
        return f"{self.lang}-{self.page}-{self.width}-{self.scheme}.png"


def shots() -> list[Shot]:
    return [Shot(lang, page, width, scheme) for lang in LANGUAGES for page in PAGES for width in WIDTHS
            for scheme in SCHEMES if not (page in PRINTED and scheme == "dark")]


def build_demo(output: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "portal.py"), "build", "--site", str(ROOT), "--output", str(output)],
        capture_output=True, text=True, env={**os.environ, "SOURCE_DATE_EPOCH": str(TODAY_EPOCH)})
    if done.returncode != 0:
        raise SystemExit(f"screenshots: the demo did not build:\n{done.stderr}")


def small_png(png: bytes) -> bytes:
    """The picture with a 256-colour palette: a third of the size, no visible loss on flat UI."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    buffer = io.BytesIO()
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        buffer, "PNG", optimize=True)
    return buffer.getvalue()


def take(output: Path, folder: Path) -> list[Shot]:
    """Every shot of :func:`shots`, written into ``folder``."""
    browser_module = test_browser()
    folder.mkdir(parents=True, exist_ok=True)
    taken = shots()
    with browser_module.serve(output) as base, browser_module.launch_browser() as browser:
        for shot in taken:
            height, screens = WIDTHS[shot.width]
            context = browser.new_context(viewport={"width": shot.width, "height": height}, color_scheme=shot.scheme)
            page = context.new_page()
            if shot.page in PRINTED:
                page.emulate_media(media="print")
            page.goto(f"{base}/{PAGES[shot.page].format(lang=shot.lang)}")
            page.wait_for_load_state("networkidle")
            height = min(height * screens, page.evaluate("document.documentElement.scrollHeight"))
            png = page.screenshot(full_page=True, clip={"x": 0, "y": 0, "width": shot.width, "height": height})
            (folder / shot.name).write_bytes(small_png(png))
            context.close()
    return taken


def section(taken: list[Shot], folder: Path, readme: Path) -> str:
    """The README's part between the markers: a table per language, a row per page."""
    relative = os.path.relpath(folder, readme.parent)
    columns = [(width, scheme) for width in WIDTHS for scheme in SCHEMES]
    names = {shot.name for shot in taken}
    total = sum((folder / name).stat().st_size for name in names)
    lines = [BEGIN, "", f"{len(names)} screenshots, {total / 1e6:.1f} MB, written by `make screenshots` "
             "(phone: the first two screens; desktop: the first screen; the notice is the offer's page as printed).",
             ""]
    for lang, language in LANGUAGES.items():
        lines += [f"**{language}** (`{lang}`)", "",
                  "| page | " + " | ".join(f"{width} px, {scheme}" for width, scheme in columns) + " |",
                  "|---|" + "---|" * len(columns)]
        for page in PAGES:
            cells = []
            for width, scheme in columns:
                name = Shot(lang, page, width, scheme).name
                cells.append(f'<a href="{relative}/{name}"><img src="{relative}/{name}" width="{width // 8}" '
                             f'alt="{page}, {lang}, {width} px, {scheme}"></a>' if name in names else "—")
            lines.append(f"| {page} | " + " | ".join(cells) + " |")
        lines.append("")
    return "\n".join(lines + [END])


def write_section(readme: Path, text: str) -> None:
    current = readme.read_text(encoding="utf-8")
    if BEGIN not in current or END not in current:
        raise SystemExit(f"screenshots: {readme} has no {BEGIN} … {END} markers in its Look section")
    head, rest = current.split(BEGIN, 1)
    readme.write_text(head + text + rest.split(END, 1)[1], encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", default=str(ROOT / "docs" / "look"), help="where the PNGs go")
    parser.add_argument("--readme", default=str(ROOT / "README.md"), help="the README whose Look section to rewrite")
    args = parser.parse_args(argv)
    folder, readme = Path(args.folder), Path(args.readme)
    with tempfile.TemporaryDirectory(prefix="screenshots-") as scratch:
        build_demo(Path(scratch) / "output")
        for stale in folder.glob("*.png"):
            stale.unlink()
        taken = take(Path(scratch) / "output", folder)
    write_section(readme, section(taken, folder, readme))
    total = sum(p.stat().st_size for p in folder.glob("*.png"))
    print(f"{len(taken)} screenshots, {total / 1e6:.1f} MB in {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
