"""What templates get from this plugin: where a form goes, the form, the marker filter.

- ``signup_for(item)``: the form on an item's page, or why there is none
  (``filled``, ``paused``, ``closed``) — see :func:`placement`;
- ``signup_form(form_id, item=None)``: a form for the page being rendered;
- ``|with_forms``: replaces ``[[form: id]]`` markers in a body's HTML.

All of them read the page's context (``lang``, ``portal``, ``page_url_for``),
so one template environment renders every language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jinja2 import pass_context
from markupsafe import Markup

from .markers import find_markers, replace_markers
from .view import SignupForm, build_form

SIGNUP_TEMPLATE = "partials/signup.html"
CLOSED_TEMPLATE = "partials/signup_closed.html"


@dataclass(frozen=True)
class Placement:
    """The form on a page, or the reason (``filled``, ``paused``, ``closed``) there is none."""

    form: SignupForm | None = None
    reason: str | None = None


def form_id_for(item_type: str, values: dict[str, Any], default_form: str | None) -> str | None:
    """The form an item names: offers ``signup`` (default form when absent, none when
    ``false``), trainings and events ``registration`` (when a form id, not a URL), pages ``signup``."""
    if item_type == "offers":
        chosen = values.get("signup", default_form)
        return chosen or None
    if item_type in ("trainings", "events"):
        registration = values.get("registration")
        is_url = isinstance(registration, str) and (":" in registration or registration.startswith("/"))
        return None if is_url else registration
    if item_type == "pages":
        return values.get("signup")
    return None


def closed_reason(item: Any) -> str | None:
    """Why an item takes no sign-ups now: ``ended``, ``filled``, ``paused`` or ``closed``."""
    if item.ended:
        return "ended"  # the page already says that it has ended
    status = item.values.get("status")
    if item.type == "offers" and status in ("filled", "paused"):
        return status
    if item.type in ("trainings", "events") and item.deadline_passed:
        return "closed"
    return None


@pass_context
def signup_form(context: Any, form_id: str, item: Any = None, element_id: str | None = None) -> SignupForm | None:
    """The form ``form_id`` for the page being rendered (``item``: the page's item view)."""
    portal = context["portal"]
    definition = portal.data.forms.get(form_id)
    if definition is None:
        return None
    lang = context["lang"]

    def page(slug: str) -> tuple[str, str]:
        page_item = portal.get("pages", slug)
        return context["page_url_for"](slug), (lang if lang in page_item.languages else page_item.source_lang)

    about = None
    if item is not None:
        about = (item.slug, item.item.text("title", item.item.source_lang))
    return build_form(form_id, definition, portal.data.site, lang=lang, default_lang=portal.data.default_lang,
                      element_id=element_id or f"signup-{form_id}", page=page, about=about)


@pass_context
def signup_for(context: Any, item: Any) -> Placement:
    """The form after ``item``'s body, or why it has none.

    A form the body already holds at a marker is not repeated after it.
    """
    form_id = form_id_for(item.type, item.values, context["portal"].data.site.get("default_form"))
    if not form_id or any(marker.form_id == form_id for marker in find_markers(item.document["html"])):
        return Placement()  # no form, or the editor placed it in the body with a marker
    reason = closed_reason(item)
    if reason:
        return Placement(reason=reason)
    return Placement(form=signup_form(context, form_id, item))


@pass_context
def with_forms(context: Any, html: Any) -> Markup:
    """The body's HTML with each ``[[form: id]]`` paragraph replaced by the form."""
    item = context.get("item")
    environment = context.environment

    def render(form_id: str, number: int) -> str:
        variables = context.get_all()
        reason = closed_reason(item) if item is not None else None
        if reason:
            return environment.get_template(CLOSED_TEMPLATE).render({**variables, "reason": reason})
        form = signup_form(context, form_id, item, element_id=f"signup-{form_id}-{number}")
        return environment.get_template(SIGNUP_TEMPLATE).render({**variables, "signup": form})

    return Markup(replace_markers(str(html), render))


def add_to_environment(generator: Any) -> None:
    """``generator_init`` receiver: give every template the form functions."""
    env = getattr(generator, "env", None)
    if env is None:
        return
    env.globals.update({"signup_for": signup_for, "signup_form": signup_form})
    env.filters["with_forms"] = with_forms
