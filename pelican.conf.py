"""Pelican settings for the Willkommensportal.

Site-specific values (name, languages, navigation) live in ``data/site.yaml``;
this file wires Pelican to the portal's plugins and theme. Deployment values
come from the environment:

- ``SITEURL``: where the site is served, e.g. ``https://example.org/portal``
  (empty: from the root of the host, as ``make serve`` does).
- ``SOURCE_DATE_EPOCH``: fixes the build's "today" (reproducible builds).
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "plugins"))

SITENAME = "Willkommensportal"
SITEURL = os.environ.get("SITEURL", "").rstrip("/")
RELATIVE_URLS = False
TIMEZONE = "Europe/Berlin"
DEFAULT_LANG = "de"

PATH = os.path.join(HERE, "content")
PORTAL_DATA_PATH = os.path.join(HERE, "data")
THEME = os.path.join(HERE, "theme")
THEME_STATIC_DIR = "theme"
THEME_STATIC_PATHS = ["static"]
STATIC_PATHS = ["materials"]

PLUGIN_PATHS = [os.path.join(HERE, "plugins")]
# Setting PLUGINS turns off auto-discovery: every plugin is listed here.
PLUGINS = [
    "portal_content",  # reads and checks content/ and data/
    "portal_engine",  # build-time reuse: which outputs depend on which inputs (each build makes its engine first)
    "portal_i18n",  # UI translations and locale formats
    "portal_images",  # checks pictures, writes their sizes, strips every image's metadata
    "portal_site",  # writes every page in every language
    "portal_forms",  # sign-up forms from data/forms/
    "portal_calendar",  # calendar files, feeds and structured data
    "portal_editors",  # report page, sitemap, robots.txt, Decap CMS at /admin/
    "portal_search",  # search pages and index (it indexes the finished output)
    "portal_security",  # the pages' Content-Security-Policy; _headers (last: it lists the output's folders)
]

# Pelican's own articles and pages are not used: the portal's generators read
# content/<type>/ and write every language themselves.
ARTICLE_PATHS = ["_portal_no_articles"]
PAGE_PATHS = ["_portal_no_pages"]
DIRECT_TEMPLATES = []
PAGINATED_TEMPLATES = {}
PAGINATION_PATTERNS = ((1, "{url}", "{save_as}"), (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"))
ARTICLE_SAVE_AS = PAGE_SAVE_AS = DRAFT_SAVE_AS = DRAFT_PAGE_SAVE_AS = ""
ARTICLE_LANG_SAVE_AS = PAGE_LANG_SAVE_AS = ""
CATEGORY_SAVE_AS = TAG_SAVE_AS = AUTHOR_SAVE_AS = ""
FEED_ALL_ATOM = FEED_ALL_RSS = CATEGORY_FEED_ATOM = TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None

# Autoescape: titles and data texts are text, never markup; bodies are marked safe.
JINJA_ENVIRONMENT = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "autoescape": True,
    "extensions": ["jinja2.ext.do"],
}

CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = os.path.join(HERE, ".cache")
CHECK_MODIFIED_METHOD = "mtime"
# Pelican gzips its cache by default: at 2,000 items × 6 languages that cost
# about a second of every rebuild (make bench) to save 30 MB of disk.
GZIP_CACHE = False

DELETE_OUTPUT_DIRECTORY = False

# Detail pages are rendered by two processes where the machine has two cores or
# more (plugins/portal_engine/parallel.py); 1 renders everything in one process.
# The environment variable of the same name overrides it (tests, debugging).
PORTAL_RENDER_WORKERS = int(os.environ["PORTAL_RENDER_WORKERS"]) if os.environ.get("PORTAL_RENDER_WORKERS") else None

# Processes that read uncached documents in a cold build (plugins/portal_engine/
# preread.py; None: one per core, at most 4; 1: read one by one). The environment
# variable of the same name overrides it.
PORTAL_READ_WORKERS = None

# Unchanged pages and kept values are taken from the last build (plugins/portal_engine);
# PORTAL_REUSE=0 in the environment renders everything (the tests compare the two).
PORTAL_REUSE = os.environ.get("PORTAL_REUSE", "1") != "0"
