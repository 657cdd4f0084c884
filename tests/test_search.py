"""The search index a build writes: one per language, only current detail pages and links."""

from __future__ import annotations

import gzip
import json
import re
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from conftest import ROOT, BuildResult
from portal_search.binary import pagefind_binary
from portal_search.plan import INDEXED_PAGES

LANGUAGES = ("de", "en", "ar", "fa", "uk", "ru")


def indexed(output: Path) -> dict[str, dict[str, dict]]:
    """language -> URL -> what Pagefind stored for that result (its fragment).

    A fragment file holds one page's fragment, or, where a language has more pages
    than ``max_fragments``, a bundle: several pages' fragments by their ids.
    """
    records: dict[str, dict[str, dict]] = {}
    for fragment in (output / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        stored = json.loads(data[len(b"pagefind_dcd"):])
        for record in stored.values() if "_group_" in fragment.name else [stored]:
            records.setdefault(fragment.name.split("_")[0], {})[record["url"]] = record
    return records


@pytest.fixture(scope="module")
def demo_index(demo_build: BuildResult) -> dict[str, dict[str, dict]]:
    return indexed(demo_build.output)


def link_record(index: dict[str, dict], target: str) -> dict:
    return next(r for r in index.values() if r["meta"].get("target") == target)


def test_the_build_writes_one_index_per_configured_language(demo_build: BuildResult):
    entry = json.loads((demo_build.output / "pagefind" / "pagefind-entry.json").read_text())
    assert set(entry["languages"]) == set(LANGUAGES)
    # German-only items are in every language's index, so every index holds every item
    assert len({language["page_count"] for language in entry["languages"].values()}) == 1


def test_each_language_finds_its_own_translation(demo_index):
    for lang in ("de", "en", "ar", "uk"):
        assert f"/{lang}/offers/fahrradwerkstatt/" in demo_index[lang]
    assert "/en/offers/fahrradwerkstatt/" not in demo_index["de"]
    assert demo_index["uk"]["/uk/offers/fahrradwerkstatt/"]["meta"]["title"].startswith("Ремонт велосипедів")


def test_german_only_items_are_found_in_every_language_and_lead_to_the_readers_page(demo_index):
    # no English (nor Farsi) translation: readers of those languages find it, in German,
    # and the result opens its page in their language
    for lang in ("en", "fa"):
        record = demo_index[lang][f"/{lang}/offers/gartenprojekt-nordviertel/"]
        assert record["meta"]["lang"] == "de"
        assert record["meta"]["title"] == "Pflanztag im Interkulturellen Garten Nordviertel"
    assert "/fa/offers/fahrradwerkstatt/" in demo_index["fa"]
    assert not [url for records in demo_index.values() for url in records if url.startswith("/de/")
                and records is not demo_index["de"]]


def test_a_farsi_reader_finds_a_german_only_offer_by_its_facts_in_farsi(demo_index):
    record = demo_index["fa"]["/fa/offers/fahrradwerkstatt/"]
    assert "عربی" in record["content"]        # a language that helps, named in Farsi
    assert "Fahrräder" in record["content"]   # and the German text itself
    assert "این متن فقط" not in record["content"]  # the notice is the site's wording, not the item's


def test_expired_offer_and_past_event_are_in_no_index_but_keep_their_pages(demo_build, demo_index):
    for records in demo_index.values():
        assert not [url for url in records if "nachhilfe-mathe" in url or "willkommensfest-2026" in url]
    assert "notice--ended" in demo_build.page("de/offers/nachhilfe-mathe/")
    assert "data-pagefind-body" not in demo_build.page("de/offers/nachhilfe-mathe/")


def test_only_detail_pages_and_links_are_indexed(demo_index):
    for lang, records in demo_index.items():
        for url in records:
            assert re.fullmatch(rf"/{lang}/((offers|trainings|events|donations)/)?[\w-]+/|/_links/\d+/", url), url
        for listing in ("", "offers/", "events/", "events/archive/", "links/", "partners/", "search/"):
            assert f"/{lang}/{listing}" not in records


def test_pagefind_reads_only_the_items_pages_and_indexes_the_same_pages_as_from_all(demo_build, demo_index,
                                                                                    tmp_path):
    # the plan's glob keeps listings and filter pages out of what Pagefind reads (plan.py)
    done = subprocess.run([pagefind_binary(), "--site", str(demo_build.output), "--glob", INDEXED_PAGES,
                           "--output-path", str(tmp_path / "bundle")], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    read = int(re.search(r"Found (\d+) files matching", done.stdout).group(1))
    items_depths = [*demo_build.output.glob("*/*/index.html"), *demo_build.output.glob("*/*/*/index.html")]
    assert read == len(items_depths) < len(list(demo_build.output.rglob("*.html")))
    languages = json.loads((tmp_path / "bundle" / "pagefind-entry.json").read_text())["languages"]
    for lang, records in demo_index.items():
        assert languages[lang]["page_count"] == len([url for url in records if not url.startswith("/_links/")])


def test_results_carry_title_summary_type_and_next_date(demo_index):
    offer = demo_index["de"]["/de/offers/fahrradwerkstatt/"]["meta"]
    assert offer["title"] == "Mitschrauben in der Fahrradwerkstatt am Hafen"
    assert offer["summary"].startswith("Gespendete Fahrräder wieder fahrtüchtig machen")
    assert offer["type"] == "offers"
    assert "date" not in offer
    # the weekly language café's next date as of 2026-11-26 is Tuesday, 1 December
    assert demo_index["en"]["/en/events/sprachcafe/"]["meta"]["date"] == "2026-12-01T16:00:00+01:00"


def test_filters_are_ids_so_every_language_filters_alike(demo_index):
    expected = {"type": ["offers"], "area": ["alltagshilfe", "freizeit-sport"], "district": ["am-hafen"],
                "language": ["de", "en", "ar", "fa"], "when": ["weekends"]}
    assert demo_index["de"]["/de/offers/fahrradwerkstatt/"]["filters"] == expected
    assert demo_index["ar"]["/ar/offers/fahrradwerkstatt/"]["filters"] == expected
    assert demo_index["en"]["/en/events/sprachcafe/"]["filters"]["type"] == ["events"]
    # an event's "when" comes from its dates: the language café, Tuesdays 16:00–18:00
    assert demo_index["en"]["/en/events/sprachcafe/"]["filters"]["when"] == ["weekday-afternoons", "weekday-evenings"]


def test_labels_and_organisation_are_indexed_with_the_item_but_not_the_sites_chrome(demo_index):
    content = demo_index["de"]["/de/offers/fussball-training/"]["content"]
    assert "Erweitertes Führungszeugnis" in content  # requirement label
    assert "Freizeit und Sport" in content  # area label
    assert "Enhanced certificate of good conduct" in demo_index["en"]["/en/offers/fussball-training/"]["content"]
    assert "Radwerk Musterstadt GmbH" in demo_index["de"]["/de/offers/fahrradwerkstatt/"]["content"]
    for text in ("Willkommen in Musterstadt", "willkommen@example.org", "Zum Inhalt springen", "Zuletzt geprüft"):
        assert text not in content


def test_links_are_found_in_every_language_and_lead_to_the_resource(demo_index):
    for lang, title in (("de", "Kursfinder Integrationskurse"), ("uk", "Пошук інтеграційних курсів")):
        record = link_record(demo_index[lang], "https://kursfinder.example.org")
        assert record["meta"]["title"] == title
        assert record["filters"]["type"] == ["links"]
        assert record["filters"]["language"] == ["de", "en", "ar", "fa", "uk", "ru"]
    download = link_record(demo_index["ar"], "/materials/wortliste-alltag-de-ar-uk.txt")
    assert download["meta"]["title"] == "قائمة كلمات يومية ألماني–عربي–أوكراني"


def test_link_without_a_translation_is_found_in_german(demo_index):
    record = link_record(demo_index["fa"], "https://deutsch-ueben.example.org")
    assert record["meta"]["title"] == "Deutsch im Alltag – Übungen online"
    assert record["meta"]["lang"] == "de"


def test_unused_pagefind_interfaces_are_not_published(demo_build: BuildResult):
    bundle = demo_build.output / "pagefind"
    assert (bundle / "pagefind.js").is_file()
    assert not list(bundle.glob("pagefind-*ui*")) and not (bundle / "pagefind-worker.js").exists()


@pytest.mark.parametrize("lang, direction", [("de", "ltr"), ("ar", "rtl"), ("fa", "rtl"), ("uk", "ltr")])
def test_every_language_has_a_search_page_that_points_to_the_lists_without_javascript(
        demo_build: BuildResult, lang, direction):
    page = demo_build.page(f"{lang}/search/")
    assert f'<html lang="{lang}" dir="{direction}">' in page
    assert f'<form class="search-form" role="search" action="/{lang}/search/" method="get">' in page
    assert 'name="q"' in page
    assert f'<script src="/theme/js/search.js" defer></script>' in page
    browse = page[page.index("data-search-browse"):page.index('class="search-status"')]
    for section in ("offers", "trainings", "events", "donations", "links", "partners"):
        assert f'href="/{lang}/{section}/"' in browse
    catalog = read_po((ROOT / f"theme/translations/{lang}/LC_MESSAGES/search.po").open("rb")) if lang != "en" else None
    if catalog:
        assert catalog.get("Search needs JavaScript, which is switched off or not available in this browser. "
                           "Everything on this site is also in these lists:").string in browse


def test_search_page_lists_the_filters_in_the_readers_language(demo_build: BuildResult):
    page = demo_build.page("de/search/")
    assert '<label for="search-area-sprache">Sprache und Lernen</label>' in page
    assert '<label for="search-language-uk">Ukrainisch</label>' in page
    assert '<label for="search-type-links">Links und Materialien</label>' in page
    assert 'value="am-hafen"' in page
    arabic = demo_build.page("ar/search/")
    assert '<label for="search-area-sprache">اللغة والتعلّم</label>' in arabic


def test_every_page_has_a_search_field_leading_to_the_search_page(demo_build: BuildResult):
    for lang, path in (("de", "de/offers/"), ("ar", "ar/events/sprachcafe/"), ("uk", "uk/")):
        page = demo_build.page(path)
        assert f'<form class="header-search" role="search" action="/{lang}/search/" method="get">' in page
        assert 'id="header-search-query" name="q"' in page
    assert "header-search" not in demo_build.page("de/search/")  # the page has its own field


def test_search_works_under_a_sub_path(site):
    result = site.build(env={"SITEURL": "/portal"})
    assert result.returncode == 0, result.stderr
    assert 'data-bundle="/portal/pagefind/"' in result.page("en/search/")
    assert 'action="/portal/en/search/"' in result.page("en/offers/")
    # result URLs stay relative to the site: Pagefind's script puts the sub-path in front
    assert "/de/offers/sprachpaten/" in indexed(result.output)["de"]


def test_a_failing_index_fails_the_build_and_keeps_the_previous_site(site):
    first = site.build()
    assert first.returncode == 0, first.stderr
    entry = (first.output / "pagefind" / "pagefind-entry.json").read_text()
    site.write("content/offers/neu.de.md",
               "---\ntitle: Neues Angebot\norganisation: agentur\nareas: [sprache]\n---\nNeu.\n")
    failed = site.build(env={"PAGEFIND_BINARY_PATH": "/bin/false"})  # the indexer exits at once
    assert failed.returncode == 1
    assert "search index" in failed.stderr and "Pagefind" in failed.stderr
    assert not failed.exists("de/offers/neu/")
    assert (first.output / "pagefind" / "pagefind-entry.json").read_text() == entry
    assert not list(site.path.glob(".build-*"))


def test_a_missing_indexer_fails_the_build(site):
    failed = site.build(env={"PAGEFIND_BINARY_PATH": str(site.path / "no-such-pagefind")})
    assert failed.returncode == 1
    assert "search index" in failed.stderr
    assert not failed.output.exists()


def test_a_site_whose_items_have_all_ended_indexes_no_listing(site):
    for path in site.path.glob("content/*/*.md"):
        text = path.read_text(encoding="utf-8")
        if path.name.endswith(".de.md") and "expires:" not in text:
            path.write_text(text.replace("---\n", "---\nexpires: 2026-01-01\n", 1), encoding="utf-8")
    result = site.build()
    assert result.returncode == 0, result.stderr
    index = indexed(result.output)
    assert index and all(url.startswith("/_links/") for records in index.values() for url in records)


def test_search_ui_strings_are_translated_in_every_language():
    template = read_po((ROOT / "theme/translations/search.pot").open("rb"))
    wanted = {m.id if isinstance(m.id, str) else m.id[0] for m in template if m.id}
    for lang in ("de", "ar", "fa", "uk", "ru"):
        catalog = read_po((ROOT / f"theme/translations/{lang}/LC_MESSAGES/search.po").open("rb"))
        translated = {
            m.id if isinstance(m.id, str) else m.id[0] for m in catalog
            if m.id and not m.fuzzy and (all(m.string) if isinstance(m.string, tuple) else m.string)
        }
        assert wanted - translated == set(), f"{lang}: untranslated search strings"
