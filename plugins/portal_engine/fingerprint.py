"""The one fingerprint scheme: what a build's inputs are, as short digests.

Every reuse decision compares digests made here, so that a file, a setting or
a library counts the same way everywhere. A file is fingerprinted by its stamp
(path, modification time in nanoseconds, size), not by its bytes: reading every
document to hash it would cost what the reuse saves. The trap: an input that a
fingerprint leaves out makes a stale output look current; add it here, once.
"""

from __future__ import annotations

import hashlib
import json
import os
from importlib import metadata
from typing import Any, Iterable

#: Settings that name where (or when) this build writes, not what it writes.
WHERE_NOT_WHAT = ("OUTPUT_PATH", "PORTAL_OUTPUT_PATH", "PORTAL_INCREMENTAL", "PORTAL_INDEX_LATER", "PORTAL_REUSE",
                  "PORTAL_ENGINE")
#: The libraries whose versions change what the pages say.
LIBRARIES = ("pelican", "jinja2", "markdown", "babel", "icalendar", "nh3", "markupsafe")
#: The folders of ``data/`` whose records pages depend on one by one (by id, see :func:`records`).
RECORD_FOLDERS = ("organisations", "places")


def digest(value: Any) -> str:
    """A short, stable digest of ``value`` (anything JSON can write; other objects by ``str``)."""
    return hashlib.sha1(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()


def stamp(path: str) -> tuple[int, int]:
    """(modification time in ns, size) of the file at ``path`` (a dangling link: the link's own)."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        info = os.lstat(path)
    return info.st_mtime_ns, info.st_size


def stamps(folders: Iterable[str], skip_suffix: str | None = None,
           skip_folders: Iterable[str] = ()) -> list[tuple[str, int, int]]:
    """The stamp of every file below ``folders`` (paths relative to their folder, in order);
    ``skip_suffix`` leaves out files so named (documents, fingerprinted one by one),
    ``skip_folders`` the folders so named (paths; fingerprinted by what uses them)."""
    found = []
    skipped = {os.path.abspath(folder) for folder in skip_folders if folder}
    for folder in folders:
        if not folder or os.path.abspath(folder) in skipped:
            continue
        for root, dirs, files in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__"
                             and os.path.abspath(os.path.join(root, d)) not in skipped)
            for name in sorted(files):
                if skip_suffix and name.endswith(skip_suffix):
                    continue
                path = os.path.join(root, name)
                found.append((os.path.relpath(path, folder), *stamp(path)))
    return found


def settings_key(settings: dict[str, Any]) -> str:
    """The settings as text; a setting that cannot be written so makes the key unique (no reuse)."""
    plain = {k: v for k, v in settings.items()
             if k not in WHERE_NOT_WHAT and isinstance(v, (str, int, float, bool, list, tuple, dict, type(None)))}
    try:
        return json.dumps(plain, sort_keys=True, default=lambda o: type(o).__qualname__)
    except (TypeError, ValueError):
        return os.urandom(16).hex()


def libraries() -> list[tuple[str, str]]:
    """The installed versions of :data:`LIBRARIES`."""
    found = []
    for name in LIBRARIES:
        try:
            found.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            found.append((name, ""))
    return found


def template_folders(settings: dict[str, Any]) -> list[str]:
    """The folders of the templates (the theme's and the site's own), which pages depend on one
    by one: see :mod:`.templates`."""
    theme = settings.get("THEME") or ""
    return [*settings.get("THEME_TEMPLATES_OVERRIDES", []), os.path.join(theme, "templates") if theme else ""]


def record_folders(settings: dict[str, Any]) -> list[str]:
    """The folders of :data:`RECORD_FOLDERS` below ``data/``."""
    data_dir = settings.get("PORTAL_DATA_PATH") or ""
    return [os.path.join(data_dir, name) for name in RECORD_FOLDERS] if data_dir else []


def code_and_look(settings: dict[str, Any]) -> list[Any]:
    """What every page is made of besides the documents, its templates and the records it names:
    the theme (catalogues, static files), the plugins' code and catalogues, ``data/`` (site,
    taxonomies, links, forms, the editors' catalogues; organisations and places when kept in one
    list file), the files in ``content/`` that are not documents (pictures, whose file names carry
    their content's hash; materials, whose sizes the links page shows), the settings and the
    libraries. Templates (:mod:`.templates`) and the record folders (:func:`records`) are left
    out: a page adds those it uses."""
    return [libraries(), settings_key(settings),
            stamps([settings.get("THEME") or "", settings.get("PORTAL_DATA_PATH") or "",
                    *settings.get("PLUGIN_PATHS", [])],
                   skip_folders=[*template_folders(settings), *record_folders(settings)]),
            stamps([settings["PATH"]], skip_suffix=".md")]


def every_record(settings: dict[str, Any]) -> list[Any]:
    """The stamps of every file in the record folders (a page that shows them all: partners)."""
    return [stamps([folder]) for folder in record_folders(settings)]


def records(settings: dict[str, Any], data: Any, values: Any) -> list[Any]:
    """The stamps of the organisation and place records that ``values`` name (an item's values,
    walked through lists and mappings), and of the records those name in turn.

    A string that is the id of a record counts (more than the fields that name one: safe);
    a record kept in a list file is in :func:`code_and_look` already."""
    found: dict[tuple[str, str], Any] = {}
    folders = dict(zip(RECORD_FOLDERS, record_folders(settings)))
    todo = [values]
    while todo:
        value = todo.pop()
        if isinstance(value, dict):
            todo.extend(value.values())
        elif isinstance(value, (list, tuple)):
            todo.extend(value)
        elif isinstance(value, str):
            for name, folder in folders.items():
                known = getattr(data, name, {})
                if value in known and (name, value) not in found:
                    path = os.path.join(folder, value + ".yaml")
                    found[(name, value)] = stamp(path) if os.path.exists(path) else None
                    todo.append(known[value])
    return sorted(found.items())


def documents(item: Any) -> tuple[Any, ...]:
    """The documents of an item: its source and its translations."""
    return (item.source, *item.translations.values())


def document(content_dir: str, doc: Any) -> list[Any]:
    """A document's fingerprint: its path below ``content/`` and its stamp."""
    return [doc.rel, *stamp(os.path.join(content_dir, doc.rel))]


def occurrence(value: Any) -> list[str] | None:
    """An occurrence (start, end) as text; None stays None."""
    return [value.start.isoformat(), value.end.isoformat()] if value else None


def code_version(files: Iterable[str], versions: Iterable[str] = ()) -> str:
    """A short digest of source files' bytes and library versions: changes whenever the code
    that made a kept result does (a cache keyed on it then starts afresh)."""
    hashed = hashlib.sha256(" ".join(versions).encode())
    for path in files:
        with open(path, "rb") as handle:
            hashed.update(handle.read())
    return hashed.hexdigest()[:12]


def check_world(code_dir: str, data_dir: str, content_dir: str, paths: Iterable[str]) -> str:
    """What a document's checks depend on besides the document: the checks' code, ``data/``,
    the other files in ``content/`` (materials a link may point to) and which documents exist."""
    return digest([stamps([code_dir]), stamps([data_dir]), stamps([content_dir], skip_suffix=".md"),
                   sorted(paths)])
