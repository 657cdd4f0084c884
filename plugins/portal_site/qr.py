"""QR codes for printed pages: a page's address as an inline SVG, made at build time.

Printed notices, detail pages and the brochure carry the address of the item as a
QR code so that a reader with a phone gets from paper to the page. The code is
drawn by segno (pinned; see the README) as plain SVG markup: no image file per
item and language (the hosting budget counts files), no request to another host,
and no ``style`` attribute (the site's Content-Security-Policy forbids inline
styles; segno draws with presentation attributes only). The size on paper is the
caller's CSS: the SVG has a ``viewBox`` and no width or height.
"""

from __future__ import annotations

import io
from html import escape

import segno
from markupsafe import Markup

#: Error correction level M: survives a crease or a smudge on a notice board
#: (15 % of the code), and the code stays small enough to scan from a phone at arm's length.
ERROR_LEVEL = "m"
#: The quiet zone around the code, in modules; 4 is what the QR standard asks for.
QUIET_ZONE = 4


def qr_svg(url: str, label: str, css_class: str = "qr") -> Markup:
    """An ``<svg>`` element (safe markup) that encodes ``url``, named ``label`` for
    assistive technology. Black modules on a white square, so the code scans when
    it is shown on a dark screen too."""
    code = segno.make(url, error=ERROR_LEVEL, micro=False)
    buffer = io.BytesIO()
    code.save(buffer, kind="svg", xmldecl=False, svgns=False, nl=False, omitsize=True,
              border=QUIET_ZONE, dark="#000", light="#fff", svgclass=css_class, lineclass=None)
    svg = buffer.getvalue().decode("utf-8")
    opening = f'<svg role="img" aria-label="{escape(label, quote=True)}" '
    return Markup(opening + svg[len("<svg "):])
