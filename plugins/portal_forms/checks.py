"""Checks form definitions and form markers; every error names file, line and field.

Connected to portal_content's ``validate`` signal, so a wrong form is listed
with every other content error and the build stops before anything is written.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Iterable, Iterator, Mapping

from portal_content import ContentError, Document, SiteData, language_problems, line_at, schema_errors, suggest

from .backends import backend_for, endpoint_problem
from .markers import find_markers
from .schema import (
    BACKENDS, CHOICE_TYPES, FIELD_TYPES, FORM, PLACEHOLDER_TYPES, RANGE_TYPES, RESERVED_NAMES, SITE_FORMS,
)


def check_forms(data: SiteData, documents: Iterable[Document] = (),
                site_path: str = "data/site.yaml") -> list[ContentError]:
    """All problems of the forms in ``data/forms/``, the site's form settings and markers."""
    documents = list(documents)
    pages = {doc.slug for doc in documents
             if not data.types[doc.type].section and doc.lang == data.default_lang
             and not doc.meta.get("draft")}
    errors = _check_site_settings(data.site, site_path)
    for form_id, form in data.forms.items():
        path = data.form_paths[form_id]
        errors += schema_errors(form, FORM, path)
        errors += _check_texts(form, path, data.codes)
        fields = form.get("fields")
        for index, field in enumerate(fields if isinstance(fields, list) else []):
            if isinstance(field, Mapping):
                errors += _check_field(form, index, path)
        errors += _check_duplicate_names(form, path)
        errors += _check_pages(form, path, pages, data.default_lang)
        errors += _check_backend(form, path, data.site, site_path)
    errors += _check_markers(documents, data.forms)
    return errors


def _field(*steps: Any) -> str:
    """``fields[2].options`` for the steps ``("fields", 2, "options")``."""
    return "".join(f"[{s}]" if isinstance(s, int) else f".{s}" for s in steps).lstrip(".")


def _words(names: Iterable[str]) -> str:
    """``select, radio and checkboxes``."""
    names = list(names)
    return f"{', '.join(names[:-1])} and {names[-1]}" if len(names) > 1 else "".join(names)


def _error(path: str, tree: Any, steps: list[Any], message: str) -> ContentError:
    return ContentError(path, message, line_at(tree, steps), _field(*steps))


def _check_site_settings(site: Mapping[str, Any], site_path: str) -> list[ContentError]:
    settings = site.get("forms")
    if settings is None:
        return []
    errors = schema_errors(settings, SITE_FORMS, site_path, prefix=("forms",))
    endpoint = settings.get("endpoint") if isinstance(settings, Mapping) else None
    if isinstance(endpoint, str) and endpoint_problem(endpoint):
        errors.append(_error(site_path, site, ["forms", "endpoint"], endpoint_problem(endpoint)))
    return errors


def _text_places(form: Mapping[str, Any]) -> Iterator[tuple[Any, ...]]:
    """The key paths of every translatable text in a form definition."""
    yield from (("title",), ("intro",), ("submit",), ("thanks",), ("consent", "text"))
    for index, field in enumerate(form.get("fields") or []):
        if isinstance(field, Mapping):
            yield from (("fields", index, key) for key in ("label", "help", "placeholder"))
            options = field.get("options")
            if isinstance(options, Mapping):
                yield from (("fields", index, "options", option) for option in options)


def _value_at(node: Any, steps: tuple[Any, ...]) -> Any:
    for step in steps:
        if isinstance(node, Mapping):
            node = node.get(step)
        elif isinstance(node, list) and isinstance(step, int) and step < len(node):
            node = node[step]
        else:
            return None
    return node


#: Something in a text that looks like an HTML tag or comment.
TAG = re.compile(r"<!--|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")


def _markup(form: Mapping[str, Any], path: str, steps: tuple[Any, ...], value: Any) -> list[ContentError]:
    """Form texts are plain text: HTML in them would be shown as written, tags and all."""
    texts = value.items() if isinstance(value, Mapping) else [(None, value)]
    errors = []
    for code, text in texts:
        found = TAG.search(text) if isinstance(text, str) else None
        if found:
            where = [*steps, code] if code is not None else list(steps)
            errors.append(_error(path, form, where, (
                f"{found[0]} is HTML, and form texts are plain text: readers would see it as written; "
                "write the text without tags")))
    return errors


def _check_texts(form: Mapping[str, Any], path: str, codes: list[str]) -> list[ContentError]:
    """Every text is plain; every ``{de: …, en: …}`` text names configured languages and has the default one."""
    errors = []
    for steps in _text_places(form):
        value = _value_at(form, steps)
        errors += _markup(form, path, steps, value)
        if not isinstance(value, Mapping):
            continue
        errors += [_error(path, form, [*steps] if code is None else [*steps, code], message)
                   for code, message in language_problems(value, codes)]
    return errors


