"""portal_content: reads, checks and links the portal's documents and data.

A Pelican namespace-style plugin. Its generator reads every document under
``content/<type>/`` and every file in ``data/`` once, checks them against the
content contract, and puts the result into the shared context as
``context["portal"]`` (a :class:`~.model.Portal`). Any problem stops the build
with a list naming file, line and field.
"""

from __future__ import annotations

import logging
from typing import Any

from pelican import signals
from pelican.generators import Generator

from .errors import ContentError, ContentErrors
from .load import load_portal, make_readers
from .model import Item, Portal

__all__ = ["ContentError", "ContentErrors", "Item", "Portal", "load_portal", "register"]

logger = logging.getLogger(__name__)


class PortalContentGenerator(Generator):
    """Loads the portal's content into ``context["portal"]``."""

    def generate_context(self) -> None:
        readers = make_readers(self.settings)
        self.context["portal"] = load_portal(self.settings, readers)


def get_generators(pelican: Any) -> type[Generator]:
    return PortalContentGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
