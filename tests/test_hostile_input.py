"""What a hostile or careless editor meets: an error naming file, line and field.

Each case of issue 12 that a limit or a containment rule answers (a link out of
the project, an alias bomb, a list nested 50,000 deep, ``FREQ=SECONDLY``, a
folded title, a year 9999 …) is written into one copy of the minimal site, each
into a file of its own so that the errors stay apart. ``make check`` runs once
and ``make build`` once over all of them: both must list every case with its
file and line, exit with 1, and the build must leave nothing behind. A few
cases that need a site of their own (configured limits, aliases that data/ may
use, the calendar's time zone, a bug met while reading) follow.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import MINIMAL, ROOT, Site
from portal_content.reader import PortalReader
from test_validation import SUMMARY, assert_error, line_of

EVENT = "content/events/cafe.de.md"


def event(title: str, start: str, extra: str = "", body: str = "Text.\n") -> str:
    return f"---\ntitle: {title}\nstart: {start}\n{extra}---\n{body}"


def alias_bomb(indent: str = "") -> str:
    """The 28-line billion laughs: 9 lines of 9 aliases each, 9^27 strings once expanded."""
    lines = [f'{indent}l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 28):
        refs = ",".join([f"*l{level - 1}"] * 9)
        lines.append(f"{indent}l{level}: &l{level} [{refs}]")
    return "\n".join(lines) + "\n"


#: file → its text; every case lives in a file of its own.
CASES: dict[str, str] = {
    "content/events/sekuendlich.de.md": event("Jede Sekunde", "2026-12-01T10:00",
                                              "recurrence: FREQ=SECONDLY\n"),
    "content/events/millionenfach.de.md": event("Eine Million Mal", "2026-12-01T10:00",
                                                "recurrence: FREQ=DAILY;COUNT=1000000\n"),
    "content/events/stuendlich.de.md": event("Stündlich", "2026-12-01T10:00",
                                             "recurrence: FREQ=DAILY;BYHOUR=1,2,3\n"),
    "content/events/ewig.de.md": event("Bis 2099", "2026-12-01T10:00",
                                       "recurrence: FREQ=WEEKLY\nuntil: 2099-12-31\n"),
    "content/events/nie.de.md": event("Am 31. Februar", "2026-12-01T10:00",
                                      "recurrence: FREQ=DAILY;BYMONTH=2;BYMONTHDAY=31\n"),
    "content/events/gefaltet.de.md": "---\ntitle: >\n  Sprach\n  café\nstart: 2026-12-01T10:00\n---\nText.\n",
    "content/events/jahr-eins.de.md": event("Im Jahr eins", "0001-01-01T10:00"),
    "content/events/jahr-9999.de.md": event("Im Jahr 9999", "9999-12-31T10:00"),
    "content/events/steuerzeichen.de.md": event('"Null\\0Byte"', "2026-12-01T10:00"),
    "content/events/lauter-links.de.md": event("Lauter Links", "2026-12-01T10:00",
                                               body="[Geheim]({static}/../data/site.yaml)\n"),
    "content/offers/bombe.de.md": "---\n" + alias_bomb() + "title: Bombe\n---\nText.\n",
    "content/offers/tief.de.md": "---\ntitle: Tief\nschedule: " + "[" * 50_000 + "]" * 50_000 + "\n---\nText.\n",
    "content/offers/langer-titel.de.md": "---\ntitle: " + "x" * 500 + "\n---\nText.\n",
    "content/offers/riesig.de.md": "---\ntitle: Riesig\nsummary: " + "x" * 20_000_000 + "\n---\nText.\n",
    "content/offers/klammern.de.md": "---\ntitle: Klammern\n---\nText.\n\n" + "[" * 100_000 + "\n",
    "content/offers/zitate.de.md": "---\ntitle: Zitate\n---\nText.\n\n" + ">" * 100_000 + " x\n",
    "content/materials/seite.html": "<script src=skript.js></script>\n",
    "content/materials/bild.svg": '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>\n',
    "content/offers/vieles.de.md": "---\ntitle: Vieles\nlanguages: [" + ", ".join(["ar"] * 201) + "]\n---\nText.\n",
}
SITE_EMAIL = 'contact: {organisation: agentur, email: "post@example.org\\n", phone: "+49 30 1234567"}'


def _write_cases(site: Site) -> dict[str, str]:
    texts = dict(CASES)
    for relative, text in texts.items():
        site.write(relative, text)
    # A file that would publish the build's environment, and one out of data/.
    os.symlink("/proc/self/environ", site.path / "content/materials/env.txt")
    os.symlink("/etc/passwd", site.path / "data/passwd.yaml")
    texts["data/site.yaml"] = site.read("data/site.yaml").replace(
        'contact: {organisation: agentur, email: post@example.org, phone: "+49 30 1234567"}', SITE_EMAIL)
    texts["data/links.yaml"] = site.read("data/links.yaml").replace(
        "materials/wortliste.txt", "materials/../../data/site.yaml")
    texts["data/taxonomies.yaml"] = site.read("data/taxonomies.yaml") + "bombe:\n" + alias_bomb("  ")
    texts["data/places.yaml"] = site.read("data/places.yaml").replace(
        "  name: {de: Rathaus, en: Town hall}\n", "  name: {de: Rathaus, en: Town hall}\n  geo: [.nan, 200]\n")
    for relative in ("data/site.yaml", "data/links.yaml", "data/taxonomies.yaml", "data/places.yaml"):
        site.write(relative, texts[relative])
    return texts


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory):
    """The minimal site with every case written in, checked once and built once."""
    target = tmp_path_factory.mktemp("hostile") / "site"
    shutil.copytree(MINIMAL, target, ignore=shutil.ignore_patterns("output", ".cache"))
    site = Site(target)
    texts = _write_cases(site)
    return texts, site.check(), site.build()


def assert_both(hostile, path: str, line: int | None, field: str | None, *words: str) -> None:
    """``check`` and ``build`` both report the error; the build wrote nothing."""
    _, checked, built = hostile
    assert_error(checked, path, line, field, *words)
    assert_error(built, path, line, field, *words)
    for result in (checked, built):
        assert "Traceback" not in result.stderr, result.stderr
    assert not built.output.exists()
    assert not [p for p in built.output.parent.iterdir() if p.name.startswith(".build")]


def test_check_and_build_list_every_case_and_write_nothing(hostile):
    _, checked, built = hostile
    assert checked.returncode == built.returncode == 1
    assert SUMMARY.search(checked.stderr).group(1) == SUMMARY.search(built.stderr).group(1)


# --- files stay inside the project ---------------------------------------------------


def test_link_in_materials_to_the_environment_is_an_error_naming_the_link(hostile):
    assert_both(hostile, "content/materials/env.txt", None, None, "leads out of content/", "/proc/self/environ")


def test_pages_and_images_that_run_scripts_are_not_published_as_downloads(hostile):
    for path in ("content/materials/seite.html", "content/materials/bild.svg"):
        assert_both(hostile, path, None, None, "is not published as a download", "allowed types: csv")


def test_link_in_data_to_a_file_outside_is_an_error_naming_the_link(hostile):
    assert_both(hostile, "data/passwd.yaml", None, None, "leads out of data/")


def test_static_link_climbing_out_of_content_is_an_error_with_its_line(hostile):
    path = "content/events/lauter-links.de.md"
    assert_both(hostile, path, line_of(hostile[0][path], "[Geheim]"), "body", "leads out of content/")


def test_materials_path_in_links_yaml_climbing_out_is_an_error_with_its_line(hostile):
    text = hostile[0]["data/links.yaml"]
    assert_both(hostile, "data/links.yaml", line_of(text, "materials/../"), "[0].links[1].url",
                "leads out of content/materials/")


# --- bounded work ------------------------------------------------------------------------


def test_alias_bomb_in_front_matter_is_refused_at_its_first_alias(hostile):
    path = "content/offers/bombe.de.md"
    assert_both(hostile, path, line_of(hostile[0][path], "*l0"), None, "aliases", "not allowed")


def test_alias_bomb_in_data_is_refused_before_it_expands(hostile):
    text = hostile[0]["data/taxonomies.yaml"]
    # 10, 91, 820, 7,381 values: the first alias on the line of l4 passes 10,000.
    assert_both(hostile, "data/taxonomies.yaml", line_of(text, "l4: &l4"), None, "expand to more than 10000")


def test_list_nested_50000_deep_is_an_error_not_a_crash(hostile):
    path = "content/offers/tief.de.md"
    assert_both(hostile, path, line_of(hostile[0][path], "schedule:"), None, "nests deeper than 32")


def test_secondly_recurrence_is_refused(hostile):
    path = "content/events/sekuendlich.de.md"
    assert_both(hostile, path, line_of(hostile[0][path], "recurrence:"), "recurrence", "FREQ=SECONDLY",
                "DAILY, WEEKLY, MONTHLY or YEARLY")


def test_hourly_dates_inside_a_daily_rule_are_refused(hostile):
    path = "content/events/stuendlich.de.md"
    assert_both(hostile, path, line_of(hostile[0][path], "recurrence:"), "recurrence", "BYHOUR")


def test_a_million_repetitions_are_refused(hostile):
    path = "content/events/millionenfach.de.md"
    assert_both(hostile, path, line_of(hostile[0][path], "recurrence:"), "recurrence", "COUNT=1000000",
                "at most 1,000")


def test_repetitions_beyond_the_horizon_are_refused(hostile):
    path = "content/events/ewig.de.md"
    assert_both(hostile, path, line_of(hostile[0][path], "until:"), "until", "at most 10 years")


def test_a_rule_that_never_gives_a_date_is_refused(hostile):
    path = "content/events/nie.de.md"
    assert_both(hostile, path, line_of(hostile[0][path], "recurrence:"), "recurrence", "no date")


def test_twenty_megabyte_document_is_refused_unread(hostile):
    assert_both(hostile, "content/offers/riesig.de.md", 1, None, "bytes", "at most 1,000,000")


def test_title_longer_than_300_characters_is_refused(hostile):
    path = "content/offers/langer-titel.de.md"
    assert_both(hostile, path, 2, "title", "500 characters", "at most 300")


def test_list_of_201_entries_is_refused(hostile):
    path = "content/offers/vieles.de.md"
    assert_both(hostile, path, line_of(hostile[0][path], "languages:"), "languages", "at most 200")


def test_markdown_that_would_take_minutes_to_convert_is_refused(hostile):
    # 8 KB of [ took Python-Markdown 25 s, 100 KB of > 4 s.
    assert_both(hostile, "content/offers/klammern.de.md", 6, "body", "without their end")
    assert_both(hostile, "content/offers/zitate.de.md", 6, "body", "nest deeper than 16")


# --- check finds what the build would fail on ------------------------------------------------


def test_folded_title_with_its_line_break_is_an_error(hostile):
    assert_both(hostile, "content/events/gefaltet.de.md", 2, "title", "must be one line")


def test_email_with_a_trailing_line_break_is_an_error(hostile):
    text = hostile[0]["data/site.yaml"]
    assert_both(hostile, "data/site.yaml", line_of(text, "contact:"), "contact.email", "must be one line")


def test_coordinates_that_are_no_number_or_off_the_globe_are_errors(hostile):
    line = line_of(hostile[0]["data/places.yaml"], "geo:")
    assert_both(hostile, "data/places.yaml", line, "[0].geo[0]", "must be a number, not nan")
    assert_both(hostile, "data/places.yaml", line, "[0].geo[1]", "200 is not between -180 and 180")


@pytest.mark.parametrize("path, year", [("content/events/jahr-eins.de.md", "1"),
                                        ("content/events/jahr-9999.de.md", "9999")])
def test_dates_outside_the_sane_years_are_errors(hostile, path, year):
    assert_both(hostile, path, 3, "start", f"the year {year} is outside 2000–2099")


def test_control_character_in_a_title_is_an_error(hostile):
    assert_both(hostile, "content/events/steuerzeichen.de.md", 2, "title", "U+0000")


# --- sites of their own -----------------------------------------------------------------------


def test_limits_are_configured_in_site_yaml(site):
    site.write("data/site.yaml", site.read("data/site.yaml") + "limits: {title_chars: 12, last_year: 2026}\n")
    text = site.read(EVENT)
    result = site.check()
    assert_error(result, EVENT, line_of(text, "until:"), "until", "the year 2027 is outside 2000–2026")
    assert_error(result, "content/trainings/grundkurs.de.md", 2, "title", "18 characters", "at most 12")


def test_data_files_may_use_a_few_aliases(site):
    text = site.read("data/taxonomies.yaml").replace(
        "  alle: {de: Alle, en: Everyone}", "  alle: &alle {de: Alle, en: Everyone}\n  jede: *alle")
    site.write("data/taxonomies.yaml", text)
    result = site.check()
    assert result.returncode == 0, result.stderr


def test_each_calendar_file_carries_the_time_zone_of_its_own_years_only(site):
    from icalendar import Calendar

    site.write("content/events/fern.de.md", event("Fern", "2099-06-01T10:00", "recurrence: FREQ=WEEKLY\n"))
    site.write("content/events/advent.de.md", event("Advent", "2026-12-12T14:00", "end: 2026-12-12T18:00\n"))
    result = site.build()
    assert result.returncode == 0, result.stderr

    def zone_years(path: str) -> set[int]:
        """The years of the transitions the file's VTIMEZONE holds (DTSTART and RDATE)."""
        (zone,) = Calendar.from_ical((result.output / path).read_bytes()).walk("VTIMEZONE")
        years = set()
        for part in zone.subcomponents:
            years.add(part["DTSTART"].dt.year)
            rdates = part.get("RDATE", [])
            for listed in rdates if isinstance(rdates, list) else [rdates]:
                years |= {moment.dt.year for moment in listed.dts}
        return years

    # One afternoon in December 2026: the event in 2099 does not reach its file.
    assert zone_years("de/events/advent/event.ics") == {2026}
    # Endless from 2099: from its start, five years on.
    assert zone_years("de/events/fern/event.ics") == set(range(2099, 2105))


class BrokenReader(PortalReader):
    """A reader with a bug that shows on one document."""

    def read(self, source_path: str):
        if source_path.endswith("sprachpaten.de.md"):
            raise RuntimeError("a bug")
        return super().read(source_path)


def test_an_unexpected_failure_is_an_internal_error_naming_the_file(site, monkeypatch):
    from pelican.settings import read_settings
    from portal_content import ContentErrors, load_portal
    from portal_content.load import make_readers

    monkeypatch.chdir(site.path)
    settings = read_settings(str(ROOT / "pelican.conf.py"), override={
        "PATH": str(site.path / "content"), "PORTAL_DATA_PATH": str(site.path / "data"),
        "CACHE_PATH": str(site.path / ".cache"), "CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False,
    })
    readers = make_readers(settings)
    readers.readers["md"] = BrokenReader(settings)
    with pytest.raises(ContentErrors) as raised:
        load_portal(settings, readers)
    (error,) = raised.value.errors
    assert error.path == "content/offers/sprachpaten.de.md"
    assert "internal error while processing this file (RuntimeError: a bug)" in error.message
