"""Quality gates over the demo portal, in every configured language.

Each gate prints one line in the summary of `make test` (pages checked,
violations, errors). tests/test_gates_catch_faults.py shows that each gate
would catch a planted fault.
"""

from __future__ import annotations

import pytest

import gates
from conftest import BuildResult

LANGUAGES = ["de", "en", "ar", "fa", "uk", "ru"]
# One page of every kind; {lang} is replaced by the language.
KINDS = {
    "root": "",
    "home": "{lang}/",
    "offers": "{lang}/offers/",
    "filtered": "{lang}/offers/district/nordviertel/",
    "trainings": "{lang}/trainings/",
    "events": "{lang}/events/",
    "archive": "{lang}/events/archive/",
    "donations": "{lang}/donations/",
    "links": "{lang}/links/",
    "partners": "{lang}/partners/",
    "offer": "{lang}/offers/sprachcafe-helfer/",
    "training": "{lang}/trainings/grundlagen-ehrenamt/",
    "event": "{lang}/events/sprachcafe/",
    "donation": "{lang}/donations/kleiderkammer-winter/",
    "untranslated": "{lang}/offers/gartenprojekt-nordviertel/",  # German-only: German text in each language's page
    "page": "{lang}/mitmachen/",
    "form": "{lang}/forms/helfen/",
    "calendars": "{lang}/calendar/",
    "404": "{lang}/404.html",
}


def path_of(output, kind: str, lang: str) -> str:
    """The page of ``kind`` in ``lang``; the German one where there is none (e.g. a form only in German)."""
    path = KINDS[kind].format(lang=lang)
    if not (output / path / "index.html").exists() and not (output / path).is_file():
        path = KINDS[kind].format(lang="de")
    return path


# A word that finds something on the demo, per language, for the search page with results.
SEARCH_WORDS = {"de": "Fahrrad", "en": "bicycle", "ar": "دراجات", "fa": "دوچرخه", "uk": "велосипеди",
                "ru": "велосипеды"}


def open_search_results(page, base: str, lang: str) -> None:
    """The search page with results shown and its filters opened."""
    page.goto(f"{base}/{lang}/search/?q={SEARCH_WORDS[lang]}")
    page.locator(".search-result").first.wait_for(timeout=20000)
    page.evaluate("() => document.querySelectorAll('.search-facet').forEach(d => d.open = true)")


VIEWPORTS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 900}}


def test_every_page_is_valid_html_and_css(demo_build: BuildResult):
    checked, errors = gates.html_errors(demo_build.output)
    gates.report("HTML", f"Nu HTML checker: {checked} files (HTML and CSS) checked, {len(errors)} errors")
    assert errors == []


def test_no_broken_internal_link_or_missing_asset(demo_build: BuildResult):
    checked, findings = gates.broken_links(demo_build.output)
    gates.report("links", f"links: {checked} internal links checked, {len(findings)} broken")
    assert findings == []


def test_nothing_is_loaded_from_another_host(demo_build: BuildResult):
    pages, findings = gates.offsite_requests(demo_build.output)
    gates.report("off-site", f"off-site: {pages} pages checked, {len(findings)} off-site loads or unsafe external links")
    assert findings == []


def test_no_inline_code_that_a_strict_csp_blocks(demo_build: BuildResult):
    pages, findings = gates.inline_code(demo_build.output)
    gates.report("inline", f"inline code: {pages} pages checked, {len(findings)} inline scripts, styles or handlers")
    assert findings == []


AXE_RESULTS: dict[str, list[str]] = {}


