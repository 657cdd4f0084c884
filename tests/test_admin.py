"""Web editing with Decap CMS at /admin/: generated from the contract, only when enabled.

The browser tests run the vendored Decap in Chromium. Decap's "test-repo"
backend (in-memory, part of the bundle) stands in for GitHub: the files the CMS
would commit are then checked by the portal's own ``check``.
"""

from __future__ import annotations

import json
import re
import shutil

import pytest
import yaml

from browser import serve
from conftest import MINIMAL, ROOT, BuildResult, Site, run_portal
from portal_content import fields_for, translatable_fields
from portal_security import admin_policy

#: The header a server sends for /admin/ (the page itself carries the same policy in a <meta>).
ADMIN_CSP = admin_policy({"name": "github"}).header()

ADMIN = """
admin:
  enabled: true
  backend: {name: github, repo: agentur/beispielheim, branch: main}
"""


@pytest.fixture(scope="module")
def admin_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The minimal site with the CMS enabled, built once."""
    target = tmp_path_factory.mktemp("admin") / "site"
    shutil.copytree(MINIMAL, target, ignore=shutil.ignore_patterns("output", ".cache"))
    with open(target / "data" / "site.yaml", "a", encoding="utf-8") as handle:
        handle.write(ADMIN)
    result = run_portal("build", target)
    assert result.returncode == 0, result.stderr
    return result


def config_of(build: BuildResult) -> dict:
    return yaml.safe_load((build.output / "admin" / "config.yml").read_text(encoding="utf-8"))


def test_no_admin_is_written_unless_enabled(minimal_build: BuildResult):
    assert not (minimal_build.output / "admin").exists()
    assert not [p for p in minimal_build.output.rglob("*") if "decap" in p.name]


def test_cms_collections_match_the_contract_with_one_file_per_language(admin_build: BuildResult):
    config = config_of(admin_build)
    assert config["backend"] == {"name": "github", "repo": "agentur/beispielheim", "branch": "main"}
    assert config["i18n"] == {"structure": "multiple_files", "locales": ["de", "en", "ar"], "default_locale": "de"}
    assert config["locale"] == "en"  # the editors' language (PORTAL_LANG=en in the tests), not the site's
    assert [c["name"] for c in config["collections"]] == ["offers", "trainings", "events", "donations", "pages",
                                                          "data-taxonomies", "data-forms"]
    for collection in config["collections"][:5]:
        doc_type = collection["name"]
        assert collection["folder"] == f"content/{doc_type}" and collection["i18n"] is True
        assert collection["extension"] == "md" and collection["format"] == "portal-frontmatter"
        fields = {f["name"]: f for f in collection["fields"]}
        assert set(fields) == set(fields_for(doc_type)) | {"body"}
        assert {n for n, f in fields.items() if f.get("i18n")} == translatable_fields(doc_type) | {"body"}
        assert {n for n, f in fields.items() if f["required"]} == {n for n, f in fields_for(doc_type).items()
                                                                  if f.required}
    offers = {f["name"]: f for f in config["collections"][0]["fields"]}
    assert offers["organisation"]["widget"] == "select"
    assert [o["value"] for o in offers["organisation"]["options"]] == ["agentur", "sportverein"]
    assert offers["organisation"]["options"][1]["label"] == "SV Beispielheim"  # names, not ids
    assert offers["areas"]["multiple"] is True
    assert [o["value"] for o in offers["status"]["options"]] == ["open", "filled", "paused"]
    assert offers["status"]["options"][0]["label"] == "Open: helpers wanted"
    events = {f["name"]: f for f in config["collections"][2]["fields"]}
    assert events["start"]["format"] == "YYYY-MM-DDTHH:mm" and events["until"]["format"] == "YYYY-MM-DD"


def test_cms_code_comes_from_the_site_itself_at_the_pinned_version(admin_build: BuildResult):
    index = (admin_build.output / "admin" / "index.html").read_text(encoding="utf-8")
    scripts = re.findall(r'<script defer src="([^"]+)"></script>', index)
    assert scripts == ["portal-setup.js", "js-yaml/js-yaml.umd.min.js", "decap-cms/decap-cms.js", "portal-cms.js"]
    assert all((admin_build.output / "admin" / script).exists() for script in scripts)
    assert '<meta name="robots" content="noindex">' in index and "<style" not in index
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', index)[1]
    assert policy == admin_policy({"name": "github"}).meta()
    assert "connect-src 'self' https://api.github.com;" in policy and "frame-ancestors" not in policy
    pinned = re.search(r"^DECAP_VERSION := (\S+)", (ROOT / "Makefile").read_text(), re.MULTILINE).group(1)
    recorded = (admin_build.output / "admin" / "decap-cms" / "VERSION").read_text()
    assert f"version: {pinned}\n" in recorded
    bundle = (admin_build.output / "admin" / "decap-cms" / "decap-cms.js").read_text(encoding="utf-8")
    assert f'console.log("decap-cms {pinned}")' in bundle
    assert (admin_build.output / "admin" / "decap-cms" / "LICENSE").exists()


def test_language_codes_decap_cannot_take_are_an_error_only_with_the_cms(site: Site):
    site.write("data/site.yaml", site.read("data/site.yaml").replace(
        "  - {code: ar, name: العربية, direction: rtl}\n",
        "  - {code: ar, name: العربية, direction: rtl}\n  - {code: es-419, name: Español, direction: ltr}\n"))
    assert site.check().returncode == 0
    site.write("data/site.yaml", site.read("data/site.yaml") + ADMIN)
    check = site.check()
    assert check.returncode == 1
    assert ("data/site.yaml:8: languages.code: the CMS at /admin/ cannot edit the language 'es-419'"
            in check.stderr)


def test_enabled_cms_needs_a_repository_for_github(site: Site):
    site.write("data/site.yaml", site.read("data/site.yaml") + "admin: {enabled: true, backend: {name: github}}\n")
    check = site.check()
    assert check.returncode == 1
    assert "admin.backend.repo: missing required field" in check.stderr


# -- in the browser ------------------------------------------------------------------


def repository(files: dict[str, str]) -> dict:
    """Decap's in-memory "test-repo" backend's ``window.repoFiles``: the tree of the given files."""
    tree: dict = {}
    for path, content in files.items():
        *folders, name = path.split("/")
        node = tree
        for folder in folders:
            node = node.setdefault(folder, {})
        node[name] = {"content": content, "path": path}
    return tree


def open_cms(browser, base: str, config: dict | None = None, csp: str | None = None,
             files: dict[str, str] | None = None):
    """The admin page; ``config`` replaces the generated one (a backend that needs no network);
    ``files`` are what the in-memory repository holds at the start."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    if files:
        page.add_init_script(f"window.repoFiles = {json.dumps(repository(files))};")
    page.set_default_timeout(10_000)
    page.messages, page.foreign = [], []
    page.on("console", lambda m: page.messages.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: page.messages.append(f"pageerror: {e}"))
    page.on("request", lambda r: None if r.url.startswith(base) else page.foreign.append(r.url))

    def admin_files(route):
        if config is not None and route.request.url.endswith("/config.yml"):
            return route.fulfill(body=yaml.safe_dump(config), content_type="text/yaml")
        response = route.fetch()
        headers = {**response.headers, **({"content-security-policy": csp} if csp else {})}
        return route.fulfill(response=response, headers=headers)

    page.route("**/admin/**", admin_files)
    page.goto(f"{base}/admin/", timeout=60_000)  # the bundle is large; a busy machine is slow
    return page


