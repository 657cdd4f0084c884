"""Outdated translations tell translators what changed; minor changes leave them current."""

from __future__ import annotations

import re

from conftest import SITE_LANGUAGE, Site
from test_editors_report import REPORT, cli_section, report, section
from test_outdated import OUTDATED, commit_everything, git

SOURCE = "content/offers/sprachpaten.de.md"
ENGLISH = "content/offers/sprachpaten.en.md"


def change(site: Site, path: str, old: str, new: str) -> None:
    text = site.read(path)
    assert old in text
    site.write(path, text.replace(old, new))


def test_changes_on_one_day_show_their_times_and_the_later_commit_wins(site: Site):
    commit_everything(site)
    change(site, ENGLISH, "learning German.", "learning German, also online.")
    git(site, "commit", "-qam", "translation", date="2026-11-20T09:15:00+01:00")
    change(site, SOURCE, "Deutsch lernt.", "Deutsch lernt, gern am Abend.")
    git(site, "commit", "-qam", "source", date="2026-11-20T16:40:00+01:00")
    outdated = cli_section(report(site).stdout, "Outdated translations")
    assert "content/offers/sprachpaten.en.md" in outdated
    assert "original changed 2026-11-20 16:40, translation 2026-11-20 09:15" in outdated


def test_commits_in_the_same_second_count_in_their_order(site: Site):
    commit_everything(site)
    change(site, SOURCE, "Deutsch lernt.", "Deutsch lernt, gern am Abend.")
    git(site, "commit", "-qam", "source", date="2026-11-20T10:00:00+01:00")
    change(site, ENGLISH, "learning German.", "learning German, in the evening.")
    git(site, "commit", "-qam", "translation caught up", date="2026-11-20T10:00:00+01:00")
    result = site.build()
    assert OUTDATED not in result.page("en/offers/sprachpaten/")
    assert OUTDATED in result.page("ar/offers/sprachpaten/")
    change(site, SOURCE, "gern am Abend.", "gern am Morgen.")
    git(site, "commit", "-qam", "source again", date="2026-11-20T10:00:00+01:00")
    assert OUTDATED in site.build().page("en/offers/sprachpaten/")


def test_report_shows_the_word_diff_of_the_source_since_the_translation(site: Site):
    commit_everything(site)
    change(site, SOURCE, "Deutsch lernt.", "Deutsch lernt, gern auch online.")
    git(site, "commit", "-qam", "first change", date="2026-11-01T10:00:00+01:00")
    change(site, SOURCE, "title: Sprachpatenschaft", "title: Sprachpatenschaft für Familien")
    git(site, "commit", "-qam", "second change", date="2026-11-02T10:00:00+01:00")
    outdated = cli_section(report(site).stdout, "Outdated translations (2)")
    english = outdated[outdated.index("sprachpaten.en.md"):]
    # both changes since the translation's commit, with a few words around them
    assert "title: Sprachpatenschaft {+für Familien+}" in english
    assert "einer Person, die Deutsch [-lernt.-] {+lernt, gern auch online.+}" in english
    page = section(site.build(env=SITE_LANGUAGE).page(REPORT), "outdated")
    html = site.build(env=SITE_LANGUAGE).page(REPORT)
    assert "<del><span class=\"visually-hidden\">gestrichen: </span>lernt.</del>" in html
    assert "<ins><span class=\"visually-hidden\">eingefügt: </span>lernt, gern auch online.</ins>" in html
    assert "Seitdem im Original geändert:" in page


def test_hostile_text_in_a_diff_is_shown_escaped(site: Site):
    commit_everything(site)
    change(site, SOURCE, "Deutsch lernt.", "Deutsch lernt. `<script>alert(1)</script><img src=x onerror=alert(2)>`")
    git(site, "commit", "-qam", "hostile", date="2026-11-01T10:00:00+01:00")
    html = site.build().page(REPORT)
    diff = html[html.index('class="report__diff"'):]
    diff = diff[: diff.index("</p>")]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img" in diff
    assert "<script" not in diff and "<img" not in diff


def test_a_commit_with_the_minor_trailer_leaves_translations_current(site: Site):
    commit_everything(site)
    change(site, SOURCE, "Deutsch lernt.", "Deutsch lernt!")
    git(site, "commit", "-qam", "Tippfehler\n\nTranslations: minor", date="2026-11-01T10:00:00+01:00")
    assert OUTDATED not in site.build().page("en/offers/sprachpaten/")
    assert "Outdated translations (0)" in report(site).stdout
    # the next real change marks them, and its diff includes the minor one too
    change(site, SOURCE, "title: Sprachpatenschaft", "title: Sprachpatenschaft für Familien")
    git(site, "commit", "-qam", "neuer Titel", date="2026-11-02T10:00:00+01:00")
    outdated = cli_section(report(site).stdout, "Outdated translations (2)")
    assert "original changed 2026-11-02 10:00" in outdated
    assert "[-lernt.-] {+lernt!+}" in outdated


def test_minor_edit_in_the_source_leaves_translations_current_for_that_version_only(site: Site):
    commit_everything(site)
    change(site, SOURCE, "title: Sprachpatenschaft", "title: Sprachpatenschaft\nminor_edit: true")
    change(site, SOURCE, "Deutsch lernt.", "Deutsch lernt!")
    git(site, "commit", "-qam", "Update offers “sprachpaten”", date="2026-11-01T10:00:00+01:00")
    result = site.build()
    assert result.returncode == 0, result.stderr
    assert OUTDATED not in result.page("en/offers/sprachpaten/")
    # the CMS leaves the field out on the next save unless ticked again
    change(site, SOURCE, "minor_edit: true\n", "")
    change(site, SOURCE, "Deutsch lernt!", "Deutsch lernt, gern auch online.")
    git(site, "commit", "-qam", "Update offers “sprachpaten”", date="2026-11-02T10:00:00+01:00")
    assert OUTDATED in site.build().page("en/offers/sprachpaten/")


def test_an_uncommitted_minor_edit_leaves_translations_current(site: Site):
    commit_everything(site)
    change(site, SOURCE, "title: Sprachpatenschaft", "title: Sprachpatenschaft\nminor_edit: true")
    assert OUTDATED not in site.build().page("en/offers/sprachpaten/")


def test_a_translation_may_not_carry_minor_edit(site: Site):
    change(site, ENGLISH, "title: ", "minor_edit: true\ntitle: ")
    result = site.check()
    assert result.returncode == 1
    assert re.search(r"sprachpaten\.en\.md:2: minor_edit: a translation may not repeat a structured field",
                     result.stderr), result.stderr
