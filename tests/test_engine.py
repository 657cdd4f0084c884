"""The engine's reuse gives exactly the site a build that renders everything gives.

Two copies of a site, one built with reuse (pages of unchanged items taken from
the last build, kept values reused: plugins/portal_engine) and one with
``PORTAL_REUSE=0``, get the same edits one after the other: a document, an
organisation's record, a detail template with a place's record, a partial every
page includes, a catalogue of the site's theme, then none. After each edit both
are built and their outputs compared byte for byte, except the parts declared
volatile: a calendar's DTSTAMP line (the time of the build) and Pagefind's
bundle, whose chunk names are not reproducible (for it, the text it indexed is
compared). After the record and template edits, the reusing build must have
rendered again exactly the detail pages that depend on the edit: the engine's
finer dependencies are real, not everything rendered anew.
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

import pytest

from conftest import ROOT, TODAY_EPOCH

PORTAL = str(ROOT / "tools" / "portal.py")
DTSTAMP = re.compile(rb"^DTSTAMP:[0-9TZ]+\r$", re.MULTILINE)
#: The site's own settings: the portal's, with a copy of the theme that the test edits.
SETTINGS = """import runpy
globals().update({{k: v for k, v in runpy.run_path({conf!r}).items() if k.isupper()}})
THEME = {theme!r}
"""


def make_site(target: Path, fill: Callable[[Path], None]) -> Path:
    """A site in ``target``: content and data from ``fill``, its own copy of the theme."""
    fill(target)
    shutil.copytree(ROOT / "theme", target / "theme")
    (target / "pelican.conf.py").write_text(
        SETTINGS.format(conf=str(ROOT / "pelican.conf.py"), theme=str(target / "theme")), encoding="utf-8")
    return target


def demo(target: Path) -> None:
    for folder in ("content", "data"):
        shutil.copytree(ROOT / folder, target / folder)


def corpus(target: Path) -> None:
    from tools.bench import corpus as generated

    generated.generate(target, 12)


def build_both(on: Path, off: Path) -> None:
    """Build the two copies side by side: ``on`` reusing, ``off`` rendering everything."""
    runs = []
    for site, reuse in ((on, "1"), (off, "0")):
        env = {**os.environ, "SOURCE_DATE_EPOCH": TODAY_EPOCH, "PORTAL_REUSE": reuse}
        runs.append(subprocess.Popen([sys.executable, PORTAL, "build", "--site", str(site)], env=env,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    for run in runs:
        _out, err = run.communicate(timeout=600)
        assert run.returncode == 0, err


def indexed_text(bundle: Path) -> list[str]:
    """What Pagefind stored of the indexed pages (its fragments are gzipped JSON), in order."""
    return sorted(gzip.decompress(path.read_bytes()).decode("utf-8") for path in (bundle / "fragment").iterdir())


def differences(left: Path, right: Path) -> list[str]:
    """Output files that differ, or exist on one side only, beyond the volatile parts."""
    def files(root: Path) -> set[str]:
        return {str(p.relative_to(root)) for p in root.rglob("*")
                if p.is_file() and p.relative_to(root).parts[0] != "pagefind"}

    found = sorted(files(left) ^ files(right))
    for name in sorted(files(left) & files(right)):
        a, b = (left / name).read_bytes(), (right / name).read_bytes()
        if name.endswith(".ics"):
            a, b = DTSTAMP.sub(b"DTSTAMP", a), DTSTAMP.sub(b"DTSTAMP", b)
        if a != b:
            found.append(name)
    if indexed_text(left / "pagefind") != indexed_text(right / "pagefind"):
        found.append("pagefind: the indexed text differs")
    return found


def reused(output: Path) -> int:
    """How many files of the output were taken from the last build (hard links to it)."""
    return sum(1 for p in output.rglob("*.html") if p.stat().st_nlink > 1)


def rendered_again(output: Path) -> set[str]:
    """The HTML pages of the output not taken from the last build (language folders merged)."""
    languages = {p.name for p in output.iterdir() if (p / "404.html").exists()}
    pages = set()
    for path in output.rglob("*.html"):
        if path.stat().st_nlink == 1:
            parts = path.relative_to(output).parts
            pages.add("/".join(parts[1:] if parts[0] in languages else parts))
    return pages


def detail_pages(site: Path, naming: str | None = None, types: tuple[str, ...] = ()) -> set[str]:
    """The detail pages (``offers/<slug>/index.html``) the build wrote, in any language: of every
    item, or of the items whose documents name ``naming`` (an organisation's or a place's id) and
    of every item of ``types``."""
    languages = [p.name for p in (site / "output").iterdir() if (p / "404.html").exists()]
    pages = {f"{path.parent.name}/{path.name.split('.')[0]}/index.html"
             for path in (site / "content").glob("*/*.md")
             if naming is None or path.parent.name in types
             or re.search(rf"^\w+: {re.escape(naming)}\s*$", path.read_text(encoding="utf-8"), re.M)}
    return {page for page in pages if any((site / "output" / lang / page).exists() for lang in languages)}


def detail_pages_rendered_again(site: Path) -> set[str]:
    """The detail pages of the output rendered again, in any language."""
    return rendered_again(site / "output") & detail_pages(site)


def edit(sites: tuple[Path, Path], relative: str, change: Callable[[str], str]) -> None:
    """The same change to a file of both copies, with the same modification time."""
    stamp = time.time_ns()
    for site in sites:
        path = site / relative
        before = path.read_text(encoding="utf-8")
        after = change(before)
        assert after != before, relative
        path.write_text(after, encoding="utf-8")
        os.utime(path, ns=(stamp, stamp))


def first(site: Path, pattern: str) -> str:
    return str(sorted(site.glob(pattern))[0].relative_to(site))


def replace_once(old: str, new: str) -> Callable[[str], str]:
    return lambda text: text.replace(old, new, 1)


@pytest.mark.parametrize("fill", [demo, corpus], ids=["demo", "generated corpus"])
def test_reusing_builds_equal_full_builds_after_edits_to_content_data_templates_and_catalogues(tmp_path, fill):
    on = make_site(tmp_path / "on", fill)
    off = tmp_path / "off"
    shutil.copytree(on, off, symlinks=True)
    sites = (on, off)
    build_both(on, off)

    document = first(on, "content/offers/*.de.md")
    slug = Path(document).name.split(".")[0]
    edit(sites, document, lambda text: text + "\nNeu: Wir treffen uns jetzt auch samstags.\n")
    build_both(on, off)
    page = on / "output" / "de" / "offers" / slug / "index.html"
    assert "auch samstags" in page.read_text(encoding="utf-8")
    assert page.stat().st_nlink == 1  # rendered again
    assert reused(on / "output") > 0  # the other items' pages were taken from the last build
    assert reused(off / "output") == 0
    assert differences(on / "output", off / "output") == []

    organisation = first(on, "data/organisations/*.yaml")
    edit(sites, organisation, lambda text: re.sub(r"^name: (.*)$", r"name: \1 Nord", text, count=1, flags=re.M))
    build_both(on, off)
    assert " Nord" in (on / "output" / "de" / "partners" / "index.html").read_text(encoding="utf-8")
    naming = detail_pages(on, Path(organisation).stem)
    assert naming and naming != detail_pages(on)
    assert detail_pages_rendered_again(on) == naming  # the pages of the items that name it, no other
    assert differences(on / "output", off / "output") == []

    place = first(on, "data/places/*.yaml")
    edit(sites, place, lambda text: re.sub(r"^  de: (.*)$", r"  de: \1 (Saal)", text, count=1, flags=re.M))
    edit(sites, "theme/templates/event.html", replace_once("<dt>{{ _('Cost') }}</dt>", "<dt>{{ _('Cost') }}:</dt>"))
    build_both(on, off)
    depending = detail_pages(on, Path(place).stem, types=("events",))
    assert depending != detail_pages(on)
    assert detail_pages_rendered_again(on) == depending  # every event's page and those of the items at the place
    assert differences(on / "output", off / "output") == []

    edit(sites, "theme/templates/partials/footer.html",
         replace_once("<h2>{{ _('Contact') }}</h2>", "<h2>{{ _('Contact') }} ·</h2>"))
    build_both(on, off)
    assert "Kontakt ·</h2>" in (on / "output" / "de" / "index.html").read_text(encoding="utf-8")
    assert differences(on / "output", off / "output") == []

    edit(sites, "theme/translations/de/LC_MESSAGES/messages.po",
         replace_once('msgid "Partners"\nmsgstr "Partner"', 'msgid "Partners"\nmsgstr "Partner und Freunde"'))
    build_both(on, off)
    assert "Partner und Freunde" in (on / "output" / "de" / "index.html").read_text(encoding="utf-8")
    assert differences(on / "output", off / "output") == []

    build_both(on, off)  # nothing changed: every page that declares its inputs is taken from the last build
    assert rendered_again(on / "output") == {"calendar/index.html", "editors/report/index.html"}
    assert differences(on / "output", off / "output") == []


def test_a_page_changed_in_the_published_output_is_rendered_again_not_reused(site):
    assert site.build().returncode == 0
    published = site.path / "output" / "de" / "offers" / "sprachpaten" / "index.html"
    with published.open("a", encoding="utf-8") as handle:  # someone edits the published site by hand
        handle.write("<!-- von Hand -->")

    rebuilt = site.build()

    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "von Hand" not in rebuilt.page("de/offers/sprachpaten/")
    assert published.stat().st_nlink == 1  # rendered, not linked to the edited file
    assert (site.path / "output" / "de" / "offers" / "fussball" / "index.html").stat().st_nlink > 1  # unchanged: linked


def test_a_template_named_only_while_rendering_renders_again_every_page_that_may_use_it(site):
    """The cards' template is named while rendering (``include types[…].card_template``): the
    engine cannot follow it, so every page that includes a card depends on every template, and a
    site's own copy of the offers' card shows on the listing at once; the events' pages, whose
    templates name no template while rendering, are taken from the last build."""
    site.write("pelican.conf.py", SETTINGS.format(conf=str(ROOT / "pelican.conf.py"), theme=str(ROOT / "theme"))
               + f"THEME_TEMPLATES_OVERRIDES = [{str(site.path / 'templates')!r}]\n")
    card = (ROOT / "theme" / "templates" / "partials" / "cards" / "offers.html").read_text(encoding="utf-8")
    site.write("templates/partials/cards/offers.html", card)
    assert site.build().returncode == 0
    site.write("templates/partials/cards/offers.html",
               card.replace('{% include "partials/cards/common.html" %}',
                            '<li class="card__own">Eigene Karte</li>{% include "partials/cards/common.html" %}'))

    rebuilt = site.build()

    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "Eigene Karte" in rebuilt.page("de/offers/")
    assert (site.path / "output" / "de" / "offers" / "index.html").stat().st_nlink == 1
    assert (site.path / "output" / "de" / "events" / "cafe" / "index.html").stat().st_nlink > 1
