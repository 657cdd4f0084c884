"""Loads and checks the reference data in ``data/``."""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field
from typing import Any

from babel import Locale, UnknownLocaleError

from .data_schema import data_files
from .errors import ContentError
from .files import contained_files, escapes
from .limits import MAX_DATA_ALIASES, Limits
from .registry import BUILT_IN, TAXONOMY_NAMES, Registry
from .schemacheck import field_name, line_at, schema_errors, suggest
from .sitetypes import load_types
from .textcheck import text_problems
from .texts import language_problems
from .urls import scheme_problem
from .yamlload import LinedDict, load_yaml, read_text

TEXT_KEY = re.compile(r"^[a-z]{2,3}(?:-x-[a-z0-9]+)?$")


#: Formatting locales of languages whose site.yaml entry sets no ``locale``: a
#: portal in Germany writes English dates the British way ("1 December 2026").
DEFAULT_LOCALES = {"en": "en_GB"}


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    direction: str
    locale: str | None = None  # site.yaml's ``locale`` (e.g. ``en-GB``): how dates are written

    @property
    def babel_locale(self) -> str:
        """The locale Babel formats dates and numbers with: the configured ``locale``,
        else the code's (``en`` formats as ``en_GB``, ``de-x-simple`` as ``de``)."""
        code = self.locale or self.code.split("-x-")[0]
        return DEFAULT_LOCALES.get(code, code).replace("-", "_")


@dataclass
class SiteData:
    """Everything in ``data/``, checked; ids resolve through the ``*_by_id`` maps."""

    site: dict[str, Any]
    languages: list[Language]
    taxonomies: dict[str, dict[str, Any]]
    organisations: dict[str, dict[str, Any]]
    places: dict[str, dict[str, Any]]
    links: list[dict[str, Any]]
    forms: dict[str, dict[str, Any]] = field(default_factory=dict)
    form_paths: dict[str, str] = field(default_factory=dict)
    unreadable: set[str] = field(default_factory=set)  # collections whose file has errors
    types: Registry = BUILT_IN  # the content types: built-in and the site's data/types/
    limits: Limits = field(default_factory=Limits)

    @property
    def default_lang(self) -> str:
        return self.languages[0].code

    @property
    def codes(self) -> list[str]:
        return [language.code for language in self.languages]

    def language(self, code: str) -> Language:
        return next(language for language in self.languages if language.code == code)

    def collection(self, name: str) -> dict[str, Any]:
        """The ids an id field may name: ``organisations``, ``areas``, ``forms`` …"""
        if name in TAXONOMY_NAMES:
            return self.taxonomies.get(name, {})
        return {"organisations": self.organisations, "places": self.places, "forms": self.forms}[name]


def _read(full: str, path: str, limits: Limits, errors: list[ContentError]) -> Any:
    """A data file's YAML (its texts checked); None (and errors) when unreadable."""
    try:
        value = load_yaml(read_text(full, path, limits.data_file_bytes), path, aliases=MAX_DATA_ALIASES)
    except ContentError as error:
        errors.append(error)
        return None

    def report(where: list[Any], message: str) -> None:
        errors.append(ContentError(path, message, line_at(value, where), field_name(where)))

    text_problems(value, limits, report)
    return value


def _load(data_dir: str, name: str, errors: list[ContentError], limits: Limits,
          schemas: dict[str, Any]) -> Any:
    full = os.path.join(data_dir, name)
    path = os.path.relpath(full)
    if not os.path.exists(full):
        return None
    value = _read(full, path, limits, errors)
    if value is None:
        return None
    schema = schemas.get(name)
    if schema is not None:
        problems = schema_errors(value, schema, path)
        errors.extend(problems)
        if problems:
            return None
    return value


