"""The editors' commands of ``tools/portal.py`` (``make new``, ``make report``, ``make schemas``).

    portal.py new --type offer --slug fahrradwerkstatt [--lang en] [--site DIR]
    portal.py report [--strict] [--site DIR]
    portal.py schemas [--site DIR]
    portal.py import FILE [--site DIR]

``report`` prints the same findings as the build's editors' page and exits 0;
with ``--strict`` (``make report STRICT=1``) it exits 1 when there is any
finding, for CI. Content with errors cannot be reported on: the errors are
listed as by ``make check`` and the exit status is 1.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from datetime import date
from typing import Any, Callable

from portal_content import (
    BUILT_IN, ContentError, ContentErrors, editors_language, editors_translations, translate,
)
from portal_content.messages import tools_translations

from .report import Entry, Report, build_report
from .scaffold import ScaffoldError, english_name, new_document, site_types
from .worddiff import as_text
from .schemas import write_schemas

#: Where the command was started: a relative FILE is read from there.
ORIGIN_DIR = os.getcwd()
COMMANDS = ("new", "report", "schemas", "import", "migrate-data")


def _day(value: date | None) -> str:
    return value.isoformat() if value else "?"


def _moment(value: date | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "?"


def _line(entry: Entry, detail: str = "", lang: str | None = None) -> str:
    title = re.sub(r"[\x00-\x1f\x7f]", " ", entry.title(lang)) if entry.item else ""  # an editor's text
    parts = [f"  {entry.path}", title and f"“{title}”", detail]
    return "  ".join(p for p in parts if p)


def format_report(report: Report, lang: str = "en") -> str:
    """The report as plain text, one section after the other, each with its count, in the tools' language."""
    translations = tools_translations(lang)
    gettext, ngettext = translations.gettext, translations.ngettext
    out = [gettext("Editors' report as of %(date)s") % {"date": report.today.isoformat()}, ""]

    def section(title: str, lines: list[str], explanation: str) -> None:
        out.append(f"{title} ({len(lines)})")
        out.append(f"  {explanation}")
        out.extend(lines or ["  " + gettext("nothing")])
        out.append("")

    untranslated = []
    for code, entries in report.untranslated.items():
        untranslated += [f"  {english_name(code, lang)} ({code}): {len(entries)}"]
        untranslated += ["  " + _line(e) for e in entries]
    out.append(gettext("Not yet translated") + f" ({sum(len(e) for e in report.untranslated.values())})")
    out.append("  " + gettext("Listed items without a translation, per language (ended items left out)."))
    out.extend(untranslated or ["  " + gettext("only one language is configured")])
    out.append("")
    section(gettext("Outdated translations"), [
        _line(e, gettext("original changed %(when)s, translation %(since)s")
              % {"when": _moment(e.when), "since": _moment(e.since)}, e.lang)
        + "\n      " + gettext("changed since: %(diff)s") % {"diff": as_text(e.diff)} for e in report.outdated
    ], gettext("The original changed after the translation (git history); [-removed-] {+added+} words.")
       + ("" if report.git else " " + gettext("No git history found: nothing can be marked outdated.")))
    section(gettext("Not checked for a long time"), [
        _line(e, (gettext("last checked %(date)s (updated:)") if e.source == "updated"
                  else gettext("last checked %(date)s (last change in git)")) % {"date": _day(e.when)}
              if e.when else gettext("never checked: no updated: date and no git history"))
        for e in report.stale
    ], gettext("Offers and donation needs last checked before %(date)s (%(months)d months); "
               "set updated: to the day you check them.")
       % {"date": report.stale_before.isoformat(), "months": report.settings.stale_after_months})
    section(gettext("Expiring soon"),
            [_line(e, gettext("expires %(date)s") % {"date": _day(e.when)}) for e in report.expiring],
            gettext("expires: within the next %(days)d days.") % {"days": report.settings.expiring_within_days})
    section(gettext("Events without a future date"),
            [_line(e, gettext("last date %(date)s") % {"date": _day(e.when)}) for e in report.ended_events],
            gettext("Last date within the last %(days)d days; add the next date if they go on.")
            % {"days": report.settings.expiring_within_days})
    section(gettext("Links to unpublished pages"), [
        f"  {e.path}{f':{e.line}' if e.line else ''}: {e.field}: "
        + gettext("links to %(target)s, which is a draft") % {"target": e.source}
        for e in report.broken
    ], gettext("Unknown ids, missing files and broken links stop the build (make check lists them); "
               "these links lead to drafts."))
    section(gettext("Proposed, awaiting review"), [_line(e) for e in report.proposed],
            gettext("Draft offers (draft: true), e.g. proposed by partners through make import: check them, "
                    "complete them, then delete draft: true to publish."))
    if report.draft_problems:
        out.append(gettext("Problems in drafts") + f" ({len(report.draft_problems)})")
        out.append("  " + gettext("They do not stop the build (drafts are not published); fix them before publishing."))
        out.extend(f"  {problem.text(gettext)}" for problem in report.draft_problems)
        out.append("")
    out.append(ngettext("%(num)d finding.", "%(num)d findings.", report.count) % {"num": report.count})
    return "\n".join(out)


