"""Pictures for the tests, made here with Pillow: a phone photo's metadata, hostile files.

``photo_with_gps()`` is a JPEG as a phone writes it: EXIF with the GPS position
where it was taken, the camera, an XMP packet and a comment. ``png_with_text()``
carries PNG text chunks (tEXt, iTXt with XMP). ``metadata_of()`` reads back,
with Pillow, everything of that kind an output file holds.
"""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image, ImageDraw, PngImagePlugin

XMP = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
       b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="51,29.5N" '
       b'exif:GPSLongitude="11,58.1E"/></rdf:RDF></x:xmpmeta>')
GPS_IFD = 0x8825


def drawing(size: tuple[int, int] = (1600, 1200), mode: str = "RGB") -> Image.Image:
    """A picture with shapes and a gradient (compresses like a simple photo, not like a flat colour)."""
    image = Image.linear_gradient("L").resize(size).convert(mode)
    draw = ImageDraw.Draw(image)
    for step in range(0, size[0], 97):
        draw.ellipse((step, step % size[1], step + 180, (step % size[1]) + 140), fill=(200, 90, step % 255)[:3]
                     if mode != "L" else 128)
    return image


def photo_with_gps(size: tuple[int, int] = (1600, 1200)) -> bytes:
    """A JPEG with EXIF (GPS position, camera, orientation), XMP and a comment."""
    image = drawing(size)
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 12"  # Model
    exif[0x0112] = 1  # Orientation
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (51.0, 29.0, 30.0), 3: "E", 4: (11.0, 58.0, 6.0)})
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, xmp=XMP, comment=b"taken at the shelter", quality=90)
    return out.getvalue()


def png_with_text(size: tuple[int, int] = (800, 600)) -> bytes:
    """A PNG with text chunks: a comment, an author and an XMP packet."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "taken at the shelter, Musterstraße 5")
    info.add_text("Author", "Erika Muster")
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    out = io.BytesIO()
    drawing(size, "RGBA").save(out, "PNG", pnginfo=info)
    return out.getvalue()


def plain(fmt: str = "PNG", size: tuple[int, int] = (600, 400)) -> bytes:
    out = io.BytesIO()
    drawing(size).save(out, fmt)
    return out.getvalue()


def bomb_png(width: int = 100_000, height: int = 100_000) -> bytes:
    """A PNG of a few dozen bytes whose header promises ``width`` × ``height`` pixels."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
            + chunk(b"IEND", b""))


def metadata_of(data: bytes) -> dict[str, object]:
    """Everything of a file that is not its pixels, as Pillow reads it: EXIF (and its GPS part),
    XMP, comments, text chunks, ICC profile. Empty for a clean file."""
    found: dict[str, object] = {}
    with Image.open(io.BytesIO(data)) as image:
        exif = image.getexif()
        if len(exif):
            found["exif"] = dict(exif)
        if exif.get_ifd(GPS_IFD):
            found["gps"] = exif.get_ifd(GPS_IFD)
        for key, value in image.info.items():
            if key in ("exif", "xmp", "XML:com.adobe.xmp", "comment", "icc_profile", "Comment", "Author", "photoshop"):
                found[key] = value
        text = getattr(image, "text", None)
        if text:
            found["text"] = dict(text)
    for marker in (b"Exif\x00\x00", b"adobe:ns:meta", b"GPSLatitude", b"shelter"):
        if marker in data:
            found[marker.decode()] = "in the bytes"
    return found


def noise_png(size: tuple[int, int] = (700, 700)) -> bytes:
    """A PNG of noise: large for its pixels (noise does not compress)."""
    out = io.BytesIO()
    Image.effect_noise(size, 80).save(out, "PNG")
    return out.getvalue()
