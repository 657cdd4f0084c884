"""A site's own content types: one ``data/types/<name>.yaml`` per type.

A site that needs a sixth type (workshops, say) declares it in data, not in the
package: the file names the type (``workshops.yaml`` → ``content/workshops/``,
``/<lang>/workshops/``) and holds the same entry a built-in type has in
:mod:`.registry`: its singular, its label in the site's languages, its fields
with help texts, and the behaviours it takes part in. Its templates
(``<singular>.html``, ``<name>.html``, ``partials/cards/<name>.html``) go into
the site's ``templates/`` folder, which the theme's loader searches first.
"""

from __future__ import annotations

import os
from typing import Any

from .errors import ContentError
from .messages import tr
from .registry import (
    BUILT_IN, COMMON, FIELD_KINDS, FILTERABLE_KINDS, ID_COLLECTIONS, RESERVED_SLUGS, SORT_ORDERS, STRUCTURED_DATA,
    ContentType, Field, Filter, Registry,
)
from .schemacheck import line_at, schema_errors
from .yamlload import load_yaml, read_text

FOLDER = "types"
NAME = {"type": "string", "pattern": r"^[a-z]+(?:-[a-z]+)*$"}
TEXT = {
    "oneOf": [
        {"type": "string", "minLength": 1},
        {"type": "object", "minProperties": 1, "additionalProperties": {"type": "string", "minLength": 1}},
    ],
}
FLAG = {"type": "boolean"}
FIELD = {
    "type": "object",
    "additionalProperties": False,
    "required": ["name", "kind", "help"],
    "properties": {
        "name": {"type": "string", "pattern": r"^[a-z][a-z0-9_]*$"},
        "kind": {"type": "string", "enum": list(FIELD_KINDS)},
        "required": FLAG,
        "translatable": FLAG,
        "ref": {"type": "string", "enum": list(ID_COLLECTIONS)},
        "choices": {"type": "array", "items": NAME, "minItems": 1, "uniqueItems": True},
        "help": {**TEXT, "description": "What editors should write: a text, or {de: …, en: …}"},
        "minimum": {"type": "integer"},
    },
}
#: The JSON Schema of a ``data/types/<name>.yaml`` file.
TYPE_FILE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["singular", "label", "fields"],
    "properties": {
        "singular": {**NAME, "description": "One item: make new TYPE=<singular>, template <singular>.html"},
        "label": {**TEXT, "description": "What readers call the section, {de: …, en: …}"},
        "fields": {"type": "array", "items": FIELD},
        "section": {**FLAG, "description": "false: pages at /<lang>/<slug>/ and no listing"},
        "sort": {"type": "string", "enum": list(SORT_ORDERS)},
        "filters": {
            "type": "array", "uniqueItems": True,
            "description": "The fields readers filter the listing by: chips, a page per value, combined by the script",
            "items": {"type": "object", "additionalProperties": False, "required": ["field", "label"],
                      "properties": {"field": {"type": "string", "pattern": r"^[a-z][a-z_]*$"}, "label": TEXT}},
        },
        "calendar": FLAG,
        "archive": FLAG,
        "feed": FLAG,
        "structured_data": {"type": "string", "enum": list(STRUCTURED_DATA)},
        "checked": FLAG,
        "templates": {
            "type": "object", "additionalProperties": False,
            "properties": {key: {"type": "string", "minLength": 1} for key in ("detail", "listing", "archive", "card")},
        },
    },
}


def _content_type(name: str, entry: dict[str, Any], path: str) -> ContentType:
    fields = tuple(
        Field(f["name"], f["kind"], required=f.get("required", False),
              translatable=f.get("translatable", False), ref=f.get("ref"),
              choices=tuple(f.get("choices", ())), help=f["help"],
              extra={"minimum": f["minimum"]} if "minimum" in f else {})
        for f in entry["fields"]
    )
    options = {key: entry[key] for key in ("section", "sort", "calendar", "archive", "feed",
                                           "structured_data", "checked") if key in entry}
    kinds = {f.name: f.kind for f in (*COMMON, *fields)}
    type_filters = tuple(
        Filter(spec["field"].replace("_", "-"), spec["label"], spec["field"],
               how="flag" if kinds.get(spec["field"]) == "bool" else "values", value="yes")
        for spec in entry.get("filters", ()))
    return ContentType(name, entry["singular"], entry["label"], fields, filters=type_filters,
                       templates=dict(entry.get("templates", {})), origin=path, **options)


def _problems(name: str, entry: dict[str, Any], path: str, types: Registry) -> list[ContentError]:
    """What the schema cannot say: clashes with other types and URLs, kinds that need a ref or choices."""
    errors = []
    if name in types or name in RESERVED_SLUGS or name in ("links", "partners"):
        errors.append(ContentError(path, tr("the type name %(name)r is taken; rename the file", name=name), 1))
    if any(t.singular == entry["singular"] for t in types.values()):
        errors.append(ContentError(path, tr("the singular %(singular)r is taken by another type",
                                            singular=entry["singular"]),
                                   line_at(entry, ["singular"]), "singular"))
    for index, spec in enumerate(entry["fields"]):
        where = f"fields[{index}]"
        if spec["kind"] == "enum" and not spec.get("choices"):
            errors.append(ContentError(path, tr("an enum field needs choices: the values it may take"),
                                       line_at(entry, ["fields", index]), where))
        if spec["kind"] in ("id", "id_list") and not spec.get("ref"):
            errors.append(ContentError(path, tr("an id field needs ref: the data collection its ids are in"),
                                       line_at(entry, ["fields", index]), where))
    kinds = {f.name: f.kind for f in COMMON} | {f["name"]: f["kind"] for f in entry["fields"]}
    for index, spec in enumerate(entry.get("filters", ())):
        if kinds.get(spec["field"]) not in FILTERABLE_KINDS:
            errors.append(ContentError(path, tr("readers cannot filter by %(field)r: name a field of this type "
                                                "of kind %(kinds)s", field=spec["field"],
                                                kinds=", ".join(FILTERABLE_KINDS)),
                                       line_at(entry, ["filters", index, "field"]), f"filters[{index}].field"))
    dated = any(f["name"] == "start" and f["kind"] == "datetime" for f in entry["fields"])
    for key, value in (("calendar", True), ("archive", True), ("structured_data", "event"),
                       ("structured_data", "course")):
        if entry.get(key) == value and not dated:
            errors.append(ContentError(path, tr("a type with %(key)s: %(value)s needs a datetime field start",
                                                key=key, value=str(value).lower()),
                                       line_at(entry, [key]), key))
    return errors


def load_types(data_dir: str, errors: list[ContentError]) -> Registry:
    """The built-in types plus the site's ``data/types/*.yaml``; problems go into ``errors``."""
    folder = os.path.join(data_dir, FOLDER)
    if not os.path.isdir(folder):
        return BUILT_IN
    types = BUILT_IN
    for file_name in sorted(os.listdir(folder)):
        if not file_name.endswith(".yaml"):
            continue
        full = os.path.join(folder, file_name)
        path = os.path.relpath(full)
        name = file_name[: -len(".yaml")]
        try:
            entry = load_yaml(read_text(full, path), path)
        except ContentError as error:
            errors.append(error)
            continue
        found = schema_errors(entry, TYPE_FILE, path)
        found = found or _problems(name, entry, path, types)
        if found:
            errors.extend(found)
            continue
        types = types.plus((_content_type(name, entry, path),))
    return types
