"""The home page: a one-line welcome, then what a reader came for, in site.yaml's order."""

from __future__ import annotations

import re

from conftest import BuildResult


def sections_of(html: str) -> list[str]:
    main = html[html.index("<main"):html.index("</main>")]
    return re.findall(r'<h[12] (?:class|id)="([\w-]+)"', main)


def test_home_shows_the_welcome_then_offers_events_urgent_needs_and_trainings(demo_build: BuildResult):
    for lang in ("de", "ar"):
        page = demo_build.page(f"{lang}/")
        assert sections_of(page) == ["welcome", "home-offers", "home-events", "home-donations", "home-trainings"]
    page = demo_build.page("de/")
    assert '<h1 class="welcome">Willkommen in Musterstadt</h1>' in page
    # the newest open offer and the next training are on it, each linked to its list with a count
    assert 'href="/de/trainings/' in page[page.index('id="home-trainings"'):]
    assert re.search(r'<a href="/de/offers/">Alle Ehrenamtsangebote <span class="count">\(\d+\)</span></a>', page)


def test_site_yaml_home_orders_the_sections(site):
    site.write("data/site.yaml", site.read("data/site.yaml") + "home: [trainings, events]\n")
    result = site.build()
    assert result.returncode == 0, result.stderr
    assert sections_of(result.page("en/")) == ["welcome", "home-trainings", "home-events"]


def test_an_unknown_home_section_is_an_editor_error(site):
    site.write("data/site.yaml", site.read("data/site.yaml") + "home: [offers, news]\n")
    result = site.check()
    assert result.returncode != 0
    assert "data/site.yaml" in result.stderr and "home" in result.stderr and "news" in result.stderr
