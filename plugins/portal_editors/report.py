"""The freshness report: what editors should translate, check or renew.

One computation serves both ``make report`` (text) and the build's editors'
page (``/editors/report/``). It reads only the checked Portal, the settings in
``data/site.yaml`` (``report:``) and, for dates, the git history. Drafts are left
out everywhere: they are not published, and the page is readable by anyone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta

from portal_content import History, Item, Portal, history, internal_link

from .worddiff import Piece, word_diff

#: Defaults of ``data/site.yaml`` → ``report:``.
STALE_AFTER_MONTHS = 6
EXPIRING_WITHIN_DAYS = 30


@dataclass(frozen=True)
class Settings:
    """``report:`` in data/site.yaml."""

    stale_after_months: int = STALE_AFTER_MONTHS
    expiring_within_days: int = EXPIRING_WITHIN_DAYS

    @classmethod
    def of(cls, site: dict[str, Any]) -> "Settings":
        values = site.get("report") or {}
        return cls(values.get("stale_after_months", STALE_AFTER_MONTHS),
                   values.get("expiring_within_days", EXPIRING_WITHIN_DAYS))


@dataclass
class Entry:
    """One finding: the file to open and what is the matter with it."""

    path: str  # relative to the site folder, e.g. content/offers/x.de.md
    item: Item | None = None
    lang: str | None = None
    when: date | None = None  # the date the finding is about (last check, expiry, last event …)
    since: date | None = None  # outdated: when the translation last changed
    source: str = ""  # stale: "updated" (front matter) or "git"; broken: the unpublished target
    diff: list[Piece] = field(default_factory=list)  # outdated: how the source changed since
    line: int | None = None
    field: str | None = None  # (after diff: this name hides dataclasses.field in the class body)

    def title(self, lang: str | None = None) -> str:
        return str(self.item.text("title", lang or self.item.source_lang)) if self.item else ""


@dataclass
class Report:
    """Every finding, by section; ``count`` is what ``make report STRICT=1`` fails on."""

    today: date
    settings: Settings
    untranslated: dict[str, list[Entry]] = field(default_factory=dict)
    outdated: list[Entry] = field(default_factory=list)
    stale: list[Entry] = field(default_factory=list)
    expiring: list[Entry] = field(default_factory=list)
    ended_events: list[Entry] = field(default_factory=list)
    broken: list[Entry] = field(default_factory=list)
    proposed: list[Entry] = field(default_factory=list)  # draft offers (make import), awaiting review
    draft_problems: list[str] = field(default_factory=list)  # make check's errors in drafts
    git: bool = False  # whether the git history was available for dates

    @property
    def stale_before(self) -> date:
        return self.today - relativedelta(months=self.settings.stale_after_months)

    @property
    def count(self) -> int:
        return (sum(len(e) for e in self.untranslated.values()) + len(self.outdated) + len(self.stale)
                + len(self.expiring) + len(self.ended_events) + len(self.broken) + len(self.proposed))


def _day(stamp: float | None, now: datetime) -> date | None:
    return datetime.fromtimestamp(stamp, now.tzinfo).date() if stamp is not None else None


def _sorted(entries: list[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: (e.when or date.min, e.path))


def _untranslated(portal: Portal, current: list[Item]) -> dict[str, list[Entry]]:
    return {
        code: [Entry(item.source.path, item, code) for item in current if code not in item.languages]
        for code in portal.data.codes[1:]
    }


def _moment(stamp: float, now: datetime) -> datetime:
    return datetime.fromtimestamp(stamp, now.tzinfo)


def _outdated(current: list[Item], changes: History, now: datetime) -> list[Entry]:
    """Each outdated translation with the times of both changes and the source's word diff.

    The diff compares the source as it was in the translation's last commit with
    the source now, so it shows everything the translation has not caught up with.
    """
    found = []
    for item in current:
        source = item.source.rel
        for code in sorted(item.outdated):
            rel = item.translations[code].rel
            changed, translated = changes.change_after(source, rel), changes.last(rel)
            if changed is None or translated is None:
                continue
            diff = word_diff(changes.text_at(translated.commit, source) or "",
                             changes.text_at(None, source) or "")
            found.append(Entry(item.translations[code].path, item, code, when=_moment(changed.time, now),
                               since=_moment(translated.time, now), diff=diff))
    return found


def _stale(current: list[Item], changes: dict[str, float], report: Report, portal: Portal) -> list[Entry]:
    """Items of the types the registry marks ``checked`` (offers, donation needs) not checked for long."""
    now = portal.now
    found = []
    for item in current:
        if not portal.types[item.type].checked:
            continue
        checked, source = item.get("updated"), "updated"
        if checked is None:
            checked, source = _day(changes.get(item.source.rel), now), "git"
        if checked is None or checked < report.stale_before:
            found.append(Entry(item.source.path, item, when=checked, source=source if checked else ""))
    return _sorted(found)


def _expiring(current: list[Item], report: Report) -> list[Entry]:
    until = report.today + timedelta(days=report.settings.expiring_within_days)
    return _sorted([
        Entry(item.source.path, item, when=item.get("expires"))
        for item in current if item.get("expires") and report.today <= item.get("expires") <= until
    ])


def _ended_events(portal: Portal, report: Report) -> list[Entry]:
    """Events whose last date passed within the window (older ones simply stay in the archive).

    Events: the types with an ``archive`` in the registry."""
    since = report.today - timedelta(days=report.settings.expiring_within_days)
    found = []
    archived = [item for content_type in portal.types.values() if content_type.archive
                for item in portal.items.get(content_type.name, [])]
    for item in archived:
        schedule = item.schedule
        if item.draft or schedule is None or schedule.next(portal.now) is not None:
            continue
        last = None
        for last in schedule.occurrences():
            pass
        if last is not None and last.end.date() >= since:
            found.append(Entry(item.source.path, item, when=last.start.date()))
    return _sorted(found)


def _broken(portal: Portal) -> list[Entry]:
    """Links to a draft: the build accepts them (the file exists), readers get "not found"."""
    by_rel = {doc.rel: (item, doc) for items in portal.items.values() for item in items
              for doc in (item.source, *item.translations.values())}
    found = []
    for item, doc in by_rel.values():
        if item.draft:
            continue
        for url, line in doc.links:
            link = internal_link(url, doc.rel)
            if link is None or not link.to_document:
                continue
            linked = by_rel.get(link.path)
            if linked and linked[0].draft:
                found.append(Entry(doc.path, item, doc.lang, source=linked[1].path, line=line,
                                   field="body"))
    return sorted(found, key=lambda e: (e.path, e.line or 0))


def _proposed(portal: Portal) -> list[Entry]:
    """Draft offers (what ``make import`` writes), those with errors included, by file."""
    found = {item.source.path: Entry(item.source.path, item)
             for item in portal.items.get("offers", []) if item.draft}
    for error in portal.draft_errors:
        if error.path.startswith("content/offers/") and error.path.endswith(f".{portal.data.default_lang}.md"):
            found.setdefault(error.path, Entry(error.path))
    return [found[path] for path in sorted(found)]


def build_report(portal: Portal, content_dir: str, use_git: bool = True) -> Report:
    """All findings for ``portal`` as of its ``now`` (SOURCE_DATE_EPOCH in tests)."""
    report = Report(portal.today, Settings.of(portal.data.site))
    changes = history(content_dir) if use_git else History(content_dir)
    report.git = bool(changes.changes)
    current = [item for item in portal.all_items() if not item.ended(portal.now)]
    report.untranslated = _untranslated(portal, current)
    report.outdated = _outdated(current, changes, portal.now)
    report.stale = _stale(current, changes.last_times(), report, portal)
    report.expiring = _expiring(current, report)
    report.ended_events = _ended_events(portal, report)
    report.broken = _broken(portal)
    report.proposed = _proposed(portal)
    report.draft_problems = [str(e) for e in portal.draft_errors]
    return report
