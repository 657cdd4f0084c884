"""JSON Schemas of the ``data/`` files (the one definition for build and editors)."""

from __future__ import annotations

from typing import Any

from .brand import KEYS as BRAND_COLOURS
from .colours import HEX
from .limits import limits_schema
from .registry import BUILT_IN, IMAGE_FIELDS, ORGANISATION_KINDS, TAXONOMY_NAMES, Registry
from .schema import IMAGE_FILE, LANG_CODE

ID = {"type": "string", "pattern": r"^[a-z0-9]+(?:-[a-z0-9]+)*$"}
TEXT = {
    "description": "Text: the same in every language, or {de: …, en: …}",
    "oneOf": [
        {"type": "string", "minLength": 1},
        {
            "type": "object",
            "minProperties": 1,
            "additionalProperties": {"type": "string", "minLength": 1},
        },
    ],
}
ADDRESS = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "street": {"type": "string"},
        "postcode": {"type": "string"},
        "city": {"type": "string"},
    },
}
GEO = {
    "type": "array",
    "items": {"type": "number"},
    "minItems": 2,
    "maxItems": 2,
    "description": "[latitude, longitude]",
}
EMAIL = {"type": "string", "pattern": r"^[^@\s]+@[^@\s]+\.[^@\s]+$"}
PHONE = {"type": "string", "pattern": r"^\+?[0-9 ()/-]{3,}$"}
URL = {"type": "string", "minLength": 1}
#: An organisation's or place's picture: the content types' image fields (registry.IMAGE_FIELDS),
#: its description a text like every text in data/.
IMAGE = {f.name: {**{"text": TEXT, "bool": {"type": "boolean"}, "image": IMAGE_FILE}[f.kind],
                 "description": f.description}
         for f in IMAGE_FIELDS}


def _obj(properties: dict[str, Any], required: tuple[str, ...] = (), closed: bool = True) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if closed:
        schema["additionalProperties"] = False
    if required:
        schema["required"] = list(required)
    return schema


# The editors' report (portal_editors): when an item counts as stale or expiring.
REPORT = {
    **_obj(
        {
            "stale_after_months": {
                "type": "integer", "minimum": 1,
                "description": "Offers and donation needs not updated for this many months are listed (default 6)",
            },
            "expiring_within_days": {
                "type": "integer", "minimum": 1,
                "description": "Items expiring and events ended within this many days are listed (default 30)",
            },
        }
    ),
    "description": "Settings of the editors' report (make report, /editors/report/)",
}

# Web editing with Decap CMS at /admin/ (portal_editors); see the README.
# Not git-gateway: it needs Netlify Identity's widget, loaded from Netlify's servers.
ADMIN_BACKENDS = ("github", "gitlab", "gitea", "forgejo", "bitbucket", "azure")
ADMIN = {
    **_obj(
        {
            "enabled": {"type": "boolean", "description": "true: the build writes /admin/ (Decap CMS)"},
            "backend": _obj(
                {
                    "name": {"type": "string", "enum": list(ADMIN_BACKENDS),
                             "description": "Where the repository is: github, gitlab …"},
                    "repo": {"type": "string", "pattern": r"^[^/\s]+(/[^/\s]+)+$",
                             "description": "owner/name of the repository"},
                    "branch": {"type": "string", "minLength": 1},
                    "base_url": {"type": "string", "pattern": r"^https://",
                                 "description": "github: the OAuth server that logs editors in"},
                    "auth_endpoint": {"type": "string", "minLength": 1},
                    "auth_type": {"type": "string", "enum": ["pkce", "implicit"],
                                  "description": "gitlab: pkce logs in without a server of your own"},
                    "app_id": {"type": "string", "minLength": 1,
                               "description": "gitlab: the Application ID of the OAuth application"},
                    "api_root": {"type": "string", "pattern": r"^https://"},
                },
                required=("name", "repo"),
            ),
            "publish_mode": {"type": "string", "enum": ["simple", "editorial_workflow"]},
            "local_backend": {"type": "boolean",
                              "description": "true: use a local `npx decap-server` when the CMS runs on localhost"},
        },
        required=("enabled",),
    ),
    "if": {"properties": {"enabled": {"const": True}}},
    "then": {"required": ["backend"]},
    "description": "Web editing with Decap CMS at /admin/",
}

