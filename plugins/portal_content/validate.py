"""Checks one document against the contract, ``data/`` and the other documents."""

from __future__ import annotations

import os
import posixpath
import re
from typing import Any

from babel import Locale

from .data import SiteData, unknown_id
from .document import Document
from .errors import ContentError
from .files import escapes
from .limits import Limits
from .links import internal_link
from .messages import tr
from .placeholders import LEFT_IN, field_placeholders
from .schema import type_schema
from .schemacheck import field_name, line_at, schema_errors
from .textcheck import list_problems, text_problems
from .timeutil import FREQUENCIES, Schedule, gives_a_date, parse_date, parse_when, rule_fields, rule_until
from .urls import scheme_problem

KNOWN_LANGUAGE_CODES = set(Locale("en").languages)
ID_LABELS = {
    "forms": "form", "organisations": "organisation", "places": "place", "areas": "area",
    "districts": "district", "audiences": "audience", "requirements": "requirement", "times": "time",
}


def source_path_of(doc: Document, default_lang: str) -> str:
    directory = posixpath.dirname(doc.path)
    return posixpath.join(directory, f"{doc.slug}.{default_lang}.md")


def check_document(
    doc: Document, data: SiteData, existing: set[str], content_dir: str
) -> list[ContentError]:
    """All problems of one document. ``existing`` holds content-relative paths."""
    path, meta = doc.path, doc.meta
    content_type = data.types[doc.type]
    errors: list[ContentError] = []
    if doc.lang not in data.codes:
        errors.append(ContentError(
            path,
            tr("the language %(lang)r is not configured in data/site.yaml (configured: %(codes)s)",
               lang=doc.lang, codes=", ".join(data.codes)),
            1,
        ))
        return errors
    is_source = doc.lang == data.default_lang
    if is_source:
        errors += schema_errors(meta, type_schema(content_type), path)
    else:
        source = source_path_of(doc, data.default_lang)
        if doc.rel.replace(f".{doc.lang}.md", f".{data.default_lang}.md") not in existing:
            errors.append(ContentError(
                path, tr("translation without its source: %(source)s does not exist", source=source), 1
            ))
        allowed = content_type.translatable
        known = content_type.all_fields
        for key in meta:
            if key in known and key not in allowed:
                errors.append(ContentError(
                    path,
                    tr("a translation may not repeat a structured field; it is taken from the source %(source)s "
                       "(a translation may have: %(allowed)s)", source=source, allowed=", ".join(sorted(allowed))),
                    meta.line_of(key),
                    key,
                ))
        translation_meta = {k: v for k, v in meta.items() if not (k in known and k not in allowed)}
        holder = type(meta)(translation_meta)
        holder.lines, holder.line = meta.lines, meta.line
        errors += schema_errors(holder, type_schema(content_type, translation=True), path)
    errors += _check_texts(path, meta, data.limits)
    errors += _check_placeholders(doc, content_type)
    # Every later check reads only the fields whose shape the schema accepted, so a
    # wrong value never hides an unknown id, a date or a broken link elsewhere.
    errors += _check_values(doc, data, {_top_field(e.field) for e in errors if e.field})
    errors += _check_links(doc, existing, content_dir)
    if not content_type.section and doc.slug in data.types.reserved_slugs:
        errors.append(ContentError(path, tr("the page slug %(slug)r is reserved for a section", slug=doc.slug)))
    return errors


def _check_placeholders(doc: Document, content_type: Any) -> list[ContentError]:
    """Hints of make new left in the body or in a field: they would be published."""
    meta = doc.meta
    return ([ContentError(doc.path, LEFT_IN, line, "body") for line in doc.placeholder_lines]
            + [ContentError(doc.path, LEFT_IN, meta.line_of(key), key)
               for key in field_placeholders(meta, content_type.all_fields.values())])


def _top_field(field: str) -> str:
    """The front-matter field an error is about: ``contact.email`` → ``contact``."""
    return re.split(r"[.\[]", field, maxsplit=1)[0]


def _check_texts(path: str, meta: Any, limits: Limits) -> list[ContentError]:
    """Control characters, line breaks in one-line fields, too long texts and lists."""
    errors: list[ContentError] = []

    def report(where: list[Any], message: str) -> None:
        errors.append(ContentError(path, message, line_at(meta, where), field_name(where)))

    text_problems(meta, limits, report)
    list_problems(meta, limits, report)
    return errors


