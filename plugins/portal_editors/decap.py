"""The Decap CMS configuration, generated from the contract and the site's data.

Each content type becomes a folder collection over ``content/<type>/`` with
Decap's i18n structure ``multiple_files``, which reads and writes exactly the
portal's ``<slug>.<lang>.md`` files. Translatable fields (and the body) are
``i18n: true``; every other field exists only in the source file, as the
contract demands of translations.

Ids of organisations, places, taxonomies and forms become ``select`` widgets
whose options are the ids in ``data/``, shown by their names (in the default
language). Collections, fields, hints and coded values are labelled in the
editors' language (:class:`Words`). Organisations, places and links kept as one
file per record (``portal_content.records``) get folder collections of their own.
Decap's ``relation`` widget cannot be used: it reads a value path such as
``organisations.*.id`` inside a file collection's entry, and Decap 3.16's
``expandPath`` cannot address the top-level list that ``organisations.yaml``
and ``places.yaml`` are, nor the id-keyed mappings of ``taxonomies.yaml``.
The options are as fresh as the last build, which CI runs on every commit.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Any

from babel.support import NullTranslations

from portal_content import (
    CHOICES, ContentError, ContentType, SiteData, editors_language, line_at, site_text, tr,
)
from portal_content.messages import TRANSLATIONS, tools_translations
from portal_content.registry import FIELD_LABELS, SINGULAR_LABELS
from portal_i18n.catalogues import load_catalogue

#: Decap's UI languages (decap-cms 3.16.3); others fall back to English.
DECAP_LOCALES = {
    "bg", "ca", "cs", "da", "de", "en", "es", "fa", "fr", "gr", "he", "hr", "hu", "it", "ja", "ko",
    "lt", "mk", "nl", "pl", "pt", "ro", "ru", "sk", "sl", "sv", "th", "tr", "uk", "vi",
}
#: Decap's config schema: an i18n locale is 2–10 letters, hyphens or underscores.
DECAP_LOCALE_CODE = re.compile(r"^[a-zA-Z_-]{2,10}$")
DATE = {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD", "time_format": False}
DATETIME = {"widget": "datetime", "format": "YYYY-MM-DDTHH:mm", "date_format": "YYYY-MM-DD",
            "time_format": "HH:mm"}
CONTACT = [
    {"name": "name", "label": tr("Name"), "widget": "string", "required": False},
    {"name": "email", "label": tr("Email"), "widget": "string", "required": False,
     "pattern": [r"^[^@\s]+@[^@\s]+\.[^@\s]+$", tr("an email address")]},
    {"name": "phone", "label": tr("Phone"), "widget": "string", "required": False,
     "pattern": [r"^\+?[0-9 ()/-]{3,}$", tr("a phone number like +49 345 555 0100")]},
]
BODY_LABEL = FIELD_LABELS["body"]
#: Which key labels an entry of a data collection (taxonomy entries are texts themselves).
LABEL_KEYS = {"organisations": "name", "places": "name", "forms": "title"}


def _text(value: Any, lang: str) -> str:
    """A ``data/`` text in ``lang`` (a plain string is the same in every language)."""
    if isinstance(value, dict):
        return str(value.get(lang) or next(iter(value.values()), ""))
    return str(value or "")


@dataclass(frozen=True)
class Words:
    """How the CMS speaks: the editors' language, its tools' catalogue and the site's own."""

    lang: str = "en"
    tools: NullTranslations = NullTranslations()
    site: NullTranslations = NullTranslations()

    @classmethod
    def of(cls, data: SiteData) -> "Words":
        lang = editors_language(site=data.site)
        return cls(lang, tools_translations(lang), load_catalogue(TRANSLATIONS, lang))

    def tool(self, text: Any) -> str:
        """A label or help of the registry (tools' catalogue, or a site type's ``{de: …}``)."""
        return site_text(text, self.lang, self.tools.gettext)

    def label(self, msgid: Any) -> str:
        """A label readers see too (a type's name, a coded value): the site's catalogue."""
        return site_text(msgid, self.lang, self.site.gettext)


def id_options(data: SiteData, collection: str) -> list[dict[str, str]]:
    """``[{label, value}]`` for the ids of a data collection: the entries' names in the default
    language (as editors know them), the id where there is none."""
    label_key = LABEL_KEYS.get(collection)
    entries = data.collection(collection)
    lang = data.default_lang if entries else ""
    return [
        {"label": _text(entry.get(label_key) if label_key and isinstance(entry, dict) else entry, lang) or key,
         "value": key}
        for key, entry in entries.items()
    ]


def _enum_options(field: Any, words: Words) -> list[Any]:
    """An enum's choices; those readers see in words (CHOICES) labelled so."""
    labels = {choice.value: choice.label for choice in CHOICES.get(field.name, ())}
    if not labels:
        return list(field.choices)
    return [{"label": words.label(labels[value]) if value in labels else value, "value": value}
            for value in field.choices]


