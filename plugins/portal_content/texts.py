"""Checks of a multilingual text in ``data/`` (``{de: …, en: …}``), for every file that has them.

portal_content checks site.yaml, taxonomies, organisations, places and links
with it, portal_forms its form definitions: one rule, one wording.
"""

from __future__ import annotations

from typing import Any, Mapping


def language_problems(text: Mapping[str, Any], codes: list[str]) -> list[tuple[str | None, str]]:
    """What is wrong with one text: ``(language, message)`` for each language that
    ``codes`` (the configured ones, default first) lacks, ``(None, message)`` when
    the default language, which every reader falls back to, is missing."""
    problems: list[tuple[str | None, str]] = [
        (code, f"language {code!r} is not configured in data/site.yaml (configured: {', '.join(codes)})")
        for code in text if code not in codes
    ]
    if codes[0] not in text:
        problems.append((None, f"the text has no {codes[0]!r} version to fall back to"))
    return problems