# The city's look (portal_content/brand.py, theme/README.md).
COLOUR = {"type": "string", "pattern": HEX.pattern, "description": "a colour, #rrggbb"}
BRAND = {
    **_obj(
        {
            "colours": {**_obj({key: COLOUR for key in BRAND_COLOURS}),
                        "description": "primary (links, buttons), header (its background), accent (focus ring)"},
            "dark": {**_obj({key: COLOUR for key in BRAND_COLOURS}),
                     "description": "the same in the dark scheme (default: derived from colours)"},
            "logo": _obj({"file": {"type": "string", "pattern": r"\.svg$", "description": "an SVG file under data/"},
                          "alt": {**TEXT, "description": "what the logo says, for screen readers"}},
                         required=("file", "alt")),
            "icon": {"type": "string", "pattern": r"\.svg$", "description": "a square SVG file under data/: the favicon"},
            "touch_icon": {"type": "string", "pattern": r"\.png$",
                           "description": "a 180×180 PNG file under data/: the icon on a phone's home screen"},
        }
    ),
    "description": "The city's look: colours, logo and icons (theme/README.md)",
}


def site_schema(types: Registry = BUILT_IN) -> dict[str, Any]:
    """``data/site.yaml``: its ``navigation`` names the sections of the site's types."""
    return _obj(
        {
            "name": TEXT,
            "tagline": TEXT,
            "contact": _obj(
                {"organisation": ID, "email": EMAIL, "phone": PHONE, "address": ADDRESS}
            ),
            "languages": {
                "type": "array",
                "minItems": 1,
                "items": _obj(
                    {
                        "code": {"type": "string", "pattern": LANG_CODE},
                        "name": {"type": "string", "minLength": 1},
                        "direction": {"type": "string", "enum": ["ltr", "rtl"]},
                        "locale": {"type": "string", "pattern": r"^[a-z]{2,3}(?:-[A-Z]{2})?$",
                                   "description": "how dates and numbers are written, e.g. en-GB "
                                                  "(default: the code; en: en-GB)"},
                    },
                    required=("code", "name", "direction"),
                ),
            },
            "navigation": {"type": "array", "items": {"type": "string", "enum": list(types.sections)}},
            "home": {"type": "array", "uniqueItems": True,
                     "items": {"type": "string", "enum": list(types.home_blocks)},
                     "description": "the home page's sections after the welcome, in this order "
                                    f"(default: {', '.join(types.home_blocks)})"},
            "default_form": ID,
            "forms": {"type": "object"},
            # Times in content are Europe/Berlin wall-clock times (DESIGN.md); stated here
            # for readers of the file, and checked so nobody expects another zone to work.
            "timezone": {"type": "string", "enum": ["Europe/Berlin"]},
            "report": REPORT,
            "editors_language": {
                "type": "string", "pattern": LANG_CODE,
                "description": "The language of make check, make new, make report and /admin/ "
                               "(default: the site's first language; PORTAL_LANG overrides it)",
            },
            "admin": ADMIN,
            "brand": BRAND,
            "limits": limits_schema(),
        },
        required=("name", "languages"),
    )


TAXONOMIES = _obj(
    {
        name: {"type": "object", "propertyNames": ID, "additionalProperties": TEXT}
        for name in TAXONOMY_NAMES
    }
)

ORGANISATIONS = {
    "type": "array",
    "items": _obj(
        {
            "id": ID,
            "name": TEXT,
            "kind": {"type": "string", "enum": list(ORGANISATION_KINDS)},
            "address": ADDRESS,
            "geo": GEO,
            "website": URL,
            "email": EMAIL,
            "phone": PHONE,
            "description": TEXT,
            **IMAGE,
        },
        required=("id", "name", "kind"),
    ),
}

PLACES = {
    "type": "array",
    "items": _obj(
        {
            "id": ID,
            "name": TEXT,
            "address": ADDRESS,
            "geo": GEO,
            "accessibility": TEXT,
            "opening_hours": TEXT,
            "description": TEXT,
            **IMAGE,
        },
        required=("id", "name"),
    ),
}

LINKS = {
    "type": "array",
    "items": _obj(
        {
            "category": TEXT,
            "links": {
                "type": "array",
                "items": _obj(
                    {
                        "title": TEXT,
                        "url": URL,
                        "description": TEXT,
                        "languages": {"type": "array", "items": {"type": "string", "pattern": LANG_CODE}},
                    },
                    required=("title", "url"),
                ),
            },
        },
        required=("category", "links"),
    ),
}


def data_files(types: Registry = BUILT_IN) -> dict[str, dict[str, Any]]:
    """The schema of each ``data/`` file, for a site with these content types."""
    return {"site.yaml": site_schema(types), **{name: schema for name, schema in DATA_FILES.items()
                                                 if name != "site.yaml"}}


DATA_FILES: dict[str, dict[str, Any]] = {
    "site.yaml": site_schema(),
    "taxonomies.yaml": TAXONOMIES,
    "organisations.yaml": ORGANISATIONS,
    "places.yaml": PLACES,
    "links.yaml": LINKS,
}
