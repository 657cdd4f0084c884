"""The freshness report: make report and the editors' page /editors/report/."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from html import unescape

from browser import serve
from conftest import ROOT, SITE_LANGUAGE, TODAY_EPOCH, BuildResult, Site
from test_outdated import commit_everything, git

REPORT = "editors/report/"


def section(html: str, anchor: str) -> str:
    """The text of one section of the report page, tags removed."""
    start = html.index(f'aria-labelledby="{anchor}"')
    text = html[start: html.index("</section>", start)]
    return unescape(re.sub(r"<[^>]+>", " ", text))


def cli_section(output: str, title: str) -> str:
    start = output.index(title)
    return output[start: output.index("\n\n", start)]


def test_report_page_is_for_editors_only_hidden_from_robots_sitemap_and_search(minimal_build: BuildResult):
    page = minimal_build.page(REPORT)
    assert '<meta name="robots" content="noindex">' in page
    assert "data-pagefind-body" not in page
    assert "/editors/report/" not in (minimal_build.output / "sitemap.xml").read_text(encoding="utf-8")
    linking = [str(p.relative_to(minimal_build.output)) for p in minimal_build.output.rglob("*.html")
               if "editors/report" in p.read_text(encoding="utf-8") and p.parent.name != "report"]
    assert linking == []


def test_report_page_lists_untranslated_items_per_language_leaving_ended_ones_out(minimal_build: BuildResult):
    page = minimal_build.page(REPORT)
    assert '<html lang="de" dir="ltr">' in page
    assert "<h1>Bericht für die Redaktion</h1>" in page
    untranslated = section(page, "untranslated")
    english = untranslated[untranslated.index("Englisch (6)"): untranslated.index("Arabisch")]
    assert "Fußballtraining begleiten" in english and "content/offers/fussball.de.md" in english
    assert "Grundkurs Ehrenamt" in english
    assert "Sprachpatenschaft" not in english  # translated
    assert "Abgelaufenes Angebot" not in untranslated  # expired
    assert "Sommerfest" not in untranslated  # over
    assert "Arabisch (8)" in untranslated and "Sprachcafé" in untranslated[untranslated.index("Arabisch"):]
    assert 'href="/de/offers/fussball/" lang="de"' in page


def test_report_lists_stale_expiring_ended_events_and_links_to_drafts(site: Site):
    site.write("content/offers/fussball.de.md", site.read("content/offers/fussball.de.md")
               .replace("status: filled", "status: filled\nupdated: 2026-03-01"))
    site.write("content/donations/winterjacken.de.md", site.read("content/donations/winterjacken.de.md")
               .replace("urgent: true", "urgent: true\nupdated: 2026-11-20\nexpires: 2026-12-10"))
    site.write("content/events/laternenfest.de.md",
               "---\ntitle: Laternenfest\nstart: 2026-11-11T17:00\nend: 2026-11-11T19:00\n---\nVorbei.\n")
    site.write("content/pages/entwurf.de.md", "---\ntitle: Entwurf\ndraft: true\n---\nNoch nicht fertig.\n")
    site.write("content/pages/ueber-uns.de.md", site.read("content/pages/ueber-uns.de.md")
               + "\nBald: [Entwurf]({filename}/pages/entwurf.de.md)\n")

    printed = report(site)
    assert printed.returncode == 0, printed.stderr
    out = printed.stdout
    assert "Editors' report as of 2026-11-26" in out
    stale = cli_section(out, "Not checked for a long time")
    assert "content/offers/fussball.de.md" in stale and "last checked 2026-03-01 (updated:)" in stale
    assert "winterjacken" not in stale and "sprachpaten" not in stale
    assert "content/donations/winterjacken.de.md" in cli_section(out, "Expiring soon")
    assert "expires 2026-12-10" in cli_section(out, "Expiring soon")
    ended = cli_section(out, "Events without a future date (1)")
    assert "content/events/laternenfest.de.md" in ended and "last date 2026-11-11" in ended
    broken = cli_section(out, "Links to unpublished pages (1)")
    assert "content/pages/ueber-uns.de.md:7: body: links to content/pages/entwurf.de.md, which is a draft" in broken
    assert "Entwurf" not in cli_section(out, "Not yet translated")  # drafts are not reported

    strict = report(site, "--strict")
    assert strict.returncode == 1 and "STRICT: failing on" in strict.stderr

    result = site.build(env=SITE_LANGUAGE)
    assert result.returncode == 0, result.stderr
    page = result.page(REPORT)
    assert "Zuletzt geprüft am 1. März 2026." in section(page, "stale")
    assert "Läuft am 10. Dezember 2026 ab." in section(page, "expiring")
    assert "Laternenfest" in section(page, "ended-events") and "Letzter Termin: 11. November 2026." in page
    assert "verlinkt content/pages/entwurf.de.md, einen Entwurf." in section(page, "broken")


def test_report_lists_translations_whose_source_changed_later_with_both_dates_and_times(site: Site):
    commit_everything(site)  # 2026-10-01
    source = "content/offers/sprachpaten.de.md"
    site.write(source, site.read(source).replace("Deutsch lernt.", "Deutsch lernt, gern auch online."))
    git(site, "commit", "-qam", "source changed", date="2026-11-01T10:00:00+01:00")
    out = report(site).stdout
    outdated = cli_section(out, "Outdated translations (2)")
    assert "content/offers/sprachpaten.ar.md" in outdated and "content/offers/sprachpaten.en.md" in outdated
    assert "original changed 2026-11-01 10:00, translation 2026-10-01 10:00" in outdated
    # without an updated: date, the last commit counts as the last check
    stale = cli_section(out, "Not checked for a long time")
    assert "fussball" not in stale
    page = site.build(env=SITE_LANGUAGE).page(REPORT)
    assert ("Original geändert am 1. November 2026, 10:00, Übersetzung am 1. Oktober 2026, 10:00."
            in section(page, "outdated"))
    assert 'href="/en/offers/sprachpaten/" lang="en"' in page


def test_stale_and_expiring_windows_come_from_site_yaml(site: Site):
    site.write("content/offers/fussball.de.md", site.read("content/offers/fussball.de.md")
               .replace("status: filled", "status: filled\nupdated: 2026-03-01\nexpires: 2027-01-20"))
    out = report(site).stdout
    assert "fussball" in cli_section(out, "Not checked for a long time")
    assert "fussball" not in cli_section(out, "Expiring soon")
    site.write("data/site.yaml", site.read("data/site.yaml")
               + "report: {stale_after_months: 12, expiring_within_days: 60}\n")
    out = report(site).stdout
    assert "fussball" not in cli_section(out, "Not checked for a long time")
    assert "before 2025-11-26 (12 months)" in out
    assert "content/offers/fussball.de.md" in cli_section(out, "Expiring soon")


def test_strict_report_passes_when_nothing_is_to_do(site: Site):
    site.remove("content/offers/fussball.de.md")
    for source in site.path.glob("content/*/*.de.md"):
        for lang in ("en", "ar"):
            translation = source.with_name(source.name.replace(".de.md", f".{lang}.md"))
            if not translation.exists():
                translation.write_text(f"---\ntitle: {source.stem} ({lang})\n---\nText.\n", encoding="utf-8")
    site.write("content/donations/winterjacken.de.md", site.read("content/donations/winterjacken.de.md")
               .replace("urgent: true", "urgent: true\nupdated: 2026-11-01"))
    strict = report(site, "--strict")
    assert strict.returncode == 0, strict.stdout + strict.stderr
    assert strict.stdout.rstrip().endswith("0 findings.")
    page = site.build(env=SITE_LANGUAGE).page(REPORT)
    assert "Nichts zu tun: Alles ist übersetzt, aktuell und geprüft." in page


def test_report_on_broken_content_lists_the_errors_and_fails(site: Site):
    site.write("content/offers/fussball.de.md", site.read("content/offers/fussball.de.md")
               .replace("organisation: sportverein", "organisation: sportclub"))
    done = report(site)
    assert done.returncode == 1
    assert "content/offers/fussball.de.md:3: organisation: unknown organisation 'sportclub'" in done.stderr
    assert "The report needs valid content" in done.stderr


def test_report_page_fits_a_phone(browser, minimal_build: BuildResult):
    with serve(minimal_build.output) as base:
        page = browser.new_page(viewport={"width": 360, "height": 740})
        page.goto(f"{base}/{REPORT}")
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        assert page.get_by_role("navigation", name="Abschnitte des Berichts").is_visible()
        page.close()


def report(site: Site, *args: str) -> subprocess.CompletedProcess:
    """``make report`` (``--strict`` for STRICT=1) on a fixture site, as of the test's today."""
    return subprocess.run([sys.executable, str(ROOT / "tools" / "portal.py"), "report", *args,
                           "--site", str(site.path)], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "SOURCE_DATE_EPOCH": TODAY_EPOCH})
