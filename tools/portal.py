"""The portal's command line: build, check and serve a site written to the contract.

    python tools/portal.py build  [--site DIR] [--output DIR] [--incremental]
    python tools/portal.py check  [--site DIR]
    python tools/portal.py serve  [--site DIR] [--output DIR] [--port 8000]
    python tools/portal.py devserver [--site DIR] [--output DIR] [--port 8000]
    python tools/portal.py new | report | schemas …   (editors' commands, see portal_editors.cli)
    python tools/portal.py brochure [--site DIR] [--output DIR] [--into DIR]   (see tools/brochure)

``build`` runs Pelican once for all languages into a temporary folder next to
the output folder (in a forked child: :mod:`portal_engine.forked`), indexes it for search
once that child has ended, and swaps it in, in one step, only when everything succeeded,
so a failed build leaves the previous ``output/`` as it was (the replaced output
is kept in ``.cache/`` and reused by the next build: see :mod:`staging`); one
build of a site runs at a time (:mod:`buildlock`). Errors are listed as
``file:line: field: message`` and the exit status is 1. Every build takes the
pages of unchanged items from the published output instead of rendering them
again (see plugins/portal_engine); ``--incremental`` (what the devserver
runs for a full rebuild, see :mod:`devserver`) publishes the pages before the search
index is refreshed.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import io
import logging
import os
import sys
import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from portal_content import LoggedErrors

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ORIGIN = os.getcwd()


def _plugins_importable() -> None:
    """Make the portal's plugins importable: its settings file puts them on the path
    (pelican.conf.py, the one place that does)."""
    from pelican.settings import read_settings

    read_settings(os.path.join(HERE, "pelican.conf.py"))


def _settings(site: str, output: str | None = None) -> dict[str, Any]:
    from pelican.settings import read_settings

    conf = os.path.join(site, "pelican.conf.py")
    if not os.path.exists(conf):
        conf = os.path.join(HERE, "pelican.conf.py")
    override: dict[str, Any] = {
        "PATH": os.path.join(site, "content"),
        "PORTAL_DATA_PATH": os.path.join(site, "data"),
        "CACHE_PATH": os.path.join(site, ".cache"),
    }
    if os.path.isdir(os.path.join(site, "templates")):
        # templates of the site's own content types (data/types/), searched before the theme's
        override["THEME_TEMPLATES_OVERRIDES"] = [os.path.join(site, "templates")]
    if output:
        override["OUTPUT_PATH"] = output
    return read_settings(conf, override=override)


def _translations(site: str) -> Any:
    """The catalogue of the editors' language (see portal_content.messages)."""
    from portal_content import editors_translations

    return editors_translations(os.path.join(site, "data"))


def _report(errors: Any, site: str) -> int:
    """Print every error in the editors' language; exit status 1."""
    translations = _translations(site)
    print(errors.report(translations.gettext, translations.ngettext), file=sys.stderr)
    return 1


def _failed(exc: BaseException, site: str, after_publishing: bool = False) -> int:
    """Say why a build failed, in the editors' language; exit status 1."""
    gettext = _translations(site).gettext
    text = (gettext("build failed after publishing the pages: %(reason)s") if after_publishing
            else gettext("build failed: %(reason)s"))
    print(text % {"reason": failure_message(exc, gettext)}, file=sys.stderr)
    return 1


def build(site: str, output: str, incremental: bool = False, drafts: bool = False,
          publish: bool = False, then: bool = True) -> int:
    """Build ``site`` into ``output``, one build of a site at a time (see :mod:`buildlock`).
    ``publish`` (``make publish``) warns first when SITEURL is not a full address; without
    ``then``, the work that follows the published pages (the search index) is the caller's."""
    from buildlock import one_build_at_a_time

    if publish:
        _warn_without_siteurl(site)
    with one_build_at_a_time(os.path.join(site, ".cache"), gettext=_translations(site).gettext):
        return _locked_build(site, os.path.abspath(output), incremental, drafts, then)


