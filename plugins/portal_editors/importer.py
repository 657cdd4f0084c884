"""``make import FILE=…``: partners' proposed offers become draft offers.

The form ``angebot-melden`` (data/forms/angebot-melden.yaml) collects what an
offer needs; a form back-end delivers the answers as an export (Formspree's
JSON, Netlify's JSON or CSV) or as a notification mail (``.eml``). Each
submission becomes ``content/offers/<slug>.de.md`` with ``draft: true``, for the
agency to review. Only what the offer will publish is written: the submitter's
own e-mail address serves only to match the organisation and is never written,
and so is every other answer (consent, language, IP …): a public repository
publishes every committed file.

Everything in a submission is untrusted: values go through ``yaml.safe_dump``,
so the draft is valid YAML that reads back exactly what was sent, and whatever
the content rules forbid is then found by ``make check``. A file with any
problem (unknown format, a missing answer, a duplicate) writes nothing.
"""

from __future__ import annotations

import csv
import email
import email.policy
import hashlib
import io
import json
import os
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import yaml

from portal_content import SLUG
from portal_content.messages import Gettext, Message, tr
from portal_content.records import plain_records

FORM = "angebot-melden"
REQUIRED = ("organisation", "email", "title", "description")
LISTS = ("areas", "languages", "requirements")
TEXTS = ("organisation", "email", "title", "summary", "description", "district", "commitment", "schedule",
         "contact_name", "contact_email", "contact_phone")
KNOWN = set(TEXTS) | set(LISTS)
#: The comment line that carries a draft's submission id (to find duplicates).
ID_MARK = "# import-id: "
TRANSLITERATION = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue"})


class ImportProblem(Exception):
    """A file that cannot be imported: nothing was written. ``messages`` are marked with ``tr``."""

    def __init__(self, *messages: str) -> None:
        super().__init__("\n".join(messages))
        self.messages = list(messages)


@dataclass
class Submission:
    """One answer to the form, as the back-end delivered it."""

    ident: str
    values: dict[str, Any]
    label: str  # "submission 2" (a tr() message) — where it is in the file, for messages

    def text(self, key: str) -> str:
        value = self.values.get(key)
        return value if isinstance(value, str) else ""

    def items(self, key: str) -> list[str]:
        value = self.values.get(key)
        if isinstance(value, str):
            value = re.split(r"[,;\n]", value)
        return [v.strip() for v in value or [] if isinstance(v, str) and v.strip()]


@dataclass
class Draft:
    """A draft offer ready to write."""

    rel: str  # content/offers/<slug>.de.md
    text: str
    organisation: str
    title: str
    matched: bool
    submission: Submission
    notes: list[str] = field(default_factory=list)


def _ident(raw: Any, values: dict[str, Any]) -> str:
    """A submission's id as a safe token: the back-end's id, else a hash of the answers."""
    text = str(raw).strip() if raw not in (None, "") else ""
    if text and re.fullmatch(r"[A-Za-z0-9._@<>-]{1,100}", text):
        return re.sub(r"[^A-Za-z0-9._-]", "", text)[:64] or _hash(values)
    return _hash({"id": text} if text else values)


