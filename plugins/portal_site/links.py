"""The addresses a page links to, as one object in every page's context: ``links``.

Templates write ``{{ links.home }}``, ``{{ links.section('partners') }}`` and
``{{ links.page('datenschutz') }}``; other plugins' template functions read the
same object from the page's context
(``context["links"].section("partners")``). Each address is worked out when it
is used, for the language of the page being rendered.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import urls


@dataclass(frozen=True)
class PageLinks:
    """Links from a page in ``lang``, made absolute with the site's address by ``site`` (the SiteGenerator)."""

    site: Any
    lang: str

    @property
    def home(self) -> str:
        """The home page of the page's language (the language choice for pages outside the languages)."""
        if self.lang in self.site.portal.data.codes:
            return self.site.url(urls.home_path(self.lang))
        return self.site.url("")

    def section(self, section: str) -> str:
        """A section's listing: ``offers``, ``events`` … ``links``, ``partners``."""
        return self.site.url(urls.section_path(self.lang, section))

    def page(self, slug: str) -> str | None:
        """A content page in the reader's language (or its source's), None when it is missing or a draft."""
        return self.site.page_url(slug, self.lang)
