"""The Decap CMS configuration, generated from the contract and the site's data.

Each content type becomes a folder collection over ``content/<type>/`` with
Decap's i18n structure ``multiple_files``, which reads and writes exactly the
portal's ``<slug>.<lang>.md`` files. Translatable fields (and the body) are
``i18n: true``; every other field exists only in the source file, as the
contract demands of translations.

Ids of organisations, places, taxonomies and forms become ``select`` widgets
whose options are the ids in ``data/``, shown by their names (in the default
language). Collections, fields, hints, coded values and Decap's own buttons
speak the editors' language (:class:`.cmswords.Words`), as the command-line tools
do. Organisations, places, links, taxonomies and forms get collections of their
own (:mod:`.decapdata`).
Decap's ``relation`` widget cannot be used: it reads a value path such as
``organisations.*.id`` inside a file collection's entry, and Decap 3.16's
``expandPath`` cannot address the top-level list that ``organisations.yaml``
and ``places.yaml`` are, nor the id-keyed mappings of ``taxonomies.yaml``.
The options are as fresh as the last build, which CI runs on every commit.
"""

from __future__ import annotations

import re
from typing import Any

from portal_content import CHOICES, ContentError, ContentType, SiteData, line_at, tr
from portal_content.registry import FIELD_LABELS, SINGULAR_LABELS

from .cmswords import Words
from .decapdata import IMAGE_WIDGET, DataCollections, data_collections
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


def decap_config(data: SiteData, siteurl: str = "", data_dir: str = "data",
                 records: DataCollections | None = None) -> dict[str, Any]:
    """The whole ``admin/config.yml`` for the site's ``admin:`` settings in data/site.yaml.

    ``records``: the collections of data/ (:func:`.decapdata.data_collections`) when made already.
    """
    admin = data.site.get("admin") or {}
    words = Words.of(data)
    records = records or data_collections(data, data_dir, words)
    backend = dict(admin.get("backend", {}))
    backend.setdefault("branch", "main")
    config: dict[str, Any] = {"backend": backend}
    for key in ("publish_mode", "local_backend"):
        if key in admin:
            config[key] = admin[key]
    config["locale"] = words.decap_locale
    if siteurl.startswith(("https://", "http://")):
        config["site_url"] = config["display_url"] = siteurl
    config.update({
        "media_folder": "content/materials",
        "public_folder": "{static}/materials",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "i18n": {"structure": "multiple_files", "locales": data.codes, "default_locale": data.default_lang},
        "collections": [collection(content_type, data, words) for content_type in data.types.values()]
        + records.collections,
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
