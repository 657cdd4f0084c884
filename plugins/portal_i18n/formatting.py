"""Locale-aware formatting for templates: dates, times, ranges, numbers, language names.

Every function takes the reader's formatting locale: a language code (``de``)
or the locale ``data/site.yaml`` sets for a language (``en-GB``; see
``portal_content.Language.babel_locale``). Babel supplies the patterns and
month names of each locale; times are always on the 24-hour clock, as every
reader in Germany sees them on timetables and letters. Generated numbers
(dates, times, counts) are written in the digits of the locale's default
numbering system in CLDR: Persian digits for ``fa``, Latin ones for ``ar``
(CLDR's default for Arabic) and the other languages. Babel formats dates with
Latin digits only, so :func:`local_digits` puts the locale's digits in.
Phone numbers, postcodes and house numbers never pass through here: they keep
the digits people dial and write.

Locales are parsed once, and values formatted once per value and locale: the
same dates appear on listings, detail pages and the home page of every language.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache, wraps
from typing import Any, Callable, TypeVar

from babel import Locale, dates as babel_dates
from babel.lists import format_list
from babel.numbers import format_decimal
from babel.units import format_unit

RTL_COMMA = {"ar", "fa", "ur", "ps", "ckb"}

#: The digits of CLDR numbering systems a locale may default to (Babel knows a
#: locale's system by name but not its digits). A locale defaulting to another
#: system gets Latin digits.
DIGITS = {
    "latn": "0123456789",
    "arab": "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669",
    "arabext": "\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9",
}


def join_list(items: list[str], locale: str) -> str:
    """"A, B und C" in the reader's locale (Babel's CLDR list patterns)."""
    items = [str(i) for i in items]
    try:
        return format_list(items, locale=babel_locale(locale))
    except (KeyError, ValueError):  # a locale without list patterns (fa in Babel 2.18)
        separator = "، " if babel_locale(locale).language in RTL_COMMA else ", "
        return separator.join(items)


@lru_cache(maxsize=None)
def numbering_system(locale: str) -> str:
    """The CLDR numbering system whose digits ``locale`` writes: ``arabext`` for ``fa``,
    ``latn`` for ``ar`` and ``de``; ``latn`` when we do not know its digits."""
    system = babel_locale(locale).default_numbering_system
    return system if system in DIGITS else "latn"


@lru_cache(maxsize=None)
def _digit_table(locale: str) -> dict[int, str]:
    return str.maketrans("0123456789", DIGITS[numbering_system(locale)])


def local_digits(text: str, locale: str) -> str:
    """``text`` (formatted by Babel) with its Latin digits in the locale's own digits."""
    return text.translate(_digit_table(locale))


def _date_and_time(day: str, clock: str, locale: str) -> str:
    pattern = babel_dates.get_datetime_format("medium", locale=babel_locale(locale))
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
def babel_locale(locale: str) -> Locale:
    """Babel's locale of a language code or locale id (``de-x-simple`` → ``de``,
    ``en-GB`` → ``en_GB``); Babel parses a code given as a string on every call."""
    return Locale.parse(locale.split("-x-")[0].replace("-", "_"))


@per_value
def format_date(value: date | datetime, locale: str, fmt: str = "long") -> str:
    """E.g. "1. Dezember 2026", "1 December 2026" (en-GB), "۱ دسامبر ۲۰۲۶" (fa)."""
    if isinstance(value, datetime):
        value = value.date()
    return local_digits(babel_dates.format_date(value, format=fmt, locale=babel_locale(locale)), locale)


@per_value
def format_weekday_date(value: date | datetime, locale: str) -> str:
    """E.g. "Dienstag, 1. Dezember 2026"."""
    if isinstance(value, datetime):
        value = value.date()
    return local_digits(babel_dates.format_date(value, format="full", locale=babel_locale(locale)), locale)


@per_value
def format_time(value: datetime, locale: str) -> str:
    """E.g. "16:00": the 24-hour clock in every locale (CLDR skeleton ``Hm``)."""
    return local_digits(babel_dates.format_skeleton("Hm", value, locale=babel_locale(locale)), locale)


@per_value
def format_number(value: int, locale: str) -> str:
    """A count, e.g. "1.234" (de), "۱۲" (fa)."""
    return local_digits(format_decimal(value, locale=babel_locale(locale), numbering_system="default"), locale)


@per_value
def format_file_size(size: int, locale: str) -> str:
    """A download's size, e.g. "12,3 kB" (de), "۱۲٫۳ kB" (fa): kB below a megabyte (1,000-based, as Jinja's
    ``filesizeformat``), with the locale's unit symbol."""
    unit, value = ("digital-megabyte", size / 1_000_000) if size >= 1_000_000 else ("digital-kilobyte", size / 1000)
    text = format_unit(max(value, 0.1), unit, length="short", format="#,##0.#", locale=babel_locale(locale),
                       numbering_system="default")
    return local_digits(text, locale)


@per_value
def format_occurrence(start: datetime, end: datetime, all_day: bool, locale: str) -> str:
    """A date or date-and-time range in the reader's locale."""
    parsed = babel_locale(locale)
    if all_day:
        last = (end - timedelta(seconds=1)).date()
        if last == start.date():
            return format_weekday_date(start, locale)
        days = babel_dates.format_interval(start.date(), last, skeleton="yMMMMd", locale=parsed)
        return local_digits(days, locale)
    if end == start:
        return _date_and_time(format_weekday_date(start, locale), format_time(start, locale), locale)
    if end.date() == start.date():
        times = babel_dates.format_interval(start.time(), end.time(), skeleton="Hm", locale=parsed)
        return _date_and_time(format_weekday_date(start, locale), local_digits(times, locale), locale)
    return (
        _date_and_time(format_weekday_date(start, locale), format_time(start, locale), locale) + " – "
        + _date_and_time(format_weekday_date(end, locale), format_time(end, locale), locale)
    )


@per_value
def language_name(code: str, lang: str) -> str:
    """The name of language ``code`` in language (or locale) ``lang`` (``ar`` in ``de``: Arabisch)."""
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