def report_command(site: str, strict: bool, load_settings: Callable[[str], dict[str, Any]]) -> int:
    from pelican import Pelican

    from portal_content import ContentErrors, load_portal

    os.chdir(site)
    settings = load_settings(site)
    lang = editors_language(os.path.join(site, "data"))
    translations = tools_translations(lang)
    try:
        Pelican(settings)  # registers the plugins, so their checks run too
        portal = load_portal(settings)
    except ContentErrors as errors:
        print(errors.report(translations.gettext, translations.ngettext), file=sys.stderr)
        print(translations.gettext("The report needs valid content; the build stops on these errors too."),
              file=sys.stderr)
        return 1
    report = build_report(portal, settings["PATH"], settings.get("PORTAL_GIT_DATES", True))
    print(format_report(report, lang))
    if strict and report.count:
        print(translations.ngettext("STRICT: failing on %(num)d finding.", "STRICT: failing on %(num)d findings.",
                                    report.count) % {"num": report.count}, file=sys.stderr)
        return 1
    return 0


def new_command(site: str, type_name: str, slug: str, lang: str | None) -> int:
    gettext = editors_translations(os.path.join(site, "data")).gettext
    try:
        rel = new_document(site, type_name, slug, lang or None)
    except ScaffoldError as error:
        print(f"make new: {translate(error.args[0], gettext)}", file=sys.stderr)
        for problem in error.args[1] if len(error.args) > 1 else ():
            print(problem.text(gettext), file=sys.stderr)
        return 1
    print(gettext("Created %(path)s: fill in the fields, then run make check.") % {"path": rel})
    return 0


def import_command(site: str, path: str, load_settings: Callable[[str], dict[str, Any]]) -> int:
    """Drafts from a file of submissions; a file with any problem writes nothing."""
    import subprocess

    from portal_content import build_now, site_zone

    from .importer import ImportProblem, plan_import, write_drafts

    translations = editors_translations(os.path.join(site, "data"))
    gettext = translations.gettext
    if not path:  # make import without FILE=
        print(gettext("make import: name the file with FILE=, e.g. make import FILE=imports/angebote.csv"),
              file=sys.stderr)
        return 2
    path = os.path.abspath(path)
    today = build_now(site_zone(load_settings(site))).date()
    try:
        drafts = plan_import(site, path, today, gettext)
        write_drafts(site, drafts)
    except ImportProblem as problem:
        for message in problem.messages:
            print(translate(message, gettext), file=sys.stderr)
        print(gettext("Nothing was imported."), file=sys.stderr)
        return 1
    for draft in drafts:
        title = " ".join(draft.title.split())[:80]
        print(gettext("wrote %(path)s: draft offer “%(title)s”") % {"path": draft.rel, "title": title}
              + ("" if draft.matched else "  " + gettext("(organisation %(name)r not in data/organisations/ or organisations.yaml)")
                 % {"name": draft.organisation}))
    print(translations.ngettext("%(num)d proposed offer imported as a draft: review it, then run make check.",
                                "%(num)d proposed offers imported as drafts: review them, then run make check.",
                                len(drafts)) % {"num": len(drafts)})
    tracked = subprocess.run(["git", "-C", site, "check-ignore", "-q", path], capture_output=True)
    if tracked.returncode == 1:
        print(gettext("Warning: %(file)s is not ignored by git. It holds the senders' own data: "
                      "keep such files in imports/ and never commit them.") % {"file": os.path.relpath(path)},
              file=sys.stderr)
    return 0


