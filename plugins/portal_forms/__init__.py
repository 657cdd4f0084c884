"""portal_forms: sign-up forms from ``data/forms/<id>.yaml``, in every language.

A form is data: the plugin checks each definition (through portal_content's
``validate`` signal, so its errors are listed with all others, with file, line
and field) and renders it as plain HTML5 that works without JavaScript:

- on offer pages (``signup``, else the site's ``default_form``; none with
  ``signup: false``; a filled or paused offer says why there is none), on
  trainings and events with ``registration: <form id>``, on pages with
  ``signup: <form id>`` — through the theme's ``partials/detail_form.html``;
- inside a body at a ``[[form: <id>]]`` marker (the ``with_forms`` filter);
- on a page of its own per form and language, ``/<lang>/forms/<id>/``.

Back-ends (generic HTTPS endpoint, Netlify Forms, e-mail): see :mod:`.backends`.
"""

from __future__ import annotations

import os
from typing import Any

from pelican import signals
from portal_content import ContentError, SiteData, validate
from portal_site import write_pages

from .backends import form_actions
from .environment import add_to_environment
from .pages import write_form_pages
from .schema import FORM as FORM_SCHEMA, SITE_FORMS as SITE_FORMS_SCHEMA
from .checks import check_forms

# FORM_SCHEMA / SITE_FORMS_SCHEMA: the JSON Schemas of data/forms/<id>.yaml and of
# site.yaml's forms: block, for editors' tools.
# form_actions: where the forms send their answers (for the pages' Content-Security-Policy).
__all__ = ["FORM_SCHEMA", "SITE_FORMS_SCHEMA", "check_forms", "form_actions", "register"]

def _validate(data: SiteData, documents: list[dict[str, Any]] = (), data_dir: str = "data",
              **_: Any) -> list[ContentError]:
    """``validate`` receiver; errors in site.yaml's ``forms:`` block name the file as portal_content does."""
    return check_forms(data, documents, site_path=os.path.relpath(os.path.join(data_dir, "site.yaml")))


def register() -> None:
    signals.generator_init.connect(add_to_environment)
    validate.connect(_validate)
    write_pages.connect(write_form_pages)