def _check_texts(value: Any, path: str, codes: list[str], errors: list[ContentError], where: tuple = ()) -> None:
    """Every ``{de: …, en: …}`` text names configured languages and the default one."""
    if isinstance(value, dict):
        if value and all(isinstance(k, str) and TEXT_KEY.match(k) for k in value) and all(
            isinstance(v, str) for v in value.values()
        ):
            for key, message in language_problems(value, codes):
                steps = where if key is None else where + (key,)
                line = getattr(value, "line", None) if key is None else line_at(value, [key])
                errors.append(ContentError(path, message, line, ".".join(map(str, steps)) or None))
            return
        for key, child in value.items():
            _check_texts(child, path, codes, errors, where + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            _check_texts(child, path, codes, errors, where + (index,))


def _by_id(items: list[dict[str, Any]] | None, path: str, errors: list[ContentError]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for item in items or []:
        if item["id"] in result:
            errors.append(ContentError(path, f"the id {item['id']!r} is used twice", line_at(item, ["id"]), "id"))
        result[item["id"]] = item
    return result


def _check_url(url: str, path: str, line: int | None, field_name: str, content_dir: str,
               errors: list[ContentError]) -> None:
    problem = scheme_problem(url)
    if problem:
        errors.append(ContentError(path, problem, line, field_name))
    elif url.startswith("materials/") and escapes(url, "materials"):
        errors.append(ContentError(path, f"{url!r} leads out of content/materials/", line, field_name))
    elif url.startswith("materials/") and not os.path.isfile(os.path.join(content_dir, url)):
        errors.append(
            ContentError(path, f"the file content/{url} does not exist", line, field_name)
        )


def load_site_data(data_dir: str, content_dir: str) -> tuple[SiteData | None, list[ContentError]]:
    """Read every file in ``data/``; return the data and all problems found."""
    errors: list[ContentError] = []
    for link, problem in contained_files(data_dir):
        errors.append(ContentError(os.path.relpath(link), problem))
    types = load_types(data_dir, errors)
    schemas = data_files(types)
    site = _load(data_dir, "site.yaml", errors, Limits(), schemas)
    if site is None:
        if not os.path.exists(os.path.join(data_dir, "site.yaml")):
            errors.append(ContentError(os.path.relpath(os.path.join(data_dir, "site.yaml")),
                                       "the site settings file is missing"))
        return None, errors
    site_path = os.path.relpath(os.path.join(data_dir, "site.yaml"))
    limits = Limits.from_site(site)
    if limits.first_year > limits.last_year:
        errors.append(ContentError(site_path, "first_year is after last_year",
                                   line_at(site, ["limits", "first_year"]), "limits.first_year"))
    languages = [Language(l["code"], l["name"], l["direction"], l.get("locale")) for l in site["languages"]]
    codes = [language.code for language in languages]
    for index, language in enumerate(languages):
        if codes.count(language.code) > 1:
            errors.append(ContentError(site_path, f"the language {language.code!r} is listed twice",
                                       line_at(site, ["languages", index]), "languages"))
        try:
            Locale.parse(language.babel_locale)
        except (UnknownLocaleError, ValueError):
            key = "locale" if language.locale else "code"
            errors.append(ContentError(site_path, f"no locale data for {getattr(language, key)!r}",
                                       line_at(site, ["languages", index, key]), f"languages.{key}"))

    unreadable: set[str] = set()

    def load_or_mark(name: str, collections: tuple[str, ...], empty: Any) -> Any:
        before = len(errors)
        value = _load(data_dir, name, errors, limits, schemas)
        if len(errors) > before:
            unreadable.update(collections)
        return value if value is not None else empty

    taxonomies = load_or_mark("taxonomies.yaml", TAXONOMY_NAMES, LinedDict())
    organisations_list = load_or_mark("organisations.yaml", ("organisations",), [])
    places_list = load_or_mark("places.yaml", ("places",), [])
    links = load_or_mark("links.yaml", (), [])

    for name, value in (("site.yaml", site), ("taxonomies.yaml", taxonomies),
                        ("organisations.yaml", organisations_list), ("places.yaml", places_list),
                        ("links.yaml", links)):
        _check_texts(value, os.path.relpath(os.path.join(data_dir, name)), codes, errors)

    org_path = os.path.relpath(os.path.join(data_dir, "organisations.yaml"))
    organisations = _by_id(organisations_list, org_path, errors)
    places = _by_id(places_list, os.path.relpath(os.path.join(data_dir, "places.yaml")), errors)
    for name, records in (("organisations.yaml", organisations_list), ("places.yaml", places_list)):
        for index, record in enumerate(records):
            _check_geo(record, os.path.relpath(os.path.join(data_dir, name)), index, errors)
    for org in organisations_list:
        if "website" in org:
            _check_url(org["website"], org_path, line_at(org, ["website"]), "website", content_dir, errors)

    links_path = os.path.relpath(os.path.join(data_dir, "links.yaml"))
    for c_index, category in enumerate(links):
        for l_index, link in enumerate(category["links"]):
            line = line_at(links, [c_index, "links", l_index, "url"])
            _check_url(link["url"], links_path, line, f"[{c_index}].links[{l_index}].url", content_dir, errors)
            for code in link.get("languages", []):
                _check_language_code(code, links_path, line_at(links, [c_index, "links", l_index, "languages"]),
                                     "languages", errors)

    forms, form_paths = _load_forms(os.path.join(data_dir, "forms"), errors, limits)
    data = SiteData(site, languages, dict(taxonomies), organisations, places, list(links), forms, form_paths,
                    unreadable, types, limits)

    contact_org = (site.get("contact") or {}).get("organisation")
    if contact_org and contact_org not in organisations:
        errors.append(ContentError(site_path, f"unknown organisation {contact_org!r}{suggest(contact_org, organisations)}",
                                   line_at(site, ["contact", "organisation"]), "contact.organisation"))
    default_form = site.get("default_form")
    if default_form and default_form not in forms:
        errors.append(ContentError(site_path, f"there is no form data/forms/{default_form}.yaml",
                                   line_at(site, ["default_form"]), "default_form"))
    return data, errors


def _check_geo(record: dict[str, Any], path: str, index: int, errors: list[ContentError]) -> None:
    """``geo: [latitude, longitude]`` within the globe (maps and JSON-LD need real places)."""
    geo = record.get("geo")
    if not geo:
        return
    for position, (value, bound) in enumerate(zip(geo, (90, 180))):
        if math.isfinite(value) and abs(value) > bound:
            errors.append(ContentError(path, f"{value} is not between -{bound} and {bound}",
                                       line_at(record, ["geo"]), f"[{index}].geo[{position}]"))


def _check_language_code(code: str, path: str, line: int | None, field_name: str,
                         errors: list[ContentError]) -> None:
    if code.split("-")[0] not in Locale("en").languages:
        errors.append(ContentError(path, f"{code!r} is not a known language code", line, field_name))


def _load_forms(forms_dir: str, errors: list[ContentError], limits: Limits) -> tuple[dict[str, Any], dict[str, str]]:
    """Form definitions by id; the forms plugin checks their fields in depth."""
    forms: dict[str, Any] = {}
    paths: dict[str, str] = {}
    if not os.path.isdir(forms_dir):
        return forms, paths
    for name in sorted(os.listdir(forms_dir)):
        if not name.endswith(".yaml"):
            continue
        full = os.path.join(forms_dir, name)
        path = os.path.relpath(full)
        value = _read(full, path, limits, errors)
        if value is None:
            continue
        if not isinstance(value, dict):
            errors.append(ContentError(path, "a form must be key: value pairs (title, fields, …)", 1))
            continue
        forms[name[: -len(".yaml")]] = value
        paths[name[: -len(".yaml")]] = path
    return forms, paths
