"""The city's look, from ``data/site.yaml`` ``brand:``: colours in both schemes, logo, icons.

A city sets its colours for the light scheme; the dark scheme's counterparts are
derived (:mod:`.colours`) unless ``brand.dark`` sets them. Every pair a reader has
to read is checked here, at build time, in both schemes: a configured colour that
fails WCAG AA is an editor error naming site.yaml's line and the pair, so a city
cannot publish a header nobody can read. The logo and icon are SVG files under
``data/``, allowlisted by :mod:`.svgsafe`; a home-screen icon is an optional PNG
the city provides (no SVG renderer is needed at build time).
"""

from __future__ import annotations

import os
import struct
from dataclasses import dataclass, field
from typing import Any

from . import colours
from .errors import ContentError
from .files import escapes
from .messages import tr
from .schemacheck import line_at
from .svgsafe import MAX_BYTES as MAX_FILE_BYTES, SafeSvg, clean_svg

#: The theme's colours where site.yaml sets none (the demo's navy and GOV.UK's focus yellow).
DEFAULT_COLOURS = {"primary": "#0b5fa5", "header": "#084578", "accent": "#ffbf47"}
#: The fixed colours of each scheme (CSS custom properties of the same names, ``_`` as ``-``);
#: the brand colours are checked against them, and tests/test_brand.py checks their own pairs.
NEUTRALS = {
    "light": {"background": "#ffffff", "surface": "#f3f4f6", "raised": "#ffffff", "text": "#1d1d1f",
              "muted": "#4a4a52", "border": "#c9ccd3", "field_border": "#6b6b75", "on_primary": "#ffffff",
              "on_header": "#ffffff", "halo": "#1d1d1f", "urgent": "#a4161a", "ok": "#1b6e34", "warn": "#7a4b00",
              "notice": "#fff4d6", "notice_ended": "#fde8e8", "notice_draft": "#e6ecfa", "draft": "#2f4f9a",
              "notice_ok": "#e6f4ea", "mark": "#fff1a8"},
    "dark": {"background": "#121417", "surface": "#1d2126", "raised": "#181b1f", "text": "#e8eaed",
             "muted": "#b4b9c1", "border": "#3b4048", "field_border": "#8d939c", "on_primary": "#121417",
             "on_header": "#ffffff", "halo": "#000000", "urgent": "#ff9b9b", "ok": "#7ad696", "warn": "#f2b860",
             "notice": "#2f2813", "notice_ended": "#3b1e20", "notice_draft": "#1d2642", "draft": "#9db3ff",
             "notice_ok": "#16321f", "mark": "#5a4a00"},
}
#: What a reader must be able to read: (brand colour, the colours it meets, WCAG AA minimum,
#: what it is); the least readable of the colours it meets is the one reported.
PAIRS = (
    ("primary", ("background", "raised"), 4.5, tr("links and tags on the page")),
    ("primary", ("surface",), 4.5, tr("links on cards")),
    ("primary", ("notice", "notice_ended", "notice_draft", "notice_ok"), 4.5, tr("links in notices")),
    ("primary", ("on_primary",), 4.5, tr("the text of buttons")),
    ("header", ("on_header",), 4.5, tr("the header's text")),
    ("accent", ("halo",), 3.0, tr("the focus ring")),
)
#: The backgrounds a link meets in a scheme: a derived primary colour must read on all of them.
LINK_BACKGROUNDS = ("background", "raised", "surface", "notice", "notice_ended", "notice_draft", "notice_ok",
                    "on_primary")
KEYS = tuple(DEFAULT_COLOURS)
SCHEMES = {"light": tr("light scheme"), "dark": tr("dark scheme")}
#: site.yaml's ``accent`` is the focus ring: in the stylesheet ``--focus`` (``--accent`` is the
#: stylesheet's older name of ``--primary``, kept for the blocks that use it).
CSS_NAMES = {"accent": "focus"}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
#: The PNG chunks that make up the picture; everything else (text, EXIF, time) is left out.
PNG_PICTURE = {b"IHDR", b"PLTE", b"tRNS", b"gAMA", b"sRGB", b"IDAT", b"IEND"}


