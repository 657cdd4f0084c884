"""The web editor for people who never saw YAML: translations, taxonomies and forms at /admin/.

Decap runs in Chromium against its in-memory "test-repo" backend, seeded with
files of the minimal site; what it saves is written back into a copy of that
site, and the portal's own ``check`` (and build) must accept it.
"""

from __future__ import annotations

import json
import re
from functools import partial

import yaml

from browser import serve
from conftest import BuildResult, Site
from portal_content import load_site_data
from portal_editors.decap import decap_config
from test_admin import ADMIN, admin_build, config_of, open_cms, publish, written_files  # noqa: F401 (a fixture)
from test_editors_data_folders import folder_build, migrate  # noqa: F401 (a fixture)


def test_cms_speaks_the_editors_language_like_the_command_line_tools(site: Site, monkeypatch):
    site.write("data/site.yaml", site.read("data/site.yaml") + ADMIN)

    def config() -> dict:
        data, errors = load_site_data(str(site.path / "data"), str(site.path / "content"))
        assert not errors
        return decap_config(data, data_dir=str(site.path / "data"))

    monkeypatch.setenv("PORTAL_LANG", "")  # the site's own language: German
    german = config()
    assert german["locale"] == "de"
    assert german["collections"][0]["label"] == "Ehrenamt"
    assert {f["name"]: f["label"] for f in german["collections"][0]["fields"]}["title"] == "Titel"
    assert {c["name"]: c["label"] for c in german["collections"]}["data-forms"] == "Anmeldeformulare"
    monkeypatch.setenv("PORTAL_LANG", "en")
    assert config()["locale"] == "en"
    assert config()["collections"][0]["label"] == "Volunteering"
    monkeypatch.setenv("PORTAL_LANG", "")
    site.write("data/site.yaml", site.read("data/site.yaml") + "editors_language: en\n")
    english = config()
    assert english["locale"] == "en" and english["collections"][0]["label"] == "Volunteering"


def test_taxonomies_and_forms_have_collections_that_write_their_own_shape(admin_build: BuildResult):
    collections = {c["name"]: c for c in config_of(admin_build)["collections"]}
    taxonomies = collections["data-taxonomies"]
    assert [f["file"] for f in taxonomies["files"]] == ["data/taxonomies.yaml"]
    sections = {f["name"]: f for f in taxonomies["files"][0]["fields"]}
    assert list(sections) == ["areas", "districts", "audiences", "requirements", "times"]
    assert sections["areas"]["label"] == "Areas" and sections["areas"]["widget"] == "list"
    assert [f["name"] for f in sections["areas"]["fields"]] == ["key", "label"]
    forms = collections["data-forms"]
    assert forms["folder"] == "data/forms" and forms["create"] is True
    fields = {f["name"]: f for f in forms["fields"]}
    assert fields["backend"]["options"] == ["generic", "netlify", "email"]
    assert "select" in {f["name"]: f for f in fields["fields"]["fields"]}["type"]["options"]
    formats = json.loads((admin_build.output / "admin" / "formats.json").read_text(encoding="utf-8"))
    assert formats["portal-data-taxonomies"]["keyed"] == ["areas", "districts", "audiences", "requirements", "times"]
    assert formats["portal-data-forms"]["keyed"] == ["fields.*.options"] and formats["portal-data-forms"]["drop"] == ["id"]
    assert formats["portal-data-forms"]["numbers"] == ["fields.*.min", "fields.*.max"]  # "10" is saved as 10
    # records still in list files are not offered: Decap cannot edit a list (make migrate-data)
    assert "data-organisations" not in collections


def visible_in(page, label: str, index: int = 0):
    """The ``index``-th visible field labelled ``label`` (Decap keeps folded list items' fields hidden)."""
    return page.get_by_label(label, exact=True).filter(visible=True).nth(index)


def cms_page(browser, build: BuildResult, base: str, files: dict[str, str]):
    page = open_cms(browser, base, {**config_of(build), "backend": {"name": "test-repo"}}, files=files)
    page.get_by_role("button").first.click()  # test-repo: log in without a password
    return page


def test_cms_adds_an_english_translation_to_an_existing_offer(browser, admin_build: BuildResult, site: Site):
    source = site.read("content/offers/fussball.de.md")
    with serve(admin_build.output) as base:
        page = cms_page(browser, admin_build, base, {"content/offers/fussball.de.md": source})
        page.goto(f"{base}/admin/#/collections/offers/entries/fussball")
        titles = page.get_by_label("Title", exact=True)
        assert titles.nth(0).input_value() == "Fußballtraining begleiten"
        titles.nth(1).fill("Accompanying football training")
        page.get_by_label("Summary").nth(1).fill("Saturday mornings with the under-tens.")
        publish(page)
        files = written_files(page)
        assert page.foreign == []  # nothing from another host
        page.close()
    english = files["content/offers/fussball.en.md"]
    assert yaml.safe_load(english.split("---")[1]) == {
        "title": "Accompanying football training", "summary": "Saturday mornings with the under-tens."}
    for path, text in files.items():
        site.write(path, text)
    check = site.check()
    assert check.returncode == 0, check.stderr
    result = site.build()
    assert "Accompanying football training" in result.page("en/offers/fussball/")
    assert "Fußballtraining begleiten" in result.page("de/offers/fussball/")


