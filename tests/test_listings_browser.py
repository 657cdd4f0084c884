"""Filtering listings in a real Chromium on a 360 × 800 phone, under the strict Content-Security-Policy.

With JavaScript the chips combine in place and the address says which are set;
without it each chip is a link to its value's own page. Every test fails on a
console error or a CSP violation.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from conftest import BuildResult
from test_search_browser import CSP, Reader

PHONE = {"width": 360, "height": 800}


@pytest.fixture(scope="module")
def demo_strict(demo_build: BuildResult):
    from browser import serve

    with serve(demo_build.output, {"Content-Security-Policy": CSP}) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def many_strict(many_build: BuildResult):
    """The minimal fixture with 30 generated items of each type, served with the CSP."""
    from browser import serve

    with serve(many_build.output, {"Content-Security-Policy": CSP}) as base_url:
        yield base_url


def open_reader(browser, base_url: str, javascript: bool = True):
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
    return context, Reader(context.new_page(), base_url)


def reading(browser, base_url: str):
    """A reader's tab for a fixture; afterwards, no console error or CSP violation."""
    context, tab = open_reader(browser, base_url)
    yield tab
    problems = tab.problems()
    context.close()
    assert problems == []


@pytest.fixture
def reader(browser, demo_strict):
    yield from reading(browser, demo_strict)


@pytest.fixture
def many_reader(browser, many_strict):
    yield from reading(browser, many_strict)


def live(reader: Reader, path: str):
    """Open a listing and wait until its script has its data (before that, chips are plain links)."""
    page = reader.open(path)
    expect(page.locator(".listing--live")).to_have_count(1)
    return page


def shown(page) -> list[str]:
    """The slugs of the items the listing shows now."""
    return [href.rstrip("/").rsplit("/", 1)[-1]
            for href in page.locator("[data-results] .card__title a").evaluate_all("(as) => as.map(a => a.href)")]


def open_filters(page) -> None:
    """Tap the filter panel's button, as a reader on a phone does, unless the panel is open."""
    panel = page.locator("[data-filter-panel]")
    if not panel.evaluate("details => details.open"):
        panel.locator("> summary").click()
    expect(panel).to_have_attribute("open", "")


def chip(page, name: str, value: str):
    """A filter chip, its panel opened first (on a phone the chips are behind one button)."""
    open_filters(page)
    return page.locator(f'a[data-filter="{name}"][data-value="{value}"]')


def first_screen(page) -> dict[str, float]:
    """Where the header ends and the first card's title ends, from the top of the page (px)."""
    return page.evaluate("""() => ({
      header: document.querySelector(".site-header").getBoundingClientRect().height,
      title: document.querySelector(".card__title").getBoundingClientRect().bottom + window.scrollY})""")


def assert_first_card_on_first_screen(page) -> None:
    seen = first_screen(page)
    assert seen["header"] <= 160, f"{page.url}: header {seen['header']:.0f}px"
    assert seen["title"] <= PHONE["height"], f"{page.url}: first card's title ends at {seen['title']:.0f}px"


# --- the filter panel: on a phone the chips wait behind one button ----------------------------

LISTINGS = ["offers/", "offers/district/nordviertel/", "trainings/", "events/", "donations/",
            "events/archive/"]


@pytest.mark.parametrize("lang", ["de", "en", "ar", "fa", "uk", "ru"])
def test_on_a_phone_the_first_card_of_every_listing_is_on_the_first_screen_below_the_header(reader, lang):
    for path in LISTINGS:
        page = reader.open(f"{lang}/{path}")
        assert_first_card_on_first_screen(page)


FILTER_BUTTON = {"de": ("Filter", "Filter (1)", "Filter (2)"), "ar": ("تصفية", "تصفية (1)", "تصفية (2)"),
                 "fa": ("فیلتر", "فیلتر (۱)", "فیلتر (۲)")}


@pytest.mark.parametrize("lang", FILTER_BUTTON)
def test_without_javascript_one_filter_button_opens_the_chips_and_a_chip_is_its_values_page(browser, demo_strict,
                                                                                                lang):
    context, tab = open_reader(browser, demo_strict, javascript=False)
    try:
        page = tab.open(f"{lang}/offers/")
        button = page.locator("[data-filter-panel] > summary")
        nordviertel = page.locator('a[data-filter="district"][data-value="nordviertel"]')
        expect(button).to_have_text(FILTER_BUTTON[lang][0])
        expect(nordviertel).to_be_hidden()
        assert_first_card_on_first_screen(page)
        button.click()
        expect(nordviertel).to_be_visible()
        assert page.locator("a[data-filter]:visible").count() == page.locator("a[data-filter]").count()
        nordviertel.click()
        expect(page).to_have_url(re.compile(rf"/{lang}/offers/district/nordviertel/$"))
        expect(button).to_have_text(FILTER_BUTTON[lang][1])  # one filter set: this page's
        expect(nordviertel).to_be_hidden()  # the new page starts with its cards, the panel closed
        assert sorted(shown(page)) == ["gartenprojekt-nordviertel", "kinderbetreuung-sprachkurs",
                                       "kleiderkammer-sortieren"]
        assert_first_card_on_first_screen(page)
        show_all = page.locator("a[data-reset]")
        expect(show_all).to_be_visible()  # beside the closed panel, not in it
        show_all.click()
        expect(page).to_have_url(re.compile(rf"/{lang}/offers/$"))
    finally:
        context.close()


