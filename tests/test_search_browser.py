"""Searching the demo in a real Chromium, served with the strict Content-Security-Policy.

Every test fails on a console error or a CSP violation in the page (the site has
no favicon, so Chromium's automatic /favicon.ico request is the one 404 allowed).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from conftest import BuildResult

CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; img-src 'self' data:; "
       "style-src 'self'; form-action 'self' https:")
# The first search loads and compiles Pagefind's WebAssembly; on a busy shared machine that can
# take longer than Playwright's default of 5 s to wait for what the reader should see.
expect.set_options(timeout=20_000)
# Runs before the page's own scripts (injected by the browser, not inline): records violations.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation",
  (event) => window.__violations.push(event.violatedDirective + " " + event.blockedURI));
"""


@pytest.fixture(scope="module")
def strict_server(demo_build: BuildResult):
    """The demo served with the Content-Security-Policy the site promises to work under."""
    from browser import serve

    with serve(demo_build.output, {"Content-Security-Policy": CSP}) as base_url:
        yield base_url


class Reader:
    """A browser tab that remembers console errors, CSP violations and requests."""

    def __init__(self, page: Page, base_url: str):
        self.page = page
        self.base_url = base_url
        self.errors: list[str] = []
        self.requests: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        page.on("request", lambda request: self.requests.append(request.url))
        page.add_init_script(RECORD_VIOLATIONS)

    def _console(self, message) -> None:
        if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
            self.errors.append(f"console: {message.text}")

    def open(self, path: str) -> Page:
        self.page.goto(f"{self.base_url}/{path}")
        return self.page

    def search(self, lang: str, query: str) -> Page:
        """Open the search page of ``lang`` with ``?q=`` and wait for the announcement."""
        self.open(f"{lang}/search/?q={query}")
        expect(self.status).not_to_be_empty()
        return self.page

    @property
    def status(self):
        return self.page.get_by_role("status")

    def titles(self) -> list[str]:
        return self.page.locator(".search-result__title").all_inner_texts()

    def problems(self) -> list[str]:
        violations = self.page.evaluate("() => window.__violations || []")
        return self.errors + [f"CSP violation: {v}" for v in violations]


@pytest.fixture
def reader(browser, strict_server):
    context = browser.new_context(viewport={"width": 360, "height": 740})  # a small phone
    tab = Reader(context.new_page(), strict_server)
    yield tab
    problems = tab.problems()
    context.close()
    assert problems == []


def page_text(reader: Reader, path: str) -> str:
    """The text of another page of the site, read in a second tab."""
    other = reader.page.context.new_page()
    try:
        other.goto(f"{reader.base_url}/{path}")
        return other.locator("main").inner_text()
    finally:
        other.close()


def test_german_search_finds_an_inflected_form_through_stemming(reader):
    # "Fahrrädern" is on no page; the offer says "Fahrrad" and "Fahrräder"
    assert "Fahrrädern" not in page_text(reader, "de/offers/fahrradwerkstatt/")
    reader.search("de", "Fahrrädern")
    assert "Mitschrauben in der Fahrradwerkstatt am Hafen" in reader.titles()
    assert "Fahrräder gesucht" in reader.titles()
    expect(reader.status).to_have_text(f"{len(reader.titles())} Ergebnisse für „Fahrrädern“")


def test_arabic_search_finds_a_word_with_a_prefix_through_stemming(reader):
    # "بالدراجات" (with the bicycles) is on no page; the donation says "دراجات"
    assert "بالدراجات" not in page_text(reader, "ar/donations/fahrraeder-gesucht/")
    page = reader.search("ar", "بالدراجات")
    assert "مطلوب دراجات هوائية" in reader.titles()
    assert page.evaluate("() => document.documentElement.dir") == "rtl"
    link = page.get_by_role("link", name="مطلوب دراجات هوائية")
    assert link.get_attribute("href") == "/ar/donations/fahrraeder-gesucht/"


def test_ukrainian_search_finds_ukrainian_pages(reader):
    reader.search("uk", "велосипеди")
    assert "Шукаємо велосипеди" in reader.titles()
    assert "Ремонт велосипедів у веломайстерні біля порту" in reader.titles()
    expect(reader.status).to_contain_text("за запитом «велосипеди»")


