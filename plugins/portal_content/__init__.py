"""portal_content: reads, checks and links the portal's documents and data.

A Pelican namespace-style plugin. Its generator reads every document under
``content/<type>/`` and every file in ``data/`` once, checks them against the
content contract, and puts the result into the shared context as
``context["portal"]`` (a :class:`~.model.Portal`). Any problem stops the build
with a list naming file, line and field.

Other plugins add checks of their own (a form definition, say) by connecting
to the ``validate`` signal: ``validate.connect(receiver)`` where
``receiver(data: SiteData, documents=[...], data_dir=...) -> list[ContentError]``; their
errors are listed together with all others.
"""

from __future__ import annotations

import logging
from typing import Any

from pelican import signals
from pelican.generators import Generator

from .data import Language, SiteData, load_site_data
from .document import Document
from .errors import ContentError, ContentErrors, LoggedErrors
from .links import LINK_ATTRIBUTE, MARKERS, InternalLink, internal_link
from .gitdates import MINOR_FIELD, MINOR_TRAILER, Change, History, history, last_changes
from .limits import MAX_DATA_ALIASES
from .messages import Message, editors_language, editors_translations, reason, site_text, tr, translate
from .load import load_portal, make_readers, validate
from .model import Item, Portal
from .reader import SLUG
from .reread import documents_of, reread
from .registry import BUILT_IN, CHOICES, COMMON, DATA_SECTIONS, ContentType, Field, Filter, HomeBlock, Registry, ranked, values
from .schema import fields_for, translatable_fields, type_schema
from .data_schema import DATA_FILES, data_files
from .sitetypes import TYPE_FILE, load_types
from .schemacheck import line_at, schema_errors, suggest
from .texts import language_problems
from .timeutil import Occurrence, Schedule, build_now, site_zone
from .urls import scheme_problem
from .validate import ID_LABELS
from .yamlload import load_yaml, read_text

# The public API other plugins use; everything else in this package is internal.
__all__ = [
    "Change", "History", "MINOR_FIELD", "MINOR_TRAILER", "history",
    "BUILT_IN", "CHOICES", "COMMON", "ContentError", "ContentErrors", "LoggedErrors", "ContentType", "DATA_FILES", "Document", "HomeBlock", "InternalLink", "LINK_ATTRIBUTE", "MARKERS", "internal_link", "DATA_SECTIONS",
    "Field", "Filter", "ID_LABELS", "Item", "Language", "MAX_DATA_ALIASES", "Occurrence", "Portal", "Registry", "SLUG",
    "Schedule", "SiteData", "TYPE_FILE", "build_now", "data_files", "fields_for", "last_changes", "line_at",
    "load_portal", "load_types", "load_yaml", "read_text", "register", "schema_errors", "scheme_problem",
    "ranked", "translatable_fields", "Message", "reason", "editors_language", "editors_translations", "site_text", "tr",
    "translate", "load_site_data_errors", "type_schema", "validate", "values",
    "language_problems", "site_zone", "suggest",
]

# The devserver's: one changed document into a loaded portal (see reread.py).
__all__ += ["documents_of", "make_readers", "reread"]

logger = logging.getLogger(__name__)


def load_site_data_errors(data_dir: str, content_dir: str) -> list[ContentError]:
    """Every problem of ``data/`` (what ``make migrate-data`` must see none of)."""
    return load_site_data(data_dir, content_dir)[1]


class PortalContentGenerator(Generator):
    """Loads the portal's content into ``context["portal"]``."""

    def generate_context(self) -> None:
        readers = make_readers(self.settings)
        self.context["portal"] = load_portal(self.settings, readers)


def get_generators(pelican: Any) -> type[Generator]:
    return PortalContentGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
