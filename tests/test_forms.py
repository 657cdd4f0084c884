"""Sign-up forms: what a reader sees on a built site, and what an editor is told.

The reading tests build one fixture site (the minimal one with forms for every
back-end, a form with every field type, and offers, trainings and pages that
place them) and read its HTML with a small parser, as a browser would see the
form's controls, labels, legends and help texts. The editor tests break one
form definition each and read ``tools/portal.py check``'s report.
"""

from __future__ import annotations

import glob
import re
import shutil
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from conftest import MINIMAL, ROOT, BuildResult, Site
from test_validation import assert_error, edit, error_lines, line_of

FORM = "data/forms/mitmachen.yaml"
SITE_YAML = "data/site.yaml"
ENDPOINT = "https://forms.example.org/f/test"
SITEURL = "https://portal.example.org"

# --- a page's forms as a browser sees them ---------------------------------------------------


@dataclass
class Form:
    attrs: dict[str, str]
    controls: list[dict[str, str]] = field(default_factory=list)  # input/select/textarea/button
    labels: dict[str, str] = field(default_factory=dict)  # for → text
    texts: dict[str, str] = field(default_factory=dict)  # id → text of elements with an id
    html: str = ""

    def control(self, name: str) -> dict[str, str]:
        return next(c for c in self.controls if c.get("name") == name)

    def visible(self) -> list[dict[str, str]]:
        """The controls a person fills in (no hidden fields, no button, no honeypot)."""
        return [c for c in self.controls
                if c["tag"] != "button" and c.get("type") != "hidden" and not c["trap"]]

    def label_of(self, control: dict[str, str]) -> str:
        return self.labels.get(control.get("id", ""), "")

    def hidden(self) -> dict[str, str]:
        return {c["name"]: c.get("value", "") for c in self.controls if c.get("type") == "hidden"}


