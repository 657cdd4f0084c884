"""A scaled portal written to the content contract, for the benchmark.

``generate(site, n)`` writes ``site/content`` and ``site/data`` with ``n`` items
spread over offers, trainings, events, donations and pages, most of them in all
six languages (de, en, ar, fa, uk, ru), some only partly translated or only in
German; bodies of 150–400 words that link to other items; references into a
``data/`` that starts from the repository's own ``data/`` (so the forms, site
settings and whatever data files plugins add stay valid) plus generated
organisations and places. A few offers and donations have expired, some events
and trainings are past, some events recur (RRULE with ``until`` and
``exdates``), a few items are drafts. The site is a git checkout with two
commits, so that some translations are outdated as in a real portal.

The first pages take the slugs of the repository's own pages (``datenschutz``,
``danke`` …), which forms and the footer refer to.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml
from dateutil.rrule import rrulestr

from . import text

ROOT = Path(__file__).resolve().parents[2]
#: 2026-11-26 12:00 Europe/Berlin: "today" of every benchmark build (as in the tests).
TODAY_EPOCH = 1795690800
TODAY = date(2026, 11, 26)
SHARES = (("offers", 0.30), ("events", 0.25), ("trainings", 0.15), ("donations", 0.15), ("pages", 0.15))
TRANSLATABLE = {
    "offers": ("schedule",), "trainings": ("cost",), "events": ("cost",),
    "donations": ("needed", "not_needed", "hours"), "pages": (),
}
ORGANISATION_KINDS = ("agency", "aid-organisation", "migrant-organisation", "religious-community",
                      "migration-counselling", "shelter", "company", "university")
PLAIN = re.compile(r"^[^\s\"'{}\[\],&*#?|<>=!%@`:-][^\"#]*$")


@dataclass
class Corpus:
    """What was generated: counts for the report, files for the edit test."""

    site: Path
    items: int = 0
    documents: int = 0
    words: int = 0
    by_type: dict[str, int] = field(default_factory=dict)
    edit_target: str = ""  # content-relative path of the file the edit test changes


def scalar(value: Any) -> str:
    """A YAML scalar as an editor writes it: plain where YAML allows, else quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    value = str(value)
    if PLAIN.match(value) and ": " not in value and not value.endswith(":"):
        return value
    return json.dumps(value, ensure_ascii=False)


def front_matter(meta: dict[str, Any]) -> str:
    lines = ["---"]
    for key, value in meta.items():
        if isinstance(value, dict):
            inner = ", ".join(f"{k}: {scalar(v)}" for k, v in value.items())
            lines.append(f"{key}: {{{inner}}}")
        elif isinstance(value, list) and any(len(str(v)) > 30 for v in value):
            lines.append(f"{key}:")
            lines += [f"  - {scalar(v)}" for v in value]
        elif isinstance(value, list):
            lines.append(f"{key}: [{', '.join(scalar(v) for v in value)}]")
        else:
            lines.append(f"{key}: {scalar(value)}")
    lines.append("---")
    return "\n".join(lines) + "\n"


class _Reference:
    """The ids of the repository's data/ that generated items may name."""

    def __init__(self, data_dir: Path, content_dir: Path):
        def load(name: str, default: Any) -> Any:
            path = data_dir / name
            return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else default

        self.site = load("site.yaml", {})
        taxonomies = load("taxonomies.yaml", {}) or {}
        self.taxonomy = {name: sorted(taxonomies.get(name) or {}) for name in
                         ("areas", "districts", "audiences", "requirements", "times")}
        def ids(name: str) -> list[str]:  # a list file, or a folder of <id>.yaml (README: two shapes)
            folder = data_dir / name
            if folder.is_dir():
                return sorted(path.stem for path in folder.glob("*.yaml"))
            return [entry["id"] for entry in load(f"{name}.yaml", []) or []]

        self.organisations = ids("organisations")
        self.places = ids("places")
        forms_dir = data_dir / "forms"
        self.forms = sorted(p.stem for p in forms_dir.glob("*.yaml")) if forms_dir.is_dir() else []
        self.default_form = self.site.get("default_form")
        self.materials = sorted(p.name for p in (content_dir / "materials").glob("*")) \
            if (content_dir / "materials").is_dir() else []
        self.pages: list[tuple[str, dict[str, Any]]] = []
        for path in sorted((content_dir / "pages").glob("*.de.md")):
            meta = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1]) or {}
            self.pages.append((path.name.split(".")[0], {k: meta[k] for k in ("nav", "signup") if k in meta}))