def _locked_build(site: str, output: str, incremental: bool, drafts: bool, then: bool = True) -> int:
    """Pelican's run into a staging folder, the search index, then the swap (see the module's docstring).

    ``make html`` runs Pelican in a forked child (:mod:`portal_engine.forked`) and indexes the
    staging folder in this process once the child has ended: Pagefind, the
    build's largest part in memory, then runs beside a process that holds only
    its imports (~60 MB), not the site's model. Measured at 2,000 items × 6
    languages: the summed peak falls from 1,573 to ~1,350 MB. The other ways
    measured or weighed fall short: dropping the Pelican object after its run,
    collecting and trimming the heap (glibc's ``malloc_trim``) still leaves this
    process at 244 MB PSS (158 MB trimmed): caches and Python's arenas keep the
    rest; Pelican's ``finalized`` signal, where the index ran before, is sent
    while Pelican holds the model; and a Pagefind job spawned afresh rather than
    forked would still run beside this process and its model. A devserver build
    (``incremental``) stays in this process: the devserver keeps its model, and
    its index is refreshed after publishing anyway.
    """
    from portal_content import LoggedErrors
    from portal_engine.forked import can_fork, run_in_child
    from portal_search import INDEX_LATER, index_built

    from staging import Staging

    try:
        staging = Staging(output, os.path.join(site, ".cache"))
    except Exception as exc:  # a mount point, a full disk, no permission: nothing was written
        return _failed(exc, site)
    separate = not incremental and can_fork()
    failures = LoggedErrors()  # Pelican logs some problems (a template error) instead of raising
    logging.getLogger().addHandler(failures)
    started = time.monotonic()
    try:
        os.chdir(site)
        settings = _settings(site, staging.path)
        # The published folder (unchanged pages are taken from it: plugins/portal_engine), and
        # whether the search index is refreshed after publishing (devserver builds).
        settings.update(PORTAL_OUTPUT_PATH=output, PORTAL_INCREMENTAL=incremental)
        # The devserver also renders drafts' pages (with a "draft" notice); make html never does.
        settings.update(PORTAL_SHOW_DRAFTS=drafts)
        # Whether this process indexes the staging folder once Pelican's child has ended.
        settings.update({INDEX_LATER: separate})
        status = run_in_child(lambda: _render(settings, site, failures)) if separate \
            else _render(settings, site, failures)
        if status != 0:
            with contextlib.suppress(OSError):
                staging.discard()
            return status if status > 0 else _failed(_ended(-status), site)
        if separate:
            index_built(staging.path, settings)
            if failures.messages:
                raise RuntimeError("\n".join(failures.messages))
        pages = staging.publish()
    except Exception as exc:  # Pagefind, a full disk: say so, keep output/
        with contextlib.suppress(OSError):
            staging.discard()
        return _failed(exc, site)
    finally:
        logging.getLogger().removeHandler(failures)
    shown = os.path.relpath(output, ORIGIN) if output.startswith(ORIGIN + os.sep) else output
    translations = _translations(site)
    print(translations.ngettext("Built %(num)d page into %(output)s in %(seconds)s s",
                                "Built %(num)d pages into %(output)s in %(seconds)s s", pages)
          % {"num": pages, "output": shown, "seconds": f"{time.monotonic() - started:.1f}"}, flush=True)
    return _after_publishing(output, site) if then else 0


def _ended(number: int) -> RuntimeError:
    """Why a build whose child was ended by signal ``number`` failed (SIGKILL: often memory running out)."""
    import signal

    from portal_content import tr

    try:
        name = signal.Signals(number).name
    except ValueError:
        name = str(number)
    return RuntimeError(tr("the process that renders the pages was ended by signal %(signal)s", signal=name))


def _render(settings: dict[str, Any], site: str, failures: LoggedErrors) -> int:
    """Pelican's run with ``settings`` (into the staging folder); 0, or 1 once its errors are printed."""
    from pelican import Pelican
    from portal_content import ContentErrors

    try:
        with contextlib.redirect_stdout(io.StringIO()):  # Pelican counts articles; we have none
            Pelican(settings).run()
        if failures.messages:
            raise RuntimeError("\n".join(failures.messages))
    except ContentErrors as errors:
        return _report(errors, site)
    except Exception as exc:  # a template or plugin failure, a full disk: say so, keep output/
        return _failed(exc, site)
    return 0


def _warn_without_siteurl(site: str) -> None:
    """Say, in the editors' language, what a site built for publishing lacks without a full SITEURL:
    link previews, feeds and calendar subscriptions need absolute addresses, which only it gives."""
    from portal_content import tr

    siteurl = os.environ.get("SITEURL", "")
    if siteurl.startswith(("https://", "http://")):
        return
    message = tr("warning: SITEURL is not set to the site's public address (e.g. SITEURL=https://example.org/portal "
                 "make publish): sharing cards in messengers, the news feeds and the calendar links need it "
                 "and will not work")
    print(message.translated(_translations(site).gettext), file=sys.stderr)


#: The errors that mean a full disk (or a full quota): named as such wherever they happen.
NO_SPACE = {errno.ENOSPC, errno.EDQUOT}


def failure_message(exc: BaseException, gettext: Any = str) -> str:
    """What went wrong, in words, in the language of ``gettext``; a full disk is named as such,
    with the file being written. An exception whose message was marked with ``tr`` is translated."""
    from portal_content import Message, reason

    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, OSError) and seen.errno in NO_SPACE:
            if seen.filename:
                return gettext("no space left on device (writing %(file)s): free some space and build again") \
                    % {"file": seen.filename}
            return gettext("no space left on device: free some space and build again")
        seen = seen.__cause__ or seen.__context__
    said = reason(exc)
    if isinstance(said, Message):
        return said.translated(gettext)
    return said.replace(f"[Errno {errno.ENOSPC}] No space left on device", "no space left on device")


