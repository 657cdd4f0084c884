"""JSON Schemas of the ``data/`` files (the one definition for build and editors)."""

from __future__ import annotations

from typing import Any

from .schema import LANG_CODE

ORGANISATION_KINDS = (
    "municipality",
    "agency",
    "aid-organisation",
    "shelter",
    "migration-counselling",
    "migrant-organisation",
    "religious-community",
    "employment-agency",
    "company",
    "university",
)
SECTIONS = ("offers", "trainings", "events", "donations", "links", "partners")

ID = {"type": "string", "pattern": r"^[a-z0-9]+(?:-[a-z0-9]+)*$"}
TEXT = {
    "description": "Text: the same in every language, or {de: …, en: …}",
    "oneOf": [
        {"type": "string", "minLength": 1},
        {
            "type": "object",
            "minProperties": 1,
            "additionalProperties": {"type": "string", "minLength": 1},
        },
    ],
}
ADDRESS = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "street": {"type": "string"},
        "postcode": {"type": "string"},
        "city": {"type": "string"},
    },
}
GEO = {
    "type": "array",
    "items": {"type": "number"},
    "minItems": 2,
    "maxItems": 2,
    "description": "[latitude, longitude]",
}
EMAIL = {"type": "string", "pattern": r"^[^@\s]+@[^@\s]+\.[^@\s]+$"}
PHONE = {"type": "string", "pattern": r"^\+?[0-9 ()/-]{3,}$"}
URL = {"type": "string", "minLength": 1}


def _obj(properties: dict[str, Any], required: tuple[str, ...] = (), closed: bool = True) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if closed:
        schema["additionalProperties"] = False
    if required:
        schema["required"] = list(required)
    return schema


SITE = _obj(
    {
        "name": TEXT,
        "tagline": TEXT,
        "contact": _obj(
            {"organisation": ID, "email": EMAIL, "phone": PHONE, "address": ADDRESS}
        ),
        "languages": {
            "type": "array",
            "minItems": 1,
            "items": _obj(
                {
                    "code": {"type": "string", "pattern": LANG_CODE},
                    "name": {"type": "string", "minLength": 1},
                    "direction": {"type": "string", "enum": ["ltr", "rtl"]},
                },
                required=("code", "name", "direction"),
            ),
        },
        "navigation": {"type": "array", "items": {"type": "string", "enum": list(SECTIONS)}},
        "default_form": ID,
        "forms": {"type": "object"},
        # Times in content are Europe/Berlin wall-clock times (DESIGN.md); stated here
        # for readers of the file, and checked so nobody expects another zone to work.
        "timezone": {"type": "string", "enum": ["Europe/Berlin"]},
        "admin": {"type": "object"},
    },
    required=("name", "languages"),
)

TAXONOMIES = _obj(
    {
        name: {"type": "object", "propertyNames": ID, "additionalProperties": TEXT}
        for name in ("areas", "districts", "audiences", "requirements")
    }
)

ORGANISATIONS = {
    "type": "array",
    "items": _obj(
        {
            "id": ID,
            "name": TEXT,
            "kind": {"type": "string", "enum": list(ORGANISATION_KINDS)},
            "address": ADDRESS,
            "geo": GEO,
            "website": URL,
            "email": EMAIL,
            "phone": PHONE,
            "description": TEXT,
        },
        required=("id", "name", "kind"),
    ),
}

PLACES = {
    "type": "array",
    "items": _obj(
        {
            "id": ID,
            "name": TEXT,
            "address": ADDRESS,
            "geo": GEO,
            "accessibility": TEXT,
            "opening_hours": TEXT,
            "description": TEXT,
        },
        required=("id", "name"),
    ),
}

LINKS = {
    "type": "array",
    "items": _obj(
        {
            "category": TEXT,
            "links": {
                "type": "array",
                "items": _obj(
                    {
                        "title": TEXT,
                        "url": URL,
                        "description": TEXT,
                        "languages": {"type": "array", "items": {"type": "string", "pattern": LANG_CODE}},
                    },
                    required=("title", "url"),
                ),
            },
        },
        required=("category", "links"),
    ),
}

DATA_FILES: dict[str, dict[str, Any]] = {
    "site.yaml": SITE,
    "taxonomies.yaml": TAXONOMIES,
    "organisations.yaml": ORGANISATIONS,
    "places.yaml": PLACES,
    "links.yaml": LINKS,
}
