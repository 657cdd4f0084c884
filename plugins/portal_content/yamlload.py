"""A YAML loader that remembers the line of every key and keeps dates as text.

PyYAML turns ``2026-02-30`` into an exception deep in its constructor and ``no``
into ``False``; editors need instead "this date is impossible, line 7". So dates
stay strings (validated later with a clear message), only ``true``/``false`` are
booleans, and every mapping records on which line each of its keys stands.

Before anything is built from the text, its event stream is scanned once (libyaml
parses without recursion): composing and constructing recurse once per level of
nesting, so a list nested 50,000 deep would crash the process, and aliases
expand shared values, so a few lines of them can grow to gigabytes. The scan
refuses both while they are still cheap to see (limits: :mod:`.limits`).
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from .errors import ContentError
from .limits import MAX_ALIAS_VALUES, MAX_NESTING
from .messages import tr


class LinedDict(dict):
    """A dict that knows the (1-based) line of each key in its source file."""

    lines: dict[str, int]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lines = {}
        self.line = None

    def line_of(self, key: str) -> int | None:
        return self.lines.get(key, self.line)


class LinedList(list):
    """A list that knows the line of each element."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.lines: list[int] = []
        self.line = None


class _Loader(yaml.SafeLoader):
    line_offset = 0


_LIBYAML = hasattr(yaml, "CSafeLoader")


class _FastLoader(yaml.CSafeLoader if _LIBYAML else yaml.SafeLoader):  # type: ignore[misc]
    """The same loader on libyaml's parser, several times faster (PyYAML is built with it)."""

    line_offset = 0


# Start from SafeLoader's resolvers, minus timestamps and YAML 1.1 booleans.
_RESOLVERS = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
for _loader_class in (_Loader, _FastLoader):
    _loader_class.yaml_implicit_resolvers = {first: list(r) for first, r in _RESOLVERS.items()}
    _loader_class.add_implicit_resolver(
        "tag:yaml.org,2002:bool",
        re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
        list("tTfF"),
    )


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LinedDict:
    loader.flatten_mapping(node)
    result = LinedDict()
    result.line = node.start_mark.line + 1 + loader.line_offset
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)):
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be plain text", key_node.start_mark
            )
        key = str(key)
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"the key {key!r} appears twice", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = key_node.start_mark.line + 1 + loader.line_offset
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LinedList:
    result = LinedList(loader.construct_object(child, deep=True) for child in node.value)
    result.lines = [child.start_mark.line + 1 + loader.line_offset for child in node.value]
    result.line = node.start_mark.line + 1 + loader.line_offset
    return result


for _loader_class in (_Loader, _FastLoader):
    _loader_class.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
    _loader_class.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)


_OPENING = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSING = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


def _check_structure(text: str, path: str, line_offset: int, aliases: int) -> None:
    """Refuse deep nesting and aliases beyond ``aliases`` (or expanding too far).

    Each open collection counts the values it holds, aliases counting what
    their anchor holds, so a chain of aliases is caught while it is being
    written, not after it was expanded. A syntax error ends the scan quietly:
    loading reports it with PyYAML's wording.
    """
    loader = (_FastLoader if _LIBYAML else _Loader)(text)
    open_sizes: list[list[Any]] = []  # per open collection: [values so far, anchor]
    anchored: dict[str, int] = {}
    used = added = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            line = event.start_mark.line + 1 + line_offset
            if isinstance(event, _OPENING):
                if len(open_sizes) >= MAX_NESTING:
                    raise ContentError(path, tr("the YAML nests deeper than %(most)d levels", most=MAX_NESTING), line)
                open_sizes.append([1, event.anchor])
                continue
            if isinstance(event, _CLOSING):
                size, anchor = open_sizes.pop()
            elif isinstance(event, yaml.AliasEvent):
                used += 1
                if not aliases:
                    raise ContentError(path, tr("YAML aliases (*%(anchor)s) are not allowed here; write the value out",
                                                anchor=event.anchor), line)
                if used > aliases:
                    raise ContentError(path, tr("more than %(most)d YAML aliases (*name)", most=aliases), line)
                size, anchor = anchored.get(event.anchor, 1), None
                added += size
                if added > MAX_ALIAS_VALUES:
                    raise ContentError(path, tr("the YAML aliases expand to more than %(most)d values",
                                                most=MAX_ALIAS_VALUES), line)
            elif isinstance(event, yaml.ScalarEvent):
                size, anchor = 1, event.anchor
            else:
                continue
            if anchor:
                anchored[anchor] = size
            if open_sizes:
                open_sizes[-1][0] += size
    except yaml.YAMLError:
        return
    finally:
        loader.dispose()