@pytest.mark.parametrize("lang", FILTER_BUTTON)
def test_with_javascript_the_button_counts_the_filters_set_and_count_and_reset_stay_outside_the_panel(reader, lang):
    page = live(reader, f"{lang}/offers/")
    button = page.locator("[data-filter-panel] > summary")
    chip(page, "district", "nordviertel").click()
    chip(page, "when", "weekends").click()
    expect(page).to_have_url(re.compile(r"\?district=nordviertel&when=weekends$"))
    expect(button).to_have_text(FILTER_BUTTON[lang][2])
    words = page.locator("[data-count]").inner_text()
    button.click()  # the reader closes the panel to see the result
    expect(page.locator('a[data-filter="district"]').first).to_be_hidden()
    assert shown(page) == ["gartenprojekt-nordviertel"]
    expect(page.locator("[data-count]")).to_be_visible()
    assert_first_card_on_first_screen(page)
    page.reload()
    expect(button).to_have_text(FILTER_BUTTON[lang][2])  # the address sets them again, the panel closed
    expect(page.locator("[data-count]")).to_have_text(words)
    page.locator("button[data-reset]").click()
    expect(button).to_have_text(FILTER_BUTTON[lang][0])
    expect(page).to_have_url(re.compile(rf"/{lang}/offers/$"))


def test_on_a_desktop_the_chips_are_a_column_beside_the_cards_without_the_button(browser, demo_strict):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"{demo_strict}/ar/offers/")
        expect(page.locator("[data-filter-panel] > summary")).to_be_hidden()
        nordviertel = page.locator('a[data-filter="district"][data-value="nordviertel"]')
        expect(nordviertel).to_be_visible()
        card = page.locator(".card").first.bounding_box()
        assert card["y"] < 400  # beside the chips, not below them
        assert nordviertel.bounding_box()["x"] > card["x"] + card["width"]  # Arabic: the chips on the right
        nordviertel.click()
        expect(page).to_have_url(re.compile(r"/ar/offers/\?district=nordviertel$"))
    finally:
        context.close()


def test_with_javascript_a_card_of_a_listing_still_opens_its_page(reader):
    page = live(reader, "de/offers/")
    page.locator("[data-results] .card__title a").first.click()
    expect(page).to_have_url(re.compile(r"/de/offers/[\w-]+/$"))
    page = live(reader, "de/offers/?when=weekends")
    expect(page.locator("[data-count]")).to_have_text("3 Angebote")
    page.locator("[data-results] .card__title a").first.click()  # a card the script rendered
    expect(page).to_have_url(re.compile(r"/de/offers/[\w-]+/$"))


def test_a_farsi_reader_combines_district_when_and_language_and_the_address_keeps_them(reader):
    page = live(reader, "fa/offers/")
    chip(page, "district", "nordviertel").click()
    chip(page, "when", "weekday-mornings").click()
    chip(page, "language", "fa").click()
    expect(page).to_have_url(re.compile(r"/fa/offers/\?district=nordviertel&when=weekday-mornings&language=fa$"))
    assert shown(page) == ["kinderbetreuung-sprachkurs"]
    status = page.locator("[data-count]")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status).to_have_text("۱ فرصت")
    page.reload()
    expect(status).to_have_text("۱ فرصت")
    assert shown(page) == ["kinderbetreuung-sprachkurs"]
    expect(chip(page, "language", "fa")).to_have_attribute("aria-current", "true")
    page.go_back()
    expect(page).to_have_url(re.compile(r"\?district=nordviertel&when=weekday-mornings$"))
    assert sorted(shown(page)) == ["kinderbetreuung-sprachkurs", "kleiderkammer-sortieren"]
    expect(status).to_have_text("۲ فرصت")


def test_switching_language_keeps_the_filters(reader):
    page = live(reader, "fa/offers/")
    chip(page, "when", "weekends").click()
    expect(page.locator("[data-count]")).to_have_text("۳ فرصت")
    page.locator("header .site-header__languages summary").click()  # on a phone the languages are behind a button
    page.locator('header a[hreflang="de"]').click()
    expect(page).to_have_url(re.compile(r"/de/offers/\?when=weekends$"))
    expect(page.locator("[data-count]")).to_have_text("3 Angebote")


