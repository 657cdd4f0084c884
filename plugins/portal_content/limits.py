"""How much work one editor's input may cause: sizes, nesting, dates, recurrence.

Content is untrusted, so every file and field has an upper bound that an
editor meets as an error naming file, line and field, found by ``make check``
before the build could hang, exhaust memory or fail. The defaults below are
generous for real content; ``data/site.yaml`` may change them under
``limits:`` (the README lists them). The YAML structure limits (nesting,
aliases) are fixed: they protect the parser itself and real content never
comes near them.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from .messages import tr

#: Collections inside collections a YAML file may nest (front matter needs 3).
MAX_NESTING = 32
#: Aliases (``*name``) a data file may use; front matter may use none.
MAX_DATA_ALIASES = 100
#: Values that a data file's aliases may add when expanded (``billion laughs``).
MAX_ALIAS_VALUES = 10_000
#: Characters no text may hold: control characters but tab and line feed (C1
#: too: U+0080–U+009F is what text pasted in the wrong encoding holds), lone
#: surrogates and the non-characters U+FFFE/U+FFFF. XML (Atom, sitemap),
#: iCalendar and HTML reject them, and UTF-8 cannot even encode a surrogate.
FORBIDDEN_CHARACTERS = "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]"


@dataclass(frozen=True)
class Limits:
    """The bounds of one build; ``data/site.yaml`` ``limits:`` overrides the defaults."""

    document_bytes: int = 1_000_000  # a content document: front matter and Markdown
    data_file_bytes: int = 5_000_000  # a file in data/
    title_chars: int = 300  # title and every name (organisations, places, links …)
    summary_chars: int = 1_000  # summary and every description in data/
    text_chars: int = 1_000  # every other text (schedule, cost, a list entry …)
    list_items: int = 200  # entries of a list in front matter (needed, exdates …)
    first_year: int = 2000  # dates before this year are refused
    last_year: int = 2099  # dates after this year are refused
    recurrence_count: int = 1_000  # COUNT of an RRULE
    recurrence_years: int = 10  # a rule's dates end at most this many years after its start
    image_bytes: int = 15_000_000  # a picture's file (content/images/, an image in content/materials/)
    image_pixels: int = 50_000_000  # a picture's width × height (an animation's: of all its frames)

    @classmethod
    def from_site(cls, site: Any) -> "Limits":
        """The limits of ``site.yaml`` (checked by its schema), defaults for the rest."""
        given = (site or {}).get("limits") or {}
        return cls(**{f.name: given[f.name] for f in fields(cls) if f.name in given})

    def date_problem(self, day: date) -> str | None:
        """Why a date is outside the years the site accepts, or None."""
        if not self.first_year <= day.year <= self.last_year:
            return tr("the year %(year)d is outside %(first)d–%(last)d (site.yaml limits: first_year, last_year)",
                      year=day.year, first=self.first_year, last=self.last_year)
        return None


def limits_schema() -> dict[str, Any]:
    """The JSON Schema of ``site.yaml`` ``limits:``, one positive integer per limit."""
    return {
        "type": "object",
        "additionalProperties": False,
        "description": "Upper bounds of what editors may write (see the README: Limits)",
        "properties": {f.name: {"type": "integer", "minimum": 1, "description": f"default {f.default}"}
                       for f in fields(Limits)},
    }
