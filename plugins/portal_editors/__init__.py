"""portal_editors: what editors need beyond Markdown.

- the freshness report (:mod:`.report`), written by the build as the editors'
  page ``/editors/report/`` (noindex, not linked, not in the sitemap or the
  search) and printed by ``make report``;
- ``sitemap.xml`` with hreflang alternates and ``robots.txt`` (:mod:`.sitemap`);
- the Decap CMS at ``/admin/`` when ``admin: {enabled: true}`` is set in
  data/site.yaml (:mod:`.decap`, :mod:`.decapdata`, :mod:`.cmswords`, :mod:`.admin`);
- ``make new`` (:mod:`.scaffold`) and ``make schemas`` (:mod:`.schemas`), run
  through ``tools/portal.py`` (:mod:`.cli`).
"""

from __future__ import annotations

import os
from typing import Any

from pelican import signals

from portal_content import SiteData, editors_language, validate
from portal_site import write_pages

from . import sitemap
from .admin import enabled as admin_enabled, write_admin
from .decap import check_admin
from .report import build_report

REPORT_PATH = "editors/report/"

__all__ = ["REPORT_PATH", "register"]


def report_language(data: SiteData) -> str:
    """The report page's language: the editors' language (PORTAL_LANG, ``editors_language:``, the
    site's first language) when the site has it, since the page is rendered in the site's
    own templates and catalogues; else the site's default language."""
    chosen = editors_language(site=data.site)
    for code in (chosen, chosen.split("-")[0]):
        if code in data.codes:
            return code
    return data.default_lang


def write_editor_pages(site: Any, writer: Any = None) -> None:
    """``write_pages`` receiver: the report page, and /admin/ when enabled."""
    portal = site.portal
    lang = report_language(portal.data)
    report = build_report(portal, site.settings["PATH"], site.settings.get("PORTAL_GIT_DATES", True))
    site.write(REPORT_PATH, "editors_report", lang, {lang: site.url(REPORT_PATH)},
               page_kind="editors_report", noindex=True, report=report,
               item_url=lambda item, code: site.view(item, code).url)
    if admin_enabled(portal.data):
        name = portal.data.site.get("name")
        name = name.get(portal.data.default_lang, "") if isinstance(name, dict) else str(name)
        data_dir = site.settings.get("PORTAL_DATA_PATH") or os.path.join(os.path.dirname(site.settings["PATH"]), "data")
        write_admin(site.output_path, portal.data, site.siteurl, name, data_dir)


def register() -> None:
    signals.initialized.connect(sitemap.start)
    signals.content_written.connect(sitemap.collect)
    signals.finalized.connect(sitemap.write)
    write_pages.connect(write_editor_pages)
    validate.connect(check_admin)
