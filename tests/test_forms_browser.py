"""Filling in and sending a sign-up form in a real Chromium, to a receiver on this machine.

The fixture site from test_forms.py is built with the generic back-end pointing
at a small local receiver (``http://127.0.0.1:<port>/submit``) that records
every POST and, like Formspree, redirects to the page named in ``_next``; its
e-mail form is handed to the mail program as a ``mailto:`` URL.
"""

from __future__ import annotations

import contextlib
import http.server
import re
import threading
from typing import Iterator
from urllib.parse import parse_qs, unquote

import pytest
from playwright.sync_api import expect

from browser import serve
from conftest import BuildResult
from test_forms import ENDPOINT, SITE_YAML, forms_site


class Inbox:
    """What the receiver got: one dict (name → list of values) per POST."""

    def __init__(self) -> None:
        self.posts: list[dict[str, list[str]]] = []
        self.url = ""


@contextlib.contextmanager
def receiver() -> Iterator[Inbox]:
    """A form receiver on a free localhost port that records bodies and redirects to ``_next``."""
    inbox = Inbox()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
            body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode("utf-8")
            fields = parse_qs(body, keep_blank_values=True)
            inbox.posts.append(fields)
            self.send_response(303)
            self.send_header("Location", fields.get("_next", ["/"])[0])
            self.end_headers()

        def log_message(self, format: str, *args) -> None:  # noqa: A002
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    inbox.url = f"http://127.0.0.1:{server.server_address[1]}/submit"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield inbox
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory):
    """(base URL, inbox): the forms fixture built for its server, sending to the receiver."""
    root = tmp_path_factory.mktemp("forms-browser")
    site = forms_site(root / "site")
    output = root / "output"
    with receiver() as inbox, serve(output) as base_url:
        site.write(SITE_YAML, site.read(SITE_YAML).replace(ENDPOINT, inbox.url))
        result: BuildResult = site.build(output=output, env={"SITEURL": base_url})
        assert result.returncode == 0, result.stderr
        yield base_url, inbox


@pytest.fixture
def inbox(portal) -> Inbox:
    inbox = portal[1]
    inbox.posts.clear()
    return inbox


def new_page(browser, javascript: bool = True, width: int = 390):
    context = browser.new_context(viewport={"width": width, "height": 900}, java_script_enabled=javascript)
    return context, context.new_page()


def fill_in_english_form(page) -> None:
    page.get_by_label("Name (required)", exact=True).fill("Amira Beispiel")
    page.get_by_label("Email (required)", exact=True).fill("amira@example.org")
    page.get_by_label("Age", exact=True).fill("34")
    page.get_by_label("When are you free? (required)", exact=True).select_option("weekends")
    page.get_by_role("group", name="How should we reach you? (required)").get_by_label("By phone", exact=True).check()
    page.get_by_role("group", name="Languages").get_by_label("Arabic", exact=True).check()
    page.get_by_role("group", name="Languages").get_by_label("Ukrainian", exact=True).check()
    page.get_by_label("Message", exact=True).fill("Ich kann dienstags.")


def test_a_sent_form_arrives_with_offer_and_language_and_leads_back_to_the_offers_thank_you(browser, portal, inbox):
    base_url, _ = portal
    context, page = new_page(browser, javascript=False)  # the form needs no script
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{base_url}/en/offers/sprachpaten/")
    fill_in_english_form(page)
    page.get_by_label("I agree. (required)", exact=True).check()
    page.get_by_role("button", name="Send").click()
    page.wait_for_url(f"{base_url}/en/offers/sprachpaten/#thanks")
    thanks = page.locator("#thanks")
    expect(thanks.get_by_role("heading", name="Thank you for signing up!")).to_be_in_viewport()
    expect(thanks).to_contain_text("You signed up for: Language buddy")
    assert len(inbox.posts) == 1
    sent = inbox.posts[0]
    assert sent["name"] == ["Amira Beispiel"]
    assert sent["email"] == ["amira@example.org"]
    assert sent["age"] == ["34"]
    assert sent["availability"] == ["weekends"]
    assert sent["contact_by"] == ["phone"]
    assert sent["languages"] == ["ar", "uk"]
    assert sent["message"] == ["Ich kann dienstags."]
    assert sent["consent"] == ["yes"]
    assert sent["offer"] == ["sprachpaten"]
    assert sent["offer_title"] == ["Sprachpatenschaft"]
    assert sent["language"] == ["en"]
    assert sent["_gotcha"] == [""]  # the honeypot arrives empty from a person
    assert sent["_next"] == [f"{base_url}/en/offers/sprachpaten/#thanks"]
    # nothing went anywhere but to the site and to the configured endpoint
    assert all(url.startswith((base_url + "/", inbox.url)) for url in requests), requests
    context.close()


