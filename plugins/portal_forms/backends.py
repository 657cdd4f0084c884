"""Where a form is sent: the back-end a form uses and the attributes it needs.

A form names its ``backend`` (and may name its own ``endpoint`` or ``email``);
otherwise ``data/site.yaml``'s ``forms:`` block applies. Without any setting a
form is sent by e-mail to the site's contact address, so a new site works
before an agency has chosen a form service.

- ``generic``: POST to an HTTPS endpoint (Formspree, Basin, Getform, a receiver
  of one's own); the success page's URL travels in the redirect field
  (``_next``, Formspree's name), the honeypot is ``_gotcha``.
- ``netlify``: Netlify Forms finds the form in the deployed HTML by
  ``data-netlify="true"``; its honeypot is named by ``netlify-honeypot``; the
  action is the success page.
- ``email``: ``mailto:`` with ``enctype="text/plain"`` and a prepared subject:
  the reader's mail program opens with the answers, nothing else is needed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping
from urllib.parse import quote, urlsplit

REDIRECT_FIELD = "_next"
HONEYPOT_FIELD = "_gotcha"
NETLIFY_HONEYPOT = "bot-field"
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")


@dataclass(frozen=True)
class Backend:
    """A form's resolved back-end settings."""

    name: str
    endpoint: str | None = None
    email: str | None = None
    redirect_field: str = REDIRECT_FIELD
    honeypot_field: str = HONEYPOT_FIELD


@dataclass(frozen=True)
class Submission:
    """What the ``<form>`` element needs for one back-end."""

    action: str
    enctype: str | None = None
    attributes: dict[str, str] = field(default_factory=dict)  # extra attributes of <form>
    hidden: list[tuple[str, str]] = field(default_factory=list)  # the back-end's hidden fields
    honeypot: str | None = None  # the trap field's name, if the back-end has one


def site_settings(site: Mapping[str, Any]) -> Mapping[str, Any]:
    settings = site.get("forms")
    return settings if isinstance(settings, Mapping) else {}


def backend_for(form: Mapping[str, Any], site: Mapping[str, Any]) -> Backend:
    """The back-end of ``form``: its own settings, else the site's, else e-mail."""
    settings = site_settings(site)
    endpoint = form.get("endpoint") or settings.get("endpoint")
    email = form.get("email") or settings.get("email") or (site.get("contact") or {}).get("email")
    name = form.get("backend") or settings.get("backend") or ("generic" if endpoint else "email")
    return Backend(
        name=name,
        endpoint=endpoint,
        email=email,
        redirect_field=settings.get("redirect_field", REDIRECT_FIELD),
        honeypot_field=settings.get("honeypot_field", HONEYPOT_FIELD),
    )


def endpoint_problem(url: str) -> str | None:
    """Why ``url`` may not receive form data, or None when it may."""
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return None
    if parts.scheme == "http" and parts.hostname in LOCAL_HOSTS:
        return None  # a receiver on this machine: local tests and previews
    return (f"the endpoint {url!r} must be an https:// address (http:// only for localhost or "
            "127.0.0.1, for a receiver on this machine)")


def submission(backend: Backend, form_id: str, success_url: str, subject: str) -> Submission:
    """The action, encoding, attributes and hidden fields for ``backend``."""
    if backend.name == "netlify":
        return Submission(
            action=success_url,
            attributes={"name": form_id, "data-netlify": "true", "netlify-honeypot": NETLIFY_HONEYPOT},
            hidden=[("form-name", form_id)],
            honeypot=NETLIFY_HONEYPOT,
        )
    if backend.name == "email":
        # A person's mail program sends it: no bot can, so no honeypot.
        return Submission(action=f"mailto:{backend.email}?subject={quote(subject)}", enctype="text/plain")
    return Submission(
        action=backend.endpoint or "",
        hidden=[(backend.redirect_field, success_url)],
        honeypot=backend.honeypot_field,
    )


def form_actions(forms: Mapping[str, Mapping[str, Any]], site: Mapping[str, Any]) -> list[str]:
    """Where the site's forms send their answers: an endpoint, or ``mailto:`` (the page's CSP
    ``form-action`` lists exactly these). Netlify's forms post to the site itself."""
    actions: set[str] = set()
    for definition in forms.values():
        backend = backend_for(definition, site)
        if backend.name == "email":
            actions.add("mailto:")
        elif backend.name != "netlify" and backend.endpoint:
            actions.add(backend.endpoint)
    return sorted(actions)
