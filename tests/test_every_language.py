"""Every item has a page in every language: the reader's menus, facts and form around
the source text, which is marked as such and not announced as a translation."""

from __future__ import annotations

import json
import re

from conftest import BuildResult

GERMAN_ONLY_FOR_FARSI = "fa/offers/fahrradwerkstatt/"


def head(html: str) -> str:
    return html[: html.index("</head>")]


def main_of(html: str) -> str:
    return html[html.index("<main"): html.index("</main>")]


def switcher_of(html: str) -> dict[str, str]:
    nav = html[html.index('class="language-switcher'): html.index("</nav>")]
    return {lang: href for href, lang in re.findall(r'<a href="([^"]+)" lang="([^"]+)"', nav)}


def test_untranslated_offer_keeps_farsi_menus_and_direction(demo_build: BuildResult):
    page = demo_build.page(GERMAN_ONLY_FOR_FARSI)
    assert '<html lang="fa" dir="rtl">' in page
    header = page[page.index('<header class="site-header"'): page.index("</header>")]
    assert '<a href="/fa/offers/">کار داوطلبانه</a>' in header, "the menu is not in Farsi"
    assert '<a href="/fa/ueber-uns/" lang="de">Über uns</a>' in header  # a German-only page, marked
    facts = main_of(page)[main_of(page).index('<dl class="facts">'):]
    assert "<dt>سازمان</dt>" in facts, "the facts' labels are not in Farsi"


def test_untranslated_offer_marks_its_german_text_lang_de_dir_ltr(demo_build: BuildResult):
    main = main_of(demo_build.page(GERMAN_ONLY_FOR_FARSI))
    assert '<h1 lang="de" dir="ltr">Mitschrauben in der Fahrradwerkstatt am Hafen</h1>' in main
    assert re.search(r'<p class="detail__summary"[^>]* lang="de" dir="ltr">Gespendete Fahrräder', main)
    assert '<div class="detail__body prose" lang="de" dir="ltr">' in main
    assert '<dd lang="de" dir="ltr">samstags 10–13 Uhr</dd>' in main  # free-text fact from the source


def test_untranslated_offer_says_the_text_is_only_in_german_and_links_the_german_page(demo_build: BuildResult):
    main = main_of(demo_build.page(GERMAN_ONLY_FOR_FARSI))
    notice = re.search(r'<p class="notice notice--untranslated">(.*?)</p>', main, re.S)
    assert notice, "no notice on the untranslated page"
    assert "آلمانی" in notice.group(1)  # "German", in Farsi
    assert '<a href="/de/offers/fahrradwerkstatt/" hreflang="de">' in notice.group(1)
    assert main.index("notice--untranslated") < main.index("<h1")


def test_untranslated_page_is_canonical_to_the_source_noindex_and_without_hreflang(demo_build: BuildResult):
    top = head(demo_build.page(GERMAN_ONLY_FOR_FARSI))
    assert '<link rel="canonical" href="/de/offers/fahrradwerkstatt/">' in top
    assert '<meta name="robots" content="noindex">' in top
    assert "hreflang" not in top
    # and no translation points to it
    for lang in ("de", "en", "ar", "uk"):
        translation = head(demo_build.page(f"{lang}/offers/fahrradwerkstatt/"))
        assert 'hreflang="fa"' not in translation and 'hreflang="ru"' not in translation
        assert f'<link rel="canonical" href="/{lang}/offers/fahrradwerkstatt/">' in translation
        assert "noindex" not in translation


def test_switcher_on_a_german_only_item_leads_to_its_page_in_each_language(demo_build: BuildResult):
    for lang in ("de", "en", "ar", "fa", "uk", "ru"):
        page = demo_build.page(f"{lang}/offers/gartenprojekt-nordviertel/")
        assert switcher_of(page) == {code: f"/{code}/offers/gartenprojekt-nordviertel/"
                                     for code in ("de", "en", "ar", "fa", "uk", "ru")}, lang
    # and from a translated item to the Farsi page of the same item, not the Farsi home
    assert switcher_of(demo_build.page("de/offers/fahrradwerkstatt/"))["fa"] == "/fa/offers/fahrradwerkstatt/"


def test_farsi_listing_links_the_farsi_page_of_a_german_only_offer(demo_build: BuildResult):
    listing = main_of(demo_build.page("fa/offers/"))
    assert 'href="/fa/offers/fahrradwerkstatt/"' in listing
    assert 'href="/de/offers/' not in listing


def test_untranslated_page_has_the_form_and_its_messages_in_the_readers_language(demo_build: BuildResult):
    main = main_of(demo_build.page(GERMAN_ONLY_FOR_FARSI))
    form = main[main.index('<form class="signup-form"'): main.index("</form>")]
    assert 'data-message-required="لطفاً این فیلد را پر کنید."' in form
    assert "نشانی ایمیل" in form  # the e-mail field's label
    assert "E-Mail" not in form


def test_every_item_has_a_page_in_every_language(minimal_build: BuildResult):
    for path in ("offers/fussball/", "events/cafe/", "trainings/grundkurs/", "ueber-uns/"):
        for lang in ("de", "en", "ar"):
            assert minimal_build.exists(f"{lang}/{path}"), f"{lang}/{path}"
    assert '<html lang="ar" dir="rtl">' in minimal_build.page("ar/events/cafe/")


def test_an_untranslated_events_calendar_file_is_the_sources(minimal_build: BuildResult):
    page = main_of(minimal_build.page("ar/events/cafe/"))
    links = re.findall(r'href="([^"]+\.ics)"', page)
    assert links, "no calendar link on the untranslated event page"
    for link in links:
        assert minimal_build.exists(link.lstrip("/")), link


def test_links_in_an_untranslated_text_lead_to_pages_in_the_readers_language(minimal_build: BuildResult):
    # ueber-uns is German-only and links {filename}/pages/datenschutz.de.md
    assert 'href="/ar/datenschutz/"' in main_of(minimal_build.page("ar/ueber-uns/"))
    assert 'href="/de/datenschutz/"' in main_of(minimal_build.page("de/ueber-uns/"))



def test_structured_data_of_an_untranslated_page_names_the_source_page(demo_build: BuildResult):
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', demo_build.page(GERMAN_ONLY_FOR_FARSI))
    data = json.loads(found.group(1))
    assert data["url"] == "/de/offers/fahrradwerkstatt/"

# --- in a real browser ---------------------------------------------------------------------


def test_farsi_reader_opens_a_german_only_offer_and_stays_in_farsi(browser, demo_server):
    context = browser.new_context(viewport={"width": 360, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{demo_server}/fa/offers/")
    page.get_by_role("link", name="Mitschrauben in der Fahrradwerkstatt am Hafen").first.click()
    assert page.url.endswith("/fa/offers/fahrradwerkstatt/")
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == ["fa", "rtl"]
    body = page.locator(".detail__body")
    assert body.evaluate("e => [e.lang, getComputedStyle(e).direction]") == ["de", "ltr"]
    page.get_by_role("link", name="رفتن به صفحه به زبان آلمانی").click()
    assert page.url.endswith("/de/offers/fahrradwerkstatt/")
    context.close()

