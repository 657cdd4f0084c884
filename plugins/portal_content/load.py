"""Reads every document and data file, checks them, and links translations.

This is the portal's one reading pass: each file is read once (through Pelican's
readers, so its content cache applies) and every problem is collected before the
build fails, so an editor sees all errors at once.
"""

from __future__ import annotations

import dataclasses
import glob
import logging
import os
from typing import Any

import markdown
import nh3
from blinker import signal
from pelican.readers import Readers

import portal_engine
from portal_engine.preread import PortalReaders, read_workers

from . import document as document_module
from . import markdownbounds as markdownbounds_module
from . import messages as messages_module
from . import placeholders as placeholders_module
from . import reader as reader_module
from . import sanitise as sanitise_module
from . import yamlload as yamlload_module
from .data import load_site_data
from .document import Document
from .sitetypes import load_types
from .errors import ContentError, ContentErrors
from .files import contained_files, refused_downloads
from .gitdates import History, history
from .limits import Limits
from .messages import tr
from .model import Item, Portal, typed_values
from .reader import PortalReader
from .registry import Registry
from .timeutil import build_now, site_zone
from .validate import check_document

logger = logging.getLogger(__name__)

def _reader_version() -> str:
    """Changes whenever the reader's code or Markdown does: old cache entries then miss."""
    modules = (reader_module, document_module, sanitise_module, yamlload_module, markdownbounds_module,
               messages_module, placeholders_module)
    # the body hints of make new, in each language
    catalogues = sorted(glob.glob(os.path.join(messages_module.TRANSLATIONS, "*", "LC_MESSAGES", "tools.po")))
    return portal_engine.fingerprint.code_version([*(m.__file__ for m in modules), *catalogues],
                                                  [markdown.__version__, nh3.__version__])


CACHE_NAME = f"portal_documents-{_reader_version()}"

#: Sent with the loaded SiteData, ``documents=`` (the parsed documents),
#: ``data_dir=`` (the folder of data/, for file names in errors), ``content_dir=``
#: and ``settings=`` (the build's Pelican settings); receivers
#: return a list of ContentError for checks of their own.
validate = signal("portal_validate")
DOWNLOADS = "materials"
#: Pictures of items, organisations and places (portal_images publishes them).
PICTURES = "images"


def _as_document(content: str, metadata: dict[str, Any], **_: Any) -> Document:
    """Used as Pelican's ``content_class``: keep the reader's document as it is."""
    return dataclasses.replace(metadata["portal_document"])


def body_errors(document: Document) -> list[ContentError]:
    """What the reader found in the body outside the allowlist (see :mod:`.sanitise`)."""
    return [ContentError(document.path, message, line, "body")
            for line, message in document.body_findings]


def make_readers(settings: dict[str, Any]) -> PortalReaders:
    """Pelican's readers with the portal's reader for ``.md``, able to read ahead in parallel."""
    readers = PortalReaders(settings, CACHE_NAME)
    reader = PortalReader(settings)
    for extension in reader.file_extensions:
        readers.readers[extension] = reader
    return readers