class _FormParser(HTMLParser):
    """Collects every <form>: its controls (with the legend of their fieldset), labels and texts."""

    VOID = {"input", "br", "img", "meta", "link", "hr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.open: list[tuple[str, dict[str, str]]] = []  # open elements inside the current form
        self.captures: list[list] = []  # [tag, key, kind, parts]
        self.legends: list[str | None] = []
        self.in_form = False
        self.trap_depth: int | None = None

    def handle_starttag(self, tag: str, attr_list: list[tuple[str, str | None]]) -> None:
        attrs = {k: (v if v is not None else "") for k, v in attr_list}
        if tag == "form":
            self.forms.append(Form(attrs))
            self.in_form = True
            return
        if not self.in_form:
            return
        form = self.forms[-1]
        if tag not in self.VOID:
            self.open.append((tag, attrs))
        if attrs.get("aria-hidden") == "true" and self.trap_depth is None:
            self.trap_depth = len(self.open)
        if tag == "fieldset":
            self.legends.append(None)
        if tag in ("input", "select", "textarea", "button"):
            form.controls.append({"tag": tag, **attrs, "trap": self.trap_depth is not None,
                                  "group": self.legends[-1] if self.legends else None})
        if tag == "label":
            self.captures.append([tag, attrs.get("for", ""), "label", []])
        elif tag == "legend":
            self.captures.append([tag, None, "legend", []])
        elif "id" in attrs and tag not in self.VOID:
            self.captures.append([tag, attrs["id"], "text", []])

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.in_form = False
            return
        if not self.in_form or not self.open:
            return
        if self.trap_depth is not None and len(self.open) == self.trap_depth:
            self.trap_depth = None
        self.open.pop()
        if tag == "fieldset":
            self.legends.pop()
        if self.captures and self.captures[-1][0] == tag:
            _tag, key, kind, parts = self.captures.pop()
            text = " ".join("".join(parts).split())
            form = self.forms[-1]
            if kind == "label":
                form.labels[key] = text
            elif kind == "legend":
                self.legends[-1] = text
            else:
                form.texts[key] = text

    def handle_data(self, data: str) -> None:
        for capture in self.captures:
            capture[3].append(data)


def forms_on(html: str) -> list[Form]:
    """The sign-up forms of a page (not the header's search field)."""
    parser = _FormParser()
    parser.feed(html)
    for form, match in zip(parser.forms, re.finditer(r"<form\b.*?</form>", html, re.S)):
        form.html = match.group(0)
    return [form for form in parser.forms if 'role="search"' not in form.html]


def form_on(result: BuildResult, path: str, index: int = 0) -> Form:
    forms = forms_on(result.page(path))
    assert len(forms) > index, f"no form on {path}"
    return forms[index]


# --- the fixture site with forms -------------------------------------------------------------

FULL_FORM = """\
title: {de: Mitmachen, en: Get involved, ar: شارك معنا}
intro:
  de: Sagen Sie uns, wie wir Sie erreichen.
  en: Tell us how to reach you.
fields:
  - {name: name, type: text, required: true, label: {de: Name, en: Name, ar: الاسم}}
  - name: email
    type: email
    required: true
    label: {de: E-Mail, en: Email}
    help: {de: Nur für unsere Antwort., en: Only for our reply.}
    placeholder: {de: name@beispiel.de}
  - {name: phone, type: tel, label: {de: Telefon}}
  - {name: age, type: number, min: 16, max: 99, label: {de: Alter, en: Age}}
  - {name: start, type: date, min: 2026-12-01, label: {de: "Ab wann?", en: "From when?"}}
  - name: availability
    type: select
    required: true
    label: {de: "Wann haben Sie Zeit?", en: "When are you free?"}
    options: {weekdays: {de: Werktags, en: Weekdays}, weekends: {de: Am Wochenende}}
  - name: contact_by
    type: radio
    required: true
    label: {de: "Wie sollen wir Sie erreichen?", en: "How should we reach you?"}
    help: {de: Wir richten uns danach.}
    options: {email: {de: Per E-Mail, en: By email}, phone: {de: Per Telefon, en: By phone}}
  - name: languages
    type: checkboxes
    label: {de: Sprachen, en: Languages}
    options: {ar: {de: Arabisch, en: Arabic}, uk: {de: Ukrainisch, en: Ukrainian}}
  - {name: message, type: textarea, label: {de: Nachricht, en: Message}}
consent: {text: {de: Ich willige ein., en: I agree.}, privacy_page: datenschutz}
success_page: danke
"""

FILES = {
    FORM: FULL_FORM,
    "data/forms/netzwerk.yaml": """\
title: {de: Netzwerk}
backend: netlify
fields:
  - {name: email, type: email, required: true, label: {de: E-Mail}}
consent: {text: {de: Ich willige ein.}, privacy_page: datenschutz}
success_page: danke
""",
    "data/forms/post.yaml": """\
title: {de: Anmeldung per E-Mail, en: Sign up by email}
backend: email
email: anmeldung@example.org
fields:
  - {name: name, type: text, required: true, label: {de: Name}}
consent: {text: {de: Ich willige ein.}, privacy_page: datenschutz}
success_page: danke
""",
    "content/pages/datenschutz.en.md": "---\ntitle: Privacy\n---\nWe store nothing.\n",
    "content/pages/anmelden.de.md": """\
---
title: Anmelden
signup: netzwerk
---
Hier können Sie sich anmelden.

[[form: post]]

Danke!
""",
    "content/offers/lesen.de.md": ("---\ntitle: Lesepaten\norganisation: agentur\nareas: [sprache]\n"
                                   "signup: post\n---\nVorlesen.\n"),
    "content/offers/kochen.de.md": ("---\ntitle: 'Kochen & \"Backen\" für Groß/Klein'\norganisation: agentur\n"
                                    "areas: [sprache]\nsignup: post\n---\nGemeinsam kochen.\n"),
    "content/offers/im-text.de.md": ("---\ntitle: Im Text\norganisation: agentur\nareas: [sprache]\n---\n"
                                     "Vorher.\n\n[[form: mitmachen]]\n\nNachher.\n"),
    "content/offers/ohne.de.md": ("---\ntitle: Ohne Formular\norganisation: agentur\nareas: [sprache]\n"
                                  "signup: false\n---\nMelden Sie sich telefonisch.\n"),
    "content/offers/pause.de.md": ("---\ntitle: Pausiert\norganisation: agentur\nareas: [sprache]\n"
                                   "status: paused\n---\nGerade nicht.\n"),
    "content/trainings/vorbei.de.md": ("---\ntitle: Frist vorbei\nstart: 2026-12-10T10:00\n"
                                       "deadline: 2026-11-20\nregistration: mitmachen\nseats: 10\n---\nZu spät.\n"),
}


def forms_site(path: Path) -> Site:
    """The minimal fixture with a generic back-end and the forms and pages above."""
    shutil.copytree(MINIMAL, path, ignore=shutil.ignore_patterns("output", ".cache"))
    site = Site(path)
    site.write(SITE_YAML, site.read(SITE_YAML) + f"forms: {{backend: generic, endpoint: {ENDPOINT}}}\n")
    for relative, text in FILES.items():
        site.write(relative, text)
    edit(site, "content/trainings/grundkurs.de.md",
         "registration: https://anmeldung.example.org/grundkurs", "registration: mitmachen")
    return site


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    site = forms_site(tmp_path_factory.mktemp("forms") / "site")
    result = site.build(env={"SITEURL": SITEURL})
    assert result.returncode == 0, result.stderr
    return result


# --- where forms appear ----------------------------------------------------------------------


def test_offer_page_shows_the_default_form(built: BuildResult):
    form = form_on(built, "de/offers/sprachpaten/")
    assert form.attrs["id"] == "signup-mitmachen"
    assert form.attrs["method"] == "post"
    assert form.attrs["action"] == ENDPOINT
    page = built.page("de/offers/sprachpaten/")
    assert '<h2 id="signup-mitmachen--title">Mitmachen: <bdi>Sprachpatenschaft</bdi></h2>' in page  # names the offer
    assert "Sagen Sie uns, wie wir Sie erreichen." in page


def test_offer_shows_the_form_it_names_instead_of_the_default(built: BuildResult):
    forms = forms_on(built.page("de/offers/lesen/"))
    assert [f.attrs["id"] for f in forms] == ["signup-post"]


def test_offer_with_signup_false_has_no_form_and_no_excuse(built: BuildResult):
    page = built.page("de/offers/ohne/")
    assert forms_on(page) == []
    assert "signup-closed" not in page


@pytest.mark.parametrize("slug, words", [
    ("fussball", "weil für dieses Angebot im Moment genug Helfer*innen da sind"),
    ("pause", "weil dieses Angebot pausiert und gerade keine neuen Helfer*innen aufnimmt"),
])
def test_filled_or_paused_offer_shows_no_form_but_says_why(built: BuildResult, slug, words):
    page = built.page(f"de/offers/{slug}/")
    assert forms_on(page) == []
    assert words in page
    assert 'href="https://portal.example.org/de/offers/">Andere Ehrenamtsangebote finden</a>' in page


def test_ended_offer_shows_no_form(built: BuildResult):
    page = built.page("de/offers/alt/")
    assert "notice--ended" in page
    assert forms_on(page) == []


def test_training_with_a_registration_form_shows_it(built: BuildResult):
    form = form_on(built, "de/trainings/grundkurs/")
    assert form.hidden()["offer"] == "grundkurs"
    assert form.hidden()["offer_title"] == "Grundkurs Ehrenamt"


def test_training_past_its_deadline_says_registration_is_closed(built: BuildResult):
    page = built.page("de/trainings/vorbei/")
    assert forms_on(page) == []
    assert "weil die Anmeldefrist abgelaufen ist" in page


def test_training_with_a_registration_link_shows_no_form(minimal_build: BuildResult):
    page = minimal_build.page("de/trainings/grundkurs/")
    assert forms_on(page) == []
    assert 'href="https://anmeldung.example.org/grundkurs"' in page


def test_page_shows_its_signup_form_and_the_one_at_the_marker_in_its_body(built: BuildResult):
    page = built.page("de/anmelden/")
    assert [f.attrs["id"] for f in forms_on(page)] == ["signup-post-1", "signup-netzwerk"]
    assert "[[form:" not in page
    body = page[page.index('class="detail__body'):page.index('<section class="signup" aria-labelledby="signup-netzwerk--title"')]
    assert body.index("Hier können Sie sich anmelden.") < body.index('<form class="signup-form" id="signup-post-1"') \
        < body.index("Danke!")
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))


