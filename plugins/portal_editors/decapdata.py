"""The CMS's collections of ``data/``: organisations, places, links, taxonomies and forms.

Widgets come from each file's JSON Schema (the one the build checks with), so a
field the contract adds appears in the CMS too. Two things in ``data/`` have no
Decap widget, and each collection's file format (``admin/portal-cms.js``, told
by ``admin/formats.json``) bridges them:

- a *text* is a string (the same in every language) or ``{de: …, en: …}``: the
  CMS always shows one box per language, so a string is read as the default
  language's text, which the site shows in every language the same way;
- an *id-keyed mapping* (``data/taxonomies.yaml``'s sections, a form field's
  ``options``) is shown as a list of ``{key, label}`` and written back as the
  mapping, in the list's order. That keeps ``taxonomies.yaml`` in its one shape:
  its top level is a mapping, which Decap edits as a file collection (Decap cannot
  edit a file whose top level is a list, decap-cms issue 531, hence the record
  folders of ``portal_content.records``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from portal_content import CHOICES, DATA_FILES, SiteData, tr
from portal_content.registry import FIELD_LABELS
from portal_forms import FORM_SCHEMA
from portal_forms.schema import FIELD_TYPES

from .cmswords import Words

#: The CMS's labels of the keys of data/ files, by key; a key path (``fields.*.name``) wins over its key.
DATA_LABELS = {
    "id": tr("Id (short name, also the file name)"), "name": tr("Name"), "kind": tr("Kind of organisation"),
    "address": tr("Address"), "street": tr("Street"), "postcode": tr("Postcode"), "city": tr("City"),
    "geo": tr("Map position [latitude, longitude]"), "website": tr("Website"), "email": tr("Email"),
    "phone": tr("Phone"), "description": tr("Description"), "accessibility": tr("Accessibility"),
    "opening_hours": tr("Opening hours"), "category": tr("Category"), "links": tr("Links"),
    "title": tr("Title"), "url": tr("Address (https://… or materials/…)"), "languages": tr("Languages"),
    "areas": tr("Areas"), "districts": tr("Districts"), "audiences": tr("Audiences"),
    "requirements": tr("Requirements"), "times": tr("Times"),
    "key": tr("Id (short name that content uses)"), "label": tr("Label"),
    "intro": tr("Introduction"), "submit": tr("Text of the send button"), "thanks": tr("Thanks after sending"),
    "backend": tr("Form back-end"), "endpoint": tr("Address the form is sent to"),
    "fields": tr("Fields of the form"), "type": tr("Field type"), "required": tr("Required"),
    "help": tr("Help text"), "placeholder": tr("Example in the empty box"), "options": tr("Options"),
    "min": tr("Smallest value"), "max": tr("Largest value"), "autocomplete": tr("Autofill (browser)"),
    "consent": tr("Consent"), "text": tr("Consent text"), "privacy_page": tr("Privacy page (its slug)"),
    "success_page": tr("Page after sending (its slug)"),
    "fields.*.name": tr("Field name (a–z, 0–9 and _; sent with the answer)"),
    "forms.id": tr("Id of a new form (the file name data/forms/<id>.yaml; not changed later)"),
    "links.id": tr("File name of a new category, e.g. 6 (categories are shown in the order of their file "
                   "names; not changed later)"),
    **{name: FIELD_LABELS[name] for name in ("image", "image_alt", "image_decorative")},
}
#: A picture is uploaded to content/images/ and written as its file name there (registry.IMAGE_FIELDS).
IMAGE_WIDGET = {"widget": "image", "choose_url": False, "media_folder": "/content/images", "public_folder": ""}
#: The folder collections of records (portal_content.records), their names and labels.
RECORD_COLLECTIONS = {"organisations": tr("Organisations"), "places": tr("Places"),
                      "links": tr("Links and materials")}
TAXONOMIES_LABEL = tr("Categories (areas, districts …)")
FORMS_LABEL = tr("Sign-up forms")
ID_PATTERN = [r"^[a-z0-9]+(-[a-z0-9]+)*$", tr("a–z, 0–9 and single hyphens, e.g. fa-musterstadt")]
MULTILINE = ("description", "accessibility", "opening_hours", "intro", "thanks", "text", "help")
NUMBER_OR_DATE = tr("a number (number fields) or a date like 2027-01-31 (date fields)")
#: Selects whose choices the schema names only in words.
SELECTS = {"type": FIELD_TYPES}


def is_text(schema: dict[str, Any]) -> bool:
    """A data/ text: a string, or one string per language."""
    return bool(schema.get("oneOf")) and schema["oneOf"][0].get("type") == "string"


def is_keyed(schema: dict[str, Any]) -> bool:
    """An id → value mapping (a taxonomy section, a form field's options)."""
    return (schema.get("type") == "object" and "properties" not in schema
            and isinstance(schema.get("additionalProperties"), dict))


@dataclass
class Shape:
    """Where a collection's files hold what Decap has no widget for, for its file format
    (``admin/formats.json``, read by ``admin/portal-cms.js``): key paths such as ``fields.*.options``."""

    texts: list[str] = field(default_factory=list)
    keyed: list[str] = field(default_factory=list)
    drop: list[str] = field(default_factory=list)  # CMS-only fields, not written
    numbers: list[str] = field(default_factory=list)  # a number or a date: typed in one box, "10" saved as 10

    def as_json(self, language: str) -> dict[str, Any]:
        return {"language": language, "texts": self.texts, "keyed": self.keyed, "drop": self.drop,
                "numbers": self.numbers}


def _label(path: str, name: str, words: Words) -> str:
    return words.tool(DATA_LABELS.get(path) or DATA_LABELS.get(name) or name.capitalize())


def data_field(name: str, schema: dict[str, Any], data: SiteData, words: Words, required: bool,
               path: str, shape: Shape) -> dict[str, Any]:
    """A widget for one key of a data/ file, from the file's JSON Schema; ``path`` is where it lies."""
    config: dict[str, Any] = {"name": name, "label": _label(path, name, words), "required": required}
    if is_text(schema):
        shape.texts.append(path)
        multiline = name in MULTILINE
        config.update(widget="object", fields=[
            {"name": code, "label": code, "widget": "text" if multiline else "string",
             "required": required and index == 0}
            for index, code in enumerate(data.codes)])
    elif name == "id":
        config.update(widget="string", pattern=[ID_PATTERN[0], words.tool(ID_PATTERN[1])])
    elif name == "image":
        config.update(IMAGE_WIDGET)
    elif name == "kind":
        config.update(widget="select", options=[{"label": words.label(c.label), "value": c.value}
                                                for c in CHOICES["organisation_kind"]])
    elif name in SELECTS or "enum" in schema:
        config.update(widget="select", options=list(SELECTS.get(name) or schema["enum"]))
    elif is_keyed(schema):
        shape.keyed.append(path)
        pattern = (schema.get("propertyNames") or {}).get("pattern", ID_PATTERN[0])
        config.update(widget="list", summary="{{fields.key}}", fields=[
            {"name": "key", "label": words.tool(DATA_LABELS["key"]), "widget": "string", "required": True,
             "pattern": [pattern, words.tool(ID_PATTERN[1])]},
            data_field("label", schema["additionalProperties"], data, words, True, f"{path}.*.label", shape)])
    elif schema.get("type") == "object":
        inner = schema.get("required", [])
        config.update(widget="object", fields=[
            data_field(key, value, data, words, key in inner, f"{path}.{key}", shape)
            for key, value in schema["properties"].items()])
    elif schema.get("type") == "boolean":
        config.update(widget="boolean")  # untouched, nothing is written
    elif schema.get("type") == "array" and schema.get("items", {}).get("type") == "number":
        config.update(widget="list", field={"name": "value", "label": "", "widget": "number",
                                            "value_type": "float"})
    elif schema.get("type") == "array" and schema.get("items", {}).get("type") == "object":
        items = schema["items"]
        config.update(widget="list", fields=[
            data_field(key, value, data, words, key in items.get("required", []), f"{path}.*.{key}", shape)
            for key, value in items["properties"].items()])
    elif schema.get("type") == "array":
        config.update(widget="list")
    elif any(option.get("type") == "number" for option in schema.get("oneOf", [])):
        shape.numbers.append(path)
        config.update(widget="string", hint=words.tool(NUMBER_OR_DATE))
    else:
        config.update(widget="string")
    return config


def file_name_field(collection: str, words: Words) -> dict[str, Any]:
    """What a new file of ``collection`` is called, where its records hold no id: asked for, not written."""
    return {"name": "id", "label": words.tool(DATA_LABELS[f"{collection}.id"]), "widget": "string",
            "required": False, "pattern": [ID_PATTERN[0], words.tool(ID_PATTERN[1])]}


def _fields(schema: dict[str, Any], data: SiteData, words: Words, shape: Shape, prefix: str = "") -> list[dict]:
    required = schema.get("required", [])
    return [data_field(key, value, data, words, key in required, f"{prefix}{key}", shape)
            for key, value in schema["properties"].items()]


@dataclass
class DataCollections:
    """The CMS collections of data/, and each one's file format (name → :class:`Shape` as JSON)."""

    collections: list[dict[str, Any]]
    formats: dict[str, dict[str, Any]]


def data_collections(data: SiteData, data_dir: str, words: Words = Words()) -> DataCollections:
    """A collection per editable part of data/ that the site has.

    Records (organisations, places, links) are editable once kept as a folder
    (``make migrate-data``); a list file is left out, since Decap cannot edit it.
    """
    found = DataCollections([], {})
    lang = data.default_lang

    def add(collection: dict[str, Any], shape: Shape) -> None:
        collection["format"] = f"portal-{collection['name']}"  # admin/portal-cms.js, admin/formats.json
        found.collections.append(collection)
        found.formats[collection["format"]] = shape.as_json(lang)

    for name, label in RECORD_COLLECTIONS.items():
        if not os.path.isdir(os.path.join(data_dir, name)):
            continue
        keyed = name != "links"
        shape = Shape(drop=[] if keyed else ["id"])
        named = [] if keyed else [file_name_field(name, words)]
        add({
            "name": f"data-{name}",
            "label": words.tool(label),
            "description": f"data/{name}/<{'id' if keyed else 'name'}>.yaml",
            "folder": f"data/{name}",
            "create": True,
            "extension": "yaml",
            "identifier_field": "id",
            "slug": "{{slug}}" if keyed else "{{fields.id}}",
            "summary": "{{name.%s}}" % lang if keyed else "{{category.%s}}" % lang,
            "editor": {"preview": False},
            "fields": named + _fields(DATA_FILES[f"{name}.yaml"]["items"], data, words, shape),
        }, shape)
    if os.path.isfile(os.path.join(data_dir, "taxonomies.yaml")):
        shape = Shape()
        label = words.tool(TAXONOMIES_LABEL)
        add({
            "name": "data-taxonomies",
            "label": label,
            "description": "data/taxonomies.yaml",
            "editor": {"preview": False},
            "files": [{"name": "taxonomies", "label": label, "file": "data/taxonomies.yaml",
                       "fields": _fields(DATA_FILES["taxonomies.yaml"], data, words, shape)}],
        }, shape)
    if os.path.isdir(os.path.join(data_dir, "forms")):
        shape = Shape(drop=["id"])
        add({
            "name": "data-forms",
            "label": words.tool(FORMS_LABEL),
            "description": "data/forms/<id>.yaml",
            "folder": "data/forms",
            "create": True,
            "extension": "yaml",
            "identifier_field": "id",
            "slug": "{{fields.id}}",
            "summary": "{{title.%s}}" % lang,
            "editor": {"preview": False},
            "fields": [file_name_field("forms", words), *_fields(FORM_SCHEMA, data, words, shape)],
        }, shape)
    return found
