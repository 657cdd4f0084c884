"""data/organisations, places and links in their second shape: one file per record.

Decap CMS cannot edit a YAML file whose top level is a list (decap-cms issue 531),
so the same records may lie in ``data/organisations/<id>.yaml`` … ; ``make
migrate-data`` converts, and the CMS edits such a folder as a folder collection.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
import yaml

from conftest import MINIMAL, ROOT, BuildResult, Site, run_portal
from test_admin import ADMIN, ADMIN_CSP, config_of, open_cms, publish, written_files
from browser import serve


def migrate(site: Site) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "tools" / "portal.py"), "migrate-data", "--site",
                           str(site.path)], capture_output=True, text=True, timeout=120)


def test_migrate_data_writes_one_file_per_record_and_the_site_stays_the_same(site: Site):
    before = run_portal("build", site.path, site.path / "before")
    done = migrate(site)
    assert done.returncode == 0, done.stderr
    assert "wrote data/organisations/agentur.yaml" in done.stdout
    assert not (site.path / "data" / "organisations.yaml").exists()
    assert yaml.safe_load(site.read("data/organisations/sportverein.yaml"))["name"]["de"] == "SV Beispielheim"
    assert sorted(p.name for p in (site.path / "data" / "places").iterdir()) == ["rathaus.yaml"]
    # quoted: the CMS reads YAML 1.2, where a bare 12345 is a number and the check would refuse it
    assert 'postcode: "12345"' in site.read("data/organisations/agentur.yaml")
    after = run_portal("build", site.path, site.path / "after")
    assert after.returncode == 0, after.stderr
    assert before.page("de/partners/") == after.page("de/partners/")
    assert before.page("de/links/") == after.page("de/links/")
    assert "Nothing to migrate" in migrate(site).stdout


def test_a_record_file_gets_errors_naming_its_own_file_and_line(site: Site):
    assert migrate(site).returncode == 0
    site.write("data/organisations/neu.yaml", "id: anders\nname: Neu e.V.\nkind: verein\n")
    site.write("content/offers/garten.de.md", "---\ntitle: Garten\norganisation: sportverein\n"
                                              "areas: [sport]\ndistrict: nirgends\n---\nText.\n")
    lines = site.check().stderr.splitlines()
    assert any(line.startswith("data/organisations/neu.yaml:3: kind: 'verein' is not one of") for line in lines)
    # the broken record does not hide the documents' errors
    assert any(line.startswith("content/offers/garten.de.md:5: district: unknown district") for line in lines)
    site.write("data/organisations/neu.yaml", "id: anders\nname: Neu e.V.\nkind: agency\n")
    assert any(line.startswith("data/organisations/neu.yaml:1: id: the id 'anders' differs from the file name")
               for line in site.check().stderr.splitlines())


def test_both_shapes_at_once_are_an_error(site: Site):
    text = site.read("data/places.yaml")
    assert migrate(site).returncode == 0
    site.write("data/places.yaml", text)
    assert "data/places: both data/places.yaml and the folder data/places/ exist" in site.check().stderr


@pytest.fixture(scope="module")
def folder_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The minimal site with its data in folders and the CMS enabled."""
    target = tmp_path_factory.mktemp("folders") / "site"
    shutil.copytree(MINIMAL, target, ignore=shutil.ignore_patterns("output", ".cache"))
    assert migrate(Site(target)).returncode == 0
    with open(target / "data" / "site.yaml", "a", encoding="utf-8") as handle:
        handle.write(ADMIN)
    result = run_portal("build", target)
    assert result.returncode == 0, result.stderr
    return result


def test_cms_has_a_collection_per_data_folder_labelled_in_the_editors_language(folder_build: BuildResult):
    collections = {c["name"]: c for c in config_of(folder_build)["collections"]}
    organisations = collections["data-organisations"]
    assert organisations["folder"] == "data/organisations" and organisations["format"] == "portal-data-organisations"
    fields = {f["name"]: f for f in organisations["fields"]}
    assert [o["value"] for o in fields["kind"]["options"]][:2] == ["municipality", "agency"]
    assert fields["kind"]["options"][1]["label"] == "Volunteer agency"
    assert [f["name"] for f in fields["name"]["fields"]] == ["de", "en", "ar"]
    assert {"data-places", "data-links"} <= set(collections)


def test_cms_saves_a_new_organisation_as_a_file_the_check_accepts(browser, folder_build: BuildResult, site: Site):
    config = {**config_of(folder_build), "backend": {"name": "test-repo"}}
    with serve(folder_build.output) as base:
        page = open_cms(browser, base, config)
        page.get_by_role("button").first.click()  # test-repo: log in without a password
        page.goto(f"{base}/admin/#/collections/data-organisations/new")
        page.get_by_label("Id (short name, also the file name)", exact=True).fill("nachbarschaft")
        page.get_by_label("de", exact=True).first.fill("Nachbarschaftshilfe Beispielheim")
        box = page.get_by_label("Kind of organisation", exact=True).first
        box.click()
        box.type("Volunteer agency")
        page.keyboard.press("Enter")
        publish(page)
        files = written_files(page)
        page.close()
    assert sorted(files) == ["data/organisations/nachbarschaft.yaml"]
    record = yaml.safe_load(files["data/organisations/nachbarschaft.yaml"])
    assert record == {"id": "nachbarschaft", "name": {"de": "Nachbarschaftshilfe Beispielheim"}, "kind": "agency"}
    assert migrate(site).returncode == 0
    site.write("data/organisations/nachbarschaft.yaml", files["data/organisations/nachbarschaft.yaml"])
    site.write("content/offers/nachbarn.de.md", "---\ntitle: Nachbarn helfen\norganisation: nachbarschaft\n"
                                               "areas: [sport]\n---\nWir helfen.\n")
    check = site.check()
    assert check.returncode == 0, check.stderr


def test_cms_new_button_has_a_plain_plus_and_the_preview_uses_the_sites_stylesheet(
        browser, folder_build: BuildResult):
    config = {**config_of(folder_build), "backend": {"name": "test-repo"}}
    with serve(folder_build.output) as base:
        page = open_cms(browser, base, config, ADMIN_CSP)
        page.get_by_role("button").first.click()
        page.goto(f"{base}/admin/#/collections/offers")
        new = page.locator('a[href="#/collections/offers/new"]')
        assert new.inner_text() == "+ Offer"  # Decap's own "＋" (U+FF0B) showed as a broken glyph
        new.click()
        page.get_by_label("Title", exact=True).first.fill("Gärtnern am Café")
        page.get_by_title("Toggle preview").click()  # Decap's own buttons speak the editors' language
        preview = page.frame_locator("iframe").first
        assert preview.locator("article.detail h1").inner_text() == "Gärtnern am Café"
        stylesheet = page.evaluate("() => document.querySelector('iframe').contentDocument"
                                   ".querySelector('link[rel=stylesheet]').href")
        assert stylesheet == f"{base}/theme/css/portal.css"
        font = page.evaluate("() => getComputedStyle(document.querySelector('iframe').contentDocument"
                             ".querySelector('h1')).fontFamily")
        assert "Noto Sans" in font  # the site's own type, from portal.css
        assert not [m for m in page.messages if "Content Security Policy" in m or m.startswith("pageerror")]
        page.close()
