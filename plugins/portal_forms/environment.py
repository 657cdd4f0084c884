"""What templates get from this plugin: where a form goes, the form, the marker filter.

- ``signup_for(item)``: the form on an item's page, or why there is none
  (``filled``, ``paused``, ``closed``) — see :func:`placement`;
- ``signup_form(form_id, item=None)``: a form for the page being rendered;
- ``signup_html(form_id, item=None)``: ``partials/signup.html`` with that form;
- ``signup_action(item)``: the id of the first form on an item's page, for the
  action beside its title; ``signup_thanks(item)``: the form whose thank-you an
  offer's, training's or event's page shows at ``#thanks``;
- ``|with_forms``: replaces ``[[form: id]]`` markers in a body's HTML.

After sending, a form on an offer, training or event leads back to that page
at ``#thanks`` (the theme shows the thank-you section there with CSS
``:target``): the reader stays in their language and reads what they signed up
for, with no page per item and language. Forms elsewhere lead to the form's
``success_page``.

All of them read the page's context (``lang``, ``portal``, ``links``),
so one template environment renders every language.

A form's HTML is the same on every page of a language but for the slug and
title of the item it stands on (hidden fields, an e-mail's subject), so
:func:`signup_html` renders it once per form, element id and language with
stand-ins for those two and fills them in per page: rendering it on every
offer page took about a third of an offer page's time (make bench's profile).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from jinja2 import pass_context
from markupsafe import Markup, escape

import portal_engine
from portal_content import CHOICES

from .markers import find_markers, replace_markers
from .view import SignupForm, build_form

SIGNUP_TEMPLATE = "partials/signup.html"
CLOSED_TEMPLATE = "partials/signup_closed.html"

#: Stand-ins for an item's slug and title in a form rendered once for all pages:
#: letters only, so HTML escaping and URL quoting leave them as they are.
SLUG_STAND_IN = "portalformsslugstandin"
TITLE_STAND_IN = "portalformstitlestandin"
#: ... and for the item's page (the success URL) and its title in the form's heading.
SUCCESS_STAND_IN = "portalformssuccessstandin"
NAMES_STAND_IN = "portalformsnamesstandin"

THANKS_FRAGMENT = "thanks"


@dataclass(frozen=True)
class Placement:
    """The form on a page (its id: ``signup_html`` renders it), or the reason
    (``filled``, ``paused``, ``closed``) there is none."""

    form_id: str | None = None
    reason: str | None = None


def form_id_for(content_type: Any, values: dict[str, Any], default_form: str | None) -> str | None:
    """The form an item names in its type's form field (registry: the field whose ``ref`` is
    ``forms``): ``signup`` of offers is the site's default form when absent and none when
    ``false``; ``registration`` of trainings and events is a form only when not a URL."""
    field = content_type.form_field
    if field is None:
        return None
    if field.kind == "form_or_false":
        return values.get(field.name, default_form) or None
    chosen = values.get(field.name)
    if field.kind == "form_or_url":
        is_url = isinstance(chosen, str) and (":" in chosen or chosen.startswith("/"))
        return None if is_url else chosen
    return chosen


def closed_reason(item: Any) -> str | None:
    """Why an item takes no sign-ups now: ``ended``, ``filled``, ``paused`` or ``closed``."""
    if item.ended:
        return "ended"  # the page already says that it has ended
    status = item.values.get("status")
    if any(choice.value == status and not choice.takes_signups for choice in CHOICES["status"]):
        return status
    if item.deadline_passed:
        return "closed"
    return None


def _about(item: Any) -> tuple[str, str] | None:
    """The (slug, title) a form sends along: the title in the item's own language."""
    return (item.slug, item.item.text("title", item.item.source_lang)) if item is not None else None


def thanks_here(item: Any) -> bool:
    """Whether ``item``'s page is where its form's readers land after sending (at ``#thanks``).

    So it is for the items of every type with a section and a field that names a form
    (offers, trainings, events); a content page's form leads to the form's success page.
    """
    if item is None:
        return False
    content_type = item.portal.types[item.type]
    return content_type.section and content_type.form_field is not None


def _build(context: Any, form_id: str, about: tuple[str, str] | None, element_id: str | None,
           success_url: str | None = None) -> SignupForm | None:
    portal = context["portal"]
    definition = portal.data.forms.get(form_id)
    if definition is None:
        return None
    lang = context["lang"]

    def page(slug: str) -> tuple[str, str]:
        page_item = portal.page(slug)
        return context["links"].page(slug), (lang if lang in page_item.languages else page_item.source_lang)

    return build_form(form_id, definition, portal.data.site, lang=lang, default_lang=portal.data.default_lang,
                      element_id=element_id or f"signup-{form_id}", page=page, about=about,
                      success_url=success_url)


@pass_context
def signup_form(context: Any, form_id: str, item: Any = None, element_id: str | None = None) -> SignupForm | None:
    """The form ``form_id`` for the page being rendered (``item``: the page's item view)."""
    return _build(context, form_id, _about(item), element_id)


def fill_in(html: str, about: tuple[str, str] | None, success_url: str = "", names: str = "") -> str:
    """A form rendered with the stand-ins, for the item ``about`` (slug, title) or none:
    escaped as Jinja escapes them, the title in an e-mail subject URL-quoted as
    :func:`~.backends.submission` quotes it; ``success_url`` and ``names`` (the
    heading's HTML naming the item) where the form was rendered with theirs."""
    slug, title = about or ("", "")
    return (html.replace(quote(f": {TITLE_STAND_IN}"), quote(f": {title}") if title else "")
            .replace(TITLE_STAND_IN, str(escape(title)))
            .replace(SLUG_STAND_IN, str(escape(slug)))
            .replace(SUCCESS_STAND_IN, str(escape(success_url)))
            .replace(NAMES_STAND_IN, names))


