"""JSON Schema for exercise and workshop files, generated from the model (run as a module to rewrite the shipped files)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .shapes import List, Mapping, Optional, Pattern, Record, Scalar, Shape, Text, Union_, Word, shape_of
from .types import Exercise, Workshop

__all__ = ["SCHEMA_DIR", "SCHEMAS", "json_schema", "write_schemas"]

SCHEMA_DIR = Path(__file__).parents[1] / "schema"
SCHEMAS = {
    "exercise.schema.json": (Exercise, "A mkdocs-workbook exercise"),
    "workshop.schema.json": (Workshop, "A mkdocs-workbook workshop plan"),
}
_TYPES = {str: "string", int: "integer", float: "number", bool: "boolean"}


def _of(shape: Shape, defs: dict[str, Any]) -> dict[str, Any]:
    """The schema of one shape; model classes go into `defs` and are referred to."""
    if isinstance(shape, Text):
        return {"type": "string"}
    if isinstance(shape, Scalar):
        limits = {"minimum": shape.minimum, "maximum": shape.maximum}
        return {"type": _TYPES[shape.type], **{name: value for name, value in limits.items() if value is not None}}
    if isinstance(shape, Pattern):
        return {"type": "string", "pattern": shape.pattern.pattern}
    if isinstance(shape, Word):
        return {"const": shape.values[0]} if len(shape.values) == 1 else {"enum": list(shape.values)}
    if isinstance(shape, Optional):
        return {"anyOf": [_of(shape.inner, defs), {"type": "null"}]}
    if isinstance(shape, List):
        schema = {"type": "array", "items": _of(shape.item, defs)}
        return schema if shape.min_items is None else {**schema, "minItems": shape.min_items}
    if isinstance(shape, Mapping):
        # The only mapping of the model has whole numbers for keys, which JSON writes as strings.
        assert isinstance(shape.key, Scalar) and shape.key.type is int
        return {
            "type": "object",
            "propertyNames": {"pattern": r"^-?[0-9]+$"},
            "additionalProperties": _of(shape.value, defs),
        }
    if isinstance(shape, Union_):
        return {"oneOf": [_of(choice, defs) for choice in shape.choices.values()]}
    name = shape.cls.__name__
    if name not in defs:
        defs[name] = {}  # placeholder first: keeps the order in which the model names its classes
        defs[name] = _record(shape, defs)
    return {"$ref": f"#/$defs/{name}"}


def _record(shape: Record, defs: dict[str, Any]) -> dict[str, Any]:
    properties = {
        key: {**_of(spec.shape, defs), **({"description": spec.doc} if spec.doc else {})}
        for key, spec in shape.keys.items()
    }
    definition: dict[str, Any] = {
        "type": "object",
        "description": shape.doc,
        "properties": properties,
        "additionalProperties": False,
    }
    required = [key for key, spec in shape.keys.items() if spec.required]
    if required:
        definition["required"] = required
    if shape.shorthand:
        return {"anyOf": [properties[shape.shorthand], definition], "description": shape.doc}
    return definition


def json_schema(target: Any, title: str) -> dict[str, Any]:
    """A draft 2020-12 JSON Schema equivalent to what the loader accepts (cross-field rules aside)."""
    defs: dict[str, Any] = {}
    root = _of(shape_of(target), defs)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title, **root, "$defs": defs}


def render_schemas() -> dict[str, str]:
    return {name: json.dumps(json_schema(target, title), indent=2) + "\n" for name, (target, title) in SCHEMAS.items()}


def write_schemas() -> list[Path]:
    SCHEMA_DIR.mkdir(exist_ok=True)
    written = []
    for name, text in render_schemas().items():
        (SCHEMA_DIR / name).write_text(text, encoding="utf-8")
        written.append(SCHEMA_DIR / name)
    return written


if __name__ == "__main__":
    for path in write_schemas():
        print(path)
