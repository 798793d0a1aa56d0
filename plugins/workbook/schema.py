"""JSON Schema for exercise and workshop files, generated from the model (run as a module to rewrite the shipped files)."""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from pathlib import Path
from typing import Any, Literal, Union

from .convert import yaml_key
from .model import CLOCK_PATTERN, ID_PATTERN, Exercise, Workshop

__all__ = ["SCHEMA_DIR", "SCHEMAS", "json_schema", "write_schemas"]

SCHEMA_DIR = Path(__file__).parent / "schema"
SCHEMAS = {"exercise.schema.json": (Exercise, "A mkdocs-workbook exercise"), "workshop.schema.json": (Workshop, "A mkdocs-workbook workshop plan")}


class _Builder:
    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}

    def of(self, target: Any, meta: dict[str, Any] | None = None) -> dict[str, Any]:
        meta = meta or {}
        origin = typing.get_origin(target)
        if origin is typing.Annotated:
            inner, marker = typing.get_args(target)[:2]
            if marker in ("type", "kind"):
                return {"oneOf": [self.of(choice) for choice in typing.get_args(inner)]}
            schema = self.of(inner, meta)
            if marker == "id":
                schema["pattern"] = ID_PATTERN.pattern
            elif marker == "clock":
                schema["pattern"] = CLOCK_PATTERN.pattern
            return schema
        if origin in (Union, types.UnionType):
            options = [t for t in typing.get_args(target) if t is not type(None)]
            return {"anyOf": [self.of(options[0], meta), {"type": "null"}]}
        if origin is Literal:
            values = list(typing.get_args(target))
            return {"const": values[0]} if len(values) == 1 else {"enum": values}
        if origin is tuple:
            schema = {"type": "array", "items": self.of(typing.get_args(target)[0])}
            if "min_items" in meta:
                schema["minItems"] = meta["min_items"]
            return schema
        if origin is dict:
            return {"type": "object", "propertyNames": {"pattern": r"^-?[0-9]+$"}, "additionalProperties": {"type": "string"}}
        if dataclasses.is_dataclass(target):
            return self.dataclass(target)
        schema = {str: {"type": "string"}, int: {"type": "integer"}, float: {"type": "number"}, bool: {"type": "boolean"}}[target].copy()
        if "minimum" in meta:
            schema["minimum"] = meta["minimum"]
        if "maximum" in meta:
            schema["maximum"] = meta["maximum"]
        return schema

    def dataclass(self, cls: type) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # placeholder first: the model may refer to itself
            hints = typing.get_type_hints(cls, include_extras=True)
            properties: dict[str, Any] = {}
            required = []
            for f in dataclasses.fields(cls):
                if f.metadata.get("internal"):
                    continue
                key = yaml_key(f)
                schema = self.of(hints[f.name], dict(f.metadata))
                if "doc" in f.metadata:
                    schema["description"] = f.metadata["doc"]
                properties[key] = schema
                if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                    required.append(key)
            definition: dict[str, Any] = {
                "type": "object", "description": (cls.__doc__ or "").strip(), "properties": properties,
                "additionalProperties": False,
            }
            if required:
                definition["required"] = required
            shorthand = getattr(cls, "SHORTHAND", None)
            if shorthand:
                definition = {"anyOf": [properties[shorthand], definition], "description": definition["description"]}
            self.defs[name] = definition
        return {"$ref": f"#/$defs/{name}"}


def json_schema(target: Any, title: str) -> dict[str, Any]:
    """A draft 2020-12 JSON Schema equivalent to what the loader accepts (cross-field rules aside)."""
    builder = _Builder()
    root = builder.of(target)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title, **root, "$defs": builder.defs}


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