#: The fields the checks of times read together (start, end, recurrence …).
TIME_FIELDS = frozenset({"start", "end", "until", "deadline", "recurrence", "exdates"})


def _check_values(doc: Document, data: SiteData, bad: set[str]) -> list[ContentError]:
    """Ids, dates, addresses and languages of every field not in ``bad`` (fields
    whose shape is wrong: the schema reported them already)."""
    path, meta = doc.path, doc.meta
    errors: list[ContentError] = []
    fields = data.types[doc.type].all_fields
    limits = data.limits

    def err(key: str, message: str) -> None:
        errors.append(ContentError(path, message, meta.line_of(key), key))

    def check_date(key: str, text: str, parse) -> None:
        try:
            value = parse(text)
        except ValueError as exc:
            err(key, tr("impossible date %(text)r: there is no such day (%(reason)s)", text=text, reason=str(exc)))
            return
        problem = limits.date_problem(value)
        if problem:
            err(key, tr("%(text)s: %(problem)s", text=text, problem=problem))

    def check_id(key: str, value: str, collection: str) -> None:
        known = data.collection(collection)
        if value not in known and collection not in data.unreadable:
            err(key, unknown_id(collection, value, known))

    for key, value in meta.items():
        spec = fields.get(key)
        if spec is None or key in bad:
            continue
        if spec.kind == "id":
            check_id(key, value, spec.ref)
        elif spec.kind == "id_list":
            for entry in value:
                check_id(key, entry, spec.ref)
        elif spec.kind == "form_or_false" and value is not False:
            check_id(key, value, "forms")
        elif spec.kind == "form_or_url":
            if ":" in value or value.startswith("/"):
                problem = scheme_problem(value)
                if problem:
                    err(key, problem)
                elif not value.startswith(("https://", "http://", "/")):
                    err(key, tr("%(value)r is neither a form id nor a web address", value=value))
            else:
                check_id(key, value, "forms")
        elif spec.kind in ("date", "datetime"):
            check_date(key, value, parse_date if spec.kind == "date" else parse_when)
        elif spec.kind == "date_list":
            for entry in value:
                check_date(key, entry, parse_date)
        elif spec.kind == "lang_list":
            for entry in value:
                if entry.split("-")[0] not in KNOWN_LANGUAGE_CODES:
                    err(key, tr("%(code)r is not a known language code (ISO 639, e.g. ar, uk, fa)", code=entry))
    if doc.lang != data.default_lang or (TIME_FIELDS & (bad | {e.field for e in errors})):
        return errors
    errors += _check_times(meta, err, limits)
    return errors


#: The largest step of a rule (every 100th day, week, month or year).
MAX_INTERVAL = 100


def _rule_problem(rule: str, start: Any, limits: Limits) -> str | None:
    """Why an RRULE would expand too far (or never), before anything expands it."""
    parts = rule_fields(rule)
    if any("=" not in part or part != part.strip() for part in rule.strip().split(";")):
        return tr("an RRULE is NAME=VALUE parts joined by ';', without spaces, e.g. FREQ=WEEKLY;BYDAY=TU")
    names = [part.partition("=")[0].upper() for part in rule.split(";")]
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        return tr("the RRULE names %(names)s twice", names=", ".join(twice))
    if parts.get("FREQ") not in FREQUENCIES:
        return tr("the RRULE's FREQ=%(freq)s is not allowed; an event repeats DAILY, WEEKLY, MONTHLY or YEARLY",
                  freq=parts.get("FREQ", ""))
    timed = sorted(name for name in ("BYHOUR", "BYMINUTE", "BYSECOND") if name in parts)
    if timed:
        return tr("the RRULE's %(names)s is not allowed: the time of day comes from start", names=", ".join(timed))
    unusual = sorted(name for name in ("BYYEARDAY", "BYWEEKNO", "BYEASTER") if name in parts)
    if unusual:
        return tr("the RRULE's %(names)s is not supported; use BYMONTH, BYMONTHDAY or BYDAY",
                  names=", ".join(unusual))
    interval = parts.get("INTERVAL", "1")
    if not interval.isdigit() or not 1 <= int(interval) <= MAX_INTERVAL:
        return tr("the RRULE's INTERVAL=%(interval)s must be a whole number from 1 to %(most)d",
                  interval=interval, most=MAX_INTERVAL)
    count = parts.get("COUNT", "")
    if count and (not count.isdigit() or int(count) > limits.recurrence_count):
        return tr("the RRULE's COUNT=%(count)s is too many: at most %(most)s dates "
                  "(site.yaml limits: recurrence_count)", count=count, most=f"{limits.recurrence_count:,}")
    try:
        until = rule_until(rule)
    except ValueError:
        return tr("the RRULE's UNTIL=%(until)s is not a date like 20270630", until=parts["UNTIL"])
    first = start if not hasattr(start, "date") else start.date()
    if until is not None and _years_after(first, limits.recurrence_years) < until:
        return _horizon_words(limits)
    return None