def content_files(content_dir: str, types: Registry,
                  limits: Limits | None = None) -> tuple[list[str], list[ContentError]]:
    """Content-relative paths of all documents, and errors for stray files.

    A document larger than ``limits.document_bytes``, and any file that is a link
    leading out of ``content/`` (or a pipe …), is reported and left unread.
    """
    paths: list[str] = []
    errors: list[ContentError] = []
    if not os.path.isdir(content_dir):
        return paths, [ContentError(os.path.relpath(content_dir), tr("the content folder is missing"))]
    limits = limits or Limits()
    refused = set()
    for full, problem in (*contained_files(content_dir),
                          *refused_downloads(os.path.join(content_dir, DOWNLOADS))):
        refused.add(os.path.abspath(full))
        errors.append(ContentError(os.path.relpath(full), problem))
    for entry in sorted(os.listdir(content_dir)):
        full = os.path.join(content_dir, entry)
        if entry.startswith(".") or entry in (DOWNLOADS, PICTURES):
            continue
        if not os.path.isdir(full) or entry not in types:
            if entry.endswith(".md") or os.path.isdir(full):
                errors.append(ContentError(
                    os.path.relpath(full),
                    tr("unknown content type %(name)r; documents go into one of: %(types)s",
                       name=entry, types=", ".join(types)),
                ))
            continue
        for root, dirs, files in os.walk(full):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if name.startswith(".") or os.path.abspath(os.path.join(root, name)) in refused:
                    continue
                rel = os.path.relpath(os.path.join(root, name), content_dir).replace(os.sep, "/")
                size = os.path.getsize(os.path.join(root, name))
                if name.endswith(".md") and size > limits.document_bytes:
                    errors.append(ContentError(os.path.relpath(os.path.join(root, name)),
                                               tr("the document has %(size)s bytes; at most %(most)s are "
                                                  "allowed (site.yaml limits: document_bytes)",
                                                  size=f"{size:,}", most=f"{limits.document_bytes:,}"), 1))
                elif not name.endswith(".md"):
                    errors.append(ContentError(os.path.relpath(os.path.join(root, name)),
                                               tr("not a document: documents are <slug>.<language>.md files")))
                elif rel.count("/") != 1:
                    errors.append(ContentError(os.path.relpath(os.path.join(root, name)),
                                               tr("documents lie directly in content/%(type)s/, not in a subfolder",
                                                  type=entry)))
                else:
                    paths.append(rel)
    return paths, errors


def load_types_only(data_dir: str) -> Registry:
    """The content types when data/ could not be read (its errors are reported already)."""
    return load_types(data_dir, [])


def internal_error(full_path: str, error: BaseException) -> ContentError:
    """An unexpected failure while processing a file, reported like any error (no traceback)."""
    logger.debug("internal error in %s", full_path, exc_info=error)
    return ContentError(os.path.relpath(full_path),
                        tr("internal error while processing this file (%(error)s); please report it",
                           error=f"{type(error).__name__}: {error}"))


def _checked(doc: Document, data: Any, existing: set[str], content_dir: str) -> list[ContentError]:
    try:
        return body_errors(doc) + check_document(doc, data, existing, content_dir)
    except Exception as error:  # noqa: BLE001 - a bug, but the editor needs the file
        return [internal_error(os.path.join(content_dir, doc.rel), error)]


def _passes_checks(rels: dict[str, str], data: Any, existing: set[str], content_dir: str) -> Any:
    """The check a reading worker runs on a document it read (see portal_engine.preread): the
    same :func:`_checked` as below, on the document as the sequential pass makes it."""

    def passes(full_path: str, read: tuple[str, dict[str, Any]]) -> bool:
        document = _as_document(*read)
        document.rel = rels[full_path]
        document.type = document.rel.split("/")[0]
        return not _checked(document, data, existing, content_dir)

    return passes


def _check_all(documents: list[Document], paths: list[str], content_dir: str, data_dir: str,
               settings: dict[str, Any], check: Any) -> list[ContentError]:
    """Run ``check(document)`` on each document; one that passed before, unchanged under the same
    world (:func:`portal_engine.fingerprint.check_world`), is not checked again. Only passes are
    kept: a document with errors is checked, and its errors listed, every time."""
    engine = portal_engine.of(settings)
    fingerprint = portal_engine.fingerprint
    world = fingerprint.check_world(os.path.dirname(os.path.abspath(__file__)), data_dir, content_dir, paths)
    passed = engine.memo("checks", enabled=bool(settings.get("CACHE_CONTENT")))
    errors: list[ContentError] = []
    for document in documents:
        inputs = fingerprint.digest([world, fingerprint.document(content_dir, document)])
        errors += passed.value(document.rel, inputs, lambda: check(document), keep=lambda found: not found)
    passed.save()  # also when the build stops at an error: the next one checks only what changed
    return errors


