"""Loads and checks the reference data in ``data/``."""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field
from typing import Any

from babel import Locale, UnknownLocaleError

from .brand import Brand, load_brand
from .data_schema import data_files
from .errors import ContentError
from .files import contained_files, escapes
from .limits import MAX_DATA_ALIASES, Limits
from .messages import tr
from .records import Record, load_records
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
    brand: Brand = field(default_factory=Brand)  # site.yaml's brand: colours in both schemes, logo, icons

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


#: What an unknown id of each collection says; ``%(example)s`` is a known id.
UNKNOWN_ID = {
    "organisations": tr("unknown organisation %(value)r%(hint)s: write the id of an organisation from "
                        "data/organisations/ (or data/organisations.yaml), e.g. %(example)s (known: %(known)s)"),
    "places": tr("unknown place %(value)r%(hint)s: write the id of a place from data/places/ "
                 "(or data/places.yaml), e.g. %(example)s (known: %(known)s)"),
    "forms": tr("unknown form %(value)r%(hint)s: data/forms/%(value)s.yaml does not exist"),
    "areas": tr("unknown area %(value)r%(hint)s: write ids of areas from data/taxonomies.yaml, "
                "e.g. %(example)s (known: %(known)s)"),
    "districts": tr("unknown district %(value)r%(hint)s: write the id of a district from data/taxonomies.yaml, "
                    "e.g. %(example)s (known: %(known)s)"),
    "audiences": tr("unknown audience %(value)r%(hint)s: write ids of audiences from data/taxonomies.yaml, "
                    "e.g. %(example)s (known: %(known)s)"),
    "requirements": tr("unknown requirement %(value)r%(hint)s: write ids of requirements from "
                       "data/taxonomies.yaml, e.g. %(example)s (known: %(known)s)"),
}
UNKNOWN_OTHER = tr("unknown id %(value)r%(hint)s in %(collection)s (known: %(known)s)")


def unknown_id(collection: str, value: str, known: Any) -> str:
    """What an editor reads for an id that ``collection`` does not have (with the known ids)."""
    ids = sorted(known)
    return tr(UNKNOWN_ID.get(collection, UNKNOWN_OTHER), value=value, hint=suggest(value, ids),
              known=", ".join(ids) or "–", collection=collection, example=ids[0] if ids else "")


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


