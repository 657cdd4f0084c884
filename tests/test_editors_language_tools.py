"""Every editors' command speaks German with ``PORTAL_LANG=de``: check, build (its failures and its
wait for another build too), new, import, schemas and migrate-data; the report page follows the same rule.

Each run is given input that makes the command speak (errors, warnings, success); what it
prints must be German, and no English sentence of the tools' catalogue (theme/translations/
tools.pot) may be printed untranslated. The catalogue itself is checked to be complete in
test_editors_language.py.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from functools import lru_cache
from html import unescape

from buildlock import one_build_at_a_time
from conftest import ROOT, TODAY_EPOCH, Site
from test_editors_report import REPORT
from test_editors_translations import catalogue
from test_validation import line_of

GERMAN = {"PORTAL_LANG": "de"}
#: Words of English sentences; none is a German word. Quoted values, file names and make's variables are
#: left out first.
ENGLISH = re.compile(r"\b(the|is|are|was|not|cannot|must|needs?|only|found|wrote|written|nothing|missing|"
                     r"unknown|with|which|there|file|folder|please|error|errors|here)\b", re.IGNORECASE)
QUOTED = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"|“[^”\n]*”|„[^“\n]*“|\S*[/.]\S*|\b[A-Z]+=\S*")  # and make's FILE=…
TYPES = {  # a site's own types with a mistake each, and the German the editor gets, by line
    "data/types/offers.yaml": ("singular: angebot\nlabel: Angebote\nfields: []\n",
                               "singular:", "den Namen 'offers' hat schon ein eingebauter Inhaltstyp"),
    "data/types/talks.yaml": ("singular: talk\nlabel: Talks\nfields:\n  - {name: level, kind: enum, help: Stufe}\n",
                              "- {name: level", "fields[0]: ein Feld der Art enum (Auswahl) braucht choices"),
    "data/types/visits.yaml": ("singular: visit\nlabel: Visits\nfields: []\narchive: true\n",
                               "archive:", "archive: ein Inhaltstyp mit archive: true braucht ein Feld start"),
}


@lru_cache(maxsize=None)
def english_sentences() -> tuple[re.Pattern[str], ...]:
    """Each msgid of tools.pot with three words or more, as a pattern its English text would match."""
    patterns = []
    for message in catalogue(ROOT / "theme" / "translations" / "tools.pot"):
        for msgid in (message.id if isinstance(message.id, tuple) else (message.id,)):
            if msgid and len(re.findall(r"(?<![%(])\b[A-Za-z]{2,}\b(?!\))", msgid)) >= 3:
                parts = re.split(r"%\(\w+\)[sdr]|%[sd]", msgid)
                patterns.append(re.compile(".+?".join(re.escape(part) for part in parts)))
    return tuple(patterns)


def assert_german(output: str) -> None:
    """No sentence of the catalogue in English, and no English words outside quoted values and paths."""
    assert output.strip(), "the command said nothing"
    for line in output.splitlines():
        for pattern in english_sentences():
            assert not pattern.search(line), f"untranslated ({pattern.pattern!r}): {line}"
        words = ENGLISH.findall(QUOTED.sub(" ", line))
        assert not words, f"English words {words} in: {line}"


def portal(site: Site, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """``tools/portal.py`` as ``make`` runs it, in German unless ``env`` says otherwise."""
    return subprocess.run([sys.executable, str(ROOT / "tools" / "portal.py"), *args, "--site", str(site.path)],
                          capture_output=True, text=True, timeout=300, cwd=site.path,
                          env={**os.environ, "SOURCE_DATE_EPOCH": TODAY_EPOCH, **GERMAN, **(env or {})})


def test_check_and_build_speak_german_about_site_types_yaml_and_downloads(site: Site):
    for path, (text, _, _) in TYPES.items():
        site.write(path, text)
    page = site.write("content/pages/steuerzeichen.de.md", "---\ntitle: \"Hallo\x07\"\n---\nText.\n").read_text()
    site.write("content/materials/seite.html", "<script>alert(1)</script>")
    broken = site.write("content/pages/doppelpunkt.de.md", "---\ntitle: Hallo: Welt\n---\nText.\n").read_text()
    expected = [f"{path}:{line_of(text, needle)}: {words}" for path, (text, needle, words) in TYPES.items()]
    expected += [f"content/pages/steuerzeichen.de.md:{line_of(page, 'title:')}: das Zeichen U+0007 ist in YAML "
                 "nicht erlaubt (ein unsichtbares Steuerzeichen: entfernen Sie es)",
                 "content/materials/seite.html: eine Datei mit der Endung .html wird nicht als Download "
                 "veröffentlicht: eine Seite oder ein Skript dort liefe als Teil der Website; erlaubte "
                 "Dateiendungen: csv,",
                 f"content/pages/doppelpunkt.de.md:{line_of(broken, 'title:')}: fehlerhaftes YAML: hier darf kein "
                 "Wert beginnen: ein Doppelpunkt mit Leerzeichen danach beginnt einen Wert"]
    for command in ("check", "build"):
        done = portal(site, command)
        assert done.returncode == 1, done.stdout
        for line in expected:
            assert line in done.stderr, f"{command}: {line}\n{done.stderr}"
        assert "6 Fehler gefunden; nichts wurde geschrieben." in done.stderr
        assert_german(done.stderr)


def test_check_build_and_the_report_page_say_in_german_what_they_did(site: Site):
    checked = portal(site, "check")
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout == ("Inhalt ist gültig: 3 Ehrenamt, 1 Fortbildungen, 4 Veranstaltungen, 1 Spenden, "
                              "3 Informationsseiten\n")  # each type by its name in the menu
    built = portal(site, "build")
    assert built.returncode == 0, built.stderr
    assert re.fullmatch(r"\d+ Seiten in [\d.]+ s nach output gebaut\n", built.stdout), built.stdout
    page = (site.path / "output" / REPORT / "index.html").read_text(encoding="utf-8")
    assert "<h1>Bericht für die Redaktion</h1>" in page
    assert_german(checked.stdout + built.stdout)


def test_the_builds_own_failures_and_its_wait_for_another_build_are_german(site: Site):
    def build_with(patch: str) -> subprocess.CompletedProcess:
        code = f"import sys\n{patch}\nimport portal\nsys.exit(portal.main(['build', '--site', {str(site.path)!r}]))"
        return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                              env={**os.environ, **GERMAN, "PYTHONPATH": str(ROOT / "tools")})

    full = build_with("import errno, os, tempfile\n"
                      "def mkdtemp(prefix='', dir=None):\n"
                      "    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), os.path.join(dir, prefix))\n"
                      "tempfile.mkdtemp = mkdtemp")
    assert full.returncode == 1
    assert "Build fehlgeschlagen: kein Platz mehr auf dem Datenträger (beim Schreiben von " in full.stderr
    assert "schaffen Sie Platz und bauen Sie erneut" in full.stderr
    output = str(site.path / "output")
    mounted = build_with(f"import os.path\nos.path.ismount = lambda path: path == {output!r}")
    assert mounted.returncode == 1
    assert f"Build fehlgeschlagen: {output} ist ein Einhängepunkt (mount point)" in mounted.stderr
    with one_build_at_a_time(str(site.path / ".cache")):  # a build that has to wait says so
        waiting = subprocess.Popen([sys.executable, str(ROOT / "tools" / "portal.py"), "build", "--site",
                                    str(site.path)], stderr=subprocess.PIPE, text=True, env={**os.environ, **GERMAN})
        said = waiting.stderr.readline()
        waiting.kill()
        waiting.communicate()
    assert said == f"ein anderer Build läuft (Prozess {os.getpid()}), warte darauf\n"
    assert_german(full.stderr + mounted.stderr + said)


def test_new_speaks_german_on_every_mistake(site: Site):
    for args, words in (
        (("--type", "angebot", "--slug", "garten"), "make new: unbekannte Art TYPE='angebot'; eine von: offer,"),
        (("--type", "offer", "--slug", "Garten Hilfe"), "make new: das Kürzel SLUG='Garten Hilfe' darf nur"),
        (("--type", "offer", "--slug", "fussball"), "make new: content/offers/fussball.de.md gibt es schon"),
        (("--type", "offer", "--slug", "neu", "--lang", "en"), "eine Übersetzung braucht ihr Original"),
    ):
        done = portal(site, "new", *args)
        assert done.returncode == 1 and words in done.stderr, done.stderr
        assert_german(done.stderr)


def test_import_speaks_german_on_bad_files_and_writes_german_drafts(site: Site, tmp_path):
    bad = tmp_path / "angebote.csv"
    bad.write_text("organisation,email,title,description\nSV Beispielheim,,Gut,\n", encoding="utf-8")
    refused = portal(site, "import", str(bad))
    assert refused.returncode == 1
    assert "angebote.csv: Einsendung 1 (Zeile 2): die Antwort 'email' fehlt" in refused.stderr
    assert refused.stderr.endswith("Es wurde nichts importiert.\n")
    missing = portal(site, "import", str(tmp_path / "weg.json"))
    assert missing.returncode == 1 and "weg.json: diese Datei gibt es nicht" in missing.stderr
    unnamed = portal(site, "import", "")  # make import without FILE=
    assert unnamed.returncode == 2 and "make import: nennen Sie die Datei mit FILE=" in unnamed.stderr
    done = portal(site, "import", str(ROOT / "tests" / "fixtures" / "imports" / "netlify.csv"))
    assert done.returncode == 0, done.stderr
    assert ("content/offers/einkaufshilfe-fuer-neuangekommene.de.md geschrieben: Angebotsentwurf "
            "„Einkaufshilfe für Neuangekommene“  (Organisation 'Nachbarschaftshilfe Lindenweg e.V.' steht nicht "
            "in data/organisations/ oder organisations.yaml)") in done.stdout
    assert "1 vorgeschlagenes Angebot als Entwurf importiert" in done.stdout
    draft = site.read("content/offers/einkaufshilfe-fuer-neuangekommene.de.md")
    assert "# Vorschlag aus dem Formular „angebot-melden“, importiert am 2026-11-26 aus netlify.csv." in draft
    assert "# ACHTUNG: Diese Organisation steht nicht in data/organisations/ (oder organisations.yaml)." in draft
    assert_german(refused.stderr + missing.stderr + unnamed.stderr + done.stdout)
    checked = portal(site, "check")
    assert checked.returncode == 0, checked.stderr
    assert "Entwürfe (nicht veröffentlicht, daher läuft der Build weiter): 1 Problem" in checked.stdout


def test_schemas_and_migrate_data_speak_german(site: Site):
    written = portal(site, "schemas")
    assert written.returncode == 0, written.stderr
    assert "schemas/offers.schema.json geschrieben" in written.stdout
    migrated = portal(site, "migrate-data")
    assert migrated.returncode == 0, migrated.stderr
    assert "data/organisations/agentur.yaml geschrieben" in migrated.stdout
    assert "data/organisations.yaml entfernt" in migrated.stdout
    again = portal(site, "migrate-data")
    assert again.stdout == "Nichts umzustellen: data/ hat keine Listendateien mehr.\n"
    text, needle, words = TYPES["data/types/talks.yaml"]
    site.write("data/types/talks.yaml", text)
    refused = portal(site, "schemas")
    assert refused.returncode == 1
    assert f"data/types/talks.yaml:{line_of(text, needle)}: {words}" in refused.stderr
    assert_german(written.stdout + migrated.stdout + again.stdout + refused.stderr)


def test_the_report_page_follows_portal_lang_before_the_site_setting_as_the_tools_do(site: Site):
    site.write("data/site.yaml", site.read("data/site.yaml") + "editors_language: de\n")
    built = portal(site, "build", env={"PORTAL_LANG": "en"})
    assert built.returncode == 0, built.stderr
    assert built.stdout.startswith("Built ")
    page = unescape((site.path / "output" / REPORT / "index.html").read_text(encoding="utf-8"))
    assert '<html lang="en" dir="ltr">' in page and "<h1>Editors' report</h1>" in page
