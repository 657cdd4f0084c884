"""Reads ``content/<type>/<slug>.<lang>.md``: YAML front matter, then Markdown.

The reader only parses (its result is cached by Pelican between builds); checks
that need ``data/`` or other documents happen in :mod:`.validate`.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from typing import Any

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from pelican.readers import BaseReader

from .document import Document
from .errors import ContentError
from .markdownbounds import check_markdown
from .messages import tr
from .placeholders import body_placeholder_lines
from .sanitise import Finding, sanitised
from .yamlload import LinedDict, load_yaml, read_text

FILENAME = re.compile(r"^(?P<slug>[^.]+)\.(?P<lang>[^.]+)\.md$")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANG = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{1,8})*$")


class _ExternalLinks(Treeprocessor):
    """Links to other hosts get ``rel="noopener"`` (no access to our window)."""

    def run(self, root):
        for link in root.iter("a"):
            href = link.get("href", "")
            if href.startswith(("http://", "https://", "//")):
                rel = set(link.get("rel", "").split()) | {"noopener"}
                link.set("rel", " ".join(sorted(rel)))


ALIGNMENT = re.compile(r"text-align: (left|center|right);")


class _TableAlignment(Treeprocessor):
    """A table column's alignment as a class: Markdown writes a ``style`` attribute,
    which the strict CSP blocks (and ``align`` is obsolete HTML)."""

    def run(self, root):
        for cell in (*root.iter("th"), *root.iter("td")):
            side = ALIGNMENT.fullmatch(cell.get("style", ""))
            if side:
                del cell.attrib["style"]
                cell.set("class", f"align-{side[1]}")


class PortalMarkdownExtension(Extension):
    """What the portal adds to Markdown: rel="noopener", table alignment as a class."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_ExternalLinks(md), "portal_external_links", 5)
        md.treeprocessors.register(_TableAlignment(md), "portal_table_alignment", 4)


MARKDOWN_EXTENSIONS = ["extra", "sane_lists", PortalMarkdownExtension()]


@lru_cache(maxsize=1)
def _markdown() -> markdown.Markdown:
    """One Markdown converter for the whole build, reset before each document.

    Setting up the extensions costs about a third of converting a document, so
    the converter is made once (the benchmark's profile showed it).
    """
    return markdown.Markdown(extensions=MARKDOWN_EXTENSIONS, output_format="html")


def split_front_matter(text: str, path: str) -> tuple[str, str, int]:
    """Return (front matter, body, line where the body starts)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise ContentError(path, tr("the file must start with a line '---' and YAML front matter"), 1)
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2
    raise ContentError(path, tr("the front matter has no closing line '---'"), 1)


def find_line(body: str, needle: str, first_line: int) -> int:
    """The line of the body on which ``needle`` first stands."""
    position = body.find(needle)
    if position < 0:
        return first_line
    return first_line + body.count("\n", 0, position)


def finding_lines(found: list[Finding], body: str, first_line: int) -> list[tuple[int, str]]:
    """Each finding with the body's line it stands on (the n-th finding of a text on its n-th line)."""
    lowered = body.lower()
    after: dict[str, int] = {}
    located: list[tuple[int, str]] = []
    for finding in found:
        needle = finding.needle.lower()
        position = lowered.find(needle, after.get(needle, 0))
        if position < 0:
            position = lowered.find(needle)
        after[needle] = position + 1 if position >= 0 else 0
        line = first_line + body.count("\n", 0, position) if position >= 0 else first_line
        located.append((line, finding.message))
    return located


def parse_document(text: str, path: str) -> Document:
    """Parse one document's text into front matter, HTML body and its links."""
    directory, filename = os.path.split(path)
    match = FILENAME.match(filename)
    if not match:
        raise ContentError(path, tr("the file name must be <slug>.<language>.md, e.g. fahrradwerkstatt.de.md"))
    slug, lang = match["slug"], match["lang"]
    if not SLUG.match(slug):
        raise ContentError(path, tr("the slug %(slug)r may only hold a–z, 0–9 and single hyphens", slug=slug))
    if not LANG.match(lang):
        raise ContentError(path, tr("%(lang)r is not a language code like de, en or ar", lang=lang))
    front, body, body_line = split_front_matter(text, path)
    meta = load_yaml(front, path, line_offset=1)
    if meta is None:
        meta = LinedDict()
    if not isinstance(meta, dict):
        raise ContentError(path, tr("the front matter must be YAML key: value pairs"), 2)
    check_markdown(body, path, body_line)
    result = sanitised(_markdown().reset().convert(body))
    links = [(url, find_line(body, url, body_line)) for url in result.urls]
    return Document(path=path, type=os.path.basename(directory), slug=slug, lang=lang, meta=meta,
                    html=result.html, links=links, body_findings=finding_lines(result.findings, body, body_line),
                    placeholder_lines=body_placeholder_lines(body, body_line))


def relative_path(source_path: str) -> str:
    """The path as an editor sees it, relative to the project folder."""
    rel = os.path.relpath(source_path)
    return rel if not rel.startswith("..") else source_path


class PortalReader(BaseReader):
    """Pelican reader for the portal's Markdown documents."""

    enabled = True
    file_extensions = ["md"]

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        path = relative_path(source_path)
        document = parse_document(read_text(source_path, path), path)
        return document.html, {"portal_document": document}
