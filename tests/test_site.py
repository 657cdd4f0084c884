"""What a reader sees on a built site: languages, listings, details, time."""

from __future__ import annotations

import re

import pytest

from conftest import BuildResult


def main_of(html: str) -> str:
    return html[html.index("<main"): html.index("</main>")]


def test_every_language_gets_home_listings_and_404(minimal_build: BuildResult):
    for lang in ("de", "en", "ar"):
        for path in ("", "offers/", "trainings/", "events/", "events/archive/", "donations/",
                     "links/", "partners/", "404.html"):
            assert minimal_build.exists(f"{lang}/{path}"), f"{lang}/{path} missing"
    assert minimal_build.exists("index.html")
    assert minimal_build.exists("404.html")


@pytest.mark.parametrize("lang, direction", [("de", "ltr"), ("en", "ltr"), ("ar", "rtl")])
def test_html_element_carries_language_and_direction(minimal_build: BuildResult, lang, direction):
    for path in (f"{lang}/", f"{lang}/offers/", f"{lang}/offers/sprachpaten/"):
        assert f'<html lang="{lang}" dir="{direction}">' in minimal_build.page(path)


def test_language_switcher_links_same_item_in_every_language(minimal_build: BuildResult):
    page = minimal_build.page("de/events/cafe/")
    switcher = page[page.index('class="language-switcher'):page.index("</nav>")]
    assert 'href="/en/events/cafe/" lang="en"' in switcher
    # the café has no Arabic translation: the switcher leads to its page for Arabic readers
    assert 'href="/ar/events/cafe/" lang="ar" hreflang="ar" dir="rtl">العربية</a>' in switcher
    assert 'aria-current="true">Deutsch</a>' in switcher


def test_alternate_links_name_every_translation(minimal_build: BuildResult):
    page = minimal_build.page("en/offers/sprachpaten/")
    for lang in ("de", "en", "ar"):
        assert f'<link rel="alternate" hreflang="{lang}" href="/{lang}/offers/sprachpaten/">' in page
    assert '<link rel="alternate" hreflang="x-default" href="/">' in page
    cafe = minimal_build.page("de/events/cafe/")
    assert 'hreflang="ar"' not in cafe.split("</head>")[0]


def footer_of(html: str) -> str:
    return html[html.index('<footer class="site-footer"'): html.index("</footer>")]


def test_the_footer_is_in_the_pages_language_on_every_kind_of_page(minimal_build: BuildResult):
    # rendered once per language (portal_engine/fragments.py): each language's pages show its own
    footers = {lang: {footer_of(minimal_build.page(path)) for path in (
                   f"{lang}/", f"{lang}/offers/", f"{lang}/offers/sprachpaten/", f"{lang}/events/cafe/", f"{lang}/links/", f"{lang}/404.html")}
               for lang in ("de", "en", "ar")}
    assert all(len(found) == 1 for found in footers.values()), footers
    de, en, ar = (found.pop() for found in footers.values())
    assert "<h2>Kontakt</h2>" in de and 'href="/de/datenschutz/">Datenschutz</a>' in de
    assert "<h2>Contact</h2>" in en and 'href="/en/datenschutz/">Privacy</a>' in en
    assert 'href="/ar/partners/"' in ar and ar not in (de, en)


def test_the_menu_marks_the_page_it_leads_to_and_nothing_elsewhere(minimal_build: BuildResult):
    # the menu is rendered once per language and marked link (portal_engine/fragments.py)
    def marked(path: str) -> list[str]:
        page = minimal_build.page(path)
        menu = page[page.index('<nav class="main-nav'):]
        return re.findall(r'<a href="([^"]+)" aria-current="page"', menu[:menu.index("</nav>")])

    assert marked("de/offers/") == ["/de/offers/"]
    assert marked("en/offers/") == ["/en/offers/"]
    assert marked("de/events/") == ["/de/events/"]
    assert marked("de/offers/sprachpaten/") == [] and marked("de/") == []


def test_untranslated_item_listed_in_source_language_and_marked(minimal_build: BuildResult):
    listing = main_of(minimal_build.page("en/offers/"))
    card = re.search(r'<article class="card card--offers[^"]* card--untranslated">.*?</article>', listing, re.S)
    assert card, "the German-only offer is not marked in the English listing"
    assert '<h2 class="card__title" lang="de" dir="ltr"><a href="/en/offers/fussball/">' in card.group(0)
    assert "Only in German" in card.group(0)


def test_translation_inherits_structured_fields_from_source(minimal_build: BuildResult):
    page = main_of(minimal_build.page("en/offers/sprachpaten/"))
    assert "Language buddy" in page
    assert "Wednesdays 5–6 pm" in page                      # translated free text
    assert 'href="mailto:erika@example.org"' in page         # contact from the source
    assert 'href="tel:+49307654321"' in page
    assert "Certificate of good conduct" in page             # requirement label in English
    assert "Arabic and Persian" in page                     # languages that help, in English
    assert "Town hall" in page and "Mon–Fri 9am–4pm" in page  # place with opening hours


