"""The same Markdown as a plain Pelican site: the reference the portal is measured against.

Each portal document becomes a Pelican article with the same body and a
``Key: value`` metadata header that Pelican's Markdown reader reads (the YAML
front matter converted): ``Title``, ``Date``, ``Lang`` and ``Slug``, so that
Pelican links translations natively (same slug, other ``lang``), ``Tags`` from
``areas``, ``Summary``, and every other scalar field as extra metadata. The
folders stay the same (categories = content types), so ``{filename}`` links
resolve. The settings are those of ``pelican-quickstart`` (default theme,
pagination by 10, no feeds while developing) with the same content cache as the
portal's; the portal's ``pages/`` are articles too (category "pages").
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

SETTINGS = '''"""Plain Pelican, as pelican-quickstart sets it up, with the portal's content cache."""
AUTHOR = "Benchmark"
SITENAME = "Plain Pelican"
SITEURL = ""
PATH = {path!r}
TIMEZONE = "Europe/Berlin"
DEFAULT_LANG = "de"
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
LINKS = (("Pelican", "https://getpelican.com/"),)
SOCIAL = (("You can add links in your config file", "#"),)
DEFAULT_PAGINATION = 10
STATIC_PATHS = ["images", "materials"]
PAGE_PATHS = ["pelican-pages"]  # the portal's pages/ are articles here, like every other type
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = {cache!r}
CHECK_MODIFIED_METHOD = "mtime"
'''


def _split(source: str) -> tuple[dict[str, Any], str]:
    _, front, body = source.split("---\n", 2)
    return yaml.load(front, Loader=yaml.BaseLoader) or {}, body  # every value as the editor wrote it


def _header(meta: dict[str, Any], lang: str, slug: str, date: str) -> str:
    lines = {"Title": meta["title"], "Date": date.replace("T", " "), "Lang": lang, "Slug": slug}
    if meta.get("summary"):
        lines["Summary"] = meta["summary"]
    if meta.get("areas"):
        lines["Tags"] = ", ".join(meta["areas"])
    if meta.get("draft") == "true":
        lines["Status"] = "draft"
    for key, value in meta.items():
        name = key.replace("_", "-").capitalize()
        if key in ("title", "summary", "areas", "draft", "status") or name in lines:
            continue
        if isinstance(value, list):
            lines[name] = ", ".join(str(v) for v in value)
        elif isinstance(value, str):
            lines[name] = value
    return "".join(f"{key}: {value}\n" for key, value in lines.items())


def convert(site_content: Path, plain_content: Path) -> int:
    """Write the plain Pelican articles; returns the number of documents."""
    sources = sorted(site_content.glob("*/*.de.md"))
    dates: dict[tuple[str, str], str] = {}
    count = 0
    for path in sorted(site_content.glob("*/*.md"), key=lambda p: (p not in sources, p)):
        doc_type = path.parent.name
        slug, lang = path.name.split(".")[:2]
        meta, body = _split(path.read_text(encoding="utf-8"))
        if lang == "de":
            dates[doc_type, slug] = meta.get("start") or meta.get("updated") or "2026-11-26"
        target = plain_content / doc_type / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        header = _header(meta, lang, slug, dates[doc_type, slug])
        target.write_text(header + "\n" + body, encoding="utf-8")
        count += 1
    if (site_content / "materials").is_dir():
        shutil.copytree(site_content / "materials", plain_content / "materials", dirs_exist_ok=True)
    return count


def write_settings(plain: Path) -> Path:
    """The plain site's settings file; content in ``plain/content``, cache in ``plain/.cache``."""
    settings = plain / "pelicanconf.py"
    settings.write_text(SETTINGS.format(path=str(plain / "content"), cache=str(plain / ".cache")),
                        encoding="utf-8")
    return settings
