"""The README's table of fields, written from the content types' registry.

The README shows editors every field of every type; a test compares that
table with :func:`field_table`, so the documentation cannot drift from what the
build accepts. After changing the registry, paste the table this prints:
``cd plugins && ../.venv/bin/python -m portal_editors.fieldtable``.
"""

from __future__ import annotations

from portal_content import BUILT_IN, COMMON, ID_LABELS, Field, Registry

#: What a value of a kind looks like, in a word (id kinds name their collection).
KIND_NOTES = {
    "text_list": "(list)",
    "date": "(date)",
    "datetime": "(date, or date and time)",
    "bool": "(true/false)",
    "contact": "{name, email, phone}",
    "rrule": "(RRULE)",
    "date_list": "(list of dates)",
    "form_or_url": "(form id or URL)",
    "form_or_false": "(form id, or `false`)",
    "lang_list": "(language codes)",
    "image": "(file under `content/images/`)",
}


def describe(field: Field) -> str:
    """```organisation` *req* (organisation id)``: name, flags and what the value is."""
    flags = " ".join(flag for flag, on in (("req", field.required), ("t", field.translatable)) if on)
    if field.kind == "enum":
        note = f"({'/'.join(field.choices)})"
    elif field.kind in ("id", "id_list") and field.ref:
        label = ID_LABELS.get(field.ref, field.ref)
        note = f"({label} id)" if field.kind == "id" else f"({label} ids)"
    elif field.kind == "int":
        note = f"({field.description[:1].lower()}{field.description[1:]})"
    else:
        note = KIND_NOTES.get(field.kind, "")
    return " ".join(part for part in (f"`{field.name}`", f"*{flags}*" if flags else "", note) if part)


def field_table(types: Registry = BUILT_IN) -> str:
    """The Markdown table: the fields all types share, then each type's own."""
    rows = ["| type | fields |", "|---|---|", f"| all | {', '.join(describe(f) for f in COMMON)} |"]
    rows += [f"| {name} | {', '.join(describe(f) for f in content_type.fields)} |"
             for name, content_type in types.items()]
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    print(field_table(), end="")
