"""Content errors that name file, line and field, so an editor can fix them."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Callable

from .messages import Gettext, translate


@dataclass(frozen=True)
class ContentError(Exception):
    """One problem in one file: where it is and what is wrong.

    ``message`` is English; a :class:`~.messages.Message` (``tr(…)``) also
    carries what :meth:`text` needs to say it in the editors' language.
    """

    path: str
    message: str
    line: int | None = None
    field: str | None = None

    def text(self, gettext: Gettext | None = None) -> str:
        """``file:line: field: message``, the message in the language of ``gettext``."""
        message = translate(self.message, gettext) if gettext else self.message
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        what = message if not self.field else f"{self.field}: {message}"
        return f"{where}: {what}"

    def __str__(self) -> str:
        return self.text()


class ContentErrors(Exception):
    """All problems a build found; raised once, after everything was checked."""

    def __init__(self, errors: list[ContentError]):
        self.errors = sorted(
            set(errors), key=lambda e: (e.path, e.line or 0, e.field or "", e.message)
        )
        super().__init__(self.report())

    def report(self, gettext: Gettext | None = None,
               ngettext: Callable[[str, str, int], str] | None = None) -> str:
        """One line per error and a count, in English or the language of ``gettext``."""
        lines = [e.text(gettext) for e in self.errors]
        count = len(self.errors)
        ngettext = ngettext or (lambda one, many, n: one if n == 1 else many)
        lines.append(ngettext("%(num)d error found; nothing was written.",
                            "%(num)d errors found; nothing was written.", count) % {"num": count})
        return "\n".join(lines)


class LoggedErrors(logging.Handler):
    """Collects the messages logged as errors while it is attached to a logger.

    Pelican logs some problems (a template error) instead of raising them; a build
    (tools/portal.py) and its rendering worker (portal_engine.parallel) fail on them.
    """

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())
