"""Draws the demo portal's pictures (content/images/*.png) with Pillow: simple flat scenes.

The demo needs pictures that belong to nobody else: these are drawn here, from
shapes, and committed. Run again after changing a drawing:
``.venv/bin/python tools/draw_demo_pictures.py``.
"""

from __future__ import annotations

import math
import os
from typing import Callable

from PIL import Image, ImageDraw

HERE = os.path.dirname(os.path.abspath(__file__))
TARGET = os.path.join(os.path.dirname(HERE), "content", "images")
SIZE = (1200, 800)
SKY, GROUND, INK = (214, 232, 240), (120, 170, 110), (40, 52, 70)


def _canvas(sky=SKY, ground=GROUND, horizon: int = 560) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = Image.new("RGB", SIZE, sky)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, horizon, SIZE[0], SIZE[1]), fill=ground)
    return image, draw


def _wheel(draw: ImageDraw.ImageDraw, cx: int, cy: int, r: int) -> None:
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=INK, width=14)
    for step in range(12):
        angle = step * math.pi / 6
        draw.line((cx, cy, cx + r * math.cos(angle), cy + r * math.sin(angle)), fill=(110, 120, 130), width=3)


def bicycle() -> Image.Image:
    """A bicycle on a workbench, a spanner beside it."""
    image, draw = _canvas(ground=(190, 160, 120))
    draw.rectangle((120, 600, 1080, 640), fill=(120, 80, 50))  # workbench
    _wheel(draw, 380, 470, 130)
    _wheel(draw, 820, 470, 130)
    frame = [(380, 470), (560, 470), (720, 300), (500, 300), (380, 470)]
    draw.line(frame, fill=(200, 60, 50), width=16, joint="curve")
    draw.line((560, 470, 470, 250), fill=(200, 60, 50), width=16)
    draw.line((720, 300, 820, 470), fill=(200, 60, 50), width=16)
    draw.line((700, 230, 760, 230), fill=INK, width=14)  # handlebar
    draw.line((720, 300, 710, 230), fill=INK, width=12)
    draw.rectangle((430, 235, 520, 255), fill=INK)  # saddle
    draw.line((950, 700, 1100, 640), fill=(150, 155, 160), width=22)  # spanner
    draw.ellipse((1080, 615, 1130, 665), outline=(150, 155, 160), width=14)
    return image


def garden() -> Image.Image:
    """Raised beds with seedlings and a watering can."""
    image, draw = _canvas(ground=(150, 110, 70), horizon=500)
    draw.ellipse((960, 60, 1100, 200), fill=(250, 210, 80))  # sun
    for left in (80, 460, 840):
        draw.rectangle((left, 560, left + 300, 700), fill=(130, 90, 50), outline=(90, 60, 30), width=8)
        for x in range(left + 40, left + 300, 60):
            draw.line((x, 560, x, 470), fill=(60, 130, 60), width=8)
            draw.ellipse((x - 35, 440, x, 480), fill=(90, 170, 80))
            draw.ellipse((x, 430, x + 35, 470), fill=(90, 170, 80))
    draw.rectangle((600, 720, 720, 790), fill=(60, 120, 170))  # watering can
    draw.line((720, 735, 790, 700), fill=(60, 120, 170), width=14)
    return image


def books() -> Image.Image:
    """A shelf of books and an open book on a table."""
    image, draw = _canvas(sky=(245, 236, 220), ground=(170, 120, 80), horizon=600)
    colours = [(200, 70, 60), (60, 110, 170), (230, 180, 60), (90, 150, 90), (140, 90, 160), (60, 60, 80)]
    x = 100
    for index in range(16):
        width = 45 + (index * 17) % 30
        height = 230 + (index * 37) % 90
        draw.rectangle((x, 420 - height, x + width, 420), fill=colours[index % len(colours)])
        x += width + 8
    draw.rectangle((80, 420, 1120, 440), fill=(120, 80, 50))  # shelf
    draw.polygon([(380, 700), (600, 660), (600, 760), (380, 790)], fill=(250, 250, 245), outline=INK)
    draw.polygon([(600, 660), (820, 700), (820, 790), (600, 760)], fill=(250, 250, 245), outline=INK)
    for row in range(5):
        draw.line((410, 705 + row * 14, 580, 675 + row * 14), fill=(150, 150, 150), width=3)
        draw.line((620, 675 + row * 14, 790, 705 + row * 14), fill=(150, 150, 150), width=3)
    return image


def cafe() -> Image.Image:
    """Two cups on a table and speech bubbles in different scripts' shapes."""
    image, draw = _canvas(sky=(250, 240, 225), ground=(200, 150, 100), horizon=580)
    for cx, colour in ((430, (200, 80, 70)), (770, (60, 120, 170))):
        draw.rectangle((cx - 80, 470, cx + 80, 600), fill=colour)
        draw.ellipse((cx + 60, 500, cx + 130, 570), outline=colour, width=16)
        draw.ellipse((cx - 120, 590, cx + 120, 630), fill=(240, 240, 240))
    for box, tail in (((140, 80, 560, 330), [(330, 330), (400, 330), (380, 420)]),
                      ((640, 120, 1060, 370), [(820, 370), (890, 370), (800, 450)])):
        draw.rounded_rectangle(box, radius=50, fill="white", outline=INK, width=6)
        draw.polygon(tail, fill="white")
        for row in range(3):
            top = box[1] + 60 + row * 55
            draw.line((box[0] + 50, top, box[2] - 50 - row * 60, top), fill=(120, 130, 140), width=14)
    return image


def cooking() -> Image.Image:
    """A pot on a stove, plates and a bowl of fruit on a long table."""
    image, draw = _canvas(sky=(250, 236, 210), ground=(180, 110, 70), horizon=520)
    draw.rectangle((430, 330, 770, 500), fill=(90, 95, 105))  # pot
    draw.rectangle((400, 310, 800, 340), fill=(60, 65, 75))
    for x in (500, 600, 700):  # steam
        draw.arc((x - 30, 180, x + 30, 300), 90, 270, fill=(200, 200, 200), width=10)
    for cx in (180, 420, 780, 1020):
        draw.ellipse((cx - 110, 600, cx + 110, 700), fill=(250, 250, 250), outline=(200, 200, 200), width=6)
        draw.ellipse((cx - 60, 625, cx + 60, 675), fill=(230, 170, 60))
    draw.ellipse((520, 610, 680, 720), fill=(120, 80, 50))  # bowl
    for cx, colour in ((560, (210, 50, 40)), (600, (250, 200, 50)), (640, (110, 170, 60))):
        draw.ellipse((cx - 30, 580, cx + 30, 640), fill=colour)
    return image


DRAWINGS: dict[str, Callable[[], Image.Image]] = {
    "fahrradwerkstatt.png": bicycle, "gartenprojekt.png": garden, "lesepaten.png": books,
    "sprachcafe.png": cafe, "kochabend.png": cooking,
}


def main() -> None:
    os.makedirs(TARGET, exist_ok=True)
    for name, draw in DRAWINGS.items():
        draw().save(os.path.join(TARGET, name), optimize=True)
        print(f"wrote content/images/{name}")


if __name__ == "__main__":
    main()
