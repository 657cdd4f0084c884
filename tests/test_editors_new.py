"""make new: a new document with every field of its type, ready to fill in."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from conftest import ROOT
from portal_content import fields_for


def new(site, *args: str) -> subprocess.CompletedProcess:
    """Run the command behind ``make new`` on a fixture site."""
    return subprocess.run([sys.executable, str(ROOT / "tools" / "portal.py"), "new", "--site", str(site.path),
                           *args], capture_output=True, text=True, timeout=120)


def active_keys(text: str) -> list[str]:
    front = text.split("---")[1]
    return re.findall(r"^([a-z_]+):", front, re.MULTILINE)


def listed_keys(text: str) -> list[str]:
    front = text.split("---")[1]
    return re.findall(r"^(?:# )?([a-z_]+):", front, re.MULTILINE)


def fill(text: str, key: str, value: str) -> str:
    """What an editor does: write the value after the colon (removing a leading "# ")."""
    return re.sub(rf"^(?:# )?{key}: +#", f"{key}: {value}  #", text, count=1, flags=re.MULTILINE)


def test_new_offer_lists_every_field_and_check_names_the_required_ones_to_fill_in(site):
    done = new(site, "--type", "offer", "--slug", "fahrradwerkstatt")
    assert done.returncode == 0, done.stderr
    assert "content/offers/fahrradwerkstatt.de.md" in done.stdout
    text = site.read("content/offers/fahrradwerkstatt.de.md")
    assert sorted(listed_keys(text)) == sorted(fields_for("offers"))
    assert sorted(active_keys(text)) == ["areas", "organisation", "title"]
    assert re.search(r"^organisation: +# required .*ids: agentur, sportverein", text, re.MULTILINE)
    assert re.search(r"^# status: +# open, filled or paused", text, re.MULTILINE)

    check = site.check()
    assert check.returncode == 1
    lines = {f"offers/fahrradwerkstatt.de.md:{n + 1}" for n, line in enumerate(text.splitlines())
             if re.match(r"(title|areas|organisation):", line)}
    errors = [line for line in check.stderr.splitlines() if "fahrradwerkstatt" in line and ": body: " not in line]
    assert len(errors) == 3 and all(any(where in error for where in lines) for error in errors), errors

    for key, value in (("title", "Fahrradwerkstatt"), ("areas", "[sport]"), ("organisation", "agentur"),
                       ("status", "open"), ("contact", "{name: Jo, email: jo@example.org}")):
        text = fill(text, key, value)
    site.write("content/offers/fahrradwerkstatt.de.md", text)
    hint = site.check()  # the body's hint is still there: it would be published
    body_line = text.splitlines().index("Text in Markdown: what it is, who it is for, how to take part.") + 1
    assert f"content/offers/fahrradwerkstatt.de.md:{body_line}: body: this is the hint make new wrote" in hint.stderr
    site.write("content/offers/fahrradwerkstatt.de.md",
               text.replace("Text in Markdown: what it is, who it is for, how to take part.", "Wir reparieren Räder."))
    assert site.check().returncode == 0


def test_new_translation_offers_only_translatable_fields_beside_the_source_text(site):
    done = new(site, "--type", "offer", "--slug", "sprachpaten", "--lang", "ar")
    assert done.returncode == 1  # exists already
    site.remove("content/offers/sprachpaten.ar.md")
    assert new(site, "--type", "offer", "--slug", "sprachpaten", "--lang", "ar").returncode == 0
    text = site.read("content/offers/sprachpaten.ar.md")
    assert sorted(listed_keys(text)) == ["image_alt", "schedule", "summary", "title"]
    assert re.search(r"^title: +# required · translatable · Title · German: Sprachpatenschaft$", text, re.MULTILINE)
    assert "German: mittwochs 17–18 Uhr" in text
    assert "organisation" not in text

    for key, value in (("title", "رعاية لغوية"), ("summary", "تدريب أسبوعي"), ("schedule", "الأربعاء 17–18")):
        text = fill(text, key, value)
    text = text.replace("Translate the text of content/offers/sprachpaten.de.md here.", "نص مترجم.")
    site.write("content/offers/sprachpaten.ar.md", text)
    result = site.build()
    assert result.returncode == 0, result.stderr
    assert "رعاية لغوية" in result.page("ar/offers/sprachpaten/")


def test_new_translation_of_a_missing_source_is_refused(site):
    done = new(site, "--type", "event", "--slug", "laternenumzug", "--lang", "en")
    assert done.returncode == 1
    assert "content/events/laternenumzug.de.md does not exist" in done.stderr
    assert not os.path.exists(site.path / "content/events/laternenumzug.en.md")


def test_new_never_overwrites_an_existing_file(site):
    before = site.read("content/events/cafe.de.md")
    done = new(site, "--type", "event", "--slug", "cafe")
    assert done.returncode == 1
    assert "content/events/cafe.de.md exists already; nothing was written" in done.stderr
    assert site.read("content/events/cafe.de.md") == before


def test_new_refuses_to_write_while_the_sites_own_types_are_broken_and_names_the_error(site):
    site.write("data/types/workshops.yaml", "name: workshops\nfields: [title\n")
    done = new(site, "--type", "offer", "--slug", "garten")
    assert done.returncode == 1
    assert "the site's content types (data/types/) have errors; nothing was written" in done.stderr
    assert re.search(r"data/types/workshops\.yaml:\d+: broken YAML", done.stderr)
    assert not os.path.exists(site.path / "content/offers/garten.de.md")


@pytest.mark.parametrize("args, message", [
    (("--type", "offer", "--slug", "Fahrrad_Werkstatt"), "may only hold a–z, 0–9 and single hyphens"),
    (("--type", "offer", "--slug", "fahrrad--werkstatt"), "may only hold a–z, 0–9 and single hyphens"),
    (("--type", "page", "--slug", "events"), "reserved for a section"),
    (("--type", "workshop", "--slug", "erste-hilfe"), "unknown TYPE 'workshop'; one of: offer, training, event"),
    (("--type", "offer", "--slug", "lesen", "--lang", "fr"), "'fr' is not configured in data/site.yaml (de, en, ar)"),
])
def test_new_refuses_what_the_build_would_reject(site, args, message):
    before = sorted(site.path.rglob("*"))
    done = new(site, *args)
    assert done.returncode == 1
    assert message in done.stderr
    assert sorted(site.path.rglob("*")) == before


@pytest.mark.parametrize("doc_type, folder", [("training", "trainings"), ("event", "events"),
                                              ("donation", "donations"), ("page", "pages")])
def test_new_works_for_every_type(site, doc_type, folder):
    assert new(site, "--type", doc_type, "--slug", "neu").returncode == 0
    text = site.read(f"content/{folder}/neu.de.md")
    assert sorted(listed_keys(text)) == sorted(fields_for(folder))


def make_dry_run(*args: str, env_lang: str = "de_DE.UTF-8") -> str:
    done = subprocess.run(["make", "--no-print-directory", "-n", *args], cwd=ROOT, capture_output=True,
                          text=True, env={**os.environ, "LANG": env_lang}, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_make_new_takes_lang_from_the_command_line_only_not_from_the_shell_locale():
    assert '--type "offer" --slug "fahrradwerkstatt" ' in make_dry_run("new", "TYPE=offer", "SLUG=fahrradwerkstatt")
    assert "--lang" not in make_dry_run("new", "TYPE=offer", "SLUG=fahrradwerkstatt")
    assert '--lang "ar"' in make_dry_run("new", "TYPE=offer", "SLUG=fahrradwerkstatt", "LANG=ar")
