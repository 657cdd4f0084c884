"""One build's reuse: the dependency record of the last build, and this build's.

For every output file the engine records the fingerprint of what it was made
of and the stamp of the file written. What it is made of: the site as a whole
(:func:`.fingerprint.code_and_look`: code, catalogues, settings, ``data/``
but its records, the day, the list of documents, the content pages, the
records ``site.yaml`` names and the templates plugins render from code), the
closure of its own template (:mod:`.templates`), and the items it shows, each
with its documents, its timing and the organisation and place records it
names (:func:`.fingerprint.records`). A page that shows no item (partners,
links, forms, 404) depends on every record. The next build takes the file
from the published output, as a hard link, when both still hold: the
fingerprint is the same and the published file is still the one recorded
(modification time, size, inode). Every build does this, ``make html`` as well
as the devserver's; ``PORTAL_REUSE = False`` (environment: ``PORTAL_REUSE=0``)
renders everything and still records, for tests that compare the two.

Values worth keeping between builds (a serialised VEVENT, a document's passed
checks) live in named :class:`Memo` s, each entry under the fingerprint of its
inputs. The trap: an output shows what its declared inputs do not cover (another
item's text, say) and is reused stale; declare every item an output shows.
"""

from __future__ import annotations

import os
import pickle
import shutil
from typing import Any, Callable, Hashable

from . import fingerprint
from .templates import TemplateStamps

RECORD = "portal_engine.pickle"
VERSION = 1


def _load(path: str | None) -> dict[str, Any]:
    if not path:
        return {}
    try:
        with open(path, "rb") as handle:
            saved = pickle.load(handle)
    except (OSError, ValueError, EOFError, pickle.PickleError, AttributeError, ImportError):
        return {}
    return saved if isinstance(saved, dict) and saved.get("version") == VERSION else {}


def _save(path: str | None, value: dict[str, Any]) -> None:
    if not path:
        return
    os.makedirs(os.path.dirname(path), exist_ok=True)
    temporary = path + ".tmp"
    with open(temporary, "wb") as handle:
        pickle.dump({"version": VERSION, **value}, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, path)


def _file_stamp(path: str) -> list[int]:
    info = os.stat(path)
    return [info.st_mtime_ns, info.st_size, info.st_ino]


class Memo:
    """Values kept between builds under one name, each with the fingerprint of its inputs."""

    def __init__(self, engine: "Engine", name: str, refresh: Callable[[Any], Any] | None, enabled: bool) -> None:
        self.engine = engine
        self.refresh = refresh
        self.file = os.path.join(engine.cache_path, f"portal_engine-{name}.pickle") \
            if engine.cache_path and enabled else None
        self.previous: dict[Hashable, tuple[str, Any]] = \
            _load(self.file).get("values", {}) if engine.reuse else {}
        self.kept: dict[Hashable, tuple[str, Any]] = {}
        self.saved = False

    def value(self, key: Hashable, inputs: Any, compute: Callable[[], Any],
              keep: Callable[[Any], bool] | None = None) -> Any:
        """The value under ``key``: the last build's when ``inputs`` are unchanged, else ``compute()``.

        ``inputs`` is a fingerprint (text) or what :meth:`Engine.key` takes (an item,
        a list of items). A value that ``keep`` refuses is returned but not kept
        (a check that found errors is made again next time). A kept value found
        again passes through the memo's ``refresh`` (a VEVENT's DTSTAMP).
        """
        if key in self.kept:
            return self.kept[key][1]
        made_of_print = inputs if isinstance(inputs, str) else self.engine.key(inputs)
        earlier = self.previous.get(key)
        if earlier is not None and earlier[0] == made_of_print:
            value = self.refresh(earlier[1]) if self.refresh else earlier[1]
        else:
            value = compute()
            if keep is not None and not keep(value):
                return value
        self.kept[key] = (made_of_print, value)
        return value

    def save(self) -> None:
        """Keep this build's values for the next build (once; the engine saves the rest)."""
        if not self.saved:
            _save(self.file, {"values": self.kept})
            self.saved = True


