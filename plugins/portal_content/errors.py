"""Content errors that name file, line and field, so an editor can fix them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ContentError(Exception):
    """One problem in one file: where it is and what is wrong."""

    path: str
    message: str
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        what = self.message if not self.field else f"{self.field}: {self.message}"
        return f"{where}: {what}"


class ContentErrors(Exception):
    """All problems a build found; raised once, after everything was checked."""

    def __init__(self, errors: list[ContentError]):
        self.errors = sorted(
            set(errors), key=lambda e: (e.path, e.line or 0, e.field or "", e.message)
        )
        super().__init__(self.report())

    def report(self) -> str:
        lines = [str(e) for e in self.errors]
        count = len(self.errors)
        lines.append(f"{count} error{'s' if count != 1 else ''} found; nothing was written.")
        return "\n".join(lines)
