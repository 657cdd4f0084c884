"""What WeasyPrint may load for the brochure: files of the built site, nothing else.

Cards link their images and the page its stylesheet; with ``SITEURL`` set those
addresses are absolute (``https://example.org/portal/…``). The brochure maps them
onto the built folder instead of fetching them over the network (which might not
be reachable, or not yet hold this build), and refuses anything outside the
folder: a file elsewhere on the machine or another host.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher


class SiteFiles(URLFetcher):
    """A URL fetcher confined to ``output``, reading ``siteurl``'s addresses from it."""

    def __init__(self, output: Path, siteurl: str) -> None:
        super().__init__(allowed_protocols=("file", "data"))
        self.output = output.resolve()
        self.siteurl = siteurl.rstrip("/")

    def local(self, url: str) -> str:
        """The ``file:`` URL of the built file that ``url`` names; ValueError if none may be read."""
        if url.startswith("data:"):
            return url
        if url.startswith(self.siteurl + "/"):
            path = self.output / unquote(urlsplit(url[len(self.siteurl) + 1:]).path)
        elif urlsplit(url).scheme == "file":
            path = Path(unquote(urlsplit(url).path))
        else:
            raise ValueError(f"the brochure loads nothing from another host: {url}")
        path = path.resolve()
        if path.is_dir():
            path = path / "index.html"
        if not path.is_relative_to(self.output):
            raise ValueError(f"the brochure loads only files of the built site: {url}")
        return path.as_uri()

    def fetch(self, url: str, headers: dict | None = None):  # noqa: D102 (URLFetcher's interface)
        return super().fetch(self.local(url), headers)
