"""portal_engine: the one place that owns build-time reuse and fingerprinting.

Each Pelican run gets one :class:`~.engine.Engine` (``of(settings)``): it knows
which output files and kept values depend on which inputs (:mod:`.fingerprint`),
takes unchanged outputs from the published site, and saves its record in
``CACHE_PATH`` when the build succeeded. Plugins use it through

- ``engine.reuse_file(output, made_of, template) -> bool`` and ``engine.record(output,
  made_of, template)`` for a file made of an item or a list of items with a template (whose
  closure it depends on: :mod:`.templates`);
- ``engine.renders(name, …)`` for a template plugin code renders into pages (every page
  depends on it);
- ``engine.memo(name).value(key, inputs, compute)`` for a value kept between builds;
- ``once(key)`` in templates (:mod:`.fragments`) for a part rendered once per build;
- :mod:`.forked` (a build's Pelican run in a child, so its memory is gone before
  Pagefind runs), :mod:`.parallel` (the forked render worker), :mod:`.preread` (the forked reading
  pool), :mod:`.spare` (the spare output folder a rebuild writes into) and
  :mod:`.searchindex` (whether the published search index can be reused).
No other plugin keeps build-time reuse, forking or fingerprinting code.
"""

from __future__ import annotations

from typing import Any

from pelican import signals

from . import fingerprint, fragments
from .engine import Engine, Memo

__all__ = ["Engine", "Memo", "fingerprint", "of", "register"]

SETTING = "PORTAL_ENGINE"


def of(settings: dict[str, Any]) -> Engine:
    """The engine of the build these ``settings`` belong to (made on first use)."""
    engine = settings.get(SETTING)
    if not isinstance(engine, Engine):
        engine = settings[SETTING] = Engine(settings)
    return engine


def begin_build(pelican: Any) -> None:
    """``get_generators`` receiver (sent once per run, before any generator exists): a fresh engine."""
    pelican.settings[SETTING] = Engine(pelican.settings)


def add_to_environment(generator: Any) -> None:
    """``generator_init`` receiver: the templates' ``once`` (see :mod:`.fragments`)."""
    fragments.add_to_environment(generator, of(generator.settings))


def end_build(pelican: Any) -> None:
    """``finalized`` receiver: keep the record for the next build; forget this build's engine."""
    engine = pelican.settings.pop(SETTING, None)
    if isinstance(engine, Engine):
        engine.save()


def register() -> None:
    signals.get_generators.connect(begin_build)
    signals.generator_init.connect(add_to_environment)
    signals.finalized.connect(end_build)
