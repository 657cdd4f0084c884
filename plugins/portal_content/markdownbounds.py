"""Markdown that would keep Python-Markdown busy for minutes, refused before converting it.

Python-Markdown looks for the end of a link from every ``[`` (and for the end
of its address from every ``](``) to the end of the paragraph when there is
none, and strips a blockquote one ``>`` level at a time: 8 KB of ``[`` take it
25 s, 100 KB of ``>`` 4 s, and the document limit allows a megabyte. Both costs
are estimated here in one pass (a stack pairs the brackets), so a document
whose links would make Python-Markdown read more than ``MAX_LINK_SCAN``
characters, or whose quotes nest deeper than ``MAX_QUOTE_DEPTH``, is an error
with its line. Real text stays far below both: a link costs the length of its
text and address.
"""

from __future__ import annotations

import re

from .errors import ContentError

#: Characters Python-Markdown's search for ends of links may read (about a second).
MAX_LINK_SCAN = 1_000_000
#: Blockquotes inside blockquotes (``> > >``).
MAX_QUOTE_DEPTH = 16

_BLOCKS = re.compile(r"\n[ \t]*\n")
_QUOTES = re.compile(r"^[ \t]*((?:>[ \t]?)+)", re.MULTILINE)
_TOKENS = re.compile(r"\\.|\]\(|[\[\]()]", re.DOTALL)


def _blocks(body: str):
    """Each paragraph (text between blank lines) with where it starts."""
    start = 0
    for gap in _BLOCKS.finditer(body):
        yield start, body[start:gap.start()]
        start = gap.end()
    yield start, body[start:]


def _scan_cost(block: str) -> int:
    """How far the link search reads from each ``[`` and ``](`` of one paragraph."""
    brackets: list[int] = []
    parens: list[int] = []
    cost = 0
    for token in _TOKENS.finditer(block):
        text, at = token.group(), token.start()
        if text == "[":
            brackets.append(at)
        elif text in ("]", "](") and brackets:
            cost += at - brackets.pop()
        if text == "](" or (text == "(" and parens):  # an address, or parentheses inside one
            parens.append(at)
        elif text == ")" and parens:
            cost += at - parens.pop()
    return cost + sum(len(block) - at for at in brackets + parens)


def check_markdown(body: str, path: str, first_line: int) -> None:
    """Raise ContentError when converting ``body`` would take Python-Markdown too long."""
    for match in _QUOTES.finditer(body):
        if match.group(1).count(">") > MAX_QUOTE_DEPTH:
            line = first_line + body.count("\n", 0, match.start())
            raise ContentError(path, f"quotes (>) nest deeper than {MAX_QUOTE_DEPTH} levels", line, "body")
    if (body.count("[") + body.count("](")) * len(body) <= MAX_LINK_SCAN:
        return  # cannot reach the limit: spare the scan
    total, worst, worst_start = 0, 0, 0
    for start, block in _blocks(body):
        cost = _scan_cost(block)
        total += cost
        if cost > worst:
            worst, worst_start = cost, start
    if total > MAX_LINK_SCAN:
        line = first_line + body.count("\n", 0, worst_start)
        raise ContentError(path, "too many [ or ]( without their end: converting this Markdown would "
                                 "take minutes (write a literal bracket as \\[)", line, "body")