def test_cms_starts_with_the_generated_config_and_asks_to_log_in(browser, admin_build: BuildResult):
    with serve(admin_build.output) as base:
        page = open_cms(browser, base)
        page.get_by_role("button", name="Login with GitHub").wait_for()
        assert "Fehler" not in page.inner_text("body") and "Error" not in page.inner_text("body")
        assert page.foreign == []
        assert not [m for m in page.messages if m.startswith(("error", "pageerror"))
                    and "favicon" not in m and "404" not in m]
        page.close()


def written_files(page) -> dict[str, str]:
    files: dict[str, str] = {}

    def walk(node: dict) -> None:
        for value in node.values():
            if "content" in value and "path" in value and isinstance(value["content"], str):
                files[value["path"]] = value["content"]
            elif isinstance(value, dict):
                walk(value)

    walk(page.evaluate("() => window.repoFiles"))
    return files


def publish(page) -> None:
    page.get_by_role("button", name="Publish").click()
    page.get_by_text("Publish now").click()
    page.get_by_text("Entry saved").wait_for()


def choose(page, label: str, option: str) -> None:
    box = page.get_by_label(label, exact=True).first
    box.click()
    box.type(option)
    page.keyboard.press("Enter")


@pytest.mark.parametrize("csp", [None, ADMIN_CSP], ids=["meta-policy", "meta-policy-and-header"])
def test_cms_saves_a_new_offer_and_its_translation_as_files_the_build_accepts(
        browser, admin_build: BuildResult, site: Site, csp):
    config = {**config_of(admin_build), "backend": {"name": "test-repo"}}
    with serve(admin_build.output) as base:
        page = open_cms(browser, base, config, csp)
        page.get_by_role("button").first.click()  # test-repo: log in without a password
        page.goto(f"{base}/admin/#/collections/offers/new")
        titles = page.get_by_label("Title", exact=True)
        titles.nth(0).fill("Gärtnern am Café")
        titles.nth(1).fill("Help in the garden")
        choose(page, "Areas", "Sport")
        choose(page, "Organisation", "SV Beispielheim")
        page.get_by_label(re.compile(r"^Summary")).nth(1).fill("Planting together.")
        publish(page)
        files = written_files(page)
        assert not [m for m in page.messages if "Content Security Policy" in m]
        page.close()
    # Only the languages that were written in, not an empty file for Arabic.
    assert sorted(files) == ["content/offers/gartnern-am-cafe.de.md", "content/offers/gartnern-am-cafe.en.md"]
    english = yaml.safe_load(files["content/offers/gartnern-am-cafe.en.md"].split("---")[1])
    assert english == {"title": "Help in the garden", "summary": "Planting together."}
    for path, text in files.items():
        site.write(path, text)
    check = site.check()
    assert check.returncode == 0, check.stderr
    result = site.build()
    assert "Help in the garden" in result.page("en/offers/gartnern-am-cafe/")
    assert "Gärtnern am Café" in result.page("de/offers/gartnern-am-cafe/")


def test_cms_writes_event_dates_in_the_contracts_form(browser, admin_build: BuildResult, site: Site):
    config = {**config_of(admin_build), "backend": {"name": "test-repo"}}
    with serve(admin_build.output) as base:
        page = open_cms(browser, base, config)
        page.get_by_role("button").first.click()
        page.goto(f"{base}/admin/#/collections/events/new")
        page.get_by_label("Title", exact=True).first.fill("Laternenumzug")
        page.get_by_label("Start", exact=True).first.fill("2027-11-11T17:30")
        page.get_by_label(re.compile(r"^Expires")).first.fill("2027-11-12")
        publish(page)
        files = written_files(page)
        page.close()
    source = files["content/events/laternenumzug.de.md"]
    assert 'start: "2027-11-11T17:30"' in source and 'expires: "2027-11-12"' in source
    site.write("content/events/laternenumzug.de.md", source)
    assert site.check().returncode == 0
