"""The header on a phone and a desktop, in real Chromium: small, in the reader's language,
and usable without JavaScript; and what right-to-left readers see of German addresses."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

LANGUAGES = {"de": "Deutsch", "en": "English", "ar": "العربية", "fa": "فارسی", "uk": "Українська",
             "ru": "Русский"}
PHONE = {"width": 360, "height": 800}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture(scope="module")
def phone(browser):
    context = browser.new_context(viewport=PHONE)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def phone_without_javascript(browser):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_header_on_a_phone_is_at_most_160px_with_language_search_and_menu_button(phone, demo_server, lang):
    phone.goto(f"{demo_server}/{lang}/offers/")
    header = phone.locator(".site-header")
    assert header.bounding_box()["height"] <= 160
    language_button = header.locator(".site-header__languages > summary")
    expect(language_button).to_be_visible()
    expect(language_button).to_contain_text(LANGUAGES[lang])  # the current language, in its own words
    expect(header.get_by_role("searchbox")).to_be_visible()
    expect(header.locator(".site-header__menu > summary")).to_be_visible()
    expect(header.get_by_role("navigation").get_by_role("link").first).to_be_hidden()  # menu collapsed


def test_the_menu_opens_and_leads_on_without_javascript(phone_without_javascript, demo_server):
    page = phone_without_javascript
    page.goto(f"{demo_server}/de/")
    events = page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name="Veranstaltungen")
    expect(events).to_be_hidden()
    page.locator(".site-header__menu > summary").click()
    expect(page.locator(".site-header__menu > summary")).to_have_text("Menü")
    expect(events).to_be_visible()
    assert page.locator(".site-header").bounding_box()["height"] <= 160  # the menu opens over the page
    events.click()
    assert page.url == f"{demo_server}/de/events/"


def test_the_language_switcher_is_one_tap_away_without_javascript(phone_without_javascript, demo_server):
    page = phone_without_javascript
    page.goto(f"{demo_server}/de/events/")
    page.get_by_text("Deutsch", exact=True).first.click()
    page.get_by_role("link", name="العربية").click()
    assert page.url == f"{demo_server}/ar/events/"
    expect(page.locator(".site-header__languages > summary")).to_contain_text("العربية")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_demos_menu_fits_one_line_on_a_desktop(browser, demo_server, lang):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(f"{demo_server}/{lang}/")
    links = page.locator(".main-nav a")
    expect(links.first).to_be_visible()
    tops = links.evaluate_all("links => links.map(a => Math.round(a.getBoundingClientRect().top))")
    assert len(tops) == 8 and len(set(tops)) == 1, tops
    expect(page.locator(".site-header__menu > summary")).to_be_hidden()
    context.close()


TEXT_BOX = """([selector, text]) => {
  const root = document.querySelector(selector);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.data.indexOf(text);
    if (at < 0) continue;
    const range = document.createRange();
    range.setStart(node, at); range.setEnd(node, at + text.length);
    const box = range.getBoundingClientRect();
    return {left: box.left, right: box.right};
  }
  return null;
}"""


@pytest.mark.parametrize("lang", ["ar", "fa"])
def test_right_to_left_readers_see_the_postcode_before_the_city_and_the_full_stop_at_the_end(
        phone, demo_server, lang):
    phone.goto(f"{demo_server}/{lang}/events/kochabend-international/")
    postcode = phone.evaluate(TEXT_BOX, [".place__address", "06114"])
    city = phone.evaluate(TEXT_BOX, [".place__address", "Musterstadt"])
    assert postcode["right"] <= city["left"]  # "06114 Musterstadt", read left to right
    name = phone.evaluate(TEXT_BOX, [".site-footer__contact bdi", "FreiwilligenAgentur"])
    stop = phone.evaluate(TEXT_BOX, [".site-footer__contact bdi", "V."])
    assert name["left"] < stop["left"]  # the full stop of "e.V." stays at the end of the name
