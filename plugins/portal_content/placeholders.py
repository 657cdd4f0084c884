"""The hints ``make new`` writes into a new document, and the check that none was left in.

A hint is written to be replaced: the body's "Text in Markdown: …", a
translation's "Translate the text of … here.", or a field's help. Left in
place it would be published, so the check reports each one still there,
with its line. Scaffold (portal_editors) and check read the hints from here,
in every language the tools speak (:mod:`.messages`).
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from typing import Any, Iterable

from .messages import TRANSLATIONS, Message, tools_translations, tr

BODY = tr("Text in Markdown: what it is, who it is for, how to take part.")
TRANSLATION_BODY = tr("Translate the text of %(source)s here.")

#: What a value of a field kind looks like, for make new's comments.
KIND_HINTS = {
    "text_list": tr("a list: [first, second]"),
    "date": tr("like 2026-12-01"),
    "datetime": tr("like 2026-12-01 or 2026-12-01T16:00 (local time)"),
    "bool": tr("true or false"),
    "int": tr("a whole number"),
    "id_list": tr("a list: [first, second]"),
    "contact": tr("{name: …, email: …, phone: \"+49 …\"}"),
    "date_list": tr("a list: [2026-12-22, 2026-12-29]"),
    "lang_list": tr("a list: [ar, uk]"),
}

LEFT_IN = tr("this is the hint make new wrote; replace it with your own text")


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


@lru_cache(maxsize=None)
def _languages() -> tuple[str, ...]:
    """English and every language with a tools catalogue."""
    found = sorted(name for name in os.listdir(TRANSLATIONS)
                   if os.path.isfile(os.path.join(TRANSLATIONS, name, "LC_MESSAGES", "tools.po")))
    return ("en", *found)


def _everywhere(message: Message) -> list[str]:
    """The msgid of ``message`` in English and each language the tools speak."""
    return [tools_translations(lang).gettext(message.msgid) for lang in _languages()]


@lru_cache(maxsize=None)
def _body_patterns() -> tuple[re.Pattern[str], ...]:
    patterns = {re.escape(_normal(text)) for text in _everywhere(BODY)}
    for text in _everywhere(TRANSLATION_BODY):
        patterns.add(re.escape(_normal(text)).replace(re.escape("%(source)s".casefold()), ".+"))
    return tuple(re.compile(rf"^{pattern}$") for pattern in patterns)


def body_placeholder_lines(body: str, first_line: int) -> list[int]:
    """The lines of ``body`` that still hold the body hint of make new."""
    found = []
    for offset, line in enumerate(body.splitlines()):
        text = _normal(line)
        if text and any(pattern.match(text) for pattern in _body_patterns()):
            found.append(first_line + offset)
    return found


@lru_cache(maxsize=None)
def _field_hints(fields: tuple[Any, ...]) -> frozenset[str]:
    """Every field's help and every kind hint, in each language (once per type and build)."""
    texts: set[str] = set()
    for field in fields:
        help_text = field.help
        if isinstance(help_text, Message):
            texts.update(_normal(t) for t in _everywhere(help_text))
        elif isinstance(help_text, dict):
            texts.update(_normal(t) for t in help_text.values() if isinstance(t, str))
        elif help_text:
            texts.add(_normal(help_text))
    for hint in KIND_HINTS.values():
        texts.update(_normal(t) for t in _everywhere(hint))
    texts.discard("")
    return frozenset(texts)


def field_placeholders(meta: Any, fields: Iterable[Any]) -> list[str]:
    """The front-matter fields whose text is one of make new's hints (a field's help, say)."""
    hints = _field_hints(tuple(fields))
    found = []
    for key, value in meta.items():
        values = value if isinstance(value, list) else [value]
        if any(isinstance(v, str) and _normal(v) in hints for v in values):
            found.append(key)
    return found