def test_a_form_placed_in_the_body_is_not_repeated_after_it(built: BuildResult):
    page = built.page("de/offers/im-text/")
    assert [f.attrs["id"] for f in forms_on(page)] == ["signup-mitmachen-1"]
    main = page[page.index("<main"):]  # the head's structured data may quote the text too
    assert main.index("Vorher.") < main.index("<form") < main.index("Nachher.")


def test_donations_and_events_without_registration_have_no_form(built: BuildResult):
    assert forms_on(built.page("de/donations/winterjacken/")) == []
    assert forms_on(built.page("de/events/cafe/")) == []


def test_every_form_has_a_page_of_its_own_in_every_language(built: BuildResult):
    for form_id in ("mitmachen", "netzwerk", "post"):
        for lang in ("de", "en", "ar"):
            page = built.page(f"{lang}/forms/{form_id}/")
            assert f'<html lang="{lang}"' in page
            assert len(forms_on(page)) == 1
            assert f'<h1 id="signup-{form_id}--title">' in page
    own = form_on(built, "en/forms/mitmachen/")
    assert own.hidden()["offer"] == "" and own.hidden()["language"] == "en"
    assert '<link rel="alternate" hreflang="ar" href="https://portal.example.org/ar/forms/mitmachen/">' in \
        built.page("de/forms/mitmachen/")


