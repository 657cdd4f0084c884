"""JSON Schemas of the content types' front matter, from the registry's field kinds.

This is the one translation of a :class:`~.registry.Field` into JSON Schema: the
build's validation and the schemas for editors' tools (``make schemas``) both
use it. A field's ``kind`` says how its value is checked; ``ref`` names the
``data/`` collection an id must exist in.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from .registry import BUILT_IN, ContentType, Field, Registry

ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
ISO_DATETIME = r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?)?$"
LANG_CODE = r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$"
#: A picture's file, relative to content/images/ (portal_images checks that it is there and an image).
IMAGE_FILE = {"type": "string", "minLength": 1}
def fields_for(doc_type: str, types: Registry = BUILT_IN) -> dict[str, Field]:
    """All fields of a type, type-specific definitions overriding common ones (a shorthand for tests)."""
    return types[doc_type].all_fields


def translatable_fields(doc_type: str, types: Registry = BUILT_IN) -> set[str]:
    return types[doc_type].translatable


def _json_schema_for_field(f: Field) -> dict[str, Any]:
    text = {"type": "string", "minLength": 1}
    date = {"type": "string", "pattern": ISO_DATE}
    kinds: dict[str, dict[str, Any]] = {
        "text": text,
        "text_list": {"type": "array", "items": text},
        "date": date,
        "datetime": {"type": "string", "pattern": ISO_DATETIME},
        "bool": {"type": "boolean"},
        "int": {"type": "integer"},
        "id": {"type": "string", "minLength": 1},
        "id_list": {"type": "array", "items": {"type": "string"}, "uniqueItems": True},
        "enum": {"type": "string", "enum": list(f.choices)},
        "contact": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "name": text,
                "email": {"type": "string", "pattern": r"^[^@\s]+@[^@\s]+\.[^@\s]+$"},
                "phone": {"type": "string", "pattern": r"^\+?[0-9 ()/-]{3,}$"},
            },
        },
        "rrule": {"type": "string", "pattern": r"^(RRULE:)?FREQ="},
        "date_list": {"type": "array", "items": date},
        "form_or_url": {"type": "string", "minLength": 1},
        "form_or_false": {"oneOf": [{"type": "string", "minLength": 1}, {"const": False}]},
        "lang_list": {"type": "array", "items": {"type": "string", "pattern": LANG_CODE}},
        "image": IMAGE_FILE,
    }
    schema = dict(kinds[f.kind])
    schema.update(f.extra)
    if f.description:
        schema["description"] = f.description
    if f.translatable:
        schema["x-translatable"] = True
    if f.ref:
        schema["x-ref"] = f.ref
    return schema


@lru_cache(maxsize=None)
def type_schema(content_type: ContentType, translation: bool = False) -> dict[str, Any]:
    """The JSON Schema of a type's front matter (of a translation's, if asked).

    Built once per type and shared: callers must not change it.
    """
    fields = content_type.all_fields
    if translation:
        fields = {n: f for n, f in fields.items() if f.translatable}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"{content_type.name} ({'translation' if translation else 'source'})",
        "type": "object",
        "additionalProperties": False,
        "required": [n for n, f in fields.items() if f.required],
        "properties": {n: _json_schema_for_field(f) for n, f in fields.items()},
    }