def _check_field(form: Mapping[str, Any], index: int, path: str) -> list[ContentError]:
    """One field: a known type, options where (and only where) they belong, fitting limits."""
    field = form["fields"][index]
    kind = field.get("type")
    errors: list[ContentError] = []

    def err(key: str, message: str) -> None:
        line = line_at(form, ["fields", index, key] if key in field else ["fields", index])
        errors.append(ContentError(path, message, line, _field("fields", index, key)))

    if field.get("name") in RESERVED_NAMES:
        err("name", f"the name {field['name']!r} is used by the form itself "
                    f"(reserved: {', '.join(RESERVED_NAMES)}); choose another")
    if not isinstance(kind, str):
        return errors
    if kind not in FIELD_TYPES:
        err("type", f"unknown field type {kind!r}{suggest(kind, FIELD_TYPES)}; known: {', '.join(FIELD_TYPES)}")
        return errors
    if kind in CHOICE_TYPES and not field.get("options"):
        err("options", f"a {kind} field needs options to choose from (value: label)")
    if kind not in CHOICE_TYPES and "options" in field:
        err("options", f"options apply only to {_words(CHOICE_TYPES)} fields, not to {kind}")
    if kind == "checkboxes" and field.get("required"):
        err("required", "a group of checkboxes cannot be required (a browser cannot demand "
                        "'at least one'); use radio for a required choice of one")
    if "placeholder" in field and kind not in PLACEHOLDER_TYPES:
        err("placeholder", f"a {kind} field has no placeholder (only {_words(PLACEHOLDER_TYPES)} fields do)")
    limits = {}
    for key in ("min", "max"):
        if key not in field:
            continue
        value = field[key]
        if kind not in RANGE_TYPES:
            err(key, f"{key} applies only to number and date fields, not to {kind}")
        elif kind == "number" and (isinstance(value, bool) or not isinstance(value, (int, float))):
            err(key, f"{key} of a number field must be a number, not {value!r}")
        elif kind == "number":
            limits[key] = value
        elif not isinstance(value, str):
            err(key, f"{key} of a date field must be a date like 2027-01-31, not {value!r}")
        else:
            try:
                limits[key] = date.fromisoformat(value)
            except ValueError:
                err(key, f"impossible date {value!r}")
    if len(limits) == 2 and limits["min"] > limits["max"]:
        err("max", f"max {field['max']} is below min {field['min']}")
    return errors


def _check_duplicate_names(form: Mapping[str, Any], path: str) -> list[ContentError]:
    errors = []
    first_line: dict[str, int | None] = {}
    for index, field in enumerate(form.get("fields") or []):
        name = field.get("name") if isinstance(field, Mapping) else None
        if not isinstance(name, str):
            continue
        if name in first_line:
            errors.append(_error(path, form, ["fields", index, "name"],
                                 f"the field name {name!r} is used twice (first on line {first_line[name]}); "
                                 "each field needs a name of its own"))
        else:
            first_line[name] = line_at(form, ["fields", index, "name"])
    return errors


def _check_pages(form: Mapping[str, Any], path: str, pages: set[str], default_lang: str) -> list[ContentError]:
    """The privacy and the success page exist (as published pages in the default language)."""
    errors = []
    for steps, kind in ((["consent", "privacy_page"], "privacy"), (["success_page"], "success")):
        slug = _value_at(form, tuple(steps))
        if isinstance(slug, str) and slug not in pages:
            errors.append(_error(path, form, steps,
                                 f"there is no {kind} page {slug!r}: content/pages/{slug}.{default_lang}.md "
                                 f"does not exist or is a draft{suggest(slug, pages)}"))
    return errors


def _check_backend(form: Mapping[str, Any], path: str, site: Mapping[str, Any], site_path: str) -> list[ContentError]:
    """The chosen back-end has what it needs; the form's own endpoint is https."""
    errors: list[ContentError] = []
    backend = backend_for(form, site)
    if backend.name not in BACKENDS:
        return errors  # the schema names the wrong back-end
    # A missing setting is reported where the back-end was chosen: the form, else site.yaml.
    if "backend" in form:
        where = (path, line_at(form, ["backend"]), "backend")
    else:
        where = (site_path, line_at(site, ["forms"]) if "forms" in site else None, "forms")
    if backend.name == "generic" and not backend.endpoint:
        errors.append(ContentError(where[0], "the generic back-end needs an endpoint: set forms.endpoint "
                                   "in data/site.yaml or endpoint in the form", where[1], where[2]))
    if backend.name == "email" and not backend.email:
        errors.append(ContentError(where[0], "the email back-end needs an address: set forms.email or "
                                   "contact.email in data/site.yaml, or email in the form", where[1], where[2]))
    endpoint = form.get("endpoint")
    if isinstance(endpoint, str) and endpoint_problem(endpoint):
        errors.append(_error(path, form, ["endpoint"], endpoint_problem(endpoint)))
    for key, owner in (("endpoint", "generic"), ("email", "email")):
        if key in form and backend.name != owner:
            errors.append(_error(path, form, [key], f"only the {owner} back-end uses {key}; "
                                                    f"this form uses {backend.name}"))
    return errors


def _check_markers(documents: list[Document], forms: Mapping[str, Any]) -> list[ContentError]:
    """Every ``[[form: id]]`` in a body names a form and stands on a line of its own."""
    errors = []
    for doc in documents:
        first: dict[str, int | None] = {}
        line = None
        for marker in find_markers(doc.html):
            line = _line_in_file(doc.path, marker.text, after=line)
            if marker.form_id in first:
                errors.append(ContentError(
                    doc.path, f"the form {marker.form_id!r} is already placed on line {first[marker.form_id]}; "
                                 "a page shows each form once", line, "body"))
            first.setdefault(marker.form_id, line)
            if marker.form_id not in forms:
                errors.append(ContentError(
                    doc.path, f"unknown form {marker.form_id!r}{suggest(marker.form_id, forms)}; "
                                 f"data/forms/{marker.form_id}.yaml does not exist", line, "body"))
            if not marker.alone:
                errors.append(ContentError(
                    doc.path, f"the form marker {marker.text} must stand alone on a line of its own, "
                                 "with an empty line before and after it", line, "body"))
    return errors


def _line_in_file(path: str, needle: str, after: int | None = None) -> int | None:
    """The line of the source file on which ``needle`` stands (after line ``after``, if given)."""
    try:
        with open(path, encoding="utf-8-sig") as handle:
            text = handle.read()
    except OSError:
        return None
    start = 0
    for _ in range(after or 0):
        start = text.find("\n", start) + 1
    position = text.find(needle, start)
    return text.count("\n", 0, position) + 1 if position >= 0 else None