# --- markup --------------------------------------------------------------------------------


def every_form(result: BuildResult) -> list[tuple[str, Form]]:
    found = []
    for html in sorted(result.output.rglob("*.html")):
        for form in forms_on(html.read_text(encoding="utf-8")):
            found.append((str(html.relative_to(result.output)), form))
    return found


def test_every_control_of_every_form_has_a_label(built: BuildResult):
    forms = every_form(built)
    assert len(forms) >= 16  # 3 forms × 3 languages, offers, trainings, pages
    for where, form in forms:
        for control in form.visible():
            if control.get("type") in ("radio", "checkbox") and control.get("name") != "consent":
                assert control["group"], f"{where}: {control['name']} is not in a fieldset with a legend"
            assert form.label_of(control), f"{where}: {control.get('name')} has no label"


def test_required_fields_are_marked_in_words_and_required_for_the_browser(built: BuildResult):
    form = form_on(built, "de/offers/sprachpaten/")
    for name in ("name", "email", "availability", "consent"):
        control = form.control(name)
        assert "required" in control
        assert form.label_of(control).endswith("(Pflichtfeld)"), form.label_of(control)
    assert all("required" in c for c in form.controls if c.get("name") == "contact_by")
    assert form.controls[[c.get("name") for c in form.controls].index("contact_by")]["group"] == \
        "Wie sollen wir Sie erreichen? (Pflichtfeld)"
    for name in ("phone", "age", "message"):
        assert "required" not in form.control(name)
        assert "Pflichtfeld" not in form.label_of(form.control(name))
    assert "Felder mit dem Hinweis (Pflichtfeld) müssen ausgefüllt werden." in form.html


def test_field_types_render_as_their_html_controls(built: BuildResult):
    form = form_on(built, "en/offers/sprachpaten/")
    kinds = {c.get("name"): (c["tag"], c.get("type")) for c in form.visible()}
    assert kinds == {
        "name": ("input", "text"), "email": ("input", "email"), "phone": ("input", "tel"),
        "age": ("input", "number"), "start": ("input", "date"), "availability": ("select", None),
        "contact_by": ("input", "radio"), "languages": ("input", "checkbox"),
        "message": ("textarea", None), "consent": ("input", "checkbox"),
    }
    assert (form.control("age")["min"], form.control("age")["max"]) == ("16", "99")
    assert form.control("start")["min"] == "2026-12-01"
    assert form.control("email")["placeholder"] == "name@beispiel.de"
    assert '<option value="">Please choose</option>' in form.html
    assert [c["value"] for c in form.controls if c.get("name") == "languages"] == ["ar", "uk"]


def test_name_email_and_phone_carry_autocomplete_tokens(built: BuildResult):
    form = form_on(built, "de/offers/sprachpaten/")
    assert form.control("name")["autocomplete"] == "name"
    assert form.control("email")["autocomplete"] == "email"
    assert form.control("phone")["autocomplete"] == "tel"
    assert "autocomplete" not in form.control("message")


def test_help_text_is_tied_to_its_field_with_aria_describedby(built: BuildResult):
    form = form_on(built, "en/offers/sprachpaten/")
    described = form.control("email")["aria-describedby"]
    assert form.texts[described] == "Only for our reply."
    group = re.search(r'<fieldset class="signup-form__group" aria-describedby="([^"]+)">\s*<legend>'
                      r'How should we reach you\?', form.html)
    assert group and "Wir richten uns danach." in form.texts[group.group(1)]
    assert "aria-describedby" not in form.control("name")