class Engine:
    """The reuse of one build (see the module's docstring); one object per Pelican run."""

    def __init__(self, settings: dict[str, Any]) -> None:
        self.settings = settings
        self.reuse = bool(settings.get("PORTAL_REUSE", True))
        self.content_dir = settings.get("PATH", "")
        self.staging = settings.get("OUTPUT_PATH", "")
        self.published = settings.get("PORTAL_OUTPUT_PATH")
        self.cache_path = settings.get("CACHE_PATH")
        self.record_file = os.path.join(self.cache_path, RECORD) if self.cache_path else None
        self.memos: dict[str, Memo] = {}
        self.site = ""
        self.item_key: Callable[[Any], str] = lambda item: fingerprint.digest(id(item))
        self.item_keys: dict[int, str] = {}
        self.listing_keys: dict[tuple[int, ...], str] = {}
        self.page_keys: dict[tuple[str, str | None], str] = {}
        self.templates: TemplateStamps | None = None
        self.code_templates: set[str] = set()
        self.all_records = ""
        self.files: dict[str, list] = {}
        self.previous: dict[str, list] = {}
        self.fragments: dict[tuple[Hashable, ...], Any] = {}
        if self.reuse and self.published:
            saved = _load(self.record_file)
            if saved.get("output") == self.published:
                self.previous = saved.get("files", {})

    # -- what outputs are made of ---------------------------------------------------

    def renders(self, *names: str) -> None:
        """Declare templates that plugin code renders into pages (``env.get_template`` in a template
        function): every page depends on them. Before :meth:`begin_site` (``generator_init``)."""
        self.code_templates.update(names)

    def begin_site(self, portal: Any, last_occurrence: Callable[[Any], Any], env: Any = None) -> None:
        """Fingerprint the site as a whole and learn how to fingerprint its items and templates.

        ``last_occurrence(item)`` is the item's last begun occurrence (its page shows it);
        ``env`` the Jinja2 environment the pages are rendered with (None: every page
        depends on every template, as it does when its template is not named).
        The site: code and look, the day, the list of documents, every content
        page (navigation and footer name them), the records ``site.yaml`` names
        (the footer's contact) and the templates declared with :meth:`renders`.
        """
        items = [item for items in portal.items.values() for item in items]
        self.templates = TemplateStamps(env) if env is not None else None
        self.site = fingerprint.digest([
            fingerprint.code_and_look(self.settings), str(portal.today),
            sorted(doc.rel for item in items for doc in fingerprint.documents(item)),
            [fingerprint.document(self.content_dir, doc)
             for item in portal.pages() for doc in fingerprint.documents(item)],
            fingerprint.records(self.settings, portal.data, portal.data.site),
            [self.template_key(name) for name in sorted(self.code_templates)],
        ])
        self.all_records = fingerprint.digest(fingerprint.every_record(self.settings))

        def item_key(item: Any) -> str:
            timing = None
            if item.schedule is not None:  # current/next and last occurrence change with the hour
                timing = [fingerprint.occurrence(item.next_occurrence(portal.now)),
                          fingerprint.occurrence(last_occurrence(item))]
            return fingerprint.digest([self.site, [fingerprint.document(self.content_dir, doc)
                                                   for doc in fingerprint.documents(item)],
                                       sorted(item.outdated), timing,
                                       fingerprint.records(self.settings, portal.data, item.values)])

        self.item_key = item_key
        self.item_keys.clear()
        self.listing_keys.clear()
        self.page_keys.clear()

    def template_key(self, name: str | None) -> str:
        """The fingerprint of template ``name``'s closure (None: of every template)."""
        return self.templates.key(name) if self.templates is not None else self.site

    def page_key(self, made_of: Any, template: str | None) -> str:
        """The fingerprint of an output file: what :meth:`key` says of ``made_of`` and the closure
        of ``template`` (its Jinja2 name, ``event.html``; None: every template)."""
        made_of_print = self.key(made_of)
        if (made_of_print, template) not in self.page_keys:
            self.page_keys[(made_of_print, template)] = fingerprint.digest([made_of_print,
                                                                            self.template_key(template)])
        return self.page_keys[(made_of_print, template)]

    def key(self, made_of: Any) -> str:
        """The fingerprint of a value or output made of one item, or of a list of items (a
        listing; an empty list: a page that shows no item, made of every record). No templates:
        see :meth:`page_key`.

        A listing's is worked out once per list: every page of a type's listings
        names the same items.
        """
        if isinstance(made_of, (list, tuple)):
            known = tuple(id(item) for item in made_of)  # the items live as long as the build
            if known not in self.listing_keys:
                self.listing_keys[known] = fingerprint.digest([self.site, [self.key(i) for i in made_of]]
                                                              if made_of else [self.site, self.all_records])
            return self.listing_keys[known]
        if id(made_of) not in self.item_keys:
            self.item_keys[id(made_of)] = self.item_key(made_of)
        return self.item_keys[id(made_of)]

    # -- output files ------------------------------------------------------------------

    def reuse_file(self, output: str, made_of: Any, template: str | None = None) -> bool:
        """Take ``output`` (a path below the output folder) from the published site if it is
        unchanged: linked (copied where links are impossible) and recorded. False: render it.
        ``template``: the Jinja2 name of the template it is rendered with (see :meth:`page_key`)."""
        entry = self.previous.get(output)
        if not entry or entry[0] != self.page_key(made_of, template):
            return False
        source = os.path.join(self.published, output)
        target = os.path.join(self.staging, output)
        try:
            if _file_stamp(source) != entry[1:]:
                return False
            os.makedirs(os.path.dirname(target), exist_ok=True)
            try:
                os.link(source, target)
            except OSError:
                if os.path.lexists(target):
                    return False
                shutil.copy2(source, target)
        except OSError:
            return False
        self.record(output, made_of, template)
        return True

    def record(self, output: str, made_of: Any, template: str | None = None) -> None:
        """Note the file just written at ``output``, made of an item or a list of items with
        ``template`` (see :meth:`page_key`)."""
        self.files[output] = [self.page_key(made_of, template), *_file_stamp(os.path.join(self.staging, output))]

    # -- values ---------------------------------------------------------------------------

    def memo(self, name: str, refresh: Callable[[Any], Any] | None = None, enabled: bool = True) -> Memo:
        """The values kept under ``name`` (one :class:`Memo` per name and build).

        ``enabled=False`` keeps nothing between builds (Pelican's ``CACHE_CONTENT`` off)."""
        if name not in self.memos:
            self.memos[name] = Memo(self, name, refresh, enabled)
        return self.memos[name]

    def once(self, *key: Hashable, caller: Callable[[], Any]) -> Any:
        """A value computed once per build under ``key`` (see :mod:`.fragments`)."""
        if key not in self.fragments:
            self.fragments[key] = caller()
        return self.fragments[key]

    def save(self) -> None:
        """Write the record and the memos (after a build that succeeded)."""
        if self.published and self.files:
            _save(self.record_file, {"output": self.published, "files": self.files})
        for memo in self.memos.values():
            memo.save()
