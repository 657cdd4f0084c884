"""Listings that answer a question: each item once, filters as pages, pages of 24, and "when".

Build tests on the demo and on a copy of the minimal fixture with generated items
(more than 24 of each type); the browser tests are in test_listings_browser.py.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from conftest import BuildResult
from test_validation import assert_error, edit, line_of

BERLIN = ZoneInfo("Europe/Berlin")
OFFER = "content/offers/sprachpaten.de.md"


def card_links(page: str) -> list[str]:
    """The items a listing page shows, by the link on each card's title."""
    return re.findall(r'<h2 class="card__title"[^>]*><a href="([^"]+)"', page)


def title(page: str) -> str:
    return re.search(r"<title>(.*?)</title>", page).group(1)


# --- the generated fixture: 30 items of each type -------------------------------------------

TIMES = ("weekday-mornings", "weekday-afternoons", "weekday-evenings", "weekends", "flexible")


def generate_items(site, count: int = 30) -> None:
    """``count`` offers, events, trainings and donations with varied filter values (today is
    Thursday, 26 November 2026, in the fixture's builds)."""
    for i in range(count):
        district = "mitte" if i % 2 else "nord"
        site.write(f"content/offers/gen-{i:02d}.de.md", (
            f"---\ntitle: Angebot {i:02d}\norganisation: agentur\nareas: [{'sprache' if i % 3 else 'sport'}]\n"
            f"district: {district}\ntimes: [{TIMES[i % 5]}]\nlanguages: [{'ar' if i % 4 else 'fa'}]\n"
            f"commitment: {'regular' if i % 2 else 'once'}\nstatus: {'paused' if i == 29 else 'open'}\n---\nText.\n"))
        day = ["2026-11-26T18:00", "2026-11-28T10:00", "2026-12-15T14:00"][i % 3]
        site.write(f"content/events/gen-{i:02d}.de.md", (
            f"---\ntitle: Veranstaltung {i:02d}\nstart: {day}\norganisation: agentur\nareas: [sprache]\n"
            f"district: {district}\ncost: {'kostenlos' if i % 2 else '5 €'}\n---\nText.\n"))
        month = ["2026-12-03T10:00", "2027-01-14T18:00"][i % 2]
        site.write(f"content/trainings/gen-{i:02d}.de.md", (
            f"---\ntitle: Fortbildung {i:02d}\nstart: {month}\norganisation: agentur\naudience: [alle]\n"
            f"cost: {'kostenlos' if i % 3 == 0 else '10 €'}\n---\nText.\n"))
        site.write(f"content/donations/gen-{i:02d}.de.md", (
            f"---\ntitle: Spende {i:02d}\nkind: {'goods' if i % 2 else 'money'}\ndrop_off: rathaus\n"
            f"urgent: {'true' if i % 5 == 0 else 'false'}\n---\nText.\n"))
    taxonomies = site.read("data/taxonomies.yaml").replace(
        "  mitte: {de: Mitte, en: Centre}\n", "  mitte: {de: Mitte, en: Centre}\n  nord: {de: Nord, en: North}\n")
    site.write("data/taxonomies.yaml", taxonomies)


# --- each item once -----------------------------------------------------------------------------


def test_offers_listing_shows_each_current_offer_once(demo_build: BuildResult):
    links = card_links(demo_build.page("de/offers/"))
    assert len(links) == len(set(links)) == 13  # the demo's 13 current offers, each once
    assert "/de/offers/fahrradwerkstatt/" in links


def test_filled_and_paused_offers_are_listed_marked_and_left_out_by_open_only(demo_build: BuildResult):
    listing = demo_build.page("en/offers/")
    assert "/en/offers/fussball-training/" in card_links(listing)  # status: filled
    assert 'badge--filled' in listing and 'badge--paused' in listing
    open_only = demo_build.page("en/offers/status/open/")
    assert "/en/offers/fussball-training/" not in card_links(open_only)
    assert "/en/offers/wohnungssuche-paten/" not in card_links(open_only)  # status: paused
    assert len(card_links(open_only)) == 11