def test_a_fact_is_found_by_its_own_words_not_glued_to_the_fact_before(reader):
    # The bicycle workshop's facts read "… 10:00 إلى 13:00" (when) and then "الألمانية …"
    # (languages that help); outside its sign-up form (which the index skips) "German" is
    # nowhere else on the page. Arabic has no capitals at which the index could split a
    # glued "13:00الألمانية" again.
    other = reader.page.context.new_page()
    other.goto(f"{reader.base_url}/ar/offers/fahrradwerkstatt/")
    facts = other.locator(".facts").inner_text()
    text = other.evaluate("""() => { const article = document.querySelector("article").cloneNode(true);
      article.querySelectorAll("form").forEach((form) => form.remove()); return article.innerText; }""")
    other.close()
    assert "13:00" in facts and "الألمانية والإنجليزية" in facts and text.count("الألمانية") == 1
    reader.search("ar", "الدراجات الألمانية")
    assert "إصلاح الدراجات في ورشة الدراجات عند الميناء" in reader.titles()


def test_expired_offer_is_not_found_though_its_page_exists(reader):
    # only the expired maths tutoring offer uses the word
    assert "Flächeninhalt" in page_text(reader, "de/offers/nachhilfe-mathe/")
    page = reader.search("de", "Flächeninhalt")
    expect(reader.status).to_contain_text("„Flächeninhalt“")  # the search ran and answered
    assert "Mathe-Nachhilfe für Jugendliche vor dem Schulabschluss" not in reader.titles()
    expect(page.locator('.search-results a[href*="nachhilfe-mathe"]')).to_have_count(0)


def test_english_reader_finds_a_german_only_offer_marked_as_german_on_its_english_page(reader):
    page = reader.search("en", "Pflanztag")
    assert reader.titles() == ["Pflanztag im Interkulturellen Garten Nordviertel"]
    result = page.locator(".search-result").first
    expect(result.locator(".search-result__title")).to_have_attribute("lang", "de")
    expect(result.get_by_role("link")).to_have_attribute("href", "/en/offers/gartenprojekt-nordviertel/")
    expect(result.locator(".search-result__language")).to_have_text("Only in German")


def test_a_link_from_the_links_page_leads_to_the_resource(reader):
    page = reader.search("en", "integration course finder")
    link = page.get_by_role("link", name="Integration course finder")
    expect(link).to_have_attribute("href", "https://kursfinder.example.org")
    expect(page.locator(".search-result").first.locator(".search-result__facts")).to_have_text(
        "Links and materials")


def test_type_filter_narrows_the_results_and_is_kept_in_the_address(reader):
    page = reader.search("de", "Fahrrad")
    assert "Mitschrauben in der Fahrradwerkstatt am Hafen" in reader.titles()
    page.locator("summary", has_text="Art").click()
    page.get_by_role("checkbox", name="Veranstaltungen").check()
    expect(page.locator(".search-result", has_text="Mitschrauben")).to_have_count(0)
    assert "Offene Fahrradwerkstatt am Hafen" in reader.titles()
    facts = page.locator(".search-result__facts").all_inner_texts()
    assert facts and all(fact.startswith("Veranstaltungen · ") for fact in facts)
    expect(reader.status).to_have_text(re.compile(rf"^{len(facts)} Ergebnisse? für „Fahrrad“$"))
    assert "type=events" in page.url
    workshop = page.locator(".search-result", has_text="Offene Fahrradwerkstatt am Hafen")
    # its next date as of Thursday, 26 November 2026: Saturday at 10:00
    expect(workshop.locator("time")).to_have_attribute("datetime", "2026-11-28T10:00:00+01:00")
    expect(workshop.locator("time")).to_have_text("Samstag, 28. November 2026, 10:00–13:00 Uhr")


def test_arabic_results_show_times_on_the_24_hour_clock_as_the_lists_do(reader, demo_build):
    page = reader.search("ar", "ورشة الدراجات المفتوحة")
    workshop = page.locator(".search-result", has_text="ورشة الدراجات المفتوحة عند الميناء")
    listed = re.search(r'<time datetime="2026-11-28T10:00:00\+01:00">([^<]+)</time>', demo_build.page("ar/events/"))
    expect(workshop.locator("time")).to_have_text(listed.group(1))
    expect(workshop.locator("time")).to_contain_text("10:00–13:00")


