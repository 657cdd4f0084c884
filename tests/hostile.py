"""Hostile and careless input for the property-based tests: values, raw YAML, and where they go.

An *edit* puts one value into one field of a document's front matter or of a
``data/`` file of the minimal fixture site. Values are what a stranger with a
CMS login or a careless editor could write: any unicode, control characters and
line breaks, huge and deeply nested values, odd dates and recurrence rules, and
YAML that no serialiser writes (aliases, tags, folded scalars, deep brackets).
Each edit also says which known *bug class* it belongs to, if any, so that the
test can set aside classes that another branch fixes (see ``KNOWN_BUGS`` there).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

#: Documents of each type in tests/fixtures/minimal (sources and translations).
DOCUMENTS = (
    "offers/sprachpaten.de.md", "offers/sprachpaten.en.md", "events/cafe.de.md", "events/cafe.en.md",
    "trainings/grundkurs.de.md", "donations/winterjacken.de.md", "donations/winterjacken.en.md",
    "pages/ueber-uns.de.md",
)
#: Fields of the contract per type (portal_content.schema), plus names Pelican reserves and strays.
EXTRA_FIELDS = ("slug", "lang", "date", "template", "save_as", "url", "status", "unbekannt")
#: Places in data/ an edit may replace: (file, path to a value, the value's kind as in BY_KIND).
DATA_PLACES = (
    ("places.yaml", (0, "name"), "text"), ("places.yaml", (0, "address"), "address"),
    ("places.yaml", (0, "opening_hours"), "text"), ("places.yaml", (0, "accessibility"), "text"),
    ("places.yaml", (0, "geo"), "geo"),
    ("organisations.yaml", (0, "name"), "text"), ("organisations.yaml", (0, "email"), "email"),
    ("organisations.yaml", (0, "website"), "form_or_url"), ("organisations.yaml", (0, "phone"), "phone"),
    ("organisations.yaml", (0, "geo"), "geo"), ("organisations.yaml", (1, "kind"), "enum"),
    ("links.yaml", (0, "category"), "text"), ("links.yaml", (0, "links", 0, "title"), "text"),
    ("links.yaml", (0, "links", 0, "url"), "form_or_url"), ("links.yaml", (0, "links", 0, "description"), "text"),
    ("links.yaml", (0, "links", 1, "languages"), "lang_list"),
    ("taxonomies.yaml", ("areas", "sprache"), "text"), ("taxonomies.yaml", ("districts", "mitte"), "text"),
    ("site.yaml", ("name",), "text"), ("site.yaml", ("tagline",), "text"), ("site.yaml", ("contact", "email"), "email"),
    ("site.yaml", ("contact", "phone"), "phone"),
    ("forms/mitmachen.yaml", ("title",), "text"), ("forms/mitmachen.yaml", ("fields", 0, "label"), "text"),
    ("forms/mitmachen.yaml", ("fields", 0, "help"), "text"), ("forms/mitmachen.yaml", ("consent", "text"), "text"),
)

LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
CONTROL = "".join(chr(c) for c in range(0x20) if chr(c) not in LINE_BREAKS) + "\x7f\u200b\u200e\u202e\ufeff"

any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
plain_text = st.text(st.sampled_from("ab ÄßŞ€ عربی.-—«»"), min_size=1, max_size=12)
#: Mostly ordinary text (so that many examples pass ``check``), now and then controls and breaks.
careless_text = st.one_of(plain_text, plain_text, plain_text, st.text(
    st.one_of(st.sampled_from("ab ÄßŞ€ عربی.-"), st.sampled_from(CONTROL + LINE_BREAKS)), min_size=1, max_size=12))
huge_text = st.sampled_from([100_000, 1_100_000]).map(lambda n: "Wort " * (n // 5))
odd_numbers = st.one_of(st.integers(), st.sampled_from([10**30, -1, 0, 2**63, -(2**63) - 1]),
                        st.floats(allow_nan=True, allow_infinity=True))
odd_dates = st.one_of(
    st.dates(), st.datetimes(),
    st.sampled_from(["0001-01-01", "9999-12-31", "9999-12-31T23:59", "2026-02-30", "2026-13-01", "0000-01-01",
                     "2026-03-29T02:30", "2026-10-25T02:30", "2026-1-1", "2026-01-01T25:00", "20260101"]),
    st.from_regex(r"\A\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?\Z"),
)
rrule_parts = st.fixed_dictionaries({
    "FREQ": st.sampled_from(["DAILY", "WEEKLY", "MONTHLY", "YEARLY", "HOURLY", "MINUTELY", "SECONDLY", "FORTNIGHTLY"]),
}, optional={
    "COUNT": st.sampled_from(["0", "1", "3", "52", "1000000", "-1", "x"]),
    "INTERVAL": st.sampled_from(["0", "1", "2", "1000", "-3"]),
    "BYDAY": st.sampled_from(["TU", "MO,WE,FR", "1MO", "-1FR", "XX", "53MO"]),
    "UNTIL": st.sampled_from(["20270101", "20270101T000000Z", "99991231", "00010101", "garbage"]),
    "BYMONTH": st.sampled_from(["2", "13", "0"]),
    "BYMONTHDAY": st.sampled_from(["31", "-1", "32"]),
    "BYSETPOS": st.sampled_from(["1", "-1", "400"]),
})
rrules = st.one_of(rrule_parts.map(lambda parts: ";".join(f"{k}={v}" for k, v in parts.items())),
                   st.sampled_from(["RRULE:FREQ=WEEKLY", "FREQ=", "FREQ=WEEKLY;;", "FREQ=WEEKLY\nBYDAY=TU"]))
scalars = st.one_of(st.none(), st.booleans(), odd_numbers, any_text, careless_text)
nested = st.recursive(scalars, lambda children: st.one_of(
    st.lists(children, max_size=4), st.dictionaries(st.text(max_size=6), children, max_size=4)), max_leaves=12)
emails = st.one_of(st.emails(), st.sampled_from(["a@b.de\n", "a@b.de\r\n", " a@b.de", "a@@b.de", "a@b"]))
contacts = st.fixed_dictionaries({}, optional={"name": st.one_of(any_text, careless_text), "email": emails,
                                               "phone": st.sampled_from(["+49 30 1", "+49\n30", "0" * 400])})
values = st.one_of(scalars, nested, huge_text, odd_dates, rrules, emails, contacts,
                   st.lists(st.sampled_from(["sprache", "sport", "de", "ar", "xx", "", "\n"]), max_size=4))


def alias_bomb_value(levels: int) -> str:
    """The billion laughs as one flow sequence: the value of a single field."""
    parts = ['&a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels + 1):
        parts.append(f"&a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    return "[" + ", ".join(parts) + "]"


def alias_bomb(levels: int) -> str:
    """The billion laughs in YAML: ``levels`` aliases deep, nine of each."""
    lines = ['lol0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels + 1):
        lines.append(f"lol{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    return "\n".join(lines)


#: YAML that no serialiser writes; ``{field}`` is the field's name.
RAW_YAML = (
    ("folded", "{field}: >\n  Zeile eins\n  Zeile zwei"),
    ("literal", "{field}: |\n  Zeile eins\n  Zeile zwei"),
    ("quoted-break", '{field}: "eins\\nzwei"'),
    ("tag-python", "{field}: !!python/object/apply:os.system ['echo pwned']"),
    ("tag-binary", "{field}: !!binary aGFsbG8="),
    ("tag-set", "{field}: !!set {a, b}"),
    ("tag-float", "{field}: !!float .nan"),
    ("tag-timestamp", "{field}: !!timestamp 2026-11-26T10:00:00+14:00"),
    ("merge", "base: &base {title: x}\n<<: *base"),
    ("duplicate", "{field}: eins\n{field}: zwei"),
    ("alias", "{field}: &x Wert\nsummary: *x"),
    ("alias-bomb", alias_bomb(9)),
    ("alias-bomb", "{field}: " + alias_bomb_value(9)),
    ("deep-nesting", "{field}: " + "[" * 50_000 + "]" * 50_000),
    ("deep-mapping", "{field}: " + "{a: " * 2_000 + "1" + "}" * 2_000),
    ("nul", "{field}: eins\x00zwei"),
    ("tab-indent", "{field}:\n\t- eins"),
)


@dataclass(frozen=True)
class Edit:
    """One hostile value put into one place of the site."""

    file: str  # content/... or data/...
    field: str  # front-matter field, or the path in a data file
    value: Any = None
    raw: str | None = None  # YAML text instead of a value
    raw_kind: str = ""

    def __repr__(self) -> str:  # Hypothesis prints this for a failing example
        shown = self.raw if self.raw is not None else self.value
        text = repr(shown)
        return f"Edit({self.file!r}, {self.field!r}, {text[:300] + '…' if len(text) > 300 else text})"


urls = st.one_of(st.sampled_from(["https://example.org/x", "http://a", "javascript:alert(1)", "//evil.example/x",
                                   "materials/wortliste.txt", "../../etc/passwd", "https://a.example/\n", "mitmachen"]),
                 any_text)
#: Values aimed at a field's kind (portal_content.schema), so that rare cases are reached.
BY_KIND = {
    "text": st.one_of(careless_text, any_text, huge_text),
    "text_list": st.lists(st.one_of(careless_text, any_text), max_size=3),
    "date": odd_dates, "datetime": odd_dates, "date_list": st.lists(odd_dates, max_size=3),
    "rrule": rrules, "contact": contacts, "int": odd_numbers, "bool": scalars,
    "id": st.one_of(careless_text, st.sampled_from(["rathaus", "agentur", "mitte", "mitmachen"])),
    "id_list": st.lists(st.one_of(careless_text, st.sampled_from(["sprache", "sport", "alle"])), max_size=3),
    "enum": st.one_of(careless_text, st.sampled_from(["open", "goods", "regular", "OPEN"])),
    "form_or_url": urls, "form_or_false": st.one_of(urls, st.booleans()),
    "lang_list": st.lists(st.one_of(careless_text, st.sampled_from(["ar", "de-x-easy", "xx-", "EN"])), max_size=3),
    "image": st.one_of(careless_text, st.sampled_from([
        "images/fehlt.jpg", "../../etc/passwd", "images/../../pelican.conf.py", "/etc/hostname", "images/",
        "https://example.org/bild.jpg", "images/bild.svg", "materials/anleitung.pdf", "images/bild.jpg\n"])),
    "email": emails, "phone": st.sampled_from(["+49 30 1", "+49\n30", "0" * 400, "+49 30 1\n"]),
    "geo": st.one_of(st.lists(odd_numbers, max_size=3), st.tuples(st.floats(-90, 90), st.floats(-180, 180)).map(list)),
    "address": st.fixed_dictionaries({}, optional={"street": careless_text, "postcode": careless_text,
                                                   "city": careless_text}),
}


def _field_values(doc: str) -> st.SearchStrategy[tuple[str, Any]]:
    """(field, value) pairs for a document: mostly a value of the field's kind, sometimes any value."""
    from portal_content import fields_for, translatable_fields

    fields = fields_for(doc.split("/")[0])
    names = sorted(fields) if doc.endswith(".de.md") else sorted(translatable_fields(doc.split("/")[0]))
    aimed = st.sampled_from(names).flatmap(lambda name: st.tuples(st.just(name), BY_KIND[fields[name].kind]))
    anything = st.tuples(st.sampled_from(sorted(fields) + list(EXTRA_FIELDS)), values)
    return st.one_of(aimed, aimed, aimed, anything)