def test_data_text_falls_back_to_default_language_marked(minimal_build: BuildResult):
    page = main_of(minimal_build.page("en/offers/sprachpaten/"))
    assert '<span lang="de" dir="ltr">Rampe am Seiteneingang</span>' in page


def test_markdown_links_point_to_the_linked_items_page(minimal_build: BuildResult):
    assert 'href="/en/events/cafe/"' in main_of(minimal_build.page("en/offers/sprachpaten/"))
    about = main_of(minimal_build.page("de/ueber-uns/"))
    assert 'href="/de/datenschutz/"' in about
    assert 'href="/materials/wortliste.txt"' in about


def test_offer_status_in_words(minimal_build: BuildResult):
    assert "Open: helpers wanted" in minimal_build.page("en/offers/sprachpaten/")
    listing = main_of(minimal_build.page("en/offers/"))
    assert "Filled" in listing


def test_expired_offer_leaves_listings_and_says_it_ended(minimal_build: BuildResult):
    for lang in ("de", "en", "ar"):
        assert "/de/offers/alt/" not in minimal_build.page(f"{lang}/offers/")
        assert "/de/offers/alt/" not in minimal_build.page(f"{lang}/")
    page = minimal_build.page("de/offers/alt/")
    assert 'class="notice notice--ended"' in page


def test_recurring_event_listed_at_next_date_skipping_exdates(minimal_build: BuildResult):
    listing = main_of(minimal_build.page("en/events/"))
    # today is Thursday 2026-11-26; the next Tuesday is December 1
    assert 'datetime="2026-12-01T16:00:00+01:00"' in listing
    page = main_of(minimal_build.page("de/events/cafe/"))
    dates = re.findall(r'datetime="([^"]+)"', page)
    assert dates[:5] == [
        "2026-12-01T16:00:00+01:00", "2026-12-08T16:00:00+01:00", "2026-12-15T16:00:00+01:00",
        "2027-01-05T16:00:00+01:00", "2027-01-12T16:00:00+01:00",
    ]
    assert "22. Dezember 2026" in page  # named as a day without the café


def test_recurring_event_keeps_local_time_across_summer_time(site):
    result = site.build(env={"SOURCE_DATE_EPOCH": "1792368000"})  # 2026-10-19
    assert result.returncode == 0, result.stderr
    page = result.page("de/events/cafe/")
    # the last Tuesday in summer time, then winter time (from October 25): still 16:00 local
    assert 'datetime="2026-10-20T16:00:00+02:00"' in page
    assert 'datetime="2026-10-27T16:00:00+01:00"' in page


def test_past_event_moves_to_archive(minimal_build: BuildResult):
    assert "/de/events/sommerfest/" not in minimal_build.page("de/events/")
    assert "/de/events/sommerfest/" in minimal_build.page("de/events/archive/")
    assert 'class="notice notice--ended"' in minimal_build.page("de/events/sommerfest/")


def test_archive_of_many_past_events_comes_in_pages_of_24_the_latest_first(site):
    for day in range(1, 26):  # 25 events in January 2026, besides the fixture's two from the summer and autumn
        site.write(f"content/events/fest-{day:02d}.de.md",
                   f"---\ntitle: Fest {day}\nstart: 2026-01-{day:02d}\n---\nVorbei.\n")
    result = site.build()
    assert result.returncode == 0, result.stderr
    first, second = result.page("de/events/archive/"), result.page("de/events/archive/page/2/")
    assert first.count('<article class="card') == 24 and second.count('<article class="card') == 3
    assert first.index("/de/events/herbstnacht/") < first.index("/de/events/sommerfest/") < first.index(
        "/de/events/fest-25/")
    assert "/de/events/fest-04/" in first and "/de/events/fest-03/" not in first
    assert all(f"/de/events/fest-0{day}/" in second for day in (1, 2, 3))
    assert 'href="/de/events/archive/page/2/" rel="next"' in first
    assert "<title>Vergangene Veranstaltungen – Seite 2 – " in second


def test_event_across_summer_time_switch_shows_wall_clock_times(minimal_build: BuildResult):
    page = main_of(minimal_build.page("de/events/nachtlauf/"))
    assert 'datetime="2027-03-27T22:00:00+01:00"' in page
    assert "22:00" in page and "04:00" in page


def test_source_date_epoch_fixes_today(site):
    later = site.build(env={"SOURCE_DATE_EPOCH": "1830297600"})  # 2028-01-01
    assert later.returncode == 0, later.stderr
    assert "/de/events/cafe/" not in later.page("de/events/")
    assert "/de/events/cafe/" in later.page("de/events/archive/")
    assert "/de/trainings/grundkurs/" not in later.page("de/trainings/")