def axe_every_view(context, base: str, output, lang: str, label: str) -> dict[str, list[str]]:
    """axe-core on every kind of page in ``lang``, an offer's thank-you with the header's lists
    open, and search results; each recorded as ``lang/label/view``. Returns the views with violations."""
    page = context.new_page()
    found = {}

    def check(view: str) -> None:
        violations = AXE_RESULTS[f"{lang}/{label}/{view}"] = gates.axe_violations(page)
        if violations:
            found[view] = violations

    for kind in KINDS:
        page.goto(f"{base}/{path_of(output, kind, lang)}")
        check(kind)
    page.goto(f"{base}/{path_of(output, 'offer', lang)}#thanks")
    for summary in page.locator(".site-header summary").all():
        if summary.is_visible():
            summary.click()
    check("thanks-and-open-menus")
    open_search_results(page, base, lang)
    check("search-results")
    return found


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("lang", ["de", "en", "ar", "fa"])
def test_axe_finds_no_violation_on_any_kind_of_page(browser, demo_server, demo_build, lang, viewport):
    # axe-core is the test's own script, injected inline: the pages' meta CSP would block it
    # (the CSP gates below check the policy itself).
    context = browser.new_context(viewport=VIEWPORTS[viewport], bypass_csp=True)
    found = axe_every_view(context, demo_server, demo_build.output, lang, viewport)
    context.close()
    light = {key: v for key, v in AXE_RESULTS.items() if "/dark/" not in key}
    gates.report("axe", f"axe-core: {len(light)} page views checked (de, en, ar, fa; phone and desktop), "
                        f"{sum(len(v) for v in light.values())} violations")
    assert found == {}


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_axe_finds_no_violation_in_the_dark_scheme_on_any_kind_of_page(browser, demo_server, demo_build, lang):
    # one viewport (the phone) and one language per direction: the colours are the same in every language
    context = browser.new_context(viewport=VIEWPORTS["phone"], bypass_csp=True, color_scheme="dark")
    probe = context.new_page()
    probe.goto(f"{demo_server}/{lang}/")
    assert probe.evaluate("getComputedStyle(document.documentElement).backgroundColor") == "rgb(18, 20, 23)"
    found = axe_every_view(context, demo_server, demo_build.output, lang, "dark")
    context.close()
    dark = {key: v for key, v in AXE_RESULTS.items() if "/dark/" in key}
    gates.report("axe dark", f"axe-core, dark scheme: {len(dark)} page views checked (de, ar; phone), "
                             f"{sum(len(v) for v in dark.values())} violations")
    assert found == {}


BUDGET_KB = 30  # a page's HTML with its CSS and JS, gzip: what a reader on a slow phone waits for


def test_a_detail_page_and_a_listing_with_their_css_and_js_weigh_at_most_30_kb_gzip(demo_build: BuildResult):
    from tools.bench.weight import page_weight

    weights = {page: page_weight(demo_build.output, page)
               for lang in ("de", "ar") for page in (f"/{lang}/offers/sprachcafe-helfer/", f"/{lang}/offers/",
                                                     f"/{lang}/")}
    gates.report("weight", "page weight (HTML + CSS + JS, gzip): " + ", ".join(
        f"{page} {(w.html + w.css + w.js) / 1024:.1f} KB" for page, w in weights.items()))
    heavy = {page: w for page, w in weights.items() if w.html + w.css + w.js > BUDGET_KB * 1024}
    assert heavy == {}


def send_the_sign_up_form(page, base: str) -> list[str]:
    """Fill in and send the demo's sign-up form; its configured https endpoint is answered
    here by the test. Returns the bodies the endpoint received."""
    sent: list[str] = []
    page.route("https://forms.example.org/**", lambda route: (
        sent.append(route.request.post_data or ""), route.fulfill(status=200, body="ok")))
    page.goto(f"{base}/de/forms/helfen/")
    form = page.locator("form#signup-helfen")
    form.locator("input[name=name]").fill("Mira Beispiel")
    form.locator("input[type=email]").first.fill("mira@example.org")
    form.locator("input[type=checkbox][required]").check()
    form.locator("[type=submit]").click()
    page.wait_for_timeout(500)
    return sent


def test_every_kind_of_page_works_under_the_strict_csp_on_nginx(browser, demo_build: BuildResult):
    with gates.nginx(demo_build.output) as base:
        context = browser.new_context()
        page = context.new_page()
        violations = gates.collect_csp_violations(page)
        errors = gates.collect_console_errors(page)
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        loaded = 0
        for lang in LANGUAGES:
            for kind in KINDS:
                response = page.goto(f"{base}/{path_of(demo_build.output, kind, lang)}")
                assert response.status in (200, 304), (path, response.status)
                loaded += 1
        missing = page.goto(f"{base}/de/gibt-es-nicht/")
        assert missing.status == 404 and "Seite nicht gefunden" in page.content()
        for lang in LANGUAGES:  # search works: Pagefind's WebAssembly under 'wasm-unsafe-eval'
            open_search_results(page, base, lang)
            loaded += 1
        # a sign-up form submits to its configured https endpoint
        sent = send_the_sign_up_form(page, base)
        cookies = context.cookies()
        context.close()
    assert len(sent) == 1 and "mira%40example.org" in sent[0], sent
    requests = [url for url in requests if not url.startswith("https://forms.example.org/")]
    offsite = [url for url in requests if not url.startswith(base)]
    gates.report("CSP", f"strict CSP on nginx: {loaded} pages loaded in Chromium, {len(violations)} CSP "
                        f"violations, {len(offsite)} requests to other hosts, {len(cookies)} cookies")
    assert violations == []
    assert [e for e in errors if "404" not in e] == []
    assert offsite == []
    assert cookies == []


