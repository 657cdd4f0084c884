"""The content types: one entry per type, read by everything that handles content.

An entry (:class:`ContentType`) says what a type's documents hold (its
:class:`Field`\\ s: kind, required, translatable, the ``data/`` collection an id
names, help for editors), where its pages live, what readers call it, which
templates show it, how its listing is sorted, and which behaviours it has
(dates and a calendar file, a sign-up form, structured data, the editors'
freshness check). Validation, JSON Schemas, views, listings, calendar, JSON-LD,
search, forms, ``make new``, the Decap CMS configuration and the README's field
table all read these entries; none of them lists types or fields of its own.

The five built-in types are :data:`BUILT_IN`. A site adds a type of its own
with a file ``data/types/<name>.yaml`` (see :mod:`.sitetypes` and the README);
the :class:`Registry` of one build (``SiteData.types``) holds both.

The coded values readers see in words (organisation kinds, an offer's status,
commitment, a donation's kind) are :data:`CHOICES`, here too. Labels are
gettext msgids, marked with ``N_`` so that ``pybabel extract`` (babel.cfg) finds
them; templates translate them with the ``label`` filter (portal_i18n). A
site's own type writes its labels as ``{de: …, en: …}`` texts instead.

What only editors read — the fields' help and the CMS's field labels
(:data:`FIELD_LABELS`) — is marked with ``tr`` instead: the editors' tools
translate it in their own gettext domain (see :mod:`.messages`).
"""

from __future__ import annotations

from dataclasses import dataclass, field as dc_field
from functools import cached_property
from typing import Any, Iterator, Mapping, Union

from .messages import tr

#: A label or help text: a gettext msgid (English), or a text per language ``{de: …, en: …}``.
Text = Union[str, Mapping[str, str]]


def N_(message: str) -> str:
    """Marks a msgid for ``pybabel extract``; templates translate it when they show it."""
    return message


def english(text: Text) -> str:
    """The English of a label or help text (JSON Schemas; the tools translate with ``site_text``)."""
    if isinstance(text, str):
        return str(text)  # a plain str, also for a tr() Message (YAML writers refuse subclasses)
    return text.get("en") or next(iter(text.values()), "")


#: How a field's value is written and checked (schema.py turns each into JSON Schema).
FIELD_KINDS = ("text", "text_list", "date", "datetime", "bool", "int", "id", "id_list", "enum",
               "contact", "rrule", "date_list", "form_or_url", "form_or_false", "lang_list", "image")


@dataclass(frozen=True)
class Field:
    """One front-matter field of a content type."""

    name: str
    kind: str  # one of FIELD_KINDS
    required: bool = False
    translatable: bool = False
    ref: str | None = None  # data collection for id / id_list / form kinds
    choices: tuple[str, ...] = ()
    help: Text = ""
    extra: Mapping[str, Any] = dc_field(default_factory=dict)

    @property
    def description(self) -> str:
        """The help in English (JSON Schemas); ``make new`` and the CMS show ``help`` translated."""
        return english(self.help)

    @property
    def label(self) -> Text:
        """What the CMS calls the field (a msgid of the tools' catalogue, or the name)."""
        return FIELD_LABELS.get(self.name) or self.name.replace("_", " ").capitalize()

    def __hash__(self) -> int:  # ``extra`` is a dict; a field is identified by its values
        return hash((self.name, self.kind, self.required, self.translatable, self.ref, self.choices))


#: The CMS's labels of the fields (``Field.label``), by field name; a name not here is shown capitalised.
FIELD_LABELS = {
    "title": tr("Title"), "summary": tr("Summary"), "areas": tr("Areas"), "district": tr("District"),
    "organisation": tr("Organisation"), "place": tr("Place"), "updated": tr("Updated"),
    "expires": tr("Expires"), "draft": tr("Draft"), "minor_edit": tr("Minor edit"),
    "commitment": tr("Commitment"), "schedule": tr("Schedule"), "languages": tr("Languages"),
    "requirements": tr("Requirements"), "contact": tr("Contact"), "signup": tr("Signup"),
    "status": tr("Status"), "start": tr("Start"), "end": tr("End"), "audience": tr("Audience"),
    "cost": tr("Cost"), "registration": tr("Registration"), "deadline": tr("Deadline"),
    "seats": tr("Seats"), "recurrence": tr("Recurrence"), "until": tr("Until"), "exdates": tr("Exdates"),
    "kind": tr("Kind"), "needed": tr("Needed"), "not_needed": tr("Not needed"), "drop_off": tr("Drop off"),
    "hours": tr("Hours"), "urgent": tr("Urgent"), "nav": tr("Nav"), "body": tr("Text"), "times": tr("When"),
    "image": tr("Picture"), "image_alt": tr("Picture description"), "image_decorative": tr("Decorative picture"),
}