def _by_id(records: list[Record], errors: list[ContentError]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for record in records:
        item = record.value
        if item["id"] in result:
            errors.append(ContentError(record.path, tr("the id %(id)r is used twice", id=item["id"]),
                                       line_at(item, ["id"]), "id"))
        result[item["id"]] = item
    return result


def _check_url(url: str, path: str, line: int | None, field_name: str, content_dir: str,
               errors: list[ContentError]) -> None:
    problem = scheme_problem(url)
    if problem:
        errors.append(ContentError(path, problem, line, field_name))
    elif url.startswith("materials/") and escapes(url, "materials"):
        errors.append(ContentError(path, tr("%(url)r leads out of content/materials/", url=url), line, field_name))
    elif url.startswith("materials/") and not os.path.isfile(os.path.join(content_dir, url)):
        errors.append(
            ContentError(path, tr("the file content/%(url)s does not exist", url=url), line, field_name)
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
                                       tr("the site settings file is missing")))
        return None, errors
    site_path = os.path.relpath(os.path.join(data_dir, "site.yaml"))
    limits = Limits.from_site(site)
    if limits.first_year > limits.last_year:
        errors.append(ContentError(site_path, tr("first_year is after last_year"),
                                   line_at(site, ["limits", "first_year"]), "limits.first_year"))
    languages = [Language(l["code"], l["name"], l["direction"], l.get("locale")) for l in site["languages"]]
    codes = [language.code for language in languages]
    for index, language in enumerate(languages):
        if codes.count(language.code) > 1:
            errors.append(ContentError(site_path, tr("the language %(lang)r is listed twice", lang=language.code),
                                       line_at(site, ["languages", index]), "languages"))
        try:
            Locale.parse(language.babel_locale)
        except (UnknownLocaleError, ValueError):
            key = "locale" if language.locale else "code"
            errors.append(ContentError(site_path, tr("no locale data for %(lang)r", lang=getattr(language, key)),
                                       line_at(site, ["languages", index, key]), f"languages.{key}"))

    unreadable: set[str] = set()

    def load_or_mark(name: str, collections: tuple[str, ...], empty: Any) -> Any:
        before = len(errors)
        value = _load(data_dir, name, errors, limits, schemas)
        if len(errors) > before:
            unreadable.update(collections)
        return value if value is not None else empty

    taxonomies = load_or_mark("taxonomies.yaml", TAXONOMY_NAMES, LinedDict())

    def records_of(name: str) -> list[Record]:
        found = load_records(data_dir, name, schemas[f"{name}.yaml"], errors,
                             lambda full, path: _read(full, path, limits, errors))
        if found is None:
            unreadable.add(name)
        return found or []

    org_records, place_records, link_records = records_of("organisations"), records_of("places"), records_of("links")
    for name, value in (("site.yaml", site), ("taxonomies.yaml", taxonomies)):
        _check_texts(value, os.path.relpath(os.path.join(data_dir, name)), codes, errors)
    for record in org_records + place_records + link_records:
        _check_texts(record.value, record.path, codes, errors, () if record.index is None else (record.index,))

    organisations = _by_id(org_records, errors)
    places = _by_id(place_records, errors)
    for record in org_records + place_records:
        _check_geo(record, errors)
    for record in org_records:
        if "website" in record.value:
            _check_url(record.value["website"], record.path, line_at(record.value, ["website"]),
                       "website", content_dir, errors)
    links = [record.value for record in link_records]
    for record in link_records:
        for l_index, link in enumerate(record.value["links"]):
            line = line_at(record.value, ["links", l_index, "url"])
            _check_url(link["url"], record.path, line, f"{record.prefix}links[{l_index}].url", content_dir, errors)
            for code in link.get("languages", []):
                _check_language_code(code, record.path, line_at(record.value, ["links", l_index, "languages"]),
                                     "languages", errors)

    forms, form_paths = _load_forms(os.path.join(data_dir, "forms"), errors, limits)
    brand = load_brand(site, site_path, data_dir, errors)
    data = SiteData(site, languages, dict(taxonomies), organisations, places, list(links), forms, form_paths,
                    unreadable, types, limits, brand)

    contact_org = (site.get("contact") or {}).get("organisation")
    if contact_org and contact_org not in organisations:
        errors.append(ContentError(site_path, unknown_id("organisations", contact_org, organisations),
                                   line_at(site, ["contact", "organisation"]), "contact.organisation"))
    default_form = site.get("default_form")
    if default_form and default_form not in forms:
        errors.append(ContentError(site_path, tr("there is no form data/forms/%(form)s.yaml", form=default_form),
                                   line_at(site, ["default_form"]), "default_form"))
    return data, errors


def _check_geo(record: Record, errors: list[ContentError]) -> None:
    """``geo: [latitude, longitude]`` within the globe (maps and JSON-LD need real places)."""
    geo = record.value.get("geo")
    if not geo:
        return
    for position, (value, bound) in enumerate(zip(geo, (90, 180))):
        if math.isfinite(value) and abs(value) > bound:
            errors.append(ContentError(record.path, tr("%(value)s is not between -%(bound)d and %(bound)d",
                                                       value=value, bound=bound),
                                       line_at(record.value, ["geo"]), f"{record.prefix}geo[{position}]"))


def _check_language_code(code: str, path: str, line: int | None, field_name: str,
                         errors: list[ContentError]) -> None:
    if code.split("-")[0] not in Locale("en").languages:
        errors.append(ContentError(path, tr("%(code)r is not a known language code", code=code), line, field_name))


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
            errors.append(ContentError(path, tr("a form must be key: value pairs (title, fields, …)"), 1))
            continue
        forms[name[: -len(".yaml")]] = value
        paths[name[: -len(".yaml")]] = path
    return forms, paths
