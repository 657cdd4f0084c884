"""Which link targets an editor may write."""

from __future__ import annotations

from urllib.parse import urlsplit

ALLOWED_SCHEMES = ("http", "https", "mailto", "tel")


def scheme_problem(url: str) -> str | None:
    """Why ``url`` may not be linked, or None when it may."""
    scheme = urlsplit(url.strip()).scheme.lower()
    if scheme and scheme not in ALLOWED_SCHEMES:
        return (
            f"the link {url!r} uses '{scheme}:'; only http, https, mailto and tel "
            "links (or links inside the site) are allowed"
        )
    return None
