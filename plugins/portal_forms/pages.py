"""Each form's page of its own: ``/<lang>/forms/<id>/`` in every language.

Editors link to it from anywhere (a newsletter, a poster's QR code); it is
written through portal_site's ``write_pages`` signal with the ``form_page``
template.
"""

from __future__ import annotations

from typing import Any


def form_path(lang: str, form_id: str) -> str:
    return f"{lang}/forms/{form_id}/"


def write_form_pages(site: Any, writer: Any = None) -> None:
    """``write_pages`` receiver: one page per form and language."""
    data = site.portal.data
    for form_id in data.forms:
        for lang in data.codes:
            site.write(form_path(lang, form_id), "form_page", lang, None, page_kind="form", form_id=form_id,
                       made_of=[])