def _years_after(day: Any, years: int) -> Any:
    """The day ``years`` after ``day`` (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _horizon_words(limits: Limits) -> str:
    return tr("the dates may go on for at most %(years)d years after the start "
              "(site.yaml limits: recurrence_years)", years=limits.recurrence_years)


def _check_times(meta: Any, err, limits: Limits) -> list[ContentError]:
    """End after start, until after start, a valid bounded RRULE; returns nothing itself."""
    if "start" not in meta:
        return []
    start = parse_when(meta["start"])
    if "end" in meta:
        end = parse_when(meta["end"])
        if type(end) is not type(start):
            err("end", tr("start and end must both be dates, or both dates with a time"))
        elif end < start:
            err("end", tr("the end %(end)s is before the start %(start)s", end=meta["end"], start=meta["start"]))
    if "until" in meta and parse_date(meta["until"]) < (start if not hasattr(start, "date") else start.date()):
        err("until", tr("until %(until)s is before the start %(start)s", until=meta["until"], start=meta["start"]))
    if "deadline" in meta and parse_date(meta["deadline"]) > (start if not hasattr(start, "date") else start.date()):
        err("deadline", tr("the registration deadline %(deadline)s is after the start %(start)s",
                           deadline=meta["deadline"], start=meta["start"]))
    if ("until" in meta or "exdates" in meta) and "recurrence" not in meta:
        err("until" if "until" in meta else "exdates", tr("only a recurring event (with recurrence) has this field"))
    if "recurrence" in meta:
        until = parse_date(meta["until"]) if "until" in meta else None
        first = start if not hasattr(start, "date") else start.date()
        if until is not None and _years_after(first, limits.recurrence_years) < until:
            err("until", _horizon_words(limits))
            return []
        problem = _rule_problem(meta["recurrence"], start, limits)
        if problem:
            err("recurrence", problem)
            return []
        exdates = frozenset(parse_date(day) for day in meta.get("exdates", []))
        schedule = Schedule(start, None, meta["recurrence"], until, exdates)
        try:
            if not gives_a_date(schedule):
                err("recurrence", tr("%(rule)s: the rule gives no date (a day that never comes, such as "
                                     "BYMONTH=2;BYMONTHDAY=30?)", rule=meta["recurrence"]))
                return []
            stray = schedule.stray_exdates()
        except (ValueError, TypeError, OverflowError) as exc:
            err("recurrence", tr("bad RRULE %(rule)r: %(reason)s", rule=meta["recurrence"], reason=str(exc)))
            stray = {}
        for day, around in stray.items():
            nearest = " and ".join(str(d) for d in around if d) or "none"
            err("exdates", tr("%(day)s is not a date of this event (%(rule)s); the dates nearest to it: %(nearest)s",
                              day=str(day), rule=meta["recurrence"] + (f", until {until}" if until else ""),
                              nearest=nearest))
    return []


def _check_links(doc: Document, existing: set[str], content_dir: str) -> list[ContentError]:
    errors: list[ContentError] = []
    for url, line in doc.links:
        link = internal_link(url, doc.rel)
        if link is None:
            problem = scheme_problem(url)
            if problem:
                errors.append(ContentError(doc.path, problem, line, "body"))
        elif escapes(link.path):
            errors.append(ContentError(doc.path, tr("the link %(url)r leads out of content/", url=url), line, "body"))
        elif link.path not in existing and not os.path.isfile(os.path.join(content_dir, link.path)):
            errors.append(ContentError(doc.path, tr("broken link: content/%(target)s does not exist", target=link.path),
                                       line, "body"))
    return errors
