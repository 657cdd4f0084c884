"""Colour arithmetic for the theme's brand colours: WCAG contrast and dark-scheme counterparts.

A city configures its colours for the light scheme; the dark scheme's are derived
here (same hue, lightness moved until the pair reads) unless the city sets them.
Contrast follows WCAG 2.x: relative luminance of sRGB, ratio (L1 + 0.05) / (L2 + 0.05).
"""

from __future__ import annotations

import colorsys
import re

HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")

RGB = tuple[float, float, float]


def parse(colour: str) -> RGB:
    """``#rgb`` or ``#rrggbb`` as three channels between 0 and 1."""
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return tuple(int(digits[i:i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def to_hex(rgb: RGB) -> str:
    return "#" + "".join(f"{round(max(0.0, min(1.0, c)) * 255):02x}" for c in rgb)


def normal(colour: str) -> str:
    """The colour as lower-case ``#rrggbb`` (what the stylesheet and messages show)."""
    return to_hex(parse(colour))


def luminance(colour: str) -> float:
    """WCAG relative luminance."""
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in parse(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """The WCAG contrast ratio of two colours, from 1 to 21."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def with_lightness(colour: str, lightness: float, saturation_factor: float = 1.0) -> str:
    hue, _, saturation = colorsys.rgb_to_hls(*parse(colour))
    return to_hex(colorsys.hls_to_rgb(hue, max(0.0, min(1.0, lightness)), saturation * saturation_factor))


def readable_on(colour: str, backgrounds: tuple[str, ...], ratio: float, lighten: bool) -> str:
    """``colour``'s hue made lighter (or darker) in small steps until it reaches ``ratio``
    against every one of ``backgrounds``; white or black when no shade of the hue does."""
    _, lightness, _ = colorsys.rgb_to_hls(*parse(colour))
    step = 0.01 if lighten else -0.01
    candidate = normal(colour)
    while 0.0 <= lightness <= 1.0:
        candidate = with_lightness(colour, lightness)
        if all(contrast(candidate, background) >= ratio for background in backgrounds):
            return candidate
        lightness += step
    return "#ffffff" if lighten else "#000000"
