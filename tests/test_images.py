"""Pictures: responsive sizes on cards and detail pages, no metadata in any image the site
publishes, editors' errors with file and line, and the pictures' weight budgets."""

from __future__ import annotations

import io
import re
import shutil
import time
from pathlib import Path

import pytest
from PIL import Image

from conftest import MINIMAL, BuildResult, Site, run_portal
from pictures import bomb_png, metadata_of, noise_png, photo_with_gps, png_with_text
from test_validation import line_of

PICTURE_FILES = (".jpg", ".jpeg", ".png", ".webp", ".gif")
GERMAN_ALT = "Zwei Menschen üben am Tisch mit einem Wörterbuch"
ARABIC_ALT = "شخصان يتدربان على الطاولة مع قاموس"
LESEPATEN = """---
title: Lesepatenschaft
organisation: agentur
areas: [sprache]
image: foto.jpg
image_alt: Ein aufgeschlagenes Buch
---
Vorlesen in der Kita.
"""
#: Budgets (README, "Pictures"): a card's picture, a detail page's at 360 px, a listing's first screen.
CARD_BUDGET, DETAIL_BUDGET, FIRST_SCREEN_BUDGET = 25_000, 40_000, 100_000
#: The cards a 360 × 640 phone screen shows first (the ones that load eagerly).
FIRST_SCREEN_CARDS = 2


def add_pictures(site: Site) -> None:
    """A phone photo (EXIF GPS, XMP, comment) and a PNG with text chunks in every place a picture may be."""
    site.write("content/images/foto.jpg", photo_with_gps())
    site.write("content/images/plan.png", png_with_text())
    site.write("content/materials/foto.jpg", photo_with_gps((800, 600)))
    site.write("content/materials/plan.png", png_with_text())
    gif = io.BytesIO()
    Image.new("P", (40, 30)).save(gif, "GIF", comment=b"taken at the shelter")
    site.write("content/materials/zeichen.gif", gif.getvalue())
    source = site.read("content/offers/sprachpaten.de.md").replace(
        "status: open\n", f"status: open\nimage: foto.jpg\nimage_alt: {GERMAN_ALT}\n")
    site.write("content/offers/sprachpaten.de.md", source + "\n![Der Plan]({static}/images/plan.png)\n\n"
               "![Das Foto]({static}/materials/foto.jpg) ![Noch ein Foto]({static}/images/foto.jpg)\n")
    arabic = site.read("content/offers/sprachpaten.ar.md")
    site.write("content/offers/sprachpaten.ar.md", arabic.replace("---\n", f"---\nimage_alt: {ARABIC_ALT}\n", 1))
    site.write("content/offers/lesepaten.de.md", LESEPATEN)
    site.write("content/offers/fussball.de.md", site.read("content/offers/fussball.de.md").replace(
        "status: filled\n", "status: filled\nimage: plan.png\nimage_decorative: true\n"))
    orgs = site.read("data/organisations.yaml")
    site.write("data/organisations.yaml", orgs.replace(
        "  email: info@example.org\n",
        "  email: info@example.org\n  image: plan.png\n  image_alt: {de: Der Plan des Hauses, en: The plan of the house}\n",
        1))


@pytest.fixture(scope="module")
def picture_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    target = tmp_path_factory.mktemp("pictures") / "site"
    shutil.copytree(MINIMAL, target, ignore=shutil.ignore_patterns("output", ".cache"))
    add_pictures(Site(target))
    result = run_portal("build", target)
    assert result.returncode == 0, result.stderr
    return result


def published_pictures(output: Path) -> dict[str, bytes]:
    return {str(path.relative_to(output)): path.read_bytes() for path in sorted(output.rglob("*"))
            if path.suffix.lower() in PICTURE_FILES and "theme" not in path.parts}


def pictures_of(html: str) -> list[str]:
    return re.findall(r"<picture.*?</picture>", html, re.DOTALL)


def test_no_image_the_site_publishes_keeps_exif_xmp_gps_or_text_from_a_field_a_body_or_the_materials(
        picture_build: BuildResult):
    published = published_pictures(picture_build.output)
    assert {"materials/foto.jpg", "materials/plan.png", "materials/zeichen.gif", "images/plan.png",
            "images/foto.jpg"} <= set(published)
    assert len([name for name in published if re.fullmatch(r"images/foto-[0-9a-f]{10}-\d+\.(webp|jpg)", name)]) == 6
    for name, data in published.items():
        assert metadata_of(data) == {}, name
    body = picture_build.page("de/offers/sprachpaten/")
    assert re.search(r'<img [^>]*src="/images/plan.png"[^>]* width="800" height="600" loading="lazy"', body)
    with Image.open(io.BytesIO(published["materials/foto.jpg"])) as download:
        assert download.format == "JPEG" and download.size == (800, 600)  # a download keeps what it was


