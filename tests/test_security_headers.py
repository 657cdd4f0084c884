"""The Content-Security-Policy in every page, in ``_headers`` and in the README, from one definition.

``_headers`` is read as Netlify reads it (``@netlify/headers-parser``: a rule's
path becomes ``^/<parts>/?$``, ``*`` any characters, case-insensitive) and
with its combining rule: every matching rule applies, and a header set by two
rules is joined with a comma (for a CSP: both policies are enforced).
Cloudflare Pages matches and combines the same way.
"""

from __future__ import annotations

import re
import shutil

import pytest

from conftest import MINIMAL, ROOT, BuildResult, Site, run_portal
from pictures import drawing
from portal_content.data import load_site_data
from portal_security import admin_policy, policies, site_policy
from portal_security.policy import apache_snippet, nginx_snippet

SITE_SETTINGS = """
admin:
  enabled: true
  backend: {name: gitlab, repo: agentur/beispielheim, auth_type: pkce, app_id: abc}
forms: {backend: generic, endpoint: "https://forms.example.org/f/beispielheim"}
"""
EMAIL_FORM = """title: {de: Spenden anbieten}
backend: email
email: spenden@example.org
fields:
  - {name: name, type: text, label: {de: Name}}
consent: {text: {de: Ich willige ein.}, privacy_page: datenschutz}
success_page: danke
"""
NETLIFY_FORM = EMAIL_FORM.replace("backend: email\nemail: spenden@example.org", "backend: netlify")
META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


@pytest.fixture(scope="module")
def secured(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The minimal site with the CMS, a form endpoint, an e-mail form and a Netlify form, a
    picture field and a picture in a body (test_hosts.py): one build."""
    root = tmp_path_factory.mktemp("secured") / "site"
    shutil.copytree(MINIMAL, root, ignore=shutil.ignore_patterns("output", ".cache"))
    site = Site(root)
    site.write("data/site.yaml", site.read("data/site.yaml") + SITE_SETTINGS)
    site.write("data/forms/spenden.yaml", EMAIL_FORM)
    site.write("data/forms/netlify.yaml", NETLIFY_FORM)
    (root / "content" / "images").mkdir()
    for name, size in (("foto.jpg", (800, 600)), ("plan.jpg", (400, 300))):
        drawing(size).save(root / "content" / "images" / name, "JPEG")
    offer = site.read("content/offers/sprachpaten.de.md").replace(
        "status: open\n", "status: open\nimage: foto.jpg\nimage_alt: Ein Foto\n")
    site.write("content/offers/sprachpaten.de.md", offer + "\n![Der Plan]({static}/images/plan.jpg)\n")
    result = run_portal("build", root)
    assert result.returncode == 0, result.stderr
    return result


SITE_POLICY = site_policy(["https://forms.example.org/f/beispielheim", "mailto:"])
ADMIN_POLICY = admin_policy({"name": "gitlab"})


def netlify_rules(text: str) -> list[tuple[re.Pattern[str], list[tuple[str, str]]]]:
    """The rules of a ``_headers`` file: (the path's pattern, its headers), in order."""
    rules: list[tuple[re.Pattern[str], list[tuple[str, str]]]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            parts = [part for part in line.strip().split("/") if part]
            pattern = "/".join(".*" if part == "*" else "[^/]+" if part.startswith(":") else re.escape(part)
                               for part in parts)
            rules.append((re.compile(f"^/{pattern}/?$", re.IGNORECASE), []))
        else:
            name, value = line.strip().split(":", 1)
            rules[-1][1].append((name.strip().lower(), value.strip()))
    return rules


def received(rules, path: str) -> dict[str, list[str]]:
    """The headers ``path`` receives: every matching rule's, a header set twice holding both values."""
    headers: dict[str, list[str]] = {}
    for pattern, values in rules:
        if pattern.match(path):
            for name, value in values:
                headers.setdefault(name, []).append(value)
    return headers


def test_every_path_gets_the_site_policy_and_admin_only_its_own(secured: BuildResult):
    rules = netlify_rules((secured.output / "_headers").read_text(encoding="utf-8"))
    files = ["/" + str(p.relative_to(secured.output)) for p in secured.output.rglob("*")
             if p.is_file() and p.name != "_headers"]  # hosts do not serve _headers itself
    named = ["/", "/index.html", "/de/", "/de/offers/sprachpaten/", "/ar/offers/sprachpaten/", "/en/events/",
             "/de/404.html", "/materials/wortliste.txt", "/theme/css/portal.css", "/pagefind/pagefind.js",
             "/sitemap.xml", "/robots.txt", "/admin/", "/admin/config.yml", "/admin/decap-cms/decap-cms.js",
             "/ADMIN/", "/Admin/index.html"]
    assert "/admin/index.html" in files and "/pagefind/pagefind.js" in files
    for path in named + files:
        expected = ADMIN_POLICY if path.lower().startswith("/admin/") else SITE_POLICY
        headers = received(rules, path)
        assert headers.get("content-security-policy") == [expected.header()], path
        assert headers.get("x-content-type-options") == ["nosniff"], path


def test_every_page_carries_the_site_policy_before_anything_it_loads(secured: BuildResult):
    pages = [p for p in secured.output.rglob("*.html") if p.parts[len(secured.output.parts)] != "admin"]
    assert len(pages) > 20
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert META.findall(html) == [SITE_POLICY.meta()], page
        assert html.index("<meta charset") < html.index('<meta http-equiv="Content-Security') < html.index("<link")
    admin = (secured.output / "admin" / "index.html").read_text(encoding="utf-8")
    assert META.findall(admin) == [ADMIN_POLICY.meta()]
    assert "connect-src 'self' https://gitlab.com;" in ADMIN_POLICY.meta()


def test_the_policy_is_as_strict_as_its_form_allows(secured: BuildResult):
    meta = dict(d.split(" ", 1) for d in SITE_POLICY.meta().split("; "))
    assert meta == {
        "default-src": "'self'", "script-src": "'self' 'wasm-unsafe-eval'", "style-src": "'self'",
        "img-src": "'self' data:", "object-src": "'none'", "base-uri": "'none'",
        # exactly the configured back-ends: the endpoint, the e-mail form; Netlify's posts to the site
        "form-action": "'self' https://forms.example.org/f/beispielheim mailto:",
    }
    # a <meta> policy cannot forbid framing: the header does
    assert SITE_POLICY.header() == SITE_POLICY.meta() + "; frame-ancestors 'none'"
    assert 'action="https://forms.example.org/f/beispielheim"' in secured.page("de/forms/mitmachen/")


def test_readme_shows_the_nginx_and_apache_forms_of_the_same_policies():
    data, errors = load_site_data(str(ROOT / "data"), str(ROOT / "content"))
    assert errors == []
    site, _ = policies(data)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    admin = admin_policy({"name": "gitlab"})
    assert f"```nginx\n{nginx_snippet(site, admin)}\n```" in readme
    assert f"```apache\n{apache_snippet(site, admin)}\n```" in readme