# --- filters as pages -------------------------------------------------------------------------


def test_a_district_page_lists_exactly_the_offers_in_that_district_with_its_own_title(demo_build: BuildResult):
    page = demo_build.page("de/offers/district/nordviertel/")
    assert sorted(card_links(page)) == [
        "/de/offers/gartenprojekt-nordviertel/", "/de/offers/kinderbetreuung-sprachkurs/",
        "/de/offers/kleiderkammer-sortieren/"]
    assert title(page).startswith("Nordviertel – ")
    assert "3 Angebote" in page
    assert 'href="/de/offers/district/nordviertel/" data-filter="district" data-value="nordviertel" ' \
           'aria-current="page"' in page


def test_when_pages_list_the_offers_needing_help_at_that_time_in_every_language(demo_build: BuildResult):
    weekends = card_links(demo_build.page("fa/offers/when/weekends/"))
    assert sorted(link.rsplit("/", 2)[-2] for link in weekends) == [
        "fahrradwerkstatt", "gartenprojekt-nordviertel", "lesepaten-bibliothek"]
    assert "آخر هفته‌ها" in title(demo_build.page("fa/offers/when/weekends/"))


def test_the_listing_links_every_filter_value_as_a_chip(demo_build: BuildResult):
    listing = demo_build.page("de/offers/")
    for path in ("district/nordviertel", "when/weekends", "language/fa", "commitment/once",
                 "requirements/none", "status/open", "area/sprache"):
        assert f'href="/de/offers/{path}/"' in listing, path
        assert (demo_build.output / "de/offers" / path / "index.html").is_file(), path


