"""QR codes for printed pages: a page's address as an inline SVG, made at build time.

Printed notices, detail pages and the brochure carry the address of the item as a
QR code so that a reader with a phone gets from paper to the page. segno (pinned;
see the README) encodes the address; the SVG is written here, as one path of
horizontal runs: no image file per item and language (the hosting budget counts
files), no request to another host, and no ``style`` attribute (the site's
Content-Security-Policy forbids inline styles). The size on paper is the caller's
CSS: the SVG has a ``viewBox`` and no width or height.

The trap: every detail page in every language gets a code, so its cost counts
thousands of times. segno's choice of the best of eight masks takes about six
times as long as encoding with a fixed one, so the mask is fixed (any mask is
valid, and readers decode it from the code itself); the path is written from
segno's matrix directly, which is quicker than its SVG writer.
"""

from __future__ import annotations

from html import escape

import segno
from markupsafe import Markup

#: Error correction level M: survives a crease or a smudge on a notice board
#: (15 % of the code), and the code stays small enough to scan from a phone at arm's length.
ERROR_LEVEL = "m"
#: The mask pattern (0–7), fixed rather than chosen per code (see above); pattern 0
#: is the checkerboard, which breaks up large areas of one colour everywhere.
MASK = 0
#: The quiet zone around the code, in modules; 4 is what the QR standard asks for.
QUIET_ZONE = 4


def qr_svg(url: str, label: str, css_class: str = "qr") -> Markup:
    """An ``<svg>`` element (safe markup) that encodes ``url``, named ``label`` for
    assistive technology. Black modules on a white square, so the code scans when
    it is shown on a dark screen too."""
    matrix = segno.make(url, error=ERROR_LEVEL, micro=False, mask=MASK).matrix
    size = len(matrix) + 2 * QUIET_ZONE
    return Markup(
        f'<svg role="img" aria-label="{escape(label, quote=True)}" viewBox="0 0 {size} {size}" '
        f'class="{escape(css_class, quote=True)}"><path fill="#fff" d="M0 0h{size}v{size}H0z"/>'
        f'<path stroke="#000" d="{_runs(matrix)}"/></svg>')


def _runs(matrix: tuple[bytearray, ...]) -> str:
    """The dark modules as horizontal strokes through the middle of each row
    (``M4 4.5h7m2 0h1…``): each run starts with a move relative to the last one's end."""
    parts: list[str] = []
    pen: tuple[int, int] | None = None
    for y, row in enumerate(matrix, start=QUIET_ZONE):
        x, width = 0, len(row)
        while x < width:
            if not row[x]:
                x += 1
                continue
            start = x
            while x < width and row[x]:
                x += 1
            left = start + QUIET_ZONE
            parts.append(f"M{left} {y}.5" if pen is None else f"m{left - pen[0]} {y - pen[1]}")
            parts.append(f"h{x - start}")
            pen = (x + QUIET_ZONE, y)
    return "".join(parts)