def test_missing_consent_blocks_sending_and_says_why_in_the_pages_language(browser, portal, inbox):
    base_url, _ = portal
    context, page = new_page(browser)
    page.goto(f"{base_url}/de/offers/sprachpaten/")
    page.get_by_label("Name (Pflichtfeld)", exact=True).fill("Jonas Beispiel")
    page.get_by_label("E-Mail (Pflichtfeld)", exact=True).fill("jonas@example.org")
    page.get_by_label("Wann haben Sie Zeit? (Pflichtfeld)", exact=True).select_option("weekdays")
    page.get_by_label("Per E-Mail", exact=True).check()
    consent = page.get_by_label("Ich willige ein. (Pflichtfeld)", exact=True)
    page.get_by_role("button", name="Absenden").click()
    # the browser's own check stopped it: still here, the consent box focused and invalid
    assert page.url == f"{base_url}/de/offers/sprachpaten/"
    assert consent.evaluate("box => document.activeElement === box && box.matches(':invalid')")
    assert consent.evaluate("box => box.validationMessage") == (
        "Bitte setzen Sie hier ein Häkchen: Ohne Ihre Einwilligung können wir Ihre Anmeldung nicht annehmen.")
    assert inbox.posts == []
    # with consent the same form goes through, exactly once
    consent.check()
    page.get_by_role("button", name="Absenden").click()
    page.wait_for_url(f"{base_url}/de/offers/sprachpaten/#thanks")
    assert len(inbox.posts) == 1 and inbox.posts[0]["consent"] == ["yes"]
    assert inbox.posts[0]["language"] == ["de"]
    context.close()


@pytest.mark.parametrize("lang, trap_label", [("en", "Leave this field empty"), ("ar", "اترك هذا الحقل فارغاً")])
def test_honeypot_is_neither_seen_nor_announced_and_the_form_fits_a_phone(browser, portal, lang, trap_label):
    base_url, _ = portal
    context, page = new_page(browser, width=360)
    page.goto(f"{base_url}/{lang}/offers/sprachpaten/")
    trap = page.locator("input[name=_gotcha]")
    box = trap.bounding_box()
    assert box["x"] + box["width"] <= 0 or box["x"] >= 360, box  # off screen, on the start side
    # aria-hidden: out of the accessibility tree, which still holds it when hidden ones count
    assert page.get_by_role("textbox", name=trap_label).count() == 0
    assert page.get_by_role("textbox", name=trap_label, include_hidden=True).count() == 1
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    context.close()


def test_the_email_back_end_opens_the_mail_program_with_subject_and_answers(browser, portal):
    base_url, _ = portal
    context, page = new_page(browser)
    page.goto(f"{base_url}/de/offers/lesen/")
    page.get_by_label("Name (Pflichtfeld)", exact=True).fill("Amira Beispiel")
    page.get_by_label("Ich willige ein. (Pflichtfeld)", exact=True).check()
    # Chromium hands mailto: to the system's mail program and says so on the console
    with page.expect_console_message(lambda message: "mailto:" in message.text) as handed_over:
        page.get_by_role("button", name="Absenden").click(no_wait_after=True)
    url = unquote(re.search(r"'(mailto:[^']+)'", handed_over.value.text).group(1))
    assert url.startswith("mailto:anmeldung@example.org?subject=Anmeldung per E-Mail: Lesepaten&body=")
    assert url.split("&body=", 1)[1].split("\r\n")[:5] == [
        "name=Amira Beispiel", "consent=yes", "offer=lesen", "offer_title=Lesepaten", "language=de"]
    context.close()