@dataclass(frozen=True)
class Logo:
    svg: SafeSvg
    alt: Any  # a site text: a string or {de: …, en: …}


@dataclass
class Brand:
    """What the theme needs from ``brand:``: one colour per key and scheme, logo and icons."""

    light: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_COLOURS))
    dark: dict[str, str] = field(default_factory=dict)
    logo: Logo | None = None
    icon: SafeSvg | None = None  # the favicon: brand.icon, else the logo, else none (the theme's own)
    touch_icon: bytes | None = None  # a PNG for home screens (apple-touch-icon)

    def __post_init__(self) -> None:
        if not self.dark:
            self.dark = derive_dark(self.light, NEUTRALS["dark"])

    def css(self) -> str:
        """Every colour token of both schemes (appended to the theme's stylesheet)."""
        def block(values: dict[str, str]) -> str:
            return "".join(f"--{CSS_NAMES.get(key, key).replace('_', '-')}:{value};" for key, value in values.items())
        return (f":root{{{block({**NEUTRALS['light'], **self.light})}}}\n"
                "@media (prefers-color-scheme: dark){:root{"
                f"{block({**NEUTRALS['dark'], **self.dark})}}}}}\n")


def derive_dark(light: dict[str, str], neutrals: dict[str, str]) -> dict[str, str]:
    """The dark scheme's counterparts of the light colours: the same hues, made readable there."""
    return {
        "primary": colours.readable_on(light["primary"], tuple(neutrals[name] for name in LINK_BACKGROUNDS), 5.0,
                                       lighten=True),
        "header": colours.readable_on(colours.with_lightness(light["header"], 0.2, 0.6),
                                      (neutrals["on_header"],), 9.0, lighten=False),
        "accent": colours.readable_on(light["accent"], (neutrals["halo"], neutrals["background"]), 4.0,
                                      lighten=True),
    }


def load_brand(site: Any, site_path: str, data_dir: str, errors: list[ContentError]) -> Brand:
    """The brand of ``site`` (site.yaml, checked by its schema); contrast and file problems
    go to ``errors`` with site.yaml's line."""
    settings = site.get("brand") or {}
    configured = settings.get("colours") or {}
    light = {key: colours.normal(configured.get(key, DEFAULT_COLOURS[key])) for key in KEYS}
    dark_set = settings.get("dark") or {}
    derived = derive_dark(light, NEUTRALS["dark"])
    dark = {key: colours.normal(dark_set[key]) if key in dark_set else derived[key] for key in KEYS}
    for scheme, values, section in (("light", light, "colours"), ("dark", dark, "dark")):
        for key, others, minimum, use in PAIRS:
            other = min(others, key=lambda name: colours.contrast(values[key], NEUTRALS[scheme][name]))
            ratio = colours.contrast(values[key], NEUTRALS[scheme][other])
            if ratio >= minimum:
                continue
            # the colour an editor set: the dark one, or the light one it was derived from
            where = section if key in (settings.get(section) or {}) else "colours"
            errors.append(ContentError(
                site_path,
                tr("%(colour)s with %(other)s (%(use)s, %(scheme)s) has a contrast of %(ratio)s:1; "
                   "WCAG AA needs %(minimum)s:1", colour=values[key], other=NEUTRALS[scheme][other],
                   use=use, scheme=SCHEMES[scheme], ratio=f"{ratio:.2f}", minimum=f"{minimum:g}"),
                line_at(site, ["brand", where, key]), f"brand.{where}.{key}"))
    brand = Brand(light, dark)
    logo = settings.get("logo")
    if logo:
        svg = _svg_file(logo["file"], data_dir, site, site_path, ["brand", "logo", "file"], errors)
        brand.logo = Logo(svg, logo["alt"]) if svg else None
    if settings.get("icon"):
        brand.icon = _svg_file(settings["icon"], data_dir, site, site_path, ["brand", "icon"], errors)
    elif brand.logo:
        brand.icon = brand.logo.svg  # the favicon is made from the logo unless a square icon is given
    if settings.get("touch_icon"):
        brand.touch_icon = _png_file(settings["touch_icon"], data_dir, site, site_path, errors)
    return brand