def named(context: Any, item: Any) -> str:
    """The form heading's end naming ``item`` in the reader's language (or, untranslated, in
    its own, marked as such): ": <bdi>Title</bdi>"."""
    title = escape(item.title)
    if item.content_lang != context["lang"]:
        direction = context["directions"].get(item.content_lang, "ltr")
        return f': <span lang="{item.content_lang}" dir="{direction}">{title}</span>'
    return f": <bdi>{title}</bdi>"


@pass_context
def signup_for(context: Any, item: Any) -> Placement:
    """The form after ``item``'s body, or why it has none.

    A form the body already holds at a marker is not repeated after it.
    """
    portal = context["portal"]
    form_id = form_id_for(portal.types[item.type], item.values, portal.data.site.get("default_form"))
    if not form_id or any(marker.form_id == form_id for marker in find_markers(item.document.html)):
        return Placement()  # no form, or the editor placed it in the body with a marker
    reason = closed_reason(item)
    if reason:
        return Placement(reason=reason)
    return Placement(form_id=form_id)


def _first_form(context: Any, item: Any) -> tuple[str, str] | None:
    """(form id, element id) of the first form on ``item``'s page: at a marker in the
    body, else after it; None when there is none or it takes no sign-ups now."""
    if closed_reason(item):
        return None
    forms = context["portal"].data.forms
    markers = [m for m in find_markers(item.document.html) if m.alone and m.form_id in forms]
    if markers:
        return markers[0].form_id, f"signup-{markers[0].form_id}-1"
    placement = signup_for(context, item)
    return (placement.form_id, f"signup-{placement.form_id}") if placement.form_id else None


@pass_context
def signup_action(context: Any, item: Any) -> str | None:
    """The element id of the first form on an offer's, training's or event's page, for the
    action beside its title (a content page's form needs none: the page is about it)."""
    first = _first_form(context, item) if thanks_here(item) else None
    return first[1] if first else None


class RenderedForms:
    """``signup_html``, ``signup_thanks`` and ``|with_forms`` of one template environment.

    Each form is rendered once per form, element id and language (see the
    module's docstring) and kept by the build's engine (``once``, per build:
    a new build starts afresh), apart for each template environment.
    """

    def __init__(self, engine: Any, environment: Any) -> None:
        self.engine = engine
        self.scope = ("forms", id(environment))

    @pass_context
    def signup_html(self, context: Any, form_id: str, item: Any = None, element_id: str | None = None) -> Markup:
        """``partials/signup.html`` with form ``form_id`` for the page of ``item``.

        Rendered once per form, element id and language (see the module's
        docstring), so the partial must show nothing of the page but the form.
        """
        here = thanks_here(item)

        def render() -> str:
            form = _build(context, form_id, (SLUG_STAND_IN, TITLE_STAND_IN), element_id,
                          SUCCESS_STAND_IN if here else None)
            template = context.environment.get_template(SIGNUP_TEMPLATE)
            return template.render({**context.get_all(), "signup": form,
                                    "signup_names": NAMES_STAND_IN if here else ""})

        # HTML with stand-ins, by form id, element id, language and whether it stands on an item
        html = self.engine.once(*self.scope, "html", form_id, element_id, context["lang"], here, caller=render)
        if not here:
            return Markup(fill_in(html, _about(item)))
        return Markup(fill_in(html, _about(item), f"{item.url}#{THANKS_FRAGMENT}", named(context, item)))

    @pass_context
    def signup_thanks(self, context: Any, item: Any) -> SignupForm | None:
        """The form whose thank-you ``item``'s page shows at ``#thanks`` (offers, trainings, events):
        the same for every item with that form, so built once per form and language."""
        first = _first_form(context, item) if thanks_here(item) else None
        if first is None:
            return None
        return self.engine.once(*self.scope, "thanks", *first, context["lang"],
                                caller=lambda: _build(context, first[0], None, first[1]))

    @pass_context
    def with_forms(self, context: Any, html: Any) -> Markup:
        """The body's HTML with each ``[[form: id]]`` paragraph replaced by the form."""
        item = context.get("item")
        environment = context.environment

        def render(form_id: str, number: int) -> str:
            variables = context.get_all()
            reason = closed_reason(item) if item is not None else None
            if reason:
                return environment.get_template(CLOSED_TEMPLATE).render({**variables, "reason": reason})
            return self.signup_html(context, form_id, item, element_id=f"signup-{form_id}-{number}")

        return Markup(replace_markers(str(html), render))


def add_to_environment(generator: Any) -> None:
    """``generator_init`` receiver: give every template the form functions."""
    env = getattr(generator, "env", None)
    if env is None:
        return
    engine = portal_engine.of(generator.settings)
    engine.renders(SIGNUP_TEMPLATE, CLOSED_TEMPLATE)  # rendered here, into any page with a form
    forms = RenderedForms(engine, env)
    env.globals.update({"signup_for": signup_for, "signup_form": signup_form, "signup_html": forms.signup_html,
                        "signup_action": signup_action, "signup_thanks": forms.signup_thanks})
    env.filters["with_forms"] = forms.with_forms