def test_consent_is_a_required_checkbox_linking_the_privacy_page_in_the_readers_language(built: BuildResult):
    english = form_on(built, "en/offers/sprachpaten/")
    consent = english.control("consent")
    assert (consent["type"], consent["value"]) == ("checkbox", "yes") and "required" in consent
    assert english.label_of(consent) == "I agree. (required)"
    privacy = english.texts[consent["aria-describedby"]]
    assert privacy == "How we handle your data: Privacy policy"
    assert 'href="https://portal.example.org/en/datenschutz/">Privacy policy</a>' in english.html
    # no Arabic translation: its Arabic page with the German text, said so in Arabic
    arabic = form_on(built, "ar/offers/sprachpaten/")
    assert ('<a href="https://portal.example.org/ar/datenschutz/" hreflang="de">سياسة الخصوصية</a> '
            '(باللغة الألمانية)') in arabic.html


def test_hidden_fields_name_the_offer_and_the_readers_language(built: BuildResult):
    hidden = form_on(built, "ar/offers/sprachpaten/").hidden()
    assert hidden["offer"] == "sprachpaten"
    assert hidden["offer_title"] == "Sprachpatenschaft"  # in the default language, for the agency
    assert hidden["language"] == "ar"


def test_honeypot_is_hidden_from_people_and_screen_readers_without_inline_style(built: BuildResult):
    form = form_on(built, "de/offers/sprachpaten/")
    traps = [c for c in form.controls if c["trap"]]
    assert len(traps) == 1
    trap = traps[0]
    assert trap["name"] == "_gotcha" and trap["tabindex"] == "-1" and trap["autocomplete"] == "off"
    assert '<div class="signup-form__trap" aria-hidden="true">' in form.html
    assert " style=" not in form.html
    css = (built.output / "theme/css/portal.css").read_text(encoding="utf-8")
    assert re.search(r"\.signup-form__trap \{[^}]*position: absolute;[^}]*inset-inline-start: -100vw", css)


# --- back-ends -------------------------------------------------------------------------------


def test_generic_backend_posts_to_the_endpoint_and_names_where_the_reader_lands_in_next(built: BuildResult):
    form = form_on(built, "en/offers/sprachpaten/")
    assert form.attrs["action"] == ENDPOINT and form.attrs["method"] == "post"
    assert "enctype" not in form.attrs
    # an offer's form leads back to the offer, which thanks the reader at #thanks
    assert form.hidden()["_next"] == "https://portal.example.org/en/offers/sprachpaten/#thanks"
    assert "data-netlify" not in form.attrs
    # a form on its own page leads to the success page in the reader's language (German text there)
    assert form_on(built, "en/forms/mitmachen/").hidden()["_next"] == "https://portal.example.org/en/danke/"


def test_netlify_backend_marks_the_form_for_netlify_with_its_honeypot(built: BuildResult):
    form = form_on(built, "de/forms/netzwerk/")
    assert form.attrs["name"] == "netzwerk"
    assert form.attrs["data-netlify"] == "true"
    assert form.attrs["netlify-honeypot"] == "bot-field"
    assert form.attrs["action"] == "https://portal.example.org/de/danke/"
    assert form.hidden()["form-name"] == "netzwerk"
    assert [c["name"] for c in form.controls if c["trap"]] == ["bot-field"]
    assert "_next" not in form.hidden()


def test_email_backend_opens_a_prepared_mail_without_a_service(built: BuildResult):
    form = form_on(built, "de/offers/lesen/")
    assert form.attrs["action"] == "mailto:anmeldung@example.org?subject=Anmeldung%20per%20E-Mail%3A%20Lesepaten"
    assert form.attrs["enctype"] == "text/plain"
    assert form.attrs["method"] == "post"
    assert not [c for c in form.controls if c["trap"]]  # only a person's mail program can send it
    assert "Beim Absenden öffnet sich Ihr E-Mail-Programm mit Ihren Angaben." in form.html