def _multilingual(values: dict[str, str]) -> dict[str, str]:
    return {lang: values[lang] for lang in text.LANGUAGES}


def _extend_data(data_dir: Path, n: int, rng: random.Random, ref: _Reference) -> None:
    """Append generated organisations and places to the copied data files."""
    count = max(5, n // 25)
    organisations, places = [], []
    for index in range(count):
        topic = {lang: text.TOPICS[lang][index % len(text.TOPICS[lang])] for lang in text.LANGUAGES}
        organisations.append({
            "id": f"org-{index:04d}",
            "name": f"Initiative {topic['de']} {index + 1} e.V.",
            "kind": ORGANISATION_KINDS[index % len(ORGANISATION_KINDS)],
            "address": {"street": f"Lindenstraße {index + 1}", "postcode": "06108", "city": "Musterstadt"},
            "geo": [round(51.45 + rng.random() / 20, 4), round(11.94 + rng.random() / 20, 4)],
            "website": f"https://org-{index:04d}.example.org",
            "email": f"kontakt@org-{index:04d}.example.org",
            "description": _multilingual({lang: text.SENTENCES[lang][index % 16] for lang in text.LANGUAGES}),
        })
        places.append({
            "id": f"ort-{index:04d}",
            "name": _multilingual({lang: f"{text.TOPICS[lang][index % 15]} {index + 1}" for lang in text.LANGUAGES}),
            "address": {"street": f"Am Markt {index + 1}", "postcode": "06110", "city": "Musterstadt"},
            "geo": [round(51.45 + rng.random() / 20, 4), round(11.94 + rng.random() / 20, 4)],
            "accessibility": _multilingual({lang: text.SENTENCES[lang][5] for lang in text.LANGUAGES}),
            "opening_hours": _multilingual(text.FIELD_TEXTS["hours"]),
        })
    for name, entries in (("organisations", organisations), ("places", places)):
        if (data_dir / name).is_dir():  # the folder shape: one file per record
            for entry in entries:
                (data_dir / name / f"{entry['id']}.yaml").write_text(
                    yaml.safe_dump(entry, allow_unicode=True, sort_keys=False, width=200), encoding="utf-8")
            continue
        path = data_dir / f"{name}.yaml"
        existing = path.read_text(encoding="utf-8") if path.exists() else ""
        dumped = yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, width=200)
        path.write_text(existing.rstrip("\n") + "\n\n# generated by the benchmark\n" + dumped, encoding="utf-8")
    ref.organisations += [o["id"] for o in organisations]
    ref.places += [p["id"] for p in places]


def _languages(index: int) -> list[str]:
    """85 % of the items in all six languages, 10 % partly translated, 5 % only in German."""
    if index % 20 in (5, 15):
        return ["de", "en", "ar"]
    if index % 20 == 10:
        return ["de"]
    return list(text.LANGUAGES)


