"""The theme's UI strings per language, from gettext ``.po`` catalogues (Babel).

Catalogues are read from ``theme/translations/<lang>/LC_MESSAGES/*.po`` and
compiled in memory, so translators only ever touch ``.po`` files. Every ``.po``
file of a language is merged: ``messages.po`` holds the core theme's strings,
and each plugin with templates of its own keeps a domain file beside it
(``forms.po``, ``search.po`` …), so their catalogues never collide.
"""

from __future__ import annotations

import io
import os
from functools import lru_cache

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations


#: The editors' tools' catalogue (portal_content.messages): not the site's, never merged into it.
TOOLS_DOMAIN_FILE = "tools.po"


def _mo_bytes(po_path: str, mtime: float) -> io.BytesIO:
    """Compile a ``.po`` file in memory (``mtime`` keys the cache of its caller)."""
    with open(po_path, "rb") as handle:
        catalog = read_po(handle)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return buffer


def _po_files(directory: str) -> tuple[tuple[str, float], ...]:
    names = sorted(os.listdir(directory), key=lambda n: (n != "messages.po", n))
    return tuple(
        (os.path.join(directory, n), os.path.getmtime(os.path.join(directory, n)))
        for n in names if n.endswith(".po") and n != TOOLS_DOMAIN_FILE
    )


@lru_cache(maxsize=None)
def load_catalogue(translations_dir: str, lang: str) -> NullTranslations:
    """The translations for ``lang``; untranslated strings stay in English.

    Cached for the life of the process: every build runs in a process of its own.
    """
    for code in (lang, lang.split("-x-")[0], lang.split("-")[0]):
        directory = os.path.join(translations_dir, code, "LC_MESSAGES")
        if os.path.isdir(directory):
            return _merge(_po_files(directory))
    return NullTranslations()


@lru_cache(maxsize=None)
def _merge(po_files: tuple[tuple[str, float], ...]) -> NullTranslations:
    """One Translations object holding every domain file's messages."""
    if not po_files:
        return NullTranslations()
    first, *rest = po_files
    translations = Translations(fp=_mo_bytes(*first))
    for po_path, mtime in rest:
        translations.merge(Translations(fp=_mo_bytes(po_path, mtime)))
    return translations
