"""The host recipes the build writes, each as its host reads it.

nginx serves the built site with the generated ``.nginx.conf`` and nothing
else, Apache with nothing but the generated ``.htaccess`` (the same tests run
against both); ``_headers`` is read as Netlify does (see
test_security_headers.py), ``_redirects`` as Netlify and Cloudflare Pages read
it, and ``.htaccess`` is also compared with ``_headers``. Which files are
fingerprinted is decided here from their names, independently of the recipes.
"""

from __future__ import annotations

import gzip
import http.client
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

import gates
from conftest import ROOT, BuildResult, Site
from test_security_headers import ADMIN_POLICY, SITE_POLICY, netlify_rules, received, secured  # noqa: F401

IMMUTABLE = "public, max-age=31536000, immutable"
RECIPES = {"_headers", "_redirects", ".htaccess", ".nginx.conf"}
#: Names that carry a hash of the file's content: Pagefind's bundle files (1.6's ``--max-fragments``
#: names its bundled fragments ``de_group_<hash>.pf_fragment``), the pictures of image fields.
HASHED = re.compile(r"/pagefind/(?:fragment|index|filter)/[a-z-]+(?:_group)?_[0-9a-f]{7,}"
                    r"\.pf_(?:fragment|index|filter)"
                    r"|/pagefind/pagefind\.[a-z-]+_[0-9a-f]{7,}\.pf_meta"
                    r"|/images/foto-[0-9a-f]{10}-[0-9]+\.(?:webp|jpg)")


def languages(built: BuildResult) -> list[str]:
    """The site's language codes, as its data/site.yaml lists them (the default first)."""
    site = yaml.safe_load((built.output.parent / "data" / "site.yaml").read_text(encoding="utf-8"))
    return [language["code"] for language in site["languages"]]


def served_files(output: Path) -> list[str]:
    """Every file of the output as a path on the host, but the hosts' own files."""
    return sorted("/" + p.relative_to(output).as_posix() for p in output.rglob("*")
                  if p.is_file() and p.name not in RECIPES)


def test_the_build_writes_a_recipe_for_each_host(secured: BuildResult):
    assert RECIPES <= {p.name for p in secured.output.iterdir()}
    files = served_files(secured.output)
    assert any(HASHED.fullmatch(f) for f in files if f.startswith("/images/"))
    assert "/images/plan.jpg" in files  # a body picture keeps its name: not fingerprinted


# -- Netlify and Cloudflare Pages -------------------------------------------------------


def test_headers_cache_for_a_year_only_files_named_by_their_content(secured: BuildResult):
    rules = netlify_rules((secured.output / "_headers").read_text(encoding="utf-8"))
    cached = []
    for path in served_files(secured.output):
        headers = received(rules, path)
        if headers.get("cache-control"):
            assert headers["cache-control"] == [IMMUTABLE], path
            assert HASHED.fullmatch(path), f"{path} is cached for a year but its name has no hash"
            cached.append(path)
        expected = ADMIN_POLICY if path.startswith("/admin/") else SITE_POLICY
        assert headers["content-security-policy"] == [expected.header()], path
    kinds = {path.split("/")[2] for path in cached}
    assert kinds == {"fragment", "index", "filter"}, "every hashed folder of Pagefind's bundle is cached"
    assert not received(rules, "/pagefind/pagefind.js").get("cache-control")
    assert not received(rules, "/theme/css/portal.css").get("cache-control")