def _source_meta(doc_type: str, index: int, rng: random.Random, ref: _Reference) -> dict[str, Any]:
    meta: dict[str, Any] = {"title": text.title(doc_type, "de", index), "summary": text.summary("de", index)}
    pick = rng.choice
    if doc_type != "pages":
        meta["areas"] = rng.sample(ref.taxonomy["areas"], min(2, len(ref.taxonomy["areas"])))
        if ref.taxonomy["districts"]:
            meta["district"] = pick(ref.taxonomy["districts"])
    meta["organisation"] = pick(ref.organisations)
    if doc_type in ("offers", "trainings", "events") and rng.random() < 0.7:
        meta["place"] = pick(ref.places)
    meta["updated"] = (TODAY - timedelta(days=rng.randint(0, 300))).isoformat()
    if doc_type in ("offers", "donations") and index % 20 == 3:  # 5 % have expired
        meta["expires"] = (TODAY - timedelta(days=rng.randint(1, 60))).isoformat()
    if doc_type == "offers":
        meta["commitment"] = pick(["once", "regular", "flexible"])
        meta["schedule"] = text.FIELD_TEXTS["schedule"]["de"]
        meta["languages"] = rng.sample(list(text.LANGUAGES), 3)
        if ref.taxonomy["requirements"] and rng.random() < 0.3:
            meta["requirements"] = [pick(ref.taxonomy["requirements"])]
        meta["contact"] = {"name": "Jana Beispiel", "email": f"angebot{index}@example.org",
                           "phone": "+49 345 555 0111"}
        if rng.random() < 0.1:
            meta["signup"] = False
        meta["status"] = pick(["open"] * 8 + ["filled", "paused"])
        times = ref.taxonomy["times"]
        if times:  # from the index, not the random stream: the rest of the corpus stays as it was
            meta["times"] = sorted({times[index % len(times)], times[(index * 3 + 1) % len(times)]})
    elif doc_type in ("trainings", "events"):
        past = index % 5 == 4 if doc_type == "events" else index % 10 == 7  # 20 % / 10 % are over
        day = TODAY + timedelta(days=rng.randint(-200, -2) if past else rng.randint(1, 240))
        start = datetime.combine(day, datetime.min.time()) + timedelta(hours=rng.choice([10, 14, 16, 18]))
        meta["start"] = start.strftime("%Y-%m-%dT%H:%M")
        meta["end"] = (start + timedelta(hours=2, minutes=30)).strftime("%Y-%m-%dT%H:%M")
        meta["cost"] = text.FIELD_TEXTS["cost"]["de"]
        if doc_type == "events" and index % 8 == 1:  # 12.5 % recur
            meta["start"] = (start - timedelta(days=70)).strftime("%Y-%m-%dT%H:%M")
            meta["end"] = (start - timedelta(days=70, minutes=-120)).strftime("%Y-%m-%dT%H:%M")
            meta["recurrence"] = pick(["FREQ=WEEKLY;BYDAY=TU", "FREQ=WEEKLY;BYDAY=TH", "FREQ=MONTHLY;BYDAY=1SA"])
            meta["until"] = (day + timedelta(days=180)).isoformat()
            # two coming dates of the rule are cancelled (an exdate must be one of its dates)
            rule = rrulestr(meta["recurrence"], dtstart=datetime.fromisoformat(meta["start"]))
            coming = rule.between(datetime.combine(TODAY, datetime.min.time()),
                                  datetime.combine(day + timedelta(days=180), datetime.max.time()))
            if len(coming) >= 3:
                meta["exdates"] = [d.date().isoformat() for d in coming[1:3]]
        if doc_type == "trainings":
            if ref.taxonomy["audiences"]:
                meta["audience"] = [pick(ref.taxonomy["audiences"])]
            meta["registration"] = (ref.default_form if ref.default_form and rng.random() < 0.5
                                    else f"https://example.org/anmeldung/{index}")
            meta["deadline"] = (day - timedelta(days=7)).isoformat()
            meta["seats"] = rng.choice([12, 20, 40])
    elif doc_type == "donations":
        meta["kind"] = pick(["goods", "money", "time"])
        meta["needed"] = text.FIELD_TEXTS["needed"]["de"]
        meta["not_needed"] = text.FIELD_TEXTS["not_needed"]["de"]
        meta["drop_off"] = pick(ref.places)
        meta["hours"] = text.FIELD_TEXTS["hours"]["de"]
        meta["urgent"] = rng.random() < 0.1
    if doc_type != "pages" and index % 100 == 42:  # 1 % are drafts
        meta["draft"] = True
    return meta


