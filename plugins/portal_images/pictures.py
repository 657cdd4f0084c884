"""The pictures of one build: encoded once per source file, written once, shown by templates.

:class:`Pictures` is the build's one state object (``context["portal_images"]``).
It is made after the content was read and checked, encodes (or takes from the
cache) every picture the site shows or links, and writes the files in the
output phase:

- a picture of an ``image`` field: cut to 3:2, WebP and a JPEG fallback at the
  :data:`WIDTHS` it is wide enough for, named ``images/<name>-<hash>-<width>.<format>``
  (the hash of the source's content: a changed picture gets new addresses, so
  browsers may keep a file forever);
- a picture a body links to: ``images/<path>`` or ``materials/<path>`` as
  written, in its own format without metadata (at most :data:`BODY_WIDTH` wide);
- every picture among the downloads: ``materials/<path>``, its own format and
  size, without metadata. Pelican's static copy leaves them out (see
  :func:`leave_to_pictures`), so no file reaches the output as uploaded.

A picture is the same in every language: only its ``alt`` text is translated,
and that is the template's.
"""

from __future__ import annotations

import os
import posixpath
import re
import shutil
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from portal_content import Portal

from . import encode
from .encode import Encoded
from .sources import IMAGES, body_pictures, holders, image_path, material_pictures, picture_extension
from .store import content_hash, encoded, store_of

#: The widths a picture is written at; the browser picks by ``sizes`` and the screen.
WIDTHS = (360, 720, 1080)
#: The shape every picture of an image field is cut to (cards line up; nothing shifts).
RATIO = (3, 2)
#: What each place a picture is shown at takes of the window (``sizes``); see theme/static/css.
SIZES = {"card": "(min-width: 40rem) 22rem, 100vw", "detail": "(min-width: 42rem) 40rem, 100vw"}
#: The widest a picture in a body is published.
BODY_WIDTH = 1280
#: A picture in a body's sanitised HTML (portal_content writes ``<img …>``, never ``<img …/>``).
BODY_IMG = re.compile(r"<img\s[^>]*>")


@dataclass(frozen=True)
class PictureSet:
    """One picture's files, for ``<picture>``: WebP sources, JPEG fallback, intrinsic size."""

    files: tuple[tuple[Encoded, str], ...]  # (what, output path)
    siteurl: str

    def url(self, path: str) -> str:
        return f"{self.siteurl.rstrip('/')}/{path}"

    def srcset(self, fmt: str) -> str:
        return ", ".join(f"{self.url(path)} {item.width}w" for item, path in self.files if item.format == fmt)

    def _smallest(self, fmt: str) -> tuple[Encoded, str]:
        return min(((i, p) for i, p in self.files if i.format == fmt), key=lambda entry: entry[0].width)

    @property
    def src(self) -> str:
        """The fallback ``src``: the smallest JPEG."""
        return self.url(self._smallest("jpeg")[1])

    @property
    def largest(self) -> str:
        """The widest JPEG (sharing cards, structured data)."""
        return self.url(max(((i, p) for i, p in self.files if i.format == "jpeg"), key=lambda e: e[0].width)[1])

    @property
    def width(self) -> int:
        return self._smallest("jpeg")[0].width

    @property
    def height(self) -> int:
        return self._smallest("jpeg")[0].height

    @staticmethod
    def sizes(role: str) -> str:
        return SIZES[role]


class Pictures:
    """Every picture of one build, by its path under content/ (``images/kochabend.jpg``)."""

    def __init__(self, settings: dict[str, Any], portal: Portal):
        self.content_dir = settings["PATH"]
        self.siteurl = settings.get("SITEURL", "")
        self.store = store_of(settings)
        self.sets: dict[str, PictureSet] = {}
        self.copies: dict[str, str] = {}  # output path -> file holding its bytes
        self.sizes: dict[str, tuple[int, int]] = {}  # URL of a body's picture -> its width and height
        data = portal.data
        data_dir = settings.get("PORTAL_DATA_PATH") or os.path.join(os.path.dirname(self.content_dir), "data")
        documents = [doc for items in portal.items.values() for item in items
                     for doc in (item.source, *item.translations.values())]
        for holder in holders(data, documents, data_dir):
            image = holder.values.get("image")
            if isinstance(image, str) and image:
                self._picture(image_path(image))
        for _doc, rel, _line in body_pictures(documents):
            if picture_extension(rel):  # a download keeps its size, even where a body shows it
                self._copy(rel, BODY_WIDTH if rel.startswith(f"{IMAGES}/") else None)
        for rel in material_pictures(self.content_dir):
            self._copy(rel, None)

    def _read(self, rel: str) -> bytes:
        with open(os.path.join(self.content_dir, rel), "rb") as handle:
            return handle.read()

    def _picture(self, rel: str) -> None:
        if rel in self.sets:
            return
        data = self._read(rel)
        made = encoded(self.store, data, "responsive", lambda: list(encode.responsive(data, WIDTHS, RATIO)))
        stem = posixpath.splitext(rel)[0]
        files = []
        for item, held in made:
            path = f"{stem}-{content_hash(data)[:10]}-{item.width}.{'jpg' if item.format == 'jpeg' else item.format}"
            self.copies[path] = held
            files.append((item, path))
        self.sets[rel] = PictureSet(tuple(files), self.siteurl)

    def _copy(self, rel: str, max_width: int | None) -> None:
        if rel in self.copies:
            return
        data = self._read(rel)
        recipe = f"stripped-{max_width or 'full'}"
        [(item, held)] = encoded(self.store, data, recipe, lambda: [encode.stripped(data, max_width)])
        self.copies[rel] = held
        self.sizes[f"{self.siteurl.rstrip('/')}/{rel}"] = (item.width, item.height)

    def picture(self, image: str | None) -> PictureSet | None:
        """The picture of an ``image`` field's value, or None (no image)."""
        if not image:
            return None
        return self.sets.get(image_path(image))

    def sized(self, html: str) -> Markup:
        """A body's HTML with each of its pictures given width, height and lazy loading
        (so the text does not jump when it arrives)."""
        def add(match: re.Match) -> str:
            tag = match[0]
            src = re.search(r'\ssrc="([^"]*)"', tag)
            size = self.sizes.get(src[1]) if src else None
            if size is None or re.search(r"\s(width|height|loading)=", tag):
                return tag
            return f'{tag[:-1]} width="{size[0]}" height="{size[1]}" loading="lazy" decoding="async">'

        return Markup(BODY_IMG.sub(add, str(html)))

    def write(self, output_path: str) -> None:
        for path, held in sorted(self.copies.items()):
            target = os.path.join(output_path, *path.split("/"))
            os.makedirs(os.path.dirname(target), exist_ok=True)
            shutil.copyfile(held, target)
