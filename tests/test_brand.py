"""A city restyles the portal from data/site.yaml ``brand:`` alone: colours in both schemes
(checked for contrast when the site is built), its logo with a text alternative, favicon
and home-screen icon; what a city's files could smuggle in (scripts, other hosts, metadata)
is refused or left out."""

from __future__ import annotations

import re
import struct
import sys
import zlib

import pytest

from conftest import ROOT
from test_validation import SUMMARY, assert_error, line_of

sys.path.insert(0, str(ROOT / "plugins"))
from portal_content.brand import NEUTRALS, PAIRS, derive_dark  # noqa: E402
from portal_content.colours import contrast  # noqa: E402

LOGO = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 48"><title>Beispielheim</title>'
        '<rect width="96" height="48" rx="6" fill="#006633"/><circle cx="24" cy="24" r="12" fill="#fff"/></svg>')


def brand_site(site, brand: str) -> str:
    """The fixture's site.yaml with ``brand`` (YAML text) appended; returns the new text."""
    text = site.read("data/site.yaml") + brand
    site.write("data/site.yaml", text)
    return text


def png(width: int, height: int, *extra: tuple[bytes, bytes]) -> bytes:
    """A valid grey PNG of that size, with ``extra`` chunks (type, data) before its pixels."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    pixels = zlib.compress(b"".join(b"\x00" + b"\x80" * width for _ in range(height)))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + b"".join(chunk(kind, data) for kind, data in extra) + chunk(b"IDAT", pixels) + chunk(b"IEND", b""))


def test_a_brand_colour_that_fails_wcag_aa_in_either_scheme_stops_the_build_naming_line_and_pair(site):
    text = brand_site(site, 'brand:\n  colours:\n    primary: "#7fb3e0"\n    header: "#084578"\n'
                            '  dark:\n    header: "#9fc5e8"\n')
    result = site.build()
    # light: a pale blue link on white; dark: white header text on a pale header
    assert_error(result, "data/site.yaml", line_of(text, 'primary: "#7fb3e0"'), "brand.colours.primary",
                 "#7fb3e0 with #ffffff (links and tags on the page, light scheme) has a contrast of 2.23:1; "
                 "WCAG AA needs 4.5:1")
    assert_error(result, "data/site.yaml", line_of(text, 'header: "#9fc5e8"'), "brand.dark.header",
                 "#9fc5e8", "#ffffff", "dark scheme")
    assert SUMMARY.search(result.stderr)
    assert not result.output.exists()


def test_the_configured_colours_are_in_the_pages_stylesheet_with_readable_dark_counterparts(site):
    brand_site(site, 'brand:\n  colours:\n    primary: "#006633"\n    header: "#003d1f"\n')
    result = site.build()
    assert result.returncode == 0, result.stderr
    assert '<link rel="stylesheet" href="/theme/css/portal.css">' in result.page("de/")
    css = (result.output / "theme" / "css" / "portal.css").read_text(encoding="utf-8")
    light, dark = re.search(r"\n:root\{(.*?)\}\n@media \(prefers-color-scheme: dark\)\{:root\{(.*?)\}\}", css).groups()
    tokens = {scheme: dict(re.findall(r"--([a-z-]+):(#[0-9a-f]{6});", block))
              for scheme, block in (("light", light), ("dark", dark))}
    assert tokens["light"]["primary"] == "#006633" and tokens["light"]["header"] == "#003d1f"
    assert tokens["dark"]["primary"] != "#006633"  # derived: the same green, lighter
    assert contrast(tokens["dark"]["primary"], tokens["dark"]["background"]) >= 4.5
    assert contrast(tokens["dark"]["header"], tokens["dark"]["on-header"]) >= 4.5
    # the theme reads its colours from these tokens only
    theme = (ROOT / "theme" / "static" / "css" / "portal.css").read_text(encoding="utf-8")
    assert re.findall(r"#[0-9a-fA-F]{3,6}\b", theme) == ["#fff"]  # the logo's plate


def test_the_logo_is_in_the_header_with_its_text_alternative_in_each_language_and_a_touch_icon_without_metadata(site):
    site.write("data/brand/logo.svg", LOGO)
    site.write("data/brand/icon.png", png(180, 180, (b"tEXt", b"Author\x00Jane Doe"),
                                          (b"eXIf", b"MM\x00*GPS 51.48 11.97")))
    brand_site(site, "brand:\n  logo:\n    file: brand/logo.svg\n"
                     "    alt: {de: Stadt Beispielheim, en: City of Beispielheim, ar: مدينة بايشبيلهايم}\n"
                     "  icon: brand/logo.svg\n  touch_icon: brand/icon.png\n")
    result = site.build()
    assert result.returncode == 0, result.stderr
    for lang, alt in (("de", "Stadt Beispielheim"), ("en", "City of Beispielheim"), ("ar", "مدينة بايشبيلهايم")):
        header = re.search(r'<header class="site-header".*?</header>', result.page(f"{lang}/"), re.S).group(0)
        assert f'<img class="site-name__logo" src="/theme/logo.svg" alt="{alt}" width="80" height="40">' in header
    home = result.page("de/")
    assert '<link rel="icon" href="/theme/icon.svg" type="image/svg+xml">' in home
    assert '<link rel="apple-touch-icon" href="/theme/touch-icon.png">' in home
    published = (result.output / "theme" / "logo.svg").read_text(encoding="utf-8")
    assert "<title>Beispielheim</title>" in published and 'fill="#006633"' in published
    icon = (result.output / "theme" / "touch-icon.png").read_bytes()
    assert icon.startswith(b"\x89PNG") and b"IDAT" in icon
    assert b"tEXt" not in icon and b"Jane Doe" not in icon and b"GPS" not in icon


HOSTILE = {
    "script": ('<script>alert(1)</script>', "<script> is not allowed"),
    "handler": ('<rect width="1" height="1" onload="alert(1)"/>', "onload on <rect> is not allowed"),
    "outside link": ('<use href="https://tracker.example/x.svg#a"/>', "leads out of the file"),
    "outside url": ('<rect width="1" height="1" fill="url(https://tracker.example/p)"/>', "refers to another file"),
    "escaped url": ('<rect width="1" height="1" fill="u\\72 l(https://tracker.example/p)"/>', "refers to another file"),
    "foreign object": ('<foreignObject><p xmlns="http://www.w3.org/1999/xhtml">x</p></foreignObject>',
                       "<foreignObject> is not allowed"),
    "style": ('<style>@import url(https://tracker.example/a.css);</style>', "<style> is not allowed"),
}


def test_a_logo_with_a_script_or_a_reference_to_another_host_is_refused_naming_each_part(site):
    site.write("data/brand/logo.svg", '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
               + "".join(part for part, _ in HOSTILE.values()) + "</svg>")
    site.write("data/brand/entities.svg", '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]>'
               '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1">&a;</svg>')
    text = brand_site(site, "brand:\n  logo: {file: brand/logo.svg, alt: Logo}\n  icon: brand/entities.svg\n")
    result = site.build()
    line = line_of(text, "logo: {file")
    for name, (_, words) in HOSTILE.items():
        assert_error(result, "data/site.yaml", line, "brand.logo.file", "data/brand/logo.svg", words)
    assert_error(result, "data/site.yaml", line_of(text, "icon: brand/entities.svg"), "brand.icon",
                 "DOCTYPE or ENTITY")
    assert not result.output.exists()


@pytest.mark.parametrize("scheme", NEUTRALS)
def test_the_themes_own_colours_read_on_every_background_of_their_scheme(scheme):
    colours = NEUTRALS[scheme]
    for text in ("text", "muted", "urgent", "ok", "warn", "draft"):
        for background in ("background", "surface", "raised", "notice", "notice_ended", "notice_draft", "notice_ok"):
            assert contrast(colours[text], colours[background]) >= 4.5, (text, background)
    for background in ("background", "surface", "raised"):
        assert contrast(colours["field_border"], colours[background]) >= 3, background  # form controls
    assert contrast(colours["text"], colours["mark"]) >= 4.5  # a search hit


@pytest.mark.parametrize("colour", ["#e30613", "#ffcc00", "#006633", "#0b5fa5", "#000000", "#ffffff", "#7f7f7f"])
def test_derived_dark_colours_pass_every_pair_whatever_the_citys_colour(colour):
    dark = derive_dark({"primary": colour, "header": colour, "accent": colour}, NEUTRALS["dark"])
    for key, others, minimum, _use in PAIRS:
        for other in others:
            assert contrast(dark[key], NEUTRALS["dark"][other]) >= minimum, (key, other)


def test_without_an_icon_of_its_own_the_favicon_is_made_from_the_logo(demo_build):
    home = demo_build.page("de/")
    assert '<link rel="icon" href="/theme/icon.svg" type="image/svg+xml">' in home
    assert (demo_build.output / "theme" / "icon.svg").read_bytes() == (demo_build.output / "theme" / "logo.svg").read_bytes()
    assert 'alt="Wappen von Musterstadt"' in home
