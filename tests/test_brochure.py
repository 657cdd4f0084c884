"""``make brochure``: a PDF per language of every current offer, training, event and
donation need, read back as a reader of the paper would (poppler's pdftotext and pdffonts)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from conftest import ROOT, TODAY_EPOCH, BuildResult

LISTINGS = ("offers", "trainings", "events", "donations")


def brochure(site: Path, output: Path, into: Path, *langs: str, siteurl: str):
    args = [sys.executable, str(ROOT / "tools" / "portal.py"), "brochure", "--site", str(site),
            "--output", str(output), "--into", str(into)]
    for lang in langs:
        args += ["--lang", lang]
    return subprocess.run(args, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "SITEURL": siteurl,
                               "SOURCE_DATE_EPOCH": TODAY_EPOCH})


@pytest.fixture(scope="module")
def brochures(published_demo, tmp_path_factory) -> tuple[BuildResult, Path, str]:
    """The demo built for its SITEURL, its German and Arabic brochures, and that SITEURL."""
    siteurl, built = published_demo
    pdfs = tmp_path_factory.mktemp("brochure") / "pdf"
    done = brochure(ROOT, built.output, pdfs, "de", "ar", siteurl=siteurl)
    assert done.returncode == 0, done.stderr
    return built, pdfs, siteurl


def listed_titles(built: BuildResult, lang: str) -> list[str]:
    """The titles a reader sees in the listings of ``lang`` (every page of each listing)."""
    titles = []
    for name in LISTINGS:
        for page in sorted((built.output / lang / name).glob("**/index.html")):
            relative = page.relative_to(built.output / lang / name).parts
            if relative == ("index.html",) or relative[0] == "page":
                html = page.read_text(encoding="utf-8")
                titles += [" ".join(unescape(re.sub(r"<[^>]+>", "", t)).split())
                           for t in re.findall(r'<h2 class="card__title"[^>]*>(.*?)</h2>', html, re.S)]
    return titles


def pdf_text(pdf: Path) -> str:
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True)
    return " ".join(done.stdout.split())


def pdf_pages(pdf: Path) -> int:
    done = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)", done.stdout, re.M).group(1))


def test_german_brochure_holds_every_current_items_title_and_address_and_no_expired_one(brochures):
    built, pdfs, siteurl = brochures
    text = pdf_text(pdfs / "brochure-de.pdf")
    titles = listed_titles(built, "de")
    assert len(titles) >= 20  # offers, trainings, events and donation needs of the demo
    assert [t for t in titles if t not in text] == []
    assert "Inhalt" in text and "Stand: 26. November 2026" in text
    assert f"{siteurl}/de/offers/sprachcafe-helfer/" in text  # printed under its QR code
    for ended in ("de/offers/nachhilfe-mathe/", "de/events/willkommensfest-2026/"):  # expired, past
        title = " ".join(unescape(re.sub(r"<[^>]+>", "", re.search(r"<h1[^>]*>(.*?)</h1>", built.page(ended),
                                                                       re.S).group(1))).split())
        assert title and title not in text, ended


def test_arabic_brochure_has_a_cover_contents_and_a_page_per_item_with_arabic_fonts_embedded(brochures):
    built, pdfs, siteurl = brochures
    pdf = pdfs / "brochure-ar.pdf"
    items = listed_titles(built, "ar")
    # the cover, one page of contents (the demo's titles fit on one), then a page per item
    assert pdf_pages(pdf) == 2 + len(items)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    arabic = [line.split()[0] for line in fonts if "Arabic" in line.split()[0] and line.split()[-5] == "yes"]
    assert arabic, fonts  # e.g. Noto Sans Arabic, embedded (a subset)
    text = pdf_text(pdf)
    assert "المحتويات" in text  # "Contents", from the theme's catalogue
    assert f"{siteurl}/ar/offers/sprachcafe-helfer/" in text


def test_brochure_without_siteurl_says_why_and_writes_nothing(brochures, tmp_path):
    built, _, _ = brochures
    done = brochure(ROOT, built.output, tmp_path / "pdf", "de", siteurl="")
    assert done.returncode == 1
    assert "SITEURL is not set" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "pdf").exists() or list((tmp_path / "pdf").iterdir()) == []


def test_brochure_of_a_site_not_built_names_the_missing_listing(tmp_path):
    done = brochure(ROOT, tmp_path / "nothing", tmp_path / "pdf", "de", siteurl="https://example.org")
    assert done.returncode == 1
    assert "offers/index.html is missing: build the site first" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "pdf" / "brochure-de.pdf").exists()


def messages(path: Path) -> dict[str, str]:
    with open(path, "rb") as handle:
        return {m.id: m.string for m in read_po(handle) if m.id}


def test_brochure_template_holds_every_string_of_the_brochure_and_each_language_translates_it(tmp_path):
    fresh = tmp_path / "brochure.pot"
    subprocess.run([str(ROOT / ".venv" / "bin" / "pybabel"), "extract", "-F", "tools/brochure/babel.cfg", "-k", "_",
                    "--no-location", "--sort-output", "-o", str(fresh), "."], cwd=ROOT, check=True, capture_output=True)
    wanted = messages(ROOT / "theme/translations/brochure.pot")
    assert set(messages(fresh)) == set(wanted)
    for lang in ("de", "ar", "fa", "uk", "ru"):
        translated = messages(ROOT / f"theme/translations/{lang}/LC_MESSAGES/brochure.po")
        assert [m for m in wanted if not translated.get(m)] == [], lang
        assert all(("%(date)s" in translated[m]) == ("%(date)s" in m) for m in wanted), lang


def test_brochure_reads_the_sites_addresses_from_the_built_folder_and_nothing_else(brochures):
    from brochure.fetcher import SiteFiles

    built, _, siteurl = brochures
    fetcher = SiteFiles(built.output, siteurl)
    css = fetcher.fetch(f"{siteurl}/theme/css/portal.css")
    assert css.read() == (built.output / "theme" / "css" / "portal.css").read_bytes()
    for outside in ("https://other.example/x.png", "file:///etc/passwd", f"{siteurl}/../../../etc/passwd",
                    (built.output.parent / "elsewhere.png").as_uri()):
        with pytest.raises(ValueError):
            fetcher.fetch(outside)


def test_a_type_with_nothing_current_leaves_its_section_out_and_the_rest_is_printed(site, tmp_path):
    for donation in (site.path / "content" / "donations").glob("*.md"):
        donation.unlink()
    built = site.build(env={"SITEURL": "https://example.org"})
    assert built.returncode == 0, built.stderr
    done = brochure(site.path, built.output, tmp_path / "pdf", "de", siteurl="https://example.org")
    assert done.returncode == 0, done.stderr
    text = pdf_text(tmp_path / "pdf" / "brochure-de.pdf")
    titles = listed_titles(built, "de")
    assert titles and [t for t in titles if t not in text] == []
    pdf = tmp_path / "pdf" / "brochure-de.pdf"
    contents = subprocess.run(["pdftotext", "-f", "2", "-l", "2", "-enc", "UTF-8", str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout.splitlines()
    headings = [line.strip() for line in contents if line.strip() in ("Ehrenamt", "Fortbildungen", "Spenden")]
    assert headings == ["Ehrenamt", "Fortbildungen"]  # no empty section in the contents
