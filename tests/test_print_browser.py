"""Printing in a real Chromium: every demo offer on one A4 page, and a notice for notice boards.

The demo is built for its local address (SITEURL), so the QR codes hold full addresses,
and served with the strict Content-Security-Policy. Chromium's PDF output (``page.pdf``)
is what a reader's "Print" gives; its pages are counted in the PDF itself.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from browser import serve
from conftest import ROOT, BuildResult, run_portal
from gates import STRICT_CSP, collect_csp_violations

PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![s\w])")


def pdf_pages(pdf: bytes) -> int:
    """The number of pages of a PDF from Chromium (each page is one ``/Type /Page`` object)."""
    return len(PAGE_OBJECT.findall(pdf))


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory):
    """(base URL, build): the demo built for its local address and served with the strict CSP."""
    output = tmp_path_factory.mktemp("print") / "output"
    output.mkdir()
    with serve(output, headers={"Content-Security-Policy": STRICT_CSP}) as base_url:
        result: BuildResult = run_portal("build", ROOT, output=output, env={"SITEURL": base_url})
        assert result.returncode == 0, result.stderr
        yield base_url, result


def demo_offers() -> list[str]:
    return sorted(path.name.split(".")[0] for path in (ROOT / "content" / "offers").glob("*.de.md"))


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_every_demo_offer_prints_on_one_a4_page(browser, printed, lang):
    base_url, result = printed
    page = browser.new_page()
    violations = collect_csp_violations(page)
    counts = {}
    for slug in demo_offers():
        if not result.exists(f"{lang}/offers/{slug}/"):
            continue
        page.goto(f"{base_url}/{lang}/offers/{slug}/")
        counts[slug] = pdf_pages(page.pdf(format="A4"))
    page.close()
    assert len(counts) >= 10, counts
    assert {slug: n for slug, n in counts.items() if n != 1} == {}
    assert violations == []


def test_every_current_items_notice_in_russian_and_german_prints_on_one_a4_page(browser, printed):
    base_url, result = printed
    page = browser.new_page()
    counts = {}
    for section in ("offers", "events", "trainings", "donations"):
        for document in sorted((ROOT / "content" / section).glob("*.de.md")):
            path = f"ru/{section}/{document.name.split('.')[0]}/"
            if 'id="notice"' in result.page(path):  # current items only
                page.goto(f"{base_url}/{path}#notice")
                counts[path] = pdf_pages(page.pdf(format="A4"))
    page.close()
    assert len(counts) >= 20, counts
    assert {path: n for path, n in counts.items() if n != 1} == {}


def test_a_printed_offer_keeps_facts_contact_place_and_address_and_drops_the_rest(browser, printed):
    base_url, _ = printed
    page = browser.new_page()
    page.goto(f"{base_url}/de/offers/fahrradwerkstatt/")
    page.emulate_media(media="print")
    for hidden in (".site-header", ".site-footer", ".header-search", ".signup-form", ".main-nav",
                   ".print-action", ".notice-sheet"):
        assert not page.locator(hidden).first.is_visible(), hidden
    for shown in ("h1", ".facts", ".contact", ".detail__place", ".detail__body"):
        assert page.locator(shown).first.is_visible(), shown
    address = page.locator(".print-address")
    assert address.is_visible()
    assert f"{base_url}/de/offers/fahrradwerkstatt/" in address.inner_text()
    assert address.get_by_role("img", name="QR-Code mit der Adresse dieser Seite").is_visible()
    page.emulate_media(media="screen")
    assert not address.is_visible()  # on screen the address bar says it
    page.close()


def test_a_notice_without_javascript_shows_arabic_and_german_side_by_side_and_prints_alone(browser, printed):
    base_url, _ = printed
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    violations = collect_csp_violations(page)
    page.goto(f"{base_url}/ar/offers/fahrradwerkstatt/")
    notice = page.locator("#notice")
    assert not notice.is_visible()
    page.get_by_role("link", name="اطبع إعلاناً").click()
    assert page.url.endswith("#notice") and notice.is_visible()
    arabic, german = notice.locator(".notice-sheet__column[lang=ar]"), notice.locator(".notice-sheet__column[lang=de]")
    assert "إصلاح الدراجات" in arabic.locator("h3").inner_text()
    assert german.locator("h3").inner_text() == "Mitschrauben in der Fahrradwerkstatt am Hafen"
    assert "Wann" in german.inner_text() and "samstags 10–13 Uhr" in german.inner_text()
    assert arabic.bounding_box()["x"] != german.bounding_box()["x"]  # side by side on a wide screen
    page.emulate_media(media="print")
    assert arabic.is_visible() and german.is_visible()
    assert not page.locator(".facts").is_visible() and not page.locator(".detail__body").is_visible()
    assert page.locator(".print-address svg").is_visible()
    assert pdf_pages(page.pdf(format="A4")) == 1
    assert violations == []
    context.close()


def test_ended_items_and_content_pages_offer_no_notice_but_print_their_address(printed):
    base_url, result = printed
    for path in ("de/events/willkommensfest-2026/", "ar/events/willkommensfest-2026/", "de/ueber-uns/"):
        page = result.page(path)
        assert 'id="notice"' not in page and 'href="#notice"' not in page, path
        assert f"{base_url}/{path}</span>" in page, path


def prints(page, expected: int) -> bool:
    """Whether the page has asked for the print dialog ``expected`` times within two seconds
    (``window.print`` counts instead; the page's CSP forbids ``wait_for_function``'s eval)."""
    for _ in range(40):
        if page.evaluate("window.printed || 0") == expected:
            return True
        page.wait_for_timeout(50)
    return False


def test_with_javascript_the_notice_link_opens_the_print_dialog_on_the_notice(browser, printed):
    base_url, _ = printed
    page = browser.new_page()
    violations = collect_csp_violations(page)
    page.add_init_script("window.print = () => { window.printed = (window.printed || 0) + 1; };")
    page.goto(f"{base_url}/de/events/sprachcafe/")
    page.get_by_role("link", name="Aushang drucken").click()
    assert prints(page, 1)
    assert page.url.endswith("#notice") and page.locator("#notice").is_visible()
    page.locator("#notice").get_by_role("link", name="Drucken", exact=True).click()
    assert prints(page, 2)
    assert violations == []
    page.close()


def test_a_german_notice_is_german_only(browser, printed):
    base_url, _ = printed
    page = browser.new_page()
    page.goto(f"{base_url}/de/events/sprachcafe/#notice")
    columns = page.locator("#notice .notice-sheet__column")
    assert columns.count() == 1 and columns.get_attribute("lang") == "de"
    page.close()
