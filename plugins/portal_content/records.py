"""The data collections that are lists of records, in either of their two shapes.

``data/organisations.yaml``, ``places.yaml`` and ``links.yaml`` are YAML lists.
The same records may instead lie in a folder with one file per record —
``data/organisations/<id>.yaml`` (the file name is the id), ``data/places/<id>.yaml``,
``data/links/<name>.yaml`` (one category each, in the order of the file names) —
which the CMS at /admin/ can edit (Decap cannot edit a file whose top level is
a list) and which merges better in git. A site uses one shape per collection;
``make migrate-data`` turns list files into folders.
"""

from __future__ import annotations

import copy
import os
from dataclasses import dataclass
from typing import Any, Callable

from .errors import ContentError
from .messages import tr
from .schemacheck import schema_errors

#: The collections kept as records, and whether the file name is a record's id.
RECORD_FILES = {"organisations": True, "places": True, "links": False}


@dataclass(frozen=True)
class Record:
    """One record, the file it stands in, and the prefix of its fields' names there (``[2].``)."""

    value: Any
    path: str
    prefix: str
    index: int | None = None  # its place in the list file; None in a folder


def folder_schema(list_schema: dict[str, Any], keyed: bool) -> dict[str, Any]:
    """The schema of one record's file: a list entry's, with ``id`` taken from the file name."""
    schema = copy.deepcopy(list_schema["items"])
    if keyed:
        schema["required"] = [key for key in schema.get("required", []) if key != "id"]
    return schema


def load_records(data_dir: str, name: str, schema: dict[str, Any], errors: list[ContentError],
                 read: Callable[[str, str], Any]) -> list[Record] | None:
    """The records of ``name`` (``organisations`` …) from its list file or its folder.

    ``read(full, path)`` reads one YAML file (None when unreadable, its errors
    added). Returns None when the collection could not be read as a whole.
    """
    list_file = os.path.join(data_dir, f"{name}.yaml")
    folder = os.path.join(data_dir, name)
    if os.path.isdir(folder):
        if os.path.exists(list_file):
            errors.append(ContentError(os.path.relpath(folder), tr(
                "both data/%(name)s.yaml and the folder data/%(name)s/ exist: keep one of them "
                "(make migrate-data moves the list into the folder)", name=name)))
            return None
        return _from_folder(folder, name, schema, errors, read)
    if not os.path.exists(list_file):
        return []
    path = os.path.relpath(list_file)
    value = read(list_file, path)
    if value is None:
        return None
    problems = schema_errors(value, schema, path)
    errors.extend(problems)
    if problems:
        return None
    return [Record(entry, path, f"[{index}].", index) for index, entry in enumerate(value)]


def _from_folder(folder: str, name: str, schema: dict[str, Any], errors: list[ContentError],
                 read: Callable[[str, str], Any]) -> list[Record] | None:
    keyed = RECORD_FILES[name]
    record_schema = folder_schema(schema, keyed)
    records: list[Record] = []
    broken = False
    for file_name in sorted(os.listdir(folder)):
        if file_name.startswith(".") or not file_name.endswith(".yaml"):
            continue
        full = os.path.join(folder, file_name)
        path = os.path.relpath(full)
        value = read(full, path)
        if value is None:
            broken = True
            continue
        problems = schema_errors(value, record_schema, path)
        if problems:
            errors.extend(problems)
            broken = True
            continue
        if keyed:
            stem = file_name[: -len(".yaml")]
            if value.get("id", stem) != stem:
                errors.append(ContentError(path, tr(
                    "the id %(id)r differs from the file name: the file of %(id)r is data/%(name)s/%(id)s.yaml",
                    id=value["id"], name=name), getattr(value, "lines", {}).get("id"), "id"))
                broken = True
                continue
            value["id"] = stem
        records.append(Record(value, path, ""))
    return None if broken else records


def migrate(data_dir: str, name: str, dump: Callable[[Any], str]) -> list[str]:
    """Write each record of ``data/<name>.yaml`` to ``data/<name>/``, then remove the list file.

    Returns the files written. Comments of the list file are not carried over.
    """
    import yaml

    list_file = os.path.join(data_dir, f"{name}.yaml")
    folder = os.path.join(data_dir, name)
    with open(list_file, encoding="utf-8") as handle:
        entries = yaml.safe_load(handle) or []
    keyed = RECORD_FILES[name]
    written = []
    width = len(str(len(entries)))
    os.makedirs(folder, exist_ok=True)
    targets = []
    for index, entry in enumerate(entries):
        if keyed:  # the id stays in the file too: the CMS shows and keeps it
            record = entry
            file_name = f"{entry['id']}.yaml"
        else:
            record = entry
            file_name = f"{index + 1:0{width}d}.yaml"
        targets.append((os.path.join(folder, file_name), record))
    for target, record in targets:
        with open(target, "x", encoding="utf-8") as handle:
            handle.write(dump(record))
        written.append(os.path.relpath(target, os.path.dirname(data_dir)))
    os.remove(list_file)
    return written


def plain_records(data_dir: str, name: str) -> list[dict[str, Any]]:
    """The records of ``name`` as far as they can be read, for tools that only look
    (``make new``'s hints, ``make import``'s matching); make check reports the rest."""
    import yaml

    folder = os.path.join(data_dir, name)
    if os.path.isdir(folder):
        found = []
        for file_name in sorted(os.listdir(folder)):
            if not file_name.endswith(".yaml"):
                continue
            try:
                with open(os.path.join(folder, file_name), encoding="utf-8") as handle:
                    entry = yaml.safe_load(handle.read(5_000_000))
            except (OSError, ValueError, yaml.YAMLError):
                continue
            if isinstance(entry, dict):
                found.append({"id": file_name[: -len(".yaml")], **entry} if RECORD_FILES[name] else entry)
        return found
    try:
        with open(os.path.join(data_dir, f"{name}.yaml"), encoding="utf-8") as handle:
            loaded = yaml.safe_load(handle.read(5_000_000))
    except (OSError, ValueError, yaml.YAMLError):
        return []
    return [entry for entry in loaded if isinstance(entry, dict)] if isinstance(loaded, list) else []
