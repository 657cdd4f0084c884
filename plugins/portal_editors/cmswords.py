"""How the CMS at /admin/ speaks: the editors' language, for labels, hints and Decap's own buttons.

The language is :func:`portal_content.editors_language` (``PORTAL_LANG``, else
``editors_language:`` in data/site.yaml, else the site's default language), as
for ``make check``, ``make new`` and ``make report``: one editor sees one
language in every tool.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from babel.support import NullTranslations

from portal_content import SiteData, editors_language, site_text
from portal_content.messages import TRANSLATIONS, tools_translations
from portal_i18n.catalogues import load_catalogue

#: Decap's UI languages (decap-cms 3.16.3); others fall back to English.
DECAP_LOCALES = {
    "bg", "ca", "cs", "da", "de", "en", "es", "fa", "fr", "gr", "he", "hr", "hu", "it", "ja", "ko",
    "lt", "mk", "nl", "pl", "pt", "ro", "ru", "sk", "sl", "sv", "th", "tr", "uk", "vi",
}


@dataclass(frozen=True)
class Words:
    """How the CMS speaks: the editors' language, its tools' catalogue and the site's own."""

    lang: str = "en"
    tools: NullTranslations = NullTranslations()
    site: NullTranslations = NullTranslations()

    @classmethod
    def of(cls, data: SiteData) -> "Words":
        lang = editors_language(site=data.site)
        return cls(lang, tools_translations(lang), load_catalogue(TRANSLATIONS, lang))

    @property
    def decap_locale(self) -> str:
        """Decap's own interface language: the editors' language where Decap has it, else English."""
        base = self.lang.split("-")[0]
        return base if base in DECAP_LOCALES else "en"

    def tool(self, text: Any) -> str:
        """A label or help of the registry (tools' catalogue, or a site type's ``{de: …}``)."""
        return site_text(text, self.lang, self.tools.gettext)

    def label(self, msgid: Any) -> str:
        """A label readers see too (a type's name, a coded value): the site's catalogue."""
        return site_text(msgid, self.lang, self.site.gettext)
