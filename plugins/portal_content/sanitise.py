"""What a document's body may hold after Markdown: the allowlist, its check and its sanitiser.

Content is untrusted (an editor may be a stranger with a CMS login), and
Markdown passes raw HTML through; ``attr_list`` even lets Markdown itself write
any attribute (``{: onclick=… }``). So the HTML that Markdown produced is held
against one written-out list: :func:`findings` names everything outside it (the
build stops, so the editor learns that it would not appear), and
:func:`clean` passes the HTML through nh3 with the same list, so that what is
published holds nothing else even where the check had a gap (defence in depth).

The trap: parsers disagree on broken markup. :func:`findings` also compares
what it read with what nh3 kept, so markup the two read differently is an
error, never silently a different page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser

import nh3

from .links import MARKERS
from .messages import tr
from .urls import ALLOWED_SCHEMES, scheme_problem

#: The elements a body may hold.
TAGS = frozenset("""
    p h2 h3 h4 h5 h6 ul ol li dl dt dd blockquote pre code em strong a img br hr
    table thead tbody tr th td abbr sup sub kbd details summary figure figcaption div
""".split())

#: The attributes a body may hold, per element (``*``: on every element).
ATTRIBUTES: dict[str, frozenset[str]] = {
    "*": frozenset({"id", "lang", "dir"}),
    "a": frozenset({"href", "title", "rel", "class"}),
    "img": frozenset({"src", "alt", "title", "width", "height"}),
    "abbr": frozenset({"title"}),
    "th": frozenset({"class"}),
    "td": frozenset({"class"}),
    "div": frozenset({"class"}),
    "code": frozenset({"class"}),
}

#: Attributes whose values are restricted (the whole value must match). ``rel``
#: and the classes are what Markdown itself writes: ``rel="noopener"`` on links
#: to other sites, footnotes, a fenced code block's language, a table column's
#: alignment (:class:`TableAlignment` turns Markdown's ``style`` into a class:
#: the strict CSP blocks style attributes and the HTML checker calls ``align``
#: obsolete).
VALUES: dict[tuple[str, str], re.Pattern[str]] = {
    ("*", "dir"): re.compile(r"ltr|rtl|auto"),
    ("a", "rel"): re.compile(r"noopener"),
    ("a", "class"): re.compile(r"footnote-ref|footnote-backref"),
    ("div", "class"): re.compile(r"footnote"),
    ("code", "class"): re.compile(r"language-[A-Za-z0-9_+#.-]{1,40}"),
    ("th", "class"): re.compile(r"align-(?:left|center|right)"),
    ("td", "class"): re.compile(r"align-(?:left|center|right)"),
    ("img", "width"): re.compile(r"[0-9]{1,5}"),
    ("img", "height"): re.compile(r"[0-9]{1,5}"),
}

#: Attributes that hold a URL. Links (``href``) may go to other sites;
#: whatever a page *loads* (``src``) must come from the site itself.
LINK_ATTRIBUTES = frozenset({"href"})
LOAD_ATTRIBUTES = frozenset({"src"})
URL_ATTRIBUTES = LINK_ATTRIBUTES | LOAD_ATTRIBUTES

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


@dataclass(frozen=True)
class Finding:
    """One thing in a body outside the allowlist: the text to find it by, and why."""

    needle: str
    message: str


def _normalised_url(value: str) -> str:
    """The URL as a browser reads it: tabs and line breaks removed, controls and spaces trimmed."""
    return re.sub(r"[\t\n\r]", "", value).strip("".join(map(chr, range(0x21))))


def url_problem(tag: str, attribute: str, value: str) -> str | None:
    """Why ``value`` may not stand in the URL attribute ``attribute`` of ``<tag>``, or None."""
    url = _normalised_url(value)
    if url.startswith(MARKERS):
        return None  # a file of the site ({filename}, {static}); the link check finds it
    scheme = _SCHEME.match(url)
    if scheme and scheme[1].lower() not in ALLOWED_SCHEMES:
        # the link check's own words, so that its error and this one are listed once
        return scheme_problem(value) or scheme_problem(url)
    if attribute in LOAD_ATTRIBUTES and (scheme or url.startswith(("//", "\\\\", "/\\", "\\/"))):
        return tr("<%(tag)s %(attribute)s=\"%(value)s\"> loads from another host, and the site "
                  "loads nothing from other hosts (readers' privacy): put the file into "
                  "content/materials/ and write {static}/materials/<file>",
                  tag=tag, attribute=attribute, value=_short(value))
    return None


def value_allowed(tag: str, attribute: str, value: str) -> bool:
    """May ``attribute="value"`` stand on ``<tag>``? (The attribute itself is allowed.)"""
    pattern = VALUES.get((tag, attribute)) or VALUES.get(("*", attribute))
    if pattern is not None and not pattern.fullmatch(value):
        return False
    if attribute in URL_ATTRIBUTES:
        return url_problem(tag, attribute, value) is None
    return True


def attribute_allowed(tag: str, attribute: str) -> bool:
    return attribute in ATTRIBUTES["*"] or attribute in ATTRIBUTES.get(tag, ())


class _Reader(HTMLParser):
    """Reads HTML into its start tags, the URLs they hold (``href``, ``src``: the link
    check's input) and what of them lies outside the allowlist."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.shape: list[tuple[str, tuple[tuple[str, str], ...]]] = []
        self.urls: list[str] = []
        self.found: list[Finding] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.shape.append((tag, tuple(sorted((name, value or "") for name, value in attrs))))
        self.urls.extend(value for name, value in attrs if name in URL_ATTRIBUTES and value is not None)
        if tag not in TAGS:
            self.found.append(Finding(
                f"<{tag}", tr("<%(tag)s> is not allowed in content and would not be published; a body "
                              "holds Markdown and these HTML elements only: %(allowed)s",
                              tag=tag, allowed=", ".join(sorted(TAGS)))))
            return
        for name, value in attrs:
            value = value or ""
            if not attribute_allowed(tag, name):
                allowed = sorted(ATTRIBUTES["*"] | ATTRIBUTES.get(tag, frozenset()))
                self.found.append(Finding(name, tr(
                    "the attribute %(name)s=\"%(value)s\" on <%(tag)s> is not allowed in content "
                    "and would not be published; allowed on <%(tag)s>: %(allowed)s",
                    name=name, value=_short(value), tag=tag, allowed=", ".join(allowed))))
            elif name in URL_ATTRIBUTES and url_problem(tag, name, value):
                self.found.append(Finding(value or name, url_problem(tag, name, value)))
            elif not value_allowed(tag, name, value):
                self.found.append(Finding(f"{name}", tr(
                    "%(name)s=\"%(value)s\" on <%(tag)s> is not allowed in content and would not be published",
                    name=name, value=_short(value), tag=tag)))

    handle_startendtag = handle_starttag


def _short(value: str) -> str:
    return value if len(value) <= 40 else value[:37] + "…"


def _filter(tag: str, attribute: str, value: str) -> str | None:
    return value if value_allowed(tag, attribute, value) else None


@lru_cache(maxsize=1)
def _cleaner() -> nh3.Cleaner:
    """One nh3 cleaner for the build, made from the lists above."""
    return nh3.Cleaner(
        tags=set(TAGS),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        attribute_filter=_filter,
        url_schemes=set(ALLOWED_SCHEMES),
        link_rel=None,  # Markdown adds rel="noopener" to links to other sites itself
        strip_comments=True,
    )


def clean(html: str) -> str:
    """``html`` with everything outside the allowlist removed (what is published)."""
    return _cleaner().clean(html)


def _read(html: str) -> _Reader:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader


def _shape(reader: _Reader) -> list:
    """The start tags and their attributes, in no order: the HTML parser inserts <tbody>
    into a table without one and moves misplaced content, so compare what is there, not where."""
    return sorted(entry for entry in reader.shape if entry[0] != "tbody")


@dataclass(frozen=True)
class Sanitised:
    """A body's HTML as published, what in it lies outside the allowlist, and its URLs."""

    html: str
    findings: list[Finding]
    #: every ``href`` and ``src`` of the HTML as Markdown wrote it, in order (the link check's input)
    urls: list[str]


def sanitised(html: str) -> Sanitised:
    """The published HTML of a body, what in ``html`` lies outside the allowlist, and its URLs.

    ``html`` is parsed once; nh3's output is parsed again, to compare, only where nh3
    changed something (HTML the allowlist admits comes back from it as it went in).
    """
    written = _read(html)
    cleaned = clean(html)
    if written.found:
        return Sanitised(cleaned, written.found, written.urls)
    if cleaned == html:
        return Sanitised(cleaned, [], written.urls)
    kept, before = _shape(_read(cleaned)), _shape(written)
    if kept != before:
        lost = [entry for entry in before if entry not in kept] or before or [("p", ())]
        tag = lost[0][0]
        return Sanitised(cleaned, [Finding(f"<{tag}", tr(
            "the HTML around <%(tag)s> is malformed (an unclosed quote or tag?): "
            "it would not be published as written", tag=tag))], written.urls)
    return Sanitised(cleaned, [], written.urls)


def sanitise(html: str) -> tuple[str, list[Finding]]:
    """The published HTML of a body, and what in ``html`` lies outside the allowlist."""
    result = sanitised(html)
    return result.html, result.findings