#: What the CMS calls one item of a built-in type ("New offer"), by its singular.
SINGULAR_LABELS = {"offer": tr("Offer"), "training": tr("Training"), "event": tr("Event"),
                   "donation": tr("Donation need"), "page": tr("Information page")}

#: The taxonomies of data/taxonomies.yaml, and every data/ collection an id field may name.
TAXONOMY_NAMES = ("areas", "districts", "audiences", "requirements", "times")
ID_COLLECTIONS = (*TAXONOMY_NAMES, "organisations", "places", "forms")

#: A picture: a file under content/images/ and what it shows. The same three fields on every
#: type and on organisations and places (data_schema.py); portal_images checks and publishes them.
IMAGE_FIELDS = (
    Field("image", "image", help=tr("Picture: a file in content/images/, e.g. sprachcafe.jpg")),
    Field("image_alt", "text", translatable=True,
          help=tr("What the picture shows, for readers who cannot see it (required with image, "
                  "unless image_decorative)")),
    Field("image_decorative", "bool", help=tr("true: the picture is decoration only and needs no image_alt")),
)

#: The fields every type has (a type may redefine one, e.g. make it required).
COMMON = (
    Field("title", "text", required=True, translatable=True, help=tr("Title")),
    Field("summary", "text", translatable=True, help=tr("One or two sentences for listings")),
    *IMAGE_FIELDS,
    Field("areas", "id_list", ref="areas", help=tr("Areas (taxonomies.yaml: areas)")),
    Field("district", "id", ref="districts", help=tr("District (taxonomies.yaml: districts)")),
    Field("organisation", "id", ref="organisations", help=tr("Organisation id (data/organisations/)")),
    Field("place", "id", ref="places", help=tr("Place id (data/places/)")),
    Field("updated", "date", help=tr("Date of the last check of the content")),
    Field("expires", "date", help=tr("After this date the item leaves listings and search")),
    Field("draft", "bool", help=tr("true: not published")),
    Field("minor_edit", "bool", help=tr("true: this change is minor (a typo): translations stay current")),
)

#: How a filter finds an item's values (``Filter.how``; portal_site/filters.py implements each):
#: ``values`` the field's id(s) or value(s); ``times`` the field's ids, or for a dated type the
#: weekday/weekend and time of day of its occurrences; ``month`` the months of its next dates;
#: ``dates`` today / this week / this weekend / this month; ``flag`` ``value`` when the field is
#: true; ``empty`` ``value`` when the field is empty; ``equals`` ``value`` when the field (or
#: ``default``) equals it; ``free`` ``value`` when the source's cost text says free of charge.
#: The field kinds a site's own type may filter its listing by (``filters:`` in data/types/*.yaml).
FILTERABLE_KINDS = ("id", "id_list", "enum", "lang_list", "bool")
FILTER_HOWS = ("values", "times", "month", "dates", "flag", "empty", "equals", "free")


@dataclass(frozen=True)
class Filter:
    """A question a type's listing answers: one group of chips, one page per value.

    ``name`` is the URL segment and the query key (``/de/offers/district/nordviertel/``,
    ``?district=nordviertel``); values are ids, the same in every language.
    """

    name: str
    label: Text  # what readers call the group of chips (a msgid or a text per language)
    field: str = ""  # the field the values come from
    how: str = "values"  # one of FILTER_HOWS
    value: str = ""  # the single value of a flag/empty/equals filter
    default: str = ""  # for ``equals``: the field's value when it is absent

    def __hash__(self) -> int:  # a site's label is a dict; a filter is identified by the rest
        return hash((self.name, self.field, self.how, self.value, self.default))


#: How a type's block on the home page picks its items (``HomeBlock.pick``; portal_site implements
#: each): ``newest_open`` the open ones, last updated first; ``next`` those with a next date, soonest
#: first; ``urgent`` the urgent ones, in the listing's order.
HOME_PICKS = ("newest_open", "next", "urgent")


@dataclass(frozen=True)
class HomeBlock:
    """A type's block on the home page, after the welcome (site.yaml's ``home:`` may reorder them)."""

    position: int  # the default order of the blocks
    pick: str  # one of HOME_PICKS
    heading: Text
    more: Text  # the link to the whole listing
    empty: Text = ""  # what an empty block says; "": an empty block is left out
    count: int | None = None  # at most this many items (None: all that the pick finds)


