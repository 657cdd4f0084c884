"""``make new``: a new document with every field of its type, commented, ready to fill in.

The fields, their kinds and descriptions come from the site's content types
(portal_content's registry, with the site's ``data/types/``), so the scaffold
can never offer a field the build rejects.
A source (the default language) lists every field: required ones as empty
``key:`` lines the build insists on, optional ones commented out. A translation
lists only the translatable fields, each with the source's text beside it.
"""

from __future__ import annotations

import os
from typing import Any

import yaml
from babel import Locale

from portal_content import (
    MAX_DATA_ALIASES, SLUG, ContentError, ContentType, Registry, editors_language, load_types, load_yaml,
    read_text, site_text, tr,
)
from portal_content.messages import Gettext, tools_translations
from portal_content.placeholders import BODY, KIND_HINTS, TRANSLATION_BODY
from portal_content.records import plain_records

#: More ids than this are not listed in a comment; the comment names the file instead.
MAX_LISTED_IDS = 12
REF_FILES = {
    "organisations": "data/organisations.yaml",
    "places": "data/places.yaml",
    "forms": "data/forms/",
}


class ScaffoldError(Exception):
    """Why no file was written (an existing file, a bad slug, a missing source …);
    a second argument lists the content errors behind it, if any."""


def english_name(code: str, in_lang: str = "en") -> str:
    """``ar`` → ``Arabic`` (or ``Arabisch`` with ``in_lang="de"``), for comments and the report."""
    try:
        names = Locale.parse(in_lang.split("-")[0]).languages
    except (ValueError, TypeError, LookupError):
        names = Locale("en").languages
    return names.get(code.split("-")[0], code)


def _load(path: str) -> Any:
    """A data file for the hints, or None when it is missing or broken (make check says why)."""
    try:
        return load_yaml(read_text(path, os.path.relpath(path)), os.path.relpath(path), aliases=MAX_DATA_ALIASES)
    except (OSError, ContentError):
        return None


def known_ids(data_dir: str) -> dict[str, list[str]]:
    """Ids that id fields may name, by collection, as far as the data files can be read."""
    ids: dict[str, list[str]] = {}
    taxonomies = _load(os.path.join(data_dir, "taxonomies.yaml"))
    if isinstance(taxonomies, dict):
        for name, entries in taxonomies.items():
            if isinstance(entries, dict):
                ids[name] = list(entries)
    for name in ("organisations", "places"):
        ids[name] = [str(e["id"]) for e in plain_records(data_dir, name) if "id" in e]
    forms_dir = os.path.join(data_dir, "forms")
    if os.path.isdir(forms_dir):
        ids["forms"] = sorted(n[: -len(".yaml")] for n in os.listdir(forms_dir) if n.endswith(".yaml"))
    return ids


def languages(data_dir: str) -> list[str]:
    """The configured language codes, the default (source) language first."""
    site = _load(os.path.join(data_dir, "site.yaml"))
    codes = [entry.get("code") for entry in (site or {}).get("languages", []) if isinstance(entry, dict)]
    if not codes:
        raise ScaffoldError(tr("data/site.yaml lists no languages (run make check)"))
    return codes


def _hints(field: Any, ids: dict[str, list[str]], gettext: Gettext) -> list[str]:
    """What a value of ``field`` looks like (unless its description says so) and the ids it may name."""
    described = field.description.lower()
    hints = []
    if field.kind == "enum":
        if not all(choice in described for choice in field.choices):
            hints.append(tr("one of: %(choices)s", choices=", ".join(field.choices)).translated(gettext))
    elif field.kind in KIND_HINTS and "e.g." not in described and not any(c.isdigit() for c in described):
        hints.append(KIND_HINTS[field.kind].translated(gettext))
    if field.ref:
        names = ids.get(field.ref, [])
        where = REF_FILES.get(field.ref, f"data/taxonomies.yaml → {field.ref}")
        hints.append(tr("ids: %(ids)s", ids=", ".join(names)).translated(gettext)
                     if 0 < len(names) <= MAX_LISTED_IDS else tr("ids: see %(file)s", file=where).translated(gettext))
    return hints


def _comment(field: Any, ids: dict[str, list[str]], gettext: Gettext, lang: str,
             source_value: Any = None, source_lang: str = "") -> str:
    parts = [word.translated(gettext) for word, flag in ((tr("required"), field.required),
                                                         (tr("translatable"), field.translatable)) if flag]
    parts.append("; ".join([site_text(field.help, lang, gettext), *_hints(field, ids, gettext)]))
    if source_value not in (None, ""):
        shown = (yaml.safe_dump(list(source_value), default_flow_style=True, allow_unicode=True, width=10**6).strip()
                 if isinstance(source_value, list) else str(source_value))
        parts.append(f"{english_name(source_lang, lang)}: {shown}")
    return " · ".join(p for p in parts if p)


def _lines(entries: list[tuple[str, bool, str]]) -> list[str]:
    """``key:`` lines (commented out when optional) with aligned trailing comments."""
    width = max(len(name) for name, _, _ in entries) + 4
    lines = []
    for name, active, comment in entries:
        key = f"{name}:" if active else f"# {name}:"
        lines.append(f"{key:<{width}}# {comment}")
    return lines


