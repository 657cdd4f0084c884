"""The theme's UI strings per language, from gettext ``.po`` catalogues (Babel).

Catalogues are read from ``theme/translations/<lang>/LC_MESSAGES/messages.po``
and compiled in memory, so editors and translators only ever touch ``.po`` files.
"""

from __future__ import annotations

import io
import os
from functools import lru_cache

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations


@lru_cache(maxsize=None)
def _compile(po_path: str, mtime: float) -> Translations:
    with open(po_path, "rb") as handle:
        catalog = read_po(handle)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(fp=buffer)


def load_catalogue(translations_dir: str, lang: str) -> NullTranslations:
    """The translations for ``lang``; untranslated strings stay in English."""
    for code in (lang, lang.split("-x-")[0], lang.split("-")[0]):
        po_path = os.path.join(translations_dir, code, "LC_MESSAGES", "messages.po")
        if os.path.exists(po_path):
            return _compile(po_path, os.path.getmtime(po_path))
    return NullTranslations()
