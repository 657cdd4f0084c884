"""A translation whose source changed later is marked to readers (git history)."""

from __future__ import annotations

import os
import subprocess


def git(site, *args, date="2026-10-01T10:00:00+02:00"):
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
           "GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.org",
           "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "editor@example.org"}
    subprocess.run(["git", *args], cwd=site.path, env=env, check=True, capture_output=True)


def commit_everything(site):
    git(site, "init", "-q")
    git(site, "add", ".")
    git(site, "commit", "-qm", "first")


OUTDATED = 'class="notice notice--outdated"'


def test_translation_marked_outdated_when_source_changed_later(site):
    commit_everything(site)
    source = "content/offers/sprachpaten.de.md"
    site.write(source, site.read(source).replace("Deutsch lernt.", "Deutsch lernt, gern auch online."))
    git(site, "commit", "-qam", "source changed", date="2026-11-01T10:00:00+01:00")
    result = site.build()
    assert result.returncode == 0, result.stderr
    english = result.page("en/offers/sprachpaten/")
    assert OUTDATED in english
    assert "the German original has been changed since" in english
    assert 'href="/de/offers/sprachpaten/" hreflang="de"' in english
    assert OUTDATED in result.page("ar/offers/sprachpaten/")
    assert OUTDATED not in result.page("de/offers/sprachpaten/")
    assert OUTDATED not in result.page("en/events/cafe/")


def test_translation_updated_after_source_is_current(site):
    commit_everything(site)
    source = "content/offers/sprachpaten.de.md"
    site.write(source, site.read(source) + "\nNeu.\n")
    git(site, "commit", "-qam", "source", date="2026-11-01T10:00:00+01:00")
    translation = "content/offers/sprachpaten.en.md"
    site.write(translation, site.read(translation) + "\nNew.\n")
    git(site, "commit", "-qam", "translation", date="2026-11-02T10:00:00+01:00")
    result = site.build()
    assert OUTDATED not in result.page("en/offers/sprachpaten/")
    assert OUTDATED in result.page("ar/offers/sprachpaten/")


def test_uncommitted_change_to_source_counts_as_newest(site):
    commit_everything(site)
    source = "content/offers/sprachpaten.de.md"
    site.write(source, site.read(source) + "\nGerade geändert.\n")
    result = site.build()
    assert OUTDATED in result.page("en/offers/sprachpaten/")


def test_outside_git_nothing_is_marked_outdated(site):
    result = site.build()
    assert result.returncode == 0
    assert OUTDATED not in result.page("en/offers/sprachpaten/")
