"""What a build weighs: the output folder, and the bytes a reader downloads for a page.

A page's weight is its HTML plus every stylesheet (with its ``@import``s and the
first font of each ``@font-face``, the one a browser fetches), script and image
it loads from the site, as a server with gzip sends them: text compressed with
gzip (level 6, nginx's default), already compressed files (fonts, images,
Pagefind's ``.pagefind`` files) as they are.
"""

from __future__ import annotations

import gzip
import posixpath
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

TEXT_TYPES = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".txt", ".xml", ".ics"}
CSS_IMPORT = re.compile(r"""@import\s+(?:url\()?\s*['"]?([^'")\s;]+)""")
FONT_FACE = re.compile(r"@font-face\s*{([^}]*)}", re.S)
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""")


def transfer_size(path: Path) -> int:
    """Bytes on the wire: gzip for text, as-is for compressed formats."""
    data = path.read_bytes()
    return len(gzip.compress(data, 6, mtime=0)) if path.suffix in TEXT_TYPES else len(data)


@dataclass(frozen=True)
class OutputSize:
    """What a build writes: what hosting and an upload pay for."""

    bytes: int
    files: int
    largest: str  # the largest file, relative to the output folder
    largest_bytes: int


def folder_size(folder: Path) -> OutputSize:
    """Bytes and number of everything under ``folder``, and its largest file."""
    sizes = {p: p.stat().st_size for p in folder.rglob("*") if p.is_file()}
    largest = max(sizes, key=sizes.get, default=None)
    return OutputSize(sum(sizes.values()), len(sizes),
                      largest.relative_to(folder).as_posix() if largest else "", sizes.get(largest, 0))


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.css: list[str] = []
        self.other: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "link" and "stylesheet" in (values.get("rel") or "").split() and values.get("href"):
            self.css.append(values["href"])
        elif tag in ("script", "img") and values.get("src"):
            self.other.append(values["src"])


def _local(output: Path, base: str, url: str) -> tuple[str, Path] | None:
    """The file in ``output`` that ``url`` (seen from page path ``base``) names, if local."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith("data:"):
        return None
    path = posixpath.normpath(posixpath.join(posixpath.dirname(base), parts.path) if not parts.path.startswith("/")
                              else parts.path)
    target = output / path.lstrip("/")
    return (path, target) if target.is_file() else None


@dataclass
class PageWeight:
    page: str
    html: int
    css: int
    js: int
    other: int

    @property
    def total(self) -> int:
        return self.html + self.css + self.js + self.other


def page_weight_if_any(output: Path, page: str) -> PageWeight | None:
    """:func:`page_weight`, or None when the build wrote no such page (a listing plain Pelican lacks)."""
    file = output / page.lstrip("/")
    return page_weight(output, page) if (file / "index.html" if page.endswith("/") else file).is_file() else None


def page_weight(output: Path, page: str) -> PageWeight:
    """The transfer size of ``page`` (a path like ``/de/offers/x/``) and all it loads."""
    file = output / page.lstrip("/")
    if page.endswith("/"):
        file = file / "index.html"
    assets = _Assets()
    assets.feed(file.read_text(encoding="utf-8"))
    weight = PageWeight(page, transfer_size(file), 0, 0, 0)
    seen: set[Path] = set()

    def add_css(base: str, url: str) -> None:
        found = _local(output, base, url)
        if not found or found[1] in seen:
            return
        path, target = found
        seen.add(target)
        weight.css += transfer_size(target)
        css = target.read_text(encoding="utf-8", errors="replace")
        for imported in CSS_IMPORT.findall(css):
            add_css(path, imported)
        for face in FONT_FACE.findall(css):
            fonts = CSS_URL.findall(face)
            font = _local(output, path, fonts[0]) if fonts else None
            if font and font[1] not in seen:
                seen.add(font[1])
                weight.other += transfer_size(font[1])

    for url in assets.css:
        add_css(page, url)
    for url in assets.other:
        found = _local(output, page, url)
        if found and found[1] not in seen:
            seen.add(found[1])
            if found[1].suffix in (".js", ".mjs"):
                weight.js += transfer_size(found[1])
            else:
                weight.other += transfer_size(found[1])
    return weight