def test_offers_sharing_a_form_each_send_their_own_slug_and_title(built: BuildResult):
    lesen, kochen = form_on(built, "de/offers/lesen/"), form_on(built, "de/offers/kochen/")
    assert (lesen.hidden()["offer"], lesen.hidden()["offer_title"]) == ("lesen", "Lesepaten")
    assert (kochen.hidden()["offer"], kochen.hidden()["offer_title"]) == ("kochen", 'Kochen & "Backen" für Groß/Klein')
    assert kochen.attrs["action"] == ("mailto:anmeldung@example.org?subject=Anmeldung%20per%20E-Mail"
                                      "%3A%20Kochen%20%26%20%22Backen%22%20f%C3%BCr%20Gro%C3%9F/Klein")


def test_without_form_settings_forms_go_by_email_to_the_site_contact(minimal_build: BuildResult):
    form = form_on(minimal_build, "de/offers/sprachpaten/")
    assert form.attrs["action"] == "mailto:post@example.org?subject=Mitmachen%3A%20Sprachpatenschaft"


def test_demo_offers_and_events_post_to_the_demo_endpoint(demo_build: BuildResult):
    form = form_on(demo_build, "uk/offers/sprachcafe-helfer/")
    assert form.attrs["action"] == "https://forms.example.org/f/musterstadt"
    assert form.hidden()["language"] == "uk"
    assert form.label_of(form.control("email")) == "Адреса електронної пошти (обов’язково)"
    event = form_on(demo_build, "de/events/infoabend-ehrenamt/")  # registration: helfen
    assert (event.attrs["action"], event.hidden()["offer"]) == (form.attrs["action"], "infoabend-ehrenamt")


# --- languages -------------------------------------------------------------------------------


def test_form_speaks_the_readers_language_and_falls_back_to_german_per_label(built: BuildResult):
    form = form_on(built, "en/offers/sprachpaten/")
    assert form.label_of(form.control("email")) == "Email (required)"
    assert form.label_of(form.control("phone")) == "Telefon"
    assert '<span lang="de" dir="ltr">Telefon</span>' in form.html
    assert '<option value="weekends" lang="de">Am Wochenende</option>' in form.html
    assert '<option value="weekdays">Weekdays</option>' in form.html
    arabic = form_on(built, "ar/offers/sprachpaten/")
    assert arabic.label_of(arabic.control("name")) == "الاسم (إلزامي)"
    assert '<span lang="de" dir="ltr">E-Mail</span>' in arabic.html
    assert "<button type=\"submit\" class=\"signup-form__submit\">إرسال</button>" in arabic.html
    assert 'data-message-required="يُرجى ملء هذا الحقل."' in arabic.html


def test_script_only_rewords_messages_and_is_loaded_as_a_deferred_file(built: BuildResult):
    page = built.page("de/offers/sprachpaten/")
    assert '<script src="https://portal.example.org/theme/js/forms.js" defer></script>' in page
    assert (built.output / "theme/js/forms.js").exists()


def template_messages() -> set[str]:
    """The msgids of the forms' templates, extracted as ``plugins/portal_forms/babel.cfg`` says."""
    with open(ROOT / "plugins/portal_forms/babel.cfg", encoding="utf-8") as handle:
        method_map, _options = parse_mapping_cfg(handle)
    messages = set()
    for pattern, method in method_map:
        for path in glob.glob(str(ROOT / pattern)):
            for _line, message, _comments, _context in extract_from_file(method, path, keywords={"_": None}):
                messages.add(message)
    return messages


@pytest.mark.parametrize("lang", ["de", "ar", "fa", "uk", "ru"])
def test_forms_domain_is_fully_translated(lang):
    with open(ROOT / f"theme/translations/{lang}/LC_MESSAGES/forms.po", "rb") as handle:
        catalog = read_po(handle, locale=lang)
    translated = {m.id: m.string for m in catalog if m.id and m.string and not m.fuzzy}
    wanted = template_messages()
    assert len(wanted) > 10
    assert wanted <= set(translated), f"untranslated in {lang}: {sorted(wanted - set(translated))}"
    for message in wanted:
        assert re.findall(r"%\(\w+\)s", message) == re.findall(r"%\(\w+\)s", translated[message]), message


# --- what an editor is told -------------------------------------------------------------------


def test_the_fixture_forms_are_valid(tmp_path):
    result = forms_site(tmp_path / "site").check()
    assert result.returncode == 0, result.stderr
    assert not error_lines(result)


