"""The editors' report speaks every language of the theme (gettext domain "editors")."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from conftest import ROOT

LANGUAGES = ("de", "ar", "fa", "uk", "ru")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def catalogue(path: Path):
    with open(path, "rb") as handle:
        return read_po(handle)


def test_editors_template_is_up_to_date_with_the_report_page(tmp_path: Path):
    fresh = tmp_path / "editors.pot"
    subprocess.run([str(ROOT / ".venv" / "bin" / "pybabel"), "extract", "-k", "_", "-k", "ngettext:1,2",
                    "-F", "plugins/portal_editors/babel.cfg", "-o", str(fresh), "--no-location",
                    "--sort-output", "theme/templates/editors_report.html",
                    "theme/templates/partials/report_outdated.html",
                    "theme/templates/partials/report_proposed.html"], cwd=ROOT, check=True, capture_output=True)
    assert {m.id for m in catalogue(fresh) if m.id} == \
        {m.id for m in catalogue(ROOT / "theme/translations/editors.pot") if m.id}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_report_string_is_translated_with_its_placeholders(lang):
    template = catalogue(ROOT / "theme/translations/editors.pot")
    translated = catalogue(ROOT / f"theme/translations/{lang}/LC_MESSAGES/editors.po")
    for message in template:
        if not message.id:
            continue
        found = translated.get(message.id)
        assert found is not None and not found.fuzzy, f"{lang}: {message.id!r} is missing"
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = found.string if isinstance(found.string, tuple) else (found.string,)
        assert len(strings) == (translated.num_plurals if len(ids) > 1 else 1), f"{lang}: {ids[0]!r}"
        assert all(strings), f"{lang}: {ids[0]!r} is untranslated"
        wanted = set(PLACEHOLDER.findall(ids[0])) - {"num"}
        for string in strings:
            assert set(PLACEHOLDER.findall(string)) - {"num"} == wanted, f"{lang}: {string!r}"
