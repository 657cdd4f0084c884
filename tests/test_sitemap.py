"""sitemap.xml with each page's translations, and robots.txt pointing to it."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from conftest import BuildResult, Site

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def sitemap(output: Path) -> dict[str, dict[str, str]]:
    """loc → {hreflang: href}, as a search engine reads the sitemap."""
    root = ET.parse(output / "sitemap.xml").getroot()
    return {
        url.find("s:loc", NS).text: {link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)}
        for url in root.findall("s:url", NS)
    }


def head_alternates(html: str) -> dict[str, str]:
    head = html[: html.index("</head>")]
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', head))


NOINDEX = '<meta name="robots" content="noindex">'


def public_pages(output: Path) -> set[str]:
    """Every HTML page a reader can reach and a search engine may index, as a root-relative URL."""
    pages = set()
    for path in output.rglob("*.html"):
        rel = path.relative_to(output).as_posix()
        if rel.endswith("404.html") or rel.startswith("editors/") or NOINDEX in path.read_text(encoding="utf-8"):
            continue
        pages.add("/" + rel.removesuffix("index.html"))
    return pages


def test_sitemap_lists_every_public_page_and_no_404_or_editors_page(minimal_build: BuildResult):
    entries = sitemap(minimal_build.output)
    assert set(entries) == public_pages(minimal_build.output)
    assert "/de/offers/sprachpaten/" in entries and "/" in entries
    assert not [loc for loc in entries if "404" in loc or "editors" in loc]


def test_sitemap_repeats_the_hreflang_links_of_each_pages_head(minimal_build: BuildResult):
    entries = sitemap(minimal_build.output)
    for loc in ("/de/offers/sprachpaten/", "/ar/offers/sprachpaten/", "/de/events/cafe/", "/en/", "/"):
        page = minimal_build.page(loc.lstrip("/"))
        assert entries[loc] == head_alternates(page), loc
    assert entries["/ar/offers/sprachpaten/"] == {
        "de": "/de/offers/sprachpaten/", "ar": "/ar/offers/sprachpaten/", "en": "/en/offers/sprachpaten/",
        "x-default": "/"}
    assert set(entries["/de/events/cafe/"]) == {"de", "en", "x-default"}  # no Arabic translation


def test_sitemap_lists_only_real_translations_not_untranslated_pages(minimal_build: BuildResult):
    entries = sitemap(minimal_build.output)
    assert minimal_build.exists("ar/events/cafe/") and minimal_build.exists("en/offers/fussball/")
    assert "/ar/events/cafe/" not in entries and "/en/offers/fussball/" not in entries
    assert "/de/offers/fussball/" in entries and entries["/de/offers/fussball/"] == {"de": "/de/offers/fussball/",
                                                                                   "x-default": "/"}


def test_without_an_absolute_siteurl_robots_txt_has_no_sitemap_line(minimal_build: BuildResult):
    robots = (minimal_build.output / "robots.txt").read_text(encoding="utf-8")
    assert "User-agent: *" in robots
    assert "Sitemap:" not in robots.replace("# No Sitemap line", "")


def test_published_under_a_sub_path_sitemap_and_robots_use_full_addresses(site: Site):
    result = site.build(env={"SITEURL": "https://example.org/portal"})
    assert result.returncode == 0, result.stderr
    robots = (result.output / "robots.txt").read_text(encoding="utf-8")
    assert "\nSitemap: https://example.org/portal/sitemap.xml\n" in robots
    entries = sitemap(result.output)
    assert all(loc.startswith("https://example.org/portal/") for loc in entries)
    assert entries["https://example.org/portal/en/offers/sprachpaten/"]["ar"] == \
        "https://example.org/portal/ar/offers/sprachpaten/"
    assert entries["https://example.org/portal/en/offers/sprachpaten/"]["x-default"] == \
        "https://example.org/portal/"


def test_a_draft_is_neither_on_the_site_nor_in_the_sitemap(site: Site):
    site.write("content/pages/ueber-uns.de.md", site.read("content/pages/ueber-uns.de.md")
               .replace("nav: 1", "nav: 1\ndraft: true"))
    result = site.build()
    assert not result.exists("de/ueber-uns/")
    assert "/de/ueber-uns/" not in sitemap(result.output)
