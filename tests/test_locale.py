"""Readers stay in their locale: isolated names, German postal order, one digit system
per language, the 24-hour clock and British English dates (portal_i18n/formatting.py)."""

from __future__ import annotations

import re

import pytest

from conftest import BuildResult

LANGUAGES = ("de", "en", "ar", "fa", "uk", "ru")
LATIN_DIGIT = re.compile(r"[0-9]")
PERSIAN_DIGIT = re.compile("[\u06f0-\u06f9]")
ARABIC_INDIC_DIGIT = re.compile("[\u0660-\u0669]")


def times_of(html: str) -> list[str]:
    """The texts of every <time> element of the page's main content."""
    main = html[html.index("<main"):html.index("</main>")]
    return re.findall(r"<time [^>]*>([^<]+)</time>", main)


def footer_of(html: str) -> str:
    return html[html.index("<footer"):html.index("</footer>")]


@pytest.mark.parametrize("lang", ["ar", "fa"])
def test_german_organisation_name_in_a_right_to_left_footer_is_isolated(demo_build: BuildResult, lang):
    footer = footer_of(demo_build.page(f"{lang}/"))
    assert "<p><bdi>FreiwilligenAgentur Musterstadt e.V.</bdi></p>" in footer
    assert '<span dir="ltr" translate="no">Brunnengasse 4, 06108 Musterstadt</span>' in footer


@pytest.mark.parametrize("lang", LANGUAGES)
def test_addresses_are_in_german_postal_order_in_every_language(demo_build: BuildResult, lang):
    place = demo_build.page(f"{lang}/events/kochabend-international/")
    assert ('<p class="place__address"><span dir="ltr" translate="no">Kirchplatz 4</span><br>'
            '<span dir="ltr" translate="no">06114 Musterstadt</span></p>') in place
    partners = demo_build.page(f"{lang}/partners/")
    assert '<span dir="ltr" translate="no">Brunnengasse 4, 06108 Musterstadt</span>' in partners


def test_farsi_writes_generated_numbers_in_persian_digits(demo_build: BuildResult):
    events = times_of(demo_build.page("fa/events/"))
    assert events and all(PERSIAN_DIGIT.search(t) and not LATIN_DIGIT.search(t) for t in events), events
    assert "۱۶:۰۰" in demo_build.page("fa/events/sprachcafe/")
    home = demo_build.page("fa/")
    counts = re.findall(r'<span class="count">\(([^)]+)\)</span>', home)
    assert counts and all(PERSIAN_DIGIT.search(c) and not LATIN_DIGIT.search(c) for c in counts), counts


def test_farsi_phone_numbers_postcodes_and_house_numbers_keep_the_digits_people_dial(demo_build: BuildResult):
    footer = footer_of(demo_build.page("fa/"))
    assert ">+49 345 555 0100</a>" in footer
    assert "Brunnengasse 4, 06108 Musterstadt" in footer
    assert "06114 Musterstadt" in demo_build.page("fa/events/kochabend-international/")


def test_arabic_writes_generated_numbers_in_latin_digits_as_in_babels_ar_locale(demo_build: BuildResult):
    events = times_of(demo_build.page("ar/events/"))
    assert events and all(LATIN_DIGIT.search(t) and not ARABIC_INDIC_DIGIT.search(t) for t in events), events
    assert "ديسمبر 2026" in demo_build.page("ar/events/")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_times_are_on_the_24_hour_clock_in_every_language(demo_build: BuildResult, lang):
    page = demo_build.page(f"{lang}/events/sprachcafe/")
    shown = " ".join(times_of(page))
    digits = str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")
    assert "16:00" in shown.translate(digits), shown  # the café runs 16:00–18:00, not 4–6 pm
    assert not re.search(r"\b(AM|PM|am|pm)\b|\b[مص]\b|ق\.ظ|ب\.ظ", shown), shown


def test_english_dates_are_british(demo_build: BuildResult):
    events = " ".join(times_of(demo_build.page("en/events/")))
    assert "Tuesday, 1 December 2026, 16:00–18:00" in events
    assert "December 1" not in events


def test_search_results_carry_the_time_as_lists_write_it(demo_build: BuildResult):
    """The search page shows a result's date from this meta, so Arabic results read 16:00, not 4:00 م."""
    page = demo_build.page("ar/events/sprachcafe/")
    when = re.search(r'<meta name="search-when" data-pagefind-meta="when\[content\]" content="([^"]+)">', page)
    assert when and when.group(1) in times_of(demo_build.page("ar/events/"))
    assert "16:00–18:00" in when.group(1)


def test_a_configured_locale_decides_how_a_language_writes_dates(site):
    site_yaml = site.read("data/site.yaml").replace(
        "{code: en, name: English, direction: ltr}", "{code: en, name: English, direction: ltr, locale: en-US}")
    site.write("data/site.yaml", site_yaml)
    result = site.build()
    assert result.returncode == 0, result.stderr
    page = result.page("en/events/")
    assert '<html lang="en" dir="ltr">' in page  # the language code stays en
    assert "Tuesday, December 1, 2026, 16:00\u2009–\u200918:00" in " ".join(times_of(page))


def test_a_locale_without_data_is_an_editor_error_with_its_line(site):
    site_yaml = site.read("data/site.yaml").replace(
        "{code: en, name: English, direction: ltr}", "{code: en, name: English, direction: ltr, locale: xx-YY}")
    site.write("data/site.yaml", site_yaml)
    line = next(n for n, text in enumerate(site_yaml.splitlines(), 1) if "xx-YY" in text)
    result = site.check()
    assert result.returncode != 0
    assert f"data/site.yaml:{line}: languages.locale: no locale data for 'xx-YY'" in result.stderr + result.stdout
