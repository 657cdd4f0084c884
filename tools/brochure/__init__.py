"""``make brochure``: a printable PDF per language of everything current on the portal.

    python tools/portal.py brochure [--site DIR] [--output DIR] [--into DIR] [--lang de …]

What agencies used to lay out by hand for shelters and counselling offices: a
cover, a table of contents with page numbers, then every current offer,
training, event and donation need on a page of its own, with its card's facts
and a QR code of its page's address. It reads the built site (``--output``,
built first with ``SITEURL`` set, so that the printed addresses and QR codes
are the published ones: :mod:`.listings`) and renders the theme's Jinja
templates (``theme/templates/brochure/``) with the theme's UI catalogues and
stylesheet; WeasyPrint lays out the PDF (fonts come from the system's
fontconfig: Noto for Arabic and Farsi, installed by the Makefile).
Writes ``<into>/brochure-<lang>.pdf``; each PDF is written beside its final
name and renamed into place, so a failure leaves no half-written brochure.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any, Callable

from .listings import MissingListing, sections
from .render import render_pdf


def main(argv: list[str], settings_of: Callable[..., dict[str, Any]]) -> int:
    """Write one brochure per language; 1 with a message naming what is missing."""
    from portal_content.data import load_site_data

    parser = argparse.ArgumentParser(prog="portal.py brochure", description=__doc__.splitlines()[0])
    parser.add_argument("--site", default=os.getcwd(), help="folder with content/ and data/")
    parser.add_argument("--output", default=None, help="the built site (default: SITE/output)")
    parser.add_argument("--into", default=None, help="where the PDFs go (default: SITE/brochure)")
    parser.add_argument("--lang", action="append", help="only this language (repeatable; default: all)")
    args = parser.parse_args(argv)
    site = os.path.abspath(args.site)
    output = Path(args.output or os.path.join(site, "output")).resolve()
    into = Path(args.into or os.path.join(site, "brochure")).resolve()
    settings = settings_of(site, str(output))
    data, errors = load_site_data(settings["PORTAL_DATA_PATH"], settings["PATH"])
    if data is None or errors:
        print("brochure: data/ has errors: run `make check`", file=sys.stderr)
        return 1
    if not settings.get("SITEURL", "").startswith(("http://", "https://")):
        print("brochure: SITEURL is not set: the brochure prints each item's address and its QR code, "
              "which need the published address. Run e.g. `make brochure SITEURL=https://example.org`.",
              file=sys.stderr)
        return 1
    types = [name for name in data.types if data.types[name].section]
    languages = args.lang or data.codes
    unknown = [lang for lang in languages if lang not in data.codes]
    if unknown:
        print(f"brochure: unknown language {', '.join(unknown)} (configured: {', '.join(data.codes)})",
              file=sys.stderr)
        return 1
    into.mkdir(parents=True, exist_ok=True)
    for lang in languages:
        try:
            found = sections(output, lang, types)
        except MissingListing as missing:
            print(f"brochure: {missing}", file=sys.stderr)
            return 1
        target = into / f"brochure-{lang}.pdf"
        pages = render_pdf(settings, data, lang, found, output, target)
        print(f"{target}: {pages} pages, {sum(len(s.items) for s in found)} items")
    return 0
