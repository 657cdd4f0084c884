"""What a messenger shows when a reader shares a page (Open Graph, Twitter Cards), and the
warning that a published site without SITEURL cannot give those cards their addresses."""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import sys
from html import unescape

import pytest

from conftest import MINIMAL, ROOT, TODAY_EPOCH, BuildResult, Site
from pictures import plain

SITEURL = "https://portal.example.org/willkommen"
ARABIC_SUMMARY = "تدرّب على الألمانية مرة في الأسبوع."
BALL_ALT = "Ein Fußball auf dem Rasen"


def meta(page: str) -> dict[str, list[str]]:
    """Every ``<meta property|name=… content=…>`` of a page: name → contents in page order."""
    found: dict[str, list[str]] = {}
    for name, content in re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">', page):
        found.setdefault(name, []).append(unescape(content))
    return found


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The minimal site, its Arabic offer with a summary, built for its public address."""
    site = Site(tmp_path_factory.mktemp("sharing") / "site")
    shutil.copytree(MINIMAL, site.path, ignore=shutil.ignore_patterns("output", ".cache"))
    path = "content/offers/sprachpaten.ar.md"
    site.write(path, site.read(path).replace("title: رعاية لغوية", f"title: رعاية لغوية\nsummary: {ARABIC_SUMMARY}"))
    site.write("content/images/ball.jpg", plain("JPEG", (1600, 1200)))
    path = "content/offers/fussball.de.md"
    site.write(path, site.read(path).replace("---\n", f"---\nimage: ball.jpg\nimage_alt: {BALL_ALT}\n", 1))
    result = site.build(env={"SITEURL": SITEURL})
    assert result.returncode == 0, result.stderr
    return result


def test_an_offer_in_german_and_arabic_carries_its_card_with_absolute_addresses(shared):
    result = shared
    for lang, title, summary, locale in (("de", "Sprachpatenschaft", "Einmal pro Woche Deutsch üben.", "de_DE"),
                                         ("ar", "رعاية لغوية", ARABIC_SUMMARY, "ar_EG")):
        page = result.page(f"{lang}/offers/sprachpaten/")
        tags = meta(page)
        assert tags["og:type"] == ["article"]
        assert tags["og:title"] == [title]
        assert tags["og:description"] == [summary]
        assert tags["og:url"] == [f"{SITEURL}/{lang}/offers/sprachpaten/"]
        assert tags["og:locale"] == [locale]
        assert sorted(tags["og:locale:alternate"]) == sorted({"de_DE", "en_GB", "ar_EG"} - {locale})
        assert tags["og:image"] == [f"{SITEURL}/theme/share.png"]
        assert tags["og:image:alt"] == ["Ankommen in Beispielheim"]
        assert tags["twitter:card"] == ["summary_large_image"]
        assert f'<link rel="canonical" href="{SITEURL}/{lang}/offers/sprachpaten/">' in page
        assert f'<link rel="alternate" hreflang="en" href="{SITEURL}/en/offers/sprachpaten/">' in page
    image = (result.output / "theme" / "share.png").read_bytes()
    assert png_size(image) == (1200, 630)


def test_a_page_without_translations_names_no_other_locale_and_a_listing_is_a_website(shared):
    result = shared
    untranslated = meta(result.page("ar/offers/fussball/"))  # only in German
    assert untranslated["og:locale"] == ["de_DE"]  # the text readers get is German
    assert "og:locale:alternate" not in untranslated
    listing = meta(result.page("ar/offers/"))
    assert listing["og:type"] == ["website"]
    assert listing["og:url"] == [f"{SITEURL}/ar/offers/"]
    assert listing["og:image"] == [f"{SITEURL}/theme/share.png"]


def test_an_item_with_a_picture_shares_the_picture_with_its_description(shared):
    tags = meta(shared.page("de/offers/fussball/"))
    (image,) = tags["og:image"]
    assert image.startswith(f"{SITEURL}/images/") and image.endswith(".jpg")
    assert (shared.output / image.removeprefix(f"{SITEURL}/")).is_file()
    assert tags["og:image:alt"] == [BALL_ALT]


def publish(site, siteurl: str, editors_language: str = "") -> subprocess.CompletedProcess:
    """``make publish`` as the Makefile runs it (the build with ``--publish``)."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": TODAY_EPOCH, "SITEURL": siteurl, "PORTAL_LANG": editors_language}
    return subprocess.run([sys.executable, str(ROOT / "tools" / "portal.py"), "build", "--publish",
                           "--site", str(site.path), "--output", str(site.path / "output")],
                          capture_output=True, text=True, env=env, timeout=600)


def test_publishing_without_siteurl_warns_in_the_editors_language_and_still_builds(site):
    done = publish(site, "")  # the fixture's editors read German
    assert done.returncode == 0, done.stderr
    assert "Warnung: SITEURL ist nicht auf die öffentliche Adresse der Website gesetzt" in done.stderr
    assert "Vorschaukarten beim Teilen in Messengern, die News-Feeds und die Kalender-Links" in done.stderr
    assert "SITEURL is not set" in publish(site, "/portal", editors_language="en").stderr  # a path is not enough
    assert "SITEURL" not in publish(site, SITEURL).stderr


def test_the_makefile_publishes_with_the_warning():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    publish_rule = makefile.split("\npublish:", 1)[1].split("\n\n", 1)[0]
    assert "build --publish" in publish_rule
