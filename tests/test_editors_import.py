"""Partners propose offers: make import turns form submissions into draft offers."""

from __future__ import annotations

import json
import subprocess
import sys

import yaml

from conftest import ROOT, SITE_LANGUAGE, TODAY_EPOCH, Site
from test_editors_report import REPORT, cli_section, report

FIXTURES = ROOT / "tests" / "fixtures" / "imports"
KINDS = ("formspree.json", "netlify.json", "netlify.csv", "notification.eml")


def import_file(site: Site, path, lang: str = "en") -> subprocess.CompletedProcess:
    """``make import FILE=path``, speaking ``lang`` ("" for the site's own, German)."""
    return subprocess.run([sys.executable, str(ROOT / "tools" / "portal.py"), "import", str(path),
                           "--site", str(site.path)], capture_output=True, text=True, timeout=120,
                          env={"SOURCE_DATE_EPOCH": TODAY_EPOCH, "PATH": "/usr/bin:/bin", "PORTAL_LANG": lang})


def front_matter(site: Site, rel: str) -> dict:
    text = site.read(rel)
    assert text.startswith("---\n")
    return yaml.safe_load(text[4:text.index("\n---\n", 4)])


def offers(site: Site) -> set[str]:
    return {p.name for p in (site.path / "content" / "offers").iterdir()}


def test_each_kind_of_export_becomes_a_draft_that_check_accepts_once_the_organisation_is_known(site: Site):
    for kind in KINDS:
        done = import_file(site, FIXTURES / kind)
        assert done.returncode == 0, done.stderr
        assert "wrote content/offers/" in done.stdout
    trainer = front_matter(site, "content/offers/trainerassistenz-fuer-die-maedchenmannschaft.de.md")
    assert trainer == {
        "title": "Trainerassistenz für die Mädchenmannschaft", "draft": True,
        "summary": "Zweimal im Monat beim Training helfen.", "organisation": "sportverein",
        "areas": ["sport"], "district": "mitte", "commitment": "regular",
        "schedule": "jeden 1. und 3. Samstag, 10–12 Uhr", "languages": ["ar", "uk"],
        "requirements": ["certificate-of-conduct"],
        "contact": {"name": "Kim Beispiel", "email": "training@example.org", "phone": "+49 30 1234567"},
    }
    assert front_matter(site, "content/offers/lesepatenschaft-in-der-stadtbibliothek.de.md")["organisation"] == "agentur"
    homework = site.read("content/offers/hausaufgabenhilfe-nach-dem-training.de.md")
    assert "schedule: dienstags 17–18 Uhr" in homework  # quoted-printable decoded
    assert homework.endswith("Nach dem Training machen wir gemeinsam Hausaufgaben.\n"
                             "Wir suchen Menschen mit Geduld und etwas Zeit.\n")
    written = "".join(p.read_text(encoding="utf-8") for p in (site.path / "content" / "offers").iterdir())
    for private in ("vorstand.privat@example.net", "hallo@lindenweg.example.net", "jugend@example.net",
                    "192.0.2.10", "Mozilla", "consent"):
        assert private not in written  # the senders' own data stays out of the repository

    checked = site.check()
    assert checked.returncode == 0, checked.stderr
    assert "Drafts (not published, so the build goes on): 1 problem" in checked.stdout
    rel = "content/offers/einkaufshilfe-fuer-neuangekommene.de.md"
    flagged = site.read(rel)
    line = flagged.splitlines().index("organisation: Nachbarschaftshilfe Lindenweg e.V.") + 1
    assert "# ATTENTION: this organisation is not in data/organisations/ (or organisations.yaml)" in flagged
    assert f"{rel}:{line}: organisation: unknown organisation 'Nachbarschaftshilfe Lindenweg e.V.'" in checked.stdout

    site.write("data/organisations.yaml", site.read("data/organisations.yaml")
               + "- id: lindenweg\n  name: Nachbarschaftshilfe Lindenweg e.V.\n  kind: aid-organisation\n")
    site.write(rel, flagged.replace("organisation: Nachbarschaftshilfe Lindenweg e.V.", "organisation: lindenweg"))
    checked = site.check()
    assert checked.returncode == 0 and "Drafts" not in checked.stdout, checked.stdout


def test_drafts_with_errors_never_stop_the_build_and_are_never_published(site: Site):
    assert import_file(site, FIXTURES / "netlify.csv").returncode == 0
    assert import_file(site, FIXTURES / "netlify.json").returncode == 0
    result = site.build()
    assert result.returncode == 0, result.stderr
    assert not result.exists("de/offers/einkaufshilfe-fuer-neuangekommene/")
    assert not result.exists("de/offers/lesepatenschaft-in-der-stadtbibliothek/")
    assert "Lesepatenschaft" not in result.page("de/offers/")


def test_errors_in_published_documents_still_fail_and_list_the_drafts_too(site: Site):
    assert import_file(site, FIXTURES / "netlify.csv").returncode == 0
    site.write("content/offers/fussball.de.md", site.read("content/offers/fussball.de.md")
               .replace("organisation: sportverein", "organisation: sportclub"))
    checked = site.check()
    assert checked.returncode == 1
    assert "fussball.de.md:3: organisation: unknown organisation 'sportclub'" in checked.stderr
    assert "einkaufshilfe-fuer-neuangekommene.de.md" in checked.stderr