def test_every_kind_of_page_works_under_its_own_meta_policy_alone(browser, demo_build: BuildResult):
    """As on GitHub Pages: no header, only the policy each page carries; it is in force."""
    with gates.nginx(demo_build.output, csp=None) as base:
        context = browser.new_context()
        page = context.new_page()
        violations = gates.collect_csp_violations(page)
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        loaded = 0
        for lang in ("de", "ar"):  # the same templates in every language: one LTR, one RTL
            for kind in KINDS:
                response = page.goto(f"{base}/{path_of(demo_build.output, kind, lang)}")
                assert response.status in (200, 304) and "content-security-policy" not in response.headers
                loaded += 1
        open_search_results(page, base, "de")  # Pagefind's WebAssembly under the meta policy
        sent = send_the_sign_up_form(page, base)
        assert len(sent) == 1, sent  # the configured endpoint is in form-action
        clean = list(violations)
        page.goto(f"{base}/de/")
        injected = page.evaluate("""() => { const s = document.createElement('script');
            s.textContent = 'window.injected = true'; document.head.append(s); return window.injected === true; }""")
        page.wait_for_timeout(200)
        context.close()
    offsite = [url for url in requests if not url.startswith(base) and "forms.example.org" not in url]
    gates.report("CSP (meta)", f"meta policy alone: {loaded + 1} pages loaded in Chromium, {len(clean)} CSP "
                               f"violations, {len(offsite)} requests to other hosts, injected script blocked: "
                               f"{not injected}")
    assert clean == []
    assert offsite == []
    assert injected is False and len(violations) == 1  # the policy is in force: the injected script did not run


def test_site_under_a_sub_path_navigates_loads_its_assets_and_searches(browser, tmp_path):
    import os
    import subprocess

    from conftest import ROOT, TODAY_EPOCH

    output = tmp_path / "portal"
    done = subprocess.run(
        ["make", "--no-print-directory", "publish", "SITEURL=/portal", f"OUTPUT={output}"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
        env={**os.environ, "SOURCE_DATE_EPOCH": TODAY_EPOCH},
    )
    assert done.returncode == 0, done.stderr
    _, broken = gates.broken_links(output, prefix="/portal")
    assert broken == []
    with gates.nginx(output, mount="/portal/") as base:
        page = browser.new_page()
        violations = gates.collect_csp_violations(page)
        page.goto(f"{base}/portal/")
        page.get_by_role("link", name="Deutsch").click()
        assert page.url == f"{base}/portal/de/"
        page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name="Veranstaltungen").click()
        assert page.url == f"{base}/portal/de/events/"
        header = page.locator(".site-header").evaluate("e => getComputedStyle(e).backgroundColor")
        assert header == "rgb(8, 69, 120)"  # the stylesheet arrived
        page.get_by_role("searchbox").first.fill("Fahrrad")
        page.keyboard.press("Enter")
        page.locator(".search-result").first.wait_for(timeout=20000)
        assert page.url.startswith(f"{base}/portal/de/search/")
        hrefs = page.locator(".search-result a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        assert hrefs and all(h.startswith("/portal/") or h.startswith("https://") for h in hrefs), hrefs
        response = page.goto(f"{base}/portal/materials/checkliste-erstgespraech.pdf")
        assert response.status == 200
        page.close()
    assert violations == []


@pytest.mark.parametrize("path", ["de/", "ar/offers/sprachcafe-helfer/"])
def test_every_control_is_reachable_by_keyboard_with_visible_focus(browser, demo_server, path):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{demo_server}/{path}")
    focusable = page.evaluate(
        """() => { const all = [...document.querySelectorAll(
                       'a[href], button, input, select, textarea, summary, [tabindex]')]
                     .filter(e => e.tabIndex >= 0 && (e.checkVisibility() || e.matches('.skip-link')));
                   all.forEach((e, i) => e.dataset.kbd = i); return all.length; }"""
    )
    reached, invisible = set(), []
    for _ in range(focusable + 5):
        page.keyboard.press("Tab")
        info = page.evaluate(
            """() => { const e = document.activeElement; const s = getComputedStyle(e);
                       return [e.dataset.kbd, e.outerHTML.slice(0, 80), s.outlineStyle, s.boxShadow]; }"""
        )
        if info[0] is None:  # past the last control: focus is back on the page itself
            continue
        reached.add(info[0])
        if info[2] == "none" and info[3] == "none":
            invisible.append(info[1])
    context.close()
    assert len(reached) == focusable
    assert invisible == []
