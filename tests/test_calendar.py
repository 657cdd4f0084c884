"""Dates in readers' calendars, feeds, and what search engines read of a page.

The ``.ics`` files are read with ``icalendar`` and their RRULEs expanded with
dateutil the way a calendar app does (from DTSTART with its TZID, minus the
EXDATEs); the Atom feeds with ``xml.etree``; the JSON-LD blocks with ``json``.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import date, datetime, timedelta, timezone

from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po
from dateutil.rrule import rrulestr
from icalendar import Calendar

from conftest import ROOT, BuildResult
from test_validation import assert_error, edit, line_of

ATOM = "{http://www.w3.org/2005/Atom}"
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
OFFSET = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")
BUILD_MOMENT = datetime(2026, 11, 26, 11, 0, tzinfo=timezone.utc)  # SOURCE_DATE_EPOCH of the tests
CALENDAR_TEMPLATES = ("calendars.html", "partials/head_extra.html", "partials/detail_head.html",
                      "partials/detail_actions.html", "partials/calendar_subscribe.html")


# --- helpers -----------------------------------------------------------------------------


def calendar(build: BuildResult, path: str) -> Calendar:
    return Calendar.from_ical((build.output / path).read_bytes())


def events_by_uid(cal: Calendar) -> dict[str, object]:
    return {str(event["UID"]): event for event in cal.walk("VEVENT")}


def expand(event) -> list[datetime | date]:
    """Every start of a VEVENT as a calendar app computes it: RRULE from DTSTART, minus EXDATEs."""
    start = event.decoded("DTSTART")
    if "RRULE" not in event:
        return [start]
    rule = rrulestr(event["RRULE"].to_ical().decode(), dtstart=start)
    exdates = event.get("EXDATE", [])
    excluded = {d.dt for group in (exdates if isinstance(exdates, list) else [exdates]) for d in group.dts}
    if not isinstance(start, datetime):  # all day: dates
        return [s.date() for s in rule if s.date() not in excluded]
    return [s for s in rule if s not in excluded]


def structured_data(html: str) -> list[dict]:
    return [json.loads(block) for block in JSON_LD.findall(html)]


def head_of(html: str) -> str:
    return html[: html.index("</head>")]


# --- iCalendar files -----------------------------------------------------------------------


def test_event_calendar_file_is_in_the_source_language_with_each_translation_in_its_description(
        minimal_build: BuildResult):
    cal = calendar(minimal_build, "de/events/cafe/event.ics")
    (event,) = cal.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Sprachcafé"
    assert event["SUMMARY"].params["LANGUAGE"] == "de"
    assert str(event["DESCRIPTION"]) == "English: Language café"  # the café has no summary of its own
    assert str(event["LOCATION"]) == "Rathaus, Marktplatz 1, 12345 Beispielheim"
    assert str(event["ORGANIZER"]) == "mailto:info@example.org"
    assert event["ORGANIZER"].params["CN"] == "Freiwilligenagentur Beispielheim"
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event.decoded("DTSTART") == datetime(2026, 9, 1, 16, 0, tzinfo=event.decoded("DTSTART").tzinfo)
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert str(cal["VERSION"]) == "2.0" and cal["PRODID"]
    assert not minimal_build.exists("en/events/cafe/event.ics")  # one file per event, not per language


def test_calendar_files_are_folded_with_crlf_lines_of_at_most_75_octets(demo_build: BuildResult):
    files = sorted(demo_build.output.rglob("*.ics"))
    assert len(files) > 20
    for path in files:
        raw = path.read_bytes()
        assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b""), path
        lines = raw.split(b"\r\n")[:-1]
        assert max(len(line) for line in lines) <= 75, path
    # long texts are folded, not cut: the description of the café comes back whole
    (event,) = calendar(demo_build, "de/events/sprachcafe/event.ics").walk("VEVENT")
    german, *translations = str(event["DESCRIPTION"]).split("\n\n")
    assert german.endswith("und alle, die gern mit ihnen ins Gespräch kommen.")
    assert [text.split(":")[0] for text in translations] == ["English", "العربية", "فارسی", "Українська", "Русский"]


def test_event_across_the_october_clock_change_lasts_its_real_seven_hours(site):
    # 2027-10-30 22:00 to 2027-10-31 04:00 local: the clocks go back from 3:00 to 2:00 that night
    site.write("content/events/zeitumstellung.de.md", (
        "---\ntitle: Lange Nacht\nstart: 2027-10-30T22:00\nend: 2027-10-31T04:00\nplace: rathaus\n---\n"
        "Eine Stunde mehr.\n"))
    result = site.build()
    assert result.returncode == 0, result.stderr
    (event,) = calendar(result, "de/events/zeitumstellung/event.ics").walk("VEVENT")
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert (start.hour, end.hour) == (22, 4)
    assert end.astimezone(timezone.utc) - start.astimezone(timezone.utc) == timedelta(hours=7)
    assert (start.utcoffset(), end.utcoffset()) == (timedelta(hours=2), timedelta(hours=1))


def test_weekly_language_cafe_falls_on_the_right_tuesdays_at_four_all_year(demo_build: BuildResult):
    cal = calendar(demo_build, "de/calendar/all.ics")
    starts = expand(events_by_uid(cal)["events-sprachcafe@example.org"])
    # the café's rule: Tuesdays 16:00 from 2026-09-01 to 2027-07-13, not on 2026-12-22 and -29
    tuesdays = [date(2026, 9, 1) + timedelta(weeks=n) for n in range(46)]
    assert tuesdays[-1] == date(2027, 7, 13)
    expected = [d for d in tuesdays if d not in (date(2026, 12, 22), date(2026, 12, 29))]
    assert [s.date() for s in starts] == expected
    assert {(s.hour, s.minute) for s in starts} == {(16, 0)}
    for start in starts:
        summer = start.date() < date(2026, 10, 25) or start.date() >= date(2027, 3, 28)
        assert start.utcoffset() == timedelta(hours=2 if summer else 1), start
    # an app without its own time-zone data uses the file's VTIMEZONE: the same offsets
    (zone,) = cal.walk("VTIMEZONE")
    own_rules = zone.to_tz()
    assert all(s.replace(tzinfo=own_rules).utcoffset() == s.utcoffset() for s in starts)
    by_day = {s.date(): s.isoformat() for s in starts}
    assert by_day[date(2026, 10, 20)] == "2026-10-20T16:00:00+02:00"
    assert by_day[date(2026, 10, 27)] == "2026-10-27T16:00:00+01:00"
    assert by_day[date(2027, 3, 23)] == "2027-03-23T16:00:00+01:00"
    assert by_day[date(2027, 3, 30)] == "2027-03-30T16:00:00+02:00"


def test_feeds_hold_upcoming_events_and_trainings_per_language_and_area(demo_build: BuildResult):
    for lang in ("de", "en", "ar", "fa", "uk", "ru"):
        uids = set(events_by_uid(calendar(demo_build, f"{lang}/calendar/all.ics")))
        assert "events-sprachcafe@example.org" in uids
        assert "trainings-grundlagen-ehrenamt@example.org" in uids
        assert "events-willkommensfest-2026@example.org" not in uids  # over: in the archive
        assert not any(uid.startswith("offers-") for uid in uids)
    language = set(events_by_uid(calendar(demo_build, "de/calendar/areas/sprache.ics")))
    assert "events-sprachcafe@example.org" in language
    assert "events-offene-fahrradwerkstatt@example.org" not in language
    # an event without an Arabic translation is in the Arabic feed in German, marked so
    (lichterfest,) = [e for e in calendar(demo_build, "ar/calendar/all.ics").walk("VEVENT")
                      if str(e["UID"]) == "events-lichterfest-nachbarschaft@example.org"]
    assert lichterfest["SUMMARY"].params["LANGUAGE"] == "de"
    assert str(lichterfest["SUMMARY"]) == "Lichterfest in der Nachbarschaft"


def test_feed_is_a_subscription_with_a_name_and_daily_refresh(demo_build: BuildResult):
    cal = calendar(demo_build, "en/calendar/all.ics")
    assert str(cal["NAME"]) == "Welcome to Musterstadt: Events and trainings"
    assert str(cal["X-WR-CALNAME"]) == str(cal["NAME"])
    assert cal.decoded("REFRESH-INTERVAL") == timedelta(days=1)
    (event,) = [e for e in cal.walk("VEVENT") if str(e["UID"]) == "events-sprachcafe@example.org"]
    assert event["GEO"].latitude and event["GEO"].longitude


def test_uids_stay_the_same_across_builds_and_hosts_and_dtstamp_is_the_build_time(site):
    """Two builds a week apart, the second for a public address."""
    first = site.build(output=site.path / "first")
    later = site.build(output=site.path / "later",
                       env={"SOURCE_DATE_EPOCH": "1796295600", "SITEURL": "https://portal.example.org"})
    assert first.returncode == 0, first.stderr
    assert later.returncode == 0, later.stderr
    for path in ("de/calendar/all.ics", "en/calendar/all.ics", "de/events/cafe/event.ics"):
        before, after = calendar(first, path), calendar(later, path)
        assert set(events_by_uid(before)) == set(events_by_uid(after)) != set()
        assert {e.decoded("DTSTAMP") for e in before.walk("VEVENT")} == {BUILD_MOMENT}
        assert {e.decoded("DTSTAMP") for e in after.walk("VEVENT")} == {BUILD_MOMENT + timedelta(days=7)}
    (event,) = calendar(later, "de/events/cafe/event.ics").walk("VEVENT")
    assert str(event["URL"]) == "https://portal.example.org/de/events/cafe/"
    # a reader of the English page finds its title and page in the entry
    assert str(event["DESCRIPTION"]) == "English: Language café\nhttps://portal.example.org/en/events/cafe/"
    # knowing its public address, the site offers webcal: links and shows addresses to copy
    page = later.page("de/calendar/")
    assert 'href="webcal://portal.example.org/de/calendar/all.ics"' in page
    assert "https://portal.example.org/de/calendar/areas/sprache.ics</span>" in page
    assert "webcal:" not in first.page("de/calendar/")


def test_all_day_monthly_event_of_another_site_gets_dates_not_times(site):
    site.write("content/events/flohmarkt.de.md", (
        "---\ntitle: Flohmarkt\nstart: 2026-12-05\nrecurrence: FREQ=MONTHLY;BYDAY=1SA\n"
        "until: 2027-04-03\nexdates: [2027-01-02]\nplace: rathaus\ncost: Eintritt frei\n---\n"
        "Jeden ersten Samstag im Monat.\n"))
    result = site.build()
    assert result.returncode == 0, result.stderr
    (event,) = calendar(result, "de/events/flohmarkt/event.ics").walk("VEVENT")
    assert event["DTSTART"].to_ical() == b"20261205" and event["DTSTART"].params["VALUE"] == "DATE"
    assert expand(event) == [date(2026, 12, 5), date(2027, 2, 6), date(2027, 3, 6), date(2027, 4, 3)]
    (data,) = structured_data(result.page("de/events/flohmarkt/"))
    assert (data["startDate"], data["endDate"]) == ("2026-12-05", "2026-12-05")
    schedule = data["eventSchedule"]
    assert (schedule["repeatFrequency"], schedule["byDay"], schedule["byMonthWeek"]) == (
        "P1M", ["https://schema.org/Saturday"], [1])
    assert (schedule["endDate"], schedule["exceptDate"]) == ("2027-04-03", ["2027-01-02"])
    assert "startTime" not in schedule and data["isAccessibleForFree"] is True


# --- links on the pages ------------------------------------------------------------------------


def test_event_and_training_pages_offer_add_to_calendar_and_subscribe(minimal_build: BuildResult):
    for page, ics in (("en/events/cafe/", "/de/events/cafe/event.ics"),
                      ("de/trainings/grundkurs/", "/de/trainings/grundkurs/training.ics")):
        html = minimal_build.page(page)
        assert f'<a class="calendar-actions__add" href="{ics}" type="text/calendar">' in html
        assert minimal_build.exists(ics.lstrip("/"))
        lang = page[:2]
        assert f'<a href="/{lang}/calendar/">' in html
    assert 'class="calendar-actions"' not in minimal_build.page("de/events/sommerfest/")  # it is over
    assert "Add to my calendar" in minimal_build.page("en/events/cafe/")
    assert "In meinen Kalender eintragen" in minimal_build.page("de/events/cafe/")


def test_one_calendar_file_per_event_or_training_with_dates_to_come_offered_on_every_language_page(
        minimal_build: BuildResult):
    written = {str(path.relative_to(minimal_build.output)) for path in minimal_build.output.rglob("*.ics")
               if "calendar" not in path.parts}
    assert written == {"de/events/cafe/event.ics", "de/events/nachtlauf/event.ics",
                       "de/trainings/grundkurs/training.ics"}
    offered = {link.lstrip("/") for page in minimal_build.output.rglob("index.html")
               for link in re.findall(r'class="calendar-actions__add" href="([^"]+)"', page.read_text("utf-8"))}
    assert offered == written
    for lang in ("de", "en", "ar"):  # translated (en) or not (ar): the same file, in plain HTML
        assert 'class="calendar-actions__add" href="/de/events/cafe/event.ics"' in minimal_build.page(
            f"{lang}/events/cafe/")
    # an ended event offers no file and has none: its page says it is over
    assert "calendar-actions__add" not in minimal_build.page("de/events/sommerfest/")


def test_events_listing_leads_to_the_calendars_page_that_lists_every_feed(minimal_build: BuildResult):
    listing = minimal_build.page("en/events/")
    assert '<p class="calendar-subscribe"><a href="/en/calendar/">' in listing
    page = minimal_build.page("en/calendar/")
    links = re.findall(r'href="(/en/(?:calendar|feeds)/[^"]+)"', page[page.index("<main"):])
    assert set(links) == {"/en/calendar/all.ics", "/en/calendar/areas/sprache.ics",
                          "/en/calendar/areas/sport.ics", "/en/feeds/atom.xml"}
    for link in links:
        assert minimal_build.exists(link.lstrip("/")), link


def test_every_page_names_the_news_feed_and_the_calendar_in_its_head(minimal_build: BuildResult):
    # every page of a language (the language choice at the root has a head of its own)
    pages = sorted(p for lang in ("de", "en", "ar") for p in (minimal_build.output / lang).rglob("*.html"))
    assert len(pages) > 40
    for path in pages:
        head = head_of(path.read_text(encoding="utf-8"))
        lang = re.search(r'<html lang="([^"]+)"', head).group(1)
        atom = re.search(r'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="([^"]+)">', head)
        ics = re.search(r'<link rel="alternate" type="text/calendar" title="[^"]+" href="([^"]+)">', head)
        assert atom and atom.group(1) == f"/{lang}/feeds/atom.xml", path
        assert ics and ics.group(1) == f"/{lang}/calendar/all.ics", path


# --- Atom ------------------------------------------------------------------------------------


def test_atom_feeds_parse_and_every_entry_links_to_its_page(minimal_build: BuildResult):
    for lang in ("de", "en", "ar"):
        feed = ET.parse(minimal_build.output / lang / "feeds" / "atom.xml").getroot()
        assert feed.tag == f"{ATOM}feed"
        assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
        assert feed.find(f"{ATOM}link[@rel='self']").get("href") == f"/{lang}/feeds/atom.xml"
        entries = feed.findall(f"{ATOM}entry")
        links = [entry.find(f"{ATOM}link").get("href") for entry in entries]
        assert f"/{lang}/offers/fussball/" in links       # untranslated: its page in the feed's language
        assert f"/{lang}/offers/sprachpaten/" in links
        assert "/de/offers/alt/" not in links             # expired
        for entry, link in zip(entries, links):
            assert minimal_build.exists(link.lstrip("/")), link
            assert entry.findtext(f"{ATOM}title")
            assert datetime.fromisoformat(entry.findtext(f"{ATOM}updated")).tzinfo is not None
        ids = [entry.findtext(f"{ATOM}id") for entry in entries]
        assert len(set(ids)) == len(ids) and all(i.startswith("urn:uuid:") for i in ids)
    english = ET.parse(minimal_build.output / "en" / "feeds" / "atom.xml").getroot()
    titles = [e.findtext(f"{ATOM}title") for e in english.findall(f"{ATOM}entry")]
    assert "Language buddy" in titles


# --- structured data ---------------------------------------------------------------------------

REQUIRED = {
    "Event": {"name", "startDate", "location", "url"},
    "Course": {"name", "description", "provider", "hasCourseInstance"},
    "CourseInstance": {"startDate", "courseMode", "location"},
    "JobPosting": {"title", "description", "datePosted", "hiringOrganization", "jobLocation",
                   "employmentType"},
    "Organization": {"name"},
    "Place": {"name", "address"},
    "PostalAddress": {"streetAddress", "postalCode", "addressLocality"},
    "Schedule": {"repeatFrequency", "startDate", "scheduleTimezone"},
}
DATE_KEYS = {"startDate", "endDate", "validThrough", "datePosted", "exceptDate"}


def check_node(node: object, where: str) -> list[str]:
    """Problems of a JSON-LD node and its children: missing properties, dates without offsets."""
    problems = []
    if isinstance(node, list):
        for child in node:
            problems += check_node(child, where)
        return problems
    if not isinstance(node, dict):
        return problems
    missing = REQUIRED.get(node.get("@type"), set()) - set(node)
    if missing:
        problems.append(f"{where}: {node.get('@type')} lacks {sorted(missing)}")
    for key, value in node.items():
        for text in (value if isinstance(value, list) else [value]):
            if key in DATE_KEYS and isinstance(text, str) and "T" in text and not OFFSET.match(text):
                problems.append(f"{where}: {key} {text!r} is no ISO 8601 time with an offset")
            if key in DATE_KEYS and isinstance(text, str) and "T" not in text:
                date.fromisoformat(text)
        problems += check_node(value, where)
    return problems


def test_structured_data_of_every_demo_page_has_the_required_properties(demo_build: BuildResult):
    found: dict[str, int] = {}
    problems: list[str] = []
    for path in sorted(demo_build.output.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        for block in JSON_LD.findall(html):
            assert "</" not in block and "<" not in block, path
            data = json.loads(block)
            assert data["@context"] == "https://schema.org"
            for node in data.get("@graph", [data]):
                found[node["@type"]] = found.get(node["@type"], 0) + 1
            problems += check_node(data, str(path.relative_to(demo_build.output)))
    assert problems == []
    assert set(found) == {"Event", "Course", "JobPosting", "Organization"}


def test_recurring_event_data_has_its_schedule_and_next_date(minimal_build: BuildResult):
    (event,) = structured_data(minimal_build.page("en/events/cafe/"))
    assert event["@type"] == "Event"
    assert (event["startDate"], event["endDate"]) == ("2026-12-01T16:00:00+01:00", "2026-12-01T18:00:00+01:00")
    assert event["location"]["address"]["streetAddress"] == "Marktplatz 1"
    assert event["isAccessibleForFree"] is True             # "kostenlos"
    assert event["organizer"]["name"] == "Freiwilligenagentur Beispielheim"
    schedule = event["eventSchedule"]
    assert schedule["repeatFrequency"] == "P1W"
    assert schedule["byDay"] == ["https://schema.org/Tuesday"]
    assert (schedule["startTime"], schedule["endTime"]) == ("16:00:00", "18:00:00")
    assert (schedule["startDate"], schedule["endDate"]) == ("2026-09-01", "2027-06-29")
    assert schedule["scheduleTimezone"] == "Europe/Berlin"
    assert schedule["exceptDate"] == ["2026-12-22T16:00:00+01:00", "2026-12-29T16:00:00+01:00"]


def test_event_across_the_clock_change_and_with_a_price_in_structured_data(minimal_build: BuildResult):
    (event,) = structured_data(minimal_build.page("de/events/herbstnacht/"))
    assert (event["startDate"], event["endDate"]) == ("2026-10-24T22:00:00+02:00", "2026-10-25T04:00:00+01:00")
    assert event["isAccessibleForFree"] is False              # "5 € Eintritt"
    assert "eventSchedule" not in event


def test_training_is_a_course_with_its_instance(minimal_build: BuildResult):
    (course,) = structured_data(minimal_build.page("de/trainings/grundkurs/"))
    assert course["@type"] == "Course" and course["name"] == "Grundkurs Ehrenamt"
    instance = course["hasCourseInstance"]
    assert instance["@type"] == "CourseInstance"
    assert instance["startDate"] == "2027-01-16T10:00:00+01:00"
    assert instance["maximumAttendeeCapacity"] == 12


def test_open_offer_is_a_volunteer_job_posting_and_a_closed_one_has_none(minimal_build: BuildResult):
    (posting,) = structured_data(minimal_build.page("en/offers/sprachpaten/"))
    assert posting["@type"] == "JobPosting" and posting["employmentType"] == "VOLUNTEER"
    assert posting["title"] == "Language buddy"
    assert posting["datePosted"] == "2026-10-01"
    assert posting["hiringOrganization"]["@id"] == "/en/partners/#org-agentur"
    assert posting["qualifications"] == "Certificate of good conduct"
    assert structured_data(minimal_build.page("de/offers/alt/")) == []  # expired
    assert structured_data(minimal_build.page("de/donations/winterjacken/")) == []


def test_partners_page_describes_every_organisation_the_events_refer_to(minimal_build: BuildResult):
    (graph,) = structured_data(minimal_build.page("en/partners/"))
    organisations = {node["@id"]: node for node in graph["@graph"]}
    assert organisations["/en/partners/#org-agentur"]["email"] == "info@example.org"
    assert organisations["/en/partners/#org-sportverein"]["name"] == "Beispielheim Sports Club"
    (event,) = structured_data(minimal_build.page("en/events/cafe/"))
    assert event["organizer"]["@id"] in organisations
    assert structured_data(minimal_build.page("en/offers/")) == []


def test_structured_data_cannot_be_closed_by_a_title(site):
    hostile = 'Café </script><script>alert(1)</script> & <!-- "mehr"'
    edit(site, "content/events/cafe.de.md", "title: Sprachcafé\n", f"title: '{hostile}'\n")
    result = site.build()
    assert result.returncode == 0, result.stderr
    html = result.page("de/events/cafe/")
    assert len(re.findall(r"<script(?! src=\"/theme/js/)", html)) == 1  # the JSON-LD; the rest are the theme's files
    (block,) = JSON_LD.findall(html)
    assert "<" not in block and ">" not in block and "&" not in block
    assert json.loads(block)["name"] == hostile


# --- editors ---------------------------------------------------------------------------------


def test_exdate_that_is_no_date_of_the_event_names_file_line_and_field(site):
    path = "content/events/cafe.de.md"
    text = edit(site, path, "exdates: [2026-12-22, 2026-12-29]", "exdates: [2026-12-22, 2026-12-23, 2027-07-06]")
    result = site.check()
    line = line_of(text, "exdates:")
    assert_error(result, path, line, "exdates", "2026-12-23 is not a date of this event",
                 "2026-12-22 and 2026-12-29")
    assert_error(result, path, line, "exdates", "2027-07-06 is not a date", "until 2027-06-29")
    assert "2026-12-22 is not" not in result.stderr


def test_calendar_strings_are_translated_into_every_language():
    wanted = set()
    for name in CALENDAR_TEMPLATES:
        wanted |= {m[1] for m in extract_from_file("jinja2", str(ROOT / "theme/templates" / name),
                                                   keywords={"_": None})}
    wanted |= {m[1] for m in extract_from_file(
        "python", str(ROOT / "plugins/portal_calendar/writer.py"), keywords={"N_": None})}
    assert {"Add to my calendar", "Events and trainings", "Calendars and feeds"} <= wanted
    for lang in ("de", "ar", "fa", "uk", "ru"):
        catalog = read_po((ROOT / f"theme/translations/{lang}/LC_MESSAGES/calendar.po").open("rb"))
        translated = {m.id for m in catalog if m.id and m.string and not m.fuzzy}
        assert wanted - translated == set(), lang
