"""Run a JSON Schema over YAML read with line numbers; phrase errors for editors."""

from __future__ import annotations

import difflib
from typing import Any, Iterable

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from .errors import ContentError
from .messages import tr
from .schema import ISO_DATE, ISO_DATETIME, LANG_CODE

PATTERN_WORDS = {
    ISO_DATE: tr("must be a date like 2026-12-01"),
    ISO_DATETIME: tr("must be a date like 2026-12-01 or a date and time like 2026-12-01T16:00"),
    LANG_CODE: tr("must be a language code like de, ar or uk"),
}
#: "must be …, not …": one message per wanted type, so that each language can say it whole.
TYPE_WORDS = {
    "string": tr("must be text, not %(value)s"),
    "array": tr("must be a list like [first, second], not %(value)s"),
    "object": tr("must be key: value pairs, not %(value)s"),
    "boolean": tr("must be true or false, not %(value)s"),
    "integer": tr("must be a whole number, not %(value)s"),
    "number": tr("must be a number, not %(value)s"),
}


def line_at(instance: Any, path: Iterable[Any]) -> int | None:
    """The line of the value at ``path`` inside YAML loaded by yamlload."""
    line = getattr(instance, "line", None)
    node = instance
    for step in path:
        if isinstance(node, dict):
            line = node.lines.get(step, line) if hasattr(node, "lines") else line
            node = node.get(step)
        elif isinstance(node, list) and isinstance(step, int) and step < len(node):
            lines = getattr(node, "lines", [])
            line = lines[step] if step < len(lines) else line
            node = node[step]
        else:
            break
    return line


def field_name(path: Iterable[Any]) -> str | None:
    parts = [f"[{p}]" if isinstance(p, int) else str(p) for p in path]
    return ".".join(parts).replace(".[", "[") or None


def suggest(word: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(known), n=1)
    return tr(" (did you mean %(word)r?)", word=close[0]) if close else ""


_VALIDATORS: dict[int, tuple[dict[str, Any], Draft202012Validator]] = {}


def _validator(schema: dict[str, Any]) -> Draft202012Validator:
    """One validator per schema object (schemas are module constants or cached)."""
    entry = _VALIDATORS.get(id(schema))
    if entry is None or entry[0] is not schema:
        entry = _VALIDATORS[id(schema)] = (schema, Draft202012Validator(schema))
    return entry[1]


def _describe(error: ValidationError) -> str:
    value = error.instance
    if error.validator == "pattern":
        return PATTERN_WORDS.get(error.validator_value,
                                 tr("%(value)r does not have the expected form", value=value))
    if error.validator == "enum":
        return tr("%(value)r is not one of: %(choices)s", value=value,
                  choices=", ".join(map(str, error.validator_value)))
    if error.validator == "type" and value is None:
        return tr("is empty: write the value after the colon")
    if error.validator == "type":
        wanted = error.validator_value
        wanted = [wanted] if isinstance(wanted, str) else wanted
        shown = repr(value)
        if len(wanted) == 1 and wanted[0] in TYPE_WORDS:
            return tr(TYPE_WORDS[wanted[0]], value=shown)
        return tr("must be %(wanted)s, not %(value)s", wanted=" | ".join(wanted), value=shown)
    if error.validator == "minLength":
        return tr("must not be empty")
    if error.validator == "uniqueItems":
        return tr("lists the same value twice")
    if error.validator == "oneOf":
        return tr("%(value)r is not allowed here", value=value)
    if error.validator == "minimum":
        return tr("must be at least %(limit)s", limit=error.validator_value)
    if error.validator == "maximum":
        return tr("must be at most %(limit)s", limit=error.validator_value)
    if error.validator == "minItems":
        return tr("must list at least %(limit)s entries", limit=error.validator_value)
    if error.validator == "maxItems":
        return tr("may list at most %(limit)s entries", limit=error.validator_value)
    return error.message


def schema_errors(
    instance: Any, schema: dict[str, Any], path: str, prefix: tuple = (), not_here: str = ""
) -> list[ContentError]:
    """Every schema violation in ``instance`` as a ContentError with line and field.

    ``not_here`` is added to the message for fields a schema does not allow.
    """
    found: list[ContentError] = []
    for error in _validator(schema).iter_errors(instance):
        where = list(prefix) + list(error.absolute_path)
        if error.validator == "additionalProperties":
            known = error.schema.get("properties", {})
            for key in error.instance:
                if key not in known:
                    found.append(
                        ContentError(
                            path,
                            tr("unknown field%(hint)s%(not_here)s", hint=suggest(key, known), not_here=not_here),
                            line_at(instance, list(error.absolute_path) + [key]),
                            field_name(where + [key]),
                        )
                    )
        elif error.validator == "required":
            for key in error.validator_value:
                if key not in error.instance:
                    found.append(
                        ContentError(
                            path,
                            tr("missing required field"),
                            line_at(instance, error.absolute_path),
                            field_name(where + [key]),
                        )
                    )
        else:
            found.append(
                ContentError(
                    path, _describe(error), line_at(instance, error.absolute_path), field_name(where)
                )
            )
    return found
