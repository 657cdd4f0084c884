"""The demo portal: a fictional city's site in six languages, built as shipped."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from conftest import ROOT, BuildResult

LANGUAGES = {"de": "ltr", "en": "ltr", "ar": "rtl", "fa": "rtl", "uk": "ltr", "ru": "ltr"}
SKIP_LINK = {
    "de": "Zum Inhalt springen", "en": "Skip to content",
}


def documents(doc_type: str, lang: str = "de") -> list[Path]:
    return sorted((ROOT / "content" / doc_type).glob(f"*.{lang}.md"))


def test_demo_has_the_promised_content():
    assert len(documents("offers")) >= 12
    assert len(documents("events")) >= 6
    assert len(documents("trainings")) >= 4
    assert len(documents("donations")) >= 4
    weekly = [p for p in documents("events") if "FREQ=WEEKLY" in p.read_text(encoding="utf-8")]
    assert len(weekly) >= 2
    pages = {p.name.split(".")[0] for p in documents("pages")}
    assert {"ueber-uns", "mitmachen", "datenschutz", "impressum", "danke"} <= pages


def test_demo_translations_cover_most_items_and_leave_some_untranslated():
    for doc_type in ("offers", "events", "trainings", "donations"):
        sources = documents(doc_type)
        for lang in ("en", "ar", "uk"):
            translated = documents(doc_type, lang)
            assert len(translated) >= len(sources) / 2, (doc_type, lang)
        untranslated = [p for p in sources if not (p.parent / p.name.replace(".de.", ".en.")).exists()]
        assert untranslated, f"no German-only {doc_type} in the demo"


@pytest.mark.parametrize("lang, direction", LANGUAGES.items())
def test_demo_builds_every_language(demo_build: BuildResult, lang, direction):
    for path in ("", "offers/", "events/", "trainings/", "donations/", "links/", "partners/"):
        html = demo_build.page(f"{lang}/{path}")
        assert f'<html lang="{lang}" dir="{direction}">' in html


def test_demo_expired_offer_and_past_event_are_out_of_listings(demo_build: BuildResult):
    listing = demo_build.page("de/offers/")
    assert "/de/offers/nachhilfe-mathe/" not in listing
    assert 'notice--ended' in demo_build.page("de/offers/nachhilfe-mathe/")
    assert "/de/events/willkommensfest-2026/" not in demo_build.page("de/events/")
    assert "/de/events/willkommensfest-2026/" in demo_build.page("de/events/archive/")


def test_demo_weekly_language_cafe_at_its_next_tuesday(demo_build: BuildResult):
    listing = demo_build.page("de/events/")
    assert 'datetime="2026-12-01T16:00:00+01:00"' in listing


def test_demo_materials_are_downloadable(demo_build: BuildResult):
    page = demo_build.page("de/links/")
    for href in re.findall(r'href="(/materials/[^"]+)"', page):
        assert (demo_build.output / href.lstrip("/")).is_file(), href


def test_catalogues_translate_every_ui_string():
    template = read_po((ROOT / "theme/translations/messages.pot").open("rb"))
    wanted = {m.id for m in template if m.id}
    for lang in ("de", "ar", "fa", "uk", "ru"):
        catalog = read_po((ROOT / f"theme/translations/{lang}/LC_MESSAGES/messages.po").open("rb"))
        translated = {
            m.id for m in catalog
            if m.id and not m.fuzzy and (all(m.string) if isinstance(m.string, tuple) else m.string)
        }
        assert wanted - translated == set(), f"{lang}: untranslated UI strings"


@pytest.mark.parametrize("lang", ["de", "ar", "fa", "uk", "ru"])
def test_demo_ui_is_in_the_readers_language(demo_build: BuildResult, lang):
    catalog = read_po((ROOT / f"theme/translations/{lang}/LC_MESSAGES/messages.po").open("rb"))
    skip = catalog.get("Skip to content").string
    assert skip and skip != "Skip to content"
    assert f'<a class="skip-link" href="#main">{skip}</a>' in demo_build.page(f"{lang}/")


def test_demo_marks_translations_of_a_changed_source_as_outdated(demo_build: BuildResult):
    # content/offers/sprachcafe-helfer.de.md was changed in a commit after its translations
    for lang in ("en", "ar", "uk"):
        assert "notice--outdated" in demo_build.page(f"{lang}/offers/sprachcafe-helfer/")
    assert "notice--outdated" not in demo_build.page("en/offers/fahrradwerkstatt/")
