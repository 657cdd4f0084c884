"""QR codes for print: an item's address as an inline SVG.

One function, so the brochure can switch to the theme's own QR module (issue 15,
print views) when that lands: segno (pure Python, no image library) until then.
"""

from __future__ import annotations

import io

import segno


def qr_svg(url: str, size_mm: int = 30) -> str:
    """An ``<svg>`` element that encodes ``url`` and prints ``size_mm`` wide (dark on white)."""
    code = segno.make(url, error="m")
    buffer = io.BytesIO()
    code.save(buffer, kind="svg", xmldecl=False, svgns=True, nl=False, border=2, unit="mm",
              scale=size_mm / code.symbol_size(border=2)[0])
    return buffer.getvalue().decode("utf-8")
