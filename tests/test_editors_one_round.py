"""Every error in one round: a schema error never hides the other errors of a document.

An editor runs ``make check`` once and gets every problem of every file, each
with its line, instead of fixing one error to meet the next.
"""

from __future__ import annotations

from test_validation import error_lines, line_of

OFFER = """---
title: Gartenhilfe
organisation: agentur
areas: [nicht-da]
district: Nordviertel
commitment: sometimes
updated: 2026-02-30
---
Mehr im [Sprachcafé]({filename}/events/gibt-es-nicht.de.md).
"""


def test_one_document_with_five_kinds_of_error_gets_five_lines_at_once(site):
    site.write("content/offers/garten.de.md", OFFER)
    result = site.check()
    assert result.returncode == 1
    lines = [line for line in error_lines(result) if line.startswith("content/offers/garten.de.md")]
    path = "content/offers/garten.de.md"
    expected = {
        f"{path}:{line_of(OFFER, 'commitment')}: commitment: ",
        f"{path}:{line_of(OFFER, 'areas')}: areas: ",
        f"{path}:{line_of(OFFER, 'district')}: district: ",
        f"{path}:{line_of(OFFER, 'updated')}: updated: ",
        f"{path}:{line_of(OFFER, 'gibt-es-nicht')}: body: ",
    }
    assert len(lines) == 5, "\n".join(lines)
    assert {line[: line.index(": ", line.index(": ") + 2) + 2] for line in lines} == expected
    assert "5 errors found" in result.stderr


def test_a_broken_data_file_does_not_hide_errors_in_documents(site):
    text = site.read("data/places.yaml")
    site.write("data/places.yaml", text.replace("name:", "nam:", 1))
    site.write("content/offers/garten.de.md", OFFER.replace("areas: [nicht-da]\n", "areas: [sprache]\n"))
    lines = error_lines(site.check())
    assert any(line.startswith("data/places.yaml:") for line in lines)
    assert any(line.startswith("content/offers/garten.de.md:") and "district" in line for line in lines)
    assert any(line.startswith("content/offers/garten.de.md:") and "commitment" in line for line in lines)