def _after_publishing(output: str, site: str) -> int:
    """Work that follows the published pages (the devserver's search index)."""
    from portal_content import translate
    from portal_site import announce_published

    gettext = _translations(site).gettext
    try:
        for line in announce_published(output):
            print(translate(line, gettext), flush=True)
    except Exception as exc:  # the pages are out; the previous search index stays
        return _failed(exc, site, after_publishing=True)
    return 0


def check(site: str) -> int:
    from portal_content import ContentErrors, load_portal

    from pelican import Pelican

    os.chdir(site)
    try:
        settings = _settings(site)
        Pelican(settings)  # registers the plugins, so their checks run too
        portal = load_portal(settings)
    except ContentErrors as errors:
        return _report(errors, site)
    except Exception as exc:  # a bug: say so in one line, as the build does, never a traceback
        print(_translations(site).gettext("internal error while checking %(site)s: %(error)s; please report it")
              % {"site": site, "error": f"{type(exc).__name__}: {exc}"}, file=sys.stderr)
        return 1
    from portal_content import editors_translations
    from portal_editors.decap import Words

    translations = editors_translations(settings["PORTAL_DATA_PATH"])
    words = Words.of(portal.data)  # each type by its name in the editors' language ("Angebote")
    counts = ", ".join(
        f"{len(items)} {words.label(portal.types[doc_type].label) if doc_type in portal.types else doc_type}"
        for doc_type, items in portal.items.items()
    )
    print(translations.gettext("content is valid: %(counts)s") % {"counts": counts})
    if portal.draft_errors:
        print(_draft_report(portal.draft_errors, translations))
    return 0


def _draft_report(errors: list[Any], translations: Any) -> str:
    """Errors in drafts, under their own heading: they never stop a build (drafts are not published)."""
    count = len(errors)
    heading = translations.ngettext(
        "Drafts (not published, so the build goes on): %(num)d problem to fix before publishing",
        "Drafts (not published, so the build goes on): %(num)d problems to fix before publishing",
        count) % {"num": count}
    ordered = sorted(errors, key=lambda e: (e.path, e.line or 0))
    return "\n".join([heading] + [f"  {e.text(translations.gettext)}" for e in ordered])


def serve(output: str, port: int, site: str) -> int:
    import functools
    import http.server

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=output)
    with http.server.ThreadingHTTPServer(("localhost", port), handler) as server:
        print(_translations(site).gettext("Serving %(output)s on %(url)s (Ctrl+C stops)")
              % {"output": output, "url": f"http://localhost:{port}/"})
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
    return 0


def devserver_build_command(site: str, output: str) -> list[str]:
    """The build ``make bench`` times as a devserver rebuild: the devserver's full rebuild (after a
    change to ``data/``, say) is this build, run in its own process (:mod:`devserver`)."""
    return [sys.executable, os.path.abspath(__file__), "build", "--incremental", "--drafts", "--site", site,
            "--output", output]


def devserver(site: str, output: str, port: int) -> int:
    """Serve ``output`` and keep it up to date with every change (see :mod:`devserver`)."""
    from devserver import run

    return run(site, output, port)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    _plugins_importable()
    if argv and argv[0] in ("new", "report", "schemas", "import", "migrate-data"):  # the editors' commands
        from portal_editors.cli import main as editors_main

        return editors_main(argv, _settings)
    if argv and argv[0] == "brochure":  # the print brochure: reads the built site (tools/brochure)
        from brochure import main as brochure_main

        return brochure_main(argv[1:], _settings)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["build", "check", "serve", "devserver"])
    parser.add_argument("--site", default=os.getcwd(), help="folder with content/ and data/")
    parser.add_argument("--output", default=None, help="output folder (default: SITE/output)")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--incremental", action="store_true",
                        help="build: publish the pages first, refresh the search index after (devserver)")
    parser.add_argument("--publish", action="store_true",
                        help="build: for the public address (make publish); warns when SITEURL is not set")
    parser.add_argument("--drafts", action="store_true",
                        help="build: render drafts' pages too, marked as drafts (devserver only)")
    args = parser.parse_args(argv)
    site = os.path.abspath(args.site)
    output = os.path.abspath(args.output or os.path.join(site, "output"))
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    if args.command == "build":
        return build(site, output, args.incremental, args.drafts, args.publish)
    if args.command == "check":
        return check(site)
    if args.command == "devserver":
        return devserver(site, output, args.port)
    return serve(output, args.port, site)


if __name__ == "__main__":
    sys.exit(main())
