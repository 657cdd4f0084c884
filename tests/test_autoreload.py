"""Building again in the same process, as ``pelican --autoreload`` does, shows what changed since."""

from __future__ import annotations

import shutil
from pathlib import Path

from pelican import Pelican
from pelican.settings import read_settings

from conftest import ROOT, TODAY_EPOCH, Site


def build_in_this_process(site: Site, output: Path, translations: Path, **settings: str) -> None:
    """One Pelican run over ``site`` with the portal's settings (and ``settings``), as autoreload runs it."""
    overrides = {
        "PATH": str(site.path / "content"), "PORTAL_DATA_PATH": str(site.path / "data"),
        "CACHE_PATH": str(site.path / ".cache"), "OUTPUT_PATH": str(output),
        "PORTAL_TRANSLATIONS_PATH": str(translations), **settings,
    }
    Pelican(read_settings(str(ROOT / "pelican.conf.py"), override=overrides)).run()


def test_a_second_build_in_one_process_shows_the_changed_catalogue_and_setting(site, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", TODAY_EPOCH)
    monkeypatch.setenv("PORTAL_RENDER_WORKERS", "1")
    monkeypatch.chdir(site.path)
    translations = tmp_path / "translations"
    shutil.copytree(ROOT / "theme" / "translations", translations)
    output = tmp_path / "output"

    build_in_this_process(site, output, translations)
    home = (output / "de" / "index.html").read_text(encoding="utf-8")
    assert "Alle Veranstaltungen" in home
    assert "TZID=Europe/Berlin" in (output / "de" / "calendar" / "all.ics").read_text(encoding="utf-8")

    catalogue = translations / "de" / "LC_MESSAGES" / "messages.po"
    text = catalogue.read_text(encoding="utf-8")
    catalogue.write_text(text.replace('msgstr "Alle Veranstaltungen"', 'msgstr "Alle Termine im Überblick"'),
                         encoding="utf-8")
    build_in_this_process(site, output, translations, TIMEZONE="Europe/London")

    home = (output / "de" / "index.html").read_text(encoding="utf-8")
    assert "Alle Termine im Überblick" in home and "Alle Veranstaltungen" not in home
    calendar = (output / "de" / "calendar" / "all.ics").read_text(encoding="utf-8")
    assert "TZID=Europe/London" in calendar and "Europe/Berlin" not in calendar
