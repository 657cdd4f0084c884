"""What an editor sees when content or data break the contract.

Each test breaks the minimal fixture site in one way, runs the real command
(``tools/portal.py build`` or ``check``) and reads stderr as an editor would:
one line per problem, ``path:line: field: message``, then
``N errors found; nothing was written.`` and a non-zero exit.
Expected line numbers are computed from the text the test writes.
"""

from __future__ import annotations

import re
from pathlib import Path

SUMMARY = re.compile(r"^(\d+) errors? found; nothing was written\.$", re.MULTILINE)


# --- helpers -------------------------------------------------------------------------


def line_of(text: str, needle: str) -> int:
    """The 1-based line of ``text`` on which ``needle`` first stands."""
    position = text.index(needle)
    return text.count("\n", 0, position) + 1


def edit(site, relative: str, old: str, new: str) -> str:
    """Replace ``old`` (which must occur exactly once) in a fixture file; return the text."""
    text = site.read(relative)
    assert text.count(old) == 1, f"{old!r} is not unique in {relative}"
    text = text.replace(old, new)
    site.write(relative, text)
    return text


def error_lines(result) -> list[str]:
    """The report's lines: one per error, without log noise and the summary."""
    return [line for line in result.stderr.splitlines()
            if re.match(r"^(content|data)/\S+?(:\d+)?: ", line)]


