"""The form definition contract as JSON Schemas, plus the words they use.

``data/forms/<id>.yaml`` is checked against :data:`FORM` and the ``forms:``
block of ``data/site.yaml`` against :data:`SITE_FORMS`; checks a schema cannot
express (an unknown field type with a suggestion, duplicate names, options on
the right types, pages that exist) live in :mod:`.validate`.
"""

from __future__ import annotations

from typing import Any

FIELD_TYPES = ("text", "email", "tel", "number", "date", "textarea", "select", "radio", "checkboxes")
CHOICE_TYPES = ("select", "radio", "checkboxes")
GROUP_TYPES = ("radio", "checkboxes")  # rendered as a fieldset with a legend
RANGE_TYPES = ("number", "date")  # min and max apply
PLACEHOLDER_TYPES = ("text", "email", "tel", "number", "textarea")
BACKENDS = ("generic", "netlify", "email")

#: Names the rendered form uses itself (hidden fields, consent): not for editors' fields.
RESERVED_NAMES = ("consent", "language", "offer", "offer_title")

#: The HTML autofill tokens an editor may name (WHATWG "autofill field names").
AUTOCOMPLETE_TOKENS = (
    "off", "on", "name", "honorific-prefix", "given-name", "additional-name", "family-name",
    "honorific-suffix", "nickname", "organization-title", "organization", "street-address",
    "address-line1", "address-line2", "address-line3", "address-level1", "address-level2",
    "address-level3", "address-level4", "country", "country-name", "postal-code", "bday",
    "bday-day", "bday-month", "bday-year", "sex", "language", "email", "tel", "tel-national", "url",
)

ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
ID = {"type": "string", "pattern": r"^[a-z0-9]+(?:-[a-z0-9]+)*$"}
TEXT = {
    "description": "Text: the same in every language, or {de: …, en: …}",
    "oneOf": [
        {"type": "string", "minLength": 1},
        {"type": "object", "minProperties": 1, "additionalProperties": {"type": "string", "minLength": 1}},
    ],
}
EMAIL = {"type": "string", "pattern": r"^[^@\s]+@[^@\s]+\.[^@\s]+$"}
LIMIT = {"oneOf": [{"type": "number"}, {"type": "string", "pattern": ISO_DATE}],
         "description": "A number (number fields) or a date like 2027-01-31 (date fields)"}

FIELD = {
    "type": "object",
    "additionalProperties": False,
    "required": ["name", "type", "label"],
    "properties": {
        "name": {"type": "string", "pattern": r"^[a-z][a-z0-9_]*$",
                 "description": "Sent as the field's name: a–z, 0–9 and _"},
        "type": {"type": "string", "description": ", ".join(FIELD_TYPES)},
        "label": TEXT,
        "required": {"type": "boolean"},
        "help": TEXT,
        "placeholder": TEXT,
        "options": {"type": "object", "propertyNames": {"pattern": r"^[a-z0-9][a-z0-9_-]*$"},
                    "additionalProperties": TEXT, "description": "value → label"},
        "min": LIMIT,
        "max": LIMIT,
        "autocomplete": {"type": "string", "enum": list(AUTOCOMPLETE_TOKENS)},
    },
}

FORM: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Sign-up form (data/forms/<id>.yaml)",
    "type": "object",
    "additionalProperties": False,
    "required": ["title", "fields", "consent", "success_page"],
    "properties": {
        "title": TEXT,
        "intro": TEXT,
        "submit": TEXT,
        "thanks": TEXT,
        "backend": {"type": "string", "enum": list(BACKENDS)},
        "endpoint": {"type": "string", "minLength": 1},
        "email": EMAIL,
        "fields": {"type": "array", "minItems": 1, "items": FIELD},
        "consent": {
            "type": "object",
            "additionalProperties": False,
            "required": ["text", "privacy_page"],
            "properties": {"text": TEXT, "privacy_page": ID},
        },
        "success_page": ID,
    },
}

SITE_FORMS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "backend": {"type": "string", "enum": list(BACKENDS)},
        "endpoint": {"type": "string", "minLength": 1},
        "email": EMAIL,
        "redirect_field": {"type": "string", "pattern": r"^[A-Za-z_][A-Za-z0-9_-]*$"},
        "honeypot_field": {"type": "string", "pattern": r"^[A-Za-z_][A-Za-z0-9_-]*$"},
    },
}
