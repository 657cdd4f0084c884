"""The QR code a printed page carries: the page's address, drawn so a phone can read it."""

from __future__ import annotations

import re

import segno

from portal_site.qr import ERROR_LEVEL, MASK, QUIET_ZONE, qr_svg


def modules_drawn(svg: str) -> set[tuple[int, int]]:
    """The dark modules (column, row) the SVG's stroked path draws, read back from its
    ``M``/``m``/``h`` commands (segno draws each dark run as a horizontal line)."""
    path = re.search(r'<path stroke="#000" d="([^"]+)"', svg).group(1)
    dark: set[tuple[int, int]] = set()
    x = y = 0.0
    for command, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?:\s*(-?[\d.]+))?", path):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        else:
            dark.update((int(x) + i, int(y)) for i in range(int(float(a))))
            x += float(a)
    return dark


def test_the_svg_draws_the_code_of_the_pages_address_with_its_quiet_zone():
    url = "https://willkommen.example.org/ar/offers/lesepaten/"
    expected = {(col + QUIET_ZONE, row + QUIET_ZONE)
                for row, line in enumerate(segno.make(url, error=ERROR_LEVEL, micro=False, mask=MASK).matrix)
                for col, module in enumerate(line) if module}
    assert modules_drawn(str(qr_svg(url, "QR code"))) == expected


def test_the_svg_keeps_to_the_strict_content_security_policy_and_scales_with_css():
    svg = str(qr_svg("https://example.org/de/events/sprachcafe/", "QR-Code", css_class="print-qr"))
    assert "style" not in svg and "<script" not in svg
    assert re.match(r'<svg role="img" aria-label="QR-Code" viewBox="0 0 (\d+) \1" class="print-qr">', svg)
    assert "width=" not in svg and "height=" not in svg


def test_the_label_cannot_break_out_of_its_attribute():
    svg = str(qr_svg("https://example.org/", 'Angebot "x" <script>'))
    assert 'aria-label="Angebot &quot;x&quot; &lt;script&gt;"' in svg