def _hash(values: Any) -> str:
    return "sha-" + hashlib.sha256(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()[:16]


def _submissions(entries: list[Any], path: str, nested: bool) -> list[Submission]:
    found = []
    for index, entry in enumerate(entries, 1):
        values = entry.get("data") if nested and isinstance(entry, dict) else entry
        if not isinstance(values, dict):
            raise ImportProblem(tr("%(file)s: submission %(number)d is not a set of answers (field: value)",
                                   file=path, number=index))
        raw = entry.get("id") or entry.get("_id") or entry.get("number")
        found.append(Submission(_ident(raw, values), values, tr("submission %(number)d", number=index)))
    return found


def _from_json(text: str, path: str) -> list[Submission]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportProblem(tr("%(file)s:%(line)d: not valid JSON: %(problem)s", file=path, line=error.lineno,
                               problem=error.msg)) from None
    if isinstance(data, dict) and isinstance(data.get("submissions"), list):  # Formspree
        return _submissions(data["submissions"], path, nested=False)
    if isinstance(data, list):  # Netlify: the API's submissions, answers under "data"
        return _submissions(data, path, nested=all(isinstance(e, dict) and "data" in e for e in data))
    raise ImportProblem(tr("%(file)s: not an export of form submissions: expected Formspree's "
                           "%(formspree)s or Netlify's list of submissions", file=path,
                           formspree='{"submissions": [...]}'))


def _from_csv(text: str, path: str) -> list[Submission]:
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    if not rows or not KNOWN & set(rows[0]):
        raise ImportProblem(tr("%(file)s: no submissions of the form %(form)r: the first line must name its "
                               "fields (%(fields)s …)", file=path, form=FORM, fields=", ".join(REQUIRED)))
    found = []
    for index, row in enumerate(rows, 1):
        values = {k: v for k, v in row.items() if isinstance(k, str)}
        raw = values.get("id") or values.get("ID")
        found.append(Submission(_ident(raw, values), values,
                                tr("submission %(number)d (line %(line)d)", number=index, line=index + 1)))
    return found


def _from_eml(data: bytes, path: str) -> list[Submission]:
    """A notification mail: ``field: value`` lines in its text part; other lines continue a value."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    part = message.get_body(preferencelist=("plain",))
    if part is None:
        raise ImportProblem(tr("%(file)s: the mail has no text part with the answers", file=path))
    try:
        body = part.get_content()
    except (LookupError, UnicodeError) as error:
        raise ImportProblem(tr("%(file)s: the mail's text cannot be read: %(problem)s", file=path,
                               problem=str(error))) from None
    values: dict[str, str] = {}
    key = None
    for line in body.splitlines():
        match = re.match(r"^\s*([A-Za-z_][A-Za-z0-9_-]*)\s*:\s?(.*)$", line)
        if match and match.group(1).lower() in KNOWN | {"id", "submission_id"}:
            key = match.group(1).lower()
            values[key] = match.group(2)
        elif key in ("description", "summary") and key in values:
            values[key] += "\n" + line
    if not KNOWN & set(values):
        raise ImportProblem(tr("%(file)s: no answers of the form %(form)r found in the mail "
                               "(lines like 'title: …')", file=path, form=FORM))
    values = {k: v.strip("\n") if k == "description" else v.strip() for k, v in values.items()}
    raw = values.pop("submission_id", None) or values.pop("id", None) or message.get("Message-ID")
    return [Submission(_ident(raw, values), values, tr("the mail"))]


def read_submissions(path: str) -> list[Submission]:
    """The submissions in an export or a notification mail; ImportProblem if it is neither."""
    shown = os.path.relpath(path)
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        raise ImportProblem(tr("%(file)s: there is no such file", file=shown)) from None
    except IsADirectoryError:
        raise ImportProblem(tr("%(file)s: this is a folder; name a file in it", file=shown)) from None
    except OSError as error:
        raise ImportProblem(tr("%(file)s: cannot be read: %(problem)s", file=shown,
                               problem=str(error.strerror))) from None
    extension = os.path.splitext(path)[1].lower()
    if extension == ".eml":
        return _from_eml(data, shown)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportProblem(tr("%(file)s: not UTF-8 text; save it as UTF-8", file=shown)) from None
    if extension == ".json":
        return _from_json(text, shown)
    if extension == ".csv":
        return _from_csv(text, shown)
    raise ImportProblem(tr("%(file)s: unknown kind of file %(extension)r: import a Formspree or Netlify export "
                           "(.json, .csv) or a notification mail (.eml)", file=shown,
                           extension=extension or "(no extension)"))


def slugify(title: str) -> str:
    """A file name from a title: lower case, umlauts spelt out, hyphens between words."""
    text = unicodedata.normalize("NFKD", title.translate(TRANSLITERATION)).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if len(slug) > 60:
        slug = slug[:60].rsplit("-", 1)[0]
    return slug if SLUG.match(slug or "") else "angebot"


def _names(value: Any) -> list[str]:
    return [str(v) for v in value.values()] if isinstance(value, dict) else [str(value or "")]


def _normal(text: str) -> str:
    return " ".join(text.casefold().split())


def match_organisation(organisations: list[dict[str, Any]], name: str, *addresses: str) -> str | None:
    """The id of the organisation with this name (in any language) or e-mail address."""
    wanted = {_normal(a) for a in addresses if a}
    for entry in organisations:
        if _normal(name) in {_normal(n) for n in _names(entry.get("name"))}:
            return str(entry.get("id"))
    for entry in organisations:
        if entry.get("email") and _normal(str(entry["email"])) in wanted:
            return str(entry.get("id"))
    return None


class _Dumper(yaml.SafeDumper):
    """Safe dumping; a text with line breaks stays on one line, in double quotes with ``\\n``.

    The reader ends the front matter at the first line that is ``---``: a quoted
    text spread over several lines could contain one.
    """


def _text_scalar(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = '"' if re.search(r"[\r\n\x85\u2028\u2029]", value) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text_scalar)


def _dump(key: str, value: Any) -> str:
    return yaml.dump({key: value}, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000,
                     default_flow_style=False)


def _comment(message: Message, gettext: Gettext) -> str:
    """A YAML comment in the editors' language, every line of it marked (a translation cannot end it)."""
    return "".join(f"# {line}\n" for line in message.translated(gettext).splitlines())


def draft_text(submission: Submission, organisation: str, matched: bool, source: str, today: date,
               gettext: Gettext = str) -> str:
    """The draft offer's file: front matter of safely dumped values, the description as its text.

    Its comments speak the language of ``gettext`` (the editors' language)."""
    lines = ["---\n",
             _comment(tr("Proposed through the form “%(form)s”, imported on %(date)s from %(source)s.\n"
                         "Check and complete it, then delete “draft: true” to publish the offer.",
                         form=FORM, date=today.isoformat(), source=source), gettext),
             f"{ID_MARK}{submission.ident}\n",
             _dump("title", submission.text("title")),
             _dump("draft", True)]
    if submission.text("summary").strip():
        lines.append(_dump("summary", submission.text("summary")))
    if not matched:
        lines.append(_comment(tr("ATTENTION: this organisation is not in data/organisations/ (or organisations.yaml). Add it\n"
                                 "there and put its id here; until then make check reports an error."), gettext))
    lines.append(_dump("organisation", organisation))
    lines.append(_dump("areas", submission.items("areas")))
    for key in ("district", "commitment", "schedule"):
        if submission.text(key).strip():
            lines.append(_dump(key, submission.text(key).strip() if key != "schedule" else submission.text(key)))
    for key in ("languages", "requirements"):
        if submission.items(key):
            lines.append(_dump(key, submission.items(key)))
    contact = {k: submission.text(f"contact_{k}").strip() for k in ("name", "email", "phone")}
    if any(contact.values()):
        lines.append(_dump("contact", {k: v for k, v in contact.items() if v}))
    lines.append("---\n\n")
    body = submission.text("description").replace("\r\n", "\n").replace("\r", "\n")
    lines.append(body.rstrip("\n") + "\n")
    return "".join(lines)


def _existing_offers(site: str) -> tuple[set[str], set[tuple[str, str]], set[str]]:
    """Submission ids, (organisation, title) pairs and slugs of the offers already there."""
    ids: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    folder = os.path.join(site, "content", "offers")
    slugs = {name.split(".")[0] for name in os.listdir(folder)} if os.path.isdir(folder) else set()
    for name in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
        if not name.endswith(".de.md"):
            continue
        with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as handle:
            text = handle.read()
        ids.update(line[len(ID_MARK):].strip() for line in text.splitlines() if line.startswith(ID_MARK))
        front = text.split("\n---", 1)[0].removeprefix("---")
        try:
            meta = yaml.safe_load(front)
        except yaml.YAMLError:
            continue
        if isinstance(meta, dict):
            pairs.add((_normal(str(meta.get("organisation", ""))), _normal(str(meta.get("title", "")))))
    return ids, pairs, slugs


def _organisations(site: str) -> list[dict[str, Any]]:
    """data/organisations.yaml or data/organisations/ (see portal_content.records)."""
    return plain_records(os.path.join(site, "data"), "organisations")


def plan_import(site: str, path: str, today: date, gettext: Gettext = str) -> list[Draft]:
    """The drafts for every submission in ``path`` (imported ``today``); ImportProblem listing every problem if any.

    The drafts' comments speak the language of ``gettext``."""
    submissions = read_submissions(path)
    shown = os.path.relpath(path)
    organisations = _organisations(site)
    ids, pairs, slugs = _existing_offers(site)
    problems: list[Message] = []
    drafts: list[Draft] = []
    for submission in submissions:
        wrong = sorted(key for key in KNOWN if key in submission.values and submission.values[key] is not None
                       and not isinstance(submission.values[key], (str, list)))
        missing = [key for key in REQUIRED if key not in wrong and not submission.text(key).strip()]
        if missing or wrong:
            problems += [tr("%(file)s: %(submission)s: missing answer %(key)r", file=shown,
                            submission=submission.label, key=key) for key in missing]
            problems += [tr("%(file)s: %(submission)s: %(key)r is not text", file=shown,
                            submission=submission.label, key=key) for key in wrong]
            continue
        name = submission.text("organisation").strip()
        found = match_organisation(organisations, name, submission.text("email"), submission.text("contact_email"))
        organisation = found or name
        pair = (_normal(organisation), _normal(submission.text("title")))
        if submission.ident in ids:
            problems.append(tr("%(file)s: %(submission)s: already imported (submission id %(id)s)", file=shown,
                               submission=submission.label, id=submission.ident))
            continue
        if pair in pairs:
            problems.append(tr("%(file)s: %(submission)s: an offer titled %(title)r of %(organisation)r already "
                               "exists", file=shown, submission=submission.label,
                               title=submission.text("title").strip()[:80], organisation=organisation[:80]))
            continue
        ids.add(submission.ident)
        pairs.add(pair)
        slug = base = slugify(submission.text("title"))
        number = 2
        while slug in slugs:
            slug, number = f"{base}-{number}", number + 1
        slugs.add(slug)
        text = draft_text(submission, organisation, found is not None, os.path.basename(shown), today, gettext)
        drafts.append(Draft(f"content/offers/{slug}.de.md", text, organisation, submission.text("title"),
                            found is not None, submission))
    if problems:
        raise ImportProblem(*problems)
    return drafts


def write_drafts(site: str, drafts: list[Draft]) -> None:
    """Write every draft, or none: a file that appeared meanwhile undoes the ones written."""
    written: list[str] = []
    try:
        for draft in drafts:
            target = os.path.join(site, draft.rel)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "x", encoding="utf-8") as handle:
                written.append(target)
                handle.write(draft.text)
    except OSError as error:
        for target in written:
            os.remove(target)
        raise ImportProblem(tr("%(file)s: cannot be written (%(problem)s)", file=str(error.filename),
                               problem=str(error.strerror))) from None
