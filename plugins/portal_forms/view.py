"""A form as one reader sees it at one place: fields, texts, back-end, hidden data.

Texts stay as they are in the YAML (a string or ``{de: …, en: …}``); templates
show them with the theme's ``text_span`` macro, which picks the reader's
language and marks a fallback to the default language with ``lang``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from .backends import backend_for, submission
from .schema import CHOICE_TYPES, GROUP_TYPES

#: Autofill tokens for common field names (WCAG 1.3.5), when the editor names none.
AUTOCOMPLETE_BY_NAME = {
    "name": "name", "full_name": "name", "first_name": "given-name", "given_name": "given-name",
    "last_name": "family-name", "family_name": "family-name", "surname": "family-name",
    "email": "email", "phone": "tel", "telephone": "tel", "mobile": "tel", "tel": "tel",
    "street": "street-address", "address": "street-address", "postcode": "postal-code",
    "postal_code": "postal-code", "zip": "postal-code", "city": "address-level2",
    "organisation": "organization", "organization": "organization", "birthday": "bday",
}
AUTOCOMPLETE_BY_TYPE = {"email": "email", "tel": "tel"}


@dataclass(frozen=True)
class FieldView:
    """One field of a rendered form."""

    name: str
    type: str
    label: Any
    id: str
    required: bool = False
    help: Any = None
    placeholder: Any = None
    options: list[tuple[str, Any]] = field(default_factory=list)
    min: Any = None
    max: Any = None
    autocomplete: str | None = None

    @property
    def help_id(self) -> str:
        return f"{self.id}-help"

    @property
    def group(self) -> bool:
        """Radio buttons and checkboxes: a fieldset whose legend is the label."""
        return self.type in GROUP_TYPES


@dataclass(frozen=True)
class SignupForm:
    """Everything ``partials/signup_form.html`` renders."""

    form_id: str
    id: str  # the <form>'s id; every control's id starts with it
    title: Any
    intro: Any
    submit: Any
    fields: list[FieldView]
    consent_text: Any
    privacy_url: str
    privacy_lang: str
    success_url: str  # where the back-end sends the reader after sending
    success_page_url: str  # the site's own thank-you page (success_page)
    thanks: Any  # what happens next, shown on an item's page at #thanks
    backend: str
    action: str
    enctype: str | None
    attributes: dict[str, str]
    hidden: list[tuple[str, str]]
    honeypot: str | None


def autocomplete_token(definition: Mapping[str, Any]) -> str | None:
    """The field's autofill token: the editor's, else one guessed from type or name."""
    if definition.get("autocomplete"):
        return definition["autocomplete"]
    kind, name = definition["type"], definition["name"]
    if kind in AUTOCOMPLETE_BY_TYPE:
        return AUTOCOMPLETE_BY_TYPE[kind]
    return AUTOCOMPLETE_BY_NAME.get(name) if kind in ("text", "date") else None


def in_language(value: Any, lang: str) -> str:
    """A text in ``lang`` or, failing that, its first version (for e-mail subjects)."""
    if isinstance(value, Mapping):
        return value.get(lang) or next(iter(value.values()), "")
    return "" if value is None else str(value)


def field_view(definition: Mapping[str, Any], form_element_id: str) -> FieldView:
    options = definition.get("options") if definition["type"] in CHOICE_TYPES else None
    return FieldView(
        name=definition["name"],
        type=definition["type"],
        label=definition["label"],
        id=f"{form_element_id}-{definition['name']}",
        required=bool(definition.get("required")),
        help=definition.get("help"),
        placeholder=definition.get("placeholder"),
        options=list((options or {}).items()),
        min=definition.get("min"),
        max=definition.get("max"),
        autocomplete=autocomplete_token(definition),
    )


def build_form(
    form_id: str,
    definition: Mapping[str, Any],
    site: Mapping[str, Any],
    *,
    lang: str,
    default_lang: str,
    element_id: str,
    page: Callable[[str], tuple[str, str]],
    about: tuple[str, str] | None = None,
    success_url: str | None = None,
) -> SignupForm:
    """The form ``form_id`` for a reader of ``lang``.

    ``page(slug)`` gives a content page's URL for this reader and the language
    it is shown in; ``about`` is the (slug, title) of the offer, training, event
    or page the form stands on, sent along in hidden fields (the title in the
    default language, so the agency reads every sign-up the same way).
    ``success_url`` is where the reader lands after sending (an item's own
    page at ``#thanks``); the form's ``success_page`` when not given.
    """
    success_page_url, _ = page(definition["success_page"])
    success_url = success_url or success_page_url
    privacy_url, privacy_lang = page(definition["consent"]["privacy_page"])
    slug, title = about or ("", "")
    subject = in_language(definition["title"], default_lang) + (f": {title}" if title else "")
    backend = backend_for(definition, site)
    sent = submission(backend, form_id, success_url, subject)
    return SignupForm(
        form_id=form_id,
        id=element_id,
        title=definition["title"],
        intro=definition.get("intro"),
        submit=definition.get("submit"),
        fields=[field_view(f, element_id) for f in definition["fields"]],
        consent_text=definition["consent"]["text"],
        privacy_url=privacy_url,
        privacy_lang=privacy_lang,
        success_url=success_url,
        success_page_url=success_page_url,
        thanks=definition.get("thanks"),
        backend=backend.name,
        action=sent.action,
        enctype=sent.enctype,
        attributes=sent.attributes,
        hidden=[*sent.hidden, ("offer", slug), ("offer_title", title), ("language", lang)],
        honeypot=sent.honeypot,
    )
