"""``sitemap.xml`` with hreflang alternates, and ``robots.txt`` pointing to it.

Every HTML page the build writes passes Pelican's ``content_written`` signal
with its template context; the portal's pages carry ``page_url`` and
``alternates`` (language → URL of the same page), the very values the page's
head turns into ``<link rel="alternate" hreflang>``. The sitemap repeats those
links for each page (plus ``x-default``, the language choice, as every head
does). Left out: 404 pages and pages written with ``noindex=True`` (the
editors' report). Written at ``finalized``, after every plugin wrote its pages.

Search engines need absolute addresses: with ``SITEURL`` empty (``make html``)
the sitemap holds root-relative ones and robots.txt no ``Sitemap:`` line; build
with ``SITEURL=https://… make publish``. A crawler reads robots.txt only at the
root of a host: under a sub-path (``https://example.org/portal``) copy its
``Sitemap:`` line into the host's own robots.txt.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
LEFT_OUT_KINDS = {"404", "root_404"}


@dataclass(frozen=True)
class Page:
    url: str
    alternates: tuple[tuple[str, str], ...]


#: The setting that holds a build's Sitemap from ``initialized`` on: every page
#: context ``content_written`` hands over is a copy of the settings, so each page
#: finds its own build's Sitemap there, and nothing lives in a module global.
SETTING = "PORTAL_SITEMAP"


class Sitemap:
    """The public HTML pages one build wrote, with their alternates."""

    def __init__(self) -> None:
        self.pages: dict[str, Page] = {}

    def collect(self, path: str, context: dict[str, Any]) -> None:
        if not path.endswith(".html") or "page_url" not in context:
            return
        if context.get("noindex") or context.get("page_kind") in LEFT_OUT_KINDS:
            return
        alternates = dict(context.get("alternates") or {})
        alternates["x-default"] = f"{context.get('SITEURL', '')}/"
        self.pages[context["page_url"]] = Page(context["page_url"], tuple(alternates.items()))


def start(pelican: Any) -> None:
    """``initialized`` receiver: a new, empty sitemap for this build."""
    pelican.settings[SETTING] = Sitemap()


def collect(path: str, context: dict[str, Any] | None = None) -> None:
    """``content_written`` receiver: remember each public HTML page and its alternates."""
    sitemap = (context or {}).get(SETTING)
    if sitemap is not None:
        sitemap.collect(path, context)


def absolute(siteurl: str) -> bool:
    return siteurl.startswith(("https://", "http://"))


def sitemap_xml(pages: list[Page]) -> bytes:
    ET.register_namespace("", SITEMAP_NS)
    ET.register_namespace("xhtml", XHTML_NS)
    urlset = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for page in sorted(pages, key=lambda p: p.url):
        url = ET.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
        ET.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = page.url
        for code, href in page.alternates:
            ET.SubElement(url, f"{{{XHTML_NS}}}link", rel="alternate", hreflang=code, href=href)
    ET.indent(urlset)
    return ET.tostring(urlset, encoding="utf-8", xml_declaration=True) + b"\n"


def robots_txt(siteurl: str) -> str:
    lines = ["# Every page may be crawled; the sitemap lists them with their translations.",
             "User-agent: *", "Disallow:", ""]
    if absolute(siteurl):
        lines.append(f"Sitemap: {siteurl.rstrip('/')}/sitemap.xml")
    else:
        lines.append("# No Sitemap line: build with SITEURL=https://… (make publish) to add it.")
    return "\n".join(lines) + "\n"


def write(pelican: Any) -> None:
    """``finalized`` receiver: write sitemap.xml and robots.txt into the output folder."""
    sitemap = pelican.settings.get(SETTING)
    if sitemap is None:
        return
    output = pelican.output_path
    siteurl = pelican.settings.get("SITEURL", "")
    with open(os.path.join(output, "sitemap.xml"), "wb") as handle:
        handle.write(sitemap_xml(list(sitemap.pages.values())))
    with open(os.path.join(output, "robots.txt"), "w", encoding="utf-8") as handle:
        handle.write(robots_txt(siteurl))
