"""A site's own content type: one file in data/types/ and its templates, and the whole portal knows it.

The registry (plugins/portal_content/registry.py) describes the five built-in
types; a site adds a sixth with ``data/types/<name>.yaml`` and templates in its
``templates/`` folder. Everything that reads the registry must then handle the
new type as it handles the built-in ones: the build, ``make check``, the search
index, ``make schemas``, ``make new`` and the CMS.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import pytest
import yaml

from conftest import MINIMAL, ROOT, BuildResult, Site, run_portal
from test_editors_new import listed_keys
from test_search import indexed

WORKSHOPS = """\
# A type of this site's own: repair workshops.
singular: workshop
label: {de: Werkstätten, en: Workshops, ar: ورشات}
sort: next_date
calendar: true
structured_data: event
filters: [{field: level, label: {de: Niveau, en: Level}}]
fields:
  - name: start
    kind: datetime
    required: true
    help: {en: "Start, e.g. 2026-12-05T10:00", de: "Beginn, z. B. 2026-12-05T10:00"}
  - {name: end, kind: datetime, help: {en: End, de: Ende}}
  - name: level
    kind: enum
    choices: [beginner, advanced]
    help: {en: Who it is for, de: Für wen}
  - {name: tools, kind: text_list, translatable: true, help: {en: Tools to bring, de: Mitzubringendes Werkzeug}}
"""
DETAIL = """\
{% extends "detail.html" %}
{% block facts %}
<dl class="facts">
  <dt>{{ _('Date') }}</dt><dd>{{ item.next|occurrence }}</dd>
  {% if item.values.level %}<dt>Level</dt><dd class="level">{{ item.values.level }}</dd>{% endif %}
  {% if item.text('tools') %}<dt>Tools</dt><dd class="tools">{{ item.text('tools')|join(', ') }}</dd>{% endif %}
</dl>
{% endblock %}
"""
LISTING = """\
{% extends "listing.html" %}
{% block list %}
<div class="cards">{% for v in listed %}{{ cards.card(v, 2) }}{% endfor %}</div>
{% endblock %}
"""
CARD = """\
    {% include "partials/cards/dates.html" %}
"""
WORKSHOP = """\
---
title: Fahrräder reparieren
summary: Wir reparieren gemeinsam Fahrräder.
start: 2026-12-05T10:00
end: 2026-12-05T13:00
level: beginner
tools: [Schraubenschlüssel, Flickzeug]
areas: [sport]
---
Bringt euer Fahrrad mit.
"""
WORKSHOP_EN = """\
---
title: Repairing bicycles
tools: [spanner, repair kit]
---
Bring your bicycle.
"""
ADMIN = """
admin:
  enabled: true
  backend: {name: github, repo: agentur/beispielheim, branch: main}