def test_cms_adds_an_area_that_offers_can_then_name(browser, admin_build: BuildResult, site: Site):
    with serve(admin_build.output) as base:
        page = cms_page(browser, admin_build, base, {"data/taxonomies.yaml": site.read("data/taxonomies.yaml")})
        page.goto(f"{base}/admin/#/collections/data-taxonomies/entries/taxonomies")
        visible = partial(visible_in, page)
        page.get_by_role("button", name="Add areas").click()
        visible("Id (short name that content uses)").fill("garten")  # the others are folded
        visible("de").fill("Garten und Natur")
        publish(page)
        files = written_files(page)
        assert page.foreign == []  # nothing from another host
        page.close()
    saved = yaml.safe_load(files["data/taxonomies.yaml"])
    assert saved["areas"] == {"sprache": {"de": "Sprache", "en": "Language", "ar": "اللغة"},
                              "sport": {"de": "Sport"}, "garten": {"de": "Garten und Natur"}}
    assert saved["times"]["weekends"] == {"de": "Am Wochenende", "en": "Weekends"}
    site.write("data/taxonomies.yaml", files["data/taxonomies.yaml"])
    site.write("content/offers/beete.de.md", "---\ntitle: Beete anlegen\norganisation: agentur\n"
                                             "areas: [garten]\n---\nWir gärtnern.\n")
    check = site.check()
    assert check.returncode == 0, check.stderr


def test_cms_adds_a_choice_to_a_form_and_the_check_accepts_the_form(browser, admin_build: BuildResult, site: Site):
    with serve(admin_build.output) as base:
        page = cms_page(browser, admin_build, base, {"data/forms/mitmachen.yaml": site.read("data/forms/mitmachen.yaml")})
        page.goto(f"{base}/admin/#/collections/data-forms/entries/mitmachen")
        visible = partial(visible_in, page)
        page.get_by_role("button", name="Add fields of the form").click()
        visible("Field name (a–z, 0–9 and _; sent with the answer)").fill("zeit")
        visible("de", 1).fill("Wann haben Sie Zeit?")  # the title's, the new field's label's, the consent's
        box = visible("Field type")
        box.click()
        box.type("select")
        page.keyboard.press("Enter")
        page.get_by_role("button", name="Add options").click()
        visible("Id (short name that content uses)").fill("abends")
        visible("de", 2).fill("Abends")
        publish(page)
        files = written_files(page)
        assert page.foreign == []  # nothing from another host
        page.close()
    saved = yaml.safe_load(files["data/forms/mitmachen.yaml"])
    # a checkbox the editor did not touch ("required") is not written: the form's default applies
    assert saved["fields"][1] == {"name": "zeit", "type": "select", "label": {"de": "Wann haben Sie Zeit?"},
                                  "options": {"abends": {"de": "Abends"}}}
    assert "id" not in saved and saved["title"] == {"de": "Mitmachen"}
    site.write("data/forms/mitmachen.yaml", files["data/forms/mitmachen.yaml"])
    check = site.check()
    assert check.returncode == 0, check.stderr


def test_cms_edits_an_organisation_whose_name_is_the_same_in_every_language(
        browser, folder_build: BuildResult, site: Site):
    assert migrate(site).returncode == 0
    record = site.read("data/organisations/agentur.yaml")
    assert "name: Freiwilligenagentur Beispielheim\n" in record  # one text for every language
    with serve(folder_build.output) as base:
        page = cms_page(browser, folder_build, base, {"data/organisations/agentur.yaml": record})
        page.goto(f"{base}/admin/#/collections/data-organisations/entries/agentur")
        names = page.get_by_label("en (optional)", exact=True)
        page.get_by_label("de", exact=True).first.wait_for()
        assert page.get_by_label("de", exact=True).first.input_value() == "Freiwilligenagentur Beispielheim"
        names.first.fill("Volunteer Agency Beispielheim")
        publish(page)
        files = written_files(page)
        assert page.foreign == []  # nothing from another host
        page.close()
    saved = yaml.safe_load(files["data/organisations/agentur.yaml"])
    assert saved["name"] == {"de": "Freiwilligenagentur Beispielheim", "en": "Volunteer Agency Beispielheim"}
    assert saved["address"]["postcode"] == "12345"
    site.write("data/organisations/agentur.yaml", files["data/organisations/agentur.yaml"])
    check = site.check()
    assert check.returncode == 0, check.stderr
    assert "Volunteer Agency Beispielheim" in site.build().page("en/partners/")


def test_cms_adds_a_link_category_as_a_new_file_after_the_others(browser, folder_build: BuildResult, site: Site):
    with serve(folder_build.output) as base:
        page = cms_page(browser, folder_build, base, {})
        page.goto(f"{base}/admin/#/collections/data-links/new")
        page.get_by_label(re.compile(r"^File name of a new category")).fill("9")
        visible = partial(visible_in, page)
        visible("de").fill("Beratung")  # the category's
        page.get_by_role("button", name="Add links").click()
        visible("de", 1).fill("Migrationsberatung")  # the link's title
        visible("Address (https://… or materials/…)").fill("https://beratung.example.org")
        publish(page)
        files = written_files(page)
        assert page.foreign == []
        page.close()
    assert sorted(files) == ["data/links/9.yaml"]
    assert yaml.safe_load(files["data/links/9.yaml"]) == {
        "category": {"de": "Beratung"},
        "links": [{"title": {"de": "Migrationsberatung"}, "url": "https://beratung.example.org"}]}
    assert migrate(site).returncode == 0
    site.write("data/links/9.yaml", files["data/links/9.yaml"])
    check = site.check()
    assert check.returncode == 0, check.stderr
    links = site.build().page("de/links/")
    assert links.index("Migrationsberatung") > links.index("Kursübersicht")  # after the migrated 1.yaml
