"""portal_security: the Content-Security-Policy of every page, and the header files for hosts.

- Every page's head carries the site's policy as ``<meta http-equiv>``
  (``{{ csp_meta() }}`` in the templates), so that a host that sends no
  headers (GitHub Pages, GitLab Pages, a USB stick) still runs no injected
  script, no ``<base>``, no plugin, and no form posting anywhere but to the
  configured back-ends.
- The build writes the host recipes (:mod:`.hosts`): ``_headers`` and
  ``_redirects`` (Netlify, Cloudflare Pages), ``.htaccess`` (Apache) and
  ``.nginx.conf``, with the header form of the policy, which also forbids
  framing; ``/admin/`` gets the CMS's own policy there.

The policies themselves are defined once, in :mod:`.policy`; the admin page
(portal_editors) takes its policy from there too.
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import urlsplit

from jinja2 import pass_context
from markupsafe import Markup
from pelican import signals

from portal_content import SiteData
from portal_forms import form_actions
from portal_site import write_pages

from .hosts import HostPlan, headers_file, recipes
from .policy import Policy, admin_policy, meta_element, site_policy

__all__ = ["Policy", "admin_policy", "policies", "register", "site_policy"]

HEADERS_FILE = "_headers"
#: The build's :class:`HostPlan`, kept in its settings between writing the pages and ``finalized``.
SETTING = "PORTAL_HOST_PLAN"


def policies(data: SiteData) -> tuple[Policy, Policy | None]:
    """The public site's policy and, when the CMS is enabled, that of /admin/."""
    site = site_policy(form_actions(data.forms, data.site))
    admin = data.site.get("admin") or {}
    if not admin.get("enabled"):
        return site, None
    return site, admin_policy(admin.get("backend"), admin.get("local_backend"))


class CspMeta:
    """``csp_meta()`` of one template environment, so of one build: the element is
    made on first use, from this build's data, and kept for every other page."""

    def __init__(self) -> None:
        self.element: Markup | None = None

    @pass_context
    def csp_meta(self, context: Any) -> Markup:
        """The page's ``<meta http-equiv="Content-Security-Policy">`` (the same on every page)."""
        if self.element is None:
            self.element = Markup(meta_element(policies(context["portal"].data)[0]))
        return self.element


def add_to_environment(generator: Any) -> None:
    """``generator_init`` receiver: the ``csp_meta()`` function for every template."""
    env = getattr(generator, "env", None)
    if env is not None:
        env.globals["csp_meta"] = CspMeta().csp_meta


def remember_policies(site: Any, writer: Any = None) -> None:
    """``write_pages`` receiver: this build's policies and languages, for the host files at the end."""
    data = site.portal.data
    prefix = urlsplit(site.settings.get("SITEURL") or "").path.rstrip("/")
    site.settings[SETTING] = HostPlan(*policies(data), tuple(data.codes), prefix)


def write_host_files(pelican: Any) -> None:
    """``finalized`` receiver: the host recipes; ``_headers`` last, with a rule for each
    top-level entry of the output."""
    plan = pelican.settings.get(SETTING)
    if plan is None:
        return
    output = pelican.output_path
    for name, text in recipes(plan).items():
        with open(os.path.join(output, name), "w", encoding="utf-8") as handle:
            handle.write(text)
    top_level = [entry.name + ("/" if entry.is_dir() else "") for entry in os.scandir(output)]
    with open(os.path.join(output, HEADERS_FILE), "w", encoding="utf-8") as handle:
        handle.write(headers_file(plan, top_level))


def register() -> None:
    signals.generator_init.connect(add_to_environment)
    write_pages.connect(remember_policies)
    signals.finalized.connect(write_host_files)