def _file(relative: str, data_dir: str, site: Any, site_path: str, where: list[str],
          errors: list[ContentError]) -> bytes | None:
    """The bytes of a file under data/ that site.yaml names, or None with an error."""
    field_name = ".".join(where)
    line = line_at(site, where)
    full = os.path.join(data_dir, relative)
    if escapes(relative) or os.path.isabs(relative):
        errors.append(ContentError(site_path, tr("%(url)r leads out of data/", url=relative), line, field_name))
        return None
    try:
        if not os.path.isfile(full):
            raise FileNotFoundError(full)
        with open(full, "rb") as handle:
            return handle.read(MAX_FILE_BYTES + 1)  # clean_svg and _png_file refuse what is larger
    except (OSError, ValueError):  # ValueError: a NUL in the name
        errors.append(ContentError(site_path, tr("the file data/%(file)s does not exist", file=relative),
                                   line, field_name))
        return None


def _svg_file(relative: str, data_dir: str, site: Any, site_path: str, where: list[str],
              errors: list[ContentError]) -> SafeSvg | None:
    data = _file(relative, data_dir, site, site_path, where, errors)
    if data is None:
        return None
    svg, problems = clean_svg(data)
    for problem in problems:
        errors.append(ContentError(site_path, tr("data/%(file)s: %(problem)s", file=relative, problem=problem),
                                   line_at(site, where), ".".join(where)))
    return svg


def _png_file(relative: str, data_dir: str, site: Any, site_path: str, errors: list[ContentError]) -> bytes | None:
    where = ["brand", "touch_icon"]
    data = _file(relative, data_dir, site, site_path, where, errors)
    if data is None:
        return None
    if len(data) > MAX_FILE_BYTES:
        errors.append(ContentError(site_path, tr("the file data/%(file)s is larger than %(most)s bytes",
                                                 file=relative, most=f"{MAX_FILE_BYTES:,}"),
                                   line_at(site, where), "brand.touch_icon"))
        return None
    chunks = _png_chunks(data)
    if chunks is None:
        errors.append(ContentError(site_path, tr("data/%(file)s is not a PNG image", file=relative),
                                   line_at(site, where), "brand.touch_icon"))
        return None
    width, height = struct.unpack(">II", data[16:24])
    if (width, height) != (180, 180):
        errors.append(ContentError(site_path, tr("data/%(file)s is %(width)d×%(height)d pixels; a home-screen "
                                                 "icon is 180×180", file=relative, width=width, height=height),
                                   line_at(site, where), "brand.touch_icon"))
        return None
    # only what draws the picture: text, time and EXIF chunks may say who made it where
    return PNG_SIGNATURE + b"".join(chunk for kind, chunk in chunks if kind in PNG_PICTURE)


def _png_chunks(data: bytes) -> list[tuple[bytes, bytes]] | None:
    """The chunks of a PNG file as (type, whole chunk), or None when it is not one."""
    if not data.startswith(PNG_SIGNATURE) or data[12:16] != b"IHDR":
        return None
    chunks, position = [], len(PNG_SIGNATURE)
    while position + 12 <= len(data):
        (length,) = struct.unpack(">I", data[position:position + 4])
        kind = data[position + 4:position + 8]
        end = position + 12 + length
        if end > len(data):
            return None
        chunks.append((kind, data[position:end]))
        position = end
        if kind == b"IEND":
            return chunks
    return None
