"""The content contract as data: which fields each type has, and of what kind.

This is the one definition that both the build's validation and the JSON Schemas
for editors' tools come from. A field's ``kind`` says how its value is checked;
``ref`` names the ``data/`` collection an id must exist in.
"""

from __future__ import annotations

from dataclasses import dataclass, field as dc_field
from functools import lru_cache
from typing import Any

TYPES = ("offers", "trainings", "events", "donations", "pages")

ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
ISO_DATETIME = r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?)?$"
LANG_CODE = r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$"


@dataclass(frozen=True)
class Field:
    """One front-matter field of the contract."""

    name: str
    kind: str  # text, text_list, date, datetime, bool, int, id, id_list, enum,
    #            contact, rrule, date_list, form_or_url, form_or_false, lang_list
    required: bool = False
    translatable: bool = False
    ref: str | None = None  # data collection for id / id_list / form kinds
    choices: tuple[str, ...] = ()
    description: str = ""
    extra: dict[str, Any] = dc_field(default_factory=dict)


COMMON = (
    Field("title", "text", required=True, translatable=True, description="Title"),
    Field("summary", "text", translatable=True, description="One or two sentences for listings"),
    Field("areas", "id_list", ref="areas", description="Areas (taxonomies.yaml: areas)"),
    Field("district", "id", ref="districts", description="District (taxonomies.yaml: districts)"),
    Field("organisation", "id", ref="organisations", description="Organisation id (organisations.yaml)"),
    Field("place", "id", ref="places", description="Place id (places.yaml)"),
    Field("updated", "date", description="Date of the last check of the content"),
    Field("expires", "date", description="After this date the item leaves listings and search"),
    Field("draft", "bool", description="true: not published"),
    Field("minor_edit", "bool", description="true: this change is minor (a typo): translations stay current"),
)

BY_TYPE: dict[str, tuple[Field, ...]] = {
    "offers": (
        Field("organisation", "id", required=True, ref="organisations", description="Organisation id (organisations.yaml)"),
        Field("areas", "id_list", required=True, ref="areas", description="Areas (taxonomies.yaml: areas)"),
        Field("commitment", "enum", choices=("once", "regular", "flexible"), description="How often helpers are needed"),
        Field("schedule", "text", translatable=True, description='When, in words, e.g. "dienstags 16–18 Uhr"'),
        Field("languages", "lang_list", description="Language codes that help, e.g. [ar, uk]"),
        Field("requirements", "id_list", ref="requirements", description="Requirements (taxonomies.yaml)"),
        Field("contact", "contact", description="Contact person: name, email, phone"),
        Field("signup", "form_or_false", ref="forms", description="Form id; absent: the site's default form; false: none"),
        Field("status", "enum", choices=("open", "filled", "paused"), description="open, filled or paused"),
    ),
    "trainings": (
        Field("start", "datetime", required=True, description="Start: 2027-01-15 or 2027-01-15T18:00"),
        Field("end", "datetime", description="End, same form as start"),
        Field("audience", "id_list", ref="audiences", description="Audiences (taxonomies.yaml)"),
        Field("cost", "text", translatable=True, description="Cost in words"),
        Field("registration", "form_or_url", ref="forms", description="Form id or https URL"),
        Field("deadline", "date", description="Registration deadline"),
        Field("seats", "int", description="Number of seats", extra={"minimum": 0}),
    ),
    "events": (
        Field("start", "datetime", required=True, description="Start: 2027-01-15 or 2027-01-15T18:00"),
        Field("end", "datetime", description="End of the (first) occurrence"),
        Field("recurrence", "rrule", description="RFC 5545 RRULE, e.g. FREQ=WEEKLY;BYDAY=TU"),
        Field("until", "date", description="Last date of a recurring event"),
        Field("exdates", "date_list", description="Dates on which a recurring event does not take place"),
        Field("cost", "text", translatable=True, description="Cost in words"),
        Field("registration", "form_or_url", ref="forms", description="Form id or https URL"),
    ),
    "donations": (
        Field("kind", "enum", choices=("goods", "money", "time"), description="goods, money or time"),
        Field("needed", "text_list", translatable=True, description="What is needed"),
        Field("not_needed", "text_list", translatable=True, description="What is not needed"),
        Field("drop_off", "id", ref="places", description="Place id where to bring it"),
        Field("hours", "text", translatable=True, description="When to bring it, in words"),
        Field("urgent", "bool", description="true: shown first and on the home page"),
    ),
    "pages": (
        Field("nav", "int", description="Position in the main navigation", extra={"minimum": 0}),
        Field("signup", "id", ref="forms", description="Form id shown on this page"),
    ),
}


def fields_for(doc_type: str) -> dict[str, Field]:
    """All fields of a type, type-specific definitions overriding common ones."""
    fields = {f.name: f for f in COMMON}
    fields.update({f.name: f for f in BY_TYPE[doc_type]})
    return fields


def translatable_fields(doc_type: str) -> set[str]:
    return {name for name, f in fields_for(doc_type).items() if f.translatable}


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
def json_schema(doc_type: str, translation: bool = False) -> dict[str, Any]:
    """The JSON Schema of a type's front matter (of a translation's, if asked).

    Built once per type and shared: callers must not change it.
    """
    fields = fields_for(doc_type)
    if translation:
        fields = {n: f for n, f in fields.items() if f.translatable}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"{doc_type} ({'translation' if translation else 'source'})",
        "type": "object",
        "additionalProperties": False,
        "required": [n for n, f in fields.items() if f.required],
        "properties": {n: _json_schema_for_field(f) for n, f in fields.items()},
    }
