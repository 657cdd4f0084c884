"""The way to sign up: an action beside the title leads to the form, the form names the
item, and sending it leads back to the item's own page, which thanks the reader at #thanks."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from conftest import BuildResult

BIKE = "offers/fahrradwerkstatt/"


def header_of(html: str) -> str:
    return html[html.index('<header class="detail__header">'):html.index("</header>", html.index("detail__header"))]


def next_field(html: str) -> str:
    return re.search(r'<input type="hidden" name="_next" value="([^"]*)">', html).group(1)


@pytest.mark.parametrize("lang, action", [("de", "Mitmachen"), ("ar", "سجّل الآن")])
def test_the_action_beside_an_offers_title_leads_to_its_form(demo_build: BuildResult, lang, action):
    page = demo_build.page(f"{lang}/{BIKE}")
    assert f'<a class="action-button" href="#signup-helfen--title">{action}</a>' in header_of(page)
    assert '<h2 id="signup-helfen--title">' in page


def test_trainings_and_events_with_a_registration_form_have_the_action_and_others_none(demo_build: BuildResult):
    assert '<a class="action-button" href="#signup-helfen--title">Anmelden</a>' in header_of(
        demo_build.page("de/trainings/grundlagen-ehrenamt/"))
    assert "action-button" in header_of(demo_build.page("en/events/infoabend-ehrenamt/"))
    # a registration on the organiser's website, and an offer with all the helpers it needs: no action
    assert "action-button" not in demo_build.page("de/events/kochabend-international/")
    assert "action-button" not in demo_build.page("de/offers/fussball-training/")


def test_the_forms_heading_names_the_offer(demo_build: BuildResult):
    assert ('<h2 id="signup-helfen--title">Als Helfer*in registrieren: '
            '<bdi>Mitschrauben in der Fahrradwerkstatt am Hafen</bdi></h2>') in demo_build.page(f"de/{BIKE}")
    assert ('<h2 id="signup-helfen--title">سجّل كمتطوّع أو متطوّعة: '
            '<bdi>إصلاح الدراجات في ورشة الدراجات عند الميناء</bdi></h2>') in demo_build.page(f"ar/{BIKE}")


@pytest.mark.parametrize("lang", ["de", "ar", "uk"])
def test_an_offers_form_leads_back_to_its_own_page_at_thanks_in_the_readers_language(demo_build: BuildResult, lang):
    assert next_field(demo_build.page(f"{lang}/{BIKE}")) == f"/{lang}/{BIKE}#thanks"


def test_a_form_on_its_own_page_keeps_the_sites_thank_you_page(demo_build: BuildResult):
    assert next_field(demo_build.page("de/forms/helfen/")) == "/de/danke/"
    assert 'id="thanks"' not in demo_build.page("de/forms/helfen/")


def test_the_thank_you_names_the_offer_and_what_happens_next_in_the_readers_language(demo_build: BuildResult):
    page = demo_build.page(f"ar/{BIKE}")
    thanks = page[page.index('<section id="thanks"'):]
    thanks = thanks[:thanks.index("</section>")]
    assert '<h2 id="thanks-title">شكراً لتسجيلك!</h2>' in thanks
    assert "<bdi>إصلاح الدراجات في ورشة الدراجات عند الميناء</bdi>" in thanks
    assert "سنتواصل معك خلال أسبوع" in thanks  # the form's `thanks` text
    assert '<a href="/ar/danke/">' in thanks  # and the site's thank-you page, for more


def test_the_thank_you_is_hidden_until_the_address_ends_in_thanks(browser, demo_server):
    context = browser.new_context(viewport={"width": 360, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{demo_server}/de/{BIKE}")
    thanks = page.locator("#thanks")
    expect(thanks).to_be_hidden()
    page.get_by_role("link", name="Mitmachen").click()
    expect(page.get_by_role("heading", name=re.compile("^Als Helfer\\*in registrieren: Mitschrauben"))).to_be_in_viewport()
    page.goto(f"{demo_server}/de/{BIKE}#thanks")
    expect(thanks).to_be_visible()
    expect(thanks).to_be_in_viewport()
    expect(thanks.get_by_role("heading", name="Vielen Dank für Ihre Anmeldung!")).to_be_visible()
    expect(thanks).to_contain_text("Mitschrauben in der Fahrradwerkstatt am Hafen")
    context.close()


def test_a_thanks_text_in_an_unconfigured_language_is_an_editor_error_with_its_line(site):
    form = site.read("data/forms/mitmachen.yaml") + "thanks: {de: Wir melden uns., xx: Nope}\n"
    site.write("data/forms/mitmachen.yaml", form)
    result = site.check()
    assert result.returncode != 0
    line = len(form.splitlines())
    assert f"data/forms/mitmachen.yaml:{line}: thanks" in result.stderr, result.stderr


def test_a_content_page_with_a_form_keeps_its_title_alone_and_the_sites_thank_you_page(demo_build: BuildResult):
    page = demo_build.page("de/angebot-melden/")
    assert "<form" in page
    assert "action-button" not in page and 'id="thanks"' not in page
    assert "/de/danke/" in page  # where the back-end sends the reader
