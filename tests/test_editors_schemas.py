"""JSON Schemas for editors' tools: generated from the build's definition, never drifting."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from jsonschema import Draft7Validator

from conftest import ROOT, Site
from portal_content import load_yaml, read_text
from portal_editors.schemas import schema_files, write_schemas, yaml_schemas

# Keywords whose meaning is the same in draft-07 (VS Code's YAML extension) and 2020-12 (the build).
SHARED_KEYWORDS = {
    "$schema", "$comment", "title", "description", "type", "properties", "additionalProperties",
    "required", "items", "minItems", "maxItems", "uniqueItems", "minLength", "pattern", "enum", "const",
    "oneOf", "not", "if", "then", "minimum", "minProperties", "propertyNames",
}


def keywords(schema: object, found: set[str] | None = None, in_properties: bool = False) -> set[str]:
    found = set() if found is None else found
    if isinstance(schema, dict):
        for key, value in schema.items():
            if not in_properties:
                found.add(key)
            keywords(value, found, in_properties=(key == "properties" and not in_properties))
    elif isinstance(schema, list):
        for value in schema:
            keywords(value, found)
    return found


def test_committed_schemas_equal_a_fresh_generation(tmp_path: Path):
    written = write_schemas(str(tmp_path))
    for path in written:
        if path.startswith("schemas/"):
            assert (ROOT / path).read_text(encoding="utf-8") == (tmp_path / path).read_text(encoding="utf-8"), \
                f"{path} differs from the contract: run make schemas"
    committed = {p.name for p in (ROOT / "schemas").glob("*.schema.json")}
    assert committed == set(schema_files()), "schemas/ has files the contract does not make: run make schemas"
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == yaml_schemas()


def test_schemas_use_only_keywords_that_mean_the_same_in_draft_07_and_2020_12():
    for name, schema in schema_files().items():
        Draft7Validator.check_schema(schema)
        extra = {k for k in keywords(schema) - SHARED_KEYWORDS if not k.startswith("x-")}
        assert not extra, f"{name} uses {extra}"


def front_matter(path: Path) -> dict:
    text = read_text(str(path), str(path))
    return load_yaml(text.split("\n---", 1)[0][3:], str(path)) or {}


def test_every_document_and_data_file_of_the_demo_passes_its_editor_schema():
    schemas = schema_files()
    site_languages = [entry["code"] for entry in load_yaml(read_text(str(ROOT / "data/site.yaml"), "site"),
                                                            "site")["languages"]]
    checked = 0
    for path in sorted((ROOT / "content").glob("*/*.md")):
        doc_type, lang = path.parent.name, path.name.split(".")[-2]
        name = f"{doc_type}.schema.json" if lang == site_languages[0] else f"{doc_type}.translation.schema.json"
        errors = list(Draft7Validator(schemas[name]).iter_errors(front_matter(path)))
        assert not errors, f"{path}: {errors[0].message}"
        checked += 1
    mapped = set()
    for schema_path, patterns in yaml_schemas().items():
        schema = json.loads((ROOT / schema_path).read_text(encoding="utf-8"))
        for data_file in (path for pattern in patterns for path in sorted(ROOT.glob(pattern))):
            relative = str(data_file.relative_to(ROOT))
            value = load_yaml(read_text(str(data_file), relative), relative)
            assert not list(Draft7Validator(schema).iter_errors(value)), relative
            mapped.add(relative)
    # the demo keeps organisations, places and links as one file per record (the CMS's shape)
    assert {"data/organisations/fa-musterstadt.yaml", "data/places/stadtbibliothek.yaml", "data/links/1.yaml",
            "data/forms/helfen.yaml", "data/taxonomies.yaml"} <= mapped
    assert checked + len(mapped) > 40


def test_editor_schema_flags_what_the_build_rejects():
    schema = schema_files()["offers.translation.schema.json"]
    problems = [e.message for e in Draft7Validator(schema).iter_errors({"title": "Hi", "organisation": "x"})]
    assert problems and "organisation" in problems[0]
    site_schema = schema_files()["site.schema.json"]
    admin_without_repo = {"name": "x", "languages": [{"code": "de", "name": "Deutsch", "direction": "ltr"}],
                          "admin": {"enabled": True, "backend": {"name": "github"}}}
    assert any("'repo' is a required property" in e.message
               for e in Draft7Validator(site_schema).iter_errors(admin_without_repo))


def problem_matchers() -> list[re.Pattern]:
    tasks = json.loads((ROOT / ".vscode" / "tasks.json").read_text(encoding="utf-8"))
    check = next(t for t in tasks["tasks"] if t["command"] == "make check")
    return [re.compile(m["pattern"]["regexp"]) for m in check["problemMatcher"]]


def test_vscode_check_task_puts_every_error_of_make_check_at_its_file_and_line(site: Site):
    site.write("content/offers/fussball.de.md", "---\ntitle: Fußball\norganisation: sportclub\nareas: [sport]\n---\n")
    site.write("content/events/kaputt.de.md", "kein front matter\n")
    site.write("data/places.yaml", "- id: rathaus\n  nme: Rathaus\n")
    result = site.check()
    errors = result.stderr.splitlines()[:-1]  # the last line counts them
    assert len(errors) >= 3
    with_line, without_line = problem_matchers()
    for error in errors:
        match = with_line.match(error) or without_line.match(error)
        assert match, f"not matched: {error}"
        assert (site.path / match.group(1)).exists()
    assert with_line.match(next(e for e in errors if "sportclub" in e)).group(2) == "3"
