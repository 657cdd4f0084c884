"""Checks every text an editor wrote: characters, line breaks and length.

What a title holds ends up in HTML, JSON-LD, Atom, iCalendar and the search
index; some of these writers fail on a line break or a control character, so
the build would stop without naming the file. These checks name file, line and
field instead, for front matter and ``data/`` alike: no forbidden character
anywhere, no line break in a single-line field (a title, a name, an e-mail
address, a URL …; a YAML ``>`` block ends in one), no text longer than its limit.
"""

from __future__ import annotations

import math
import re
from typing import Any, Callable, Iterator

from .limits import FORBIDDEN_CHARACTERS, Limits

_FORBIDDEN = re.compile(FORBIDDEN_CHARACTERS)
_LANGUAGE_KEY = re.compile(r"^[a-z]{2,3}(?:-x-[a-z0-9]+)?$")

#: Fields that may hold several lines (in front matter and data/).
MULTILINE = frozenset({"summary", "description", "intro", "help", "text", "accessibility",
                       "opening_hours", "hours", "tagline"})
#: Fields whose length is limited by ``title_chars`` / ``summary_chars``.
TITLES = frozenset({"title", "name", "category", "label", "image_alt"})
SUMMARIES = frozenset({"summary", "description", "intro", "help", "text"})

Report = Callable[[list[Any], str], None]


def scalars(value: Any, where: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    """Every string and number inside ``value`` (keys included) with the path to it."""
    if isinstance(value, (str, float)):
        yield where, value
    elif isinstance(value, dict):
        for key, child in value.items():
            if isinstance(key, str):
                yield where + (key,), key
            yield from scalars(child, where + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from scalars(child, where + (index,))


def _field_of(where: tuple) -> str:
    """The field a text belongs to: the last key that is not a language code or index."""
    for step in reversed(where):
        if isinstance(step, str) and not _LANGUAGE_KEY.match(step):
            return step
    return ""


def _limit(name: str, limits: Limits) -> tuple[int, str]:
    if name in TITLES:
        return limits.title_chars, "title_chars"
    if name in SUMMARIES:
        return limits.summary_chars, "summary_chars"
    return limits.text_chars, "text_chars"


def text_problems(value: Any, limits: Limits, report: Report, where: tuple = ()) -> None:
    """Call ``report(path, message)`` for each text in ``value`` that breaks a rule
    (and each number that is not one: ``.nan``, ``.inf``)."""
    for path, text in scalars(value, where):
        if isinstance(text, float):
            if not math.isfinite(text):
                report(list(path), f"must be a number, not {text}")
            continue
        name = _field_of(path)
        bad = _FORBIDDEN.search(text)
        if bad:
            report(list(path), f"holds the control character U+{ord(bad.group()):04X} "
                               f"at position {bad.start() + 1}; remove it")
            continue
        if name not in MULTILINE and ("\n" in text or "\r" in text):
            report(list(path), "must be one line: it holds a line break "
                               "(a YAML '>' or '|' block ends with one; write the text on one line)")
        maximum, setting = _limit(name, limits)
        if len(text) > maximum:
            report(list(path), f"is {len(text):,} characters long; at most {maximum:,} are allowed "
                               f"(site.yaml limits: {setting})")


def list_problems(value: Any, limits: Limits, report: Report, where: tuple = ()) -> None:
    """Call ``report`` for each list with more than ``limits.list_items`` entries."""
    if isinstance(value, dict):
        for key, child in value.items():
            list_problems(child, limits, report, where + (key,))
    elif isinstance(value, list):
        if len(value) > limits.list_items:
            report(list(where), f"lists {len(value):,} entries; at most {limits.list_items:,} "
                                "are allowed (site.yaml limits: list_items)")
        for index, child in enumerate(value):
            list_problems(child, limits, report, where + (index,))