def test_an_empty_result_offers_to_remove_the_last_filter_and_one_control_resets_all(reader):
    page = live(reader, "de/offers/?district=nordviertel&when=weekends")
    expect(page.locator("[data-count]")).to_have_text("1 Angebot")
    chip(page, "commitment", "regular").click()
    expect(page.locator("[data-count]")).to_have_text("0 Angebote")
    undo = page.get_by_role("button", name="Letzten Filter entfernen")
    expect(undo).to_be_visible()
    undo.click()
    expect(page).to_have_url(re.compile(r"\?district=nordviertel&when=weekends$"))
    expect(page.locator("[data-count]")).to_have_text("1 Angebot")
    page.get_by_role("button", name="Alle zeigen").click()
    expect(page).to_have_url(re.compile(r"/de/offers/$"))
    expect(page.locator("[data-count]")).to_have_text("13 Angebote")


def test_without_javascript_each_chip_is_a_page_with_the_matching_offers(browser, demo_strict):
    context, tab = open_reader(browser, demo_strict, javascript=False)
    try:
        page = tab.open("fa/offers/")
        chip(page, "district", "nordviertel").click()
        expect(page).to_have_url(re.compile(r"/fa/offers/district/nordviertel/$"))
        assert sorted(shown(page)) == ["gartenprojekt-nordviertel", "kinderbetreuung-sprachkurs",
                                       "kleiderkammer-sortieren"]
        chip(page, "when", "weekends").click()
        expect(page).to_have_url(re.compile(r"/fa/offers/when/weekends/$"))
        assert sorted(shown(page)) == ["fahrradwerkstatt", "gartenprojekt-nordviertel", "lesepaten-bibliothek"]
        expect(page).to_have_title(re.compile("^آخر هفته‌ها – "))
    finally:
        context.close()


def test_combined_filters_work_across_all_pages_of_a_long_listing(many_reader):
    page = live(many_reader, "de/offers/")
    assert len(shown(page)) == 24
    chip(page, "district", "mitte").click()
    chip(page, "when", "weekends").click()
    # the odd generated offers with i % 5 == 3: 03, 13, 23 (23 and 13 beyond the first page of all)
    expect(page.locator("[data-count]")).to_have_text("3 Angebote")
    assert sorted(shown(page)) == ["gen-03", "gen-13", "gen-23"]
    page.get_by_role("button", name="Alle zeigen").click()
    page.locator("[data-results] .pagination").get_by_role("link", name="2").click()
    expect(page).to_have_url(re.compile(r"/de/offers/\?page=2$"))
    assert len(shown(page)) == 8


@pytest.mark.parametrize("kind, name, value, count", [
    ("events", "date", "weekend", "10 Veranstaltungen"),
    ("events", "cost", "free", None),
    ("trainings", "month", "2027-01", None),
    ("trainings", "cost", "free", None),
    ("donations", "need", "urgent", "7 Spendenbedarfe"),
    ("donations", "kind", "goods", "16 Spendenbedarfe"),
])
def test_every_types_filters_work_in_place_and_as_pages(many_reader, kind, name, value, count):
    page = live(many_reader, f"de/{kind}/")
    chip(page, name, value).click()
    expect(page).to_have_url(re.compile(rf"/de/{kind}/\?{name}={value}$"))
    in_place = sorted(shown(page))
    words = page.locator("[data-count]").inner_text()
    if count:
        assert words == count
    as_page = many_reader.page.context.new_page()
    as_page.goto(f"{many_reader.base_url}/de/{kind}/{name}/{value}/")
    assert as_page.locator("[data-count]").inner_text() == words
    if len(in_place) <= 24:
        assert sorted(shown(as_page)) == in_place
    as_page.close()


def test_the_data_file_is_fetched_once_when_a_reader_first_filters_and_not_before(reader):
    page = live(reader, "de/offers/")
    page.wait_for_load_state("networkidle")
    assert not [url for url in reader.requests if url.endswith("items.json")]
    chip(page, "district", "altstadt").click()
    chip(page, "when", "weekday-evenings").click()
    expect(page.locator("[data-count]")).to_have_text("2 Angebote")
    assert [url for url in reader.requests if url.endswith("items.json")] == [
        f"{reader.base_url}/de/offers/items.json"]


@pytest.mark.parametrize("path, chips", [
    ("ar/offers/", [("district", "nordviertel"), ("when", "weekends"), ("commitment", "regular")]),
    ("de/events/", [("cost", "free")]),
])
def test_a_filtered_listing_and_its_empty_result_have_no_accessibility_violation(browser, demo_server, path, chips):
    import gates

    context = browser.new_context(viewport=PHONE, bypass_csp=True)  # axe is injected inline
    try:
        page = context.new_page()
        page.goto(f"{demo_server}/{path}")
        expect(page.locator(".listing--live")).to_have_count(1)
        for name, value in chips:
            chip(page, name, value).click()
        expect(page).to_have_url(re.compile(rf"{chips[-1][0]}={chips[-1][1]}"))
        assert gates.axe_violations(page) == []
    finally:
        context.close()
