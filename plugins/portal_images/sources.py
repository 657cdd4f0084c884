"""Which pictures a build publishes, and what is wrong with them: the editors' errors.

A picture is published from three places: the ``image`` field of an item, an
organisation or a place (a file under ``content/images/``); a body's link to a
file under ``content/images/`` or ``content/materials/``; and every picture
among the downloads in ``content/materials/``. :func:`check_pictures` is the
``validate`` receiver of portal_content, so these errors are listed in one
round with all others, each with its file, line and field.

A file is decoded to be checked (a damaged file fails only then); a file whose
content already passed, in this or an earlier build, is not decoded again
(the engine's file store remembers it by its content's hash: :mod:`portal_engine.filestore`).
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

from portal_content import ContentError, Document, SiteData, internal_link, line_at, tr
from portal_content.files import escapes
from portal_engine.filestore import FileStore

from .encode import EXTENSIONS, inspect
from .store import store_of

IMAGES = "images"
MATERIALS = "materials"


@dataclass(frozen=True)
class Holder:
    """Something that may show a picture: an item's source document or a data record."""

    path: str  # the file, as editors see it
    values: Any  # its fields (a LinedDict: each key knows its line)
    prefix: str = ""  # the record's place in a list file: ``[2].``


def image_path(value: str) -> str:
    """The file an ``image`` field names, relative to content/: ``images/<value>``.

    A leading ``/`` is allowed (the CMS may write one: its ``public_folder`` is empty).
    """
    return posixpath.normpath(posixpath.join(IMAGES, value.lstrip("/")))


def picture_extension(path: str) -> bool:
    return posixpath.splitext(path)[1].lstrip(".").lower() in EXTENSIONS


def holders(data: SiteData, documents: Iterable[Document], data_dir: str) -> Iterator[Holder]:
    """Every source document, organisation and place (translations hold no ``image``)."""
    for doc in documents:
        if doc.lang == data.default_lang:
            yield Holder(doc.path, doc.meta)
    for name, records in (("organisations", data.organisations), ("places", data.places)):
        folder = os.path.join(data_dir, name)
        for index, (record_id, record) in enumerate(records.items()):
            if os.path.isdir(folder):
                yield Holder(os.path.relpath(os.path.join(folder, f"{record_id}.yaml")), record)
            else:
                yield Holder(os.path.relpath(os.path.join(data_dir, f"{name}.yaml")), record, f"[{index}].")


def body_pictures(documents: Iterable[Document]) -> Iterator[tuple[Document, str, int]]:
    """Each link of a body to a file under images/ or materials/ that is a picture (or claims to be)."""
    for doc in documents:
        for url, line in doc.links:
            link = internal_link(url, doc.rel)
            if link is None or link.to_document or escapes(link.path):
                continue
            top = link.path.split("/", 1)[0]
            if top == IMAGES or (top == MATERIALS and picture_extension(link.path)):
                yield doc, link.path, line


def material_pictures(content_dir: str) -> Iterator[str]:
    """The pictures among the downloads, relative to content/ (``materials/plan.png``)."""
    root = os.path.join(content_dir, MATERIALS)
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and picture_extension(name):
                rel = os.path.relpath(os.path.join(folder, name), content_dir)
                yield rel.replace(os.sep, "/")


class Checker:
    """The problems of picture files, each file checked once per build."""

    def __init__(self, content_dir: str, data: SiteData, store: FileStore):
        self.content_dir = content_dir
        self.limits = data.limits
        self.store = store
        self.found: dict[str, str | None] = {}

    def problem(self, rel: str) -> str | None:
        """Why ``content/<rel>`` cannot be published as a picture, or None."""
        if rel not in self.found:
            self.found[rel] = self._problem(rel)
        return self.found[rel]

    def _problem(self, rel: str) -> str | None:
        full = os.path.join(self.content_dir, rel)
        if not os.path.isfile(full):
            return tr("there is no file content/%(path)s", path=rel)
        size = os.path.getsize(full)
        if size > self.limits.image_bytes:
            return tr("the picture has %(size)s bytes; at most %(most)s are allowed (site.yaml limits: image_bytes): "
                      "make it smaller", size=f"{size:,}", most=f"{self.limits.image_bytes:,}")
        with open(full, "rb") as handle:
            data = handle.read()
        if self.store.passed(data):
            return None
        problem = inspect(data, posixpath.basename(rel), self.limits.image_pixels)
        if problem is None:
            self.store.mark_passed(data)
        return problem


def _field_errors(holder: Holder, checker: Checker) -> list[ContentError]:
    values, errors = holder.values, []

    def err(key: str, message: str) -> None:
        line = line_at(values, [key]) if key in values else line_at(values, ["image"])
        errors.append(ContentError(holder.path, message, line, holder.prefix + key))

    image, alt, decorative = values.get("image"), values.get("image_alt"), values.get("image_decorative")
    if not isinstance(image, str) or not image:
        for key in ("image_alt", "image_decorative"):
            if key in values and image is None:
                err(key, tr("%(field)s belongs to a picture, and there is no image", field=key))
        return errors
    rel = image_path(image)
    if escapes(rel, IMAGES):
        err("image", tr("%(value)r leads out of content/images/: write the file's name there, e.g. photo.jpg",
                        value=image))
        return errors
    problem = checker.problem(rel)
    if problem:
        err("image", tr("content/%(path)s: %(problem)s", path=rel, problem=problem))
    if decorative is True and alt:
        err("image_alt", tr("a decorative picture has no description: remove image_alt, or image_decorative"))
    elif decorative is not True and not alt:
        err("image_alt", tr("the picture needs image_alt: say in a sentence what it shows, for readers who cannot "
                        "see it (or write image_decorative: true if it shows nothing that matters)"))
    return errors


def check_pictures(data: SiteData, documents: list[Document] = (), data_dir: str = "data",
                   content_dir: str = "content", settings: dict[str, Any] | None = None,
                   **_: Any) -> list[ContentError]:
    """``validate`` receiver: every problem of every picture the site would publish."""
    documents = list(documents)
    checker = Checker(content_dir, data, store_of(settings or {}))
    errors = [error for holder in holders(data, documents, data_dir) for error in _field_errors(holder, checker)]
    for doc, rel, line in body_pictures(documents):
        problem = checker.problem(rel) if picture_extension(rel) else tr(
            "only pictures (JPEG, PNG, WebP, GIF) are published from content/images/; put other files into "
            "content/materials/")
        if problem and os.path.isfile(os.path.join(content_dir, rel)):  # a missing file: the link check says so
            errors.append(ContentError(doc.path, tr("content/%(path)s: %(problem)s", path=rel, problem=problem),
                                       line, "body"))
    for rel in material_pictures(content_dir):
        problem = checker.problem(rel)
        if problem:
            errors.append(ContentError(os.path.relpath(os.path.join(content_dir, rel)), problem))
    return errors