def test_filter_pages_are_in_the_sitemap(demo_build: BuildResult):
    sitemap = (demo_build.output / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>/ar/offers/when/weekends/</loc>" in sitemap
    assert 'hreflang="fa" href="/fa/offers/district/nordviertel/"' in sitemap
    assert "<loc>/de/trainings/cost/free/</loc>" in sitemap
    assert "items.json" not in sitemap


def test_every_type_has_its_filters_as_pages(many_build: BuildResult):
    for path in ("offers/area/sport", "offers/when/weekday-evenings", "offers/language/fa",
                 "events/date/today", "events/date/weekend", "events/date/week", "events/date/month",
                 "events/district/nord", "events/cost/free", "events/when/weekends",
                 "trainings/audience/alle", "trainings/month/2027-01", "trainings/cost/free",
                 "donations/kind/goods", "donations/drop-off/rathaus", "donations/need/urgent"):
        assert (many_build.output / "de" / path / "index.html").is_file(), path
    today = card_links(many_build.page("de/events/date/today/"))
    assert today and all(int(link.split("gen-")[1][:2]) % 3 == 0 for link in today if "gen-" in link)
    weekend = card_links(many_build.page("de/events/date/weekend/"))
    assert len([link for link in weekend if "gen-" in link]) == 10
    january = many_build.page("de/trainings/month/2027-01/")
    assert "Januar 2027" in title(january)
    assert len([link for link in card_links(january) if "gen-" in link]) == 15


# --- pages of 24 --------------------------------------------------------------------------------


def test_long_listings_come_in_numbered_pages_of_24(many_build: BuildResult):
    for kind in ("offers", "events", "trainings", "donations"):
        first, second = many_build.page(f"de/{kind}/"), many_build.page(f"de/{kind}/page/2/")
        assert len(card_links(first)) == 24, kind
        assert 1 <= len(card_links(second)) <= 24 and not set(card_links(first)) & set(card_links(second))
        assert f'href="/de/{kind}/page/2/" rel="next"' in first
        assert f'href="/de/{kind}/" rel="prev"' in second
        assert "Seite 2" in title(second)
        assert not (many_build.output / f"de/{kind}/page/1").exists()


def test_a_filter_page_with_more_than_24_items_is_paged_too(many_build: BuildResult):
    # 29 generated offers and the fixture's "sprachpaten" are open: 24 on the first page, 6 on the second
    assert len(card_links(many_build.page("de/offers/status/open/"))) == 24
    assert len(card_links(many_build.page("de/offers/status/open/page/2/"))) == 6
    assert len(card_links(many_build.page("de/offers/district/mitte/"))) == 16


def chips_marked_current(page: str) -> list[str]:
    """The chips a listing page marks as the one it shows (``aria-current``)."""
    return re.findall(r'<a class="chip" href="([^"]+)"[^>]*aria-current="page"', page)


def test_every_page_of_a_listing_marks_its_own_filter_value_and_no_other(many_build: BuildResult):
    # the chips are rendered once per listing and value (portal_engine/fragments.py): no page
    # may show another listing's marks, its "Show all", or another language's labels
    assert chips_marked_current(many_build.page("de/offers/")) == []
    assert chips_marked_current(many_build.page("de/offers/page/2/")) == []
    assert '<button type="button" class="filters__all" data-reset hidden>' in many_build.page("de/offers/page/2/")
    for page in ("de/offers/status/open/", "de/offers/status/open/page/2/"):
        assert chips_marked_current(many_build.page(page)) == ["/de/offers/status/open/"], page
        assert '<a class="filters__all" href="/de/offers/" data-reset>' in many_build.page(page)
    assert chips_marked_current(many_build.page("de/offers/district/mitte/")) == ["/de/offers/district/mitte/"]
    assert chips_marked_current(many_build.page("en/offers/district/mitte/")) == ["/en/offers/district/mitte/"]
    assert ">Centre <" in many_build.page("en/offers/") and ">Mitte <" in many_build.page("de/offers/")


# --- the script's data ---------------------------------------------------------------------------


def test_the_data_file_holds_every_listed_item_with_its_filter_values_and_card(many_build: BuildResult):
    data = json.loads((many_build.output / "ar/offers/items.json").read_text(encoding="utf-8"))
    assert data["size"] == 24
    assert len(data["items"]) == 32  # 30 generated + the fixture's two current offers
    assert len(data["counts"]) == 33
    first = next(item for item in data["items"] if "gen-00" in item["h"])
    assert first["f"]["district"] == ["nord"] and first["f"]["when"] == ["weekday-mornings"]
    assert first["f"]["language"] == ["fa"]
    assert first["h"].startswith('<article class="card')


# --- "when" ---------------------------------------------------------------------------------------


def test_an_unknown_time_is_an_editor_error_with_file_line_and_field(site):
    text = edit(site, OFFER, "status: open\n", "status: open\ntimes: [weekends, sundays]\n")
    result = site.build()
    assert_error(result, OFFER, line_of(text, "times:"), "times", "unknown", "sundays")


def test_times_belong_to_the_source_and_a_translation_inherits_them(site):
    edit(site, OFFER, "status: open\n", "status: open\ntimes: [weekends]\n")
    result = site.build()
    assert result.returncode == 0, result.stderr
    assert "/ar/offers/sprachpaten/" in card_links(result.page("ar/offers/when/weekends/"))
    text = edit(site, "content/offers/sprachpaten.ar.md", "---\ntitle:", "---\ntimes: [flexible]\ntitle:")
    result = site.build()
    assert_error(result, "content/offers/sprachpaten.ar.md", line_of(text, "times:"), "times")


@pytest.mark.parametrize("start, hours, expected", [
    ("2026-12-01T09:00", 2, {"weekday-mornings"}),
    ("2026-12-01T11:00", 2, {"weekday-mornings", "weekday-afternoons"}),
    ("2026-12-01T16:00", 2, {"weekday-afternoons", "weekday-evenings"}),
    ("2026-12-01T17:00", 2, {"weekday-evenings"}),
    ("2026-12-05T10:00", 3, {"weekends"}),
])
def test_events_get_their_when_from_their_local_dates(start, hours, expected):
    from portal_content import Occurrence
    from portal_site.filters import times_of

    begin = datetime.fromisoformat(start).replace(tzinfo=BERLIN)
    assert times_of([Occurrence(begin, begin + timedelta(hours=hours), False)]) == expected
