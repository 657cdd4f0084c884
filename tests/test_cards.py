"""Cards in listings say what a reader decides by: status, when, who, where, which
languages help; the next date of events and trainings; "urgent" for donations."""

from __future__ import annotations

import re

from conftest import BuildResult


ICON = re.compile(r'<svg class="icon" aria-hidden="true" focusable="false"><use href="/theme/icons.svg#[a-z-]+"></use></svg>')


def card(html: str, href: str, icons: bool = False) -> str:
    """The first card in ``html`` whose title links to ``href`` (its icons left out unless ``icons``)."""
    for found in re.findall(r'<article class="card[^"]*">.*?</article>', html, re.S):
        if f'<a href="{href}">' in found:
            return found if icons else ICON.sub("", found)
    raise AssertionError(f"no card links to {href}")


def facts(card_html: str) -> list[str]:
    """The card's facts as a reader reads them, tags stripped."""
    items = re.findall(r"<li[^>]*>(.*?)</li>", card_html, re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", item)).strip() for item in items]


def test_offer_card_says_when_who_where_and_which_languages_help(minimal_build: BuildResult):
    offer = card(minimal_build.page("en/offers/"), "/en/offers/sprachpaten/")
    assert facts(offer) == ["Wednesdays 5–6 pm", "Freiwilligenagentur Beispielheim", "Centre",
                            "Languages that help: العربية · فارسی", "Regular"]
    # each language in its own name, marked, so a reader spots their own
    assert '<span lang="ar" dir="rtl">العربية</span> · <span lang="fa" dir="rtl">فارسی</span>' in offer
    assert '<li class="card__when">Wednesdays 5–6 pm</li>' in offer
    assert "Practise German once a week." in offer


def test_each_fact_on_a_card_has_an_icon_from_the_sprite_beside_its_text_hidden_from_screen_readers(
        minimal_build: BuildResult):
    offer = card(minimal_build.page("en/offers/"), "/en/offers/sprachpaten/", icons=True)
    icons = {fact: re.findall(r'icons\.svg#([a-z-]+)', item)
             for fact, item in zip(facts(offer), re.findall(r"<li[^>]*>(.*?)</li>", offer, re.S))}
    assert icons == {"Wednesdays 5–6 pm": ["clock"], "Freiwilligenagentur Beispielheim": ["organisation"],
                     "Centre": ["place"], "Languages that help: العربية · فارسی": ["languages"],
                     "Regular": ["commitment"]}
    assert len(ICON.findall(offer)) == 5  # every icon aria-hidden, none focusable
    sprite = (minimal_build.output / "theme" / "icons.svg").read_text(encoding="utf-8")
    assert all(f'<symbol id="{name}"' in sprite for names in icons.values() for name in names)


def test_open_offer_card_has_no_badge_and_a_filled_one_is_marked(minimal_build: BuildResult):
    listing = minimal_build.page("de/offers/")
    assert "badge" not in card(listing, "/de/offers/sprachpaten/")
    filled = card(listing, "/de/offers/fussball/")
    assert 'class="card card--offers card--filled"' in filled
    assert '<li class="badge badge--filled">Besetzt</li>' in filled


def test_untranslated_offer_card_marks_its_german_schedule(demo_build: BuildResult):
    offer = card(demo_build.page("fa/offers/"), "/fa/offers/fahrradwerkstatt/")
    assert '<li class="card__when" lang="de" dir="ltr">samstags 10–13 Uhr</li>' in offer
    assert "زبان‌های مفید: Deutsch · English · العربية · فارسی" in facts(offer)  # label in Farsi


def test_a_helping_language_the_site_does_not_offer_is_named_in_itself(site):
    site.write("content/offers/sprachpaten.de.md", site.read("content/offers/sprachpaten.de.md")
               .replace("languages: [ar, fa]", "languages: [ps, ti]"))
    result = site.build()
    assert result.returncode == 0, result.stderr
    offer = card(result.page("de/offers/"), "/de/offers/sprachpaten/")
    assert '<span lang="ps" dir="rtl">پښتو</span> · <span lang="ti" dir="ltr">ትግርኛ</span>' in offer


def test_event_card_shows_its_next_date_organisation_and_place(minimal_build: BuildResult):
    event = card(minimal_build.page("de/events/"), "/de/events/cafe/")
    assert '<li class="card__when"><time datetime="2026-12-01T16:00:00+01:00">' in event
    assert "Freiwilligenagentur Beispielheim" in event
    assert '<li class="card__district">' in event and "Rathaus" in event


def test_training_card_shows_its_date_deadline_and_seats(minimal_build: BuildResult):
    training = card(minimal_build.page("en/trainings/"), "/en/trainings/grundkurs/")
    assert '<li class="card__when"><time datetime="2027-01-16T10:00:00+01:00">' in training
    assert "12 seats" in training and "Register by" in training


def test_urgent_donation_card_says_urgent(minimal_build: BuildResult):
    donation = card(minimal_build.page("en/donations/"), "/en/donations/winterjacken/")
    assert "card--urgent" in donation
    assert facts(donation)[0] == "Urgently needed"


def test_offer_cards_stay_compact_on_a_360px_phone(browser, demo_server):
    """Each card fits well within one screen (at most 60 % of 800 px), in LTR and RTL."""
    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    for lang in ("de", "ar", "fa", "uk"):
        page.goto(f"{demo_server}/{lang}/offers/")
        heights = page.evaluate("[...document.querySelectorAll('article.card')].map(e => e.offsetHeight)")
        assert heights and max(heights) <= 480, f"{lang}: a card is {max(heights)} px tall"
        assert page.evaluate("document.documentElement.scrollWidth - innerWidth") <= 0, lang
    context.close()