def assert_error(result, path: str, line: int | None, field: str | None, *words: str) -> str:
    """The build failed and reported ``path:line: field: …`` containing ``words``."""
    assert result.returncode != 0, f"the build should fail:\n{result.stdout}\n{result.stderr}"
    assert SUMMARY.search(result.stderr), f"no summary line in:\n{result.stderr}"
    where = path if line is None else f"{path}:{line}"
    prefix = f"{where}: {field}: " if field else f"{where}: "
    matches = [entry for entry in error_lines(result) if entry.startswith(prefix)]
    assert matches, f"no error starting with {prefix!r} in:\n{result.stderr}"
    for word in words:
        assert any(word.lower() in entry.lower() for entry in matches), (
            f"{word!r} not in {matches!r}"
        )
    return matches[0]


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file below ``folder`` with its bytes and modification time."""
    return {
        str(path.relative_to(folder)): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


SOURCE = "content/offers/sprachpaten.de.md"
TRANSLATION = "content/offers/sprachpaten.en.md"
EVENT = "content/events/cafe.de.md"
TRAINING = "content/trainings/grundkurs.de.md"


# --- the unchanged fixture -------------------------------------------------------------


def test_unchanged_fixture_builds_without_errors(site):
    result = site.build()
    assert result.returncode == 0, result.stderr
    assert not SUMMARY.search(result.stderr)
    for lang in ("de", "en", "ar"):
        assert result.exists(f"{lang}/offers/sprachpaten/")


def test_check_accepts_the_unchanged_fixture_and_says_content_is_valid(site):
    result = site.check()
    assert result.returncode == 0, result.stderr
    assert "content is valid" in result.stdout
    assert not error_lines(result)


# --- 1. broken YAML --------------------------------------------------------------------


def test_broken_yaml_in_front_matter_names_file_and_line_of_the_problem(site):
    text = edit(site, SOURCE, "organisation: agentur\n", "organisation: agentur: verein\n")
    result = site.build()
    assert_error(result, SOURCE, line_of(text, "organisation: agentur: verein"), None, "YAML")


def test_broken_yaml_in_a_data_file_names_file_and_line(site):
    text = edit(site, "data/places.yaml", "  name: {de: Rathaus, en: Town hall}\n",
                "  name: Rathaus: Haupteingang\n")
    result = site.build()
    assert_error(result, "data/places.yaml", line_of(text, "name: Rathaus: Haupteingang"), None, "YAML")


# --- 2. missing required fields ----------------------------------------------------------


def test_missing_title_names_file_front_matter_line_and_field(site):
    text = edit(site, SOURCE, "title: Sprachpatenschaft\n", "")
    result = site.build()
    # A missing field has no line of its own: the error points at the front matter's first line.
    assert_error(result, SOURCE, line_of(text, "summary:"), "title", "missing")


def test_offer_without_organisation_names_file_line_and_field(site):
    text = edit(site, SOURCE, "organisation: agentur\n", "")
    result = site.build()
    assert_error(result, SOURCE, line_of(text, "title:"), "organisation", "missing")


def test_event_without_start_names_file_line_and_field(site):
    text = edit(site, EVENT, "start: 2026-09-01T16:00\n", "")
    result = site.build()
    assert_error(result, EVENT, line_of(text, "title:"), "start", "missing")


# --- 3. unknown ids ------------------------------------------------------------------------


def test_unknown_organisation_names_file_line_and_field(site):
    text = edit(site, SOURCE, "organisation: agentur\n", "organisation: agentr\n")
    result = site.build()
    message = assert_error(result, SOURCE, line_of(text, "organisation:"), "organisation",
                           "unknown organisation", "agentr")
    assert "agentur" in message  # the editor is told what exists or what was meant


def test_unknown_place_names_file_line_and_field(site):
    text = edit(site, SOURCE, "place: rathaus\n", "place: bahnhof\n")
    result = site.build()
    assert_error(result, SOURCE, line_of(text, "place:"), "place", "unknown place", "bahnhof")


def test_unknown_area_names_file_line_and_field(site):
    text = edit(site, SOURCE, "areas: [sprache]\n", "areas: [sprache, kochen]\n")
    result = site.build()
    assert_error(result, SOURCE, line_of(text, "areas:"), "areas", "unknown", "kochen")


def test_unknown_district_names_file_line_and_field(site):
    text = edit(site, SOURCE, "district: mitte\n", "district: nord\n")
    result = site.build()
    assert_error(result, SOURCE, line_of(text, "district:"), "district", "unknown", "nord")


def test_unknown_requirement_names_file_line_and_field(site):
    text = edit(site, SOURCE, "requirements: [certificate-of-conduct]\n",
                "requirements: [first-aid]\n")
    result = site.build()
    assert_error(result, SOURCE, line_of(text, "requirements:"), "requirements", "unknown", "first-aid")


def test_unknown_audience_names_file_line_and_field(site):
    text = edit(site, TRAINING, "audience: [alle]\n", "audience: [kinder]\n")
    result = site.build()
    assert_error(result, TRAINING, line_of(text, "audience:"), "audience", "unknown", "kinder")


def test_unknown_signup_form_names_the_missing_form_file(site):
    text = edit(site, SOURCE, "status: open\n", "status: open\nsignup: nosuchform\n")
    result = site.build()
    assert_error(result, SOURCE, line_of(text, "signup:"), "signup",
                 "unknown form", "data/forms/nosuchform.yaml")


def test_unknown_registration_form_names_the_missing_form_file(site):
    text = edit(site, TRAINING, "registration: https://anmeldung.example.org/grundkurs\n",
                "registration: nosuchform\n")
    result = site.build()
    assert_error(result, TRAINING, line_of(text, "registration:"), "registration",
                 "unknown form", "data/forms/nosuchform.yaml")


# --- 4. dates --------------------------------------------------------------------------------


def test_impossible_date_names_file_line_and_field(site):
    text = edit(site, SOURCE, "updated: 2026-10-01\n", "updated: 2026-02-30\n")
    result = site.build()
    assert_error(result, SOURCE, line_of(text, "updated:"), "updated", "impossible date", "2026-02-30")


def test_date_in_the_wrong_form_shows_the_expected_form(site):
    text = edit(site, SOURCE, "updated: 2026-10-01\n", "updated: 01.10.2026\n")
    result = site.build()
    assert_error(result, SOURCE, line_of(text, "updated:"), "updated", "date like 2026-12-01")


# --- 5. end before start ------------------------------------------------------------------


def test_event_ending_before_it_starts_names_the_end_line(site):
    path = "content/events/sommerfest.de.md"
    text = edit(site, path, "end: 2026-07-04T20:00\n", "end: 2026-07-04T13:00\n")
    result = site.build()
    assert_error(result, path, line_of(text, "end:"), "end", "before the start")


# --- 6. RRULE ----------------------------------------------------------------------------------


def test_bad_rrule_names_file_line_and_field(site):
    text = edit(site, EVENT, "recurrence: FREQ=WEEKLY;BYDAY=TU\n", "recurrence: FREQ=SOMETIMES;BYDAY=TU\n")
    result = site.build()
    assert_error(result, EVENT, line_of(text, "recurrence:"), "recurrence", "RRULE", "FREQ=SOMETIMES")


# --- 7.–9. translations and languages ---------------------------------------------------------


def test_translation_without_source_names_the_missing_source_file(site):
    path = "content/offers/nur-englisch.en.md"
    site.write(path, "---\ntitle: English only\n---\nNo German version.\n")
    result = site.build()
    assert_error(result, path, 1, None, "without its source", "content/offers/nur-englisch.de.md")


def test_translation_repeating_a_structured_field_says_it_comes_from_the_source(site):
    text = edit(site, TRANSLATION, "summary: Practise German once a week.\n",
                "summary: Practise German once a week.\norganisation: agentur\n")
    result = site.build()
    assert_error(result, TRANSLATION, line_of(text, "organisation:"), "organisation",
                 "from the source", SOURCE)


def test_document_in_a_language_that_is_not_configured_is_rejected(site):
    path = "content/offers/sprachpaten.fr.md"
    site.write(path, "---\ntitle: Parrainage linguistique\n---\nVous rencontrez quelqu'un.\n")
    result = site.build()
    assert_error(result, path, 1, None, "'fr'", "not configured", "data/site.yaml")


# --- 10. unreadable files -------------------------------------------------------------------------


def test_empty_file_is_named(site):
    path = "content/offers/leer.de.md"
    site.write(path, "")
    result = site.build()
    assert_error(result, path, 1, None, "empty")


def test_file_not_in_utf8_names_the_line_with_the_first_bad_character(site):
    path = "content/pages/ueber-uns.de.md"
    text = "---\ntitle: Über uns\nnav: 1\n---\nWir sind die Freiwilligenagentur.\n"
    site.write(path, text.encode("latin-1"))
    result = site.build()
    assert_error(result, path, line_of(text, "Über"), None, "not UTF-8")


# --- 11.–12. links and URLs ------------------------------------------------------------------------


def test_broken_internal_link_names_the_body_line(site):
    text = site.read(SOURCE) + "\nWeitere Angebote:\n\n- [x]({filename}/offers/gibtsnicht.de.md)\n"
    site.write(SOURCE, text)
    result = site.build()
    assert_error(result, SOURCE, line_of(text, "gibtsnicht"), "body",
                 "broken link", "content/offers/gibtsnicht.de.md")


def test_javascript_link_in_the_body_is_rejected(site):
    text = site.read(SOURCE) + "\nBitte [hier klicken](javascript:void(0)) zum Anmelden.\n"
    site.write(SOURCE, text)
    result = site.build()
    assert_error(result, SOURCE, line_of(text, "javascript:"), "body", "javascript:", "only http")


def test_ftp_website_of_an_organisation_is_rejected(site):
    path = "data/organisations.yaml"
    text = edit(site, path, "website: https://agentur.example.org", "website: ftp://agentur.example.org")
    result = site.build()
    assert_error(result, path, line_of(text, "website:"), "website", "ftp:", "only http")


# --- 13.–14. fields and values ---------------------------------------------------------------------


def test_misspelt_field_is_reported_with_a_did_you_mean_suggestion(site):
    text = edit(site, SOURCE, "organisation: agentur\n", "organsation: agentur\n")
    result = site.build()
    assert_error(result, SOURCE, line_of(text, "organsation:"), "organsation",
                 "unknown field", "did you mean 'organisation'")


def test_value_outside_the_allowed_choices_lists_the_choices(site):
    text = edit(site, SOURCE, "status: open\n", "status: closed\n")
    result = site.build()
    assert_error(result, SOURCE, line_of(text, "status:"), "status", "'closed'", "open, filled, paused")


# --- 15.–17. the report as a whole ---------------------------------------------------------------


def test_build_lists_all_errors_not_only_the_first(site):
    offer = edit(site, SOURCE, "status: open\n", "status: closed\n")
    training = edit(site, TRAINING, "place: rathaus\n", "place: bahnhof\n")
    result = site.build()
    assert_error(result, SOURCE, line_of(offer, "status:"), "status", "closed")
    assert_error(result, TRAINING, line_of(training, "place:"), "place", "bahnhof")
    assert len(error_lines(result)) == 2, result.stderr
    assert "2 errors found; nothing was written." in result.stderr


def test_failed_build_leaves_the_previous_output_untouched(site):
    first = site.build()
    assert first.returncode == 0, first.stderr
    output = site.path / "output"
    assert first.output == output
    before = snapshot(output)
    assert before, "the first build wrote nothing"

    edit(site, SOURCE, "organisation: agentur\n", "organisation: agentr\n")
    second = site.build()

    assert second.returncode != 0
    assert "nothing was written" in second.stderr
    assert snapshot(output) == before
    leftovers = sorted(p.name for p in site.path.iterdir() if p.name.startswith((".build-", ".previous-")))
    assert leftovers == []


def test_check_reports_the_same_errors_as_build(site):
    edit(site, SOURCE, "status: open\n", "status: closed\n")
    edit(site, TRAINING, "audience: [alle]\n", "audience: [kinder]\n")
    site.write("content/offers/nur-englisch.en.md", "---\ntitle: English only\n---\nText.\n")
    checked = site.check()
    built = site.build()
    assert checked.returncode != 0 and built.returncode != 0
    assert "content is valid" not in checked.stdout
    assert error_lines(checked) == error_lines(built)
    assert len(error_lines(checked)) == 3, checked.stderr
    assert SUMMARY.search(checked.stderr).group(0) == "3 errors found; nothing was written."
    assert not (site.path / "output").exists()


def test_broken_data_file_does_not_add_false_unknown_id_errors(site):
    site.write("data/places.yaml", "- id: rathaus\n  name: [unclosed\n")
    result = site.build()
    lines = error_lines(result)
    assert any(line.startswith("data/places.yaml:") for line in lines), result.stderr
    assert not any("unknown place" in line for line in lines), result.stderr


def test_unknown_taxonomy_id_is_named_in_plain_words(site):
    path = "content/offers/sprachpaten.de.md"
    site.write(path, site.read(path).replace("areas: [sprache]", "areas: [kochen]"))
    assert_error(site.build(), path, 5, "areas", "unknown area 'kochen'")


# --- rebuilds check again what may have changed ---------------------------------------------


def test_a_document_with_an_error_is_reported_on_every_build(site):
    text = edit(site, SOURCE, "organisation: agentur\n", "organisation: agentr\n")
    for _ in range(2):
        assert_error(site.build(), SOURCE, line_of(text, "organisation:"), "organisation", "unknown organisation")


def test_an_unchanged_document_is_checked_again_when_data_it_names_is_removed(site):
    assert site.build().returncode == 0
    organisations = site.read("data/organisations.yaml")
    start = organisations.index("- id: sportverein")
    end = organisations.find("\n- id:", start + 1)
    site.write("data/organisations.yaml", organisations[:start] + (organisations[end + 1:] if end > 0 else ""))

    result = site.build()

    assert result.returncode == 1
    assert "content/offers/fussball.de.md" in result.stderr and "sportverein" in result.stderr


def test_an_unchanged_document_is_checked_again_when_a_material_it_links_is_removed(site):
    site.write("content/pages/ueber-uns.de.md",
               site.read("content/pages/ueber-uns.de.md") + "\n[Wortliste](../materials/wortliste.txt)\n")
    assert site.build().returncode == 0
    site.remove("content/materials/wortliste.txt")

    result = site.build()

    assert result.returncode == 1
    assert "content/pages/ueber-uns.de.md" in result.stderr and "wortliste.txt" in result.stderr