def main(argv: list[str], load_settings: Callable[[str], dict[str, Any]]) -> int:
    parser = argparse.ArgumentParser(prog="portal.py", description="The editors' commands.")
    commands = parser.add_subparsers(dest="command", required=True)
    new = commands.add_parser("new", help="write a new document with every field, commented")
    new.add_argument("--type", required=True,
                     help=f"one of: {', '.join(t.singular for t in BUILT_IN.values())} (or a site's own type)")
    new.add_argument("--slug", required=True, help="the file name part, e.g. fahrradwerkstatt")
    new.add_argument("--lang", default=None, help="a translation's language (default: the source language)")
    report = commands.add_parser("report", help="print the freshness report")
    report.add_argument("--strict", action="store_true", help="exit 1 when there is any finding")
    commands.add_parser("schemas", help="write schemas/ and .vscode/settings.json from the contract")
    imports = commands.add_parser("import", help="write draft offers from a file of form submissions")
    imports.add_argument("file", help="a Formspree or Netlify export (.json, .csv) or a notification mail (.eml)")
    commands.add_parser("migrate-data", help="move data/organisations.yaml, places.yaml, links.yaml "
                                             "into one file per record (data/organisations/<id>.yaml …)")
    for sub in commands.choices.values():
        sub.add_argument("--site", default=os.getcwd(), help="folder with content/ and data/")
    args = parser.parse_args(argv)
    site = os.path.abspath(args.site)
    if args.command == "new":
        return new_command(site, args.type, args.slug, args.lang)
    if args.command == "report":
        return report_command(site, args.strict, load_settings)
    if args.command == "import":
        return import_command(site, args.file and os.path.join(ORIGIN_DIR, args.file), load_settings)
    if args.command == "migrate-data":
        return migrate_command(site, load_settings)
    return schemas_command(site)


def schemas_command(site: str) -> int:
    """``make schemas``: the site's types (data/types/ included) must be readable first."""
    translations = editors_translations(os.path.join(site, "data"))
    errors: list[ContentError] = []
    os.chdir(site)  # files are named from the site's folder, as by make check
    types = site_types(site, errors)
    if errors:
        print(ContentErrors(errors).report(translations.gettext, translations.ngettext), file=sys.stderr)
        return 1
    for path in write_schemas(site, types):
        print(translations.gettext("wrote %(path)s") % {"path": path})
    return 0


NUMBER_LIKE = re.compile(r"^[-+.]?[0-9]")


def migrate_command(site: str, load_settings: Callable[[str], dict[str, Any]]) -> int:
    """``make migrate-data``: list files into folders, only from valid data, checked again after."""
    import yaml

    from portal_content.records import RECORD_FILES, migrate

    translations = editors_translations(os.path.join(site, "data"))
    os.chdir(site)  # files are named from the site's folder, as by make check
    data_dir = os.path.join(site, "data")
    todo = [name for name in RECORD_FILES if os.path.isfile(os.path.join(data_dir, f"{name}.yaml"))
            and not os.path.exists(os.path.join(data_dir, name))]
    if not todo:
        print(translations.gettext("Nothing to migrate: data/ has no list files left."))
        return 0
    from portal_content import load_site_data_errors

    errors = load_site_data_errors(data_dir, os.path.join(site, "content"))
    if errors:
        print(ContentErrors(errors).report(translations.gettext, translations.ngettext), file=sys.stderr)
        print(translations.gettext("make migrate-data converts valid data only: fix these errors first."),
              file=sys.stderr)
        return 1

    class Dumper(yaml.SafeDumper):
        """Quotes strings that start like a number ("06108", "+49 …"): YAML 1.2 readers such as
        the CMS's would take an unquoted 06108 for the number 6108."""

    def text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
        style = '"' if NUMBER_LIKE.match(value) else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, text)

    def dump(record: Any) -> str:
        return yaml.dump(record, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=100)

    for name in todo:
        for path in migrate(data_dir, name, dump):
            print(translations.gettext("wrote %(path)s") % {"path": path})
        print(translations.gettext("removed data/%(name)s.yaml") % {"name": name})
    return 0