def load_portal(settings: dict[str, Any], readers: Readers | None = None) -> Portal:
    """Read and check everything; raise ContentErrors listing every problem."""
    content_dir = settings["PATH"]
    data_dir = settings.get("PORTAL_DATA_PATH") or os.path.join(os.path.dirname(content_dir), "data")
    data, errors = load_site_data(data_dir, content_dir)
    paths, stray = content_files(content_dir, data.types if data else load_types_only(data_dir),
                                 data.limits if data else None)
    errors += stray
    readers = readers or make_readers(settings)
    existing = set(paths)
    passed: set[str] = set()  # documents whose checks passed where they were read ahead
    if isinstance(readers, PortalReaders):
        # Cold build: documents not in the cache are read (and checked) in parallel first
        # and then found by the loop below as if cached.
        full_paths = {os.path.abspath(os.path.join(content_dir, rel)): rel for rel in paths}
        check = _passes_checks(full_paths, data, existing, content_dir) if data is not None else None
        readers.read_ahead(list(full_paths), read_workers(settings), check)
        passed = {full_paths[path] for path in readers.passed}
    documents: list[Document] = []
    for rel in paths:
        try:
            document = readers.read_file(content_dir, rel, content_class=_as_document)
        except ContentError as error:
            errors.append(error)
            continue
        except Exception as error:  # noqa: BLE001 - a bug, but the editor needs the file
            errors.append(internal_error(os.path.join(content_dir, rel), error))
            continue
        document.rel = rel
        document.type = rel.split("/")[0]
        documents.append(document)
    readers.save_cache()

    if data is None:
        raise ContentErrors(errors)
    errors += _check_all(documents, paths, content_dir, data_dir, settings,
                         lambda doc: [] if doc.rel in passed else _checked(doc, data, existing, content_dir))
    try:
        for _receiver, found in validate.send(data, documents=documents, data_dir=data_dir,
                                              content_dir=content_dir, settings=settings):
            errors += found or []
    except Exception as error:  # noqa: BLE001 - a plugin's check failed: name the data it read
        errors.append(internal_error(data_dir, error))
    errors, draft_errors, documents = set_drafts_aside(errors, documents, data.default_lang)
    if errors:
        raise ContentErrors(errors + draft_errors)  # the build stops anyway: every error in one list

    changes = history(content_dir) if settings.get("PORTAL_GIT_DATES", True) else History(content_dir)
    zone = site_zone(settings)
    items: dict[str, dict[str, Item]] = {t: {} for t in data.types}
    for document in documents:
        if document.lang == data.default_lang:
            items[document.type][document.slug] = Item(
                document.type, document.slug, document,
                values=typed_values(document.meta, data.types[document.type]), tz=zone,
            )
    for document in documents:
        if document.lang != data.default_lang:
            item = items[document.type][document.slug]
            item.translations[document.lang] = document
            if changes.outdated(item.source.rel, document.rel):
                item.outdated.add(document.lang)
    return Portal(
        data=data,
        items={t: list(by_slug.values()) for t, by_slug in items.items()},
        now=build_now(zone),
        changed=changes.last_times(),
        draft_errors=draft_errors,
    )


def set_drafts_aside(
    errors: list[ContentError], documents: list[Document], default_lang: str
) -> tuple[list[ContentError], list[ContentError], list[dict[str, Any]]]:
    """Errors in drafts apart from the others, and the documents without those drafts.

    A draft (``draft: true`` in its source) is never published, so its errors
    must not stop the build; they are listed under a heading of their own
    (``make check``, ``make report``), and a draft with errors is left out of
    the portal, since nothing may rely on its values.
    """
    drafts = {(d.type, d.slug) for d in documents
              if d.lang == default_lang and d.meta.get("draft") is True}
    paths = {d.path: (d.type, d.slug) for d in documents if (d.type, d.slug) in drafts}
    in_drafts = [e for e in errors if e.path in paths]
    broken = {paths[e.path] for e in in_drafts}
    return ([e for e in errors if e.path not in paths], in_drafts,
            [d for d in documents if (d.type, d.slug) not in broken])