def front_matter_edits() -> st.SearchStrategy[Edit]:
    from portal_content import fields_for

    def fields(doc: str) -> list[str]:
        return sorted(fields_for(doc.split("/")[0])) + list(EXTRA_FIELDS)

    documents = st.sampled_from(DOCUMENTS)
    with_value = documents.flatmap(lambda doc: _field_values(doc).map(
        lambda pair: Edit(f"content/{doc}", pair[0], pair[1])))
    with_raw = documents.flatmap(lambda doc: st.builds(
        lambda field, raw: Edit(f"content/{doc}", field, raw=raw[1].replace("{field}", field), raw_kind=raw[0]),
        st.sampled_from(fields(doc)), st.sampled_from(RAW_YAML)))
    return st.one_of(with_value, with_value, with_raw)


def data_edits() -> st.SearchStrategy[Edit]:
    def edit(place: tuple[str, tuple, str], value: Any) -> Edit:
        return Edit(f"data/{place[0]}", "/".join(map(str, place[1])), value)

    places = st.sampled_from(DATA_PLACES)
    aimed = places.flatmap(lambda place: st.builds(edit, st.just(place), BY_KIND[place[2]]))
    anything = st.builds(edit, places, values)
    bomb = st.sampled_from(["places.yaml", "site.yaml", "links.yaml"]).map(
        lambda name: Edit(f"data/{name}", "", raw=alias_bomb(9), raw_kind="alias-bomb"))
    return st.one_of(aimed, aimed, aimed, aimed, aimed, anything, anything, bomb)


