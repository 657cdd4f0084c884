"""The host recipes the build writes into the output: one plan, four host dialects.

- ``_headers`` and ``_redirects`` for Netlify and Cloudflare Pages,
- ``.htaccess`` for Apache (the portal's folder as document root or below it),
- ``.nginx.conf``, to ``include`` in the nginx ``server {}`` that serves the folder.

Each says the same things: the security headers of :mod:`.policy` (``/admin/``
only its own policy), a year's caching for files whose name carries a hash of
their content (:data:`FINGERPRINTED`) and revalidation for every other file,
``/`` to the reader's language by ``Accept-Language`` where the host can, else
the language chooser page there, and each language's own 404 page. nginx and
Apache are also told to compress the text files beside HTML
(:data:`COMPRESSED`): their defaults leave out the listings' ``items.json``
(up to a megabyte, some 30 KB with gzip), the calendars and the feeds, which
the static hosts compress by themselves.

The trap: ``_headers`` matches a ``*`` only as a whole path segment (Netlify's
parser; Cloudflare Pages allows one splat per rule and at most 100 rules), so
it can cache whole folders but not pictures picked by name: it caches only
Pagefind's hashed folders (:data:`IMMUTABLE_FOLDERS`); nginx and Apache match
:data:`FINGERPRINTED` as a regular expression.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from .policy import OTHER_HEADERS, Policy, header_paths

#: Folders of Pagefind's bundle in which every file is named by a hash of its content.
IMMUTABLE_FOLDERS = ("pagefind/fragment/", "pagefind/index/", "pagefind/filter/")
#: Every path (after the site's sub-path) whose name carries a hash of its content:
#: those folders, Pagefind's metadata per language (``pagefind.de_<hash>.pf_meta``),
#: and the pictures of image fields (``images/<name>-<hash>-<width>.<format>``).
#: Not CSS, JS, Pagefind's ``pagefind.js`` or WebAssembly: their names stay.
FINGERPRINTED = (r"^/(?:pagefind/(?:fragment|index|filter)/[^/]+"
                 r"|pagefind/pagefind\.[^/]+_[0-9a-f]{7,}\.pf_meta"
                 r"|images/.+-[0-9a-f]{10}-[0-9]+\.(?:webp|jpg))$")
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
#: The media types besides HTML that nginx and Apache compress when the reader's browser accepts gzip.
COMPRESSED = ("application/json", "text/calendar", "application/atom+xml", "application/xml", "text/xml",
              "text/css", "text/javascript", "application/javascript", "image/svg+xml", "text/plain")
#: The files that configure a host; none of them is served to readers.
RECIPES = ("_headers", "_redirects", ".htaccess", ".nginx.conf")
_RECIPE_NAMES = "(?:" + "|".join(re.escape(name) for name in RECIPES) + ")"


@dataclass(frozen=True)
class HostPlan:
    """What every recipe says, for one build."""

    site: Policy
    admin: Policy | None
    languages: tuple[str, ...]
    #: The site's sub-path ("" at a host's root, "/portal" under one), from SITEURL.
    prefix: str = ""

    def language_pattern(self) -> str:
        """A regular expression for an ``Accept-Language`` whose first language the site has."""
        codes = "|".join(re.escape(code) for code in self.languages)
        return rf"^\s*({codes})(?:[-_;,\s]|$)"


# -- Netlify and Cloudflare Pages ------------------------------------------------------


def _rule(path: str, headers: Iterable[tuple[str, str]]) -> list[str]:
    return [path, *(f"  {name}: {value}" for name, value in headers), ""]


def _security(policy: Policy) -> list[tuple[str, str]]:
    return [("Content-Security-Policy", policy.header()), *OTHER_HEADERS]


def headers_file(plan: HostPlan, top_level: Iterable[str]) -> str:
    """``_headers``: the site's policy everywhere but /admin/; a year's caching for hashed folders."""
    lines = ["# Netlify and Cloudflare Pages: headers, written by the build.",
             "# Both apply every rule that matches a path: no rule here sets a policy",
             "# on /admin/ but the last, so the CMS gets its own policy and only that one.", ""]
    for path in header_paths(top_level):
        lines += _rule(path, _security(plan.site))
    for folder in IMMUTABLE_FOLDERS:
        lines += _rule(f"/{folder}*", [("Cache-Control", IMMUTABLE)])
    if plan.admin is not None:
        lines += _rule("/admin/*", _security(plan.admin))
    return "\n".join(lines)


def redirects_file(plan: HostPlan) -> str:
    """``_redirects``: ``/`` by language (Netlify) and each language's 404 page."""
    lines = ["# Netlify and Cloudflare Pages: redirects, written by the build.",
             "# / to the first language of the reader's Accept-Language that the portal has",
             "# (Netlify; forced: / has the language chooser page). Cloudflare Pages ignores",
             "# lines with conditions or a 404 status: it serves the chooser page at / and",
             "# finds the nearest 404.html by itself."]
    lines += [f"/  /{code}/  302!  Language={code}" for code in plan.languages]
    lines += [f"/{code}/*  /{code}/404.html  404" for code in plan.languages]
    return "\n".join(lines) + "\n"


