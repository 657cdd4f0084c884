"""Pictures read safely and written again without any metadata (Pillow).

A phone photo carries the place it was taken (EXIF GPS), the camera, often an
XMP packet and comments; on a refugee-help site that position can endanger
people. So no image file is ever published as the editor uploaded it: every
one is decoded and encoded anew from its pixels alone (:func:`clean_pixels`),
which leaves EXIF, XMP, IPTC, ICC profiles, comments and PNG text chunks
behind whatever the format.

Content is untrusted: :func:`inspect` refuses a file before it is decoded when
its header promises more pixels than ``Limits.image_pixels`` (a decompression
bomb: a few kilobytes that expand to gigabytes), and turns every failure of
Pillow on a broken or hostile file into a sentence for the editor.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from typing import Iterator

from PIL import Image, ImageOps, ImageSequence

from portal_content import tr

#: The formats a picture may come in, by Pillow's name, and the file endings they go by.
FORMATS = {"JPEG": ("jpg", "jpeg"), "PNG": ("png",), "WEBP": ("webp",), "GIF": ("gif",)}
EXTENSIONS = frozenset(ext for endings in FORMATS.values() for ext in endings)
#: What Pillow raises on a broken, truncated or hostile file.
FAILURES = (OSError, ValueError, SyntaxError, EOFError, IndexError, TypeError, MemoryError,
            Image.DecompressionBombError, Image.DecompressionBombWarning)
#: Encoder settings of the responsive sizes: small files for phones on little data.
WEBP_QUALITY = 72
JPEG_QUALITY = 76


@dataclass(frozen=True)
class Encoded:
    """One file written from a picture: its bytes, format and pixel size."""

    data: bytes
    format: str  # "webp", "jpeg", "png", "gif"
    width: int
    height: int


def _open(data: bytes) -> Image.Image:
    """Pillow's lazy open (reads the header only), with its bomb warning as an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        return Image.open(io.BytesIO(data), formats=list(FORMATS))


def inspect(data: bytes, name: str, max_pixels: int) -> str | None:
    """Why ``data`` (the file ``name``) cannot be published as a picture, or None.

    Decodes it fully (a truncated file fails only then), but only after its
    header has shown that its pixels stay within ``max_pixels``.
    """
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in EXTENSIONS:
        return tr("%(name)s is not a picture the site publishes: use JPEG, PNG, WebP or GIF (.jpg, .png, .webp, "
                  ".gif)", name=name)
    try:
        with _open(data) as image:
            frames = getattr(image, "n_frames", 1)
            pixels = image.width * image.height * frames
            if pixels > max_pixels:
                return _too_many(image.width, image.height, frames, max_pixels)
            if extension not in FORMATS[image.format]:
                return tr("%(name)s is a %(format)s file with the wrong ending; rename it to .%(ending)s",
                          name=name, format=image.format, ending=FORMATS[image.format][0])
            for frame in ImageSequence.Iterator(image):
                frame.load()
            clean_pixels(image)  # a broken orientation or palette fails here, not in the build
    except Image.UnidentifiedImageError:
        return tr("%(name)s is not a JPEG, PNG, WebP or GIF picture (or the file is damaged)", name=name)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return _too_many(0, 0, 1, max_pixels)
    except FAILURES as error:
        return tr("%(name)s cannot be read as a picture (%(reason)s); save it again from an image program",
                  name=name, reason=str(error) or type(error).__name__)
    return None


def _too_many(width: int, height: int, frames: int, most: int) -> str:
    if not width:  # Pillow refused the header itself: far beyond any limit
        return tr("the picture has far more than %(most)s pixels (site.yaml limits: image_pixels): make it smaller",
                  most=f"{most:,}")
    size = f"{width} × {height}" + (f" × {frames}" if frames > 1 else "")
    return tr("the picture has %(size)s pixels; at most %(most)s are allowed (site.yaml limits: image_pixels): "
              "make it smaller", size=size, most=f"{most:,}")