def test_bad_files_get_a_message_naming_the_file_and_write_nothing(site: Site, tmp_path):
    before = offers(site)
    bad = {
        "angebote.xlsx": ("x", "unknown kind of file '.xlsx'"),
        "kaputt.json": ('{"submissions": [', "kaputt.json:1: not valid JSON"),
        "fremd.json": ('{"rows": []}', "not an export of form submissions"),
        "leer.csv": ("a,b\n1,2\n", "no submissions of the form 'angebot-melden'"),
        "ohne-titel.csv": ("organisation,email,title,description\n"
                           "SV Beispielheim,a@example.net,Gut,Text\n"
                           "SV Beispielheim,a@example.net,,Text ohne Titel\n",
                           "ohne-titel.csv: submission 2 (line 3): missing answer 'title'"),
        "spam.eml": ("Subject: Hallo\n\nKaufen Sie jetzt!\n", "no answers of the form 'angebot-melden'"),
    }
    for name, (text, message) in bad.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        done = import_file(site, path)
        assert done.returncode == 1, name
        assert message in done.stderr and "Nothing was imported." in done.stderr, done.stderr
        assert "Traceback" not in done.stderr
    assert offers(site) == before


def test_a_submission_imported_twice_or_an_offer_that_exists_is_refused(site: Site, tmp_path):
    assert import_file(site, FIXTURES / "formspree.json").returncode == 0
    before = offers(site)
    again = import_file(site, FIXTURES / "formspree.json")
    assert again.returncode == 1
    assert "submission 1: already imported (submission id fs-20261120-0001)" in again.stderr
    same = json.loads((FIXTURES / "formspree.json").read_text(encoding="utf-8"))
    same["submissions"][0]["_id"] = "fs-other"
    copy = tmp_path / "copy.json"
    copy.write_text(json.dumps(same), encoding="utf-8")
    done = import_file(site, copy)
    assert done.returncode == 1
    assert "an offer titled 'Trainerassistenz für die Mädchenmannschaft' of 'sportverein' already exists" in done.stderr
    twice = tmp_path / "twice.json"
    twice.write_text(json.dumps({"submissions": [
        {"organisation": "SV Beispielheim", "email": "a@example.net", "title": "Neu", "description": "x"}] * 2}),
        encoding="utf-8")
    done = import_file(site, twice)
    assert done.returncode == 1 and "submission 2: already imported" in done.stderr
    assert offers(site) == before


def test_hostile_text_is_written_as_valid_yaml_that_reads_back_exactly(site: Site, tmp_path):
    hostile = {
        "organisation": "SV Beispielheim",
        "email": "a@example.net",
        "title": "Titel\n---\norganisation: agentur\ndraft: false",
        "summary": "<script>alert('x')</script> & *anker [a, b] {c: d} # kein Kommentar",
        "schedule": "'\"|>%@`!: \t\\u0000",
        "description": "<script>alert(1)</script>\n---\ntitle: gekapert\n" + "Sehr lang. " * 20000,
        "areas": "sprache; sport",
        "contact_name": "Robert'); DROP TABLE--",
    }
    path = tmp_path / "boese.json"
    path.write_text(json.dumps({"submissions": [{"_id": "x\n# import-id: y", **hostile}]}), encoding="utf-8")
    done = import_file(site, path)
    assert done.returncode == 0, done.stderr
    rel = next(f"content/offers/{n}" for n in offers(site) if n.startswith("titel-organisation"))
    meta = front_matter(site, rel)
    assert meta["title"] == hostile["title"] and meta["summary"] == hostile["summary"]
    assert meta["schedule"] == hostile["schedule"] and meta["draft"] is True
    assert meta["organisation"] == "sportverein" and meta["areas"] == ["sprache", "sport"]
    assert meta["contact"] == {"name": "Robert'); DROP TABLE--"}
    assert site.read(rel).count("# import-id: ") == 1
    checked = site.check()
    assert "Traceback" not in checked.stderr + checked.stdout
    assert checked.returncode == 0, checked.stderr


def test_report_lists_proposals_awaiting_review_and_the_page_only_counts_them(site: Site):
    for kind in KINDS:
        assert import_file(site, FIXTURES / kind).returncode == 0
    out = report(site).stdout
    proposed = cli_section(out, "Proposed, awaiting review (4)")
    assert "content/offers/lesepatenschaft-in-der-stadtbibliothek.de.md  “Lesepatenschaft in der Stadtbibliothek”" in proposed
    assert "content/offers/einkaufshilfe-fuer-neuangekommene.de.md" in proposed
    assert "unknown organisation 'Nachbarschaftshilfe Lindenweg e.V.'" in cli_section(out, "Problems in drafts (1)")
    page = site.build(env=SITE_LANGUAGE).page(REPORT)
    assert "Angebotsentwürfe, die auf Prüfung warten: 4." in page
    assert "Lesepatenschaft" not in page


def test_the_preview_server_shows_drafts_with_a_banner_and_make_html_never_does(site: Site):
    assert import_file(site, FIXTURES / "netlify.json").returncode == 0
    page = "de/offers/lesepatenschaft-in-der-stadtbibliothek/"
    assert not site.build().exists(page)
    from portal import devserver_build_command  # the build the devserver runs

    command = devserver_build_command(str(site.path), str(site.path / "preview"))
    done = subprocess.run(command, capture_output=True, text=True, timeout=600,
                          env={"SOURCE_DATE_EPOCH": TODAY_EPOCH, "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    shown = (site.path / "preview" / page / "index.html").read_text(encoding="utf-8")
    assert ('<p class="notice notice--draft">Entwurf: nicht veröffentlicht. '
            "Nur die Vorschau (make devserver) zeigt ihn.</p>") in shown
    assert "Lesepatenschaft in der Stadtbibliothek" in shown