# -- nginx -----------------------------------------------------------------------------


def _nginx_headers(policy: Policy, cache: str, indent: str = "") -> list[str]:
    return [f'{indent}add_header {name} "{value}" always;'
            for name, value in [*_security(policy), ("Cache-Control", cache)]]


def nginx_conf(plan: HostPlan) -> str:
    """``.nginx.conf``, for the ``server {}`` that serves the output (``root``/``alias`` set there).

    nginx's ``add_header`` in a ``location`` replaces every inherited one, so each
    location that adds a header repeats the security headers.
    """
    p, rp = plan.prefix, re.escape(plan.prefix)
    lines = ["# nginx: headers, language choice, 404 pages and caching, written by the build.",
             "# In the server {} that serves this folder: include <this folder>/.nginx.conf;",
             "index index.html;", f"error_page 404 {p}/404.html;",
             "gzip on;", f"gzip_types {' '.join(COMPRESSED)};",
             # nginx's mime.types has no .ics: without this a phone gets a download, not its calendar
             f'location ~ "^{rp}/.+\\.ics$" {{ default_type text/calendar; }}',
             *_nginx_headers(plan.site, REVALIDATE),
             f'location ~ "^{rp}/{_RECIPE_NAMES}$" {{ return 404; }}',
             f"location = {p}/ {{",
             f'    if ($http_accept_language ~* "{plan.language_pattern()}") {{ return 302 {p}/$1/; }}',
             f"    try_files {p}/index.html =404;  # served here, so that these headers apply",
             *_nginx_headers(plan.site, REVALIDATE, "    "),
             '    add_header Vary "Accept-Language" always;', "}"]
    lines += [f"location {p}/{code}/ {{ error_page 404 {p}/{code}/404.html; }}" for code in plan.languages]
    lines += [f'location ~ "^{rp}{FINGERPRINTED[1:]}" {{',
              *_nginx_headers(plan.site, IMMUTABLE, "    "), "}"]
    if plan.admin is not None:
        lines += [f"location ^~ {p}/admin/ {{", *_nginx_headers(plan.admin, REVALIDATE, "    "), "}"]
    return "\n".join(lines) + "\n"


# -- Apache ----------------------------------------------------------------------------


def _apache_headers(headers: Iterable[tuple[str, str]], indent: str = "") -> list[str]:
    return [f'{indent}Header always set {name} "{value}"' for name, value in headers]


def htaccess(plan: HostPlan) -> str:
    """``.htaccess`` (mod_headers, mod_rewrite; ``AllowOverride FileInfo Indexes AuthConfig``).

    An ``<If>`` section is merged after the folder's own directives, so a header
    it sets replaces the one set above it.
    """
    p, rp = plan.prefix, re.escape(plan.prefix)
    lines = ["# Apache: headers, language choice, 404 pages and caching, written by the build.",
             "# Needs mod_headers and mod_rewrite, and AllowOverride FileInfo Indexes AuthConfig.",
             "DirectoryIndex index.html", f"ErrorDocument 404 {p}/404.html",
             "<IfModule mod_deflate.c>", f"    AddOutputFilterByType DEFLATE {' '.join(COMPRESSED)}", "</IfModule>"]
    for code in plan.languages:
        lines += [f'<If "%{{REQUEST_URI}} =~ m#^{rp}/{code}/#">', f"    ErrorDocument 404 {p}/{code}/404.html",
                  "</If>"]
    lines += _apache_headers([*_security(plan.site), ("Cache-Control", REVALIDATE)])
    if plan.admin is not None:
        lines += [f'<If "%{{REQUEST_URI}} =~ m#^{rp}/admin/#i">', *_apache_headers(_security(plan.admin), "    "),
                  "</If>"]
    lines += [f'<If "%{{REQUEST_URI}} =~ m#^{rp}{FINGERPRINTED[1:]}#">',
              *_apache_headers([("Cache-Control", IMMUTABLE)], "    "), "</If>",
              # mod_dir serves / as /index.html: the chooser page varies with the language too
              f"<If \"%{{REQUEST_URI}} in {{'{p}/', '{p}/index.html'}}\">",
              '    Header always append Vary "Accept-Language"', "</If>",
              "RewriteEngine On",
              f'RewriteCond "%{{HTTP:Accept-Language}}" "{plan.language_pattern()}" [NC]',
              f'RewriteRule "^$" "{p}/%1/" [R=302,L]',
              f'<FilesMatch "^{_RECIPE_NAMES}$">', "    Require all denied", "</FilesMatch>"]
    return "\n".join(lines) + "\n"


def recipes(plan: HostPlan) -> dict[str, str]:
    """Every recipe but ``_headers`` (written last: it lists the output's top-level names)."""
    return {"_redirects": redirects_file(plan), ".htaccess": htaccess(plan), ".nginx.conf": nginx_conf(plan)}
