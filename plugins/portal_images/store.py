"""The pictures' side of the engine's file store: encoded sizes and copies, kept between builds.

The keeping itself (by the source's content hash, under ``CACHE_PATH``) is the
engine's (:mod:`portal_engine.filestore`); here a picture's encoded files are
turned into and out of the store's bytes and facts, and the store's version is
the encoder's code and Pillow's version, so a change there starts afresh.
"""

from __future__ import annotations

from typing import Any, Callable

import PIL

import portal_engine
from portal_engine.filestore import FileStore, content_hash

from . import encode
from .encode import Encoded

__all__ = ["content_hash", "encoded", "store_of"]

FOLDER = "portal_images"


def store_of(settings: dict[str, Any]) -> FileStore:
    """The pictures' store of the build with ``settings``."""
    version = portal_engine.fingerprint.code_version([encode.__file__], [PIL.__version__])
    return FileStore.of(settings, FOLDER, version)


def encoded(store: FileStore, data: bytes, recipe: str,
            make: Callable[[], list[Encoded]]) -> list[tuple[Encoded, str]]:
    """The files ``make()`` encodes from ``data`` by ``recipe``, each with where its bytes lie."""
    def made():
        for item in make():
            yield item.data, {"format": item.format, "width": item.width, "height": item.height}

    return [(Encoded(b"", facts["format"], facts["width"], facts["height"]), path)
            for facts, path in store.files(data, recipe, made, suffix=lambda facts: f".{facts['format']}")]
