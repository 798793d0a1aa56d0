"""The shipped JSON Schema: generated from the model, and agreeing with the loader."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator
from workbook.model.schema import SCHEMA_DIR, render_schemas

from .conftest import ROOT

CORPUS = Path(__file__).parent / "corpus" / "bad"
# Mistakes a schema can see; the rest (gaps in bands, duplicate ids, ...) are cross-field rules only the loader checks.
STRUCTURAL = [
    "unknown-key",
    "unknown-field-type",
    "unknown-kind",
    "missing-title",
    "missing-label",
    "minutes-not-number",
    "fields-not-list",
    "lines-out-of-range",
    "bad-id",
    "wrong-format",
    "facilitator-typo",
    "too-few-options",
    "top-level-list",
]


class Yaml12Loader(yaml.SafeLoader):
    """Reads booleans as YAML 1.2 does (and editors with it): `Yes` stays text, as in our loader."""


Yaml12Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def validator(name: str) -> Draft202012Validator:
    schema = json.loads((SCHEMA_DIR / name).read_text())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def test_shipped_schemas_are_generated_from_the_model():
    for name, text in render_schemas().items():
        assert (SCHEMA_DIR / name).read_text() == text, f"{name} is stale: run `python -m workbook.model.schema`"


@pytest.mark.parametrize(
    "folder, schema", [("exercises", "exercise.schema.json"), ("workshops", "workshop.schema.json")]
)
def test_every_course_file_names_and_passes_its_schema(folder: str, schema: str):
    check = validator(schema)
    files = sorted((ROOT / folder).rglob("*.yml"))
    assert files
    for path in files:
        text = path.read_text()
        first = text.splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=") and first.endswith(schema), path
        assert (path.parent / first.split("=", 1)[1]).resolve() == (SCHEMA_DIR / schema).resolve(), path
        errors = [e.message for e in check.iter_errors(yaml.load(text, Loader=Yaml12Loader))]
        assert errors == [], f"{path}: {errors}"


@pytest.mark.parametrize("name", STRUCTURAL)
def test_schema_rejects_what_the_loader_rejects(name: str):
    document = yaml.load((CORPUS / f"{name}.yml").read_text(), Loader=Yaml12Loader)
    assert not validator("exercise.schema.json").is_valid(document)