def test_filter_alone_lists_every_current_offer_and_more_load_on_request(reader, demo_build):
    listing = demo_build.page("en/offers/")
    offers = set(re.findall(r'<a href="(/(?:en|de)/offers/[\w-]+/)"', listing))
    assert len(offers) > 10
    page = reader.open("en/search/?type=offers")
    expect(reader.status).to_have_text(f"{len(offers)} results")
    expect(page.get_by_role("checkbox", name="Volunteering")).to_be_checked()
    # five at a time on a phone's data: each result loads its part of the index
    expect(page.locator(".search-result")).to_have_count(5)
    more = page.get_by_role("button", name="Show more results")
    more.click()
    expect(page.locator(".search-result")).to_have_count(min(10, len(offers)))
    # the first newly shown result has the focus, so keyboard readers continue there
    expect(page.locator(".search-result").nth(5).get_by_role("link")).to_be_focused()
    for shown_before in range(10, len(offers), 5):
        more.click()
        expect(page.locator(".search-result")).to_have_count(min(shown_before + 5, len(offers)))
    expect(more).to_be_hidden()
    shown = set(page.locator(".search-result__title a").evaluate_all("links => links.map(a => a.pathname)"))
    assert shown == offers  # the expired offer is not among them: it is not in the listing either


def test_search_and_filters_work_with_the_keyboard(reader):
    page = reader.open("ru/search/")
    page.get_by_label("Поиск по волонтёрским предложениям, обучениям, мероприятиям, пожертвованиям и ссылкам").focus()
    page.keyboard.type("велосипед")
    page.keyboard.press("Enter")
    expect(reader.status).not_to_be_empty()
    page.keyboard.press("Tab")  # the search button
    page.keyboard.press("Tab")  # the first filter: its summary
    expect(page.locator("summary:focus")).to_have_text("Тип")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    expect(page.get_by_role("checkbox", name="Волонтёрство")).to_be_checked()
    expect(reader.status).to_contain_text("по запросу «велосипед»")
    assert all(fact == "Волонтёрство" for fact in page.locator(".search-result__facts").all_inner_texts())


def test_header_field_leads_to_the_search_page_with_the_query(reader):
    page = reader.open("uk/offers/")
    page.get_by_role("searchbox", name="Пошук по сайту").fill("велосипеди")
    page.keyboard.press("Enter")
    page.wait_for_url("**/uk/search/?q=*")
    expect(reader.status).not_to_be_empty()
    assert "Шукаємо велосипеди" in reader.titles()


def test_first_search_loads_only_the_readers_language_and_no_extra_interface(reader):
    reader.search("fa", "دوچرخه")
    bundle = [url.split("/pagefind/")[1] for url in reader.requests if "/pagefind/" in url]
    assert "pagefind.js" in bundle
    assert [name for name in bundle if name.startswith("wasm.")] == ["wasm.unknown.pagefind"]  # no Farsi stemmer
    assert all(not name.startswith(("index/", "fragment/")) or name.split("/")[1].startswith("fa_")
               for name in bundle)
    assert not [name for name in bundle if "ui" in name or "worker" in name]


def index_chunks_fetched(browser, base_url: str, query: str, typed: bool = False) -> set[str]:
    """The index chunks a fresh German reader's browser fetches to search ``query``:
    from the address (``?q=``), or typed into the field one letter after the other."""
    context = browser.new_context()
    page = context.new_page()
    chunks: set[str] = set()
    page.on("request", lambda request: chunks.add(request.url.rsplit("/", 1)[1])
            if request.url.endswith(".pf_index") else None)
    page.goto(f"{base_url}/de/search/" + ("" if typed else f"?q={query}"))
    if typed:  # every beginning of the word in one go: the search waits for a pause in typing
        page.evaluate("""(word) => { const field = document.querySelector("input[name=q]");
          for (let end = 1; end <= word.length; end++) {
            field.value = word.slice(0, end);
            field.dispatchEvent(new Event("input", {bubbles: true}));
          } }""", query)
    expect(page.get_by_role("status")).to_contain_text(query)
    page.wait_for_load_state("networkidle")
    context.close()
    return chunks