def extra_field(definition: str) -> tuple[str, str]:
    """An edit that adds a second field ``extra`` with ``definition`` after the fixture's one field."""
    return "required: true}\n", f"required: true}}\n  - {{name: extra, label: {{de: Extra}}, {definition}}}\n"


ABOUT = "content/pages/ueber-uns.de.md"
SENTENCE = "Wir sind die Freiwilligenagentur."

#: One edit, one error: (file, old text, new text, text on the error's line, field, words in the message).
WRONG_DEFINITIONS = [
    pytest.param(FORM, "type: email", "type: emial", "type: emial", "fields[0].type",
                 ["unknown field type 'emial'", "did you mean 'email'"], id="unknown field type, with a suggestion"),
    *[pytest.param(FORM, *extra_field(f"type: {kind}"), "name: extra", "fields[1].options",
                   [f"a {kind} field needs options"], id=f"{kind} without options")
      for kind in ("select", "radio", "checkboxes")],
    pytest.param(FORM, "privacy_page: datenschutz", "privacy_page: datenschutzerklaerung", "privacy_page:",
                 "consent.privacy_page", ["no privacy page 'datenschutzerklaerung'",
                                          "content/pages/datenschutzerklaerung.de.md", "did you mean 'datenschutz'"],
                 id="missing privacy page"),
    pytest.param(FORM, "success_page: danke", "success_page: dankeschoen", "success_page:", "success_page",
                 ["no success page 'dankeschoen'", "content/pages/dankeschoen.de.md"], id="missing success page"),
    pytest.param(FORM, "success_page: danke\n", "success_page: danke\nbackend: generic\nendpoint: ftp://f.example.org/x\n",
                 "endpoint:", "endpoint", ["must be an https:// address"], id="form endpoint not https"),
    pytest.param(FORM, "success_page: danke\n", "success_page: danke\nbackend: formspree\n", "backend:", "backend",
                 ["'formspree' is not one of: generic, netlify, email"], id="unknown back-end"),
    pytest.param(FORM, "consent: {text: {de: Ich willige ein.}, privacy_page: datenschutz}\n", "", "title:", "consent",
                 ["missing required field"], id="no consent"),
    pytest.param(FORM, "label: {de: E-Mail}", "label: {de: E-Mail, fr: Courriel}", "fr: Courriel",
                 "fields[0].label.fr", ["'fr' is not configured"], id="text in an unconfigured language"),
    pytest.param(FORM, "title: {de: Mitmachen}", "title: {en: Get involved}", "title:", "title",
                 ["no 'de' version"], id="text without the default language"),
    pytest.param(FORM, "label: {de: E-Mail}", "lable: {de: E-Mail}", "lable:", "fields[0].lable",
                 ["unknown field", "did you mean 'label'"], id="misspelt key, with a suggestion"),
    pytest.param(FORM, "{name: email,", "{name: offer,", "name: offer", "fields[0].name",
                 ["'offer' is used by the form itself"], id="a name the form uses itself"),
    pytest.param(FORM, *extra_field("type: text, options: {a: {de: A}}"), "name: extra", "fields[1].options",
                 ["options apply only to select, radio and checkboxes"], id="options on a text field"),
    pytest.param(FORM, *extra_field("type: radio, options: {a: {de: A}}, placeholder: {de: x}"), "name: extra",
                 "fields[1].placeholder", ["a radio field has no placeholder"], id="placeholder on radio buttons"),
    pytest.param(FORM, *extra_field("type: text, min: 3"), "name: extra", "fields[1].min",
                 ["min applies only to number and date fields"], id="min on a text field"),
    pytest.param(FORM, *extra_field("type: checkboxes, options: {a: {de: A}}, required: true"), "name: extra",
                 "fields[1].required", ["checkboxes cannot be required"], id="required checkboxes"),
    pytest.param(FORM, *extra_field("type: number, min: 10, max: 5"), "name: extra", "fields[1].max",
                 ["max 5 is below min 10"], id="max below min"),
    pytest.param(FORM, *extra_field("type: date, min: 2027-02-30"), "name: extra", "fields[1].min",
                 ["impossible date '2027-02-30'"], id="impossible date as min"),
    pytest.param(FORM, *extra_field("type: number, max: viele"), "name: extra", "fields[1].max",
                 ["must be a number"], id="a word as max of a number"),
    pytest.param(ABOUT, SENTENCE, f"{SENTENCE}\n\n[[form: mitmachn]]\n\n", "[[form: mitmachn]]", "body",
                 ["unknown form 'mitmachn'", "did you mean 'mitmachen'", "data/forms/mitmachn.yaml"],
                 id="marker naming an unknown form"),
    pytest.param(ABOUT, SENTENCE, f"{SENTENCE} [[form: mitmachen]]", "[[form: mitmachen]]", "body",
                 ["must stand alone on a line of its own"], id="marker inside a sentence"),
]


