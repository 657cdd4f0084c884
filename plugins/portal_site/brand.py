"""Writes the city's look into the output: the stylesheet with its colours, logo and icons.

The theme's ``portal.css`` reads every brand colour from ``--brand-*`` custom
properties; this module appends the values of ``data/site.yaml`` (both schemes)
to the published copy, so a page loads one stylesheet and no inline style (the
site's CSP forbids those). It runs at ``finalized``: Pelican copies the theme's
static files after every generator, and would overwrite an earlier copy.
"""

from __future__ import annotations

import os
from typing import Any

from portal_content.brand import Brand

#: Where the published files go, below the output folder (templates link the same paths).
STYLESHEET = "theme/css/portal.css"
LOGO = "theme/logo.svg"
ICON = "theme/icon.svg"
TOUCH_ICON = "theme/touch-icon.png"
#: The build's brand, kept in its settings between writing the pages and ``finalized``.
SETTING = "PORTAL_BRAND"


def remember_brand(site: Any, writer: Any = None) -> None:
    """``write_pages`` receiver: this build's brand, for ``finalized``."""
    site.settings[SETTING] = site.portal.data.brand


def _replace(path: str, data: bytes) -> None:
    """Write ``data`` to a new file at ``path``: Pelican may have linked the theme's own file there."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if os.path.lexists(path):
        os.unlink(path)
    with open(path, "wb") as handle:
        handle.write(data)


def write_brand(pelican: Any) -> None:
    """``finalized`` receiver: the stylesheet with the brand's colours, the logo and the icons."""
    brand: Brand | None = pelican.settings.get(SETTING)
    if brand is None:
        return
    output = pelican.output_path
    source = os.path.join(pelican.settings["THEME"], "static", "css", "portal.css")
    with open(source, "rb") as handle:
        css = handle.read()
    _replace(os.path.join(output, STYLESHEET),
             css + b"\n/* brand colours from data/site.yaml */\n" + brand.css().encode("utf-8"))
    for svg, name in ((brand.logo.svg if brand.logo else None, LOGO), (brand.icon, ICON)):
        if svg is not None:
            _replace(os.path.join(output, name), svg.text.encode("utf-8"))
    if brand.touch_icon is not None:
        _replace(os.path.join(output, TOUCH_ICON), brand.touch_icon)