def redirect_lines(output: Path) -> list[list[str]]:
    text = (output / "_redirects").read_text(encoding="utf-8")
    return [line.split() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def test_netlify_sends_the_root_to_the_readers_language_and_each_language_has_its_404(secured: BuildResult):
    lines = redirect_lines(secured.output)
    by_language = [line for line in lines if len(line) == 4 and line[3].startswith("Language=")]
    # forced (!): / has a file of its own, the chooser page, which would shadow the rule
    assert by_language == [["/", f"/{code}/", "302!", f"Language={code}"] for code in languages(secured)]
    assert len(by_language) == 3
    not_found = [line for line in lines if line[2:3] == ["404"]]
    assert not_found == [[f"/{code}/*", f"/{code}/404.html", "404"] for code in languages(secured)]
    for source, target, *_ in by_language + not_found:
        assert (secured.output / target.lstrip("/")).is_file() or (secured.output / target.lstrip("/") /
                                                                  "index.html").is_file(), target


def test_cloudflare_pages_keeps_no_rule_for_the_root_so_readers_get_the_chooser_page(secured: BuildResult):
    # Cloudflare Pages reads `source destination [code]` with codes 200, 301-303, 307, 308 and ignores other lines
    kept = [line for line in redirect_lines(secured.output)
            if len(line) in (2, 3) and (len(line) == 2 or line[2] in {"200", "301", "302", "303", "307", "308"})]
    assert [line for line in kept if line[0] == "/"] == []
    assert "choose-language" in (secured.output / "index.html").read_text(encoding="utf-8")


# -- nginx and Apache, serving the site with the generated configuration ---------------------


def fetch(base: str, path: str, language: str | None = None,
          encoding: str | None = None) -> tuple[int, dict[str, list[str]], bytes]:
    """One GET without following redirects: (status, headers by lower-case name, body as sent)."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    asked = {"Accept-Language": language, "Accept-Encoding": encoding}
    connection.request("GET", path, headers={name: value for name, value in asked.items() if value})
    response = connection.getresponse()
    headers: dict[str, list[str]] = {}
    for name, value in response.getheaders():
        headers.setdefault(name.lower(), []).append(value)
    body = response.read()
    connection.close()
    return response.status, headers, body


@pytest.fixture(scope="module", params=["nginx", "Apache"])
def web_server(request: pytest.FixtureRequest, secured: BuildResult):
    """The built site served by nginx with its ``.nginx.conf``, or by Apache with its ``.htaccess``."""
    if request.param == "nginx":
        server = gates.nginx(secured.output, include=secured.output / ".nginx.conf")
    else:
        server = gates.apache(secured.output)
    with server as base:
        yield base


@pytest.mark.parametrize("accept, language", [("ar", "ar"), ("ar-SY, ar;q=0.9, en;q=0.5", "ar"),
                                              ("en-GB,en;q=0.9,de;q=0.8", "en"), ("de-DE", "de")])
def test_the_web_server_sends_the_root_to_the_readers_first_language(web_server: str, accept: str, language: str):
    status, headers, _ = fetch(web_server, "/", accept)
    assert status == 302 and urlsplit(headers["location"][0]).path == f"/{language}/"
    assert headers["content-security-policy"] == [SITE_POLICY.header()]


@pytest.mark.parametrize("accept", [None, "fr-FR, fr;q=0.9", "dea", "uk-UA, de;q=0.5"])
def test_the_web_server_shows_the_chooser_page_to_readers_of_other_languages(
        web_server: str, secured: BuildResult, accept: str | None):
    status, headers, body = fetch(web_server, "/", accept)
    assert status == 200 and body == (secured.output / "index.html").read_bytes()
    assert headers["vary"] == ["Accept-Language"] and headers["cache-control"] == ["no-cache"]
    assert headers["content-security-policy"] == [SITE_POLICY.header()]


def test_the_web_server_answers_a_missing_page_with_its_languages_404_page(web_server: str, secured: BuildResult):
    for path, page in [("/ar/offers/gibt-es-nicht/", "ar/404.html"), ("/de/nichts", "de/404.html"),
                       ("/en/events/2099/", "en/404.html"), ("/nirgends/", "404.html")]:
        status, headers, body = fetch(web_server, path)
        assert status == 404 and body == (secured.output / page).read_bytes(), path
        assert headers["content-security-policy"] == [SITE_POLICY.header()], path
    for recipe in sorted(RECIPES):
        assert fetch(web_server, f"/{recipe}")[0] in (403, 404), recipe


def test_the_web_server_sends_each_file_its_policy_and_caches_only_fingerprinted_files_for_a_year(
        web_server: str, secured: BuildResult):
    files = served_files(secured.output)
    assert len(files) > 100
    for path in files:
        status, headers, _ = fetch(web_server, path)
        assert status == 200, path
        assert headers["cache-control"] == [IMMUTABLE if HASHED.fullmatch(path) else "no-cache"], path
        expected = ADMIN_POLICY if path.startswith("/admin/") else SITE_POLICY
        assert headers["content-security-policy"] == [expected.header()], path
        assert headers["x-content-type-options"] == ["nosniff"], path
    status, headers, _ = fetch(web_server, "/admin/")
    assert status == 200 and headers["content-security-policy"] == [ADMIN_POLICY.header()]


def test_the_web_server_compresses_the_listing_data_and_calendars_a_phone_downloads(
        web_server: str, secured: BuildResult):
    for path in ("/de/offers/items.json", "/de/events/cafe/event.ics", "/ar/calendar/all.ics", "/de/feeds/atom.xml"):
        status, headers, body = fetch(web_server, path, encoding="gzip")
        assert status == 200 and headers.get("content-encoding") == ["gzip"], path
        assert gzip.decompress(body) == (secured.output / path[1:]).read_bytes(), path
        if path.endswith(".ics"):  # what makes a phone offer to add it to its calendar
            assert headers["content-type"][0].split(";")[0] == "text/calendar", path
    status, headers, body = fetch(web_server, "/de/offers/items.json")  # a client without gzip gets it plain
    assert "content-encoding" not in headers and body == (secured.output / "de/offers/items.json").read_bytes()


def test_nginx_serves_a_site_built_for_a_sub_path_with_its_configuration(site: Site, tmp_path: Path):
    port = gates.free_port()
    built = site.build(output=tmp_path / "www" / "portal", env={"SITEURL": f"http://127.0.0.1:{port}/portal"})
    assert built.returncode == 0, built.stderr
    # the server's root is the folder above the portal's, as on a host that serves it at /portal/
    with gates.nginx(tmp_path / "www", port=port, include=built.output / ".nginx.conf") as base:
        status, headers, _ = fetch(base, "/portal/", "en-US,en;q=0.8")
        assert status == 302 and urlsplit(headers["location"][0]).path == "/portal/en/"
        assert fetch(base, "/portal/")[2] == (built.output / "index.html").read_bytes()
        status, _, body = fetch(base, "/portal/ar/nichts/")
        assert status == 404 and body == (built.output / "ar" / "404.html").read_bytes()
        fragment = next((built.output / "pagefind" / "fragment").iterdir()).name
        assert fetch(base, f"/portal/pagefind/fragment/{fragment}")[1]["cache-control"] == [IMMUTABLE]
        assert fetch(base, "/portal/de/")[1]["cache-control"] == ["no-cache"]
        assert fetch(base, "/portal/.nginx.conf")[0] == 404


# -- Apache's recipe against _headers ----------------------------------------------------------


APACHE_HEADER = re.compile(r'^\s*Header always set ([\w-]+) "([^"]*)"$')


def apache_sections(text: str) -> dict[str, list[tuple[str, str]]]:
    """The headers each ``<If>`` condition sets ("" for the folder's own), checking that sections close."""
    sections: dict[str, list[tuple[str, str]]] = {}
    current: list[str] = []
    for line in text.splitlines():
        if opened := re.match(r'^<(If|FilesMatch) "(.*)">$', line):
            assert not current, f"nested section: {line}"
            current = [opened.group(1), opened.group(2)]
        elif re.match(r"^</(If|FilesMatch)>$", line):
            assert current and line == f"</{current[0]}>", line
            current = []
        elif header := APACHE_HEADER.match(line):
            sections.setdefault(current[1] if current else "", []).append(header.groups())
    assert not current, "a section is not closed"
    return sections


def test_apache_sends_the_same_headers_as_the_headers_file(secured: BuildResult):
    text = (secured.output / ".htaccess").read_text(encoding="utf-8")
    sections = apache_sections(text)
    rules = netlify_rules((secured.output / "_headers").read_text(encoding="utf-8"))
    page, admin = received(rules, "/de/"), received(rules, "/admin/config.yml")
    assert dict(sections[""]) == {"Content-Security-Policy": page["content-security-policy"][0],
                                  "X-Content-Type-Options": page["x-content-type-options"][0],
                                  "Cache-Control": "no-cache"}
    admin_condition = next(c for c in sections if "/admin/" in c)
    assert dict(sections[admin_condition]) == {"Content-Security-Policy": admin["content-security-policy"][0],
                                               "X-Content-Type-Options": admin["x-content-type-options"][0]}
    cached_condition = next(c for c in sections if ("Cache-Control", IMMUTABLE) in sections[c])
    pattern = re.fullmatch(r"%\{REQUEST_URI\} =~ m#(.*)#", cached_condition).group(1)
    files = served_files(secured.output)
    assert [f for f in files if re.search(pattern, f)] == [f for f in files if HASHED.fullmatch(f)]
    assert received(rules, "/pagefind/fragment/x.pf_fragment")["cache-control"] == [IMMUTABLE]


# -- GitHub Pages and GitLab Pages: no headers; the pages' own policy --------------------------


def test_github_and_gitlab_pages_publish_the_built_folder_whose_pages_carry_their_policy(secured: BuildResult):
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    upload = next(s for s in workflow["jobs"]["build"]["steps"]
                  if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    default_output = re.search(r"^OUTPUT\s*\?=\s*(\S+)$", makefile, re.MULTILINE).group(1)
    assert upload["with"]["path"] == default_output
    pipeline = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert f"OUTPUT={pipeline['pages']['artifacts']['paths'][0]}" in pipeline["pages"]["script"][0]
    assert re.search(r"^publish:.*\n\t.*--output \$\(OUTPUT\)", makefile, re.MULTILINE)
    # Neither host reads _headers: the policy every page carries in its <meta> applies
    pages = [p for p in secured.output.rglob("*.html") if not p.relative_to(secured.output).as_posix().startswith(
        "admin/")]
    meta = f'<meta http-equiv="Content-Security-Policy" content="{SITE_POLICY.meta()}">'
    assert pages and all(meta in page.read_text(encoding="utf-8") for page in pages)


# -- make on a plain Debian bookworm: Node.js and npm ------------------------------------------


def make_dry_run(tmp_path: Path, npm: bool) -> list[str]:
    """What ``make`` would run to install node_modules after package.json changed, with
    (``npm=True``: a stand-in ``npm``) or without npm on the PATH."""
    tools = tmp_path / ("with-npm" if npm else "without-npm")
    tools.mkdir()
    os.symlink(shutil.which("id"), tools / "id")
    if npm:
        (tools / "npm").write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
        (tools / "npm").chmod(0o755)
    done = subprocess.run([shutil.which("make"), "--no-print-directory", "-n", "-W", "package.json",
                           "node_modules/.installed"], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env={"PATH": str(tools), "HOME": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    return [line for line in done.stdout.splitlines() if line.strip()]


def test_make_installs_node_and_npm_from_debian_before_npm_ci_where_npm_is_missing(tmp_path: Path):
    commands = make_dry_run(tmp_path, npm=False)
    install = next(i for i, c in enumerate(commands) if re.search(r"apt-get install -y -qq nodejs npm$", c))
    assert "apt-get update" in commands[install]
    assert install < next(i for i, c in enumerate(commands) if c.startswith("npm ci "))


def test_make_uses_an_existing_npm_as_it_is(tmp_path: Path):
    commands = make_dry_run(tmp_path, npm=True)
    assert not any("apt-get" in c for c in commands)
    assert commands[0].startswith("npm ci ")


#: The Node.js that Debian bookworm installs (``apt-cache policy nodejs``: 18.20.4+dfsg-1~deb12u3).
BOOKWORM_NODE = "18.20.4"


def test_every_npm_package_runs_on_the_node_that_debian_bookworm_installs():
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    engines = {name: package["engines"]["node"] for name, package in lock["packages"].items()
               if isinstance(package.get("engines"), dict) and "node" in package["engines"]}
    assert "node_modules/lighthouse" in engines
    # npm's own reading of the ranges: semver, from node_modules
    script = ("const semver = require('semver'); const engines = JSON.parse(process.argv[1]);"
              "console.log(JSON.stringify(Object.keys(engines).filter("
              "name => !semver.satisfies(process.argv[2], engines[name]))))")
    done = subprocess.run(["node", "-e", script, json.dumps(engines), BOOKWORM_NODE], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []
