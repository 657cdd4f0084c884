"""Reading the demo in a real browser: phones, no JavaScript, language switch."""

from __future__ import annotations

import pytest


@pytest.fixture
def phone(browser):
    """A 360 px wide phone screen with JavaScript switched off."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("path", ["de/", "ar/offers/", "fa/events/sprachcafe/", "uk/donations/",
                                  "de/partners/", "en/links/", ""])
def test_pages_fit_a_360px_phone_without_sideways_scrolling(phone, demo_server, path):
    phone.goto(f"{demo_server}/{path}")
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{path} is {overflow}px wider than the screen"


def test_reader_finds_an_offer_and_switches_to_arabic_without_javascript(phone, demo_server):
    phone.goto(f"{demo_server}/de/")
    phone.get_by_text("Menü", exact=True).click()  # the menu opens without JavaScript (<details>)
    phone.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name="Ehrenamt").click()
    phone.get_by_role("link", name="Gesprächspartnerinnen und -partner fürs Sprachcafé").first.click()
    assert phone.url.endswith("/de/offers/sprachcafe-helfer/")
    phone.get_by_text("Deutsch", exact=True).first.click()  # the current language opens the others
    phone.get_by_role("navigation", name="Sprache").get_by_role("link", name="العربية").click()
    assert phone.url.endswith("/ar/offers/sprachcafe-helfer/")
    assert phone.evaluate("document.documentElement.dir") == "rtl"
    assert phone.evaluate("document.documentElement.lang") == "ar"


def test_arabic_layout_is_mirrored(browser, demo_server):
    context = browser.new_context(viewport={"width": 1024, "height": 800})
    page = context.new_page()
    page.goto(f"{demo_server}/ar/offers/")
    fact = page.locator("article.card .card__organisation").first
    # a fact's icon hangs on its start side: the right in Arabic
    assert fact.evaluate("e => getComputedStyle(e).paddingRight") != "0px"
    assert fact.evaluate("e => getComputedStyle(e).paddingLeft") == "0px"
    assert fact.evaluate("""e => { const box = e.getBoundingClientRect(), icon = e.querySelector('.icon')
                                     .getBoundingClientRect(); return icon.left > box.left + box.width / 2 }""")
    context.close()


def test_skip_link_is_the_first_stop_and_moves_to_the_content(browser, demo_server):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{demo_server}/de/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Zum Inhalt springen"
    assert page.evaluate("getComputedStyle(document.activeElement).top") != "-64px"
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    context.close()


def test_in_a_forced_colours_theme_the_chosen_filter_and_the_current_page_keep_an_edge(browser, demo_server):
    # Windows contrast themes replace every background: what was marked only by one gets an outline
    context = browser.new_context(viewport={"width": 360, "height": 800}, forced_colors="active")
    page = context.new_page()
    page.goto(f"{demo_server}/de/offers/district/nordviertel/")
    assert page.evaluate("matchMedia('(forced-colors: active)').matches")
    chosen = page.locator(".chip[aria-current]").first
    assert chosen.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"
    assert page.locator(".chip:not([aria-current])").first.evaluate("e => getComputedStyle(e).outlineStyle") == "none"
    context.close()