#: How a listing is ordered (``ContentType.sort``); the site generator implements each.
SORT_ORDERS = ("title", "status_then_title", "next_date", "urgent_then_title")
#: What schema.org type a detail page describes itself as (portal_calendar.jsonld).
STRUCTURED_DATA = ("event", "course", "job_posting")


@dataclass(frozen=True)
class ContentType:
    """One content type: its documents' fields, pages, labels and behaviours."""

    name: str  # folder content/<name>/, URL section /<lang>/<name>/, the type's key everywhere
    singular: str  # make new TYPE=<singular>; the detail template <singular>.html
    label: Text  # what readers call the section (and the search's type filter)
    fields: tuple[Field, ...]  # the type's own fields, besides COMMON
    section: bool = True  # pages at /<lang>/<name>/<slug>/ and a listing; False: /<lang>/<slug>/
    sort: str = "title"  # the listing's order: one of SORT_ORDERS
    calendar: bool = False  # an .ics file per item, and in the subscribable calendars
    archive: bool = False  # ended items are listed at /<lang>/<name>/archive/
    feed: bool = False  # in the Atom feed of what is new
    structured_data: str | None = None  # one of STRUCTURED_DATA
    checked: bool = False  # the editors' report lists items nobody checked for months
    templates: Mapping[str, str] = dc_field(default_factory=dict)  # detail, listing, archive, card overrides
    filters: tuple[Filter, ...] = ()  # the questions its listing answers: chips, filter pages, the script
    counted: tuple[str, str] = (N_("%(num)d item"), N_("%(num)d items"))  # "7 offers": singular, plural msgids
    home: HomeBlock | None = None  # its block on the home page, if it has one
    origin: str = ""  # where the entry was declared (a site's data/types/<name>.yaml)

    def __hash__(self) -> int:
        return hash((self.name, self.singular, self.fields, self.filters, self.origin))

    @cached_property
    def all_fields(self) -> dict[str, Field]:
        """Every field of the type, the type's own definitions overriding common ones."""
        fields = {f.name: f for f in COMMON}
        fields.update({f.name: f for f in self.fields})
        return fields

    @property
    def translatable(self) -> set[str]:
        return {name for name, f in self.all_fields.items() if f.translatable}

    @property
    def form_field(self) -> Field | None:
        """The field that names a sign-up form (``signup``, ``registration``), if any."""
        return next((f for f in self.all_fields.values() if f.ref == "forms"), None)

    @property
    def detail_template(self) -> str:
        return self.templates.get("detail", self.singular)

    @property
    def listing_template(self) -> str:
        return self.templates.get("listing", self.name)

    @property
    def archive_template(self) -> str:
        return self.templates.get("archive", f"{self.name}_archive")

    @property
    def card_template(self) -> str:
        """The facts a card in a listing shows (a partial; missing: none)."""
        return self.templates.get("card", f"partials/cards/{self.name}.html")

    @property
    def calendar_file(self) -> str:
        """The .ics file beside an item's page: ``event.ics``."""
        return f"{self.singular}.ics"


@dataclass(frozen=True)
class Choice:
    """A coded value and what readers read for it (gettext msgids)."""

    value: str
    label: str
    short: str = ""  # a shorter label, for cards
    takes_signups: bool = True  # False: an item with this status shows no sign-up form
    rank: int = 0  # listings grouped or sorted by this value put lower ranks first


#: Enumerations readers see in words, in the order schemas and editors list them.
#: ``organisation_kind`` is data/organisations.yaml's ``kind`` (the partners page
#: groups by it, ordered by ``rank``); the others are the choices of the enum fields
#: of the same name (an offer's ``status`` orders its listing by ``rank``).
CHOICES: dict[str, tuple[Choice, ...]] = {
    "organisation_kind": (
        Choice("municipality", N_("City administration"), rank=1),
        Choice("agency", N_("Volunteer agency"), rank=0),
        Choice("aid-organisation", N_("Aid organisations"), rank=3),
        Choice("shelter", N_("Shelters"), rank=4),
        Choice("migration-counselling", N_("Migration counselling"), rank=2),
        Choice("migrant-organisation", N_("Migrant organisations"), rank=5),
        Choice("religious-community", N_("Religious communities"), rank=6),
        Choice("employment-agency", N_("Employment agencies"), rank=7),
        Choice("company", N_("Companies"), rank=9),
        Choice("university", N_("Universities"), rank=8),
    ),
    "status": (
        Choice("open", N_("Open: helpers wanted"), N_("Open")),
        Choice("filled", N_("Filled: no helpers needed at the moment"), N_("Filled"), takes_signups=False, rank=2),
        Choice("paused", N_("Paused: not looking for helpers right now"), N_("Paused"), takes_signups=False, rank=1),
    ),
    "commitment": (
        Choice("once", N_("One-off")),
        Choice("regular", N_("Regular")),
        Choice("flexible", N_("Flexible")),
    ),
    "kind": (
        Choice("goods", N_("Goods")),
        Choice("money", N_("Money")),
        Choice("time", N_("Time")),
    ),
}


