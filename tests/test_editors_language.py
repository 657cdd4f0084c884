"""The editors' tools speak the site's language (German in the fixtures and the demo), English on request.

Messages are marked at their source (``tr``), collected into the gettext
template ``theme/translations/tools.pot`` and translated per language in
``<lang>/LC_MESSAGES/tools.po``; ``PORTAL_LANG`` or ``editors_language:`` in
data/site.yaml choose another language than the site's first one.
"""

from __future__ import annotations

import os
import subprocess
import sys

from babel.messages.pofile import read_po

from conftest import ROOT, SITE_LANGUAGE, TODAY_EPOCH
from test_editors_translations import PLACEHOLDER, catalogue
from test_editors_one_round import OFFER as FIVE_ERRORS
from test_validation import line_of

OFFER = FIVE_ERRORS.replace("organisation: agentur", "organisation: agentr")  # and a sixth


def test_tools_template_holds_every_marked_message(tmp_path):
    fresh = tmp_path / "tools.pot"
    subprocess.run([str(ROOT / ".venv" / "bin" / "pybabel"), "extract", "-F", "plugins/portal_content/babel.cfg",
                    "--no-default-keywords", "-k", "tr", "-k", "gettext", "-k", "ngettext:1,2", "--no-location",
                    "--sort-output", "-o", str(fresh), "."], cwd=ROOT, check=True, capture_output=True)
    assert {m.id for m in catalogue(fresh) if m.id} == \
        {m.id for m in catalogue(ROOT / "theme/translations/tools.pot") if m.id}


def test_every_tools_message_is_german_with_the_same_placeholders():
    template = catalogue(ROOT / "theme/translations/tools.pot")
    with open(ROOT / "theme/translations/de/LC_MESSAGES/tools.po", "rb") as handle:
        german = read_po(handle, locale="de")
    for message in template:
        if not message.id:
            continue
        found = german.get(message.id)
        assert found is not None and all(found.string if isinstance(found.string, tuple) else [found.string]), \
            f"untranslated: {message.id!r}"
        assert not found.fuzzy, f"fuzzy, so left out of the catalogue (English): {message.id!r}"
        wanted = set(PLACEHOLDER.findall(str(message.id if isinstance(message.id, str) else message.id[0])))
        strings = found.string if isinstance(found.string, tuple) else (found.string,)
        for string in strings:
            assert set(PLACEHOLDER.findall(string)) <= wanted | {"example"}, string


def test_check_speaks_german_on_the_typical_errors_each_with_its_line(site):
    site.write("content/offers/garten.de.md", OFFER)
    result = site.check(env=SITE_LANGUAGE)
    assert result.returncode == 1
    where = "content/offers/garten.de.md"
    for needle, words in (
        ("organisation:", "organisation: unbekannte Organisation 'agentr' (gemeint: 'agentur'?): hier steht das "
                          "Kürzel einer Organisation aus data/organisations/ (oder data/organisations.yaml), z. B. agentur"),
        ("areas:", "areas: unbekannter Bereich 'nicht-da'"),
        ("district:", "district: unbekannter Stadtteil 'Nordviertel'"),
        ("commitment:", "commitment: 'sometimes' ist keiner der erlaubten Werte: once, regular, flexible"),
        ("updated:", "updated: unmögliches Datum '2026-02-30'"),
        ("gibt-es-nicht", "body: defekter Link: content/events/gibt-es-nicht.de.md gibt es nicht"),
    ):
        assert f"{where}:{line_of(OFFER, needle)}: {words}" in result.stderr, result.stderr
    assert "6 Fehler gefunden; nichts wurde geschrieben." in result.stderr


def test_check_speaks_english_with_portal_lang_en_or_the_site_setting(site):
    site.write("content/offers/garten.de.md", OFFER)
    assert "unknown district 'Nordviertel'" in site.check(env={"PORTAL_LANG": "en"}).stderr
    site.write("data/site.yaml", site.read("data/site.yaml") + "editors_language: en\n")
    result = site.check(env=SITE_LANGUAGE)
    assert "unknown district 'Nordviertel'" in result.stderr
    assert "6 errors found; nothing was written." in result.stderr


def test_new_writes_german_comments_and_a_german_hint_that_check_refuses(site):
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "portal.py"), "new", "--site", str(site.path),
                           "--type", "offer", "--slug", "garten"], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PORTAL_LANG": ""})
    assert "content/offers/garten.de.md angelegt" in done.stdout
    text = site.read("content/offers/garten.de.md")
    assert "# Pflichtfeld · Kürzel einer Organisation aus data/organisations/, z. B. fa-musterstadt" in text
    hint = "Text in Markdown: worum es geht, für wen es ist, wie man mitmacht."
    assert hint in text
    filled = (text.replace("title:   ", "title: Gartenhilfe", 1).replace("areas:   ", "areas: [sport]", 1)
              .replace("organisation:", "organisation: agentur", 1))
    site.write("content/offers/garten.de.md", filled)
    result = site.check(env=SITE_LANGUAGE)
    line = filled.splitlines().index(hint) + 1
    assert (f"content/offers/garten.de.md:{line}: body: das ist der Hinweis, den make new geschrieben hat"
            in result.stderr), result.stderr
    assert "1 Fehler gefunden" in result.stderr


def test_a_field_left_with_a_hint_of_make_new_is_an_error_naming_its_line(site):
    text = OFFER.replace("commitment: sometimes", "summary: Ein oder zwei Sätze für die Übersichten")
    site.write("content/offers/garten.de.md", text)
    result = site.check()
    assert (f"content/offers/garten.de.md:{line_of(text, 'summary:')}: summary: this is the hint make new wrote"
            in result.stderr), result.stderr


def test_report_speaks_german_in_the_site_language_and_english_on_request(site):
    def report(lang: str) -> str:
        done = subprocess.run([sys.executable, str(ROOT / "tools" / "portal.py"), "report", "--site", str(site.path)],
                              capture_output=True, text=True, timeout=300,
                              env={**os.environ, "PORTAL_LANG": lang, "SOURCE_DATE_EPOCH": TODAY_EPOCH})
        assert done.returncode == 0, done.stderr
        return done.stdout

    german = report("")
    assert german.startswith("Bericht für die Redaktion, Stand 2026-11-26")
    assert "Noch nicht übersetzt (" in german and "  Arabisch (ar): " in german
    assert "Lange nicht geprüft (" in german
    english = report("en")
    assert english.startswith("Editors' report as of 2026-11-26") and "  Arabic (ar): " in english
