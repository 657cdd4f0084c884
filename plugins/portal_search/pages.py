"""The search page in every language, and the plan of what else the index needs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from babel import Locale

from portal_content import Item, Portal, SiteData
from portal_site.filters import item_times

from .plan import INDEXED_PAGES, SearchPlan, remember

#: Results that are not content items: data/links.yaml entries.
LINKS = "links"


def result_types(data: SiteData) -> tuple[str, ...]:
    """Result types in the order the type filter lists them: the content types, then links."""
    return (*data.types, LINKS)


def search_path(lang: str) -> str:
    """``/<lang>/search/``; the header field links to it as ``links.home + 'search/'``."""
    return f"{lang}/search/"


def searchable_items(portal: Portal) -> list[Item]:
    """Items a reader may find: published and not ended (expired, past events)."""
    return [item for item in portal.all_items() if not item.ended(portal.now)]


def facets(data: SiteData, items: list[Item], now: datetime | None = None) -> list[tuple[str, list[str]]]:
    """Each filter with the values that occur in the index, in the data's order.

    Values are ids (taxonomy ids, type names, language codes), the same in every
    language; the search page shows their labels in the reader's language.
    "When" is an offer's ``times`` and, for events and trainings, what their
    dates say (portal_site.filters), so one filter finds all three.
    """
    def used(key: str) -> set[str]:
        values: set[str] = set()
        for item in items:
            value = item.values.get(key)
            values.update(value if isinstance(value, list) else [value] if value else [])
        return values

    link_languages = {code for category in data.links for link in category["links"]
                      for code in link.get("languages", [])}
    types = [t for t in result_types(data) if (t == LINKS and data.links) or any(i.type == t for i in items)]
    areas, districts = used("areas"), used("district")
    times = {value for item in items for value in item_times(item, now)} if now else set()
    languages = used("languages") | link_languages
    result = [
        ("type", types),
        ("area", [a for a in data.taxonomies.get("areas", {}) if a in areas]),
        ("district", [d for d in data.taxonomies.get("districts", {}) if d in districts]),
        ("when", [t for t in data.taxonomies.get("times", {}) if t in times]),
        ("language", [c for c in data.codes if c in languages] + sorted(languages - set(data.codes))),
    ]
    return [(name, values) for name, values in result if values]


def plural_samples(locale: str) -> dict[str, int]:
    """One number per CLDR plural category of ``locale`` (``{"one": 1, "few": 2, …}``).

    The search page renders each count message once per category, so its script
    picks the right form with ``Intl.PluralRules`` (Arabic has six).
    """
    rule = Locale.parse(locale).plural_form
    samples: dict[str, int] = {}
    for number in range(200):
        samples.setdefault(rule(number), number)
    samples.setdefault("other", 100)  # e.g. Russian: "other" is for fractions only
    return samples


def link_records(site: Any, data: SiteData) -> dict[str, list[str]]:
    """One small HTML document per link and language, for the index only."""
    template = site.get_template("search_link_record")
    directions = {language.code: language.direction for language in data.languages}
    records: dict[str, list[str]] = {}
    for lang in data.codes:
        records[lang] = [
            template.render({**site.context, "lang": lang, "default_lang": data.default_lang,
                             "directions": directions, "link": link, "category": category["category"],
                             "href": site.url(link["url"]) if link["url"].startswith("materials/") else link["url"]})
            for category in data.links for link in category["links"]
        ]
    return records


def write_search_pages(site: Any, writer: Any) -> None:
    """``write_pages`` receiver: one search page per language, then the index plan.

    An untranslated item's page in a language (the reader's chrome around the
    source text) is in that language's index like every other page of it:
    a reader finds it by its facts in their own words (area, district,
    languages that help) or by the source text's words, and the result leads
    to the page in their language.
    """
    portal: Portal = site.context["portal"]
    data = portal.data
    items = searchable_items(portal)
    filters = facets(data, items, portal.now)
    for language in data.languages:
        site.write(search_path(language.code), "search", language.code, None, page_kind="search",
                   made_of=items, facets=filters, result_types=result_types(data),
                   plural_samples=plural_samples(language.babel_locale),
                   bundle_url=site.url("pagefind/"))
    remember(site.output_path, SearchPlan(
        links=link_records(site, data),
        indexed_pages=len(items) * len(data.codes),  # every item has a page in every language
        glob=INDEXED_PAGES,
    ))