def values(enumeration: str) -> tuple[str, ...]:
    """The coded values of one of CHOICES, for an enum field or a schema."""
    return tuple(choice.value for choice in CHOICES[enumeration])


def ranked(enumeration: str) -> tuple[str, ...]:
    """The coded values of one of CHOICES in the order listings show them."""
    return tuple(choice.value for choice in sorted(CHOICES[enumeration], key=lambda c: c.rank))


DATE_HELP = tr("Start: 2027-01-15 or 2027-01-15T18:00")
COST = Field("cost", "text", translatable=True, help=tr("Cost in words"))
REGISTRATION = Field("registration", "form_or_url", ref="forms", help=tr("Form id or https URL"))
TIMES = Field("times", "id_list", ref="times",
              help=tr("When helpers are needed (taxonomies.yaml: times), e.g. [weekends, weekday-evenings]"))
AREA_FILTER = Filter("area", N_("Area"), "areas")
DISTRICT_FILTER = Filter("district", N_("District"), "district")
WHEN_FILTER = Filter("when", N_("When"), "times", how="times")
FREE_FILTER = Filter("cost", N_("Free of charge"), "cost", how="free", value="free")

BUILT_IN_TYPES: tuple[ContentType, ...] = (
    ContentType(
        "offers", "offer", N_("Volunteering"),
        (
            Field("organisation", "id", required=True, ref="organisations", help=tr("Organisation id (data/organisations/)")),
            Field("areas", "id_list", required=True, ref="areas", help=tr("Areas (taxonomies.yaml: areas)")),
            Field("commitment", "enum", choices=values("commitment"), help=tr("How often helpers are needed")),
            Field("schedule", "text", translatable=True, help=tr('When, in words, e.g. "dienstags 16–18 Uhr"')),
            Field("languages", "lang_list", help=tr("Language codes that help, e.g. [ar, uk]")),
            Field("requirements", "id_list", ref="requirements", help=tr("Requirements (taxonomies.yaml)")),
            Field("contact", "contact", help=tr("Contact person: name, email, phone")),
            Field("signup", "form_or_false", ref="forms", help=tr("Form id; absent: the site's default form; false: none")),
            Field("status", "enum", choices=values("status"), help=tr("open, filled or paused")),
            TIMES,
        ),
        sort="status_then_title", feed=True, structured_data="job_posting", checked=True,
        counted=(N_("%(num)d offer"), N_("%(num)d offers")),
        home=HomeBlock(1, "newest_open", N_("New volunteering offers"), N_("All volunteering offers"),
                       N_("No open offers at the moment."), 6),
        filters=(
            AREA_FILTER, DISTRICT_FILTER, WHEN_FILTER,
            Filter("commitment", N_("Commitment"), "commitment"),
            Filter("language", N_("Languages that help"), "languages"),
            Filter("requirements", N_("No requirements"), "requirements", how="empty", value="none"),
            Filter("status", N_("Open only"), "status", how="equals", value="open", default="open"),
        ),
    ),
    ContentType(
        "trainings", "training", N_("Trainings"),
        (
            Field("start", "datetime", required=True, help=DATE_HELP),
            Field("end", "datetime", help=tr("End, same form as start")),
            Field("audience", "id_list", ref="audiences", help=tr("Audiences (taxonomies.yaml)")),
            COST,
            REGISTRATION,
            Field("deadline", "date", help=tr("Registration deadline")),
            Field("seats", "int", help=tr("Number of seats"), extra={"minimum": 0}),
        ),
        sort="next_date", calendar=True, feed=True, structured_data="course",
        counted=(N_("%(num)d training"), N_("%(num)d trainings")),
        home=HomeBlock(4, "next", N_("Next trainings"), N_("All trainings"), N_("No upcoming trainings."), 3),
        filters=(Filter("audience", N_("For whom"), "audience"), Filter("month", N_("Month"), how="month"),
                 WHEN_FILTER, FREE_FILTER),
    ),
    ContentType(
        "events", "event", N_("Events"),
        (
            Field("start", "datetime", required=True, help=DATE_HELP),
            Field("end", "datetime", help=tr("End of the (first) occurrence")),
            Field("recurrence", "rrule", help=tr("RFC 5545 RRULE, e.g. FREQ=WEEKLY;BYDAY=TU")),
            Field("until", "date", help=tr("Last date of a recurring event")),
            Field("exdates", "date_list", help=tr("Dates on which a recurring event does not take place")),
            COST,
            REGISTRATION,
        ),
        sort="next_date", calendar=True, archive=True, feed=True, structured_data="event",
        counted=(N_("%(num)d event"), N_("%(num)d events")),
        home=HomeBlock(2, "next", N_("Next events"), N_("All events"), N_("No upcoming events."), 4),
        filters=(Filter("date", N_("Date"), how="dates"), AREA_FILTER, DISTRICT_FILTER, WHEN_FILTER,
                 FREE_FILTER),
    ),
    ContentType(
        "donations", "donation", N_("Donations"),
        (
            Field("kind", "enum", choices=values("kind"), help=tr("goods, money or time")),
            Field("needed", "text_list", translatable=True, help=tr("What is needed")),
            Field("not_needed", "text_list", translatable=True, help=tr("What is not needed")),
            Field("drop_off", "id", ref="places", help=tr("Place id where to bring it")),
            Field("hours", "text", translatable=True, help=tr("When to bring it, in words")),
            Field("urgent", "bool", help=tr("true: shown first and on the home page")),
        ),
        sort="urgent_then_title", checked=True,
        counted=(N_("%(num)d donation need"), N_("%(num)d donation needs")),
        home=HomeBlock(3, "urgent", N_("Urgently needed"), N_("All donation needs")),
        filters=(Filter("kind", N_("Kind"), "kind"), Filter("drop-off", N_("Drop-off place"), "drop_off"),
                 Filter("need", N_("Urgent"), "urgent", how="flag", value="urgent")),
    ),
    ContentType(
        "pages", "page", N_("Information pages"),
        (
            Field("nav", "int", help=tr("Position in the main navigation"), extra={"minimum": 0}),
            Field("signup", "id", ref="forms", help=tr("Form id shown on this page")),
        ),
        section=False,
    ),
)


