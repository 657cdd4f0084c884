"""What changed in a text, word by word, for translators (difflib on words).

The report shows, for each outdated translation, how the source changed since
the translation was last brought up to date. Words are compared, not lines, so
a changed comma in a long paragraph shows as one word; long unchanged stretches
are shortened to a few words around each change. The pieces are plain text:
the HTML report escapes them (the text is an editor's, hence untrusted).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

#: Unchanged words kept on each side of a change.
CONTEXT = 6
#: Changed words shown at most; a larger change is cut off with a note.
LIMIT = 400


@dataclass(frozen=True)
class Piece:
    """A run of words: ``same``, ``del`` (only in the old text), ``ins`` (only in the new) or ``gap``."""

    kind: str
    text: str


def _words(text: str) -> list[str]:
    return re.findall(r"\S+", text)


def word_diff(old: str, new: str, context: int = CONTEXT, limit: int = LIMIT) -> list[Piece]:
    """The changes from ``old`` to ``new`` with ``context`` unchanged words around each."""
    before, after = _words(old), _words(new)
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    opcodes = matcher.get_opcodes()
    pieces: list[Piece] = []
    shown = 0
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            words = before[i1:i2]
            head = words[:context] if index > 0 else []
            tail = words[-context:] if index < len(opcodes) - 1 else []
            if len(words) <= len(head) + len(tail):
                pieces.append(Piece("same", " ".join(words)))
                continue
            if head:
                pieces.append(Piece("same", " ".join(head)))
            pieces.append(Piece("gap", "…"))
            if tail:
                pieces.append(Piece("same", " ".join(tail)))
            continue
        if shown >= limit:
            pieces.append(Piece("gap", "… (more changes)"))
            break
        if tag in ("delete", "replace"):
            pieces.append(Piece("del", " ".join(before[i1:i2][: limit - shown])))
        if tag in ("insert", "replace"):
            pieces.append(Piece("ins", " ".join(after[j1:j2][: limit - shown])))
        shown += max(i2 - i1, j2 - j1)
    return pieces


def as_text(pieces: list[Piece]) -> str:
    """One line in the notation of ``git diff --word-diff``: ``[-old-]{+new+}``."""
    marks = {"same": "{}", "gap": "{}", "del": "[-{}-]", "ins": "{{+{}+}}"}
    line = " ".join(marks[p.kind].format(p.text) for p in pieces)
    return re.sub(r"[\x00-\x1f\x7f]", "\ufffd", line)  # no terminal escapes from a text