#: A picture is uploaded to content/images/ and written as its file name there (registry.IMAGE_FIELDS).
IMAGE_WIDGET = {"widget": "image", "choose_url": False, "media_folder": "/content/images", "public_folder": ""}


def _widget(field: Any, data: SiteData, words: Words) -> dict[str, Any]:
    """The Decap widget settings for one contract field."""
    kind = field.kind
    if kind in ("id", "id_list") and field.ref:
        options = id_options(data, field.ref)
        if options:
            return {"widget": "select", "options": options, "multiple": kind == "id_list"}
        return {"widget": "list"} if kind == "id_list" else {"widget": "string"}
    if kind == "form_or_false":
        options = id_options(data, "forms")
        return {"widget": "select", "options": options} if options else {"widget": "string"}
    simple: dict[str, dict[str, Any]] = {
        "text": {"widget": "text" if field.name == "summary" else "string"},
        "text_list": {"widget": "list", "field": {"name": "entry", "label": field.name, "widget": "string"}},
        "date": DATE,
        "datetime": DATETIME,
        "bool": {"widget": "boolean"},
        "int": {"widget": "number", "value_type": "int",
                **({"min": field.extra["minimum"]} if "minimum" in field.extra else {})},
        "enum": {"widget": "select", "options": _enum_options(field, words)},
        "contact": {"widget": "object", "fields": [
            {**part, "label": words.tool(part["label"]),
             **({"pattern": [part["pattern"][0], words.tool(part["pattern"][1])]} if "pattern" in part else {})}
            for part in CONTACT]},
        "rrule": {"widget": "string", "pattern": [r"^(RRULE:)?FREQ=", "an RRULE like FREQ=WEEKLY;BYDAY=TU"]},
        "date_list": {"widget": "list", "field": {"name": "date", "label": "Date", **DATE}},
        "form_or_url": {"widget": "string"},
        "lang_list": {"widget": "list"},
        "image": IMAGE_WIDGET,
    }
    return dict(simple[kind])


def field_config(field: Any, data: SiteData, words: Words = Words()) -> dict[str, Any]:
    """One field's widget, labelled and explained in the editors' language."""
    config: dict[str, Any] = {
        "name": field.name,
        "label": words.tool(field.label),
        **_widget(field, data, words),
        "required": field.required,
    }
    description = words.tool(field.help)
    hint = description if description.lower() != config["label"].lower() else ""
    if field.kind == "form_or_url" and data.forms:
        hint = f"{hint}: {', '.join(sorted(data.forms))}"
    if hint:
        config["hint"] = hint
    if field.translatable:
        config["i18n"] = True
    return config


def collection(content_type: ContentType, data: SiteData, words: Words = Words()) -> dict[str, Any]:
    """A folder collection over ``content/<type>/`` with one file per language."""
    doc_type = content_type.name
    plural = words.label(content_type.label)
    singular = words.tool(SINGULAR_LABELS.get(content_type.singular) or content_type.singular.capitalize())
    fields = sorted(content_type.all_fields.values(), key=lambda f: not f.required)
    return {
        "name": doc_type,
        "label": plural,
        "label_singular": singular,
        "description": f"content/{doc_type}/<slug>.<language>.md",
        "folder": f"content/{doc_type}",
        "create": True,
        "extension": "md",
        "format": "portal-frontmatter",  # admin/portal-cms.js
        "identifier_field": "title",
        "slug": "{{slug | lower}}",
        "summary": "{{title}}",
        "i18n": True,
        "editor": {"preview": True},  # admin/portal-cms.js: the item in the site's stylesheet
        "fields": [field_config(f, data, words) for f in fields]
        + [{"name": "body", "label": words.tool(BODY_LABEL), "widget": "markdown", "required": False,
            "i18n": True}],
    }


#: The CMS's labels of the fields of data/ records (organisations, places, links).
DATA_LABELS = {
    "id": tr("Id (short name, also the file name)"), "name": tr("Name"), "kind": tr("Kind of organisation"),
    "address": tr("Address"), "street": tr("Street"), "postcode": tr("Postcode"), "city": tr("City"),
    "geo": tr("Map position [latitude, longitude]"), "website": tr("Website"), "email": tr("Email"),
    "phone": tr("Phone"), "description": tr("Description"), "accessibility": tr("Accessibility"),
    "opening_hours": tr("Opening hours"), "category": tr("Category"), "links": tr("Links"),
    "title": tr("Title"), "url": tr("Address (https://… or materials/…)"), "languages": tr("Languages"),
    **{name: FIELD_LABELS[name] for name in ("image", "image_alt", "image_decorative")},
}
DATA_COLLECTIONS = {"organisations": tr("Organisations"), "places": tr("Places"), "links": tr("Links and materials")}
ID_PATTERN = [r"^[a-z0-9]+(-[a-z0-9]+)*$", tr("a–z, 0–9 and single hyphens, e.g. fa-musterstadt")]