ORGANISATION_KINDS = values("organisation_kind")

#: Sections that are not content types: data/links.yaml and the partners page.
DATA_SECTIONS: dict[str, str] = {"links": N_("Links and materials"), "partners": N_("Partners")}
#: Page slugs the site uses itself, besides the types' sections and DATA_SECTIONS.
RESERVED_SLUGS = ("search", "forms", "admin", "materials", "images", "theme", "feeds", "calendar", "pagefind", "404")


class Registry(Mapping[str, ContentType]):
    """The content types of one site, by name, in the order listings and menus use."""

    def __init__(self, types: tuple[ContentType, ...]):
        self._types = {t.name: t for t in types}

    def __getitem__(self, name: str) -> ContentType:
        return self._types[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._types)

    def __len__(self) -> int:
        return len(self._types)

    def __hash__(self) -> int:
        return hash(tuple(self._types.values()))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Registry) and tuple(self._types.values()) == tuple(other._types.values())

    def plus(self, extra: tuple[ContentType, ...]) -> "Registry":
        """This registry with a site's own types after the built-in ones."""
        return Registry((*self._types.values(), *extra))

    @property
    def home_blocks(self) -> tuple[str, ...]:
        """The types with a block on the home page, in its default order."""
        with_block = [t for t in self.values() if t.home is not None]
        return tuple(t.name for t in sorted(with_block, key=lambda t: t.home.position))

    @property
    def sections(self) -> tuple[str, ...]:
        """Navigation ids: each type with a listing, then links and partners."""
        return (*(t.name for t in self.values() if t.section), *DATA_SECTIONS)

    @property
    def reserved_slugs(self) -> set[str]:
        """Slugs a content page may not take: they are sections or the site's own folders."""
        return {*self.sections, *RESERVED_SLUGS}

    def by_singular(self, name: str) -> ContentType | None:
        return next((t for t in self.values() if t.singular == name), None)

    def with_calendar(self) -> list[ContentType]:
        return [t for t in self.values() if t.calendar]

    def document_path(self, doc_type: str, slug: str, lang: str) -> str:
        """Where an item's page lives: ``de/offers/x/``, or ``de/x/`` for a type without section."""
        return f"{lang}/{doc_type}/{slug}/" if self[doc_type].section else f"{lang}/{slug}/"


BUILT_IN = Registry(BUILT_IN_TYPES)
