"""A city's logo or icon (SVG) checked against an allowlist and written anew.

An SVG file is a program as much as a picture: opened at the site's address it may
run scripts, load other hosts (``href``, ``url(…)``, ``@import``) or, through a
DOCTYPE, expand entities without end. The file comes from an editor, so nothing
outside the allowlist passes: everything the check would drop is an editor error
(as with Markdown bodies), and what is published is the parsed tree serialised
again, never the editor's bytes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from .messages import tr

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
MAX_BYTES = 100_000  # a logo, an icon: far more than a real one needs

ELEMENTS = frozenset({
    "svg", "g", "defs", "title", "desc", "path", "rect", "circle", "ellipse", "line", "polyline",
    "polygon", "text", "tspan", "linearGradient", "radialGradient", "stop", "clipPath", "mask",
    "use", "symbol",
})
ATTRIBUTES = frozenset({
    "id", "class", "viewBox", "width", "height", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r",
    "rx", "ry", "d", "points", "transform", "fill", "fill-opacity", "fill-rule", "clip-rule",
    "stroke", "stroke-width", "stroke-linecap", "stroke-linejoin", "stroke-miterlimit",
    "stroke-dasharray", "stroke-dashoffset", "stroke-opacity", "opacity", "offset", "stop-color",
    "stop-opacity", "gradientUnits", "gradientTransform", "spreadMethod", "fx", "fy", "clip-path",
    "mask", "clipPathUnits", "maskUnits", "maskContentUnits", "preserveAspectRatio", "font-family",
    "font-size", "font-weight", "font-style", "text-anchor", "dominant-baseline", "letter-spacing",
    "href", "role", "aria-label", "aria-hidden", "version", "dx", "dy", "lang",
})
#: A reference to anything but a fragment of the same file: ``url(http…)``, ``url(data:…)``.
OUTSIDE_URL = re.compile(r"url\(\s*['\"]?\s*(?!#)", re.I)


@dataclass(frozen=True)
class SafeSvg:
    """The published form of an editor's SVG file, and its size for ``width``/``height``."""

    text: str
    width: float
    height: float


def _local(name: str) -> tuple[str, str]:
    """(namespace, local name) of an ElementTree tag or attribute name."""
    if name.startswith("{"):
        namespace, _, local = name[1:].partition("}")
        return namespace, local
    return "", name


def _size(root: ET.Element) -> tuple[float, float] | None:
    box = (root.get("viewBox") or "").replace(",", " ").split()
    try:
        if len(box) == 4 and float(box[2]) > 0 and float(box[3]) > 0:
            return float(box[2]), float(box[3])
        width, height = float(root.get("width", "")), float(root.get("height", ""))
        return (width, height) if width > 0 and height > 0 else None
    except ValueError:
        return None


def clean_svg(data: bytes) -> tuple[SafeSvg | None, list[str]]:
    """The SVG re-serialised from its allowed parts, or None and every reason it is refused."""
    if len(data) > MAX_BYTES:
        return None, [tr("the SVG file is larger than %(most)s bytes", most=f"{MAX_BYTES:,}")]
    if b"<!DOCTYPE" in data.upper() or b"<!ENTITY" in data.upper():
        return None, [tr("the SVG file has a DOCTYPE or ENTITY declaration; remove it")]
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        return None, [tr("the SVG file is not well-formed XML (%(error)s)", error=str(error))]
    problems: list[str] = []
    if _local(root.tag) != (SVG, "svg"):
        problems.append(tr("the file is not an SVG image (its root element must be <svg>)"))
    for element in root.iter():
        namespace, tag = _local(element.tag)
        if namespace != SVG or tag not in ELEMENTS:
            problems.append(tr("the SVG element <%(tag)s> is not allowed (allowed: shapes, text, "
                               "gradients, groups)", tag=tag))
            continue
        for name, value in element.attrib.items():
            attr_ns, attr = _local(name)
            if attr_ns not in ("", XLINK) or attr not in ATTRIBUTES or (attr_ns == XLINK and attr != "href"):
                problems.append(tr("the SVG attribute %(attribute)s on <%(tag)s> is not allowed",
                                   attribute=attr, tag=tag))
            elif attr == "href" and not value.startswith("#"):
                problems.append(tr("the SVG link %(value)r on <%(tag)s> leads out of the file; only "
                                   "#fragments are allowed", value=value, tag=tag))
            elif OUTSIDE_URL.search(value) or "\\" in value:  # a CSS escape could spell url( in disguise
                problems.append(tr("the SVG attribute %(attribute)s on <%(tag)s> refers to another file",
                                   attribute=attr, tag=tag))
    size = _size(root)
    if size is None:
        problems.append(tr("the SVG has no viewBox (or width and height): its size is unknown"))
    if problems:
        return None, problems
    ET.register_namespace("", SVG)
    ET.register_namespace("xlink", XLINK)
    return SafeSvg(ET.tostring(root, encoding="unicode"), *size), []  # type: ignore[misc]