def _translation_meta(doc_type: str, lang: str, index: int) -> dict[str, Any]:
    meta: dict[str, Any] = {"title": text.title(doc_type, lang, index), "summary": text.summary(lang, index)}
    for key in TRANSLATABLE[doc_type]:
        meta[key] = text.FIELD_TEXTS[key][lang]
    return meta


def _git(site: Path, *args: str, when: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    subprocess.run(["git", "-c", "user.name=Bench", "-c", "user.email=bench@example.org",
                    "-c", "commit.gpgsign=false", *args], cwd=site, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def generate(site: Path, n: int, seed: int = 7) -> Corpus:
    """Write a portal of ``n`` items into ``site`` (which must not exist yet)."""
    rng = random.Random(seed)
    content, data = site / "content", site / "data"
    shutil.copytree(ROOT / "data", data)
    ref = _Reference(data, ROOT / "content")
    if (ROOT / "content" / "materials").is_dir():
        shutil.copytree(ROOT / "content" / "materials", content / "materials")
    _extend_data(data, n, rng, ref)

    counts = {doc_type: int(n * share) for doc_type, share in SHARES}
    counts["offers"] += n - sum(counts.values())
    # the site's own pages (privacy, thank-you …) are always there: forms refer to them
    counts["pages"] = max(counts["pages"], len(ref.pages))
    corpus = Corpus(site, items=n, by_type=counts)
    written: list[tuple[str, str, list[str]]] = []  # (type, slug, languages)
    for doc_type, count in counts.items():
        (content / doc_type).mkdir(parents=True, exist_ok=True)
        for index in range(count):
            fixed: dict[str, Any] = {}
            if doc_type == "pages" and index < len(ref.pages):
                slug, fixed = ref.pages[index]
                languages = list(text.LANGUAGES)
            else:
                slug = f"{doc_type.rstrip('s')}-{index:05d}"
                languages = _languages(index)
            for lang in languages:
                meta = (_source_meta(doc_type, index, rng, ref) | fixed if lang == "de"
                        else _translation_meta(doc_type, lang, index))
                links = []
                for target_type, target_slug, target_langs in rng.sample(written, min(len(written), rng.randint(0, 2))):
                    target_lang = lang if lang in target_langs else "de"
                    links.append((text.TOPICS[lang][0], f"{{filename}}/{target_type}/{target_slug}.{target_lang}.md"))
                if ref.materials and rng.random() < 0.05:
                    links.append(("PDF", f"{{static}}/materials/{ref.materials[0]}"))
                body = text.body(lang, rng, links)
                (content / doc_type / f"{slug}.{lang}.md").write_text(front_matter(meta) + body, encoding="utf-8")
                corpus.documents += 1
                corpus.words += len(body.split())
            written.append((doc_type, slug, languages))
    offers = [w for w in written if w[0] == "offers"]
    corpus.edit_target = f"offers/{offers[len(offers) // 2][1]}.de.md"

    _git(site, "init", "-q", when="2026-10-01T10:00:00+02:00")
    _git(site, "add", "-A", when="2026-10-01T10:00:00+02:00")
    _git(site, "commit", "-q", "-m", "portal", when="2026-10-01T10:00:00+02:00")
    for doc_type, slug, languages in rng.sample(written, max(1, len(written) // 30)):
        if len(languages) > 1:  # the source changed after its translations: they are outdated
            with open(content / doc_type / f"{slug}.de.md", "a", encoding="utf-8") as handle:
                handle.write("\nNeu: Die Zeiten haben sich geändert.\n")
    _git(site, "commit", "-q", "-am", "update sources", when="2026-11-20T10:00:00+01:00")
    return corpus