def test_typing_a_word_fetches_no_more_of_the_index_than_the_finished_word_needs(browser, strict_server):
    # the premise: a word of the demo whose first letter lies in another chunk of the German
    # index than the word (where the chunks split moves as the demo's text grows)
    for word in ("Vorstellungsgespräch", "Unterstützung", "Unterkunft", "Fahrradwerkstatt", "Nachhilfe",
                 "Spenden", "Sprechstunde", "Schule"):
        needed = index_chunks_fetched(browser, strict_server, word)
        if index_chunks_fetched(browser, strict_server, word[0]) - needed:
            break
    else:
        pytest.fail("no word of the list has its first letter in another chunk: choose other words")
    assert index_chunks_fetched(browser, strict_server, word, typed=True) == needed


def test_without_javascript_the_search_page_points_to_the_lists(browser, strict_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{strict_server}/de/offers/")
    page.get_by_role("searchbox", name="Diese Website durchsuchen").fill("Fahrrad")
    page.get_by_role("button", name="Suche").click()
    page.wait_for_url("**/de/search/?q=Fahrrad")
    expect(page.get_by_text("Die Suche braucht JavaScript")).to_be_visible()
    page.get_by_role("link", name="Veranstaltungen").last.click()
    page.wait_for_url("**/de/events/")
    context.close()


def test_search_works_when_the_site_lives_in_a_sub_folder(browser, site, tmp_path: Path):
    from browser import serve

    result = site.build(output=tmp_path / "host" / "portal", env={"SITEURL": "/portal"})
    assert result.returncode == 0, result.stderr
    with serve(tmp_path / "host", {"Content-Security-Policy": CSP}) as base_url:
        context = browser.new_context()
        tab = Reader(context.new_page(), base_url)
        page = tab.search("portal/en", "buddy")
        page.get_by_role("link", name="Language buddy").click()
        page.wait_for_url("**/portal/en/offers/sprachpaten/")
        problems = tab.problems()
        context.close()
    assert problems == []


def test_bundled_fragments_still_show_each_results_title_and_excerpt(browser, site):
    from browser import serve

    # two fragment files per language: the small site bundled as 300 bundles a portal of 2,000 items
    result = site.build(env={"PORTAL_SEARCH_MAX_FRAGMENTS": "2"})
    assert result.returncode == 0, result.stderr
    bundle = result.output / "pagefind"
    languages = json.loads((bundle / "pagefind-entry.json").read_text())["languages"]
    for lang, info in languages.items():
        assert len(list((bundle / "fragment").glob(f"{lang}_*.pf_fragment"))) <= 2 < info["page_count"]
    with serve(result.output, {"Content-Security-Policy": CSP}) as base_url:
        context = browser.new_context()
        tab = Reader(context.new_page(), base_url)
        page = tab.search("en", "learning")
        found = page.locator(".search-result").filter(has=page.get_by_role("link", name="Language buddy"))
        expect(found.locator(".search-result__excerpt")).to_contain_text("someone who is learning German")
        expect(found.locator(".search-result__excerpt mark")).to_have_text("learning")
        problems = tab.problems()
        context.close()
    assert problems == []


def test_search_page_with_open_filters_fits_a_phone_right_to_left(reader):
    page = reader.search("ar", "دراجات")
    for summary in page.locator(".search-facet > summary").all():  # the filters, not the header's lists
        summary.click()
    expect(page.get_by_role("checkbox", name="اللغة والتعلّم")).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 0
    # the filters start on the right, where Arabic text starts
    box = page.locator(".search-facet").first.bounding_box()
    assert box["x"] + box["width"] > page.viewport_size["width"] - 40


def test_farsi_counts_results_in_persian_digits_as_the_site_writes_its_numbers(reader):
    reader.search("fa", "زبان")
    announced = reader.status.inner_text()
    assert re.search("[۰-۹]", announced) and not re.search("[0-9]", announced), announced