@pytest.mark.parametrize("path, old, new, on_line, field_name, words", WRONG_DEFINITIONS)
def test_a_wrong_form_definition_is_reported_with_file_line_and_field(site, path, old, new, on_line, field_name,
                                                                      words):
    text = edit(site, path, old, new)
    assert_error(site.check(), path, line_of(text, on_line), field_name, *words)


def test_duplicate_field_name_names_the_second_and_the_first_line(site):
    text = edit(site, FORM, "required: true}\n",
                "required: true}\n  - {name: email, type: text, label: {de: Noch mal}}\n")
    assert_error(site.check(), FORM, line_of(text, "{name: email, type: text"), "fields[1].name",
                 "'email' is used twice", f"first on line {line_of(text, '{name: email, type: email')}")


def test_a_draft_privacy_page_counts_as_missing(site):
    edit(site, "content/pages/datenschutz.de.md", "title: Datenschutz\n", "title: Datenschutz\ndraft: true\n")
    assert_error(site.check(), FORM, line_of(site.read(FORM), "privacy_page:"), "consent.privacy_page", "draft")


def with_site_forms(site: Site, block: str) -> str:
    text = site.read(SITE_YAML) + block
    site.write(SITE_YAML, text)
    return text


def test_site_endpoint_that_is_not_https_names_site_yaml_line_and_field(site):
    text = with_site_forms(site, "forms:\n  backend: generic\n  endpoint: http://forms.example.org/f/x\n")
    assert_error(site.check(), SITE_YAML, line_of(text, "endpoint:"), "forms.endpoint", "must be an https:// address")


@pytest.mark.parametrize("endpoint", ["http://localhost:8025/submit", "http://127.0.0.1:9/submit"])
def test_http_endpoint_on_this_machine_is_allowed_for_local_receivers(site, endpoint):
    with_site_forms(site, f"forms: {{backend: generic, endpoint: '{endpoint}'}}\n")
    result = site.check()
    assert result.returncode == 0, result.stderr


def test_generic_backend_without_endpoint_is_an_error_in_site_yaml(site):
    text = with_site_forms(site, "forms: {backend: generic}\n")
    assert_error(site.check(), SITE_YAML, line_of(text, "forms:"), "forms", "generic back-end needs an endpoint")


def test_email_backend_without_any_address_is_an_error(site):
    edit(site, SITE_YAML, "email: post@example.org, ", "")
    text = edit(site, FORM, "success_page: danke\n", "success_page: danke\nbackend: email\n")
    assert_error(site.check(), FORM, line_of(text, "backend:"), "backend", "email back-end needs an address")


def test_the_same_form_placed_twice_in_a_body_is_an_error(site):
    text = edit(site, ABOUT, SENTENCE, f"{SENTENCE}\n\n[[form: mitmachen]]\n\nNoch einmal:\n\n[[form: mitmachen]]\n")
    first = line_of(text, "[[form: mitmachen]]")
    assert_error(site.check(), ABOUT, first + 4, "body", f"'mitmachen' is already placed on line {first}")


def test_all_problems_of_a_form_are_listed_together(site):
    text = edit(site, FORM, "type: email", "type: emial")
    text = edit(site, FORM, "success_page: danke", "success_page: nirgends")
    text = edit(site, FORM, "privacy_page: datenschutz", "privacy_page: geheim")
    result = site.build()
    assert result.returncode != 0
    assert "3 errors found; nothing was written." in result.stderr
    assert [line.split(":")[1] for line in error_lines(result)] == [
        str(line_of(text, "type: emial")), str(line_of(text, "privacy_page:")), str(line_of(text, "success_page:"))]
    assert not (site.path / "output").exists()