"""


def add_workshops(site: Site) -> None:
    """What a site does to get a sixth type: one registry entry, its templates, its content."""
    site.write("data/types/workshops.yaml", WORKSHOPS)
    site.write("templates/workshop.html", DETAIL)
    site.write("templates/workshops.html", LISTING)
    site.write("templates/partials/cards/workshops.html", CARD)
    site.write("content/workshops/fahrrad.de.md", WORKSHOP)
    site.write("content/workshops/fahrrad.en.md", WORKSHOP_EN)
    settings = site.read("data/site.yaml").replace(
        "navigation: [offers, events, trainings, donations, links, partners]",
        "navigation: [offers, events, trainings, donations, workshops, links, partners]")
    site.write("data/site.yaml", settings + ADMIN)


def portal(site: Site, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "tools" / "portal.py"), *args, "--site", str(site.path)],
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def workshop_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    target = tmp_path_factory.mktemp("types") / "site"
    shutil.copytree(MINIMAL, target, ignore=shutil.ignore_patterns("output", ".cache"))
    site = Site(target)
    add_workshops(site)
    return site


@pytest.fixture(scope="module")
def workshop_build(workshop_site: Site) -> BuildResult:
    result = run_portal("build", workshop_site.path)
    assert result.returncode == 0, result.stderr
    return result


def test_a_sixth_type_gets_its_pages_listing_and_menu_entry_in_every_language(workshop_build: BuildResult):
    detail = workshop_build.page("de/workshops/fahrrad/")
    assert "<h1>Fahrräder reparieren</h1>" in detail
    assert '<dd class="level">beginner</dd>' in detail
    assert "Repairing bicycles" in workshop_build.page("en/workshops/fahrrad/")
    assert '<dd class="tools">spanner, repair kit</dd>' in workshop_build.page("en/workshops/fahrrad/")
    listing = workshop_build.page("de/workshops/")
    assert "<h1>Werkstätten</h1>" in listing
    assert 'href="/de/workshops/fahrrad/"' in listing
    assert "<h1>Workshops</h1>" in workshop_build.page("en/workshops/")
    # the label falls back to the default language's, as every data/ text does; the menu names it
    assert 'href="/ar/workshops/">ورشات</a>' in workshop_build.page("ar/")
    assert 'href="/de/workshops/">Werkstätten</a>' in workshop_build.page("de/offers/")


def test_a_sixth_type_is_filtered_by_the_fields_its_file_names(workshop_build: BuildResult):
    listing = workshop_build.page("en/workshops/")
    assert 'href="/en/workshops/level/beginner/" data-filter="level" data-value="beginner"' in listing
    assert "Level" in listing
    assert 'href="/en/workshops/fahrrad/"' in workshop_build.page("en/workshops/level/beginner/")


def test_a_filter_on_a_field_readers_cannot_filter_by_is_an_editor_error_with_its_line(site: Site):
    add_workshops(site)
    text = site.write("data/types/workshops.yaml", WORKSHOPS.replace("{field: level,", "{field: tools,")).read_text()
    line = text[:text.index("filters:")].count("\n") + 1
    result = site.check()
    assert result.returncode == 1
    assert f"data/types/workshops.yaml:{line}: filters[0].field: readers cannot filter by 'tools'" in result.stderr


def test_a_sixth_type_with_dates_gets_a_calendar_file_and_structured_data(workshop_build: BuildResult):
    ics = (workshop_build.output / "de/workshops/fahrrad/workshop.ics").read_text(encoding="utf-8")
    assert "SUMMARY;LANGUAGE=de:Fahrräder reparieren" in ics
    assert "DTSTART;TZID=Europe/Berlin:20261205T100000" in ics
    assert "Fahrräder reparieren" in (workshop_build.output / "de/calendar/all.ics").read_text(encoding="utf-8")
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>',
                        workshop_build.page("de/workshops/fahrrad/"), re.S)
    assert any(json.loads(block).get("@type") == "Event" for block in blocks)


def test_a_sixth_type_is_searchable_and_filterable_by_its_type(workshop_build: BuildResult):
    page = workshop_build.page("de/workshops/fahrrad/")
    assert "data-pagefind-body" in page
    assert re.search(r'data-pagefind-filter="type\[content\]"[^>]*content="workshops"', page)
    record = indexed(workshop_build.output)["de"]["/de/workshops/fahrrad/"]
    assert record["filters"]["type"] == ["workshops"]
    search = workshop_build.page("de/search/")
    assert 'value="workshops"' in search and "Werkstätten" in search


def test_a_sixth_type_gets_a_decap_collection_with_its_fields(workshop_build: BuildResult):
    config = yaml.safe_load((workshop_build.output / "admin" / "config.yml").read_text(encoding="utf-8"))
    collection = next(c for c in config["collections"] if c["name"] == "workshops")
    assert collection["folder"] == "content/workshops"
    assert collection["label_singular"] == "Workshop"
    fields = {f["name"]: f for f in collection["fields"]}
    assert fields["level"]["options"] == ["beginner", "advanced"] and fields["level"]["hint"] == "Who it is for"
    assert fields["tools"]["i18n"] is True and "i18n" not in fields["level"]
    assert fields["start"]["required"] is True


def test_an_error_in_a_sixth_types_field_is_an_editor_error_with_file_line_and_field(site: Site):
    add_workshops(site)
    site.write("content/workshops/fahrrad.de.md", WORKSHOP.replace("level: beginner", "level: expert"))
    site.write("content/workshops/fahrrad.ar.md", "---\ntitle: إصلاح الدراجات\nlevel: beginner\n---\n")
    result = site.check()
    assert result.returncode == 1
    assert ("content/workshops/fahrrad.de.md:6: level: 'expert' is not one of: beginner, advanced"
            in result.stderr)
    assert "content/workshops/fahrrad.ar.md:3: level: a translation may not repeat a structured field" in result.stderr


def test_a_broken_type_file_is_an_editor_error_naming_it(site: Site):
    site.write("data/types/workshops.yaml", WORKSHOPS.replace("kind: enum", "kind: colour"))
    site.write("data/types/offers.yaml", "singular: angebot\nlabel: Angebote\nfields: []\n")
    result = site.check()
    assert result.returncode == 1
    assert re.search(r"data/types/workshops\.yaml:\d+: fields\[2\]\.kind: 'colour' is not one of", result.stderr)
    assert "data/types/offers.yaml:1: the type name 'offers' is taken" in result.stderr


def test_make_schemas_and_make_new_know_a_sixth_type(workshop_site: Site):
    done = portal(workshop_site, "schemas")
    assert done.returncode == 0, done.stderr
    schema = json.loads(workshop_site.read("schemas/workshops.schema.json"))
    assert schema["required"] == ["title", "start"]
    assert schema["properties"]["level"] == {"type": "string", "enum": ["beginner", "advanced"],
                                             "description": "Who it is for"}
    translation = json.loads(workshop_site.read("schemas/workshops.translation.schema.json"))
    assert set(translation["properties"]) == {"title", "summary", "image_alt", "tools"}

    done = portal(workshop_site, "new", "--type", "workshop", "--slug", "naehen")
    assert done.returncode == 0, done.stderr
    text = workshop_site.read("content/workshops/naehen.de.md")
    assert set(listed_keys(text)) == {"title", "summary", "image", "image_alt", "image_decorative",
                                      "areas", "district", "organisation", "place",
                                      "updated", "expires", "draft", "minor_edit", "start", "end", "level", "tools"}
    assert re.search(r"^start: +# required · Start, e.g. 2026-12-05T10:00", text, re.MULTILINE)


def test_the_readmes_field_table_is_the_registrys():
    from portal_editors.fieldtable import field_table

    assert field_table() in (ROOT / "README.md").read_text(encoding="utf-8"), (
        "README.md's table of fields differs from the registry; paste the output of "
        "`cd plugins && ../.venv/bin/python -m portal_editors.fieldtable`")


def test_every_field_kind_a_site_may_declare_has_a_schema_and_a_cms_widget():
    from portal_content import ContentType, Field, type_schema
    from portal_content.registry import FIELD_KINDS
    from portal_editors.decap import field_config

    class NoData:
        forms: dict = {}

        def collection(self, name):
            return {}

    for kind in FIELD_KINDS:
        field = Field("value", kind, choices=("a", "b"), ref="places" if kind.startswith("id") else None)
        schema = type_schema(ContentType("things", "thing", "Things", (field,)))
        assert schema["properties"]["value"], kind
        assert field_config(field, NoData())["widget"], kind


def test_a_type_with_dated_behaviour_but_no_start_field_is_an_editor_error(site: Site):
    site.write("data/types/talks.yaml", "singular: talk\nlabel: Talks\nfields: []\narchive: true\n"
                                        "structured_data: course\n")
    result = site.check()
    assert result.returncode == 1
    assert "data/types/talks.yaml:4: archive: a type with archive: true needs a datetime field start" in result.stderr
    assert "data/types/talks.yaml:5: structured_data: a type with structured_data: course needs" in result.stderr


def test_make_schemas_lets_site_yaml_name_a_sixth_type_in_the_navigation(workshop_site: Site):
    assert portal(workshop_site, "schemas").returncode == 0
    site_schema = json.loads(workshop_site.read("schemas/site.schema.json"))
    assert "workshops" in site_schema["properties"]["navigation"]["items"]["enum"]
    type_schema = json.loads(workshop_site.read("schemas/type.schema.json"))
    assert "singular" in type_schema["required"]