def _front_matter(path: str) -> dict[str, Any]:
    """The source's front matter for the translator's comments ({} when unreadable)."""
    try:
        text = read_text(path, os.path.relpath(path))
    except (OSError, ContentError):
        return {}
    parts = text.split("\n---", 1)
    if not text.startswith("---") or len(parts) < 2:
        return {}
    try:
        meta = load_yaml(parts[0][3:], path)
    except ContentError:
        return {}
    return meta if isinstance(meta, dict) else {}


def site_types(site_dir: str, errors: list[ContentError] | None = None) -> Registry:
    """The site's content types: the built-in ones and those of its ``data/types/``."""
    return load_types(os.path.join(site_dir, "data"), [] if errors is None else errors)


def _comments(text: str) -> list[str]:
    """A translated paragraph as YAML comment lines (its line breaks kept)."""
    return [f"# {line}".rstrip() for line in text.splitlines()]


def source_text(content_type: ContentType, rel_path: str, ids: dict[str, list[str]],
                tools_lang: str = "en") -> str:
    """A new source document: every field, required ones to fill in, optional ones commented out."""
    gettext = tools_translations(tools_lang).gettext
    fields = content_type.all_fields
    head = ["---", *_comments(tr(
        "A new %(type)s: %(path)s\n"
        "Fill in every line marked \"required\". To use an optional field, delete the \"# \"\n"
        "at the start of its line and write the value after the colon; leave the others as\n"
        "they are. Check with: make check", type=content_type.singular, path=rel_path).translated(gettext))]
    ordered = sorted(fields.values(), key=lambda f: not f.required)
    entries = [(f.name, f.required, _comment(f, ids, gettext, tools_lang)) for f in ordered]
    tail = ["---", "", BODY.translated(gettext), ""]
    return "\n".join(head + _lines(entries) + tail)


def translation_text(content_type: ContentType, rel_path: str, source_rel: str, source_lang: str, lang: str,
                     source_meta: dict[str, Any], ids: dict[str, list[str]], tools_lang: str = "en") -> str:
    """A new translation: only the translatable fields, each with the source's text beside it."""
    gettext = tools_translations(tools_lang).gettext
    fields = [f for f in content_type.all_fields.values() if f.translatable]
    head = ["---", *_comments(tr(
        "%(language)s translation of %(source)s: %(path)s\n"
        "Translate each field below; beside it stands the %(source_language)s text. A translation\n"
        "has only these fields: everything else (dates, places, contact …) comes from the source.\n"
        "Fields the source does not have are commented out. Check with: make check",
        language=english_name(lang, tools_lang), source=source_rel, path=rel_path,
        source_language=english_name(source_lang, tools_lang)).translated(gettext))]
    entries = [
        (f.name, f.required or f.name in source_meta,
         _comment(f, ids, gettext, tools_lang, source_meta.get(f.name), source_lang))
        for f in sorted(fields, key=lambda f: not f.required)
    ]
    tail = ["---", "", tr(TRANSLATION_BODY, source=source_rel).translated(gettext), ""]
    return "\n".join(head + _lines(entries) + tail)


def new_document(site_dir: str, type_name: str, slug: str, lang: str | None = None) -> str:
    """Write ``content/<type>/<slug>.<lang>.md``; return its path relative to ``site_dir``.

    Raises ScaffoldError (and writes nothing) for an unknown type or language, a
    slug the reader would reject, an existing file, or a translation without source.
    """
    problems: list[ContentError] = []
    types = site_types(site_dir, problems)
    if problems:  # a skeleton from half-read types would hold the wrong fields
        raise ScaffoldError(tr("the site's content types (data/types/) have errors; nothing was written"),
                            problems)
    content_type = types.by_singular(type_name) or types.get(type_name)
    if content_type is None:
        raise ScaffoldError(tr("unknown TYPE %(type)r; one of: %(types)s", type=type_name,
                               types=", ".join(t.singular for t in types.values())))
    doc_type = content_type.name
    if not SLUG.match(slug or ""):
        raise ScaffoldError(tr("the SLUG %(slug)r may only hold a–z, 0–9 and single hyphens, e.g. fahrradwerkstatt",
                               slug=slug))
    if not content_type.section and slug in types.reserved_slugs:
        raise ScaffoldError(tr("the page slug %(slug)r is reserved for a section; choose another", slug=slug))
    data_dir = os.path.join(site_dir, "data")
    codes = languages(data_dir)
    lang = lang or codes[0]
    if lang not in codes:
        raise ScaffoldError(tr("the LANG %(lang)r is not configured in data/site.yaml (%(codes)s)",
                               lang=lang, codes=", ".join(codes)))
    rel = f"content/{doc_type}/{slug}.{lang}.md"
    source_rel = f"content/{doc_type}/{slug}.{codes[0]}.md"
    target = os.path.join(site_dir, rel)
    if os.path.exists(target):
        raise ScaffoldError(tr("%(path)s exists already; nothing was written", path=rel))
    ids = known_ids(data_dir)
    tools_lang = editors_language(data_dir)
    if lang == codes[0]:
        text = source_text(content_type, rel, ids, tools_lang)
    else:
        source = os.path.join(site_dir, source_rel)
        if not os.path.exists(source):
            raise ScaffoldError(tr("a translation needs its source: %(source)s does not exist "
                                   "(create it first: make new TYPE=%(type)s SLUG=%(slug)s)",
                                   source=source_rel, type=type_name, slug=slug))
        text = translation_text(content_type, rel, source_rel, codes[0], lang, _front_matter(source), ids,
                                tools_lang)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "x", encoding="utf-8") as handle:  # "x": never overwrite
        handle.write(text)
    return rel