def test_an_items_picture_is_webp_with_a_jpeg_fallback_in_three_widths_its_size_reserved(picture_build: BuildResult):
    [picture] = pictures_of(picture_build.page("de/offers/sprachpaten/"))
    webp = re.search(r'<source type="image/webp" srcset="([^"]+)" sizes="([^"]+)"', picture)
    assert [entry.split()[1] for entry in webp[1].split(", ")] == ["360w", "720w", "1080w"]
    img = re.search(r"<img [^>]+>", picture)[0]
    assert 'width="360" height="240"' in img and f'alt="{GERMAN_ALT}"' in img
    assert "loading=" not in img  # the detail page's picture is above the fold
    for url in re.findall(r"(/images/\S+) \d+w", picture):
        assert (picture_build.output / url.lstrip("/")).is_file()


def test_a_picture_is_encoded_once_and_every_language_shows_it_with_its_own_description(
        picture_build: BuildResult):
    german, arabic, english = (pictures_of(picture_build.page(f"{lang}/offers/sprachpaten/"))[0]
                               for lang in ("de", "ar", "en"))
    sources = [re.findall(r"/images/\S+", html) for html in (german, arabic, english)]
    assert sources[0] == sources[1] == sources[2]
    assert f'alt="{ARABIC_ALT}"' in arabic
    assert f'alt="{GERMAN_ALT}"' in english  # no English description: the source's
    # Lesepaten uses the same file: one set of files for both items
    assert sources[0][0] in picture_build.page("de/offers/lesepaten/")


def test_a_listings_first_cards_load_their_pictures_at_once_the_others_lazily(picture_build: BuildResult):
    listing = picture_build.page("de/offers/")
    cards = re.findall(r'<article class="card.*?</article>', listing, re.DOTALL)
    titles = [re.search(r"<a [^>]+>([^<]+)</a>", card)[1] for card in cards]
    assert titles == ["Lesepatenschaft", "Sprachpatenschaft", "Fußballtraining begleiten"]
    loading = [re.search(r"<img [^>]+>", card)[0] for card in cards]
    assert ["loading=\"lazy\"" in img for img in loading] == [False, False, True]
    assert 'alt=""' in loading[2]  # decorative
    partners = picture_build.page("en/partners/")
    assert 'alt="The plan of the house"' in partners


def test_a_photos_picture_keeps_within_the_card_detail_and_first_screen_budgets(picture_build: BuildResult):
    assert_budgets(picture_build, "de/offers/", ["de/offers/sprachpaten/"])


def test_the_demos_pictures_keep_within_the_card_detail_and_first_screen_budgets(demo_build: BuildResult):
    listings = ["de/offers/", "de/events/"]
    details = sorted({str(page.parent.relative_to(demo_build.output)) + "/"
                      for page in demo_build.output.glob("de/*/*/index.html") if "<picture" in page.read_text()})
    assert details, "the demo shows pictures"
    for listing in listings:
        assert_budgets(demo_build, listing, details)


def _bytes_at_360(build: BuildResult, picture: str) -> int:
    """What a 360 px phone loads for a picture: its 360w WebP (or JPEG, whichever is larger)."""
    narrow = re.findall(r"(/images/\S+-360\.(?:webp|jpg)) 360w", picture)
    assert len(narrow) == 2, picture
    return max((build.output / url.lstrip("/")).stat().st_size for url in narrow)


def assert_budgets(build: BuildResult, listing: str, details: list[str]) -> None:
    cards = [pictures_of(card) for card in re.findall(r'<article class="card.*?</article>', build.page(listing),
                                                      re.DOTALL)]
    weights = [_bytes_at_360(build, found[0]) for found in cards if found]
    assert weights, f"no pictures on {listing}"
    assert max(weights) <= CARD_BUDGET, (listing, weights)
    assert sum(weights[:FIRST_SCREEN_CARDS]) <= FIRST_SCREEN_BUDGET, (listing, weights)
    for page in details:
        assert _bytes_at_360(build, pictures_of(build.page(page))[0]) <= DETAIL_BUDGET, page


