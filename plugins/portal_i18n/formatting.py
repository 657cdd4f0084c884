"""Locale-aware formatting for templates: dates, times, ranges, language names.

Every function takes the reader's language code; Babel supplies the patterns,
month names and digits of each locale. Locales are parsed once, and dates,
ranges and language names formatted once per value and language: the same
dates appear on listings, detail pages and the home page of every language.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache, wraps
from typing import Any, Callable, TypeVar

from babel import Locale, dates as babel_dates
from babel.lists import format_list

RTL_COMMA = {"ar", "fa", "ur", "ps", "ckb"}


def join_list(items: list[str], lang: str) -> str:
    """"A, B und C" in the reader's locale (Babel's CLDR list patterns)."""
    items = [str(i) for i in items]
    try:
        return format_list(items, locale=babel_locale(lang))
    except (KeyError, ValueError):  # a locale without list patterns (fa in Babel 2.18)
        separator = "، " if lang.split("-")[0] in RTL_COMMA else ", "
        return separator.join(items)


def _date_and_time(day: str, clock: str, lang: str) -> str:
    pattern = babel_dates.get_datetime_format("medium", locale=babel_locale(lang))
    return pattern.replace("{1}", day).replace("{0}", clock)


Formatter = TypeVar("Formatter", bound=Callable[..., str])


def per_value(function: Formatter) -> Formatter:
    """Remember ``function``'s result per positional arguments and their time zones:
    datetimes of one instant in two zones are equal but show different times."""
    cached = lru_cache(maxsize=None)(lambda _zones, *args: function(*args))

    @wraps(function)
    def formatted(*args: Any) -> str:
        return cached(tuple(getattr(arg, "tzinfo", None) for arg in args), *args)

    return formatted  # type: ignore[return-value]


@lru_cache(maxsize=None)
def babel_locale(lang: str) -> Locale:
    """Babel's locale of a language code (Babel parses a code given as a string on every call)."""
    return Locale.parse(lang.split("-x-")[0].replace("-", "_"))


@per_value
def format_date(value: date | datetime, lang: str, fmt: str = "long") -> str:
    if isinstance(value, datetime):
        value = value.date()
    return babel_dates.format_date(value, format=fmt, locale=babel_locale(lang))


@per_value
def format_weekday_date(value: date | datetime, lang: str) -> str:
    """E.g. "Dienstag, 1. Dezember 2026"."""
    if isinstance(value, datetime):
        value = value.date()
    return babel_dates.format_date(value, format="full", locale=babel_locale(lang))


@per_value
def format_time(value: datetime, lang: str) -> str:
    return babel_dates.format_time(value, format="short", locale=babel_locale(lang))


@per_value
def format_occurrence(start: datetime, end: datetime, all_day: bool, lang: str) -> str:
    """A date or date-and-time range in the reader's locale."""
    locale = babel_locale(lang)
    if all_day:
        last = (end - timedelta(seconds=1)).date()
        if last == start.date():
            return format_weekday_date(start, lang)
        return babel_dates.format_interval(start.date(), last, skeleton="yMMMMd", locale=locale)
    if end == start:
        return _date_and_time(format_weekday_date(start, lang), format_time(start, lang), lang)
    if end.date() == start.date():
        times = babel_dates.format_interval(start.time(), end.time(), skeleton="Hm", locale=locale)
        return _date_and_time(format_weekday_date(start, lang), times, lang)
    return (
        _date_and_time(format_weekday_date(start, lang), format_time(start, lang), lang) + " – "
        + _date_and_time(format_weekday_date(end, lang), format_time(end, lang), lang)
    )


@per_value
def language_name(code: str, lang: str) -> str:
    """The name of language ``code`` in language ``lang`` (e.g. ``ar`` in ``de``: Arabisch)."""
    locale = babel_locale(lang)
    base = code.split("-x-")[0].replace("-", "_")
    name = locale.languages.get(base) or locale.languages.get(base.split("_")[0])
    return name or code


def text(value: Any, lang: str, default_lang: str) -> str:
    """A ``data/`` text in ``lang``: a plain string, or a mapping with fallback."""
    if isinstance(value, dict):
        for code in (lang, default_lang):
            if value.get(code):
                return value[code]
        return next(iter(value.values()), "")
    return "" if value is None else str(value)


def text_lang(value: Any, lang: str, default_lang: str) -> str:
    """The language a ``data/`` text is shown in (for ``lang`` attributes)."""
    if isinstance(value, dict) and not value.get(lang):
        return default_lang if value.get(default_lang) else next(iter(value), lang)
    return lang