def test_trainings_show_deadline_and_seats(minimal_build: BuildResult):
    listing = main_of(minimal_build.page("en/trainings/"))
    assert "Register by 10 January 2027" in listing
    assert "12 seats" in listing
    page = main_of(minimal_build.page("de/trainings/grundkurs/"))
    assert 'href="https://anmeldung.example.org/grundkurs" rel="noopener"' in page


def test_donations_urgent_first_with_needed_and_where_to_bring(minimal_build: BuildResult):
    home = main_of(minimal_build.page("en/"))
    assert "Winter coats wanted" in home
    page = main_of(minimal_build.page("en/donations/winterjacken/"))
    assert "<li>Winter coats</li>" in page and "<li>Summer clothes</li>" in page
    assert "Mon–Fri 9am–4pm" in page and "Marktplatz 1" in page


def test_links_page_shows_languages_and_copies_materials(minimal_build: BuildResult):
    page = main_of(minimal_build.page("en/links/"))
    assert 'href="https://kurse.example.org" rel="noopener"' in page
    assert "Languages: German and Arabic" in page
    assert 'href="/materials/wortliste.txt" download' in page
    assert (minimal_build.output / "materials" / "wortliste.txt").exists()


def test_partners_grouped_by_kind_with_contact(minimal_build: BuildResult):
    page = main_of(minimal_build.page("en/partners/"))
    assert page.index("Volunteer agency") < page.index("Freiwilligenagentur Beispielheim")
    assert "Migrant organisations" in page and "Beispielheim Sports Club" in page
    assert 'href="mailto:info@example.org"' in page


def test_dates_are_formatted_per_locale(minimal_build: BuildResult):
    assert "1. Dezember 2026" in minimal_build.page("de/events/")
    assert "1 December 2026" in minimal_build.page("en/events/")
    assert "ديسمبر" in minimal_build.page("ar/events/")


def test_root_offers_every_language_by_native_name(minimal_build: BuildResult):
    page = minimal_build.page("")
    for lang, name in (("de", "Deutsch"), ("en", "English"), ("ar", "العربية")):
        assert re.search(rf'<li lang="{lang}" dir="(ltr|rtl)"><a href="/{lang}/" hreflang="{lang}">'
                         rf'<span class="language-choice__name">{name}</span>', page)
    assert "الوصول إلى بايشبيلهايم" in page


def test_no_inline_scripts_or_styles(minimal_build: BuildResult):
    for html in minimal_build.output.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        # scripts only as files (src, nothing inside), as the CSP demands; JSON-LD is
        # data, not script, and the only inline script element allowed
        for tag, body in re.findall(r"(<script\b[^>]*>)(.*?)</script>", text, re.S):
            assert 'src="' in tag and not body.strip() or tag == '<script type="application/ld+json">', html
        assert "<style" not in text and " style=" not in text, html


def test_site_under_a_sub_path(site):
    result = site.build(env={"SITEURL": "/portal"})
    assert result.returncode == 0, result.stderr
    page = result.page("de/offers/sprachpaten/")
    assert 'href="/portal/theme/css/portal.css"' in page
    assert 'href="/portal/en/offers/sprachpaten/"' in page
    assert 'href="/portal/de/offers/"' in page
    assert not re.search(r'(href|src)="/(?!portal/)', page)


def test_draft_is_not_published(site):
    site.write("content/offers/entwurf.de.md",
               "---\ntitle: Entwurf\norganisation: agentur\nareas: [sprache]\ndraft: true\n---\nNoch nicht fertig.\n")
    result = site.build()
    assert result.returncode == 0, result.stderr
    assert not result.exists("de/offers/entwurf/")
    assert "Entwurf" not in result.page("de/offers/")


def test_titles_and_data_texts_are_escaped_not_markup(site):
    site.write("content/offers/fussball.de.md", site.read("content/offers/fussball.de.md")
               .replace("title: Fußballtraining begleiten", 'title: "Kicken <b>& Spaß</b>"'))
    result = site.build()
    assert result.returncode == 0, result.stderr
    page = result.page("de/offers/fussball/")
    assert "<h1>Kicken &lt;b&gt;&amp; Spaß&lt;/b&gt;</h1>" in page


def test_lists_use_the_locales_conjunction(minimal_build: BuildResult):
    assert "Arabisch und Persisch" in minimal_build.page("de/offers/sprachpaten/")
    assert "العربية والفارسية" in minimal_build.page("ar/offers/sprachpaten/")


def test_training_without_seats_or_deadline_builds(site):
    site.write("content/trainings/offen.de.md",
               "---\ntitle: Offener Austausch\nstart: 2027-02-01T18:00\n---\nOhne Anmeldung.\n")
    result = site.build()
    assert result.returncode == 0, result.stderr
    page = result.page("de/trainings/offen/")
    assert "Plätze" not in page and "Seats" not in page