def load_yaml(text: str, path: str, line_offset: int = 0, aliases: int = 0) -> Any:
    """Parse YAML text; on a syntax error or a limit raise ContentError with the line.

    ``aliases`` is how many YAML aliases the text may use (front matter: none).
    libyaml parses; when it finds an error, PyYAML's own parser reads the text
    again, so that editors get the same wording and line either way.
    """
    _check_structure(text, path, line_offset, aliases)
    if _LIBYAML:
        loader = _FastLoader(text)
        loader.line_offset = line_offset
        try:
            return loader.get_single_data()
        except yaml.YAMLError:
            pass
        finally:
            loader.dispose()
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as exc:  # a character YAML forbids (NUL, other controls)
        line = text.count("\n", 0, exc.position) + 1 + line_offset
        raise ContentError(path, tr("character %(code)s is not allowed in YAML (a control character: remove it)",
                                    code=f"U+{exc.character:04X}"), line) from None
    loader.line_offset = line_offset
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + line_offset if mark else None
        problem = explained(exc.problem or exc.context or "invalid YAML")
        raise ContentError(path, tr("broken YAML: %(problem)s", problem=problem), line) from None
    except yaml.YAMLError as exc:
        raise ContentError(path, tr("broken YAML: %(problem)s", problem=str(exc))) from None
    finally:
        loader.dispose()


def explained(problem: str) -> str:
    """PyYAML's most frequent problems in words an editor can act on, marked for translation;
    any other problem as PyYAML says it."""
    if problem == "mapping values are not allowed here":
        return tr("mapping values are not allowed here: a colon followed by a space starts a value; put a text "
                  "that holds ': ' in quotes, or check the indentation")
    if problem == "sequence entries are not allowed here":
        return tr("a list item (- …) may not stand here: put a text that starts with '- ' in quotes, or check "
                  "the indentation")
    if problem.startswith("expected the node content"):
        return tr("a value is missing where one should stand (after a colon, a dash, or an open [ or {)")
    if problem == "found unexpected end of stream":
        return tr("a quotation mark is not closed: the text ended first")
    if problem.startswith("expected <block end>"):
        return tr("the indentation does not fit: a line is indented more or less than the lines it belongs "
                  "with, or a list item (- …) stands among fields")
    bracket = re.fullmatch(r"expected ',' or '([\]}])', but got '<stream end>'", problem)
    if bracket:
        return tr("a list [ … ] or a group { … } is not closed: %(bracket)s is missing", bracket=bracket.group(1))
    if problem == "found character '\\t' that cannot start any token":
        return tr("a tab character: YAML indents with spaces only")
    character = re.fullmatch(r"found character ('.+') that cannot start any token", problem)
    if character:
        return tr("%(character)s cannot start a value: put the value in quotes", character=character.group(1))
    return problem


def read_text(full_path: str, path: str, max_bytes: int | None = None) -> str:
    """Read a UTF-8 file; name the file when it is not UTF-8, is empty or larger
    than ``max_bytes`` (then it is not read beyond that)."""
    with open(full_path, "rb") as handle:
        raw = handle.read() if max_bytes is None else handle.read(max_bytes + 1)
    if max_bytes is not None and len(raw) > max_bytes:
        raise ContentError(path, tr("the file is larger than %(most)s bytes (site.yaml limits)",
                                    most=f"{max_bytes:,}"), 1)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ContentError(
            path, tr("the file is not UTF-8 text; save it as UTF-8"), line
        ) from None
    if not text.strip():
        raise ContentError(path, tr("the file is empty"), 1)
    return text
