"""portal_i18n: UI strings through gettext catalogues and locale formatting.

Connects to ``generator_init`` and gives every template environment:

- ``_()`` and ``ngettext()``, which translate into the language of the page
  being rendered (the ``lang`` variable of its context), so one Pelican run
  renders all languages;
- filters ``date``, ``weekday_date``, ``time``, ``occurrence``, ``number``, ``file_size``,
  ``language_name``, ``text`` (for multilingual ``data/`` values) and ``label``
  (a content type's or coded value's label: a msgid, or a multilingual text);
  dates and numbers are formatted in the page's ``locale`` (the language's
  formatting locale from ``data/site.yaml``, put into every page's context by
  portal_site), else in its ``lang``;
- compiled templates kept in the site's cache folder (see :func:`keep_compiled`).
"""

from __future__ import annotations

import os
from typing import Any

from babel.support import NullTranslations
from jinja2 import FileSystemBytecodeCache, pass_context
from markupsafe import Markup, escape
from pelican import signals

from . import formatting
from .catalogues import load_catalogue


def translations_dir(settings: Any) -> str:
    """Where the theme's ``.po`` catalogues are (``PORTAL_TRANSLATIONS_PATH`` overrides)."""
    return settings.get("PORTAL_TRANSLATIONS_PATH") or os.path.join(settings["THEME"], "translations")


class UiStrings:
    """The translating functions of one template environment, with its catalogues.

    One per environment, so one per build: a catalogue is looked up once per
    build and language (templates translate about 40 strings per page, and
    finding it each time cost more than the translating, make bench's profile),
    and a devserver that builds again in the same process reads the catalogues
    as they are then (:func:`.catalogues.load_catalogue`).
    """

    def __init__(self, settings: Any) -> None:
        self.directory = translations_dir(settings)
        self.catalogues: dict[str, NullTranslations] = {}

    def catalogue(self, lang: str) -> NullTranslations:
        catalogue = self.catalogues.get(lang)
        if catalogue is None:
            catalogue = self.catalogues[lang] = load_catalogue(self.directory, lang)
        return catalogue

    @pass_context
    def gettext(self, context: Any, message: str, **variables: Any) -> str:
        translated = self.catalogue(context["lang"]).gettext(message)
        return translated % variables if variables else translated

    @pass_context
    def ngettext(self, context: Any, singular: str, plural: str, number: int, **variables: Any) -> str:
        """The plural form for ``number``; ``%(num)d`` shows it in the locale's digits."""
        translated = self.catalogue(context["lang"]).ngettext(singular, plural, number)
        if "num" not in variables and isinstance(number, int):
            variables["num"] = formatting.format_number(number, _locale(context))
            translated = translated.replace("%(num)d", "%(num)s")
        else:
            variables.setdefault("num", number)
        return translated % variables

    def gettext_in(self, lang: str, message: str, **variables: Any) -> str:
        """Translate into a given language (for pages that speak all of them)."""
        translated = self.catalogue(lang).gettext(message)
        return translated % variables if variables else translated

    @pass_context
    def label(self, context: Any, value: Any) -> str:
        """A label from the content types' registry: a gettext msgid, or a ``{de: …, en: …}`` text."""
        if isinstance(value, str):
            return self.catalogue(context["lang"]).gettext(value)
        return formatting.text(value, context["lang"], context["default_lang"])


def _locale(context: Any) -> str:
    """The formatting locale of the page being rendered (see the module's docstring)."""
    return context.get("locale") or context["lang"]


@pass_context
def _date(context: Any, value: Any, fmt: str = "long") -> str:
    return formatting.format_date(value, _locale(context), fmt)


@pass_context
def _weekday_date(context: Any, value: Any) -> str:
    return formatting.format_weekday_date(value, _locale(context))


@pass_context
def _time(context: Any, value: Any) -> str:
    return formatting.format_time(value, _locale(context))


@pass_context
def _occurrence(context: Any, occurrence: Any) -> str:
    return formatting.format_occurrence(occurrence.start, occurrence.end, occurrence.all_day, _locale(context))


@pass_context
def _number(context: Any, value: int) -> str:
    return formatting.format_number(value, _locale(context))


@pass_context
def _file_size(context: Any, size: int) -> str:
    return formatting.format_file_size(size, _locale(context))


@pass_context
def numbering_system(context: Any) -> str:
    """The CLDR numbering system of the page's digits (``latn``, ``arabext`` …), for scripts."""
    return formatting.numbering_system(_locale(context))


@pass_context
def _language_name(context: Any, code: str) -> str:
    return formatting.language_name(code, _locale(context))


@pass_context
def _join(context: Any, items: Any) -> Markup:
    """Join escaped items (markup stays markup) with the locale's list pattern."""
    return Markup(formatting.join_list([str(escape(i)) for i in items], _locale(context)))


@pass_context
def _text(context: Any, value: Any) -> str:
    return formatting.text(value, context["lang"], context["default_lang"])


@pass_context
def _text_lang(context: Any, value: Any) -> str:
    return formatting.text_lang(value, context["lang"], context["default_lang"])


@pass_context
def text_in(context: Any, value: Any, lang: str) -> str:
    return formatting.text(value, lang, context["default_lang"])


def keep_compiled(env: Any, settings: Any) -> None:
    """Keep compiled templates between builds, in ``CACHE_PATH/templates``.

    Compiling the theme's templates took ~0.25 s of every build (make bench's
    profile); Jinja's bytecode cache reuses them while a template's source is
    unchanged. A build runs in a process of its own (the devserver starts one
    per change), so templates need not be checked for changes during it.
    """
    env.auto_reload = False
    if settings.get("CACHE_PATH"):
        directory = os.path.join(settings["CACHE_PATH"], "templates")
        os.makedirs(directory, exist_ok=True)
        env.bytecode_cache = FileSystemBytecodeCache(directory)


def add_to_environment(generator: Any) -> None:
    keep_compiled(generator.env, generator.settings)
    strings = UiStrings(generator.settings)
    generator.env.globals.update(
        {"_": strings.gettext, "gettext": strings.gettext, "ngettext": strings.ngettext,
         "gettext_in": strings.gettext_in, "text_in": text_in, "numbering_system": numbering_system}
    )
    generator.env.filters.update(
        {
            "date": _date,
            "weekday_date": _weekday_date,
            "time": _time,
            "occurrence": _occurrence,
            "number": _number,
            "file_size": _file_size,
            "language_name": _language_name,
            "text": _text,
            "join_list": _join,
            "text_lang": _text_lang,
            "label": strings.label,
        }
    )


def register() -> None:
    signals.generator_init.connect(add_to_environment)
