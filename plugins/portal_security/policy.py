"""The site's Content-Security-Policy and other security headers: the one definition.

Every form the policy takes is rendered from :func:`site_policy` and
:func:`admin_policy`: the ``<meta http-equiv>`` on every page (for hosts that
send no headers, such as GitHub and GitLab Pages), the ``_headers`` file for
Netlify and Cloudflare Pages, the nginx and Apache files (:mod:`.hosts`), and
the nginx and Apache snippets in the README.

Two traps. A policy in a ``<meta>`` element ignores ``frame-ancestors``,
``report-uri`` and ``sandbox``, so those go into the header form only. And
Netlify and Cloudflare Pages apply *every* ``_headers`` rule that matches a
path (a header set twice is joined with a comma, which for a CSP means both
policies apply): a site-wide ``/*`` rule would also land on ``/admin/`` and
break the CMS. So :func:`header_paths` gives one rule per top-level folder or
file of the output and none that matches ``/admin/``; :mod:`.hosts` writes the
host files from them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable
from urllib.parse import quote, urlsplit

#: Directives a browser ignores when the policy comes from a <meta> element.
HEADER_ONLY = ("frame-ancestors", "report-uri", "report-to", "sandbox")

#: The public site: its own files only; no inline script or style; WebAssembly
#: for Pagefind's search; no plugins, no <base>; forms post to the site or to
#: the configured form back-ends (added by :func:`site_policy`); never framed.
SITE = (
    ("default-src", ("'self'",)),
    ("script-src", ("'self'", "'wasm-unsafe-eval'")),
    ("style-src", ("'self'",)),
    ("img-src", ("'self'", "data:")),
    ("object-src", ("'none'",)),
    ("base-uri", ("'none'",)),
    ("form-action", ("'self'",)),
    ("frame-ancestors", ("'none'",)),
)

#: /admin/ (Decap CMS), measured by tests/test_admin.py: Decap compiles its
#: config schema at run time ('unsafe-eval') and styles its UI inline
#: (CSS-in-JS); it shows blob: and data: previews; the backend's API host is
#: added to connect-src by :func:`admin_policy`.
ADMIN = (
    ("default-src", ("'self'",)),
    ("script-src", ("'self'", "'unsafe-eval'")),
    ("style-src", ("'self'", "'unsafe-inline'")),
    ("img-src", ("'self'", "data:", "blob:")),
    ("connect-src", ("'self'",)),
    ("object-src", ("'none'",)),
    ("base-uri", ("'none'",)),
    ("form-action", ("'self'", "https:")),
    ("frame-ancestors", ("'none'",)),
)

#: Sent with every file besides the policy: no guessing of a file's type (an
#: uploaded text file is never run as a script or page).
OTHER_HEADERS = (("X-Content-Type-Options", "nosniff"),)

#: Where Decap's backends talk to (API and login), when the site names none.
BACKEND_HOSTS = {
    "github": ("https://api.github.com",),
    "gitlab": ("https://gitlab.com",),
}
BACKEND_IMAGES = {"github": ("https://avatars.githubusercontent.com",)}
#: Decap's local_backend (``npx decap-server``) listens here by default.
LOCAL_BACKEND = "http://localhost:8081"


@dataclass(frozen=True)
class Policy:
    """A Content-Security-Policy as directives, in a fixed order."""

    directives: tuple[tuple[str, tuple[str, ...]], ...]

    def header(self) -> str:
        """The value of the ``Content-Security-Policy`` header."""
        return "; ".join(f"{name} {' '.join(sources)}" for name, sources in self.directives)

    def meta(self) -> str:
        """The same policy as a ``<meta http-equiv>`` carries it (without header-only directives)."""
        return "; ".join(f"{name} {' '.join(sources)}" for name, sources in self.directives
                         if name not in HEADER_ONLY)


def _with(directives: tuple, name: str, extra: Iterable[str]) -> tuple:
    extra = tuple(dict.fromkeys(extra))
    return tuple((key, tuple(dict.fromkeys(sources + extra)) if key == name else sources)
                 for key, sources in directives)


#: A host (and port) as a source expression may hold it: nothing that could end
#: the directive (';'), the policy (',') or the attribute.
HOST = re.compile(r"[A-Za-z0-9.-]+(?::[0-9]{1,5})?")


def _origin(url: str) -> str | None:
    parts = urlsplit(str(url))
    if parts.scheme in ("https", "http") and HOST.fullmatch(parts.netloc):
        return f"{parts.scheme}://{parts.netloc}"
    return None


def source_of(url: str) -> str | None:
    """A CSP source expression for a form's ``action``: ``mailto:``, the exact https address,
    or None (an address on the site itself, covered by 'self', or one no policy can name)."""
    if urlsplit(url).scheme == "mailto":
        return "mailto:"
    origin = _origin(url)
    return f"{origin}{quote(urlsplit(url).path or '/', safe='/%')}" if origin else None


def site_policy(form_actions: Iterable[str] = ()) -> Policy:
    """The public site's policy; ``form_actions``: where its forms post (each form's ``action``)."""
    sources = sorted({source for url in form_actions if (source := source_of(url))})
    return Policy(_with(SITE, "form-action", sources))


def admin_policy(backend: dict | None = None, local_backend: object = False) -> Policy:
    """The policy of /admin/ for Decap's ``backend`` settings (from data/site.yaml ``admin:``)."""
    backend = backend or {}
    name = backend.get("name", "")
    hosts = [origin for key in ("api_root", "base_url") if (origin := _origin(backend.get(key, "")))]
    if not hosts:
        hosts = list(BACKEND_HOSTS.get(name, ()))
    if local_backend:
        url = local_backend.get("url") if isinstance(local_backend, dict) else None
        hosts.append(_origin(url) if url and _origin(url) else LOCAL_BACKEND)
    directives = _with(ADMIN, "connect-src", hosts)
    return Policy(_with(directives, "img-src", BACKEND_IMAGES.get(name, ())))


