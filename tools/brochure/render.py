"""The brochure's HTML from the theme's templates, and its PDF from WeasyPrint."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from .fetcher import SiteFiles
from .listings import Section

TEMPLATE = "brochure/brochure.html"
STYLESHEET = "brochure/brochure.css"  # beside the template: for print only, never published


def html(settings: dict[str, Any], data: Any, lang: str, found: list[Section]) -> str:
    """The brochure in ``lang`` as one HTML document (the theme's UI strings and labels)."""
    from portal_content.timeutil import build_now, site_zone
    from portal_i18n import translations_dir
    from portal_i18n.catalogues import load_catalogue
    from portal_i18n.formatting import format_date, text
    from portal_site.qr import qr_svg

    templates = os.path.join(settings["THEME"], "templates")
    env = Environment(loader=FileSystemLoader(templates), autoescape=select_autoescape(["html"]))
    catalogue = load_catalogue(translations_dir(settings), lang)
    language = data.language(lang)
    default = data.default_lang

    def label(value: Any) -> str:
        return catalogue.gettext(value) if isinstance(value, str) else text(value, lang, default)

    home = f"{settings['SITEURL']}/{lang}/"
    site_name = text(data.site.get("name", ""), lang, default)
    return env.get_template(TEMPLATE).render(
        _=lambda message, **values: catalogue.gettext(message) % values if values else catalogue.gettext(message),
        lang=lang, direction=language.direction,
        site_name=site_name,
        tagline=text(data.site.get("tagline", ""), lang, default),
        as_of=format_date(build_now(site_zone(settings)).date(), language.babel_locale),
        home=home, home_qr=qr_svg(home, site_name),
        stylesheet=Markup(Path(templates, STYLESHEET).read_text(encoding="utf-8")),
        sections=[{"id": s.name, "label": label(data.types[s.name].label),
                   "items": [{"title": i.title, "url": i.url, "card": i.card, "qr": qr_svg(i.url, i.title)}
                             for i in s.items]}
                  for s in found if s.items],
    )


def render_pdf(settings: dict[str, Any], data: Any, lang: str, found: list[Section], output: Path,
               target: Path) -> int:
    """Write the PDF (beside ``target``, then renamed onto it); its number of pages."""
    from weasyprint import HTML

    document = HTML(string=html(settings, data, lang, found), base_url=f"{output.as_uri()}/",
                    url_fetcher=SiteFiles(output, settings["SITEURL"])).render()
    partial = target.with_name(f".{target.name}.partial")
    try:
        document.write_pdf(partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return len(document.pages)