def _data_field(name: str, schema: dict[str, Any], data: SiteData, words: Words, required: bool) -> dict[str, Any]:
    """A widget for one field of a data/ record, from the data file's JSON Schema."""
    config: dict[str, Any] = {"name": name, "label": words.tool(DATA_LABELS.get(name, name.capitalize())),
                              "required": required}
    if "oneOf" in schema:  # a text: the same in every language, or one per language
        multiline = name in ("description", "accessibility", "opening_hours")
        config.update(widget="object", fields=[
            {"name": code, "label": code, "widget": "text" if multiline else "string",
             "required": required and index == 0}
            for index, code in enumerate(data.codes)])
    elif name == "id":
        config.update(widget="string", pattern=[ID_PATTERN[0], words.tool(ID_PATTERN[1])])
    elif name == "image":
        config.update(IMAGE_WIDGET)
    elif schema.get("type") == "boolean":
        config.update(widget="boolean")
    elif name == "kind":
        config.update(widget="select", options=[{"label": words.label(c.label), "value": c.value}
                                                for c in CHOICES["organisation_kind"]])
    elif schema.get("type") == "object":
        inner = schema.get("required", [])
        config.update(widget="object", fields=[_data_field(key, value, data, words, key in inner)
                                               for key, value in schema["properties"].items()])
    elif schema.get("type") == "array" and schema.get("items", {}).get("type") == "number":
        config.update(widget="list", field={"name": "value", "label": "", "widget": "number",
                                            "value_type": "float"})
    elif schema.get("type") == "array" and schema.get("items", {}).get("type") == "object":
        items = schema["items"]
        config.update(widget="list", fields=[_data_field(key, value, data, words, key in items.get("required", []))
                                             for key, value in items["properties"].items()])
    elif schema.get("type") == "array":
        config.update(widget="list")
    else:
        config.update(widget="string")
    return config


def data_collections(data: SiteData, data_dir: str, words: Words = Words()) -> list[dict[str, Any]]:
    """A folder collection per data/ collection kept as one file per record (see portal_content.records).

    A collection still kept as a list file is left out: Decap cannot edit a list
    (decap-cms issue 531); ``make migrate-data`` turns it into a folder.
    """
    from portal_content import DATA_FILES

    found = []
    for name, label in DATA_COLLECTIONS.items():
        if not os.path.isdir(os.path.join(data_dir, name)):
            continue
        item = DATA_FILES[f"{name}.yaml"]["items"]
        keyed = name != "links"
        fields = [_data_field(key, value, data, words, key in item.get("required", []))
                  for key, value in item["properties"].items()]
        found.append({
            "name": f"data-{name}",
            "label": words.tool(label),
            "description": f"data/{name}/<{'id' if keyed else 'name'}>.yaml",
            "folder": f"data/{name}",
            "create": True,
            "extension": "yaml",
            "format": "portal-yaml",  # admin/portal-cms.js
            "identifier_field": "id" if keyed else "category",
            "slug": "{{slug}}",
            "summary": "{{name.%s}}" % data.default_lang if keyed else "{{category.%s}}" % data.default_lang,
            "editor": {"preview": False},
            "fields": fields,
        })
    return found


def decap_config(data: SiteData, siteurl: str = "", data_dir: str = "data") -> dict[str, Any]:
    """The whole ``admin/config.yml`` for the site's ``admin:`` settings in data/site.yaml."""
    admin = data.site.get("admin") or {}
    words = Words.of(data)
    backend = dict(admin.get("backend", {}))
    backend.setdefault("branch", "main")
    config: dict[str, Any] = {"backend": backend}
    for key in ("publish_mode", "local_backend"):
        if key in admin:
            config[key] = admin[key]
    config["locale"] = data.default_lang if data.default_lang in DECAP_LOCALES else "en"
    if siteurl.startswith(("https://", "http://")):
        config["site_url"] = config["display_url"] = siteurl
    config.update({
        "media_folder": "content/materials",
        "public_folder": "{static}/materials",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "i18n": {"structure": "multiple_files", "locales": data.codes, "default_locale": data.default_lang},
        "collections": [collection(content_type, data, words) for content_type in data.types.values()]
        + data_collections(data, data_dir, words),
    })
    return config


def check_admin(data: SiteData, documents: list[dict[str, Any]] | None = None, **_: Any) -> list[ContentError]:
    """``validate`` receiver: language codes Decap's i18n cannot take, when /admin/ is enabled."""
    admin = data.site.get("admin") or {}
    if not admin.get("enabled"):
        return []
    path = "data/site.yaml"
    return [
        ContentError(path, f"the CMS at /admin/ cannot edit the language {code!r}: Decap CMS takes only "
                     "codes of 2 to 10 letters, hyphens and underscores (change the code, or set "
                     "admin.enabled: false)",
                     line_at(data.site, ["languages", index, "code"]), "languages.code")
        for index, code in enumerate(data.codes) if not DECAP_LOCALE_CODE.match(code)
    ]