def meta_element(policy: Policy) -> str:
    """The ``<meta>`` element that carries ``policy``."""
    content = policy.meta().replace("&", "&amp;").replace('"', "&quot;")
    return f'<meta http-equiv="Content-Security-Policy" content="{content}">'


# -- the header forms ------------------------------------------------------------------


def _rule(path: str, policy: Policy) -> list[str]:
    return [path, f"  Content-Security-Policy: {policy.header()}",
            *(f"  {name}: {value}" for name, value in OTHER_HEADERS)]


def header_paths(top_level: Iterable[str], admin_folder: str = "admin") -> list[str]:
    """The ``_headers`` paths that cover every file of the site but ``/admin/``.

    ``top_level``: the names of the output's top-level folders (ending in ``/``) and files.
    """
    paths = ["/"]
    for name in sorted(top_level):
        if name.rstrip("/") in (admin_folder, "_headers"):
            continue
        paths.append(f"/{name}*" if name.endswith("/") else f"/{name}")
    return paths


def nginx_snippet(site: Policy, admin: Policy) -> str:
    """For an nginx ``server {}``: ``add_header`` in a location replaces all inherited ones."""
    def adds(policy: Policy, indent: str) -> list[str]:
        return [f'{indent}add_header Content-Security-Policy "{policy.header()}" always;',
                *(f'{indent}add_header {name} "{value}" always;' for name, value in OTHER_HEADERS)]

    return "\n".join([*adds(site, ""), "location /admin/ {", *adds(admin, "    "), "}"])


def apache_snippet(site: Policy, admin: Policy) -> str:
    """For an Apache ``<VirtualHost>`` (mod_headers): ``<Location>`` is applied last, so it wins."""
    def sets(policy: Policy, indent: str) -> list[str]:
        return [f'{indent}Header always set Content-Security-Policy "{policy.header()}"',
                *(f'{indent}Header always set {name} "{value}"' for name, value in OTHER_HEADERS)]

    return "\n".join([*sets(site, ""), '<Location "/admin/">', *sets(admin, "    "), "</Location>"])
