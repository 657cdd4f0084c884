"""What a messenger shows when a reader shares a page: Open Graph and Twitter Card values.

Volunteers and newcomers pass offers on through WhatsApp, Signal and Telegram;
those apps build a preview card from the page's ``og:`` tags (title, text, image,
locale). They fetch the image themselves and need a raster image (PNG or JPEG,
not SVG) at an absolute address: without SITEURL the tags are written with the
site's paths and the card stays bare (``make publish`` warns).

The site's default image (``theme/share.png``, 1200 × 630, the size the apps crop
to) is drawn once per build from the site's name in its default language with
Pillow: one file for the whole site.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from typing import Any

from babel.core import get_global

#: Where the default image is published, under the output folder.
IMAGE_PATH = "theme/share.png"
WIDTH, HEIGHT = 1200, 630
BACKGROUND, FOREGROUND = "#0b5fa5", "#ffffff"
#: Found by Pillow in the system's font folders by file name.
FONTS = {True: "DejaVuSans-Bold.ttf", False: "DejaVuSans.ttf"}


@dataclass(frozen=True)
class ShareImage:
    """An image for link previews: its address, size and text alternative."""

    url: str
    width: int
    height: int
    alt: str


def og_locale(babel_locale: str) -> str:
    """Open Graph's ``language_TERRITORY`` for a Babel locale: ``de`` → ``de_DE``, ``ar`` → ``ar_EG``
    (the language's most likely territory, from the CLDR); a locale with a territory keeps it."""
    parts = babel_locale.replace("-", "_").split("_")
    if len(parts) > 1 and parts[-1].isupper():
        return f"{parts[0]}_{parts[-1]}"
    likely = get_global("likely_subtags").get(parts[0], parts[0]).split("_")
    return f"{parts[0]}_{likely[-1]}" if len(likely) > 1 else parts[0]


def draw_default_image(name: str, tagline: str) -> bytes:
    """The default preview image as PNG: the site's name in large type over its tagline.
    Deterministic (the same text gives the same bytes), so two builds stay identical."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    margin, y = 80, 150
    for text, size, bold in ((name, 76, True), (tagline, 40, False)):
        font, text = _font(size, bold, text)
        for line in _wrapped(text, font, WIDTH - 2 * margin)[:3]:
            draw.text((margin, y), line, font=font, fill=FOREGROUND)
            y += int(size * 1.3)
        y += 40
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _font(size: int, bold: bool, text: str) -> tuple[Any, str]:
    """DejaVu Sans (Debian's fonts-dejavu-core, there with Chromium) and the text; where it is
    missing, Pillow's built-in font, which has ASCII only, and the text in ASCII (ö → o)."""
    from PIL import ImageFont

    try:
        return ImageFont.truetype(FONTS[bold], size), text
    except OSError:
        from unidecode import unidecode

        return ImageFont.load_default(size=size), unidecode(text)


def _wrapped(text: str, font: Any, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and font.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def write_default_image(output_path: str, name: str, tagline: str) -> None:
    """Write ``theme/share.png`` into the output folder (the build's staging folder)."""
    target = os.path.join(output_path, IMAGE_PATH)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "wb") as handle:
        handle.write(draw_default_image(name, tagline))
