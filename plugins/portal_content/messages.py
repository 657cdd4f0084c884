"""What the editors' tools say, in the editors' language (gettext domain ``tools``).

A check writes its message where it finds the problem, in English, marked
for translation: ``tr("unknown field%(hint)s", hint=…)``. ``tr`` returns a
:class:`Message`, a ``str`` holding the English text (so it compares, sorts
and prints like one) that also keeps its msgid and parameters; whoever shows
the message to an editor translates it with :func:`translate`. Adding a check
stays one change: the message at its source; ``pybabel extract -k tr``
(see the README, "Editors' language") collects it into
``theme/translations/tools.pot``, and ``tools.po`` per language translates it.

The tools speak the language :func:`editors_language` names: ``PORTAL_LANG``
in the environment, else ``editors_language:`` in data/site.yaml, else the
site's default language. A message without a translation stays English.
"""

from __future__ import annotations

import io
import os
import re
from functools import lru_cache
from typing import Any, Callable, Mapping

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

#: theme/translations/<lang>/LC_MESSAGES/tools.po: the tools' catalogues, beside the site's.
TRANSLATIONS = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                            "theme", "translations")
DOMAIN = "tools"

Gettext = Callable[[str], str]


class Message(str):
    """An editor's message: its English text, with msgid and parameters to translate it."""

    msgid: str
    params: dict[str, Any]

    def __new__(cls, msgid: str, params: Mapping[str, Any] | None = None) -> "Message":
        params = dict(params or {})
        message = super().__new__(cls, msgid % params if params else msgid)
        message.msgid = msgid
        message.params = params
        return message

    def __reduce__(self) -> tuple[Any, ...]:  # pickled in Pelican's cache like a str with its parts
        return (Message, (self.msgid, self.params))

    def translated(self, gettext: Gettext) -> str:
        """The message in the language of ``gettext`` (English when a translation is broken)."""
        params = {key: translate(value, gettext) for key, value in self.params.items()}
        text = gettext(self.msgid)
        try:
            return str(text % params if params else text)  # a plain str: YAML and JSON writers take it
        except (KeyError, ValueError, TypeError):
            return str.__str__(self)


def tr(msgid: str, **params: Any) -> Message:
    """Mark an editor's message for translation; ``%(name)s`` placeholders take ``params``."""
    return Message(msgid, params)


def reason(error: BaseException) -> str:
    """What ``error`` says: its editors' :class:`Message` (translated when shown), else its text."""
    if len(error.args) == 1 and isinstance(error.args[0], Message):
        return error.args[0]
    return str(error) or type(error).__name__


def translate(text: Any, gettext: Gettext) -> Any:
    """``text`` in the editors' language if it is a :class:`Message`; anything else as it is."""
    return text.translated(gettext) if isinstance(text, Message) else text


def site_text(text: Any, lang: str, gettext: Gettext) -> str:
    """A label or help: a Message, a plain msgid, or a site's own ``{de: …, en: …}`` text."""
    if isinstance(text, Mapping):
        return str(text.get(lang) or text.get("en") or next(iter(text.values()), ""))
    if isinstance(text, Message):
        return text.translated(gettext)
    return str(gettext(text)) if text else ""


def _mo(po_path: str, mtime: float) -> Translations:
    with open(po_path, "rb") as handle:
        catalogue = read_po(handle)
    buffer = io.BytesIO()
    write_mo(buffer, catalogue, use_fuzzy=False)
    buffer.seek(0)
    return Translations(fp=buffer, domain=DOMAIN)


@lru_cache(maxsize=None)
def _catalogue(lang: str, mtime: float) -> NullTranslations:
    path = os.path.join(TRANSLATIONS, lang, "LC_MESSAGES", f"{DOMAIN}.po")
    return _mo(path, mtime) if mtime else NullTranslations()


def tools_translations(lang: str) -> NullTranslations:
    """The tools' catalogue for ``lang`` (English: none, the msgids are English)."""
    for code in (lang, lang.split("-")[0]):
        path = os.path.join(TRANSLATIONS, code, "LC_MESSAGES", f"{DOMAIN}.po")
        if os.path.isfile(path):
            return _catalogue(code, os.path.getmtime(path))
    return NullTranslations()


SETTING = re.compile(r"^editors_language:\s*['\"]?([A-Za-z-]+)", re.MULTILINE)
FIRST_LANGUAGE = re.compile(r"^languages:.*?\n\s*-\s*\{?\s*code:\s*['\"]?([A-Za-z-]+)", re.MULTILINE | re.DOTALL)


def editors_language(data_dir: str | None = None, site: Mapping[str, Any] | None = None) -> str:
    """The language the tools speak: PORTAL_LANG, else site.yaml's setting, else the site's language.

    ``site`` is data/site.yaml when it was read already; otherwise the setting and
    the first language are looked up in its text (a broken file still gets its
    errors in the editors' language, or in English).
    """
    chosen = os.environ.get("PORTAL_LANG", "").strip()
    if chosen:
        return chosen
    if site is not None:
        languages = site.get("languages") or [{}]
        first = languages[0].get("code") if isinstance(languages[0], Mapping) else None
        return str(site.get("editors_language") or first or "en")
    text = ""
    if data_dir:
        try:
            with open(os.path.join(data_dir, "site.yaml"), encoding="utf-8", errors="replace") as handle:
                text = handle.read(200_000)
        except OSError:
            text = ""
    match = SETTING.search(text) or FIRST_LANGUAGE.search(text)
    return match.group(1) if match else "en"


def editors_translations(data_dir: str | None = None, site: Mapping[str, Any] | None = None) -> NullTranslations:
    """The catalogue of the editors' language (see :func:`editors_language`)."""
    return tools_translations(editors_language(data_dir, site))