def clean_pixels(image: Image.Image) -> Image.Image:
    """A new image of ``image``'s pixels only, turned upright as its EXIF orientation says.

    A new image with the pixels pasted in, so nothing of the source's ``info``
    (EXIF, XMP, ICC, comments, text chunks) can reach an encoder.
    """
    upright = ImageOps.exif_transpose(image)
    mode = "RGBA" if upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info else "RGB"
    fresh = Image.new(mode, upright.size)
    fresh.paste(upright.convert(mode))
    return fresh


def _encode(image: Image.Image, fmt: str) -> Encoded:
    out = io.BytesIO()
    if fmt == "webp":
        image.save(out, "WEBP", quality=WEBP_QUALITY, method=4)
    elif fmt == "jpeg":
        image.convert("RGB").save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    elif fmt == "png":
        image.save(out, "PNG", optimize=True)
    else:
        raise ValueError(fmt)
    return Encoded(out.getvalue(), fmt, image.width, image.height)


def responsive(data: bytes, widths: tuple[int, ...], ratio: tuple[int, int]) -> Iterator[Encoded]:
    """WebP and JPEG of the picture cut to ``ratio`` (centred), at each of ``widths`` it is wide enough for.

    One width at least: the picture's own, where it is narrower than all of them.
    """
    with _open(data) as source:
        if source.format == "JPEG":  # decode a large photo at a fraction of its size: far faster
            source.draft("RGB", (max(widths), round(max(widths) * ratio[1] / ratio[0])))
        picture = clean_pixels(source)
    cut = ImageOps.fit(picture, _cut_size(picture.size, ratio), Image.Resampling.LANCZOS)
    fitting = [w for w in widths if w <= cut.width] or [cut.width]
    for width in fitting:
        height = round(width * ratio[1] / ratio[0])
        sized = cut if width == cut.width else cut.resize((width, height), Image.Resampling.LANCZOS)
        background = Image.new("RGB", sized.size, "white")
        flat = background if sized.mode == "RGB" else background.copy()
        flat.paste(sized, mask=sized.getchannel("A") if sized.mode == "RGBA" else None)
        yield _encode(flat, "webp")
        yield _encode(flat, "jpeg")


def _cut_size(size: tuple[int, int], ratio: tuple[int, int]) -> tuple[int, int]:
    width, height = size
    if width * ratio[1] > height * ratio[0]:
        return round(height * ratio[0] / ratio[1]), height
    return width, round(width * ratio[1] / ratio[0])


def stripped(data: bytes, max_width: int | None = None) -> Encoded:
    """The picture again in its own format, without metadata; at most ``max_width`` wide.

    An animated GIF keeps its frames and timing; a JPEG stays JPEG, a PNG PNG,
    so a download keeps what it was.
    """
    with _open(data) as source:
        fmt = source.format
        if fmt == "GIF" and getattr(source, "n_frames", 1) > 1:
            return _animation(source)
        picture = clean_pixels(source)
    if max_width and picture.width > max_width:
        picture = picture.resize((max_width, round(picture.height * max_width / picture.width)),
                                 Image.Resampling.LANCZOS)
    if fmt == "GIF":
        out = io.BytesIO()
        picture.save(out, "GIF")
        return Encoded(out.getvalue(), "gif", picture.width, picture.height)
    if fmt == "WEBP":
        out = io.BytesIO()
        picture.save(out, "WEBP", quality=85)
        return Encoded(out.getvalue(), "webp", picture.width, picture.height)
    return _encode(picture, "jpeg" if fmt == "JPEG" else "png")


def _animation(source: Image.Image) -> Encoded:
    frames, durations = [], []
    for frame in ImageSequence.Iterator(source):
        durations.append(frame.info.get("duration", 100))
        frames.append(clean_pixels(frame))
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=durations, loop=0, disposal=2)
    return Encoded(out.getvalue(), "gif", frames[0].width, frames[0].height)