def test_every_problem_of_a_picture_is_an_editors_error_with_file_and_line_in_one_round(site: Site):
    site.write("content/images/foto.jpg", photo_with_gps())
    site.write("content/images/text.jpg", b"not a picture at all")
    site.write("content/images/kaputt.jpg", photo_with_gps()[:4000])
    site.write("content/images/bombe.png", bomb_png(8000, 8000))  # 64 MP in 60 bytes
    site.write("content/images/riesig.png", bomb_png())  # 10 GP: Pillow refuses the header
    site.write("content/materials/bombe.png", bomb_png(8000, 8000))
    site.write("content/materials/groß.png", noise_png())
    site.write("data/site.yaml", site.read("data/site.yaml") + "limits: {image_bytes: 150000}\n")
    offer = site.read("content/offers/sprachpaten.de.md").replace(
        "status: open\n", "status: open\nimage: fehlt.jpg\nimage_alt: Ein Bild\n")
    site.write("content/offers/sprachpaten.de.md", offer + "\n![Text]({static}/images/text.jpg)\n")
    site.write("content/offers/fussball.de.md", site.read("content/offers/fussball.de.md").replace(
        "status: filled\n", "status: filled\nimage: foto.jpg\norganisation_typo: x\n"))
    site.write("content/offers/lesepaten.de.md", LESEPATEN.replace("foto.jpg", "bombe.png").replace(
        "image_alt: Ein aufgeschlagenes Buch\n", "image_alt: Ein Buch\nimage_decorative: true\n"))
    site.write("content/events/cafe.de.md", site.read("content/events/cafe.de.md").replace(
        "---\n", "---\nimage: kaputt.jpg\nimage_decorative: true\n", 1))
    orgs = site.read("data/organisations.yaml").replace(
        "  email: info@example.org\n", "  email: info@example.org\n  image: riesig.png\n", 1)
    site.write("data/organisations.yaml", orgs)
    started = time.monotonic()
    result = site.check()
    assert time.monotonic() - started < 60
    assert result.returncode == 1 and "Traceback" not in result.stderr
    offer, fussball, lese, cafe, orgs = (site.read(rel) for rel in (
        "content/offers/sprachpaten.de.md", "content/offers/fussball.de.md", "content/offers/lesepaten.de.md",
        "content/events/cafe.de.md", "data/organisations.yaml"))
    expected = [
        f"content/offers/sprachpaten.de.md:{line_of(offer, 'image:')}: image: content/images/fehlt.jpg: "
        "there is no file content/images/fehlt.jpg",
        f"content/offers/sprachpaten.de.md:{line_of(offer, '![Text]')}: body: content/images/text.jpg: "
        "text.jpg is not a JPEG, PNG, WebP or GIF picture",
        f"content/offers/fussball.de.md:{line_of(fussball, 'image:')}: image_alt: the picture needs image_alt",
        f"content/offers/fussball.de.md:{line_of(fussball, 'organisation_typo')}: organisation_typo:",
        f"content/offers/lesepaten.de.md:{line_of(lese, 'image:')}: image: content/images/bombe.png: "
        "the picture has 8000 × 8000 pixels; at most 50,000,000 are allowed (site.yaml limits: image_pixels)",
        f"content/offers/lesepaten.de.md:{line_of(lese, 'image_alt:')}: image_alt: a decorative picture has "
        "no description",
        f"content/events/cafe.de.md:{line_of(cafe, 'image:')}: image: content/images/kaputt.jpg: kaputt.jpg "
        "cannot be read as a picture",
        f"data/organisations.yaml:{line_of(orgs, 'image:')}: [0].image: "
        "content/images/riesig.png: the picture has far more than 50,000,000 pixels",
        "content/materials/bombe.png: the picture has 8000 × 8000 pixels",
        "content/materials/groß.png: the picture has ",
    ]
    for line in expected:
        assert line in result.stderr, f"{line}\n---\n{result.stderr}"
    assert "bytes; at most 150,000 are allowed (site.yaml limits: image_bytes)" in result.stderr


def test_a_rebuild_takes_unchanged_pictures_from_the_cache_and_writes_the_same_files(picture_build: BuildResult):
    site = picture_build.output.parent
    manifests = {path: path.stat().st_mtime_ns for path in (site / ".cache" / "portal_images").rglob("manifest.json")}
    assert len(manifests) >= 4  # the two responsive sets, the body's copy, the downloads
    before = published_pictures(picture_build.output)
    again = run_portal("build", site)
    assert again.returncode == 0, again.stderr
    assert {path: path.stat().st_mtime_ns for path in manifests} == manifests  # nothing encoded again
    assert published_pictures(again.output) == before


@pytest.mark.parametrize("listing", ["de/events/", "ar/events/", "de/offers/"])
def test_a_phone_loads_at_most_100_kb_of_pictures_for_a_listings_first_screen(browser, demo_server, listing):
    """Measured in Chromium at 360 × 740: every picture response while the listing loads."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    loaded: list[int] = []
    page.on("response", lambda response: loaded.append(len(response.body()))
            if response.request.resource_type == "image" and response.ok else None)
    page.goto(f"{demo_server}/{listing}")
    page.wait_for_load_state("networkidle")
    context.close()
    assert sum(loaded) <= FIRST_SCREEN_BUDGET, loaded
    if listing.endswith("events/"):
        assert loaded, "the demo's events show pictures"
