"""What a page's template is made of: the templates it names, followed to the end.

A page depends on its own template's static closure: the templates it extends,
includes and imports, and theirs (Jinja2's public
``jinja2.meta.find_referenced_templates``). A name worked out while rendering
(``{% include types[t].card_template %}``) cannot be followed: a template that
has one depends on every template, the safe answer. The trap: plugin code that
renders a template into a page (``env.get_template(...)`` in a template
function) is invisible here; such a template is declared with
:meth:`.engine.Engine.renders` and every page depends on it.
"""

from __future__ import annotations

from typing import Any

from jinja2 import TemplateNotFound, meta

from . import fingerprint


class TemplateStamps:
    """The fingerprints of template closures in one Jinja2 environment, each worked out once per build."""

    def __init__(self, env: Any) -> None:
        self.env = env
        self.files: dict[str, Any] = {}  # name -> the file's stamp, or None when missing
        self.named: dict[str, list[str | None]] = {}  # name -> the names it references
        self.keys: dict[str | None, str] = {}

    def _read(self, name: str) -> None:
        if name in self.files:
            return
        try:
            source, filename, _uptodate = self.env.loader.get_source(self.env, name)
        except TemplateNotFound:
            self.files[name], self.named[name] = None, []
            return
        # the file's path too: a site's own template that shadows the theme's is another file
        self.files[name] = [filename, *fingerprint.stamp(filename)] if filename else fingerprint.digest(source)
        self.named[name] = list(meta.find_referenced_templates(self.env.parse(source)))

    def closure(self, names: list[str]) -> set[str] | None:
        """``names`` and every template they name, directly or not; None when one names a template
        only while rendering."""
        seen: set[str] = set()
        todo = list(names)
        while todo:
            name = todo.pop()
            if name in seen:
                continue
            seen.add(name)
            self._read(name)
            for named in self.named[name]:
                if named is None:
                    return None
                todo.append(named)
        return seen

    def key(self, name: str | None) -> str:
        """The fingerprint of template ``name``'s closure; None or a closure with a name worked out
        while rendering: of every template the environment has."""
        if name not in self.keys:
            found = self.closure([name]) if name is not None else None
            if found is None:
                found = set(self.env.list_templates())
                for each in found:
                    self._read(each)
            self.keys[name] = fingerprint.digest(sorted((each, self.files[each]) for each in found))
        return self.keys[name]
