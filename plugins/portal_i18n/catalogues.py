"""The theme's UI strings per language, from gettext ``.po`` catalogues (Babel).

Catalogues are read from ``theme/translations/<lang>/LC_MESSAGES/*.po`` and
compiled in memory, so translators only ever touch ``.po`` files. Every ``.po``
file of a language is merged: ``messages.po`` holds the core theme's strings,
and each plugin with templates of its own keeps a domain file beside it
(``forms.po``, ``search.po`` …), so their catalogues never collide.

A compiled catalogue is remembered by its files' paths and stamps (the engine's
one fingerprint scheme, :func:`portal_engine.fingerprint.stamp`), never by
language alone: a devserver or ``pelican --autoreload`` that builds again in the
same process sees a translator's change at once.
"""

from __future__ import annotations

import io
import os
from functools import lru_cache

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from portal_engine.fingerprint import stamp


#: The editors' tools' catalogue (portal_content.messages): not the site's, never merged into it.
TOOLS_DOMAIN_FILE = "tools.po"
#: (path, modification time in ns, size) of a ``.po`` file: changes with its content.
Stamp = tuple[str, int, int]


def _mo_bytes(po_path: str) -> io.BytesIO:
    """Compile a ``.po`` file in memory."""
    with open(po_path, "rb") as handle:
        catalog = read_po(handle)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return buffer


def _po_files(directory: str) -> tuple[Stamp, ...]:
    names = sorted(os.listdir(directory), key=lambda n: (n != "messages.po", n))
    stamps = []
    for name in names:
        if name.endswith(".po") and name != TOOLS_DOMAIN_FILE:
            path = os.path.join(directory, name)
            stamps.append((path, *stamp(path)))
    return tuple(stamps)


def load_catalogue(translations_dir: str, lang: str) -> NullTranslations:
    """The translations for ``lang`` as its ``.po`` files are now; untranslated strings stay in English."""
    for code in (lang, lang.split("-x-")[0], lang.split("-")[0]):
        directory = os.path.join(translations_dir, code, "LC_MESSAGES")
        if os.path.isdir(directory):
            return _merge(_po_files(directory))
    return NullTranslations()


@lru_cache(maxsize=64)
def _merge(po_files: tuple[Stamp, ...]) -> NullTranslations:
    """One Translations object holding every domain file's messages."""
    if not po_files:
        return NullTranslations()
    paths = [path for path, _mtime, _size in po_files]
    translations = Translations(fp=_mo_bytes(paths[0]))
    for path in paths[1:]:
        translations.merge(Translations(fp=_mo_bytes(path)))
    return translations