def edits(most: int = 2) -> st.SearchStrategy[list[Edit]]:
    """One edit anywhere in the site, or up to ``most`` (one invalid edit hides what the others do
    to the build, so single edits come first)."""
    one = st.one_of(front_matter_edits(), data_edits())
    return st.one_of(st.lists(one, min_size=1, max_size=1), st.lists(one, min_size=1, max_size=most))


#: libyaml's emitter: PyYAML's own takes seconds for a value of megabytes.
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _dump(value: Any) -> str:
    return yaml.dump(value, Dumper=DUMPER, allow_unicode=True, width=1 << 30, sort_keys=False)


def _front_matter_line(field: str, value: Any) -> str:
    return _dump({field: value}).rstrip("\n")


def apply(site: Path, edit: Edit) -> None:
    """Write the edit into the site (a copy of the minimal fixture)."""
    path = site / edit.file
    text = path.read_text(encoding="utf-8")
    if edit.file.startswith("content/"):
        _, head, body = text.split("---\n", 2)
        lines = [line for line in head.splitlines()
                 if not re.match(rf"{re.escape(edit.field)}\s*:", line)]
        lines.append(edit.raw if edit.raw is not None else _front_matter_line(edit.field, edit.value))
        path.write_text("---\n" + "\n".join(lines) + "\n---\n" + body, encoding="utf-8")
        return
    if edit.raw is not None:  # a whole file's worth of hostile YAML in front of a mapping or list
        if text.lstrip().startswith("-"):
            path.write_text("- " + edit.raw.replace("\n", "\n  ") + "\n" + text, encoding="utf-8")
        else:
            path.write_text(edit.raw + "\n" + text, encoding="utf-8")
        return
    data = yaml.safe_load(text)
    *parents, last = [int(part) if part.isdigit() else part for part in edit.field.split("/")]
    target = data
    for part in parents:
        target = target[part]
    target[last] = edit.value
    path.write_text(_dump(data), encoding="utf-8")
