"""Turn a composed YAML node into model objects, collecting located problems."""

from __future__ import annotations

import dataclasses
import functools
import re
import types
import typing
from typing import Any, Literal, Union

import yaml

from .errors import Problem, close_match
from .model import CLOCK_PATTERN, ID_PATTERN, forbidden_character

__all__ = ["Converter", "INVALID", "yaml_key"]


class _Invalid:
    """Marks a value that could not be converted; the problem is already recorded."""

    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _Invalid()

_NULL_TAG = "tag:yaml.org,2002:null"
# The plain types a model field can have, as a message names them.
_SCALARS: dict[Any, str] = {str: "text", int: "a whole number", float: "a number", bool: "true or false"}
_MERGE_KEYS = "YAML merge keys ('<<') are not supported here; write the keys out in full"
# A key that means a whole number even when quoted: `"1": Never`, as JSON writes it, means `1: Never`.
_INTEGER_KEY = re.compile(r"-?[0-9]+")


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, include_extras=True)


# By the type's id, the type kept alongside: hashing `Annotated[...]` and unions, as functools.cache would,
# costs about as much as working them out again.
_SHAPES: dict[int, tuple[Any, tuple[Any, tuple[Any, ...]]]] = {}


def _shape(target: Any) -> tuple[Any, tuple[Any, ...]]:
    """`typing.get_origin` and `get_args` of a model type, worked out once per type rather than per node."""
    known = _SHAPES.get(id(target))
    if known is None or known[0] is not target:
        known = _SHAPES[id(target)] = (target, (typing.get_origin(target), typing.get_args(target)))
    return known[1]


@dataclasses.dataclass(frozen=True)
class _Key:
    """What converting one key of a dataclass needs, worked out once per class."""

    field: dataclasses.Field[Any]
    hint: Any
    required: bool
    # (minimum, maximum, min_items) from the field's metadata; None when there is no limit at all.
    limits: tuple[Any, Any, Any] | None


@functools.cache
def _keys(cls: type) -> dict[str, _Key]:
    """The keys an author may write for a model class, in the class's order."""
    hints = _hints(cls)
    keys = {}
    for f in dataclasses.fields(cls):
        if f.metadata.get("internal"):
            continue
        limits = tuple(f.metadata.get(k) for k in ("minimum", "maximum", "min_items"))
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        keys[yaml_key(f)] = _Key(f, hints[f.name], required, None if limits == (None, None, None) else limits)
    return keys


@functools.cache
def _by_tag(choices: tuple[type, ...], tag: str) -> dict[str, type]:
    """The classes of a tagged union by the value of their tag key (`kind: checklist`, `type: rating`)."""
    return {typing.get_args(_hints(c)[tag])[0]: c for c in choices}


def yaml_key(f: dataclasses.Field[Any]) -> str:
    """The key an author writes for a model field (`from` for `from_`)."""
    return str(f.metadata.get("key", f.name))


def _describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if node.tag == _NULL_TAG:
        return "nothing"
    return repr(node.value)


class Converter:
    """Converts nodes of one file; every mistake becomes a `Problem` with its line."""

    def __init__(self, path: str, loader: yaml.SafeLoader):
        self.path = path
        self.loader = loader
        self.problems: list[Problem] = []
        # Line of every converted value by field path, for checks that run after conversion.
        self.lines: dict[str, int] = {}

    def problem(self, node: yaml.Node, where: str, message: str, suggestion: str | None = None) -> Any:
        self.problems.append(Problem(self.path, node.start_mark.line + 1, where, message, suggestion))
        return INVALID

    # --- dispatch ---------------------------------------------------------

    def convert(self, node: yaml.Node, target: Any, where: str) -> Any:
        self.lines.setdefault(where, node.start_mark.line + 1)
        if target in _SCALARS:  # most values: no need to take the type apart
            return self._scalar(node, target, where)
        origin, args = _shape(target)
        if origin is typing.Annotated:
            inner, marker = args[:2]
            if marker in ("type", "kind"):
                return self._tagged_union(node, _shape(inner)[1], marker, where)
            value = self.convert(node, inner, where)
            if marker == "id" and value is not INVALID and not ID_PATTERN.fullmatch(value):
                return self.problem(
                    node, where,
                    f"expected an id of lowercase letters, digits and single '-' or '_' between them, got {value!r}",
                )
            if marker == "clock" and value is not INVALID and not CLOCK_PATTERN.fullmatch(value):
                return self.problem(node, where, f"expected a time of day as HH:MM on a 24-hour clock, e.g. '09:30', got {value!r}")
            return value
        if origin in (Union, types.UnionType):
            options = [t for t in args if t is not type(None)]
            if node.tag == _NULL_TAG and len(options) < len(args):
                return None
            return self.convert(node, options[0], where)
        if origin is Literal:
            return self._literal(node, args, where)
        if origin is tuple:
            return self._sequence(node, args[0], where)
        if origin is dict:
            key_type, value_type = args
            return self._mapping(node, key_type, value_type, where)
        if dataclasses.is_dataclass(target):
            return self._dataclass(node, target, where)
        return self._scalar(node, target, where)

    # --- leaves -----------------------------------------------------------

    def _scalar(self, node: yaml.Node, target: type, where: str) -> Any:
        expected = _SCALARS[target]
        if not isinstance(node, yaml.ScalarNode) or node.tag == _NULL_TAG:
            return self.problem(node, where, f"expected {expected}, got {_describe(node)}")
        if target is str:
            # The raw text, so that `label: Yes` or `label: 2024` stays what the author wrote.
            wrong = forbidden_character(node.value)
            return node.value if wrong is None else self.problem(node, where, wrong)
        try:
            value = self.loader.construct_object(node)
        except (ValueError, TypeError, LookupError, AttributeError, yaml.YAMLError):
            # An explicit tag the value does not fit (`!!int five`) or one we do not support (`!local 5`).
            return self.problem(node, where, f"expected {expected}, got {node.tag.replace('tag:yaml.org,2002:', '!!')} {node.value!r}")
        if target is bool and isinstance(value, bool):
            return value
        if target in (int, float) and isinstance(value, int) and not isinstance(value, bool):
            return target(value)
        if target is float and isinstance(value, float):
            return value
        return self.problem(node, where, f"expected {expected}, got {node.value!r}")

    def _literal(self, node: yaml.Node, allowed: tuple[str, ...], where: str) -> Any:
        choices = ", ".join(allowed)
        if not isinstance(node, yaml.ScalarNode) or node.value not in allowed:
            got = node.value if isinstance(node, yaml.ScalarNode) else ""
            return self.problem(
                node, where, f"expected one of {choices}, got {_describe(node)}", close_match(got, allowed) if got else None
            )
        return node.value

    def _sequence(self, node: yaml.Node, item_type: Any, where: str) -> Any:
        if not isinstance(node, yaml.SequenceNode):
            return self.problem(node, where, f"expected a list, got {_describe(node)}")
        values = [self.convert(item, item_type, f"{where}[{i}]") for i, item in enumerate(node.value)]
        return INVALID if INVALID in values else tuple(values)

    def _mapping(self, node: yaml.Node, key_type: Any, value_type: Any, where: str) -> Any:
        if not isinstance(node, yaml.MappingNode):
            return self.problem(node, where, f"expected a mapping (key: value), got {_describe(node)}")
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_type is int and isinstance(key_node, yaml.ScalarNode) and _INTEGER_KEY.fullmatch(key_node.value):
                key = int(key_node.value)
            else:
                key = self.convert(key_node, key_type, where)
            value = self.convert(value_node, value_type, f"{where}.{key_node.value}")
            if key is INVALID or value is INVALID:
                result = INVALID
            elif result is not INVALID:
                result[key] = value
        return result

    # --- structures -------------------------------------------------------

    def _tagged_union(self, node: yaml.Node, choices: tuple[type, ...], tag: str, where: str) -> Any:
        by_tag = _by_tag(choices, tag)
        if not isinstance(node, yaml.MappingNode):
            return self.problem(node, where, f"expected a mapping with a '{tag}' key, got {_describe(node)}")
        tag_node = next((v for k, v in node.value if k.value == tag), None)
        merge = next((k for k, _ in node.value if k.value == "<<"), None)
        if tag_node is None and merge is not None:  # the tag may well be in what it merges
            return self.problem(merge, f"{where}.<<" if where else "<<", _MERGE_KEYS)
        if tag_node is None:
            return self.problem(node, where, f"missing key '{tag}' (one of: {', '.join(by_tag)})")
        value = tag_node.value if isinstance(tag_node, yaml.ScalarNode) else ""
        if value not in by_tag:
            noun = "field type" if tag == "type" else tag
            return self.problem(
                tag_node,
                f"{where}.{tag}" if where else tag,
                f"unknown {noun} {_describe(tag_node)}; expected one of: {', '.join(by_tag)}",
                close_match(value, by_tag),
            )
        return self._dataclass(node, by_tag[value], where)

    def _dataclass(self, node: yaml.Node, cls: type, where: str) -> Any:
        shorthand = getattr(cls, "SHORTHAND", None)
        if shorthand and isinstance(node, yaml.ScalarNode) and node.tag != _NULL_TAG:
            key = yaml.ScalarNode("tag:yaml.org,2002:str", shorthand, node.start_mark, node.end_mark)
            node = yaml.MappingNode("tag:yaml.org,2002:map", [(key, node)], node.start_mark, node.end_mark)
        if not isinstance(node, yaml.MappingNode):
            return self.problem(node, where, f"expected a mapping (key: value), got {_describe(node)}")

        fields = _keys(cls)
        prefix = f"{where}." if where else ""
        values: dict[str, Any] = {}
        misspelt: set[str] = set()
        ok = True
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                ok = False
                self.problem(key_node, where, f"a key must be plain text, got {_describe(key_node)}")
                continue
            key = key_node.value
            if key == "<<":
                ok = False
                self.problem(key_node, f"{prefix}{key}", _MERGE_KEYS)
                continue
            if key not in fields:
                ok = False
                suggestion = close_match(key, fields)
                misspelt.add(suggestion or "")
                self.problem(key_node, f"{prefix}{key}", f"unknown key; expected one of: {', '.join(fields)}", suggestion)
                continue
            spec = fields[key]
            name = spec.field.name
            if name in values:
                ok = False
                self.problem(key_node, f"{prefix}{key}", "this key is given twice")
                continue
            value = self.convert(value_node, spec.hint, f"{prefix}{key}")
            if value is not INVALID and spec.limits is not None:
                value = self._check_limits(value_node, spec.limits, value, f"{prefix}{key}")
            ok = ok and value is not INVALID
            values[name] = value

        for key, spec in fields.items():
            # A misspelt key was already reported with this key as its suggestion; once is enough.
            if spec.required and spec.field.name not in values and key not in misspelt:
                ok = False
                doc = spec.field.metadata.get("doc", "")
                self.problem(node, f"{prefix}{key}", f"missing required key '{key}' ({doc})".replace(" ()", ""))
        return cls(**values) if ok else INVALID

    def _check_limits(self, node: yaml.Node, limits: tuple[Any, Any, Any], value: Any, where: str) -> Any:
        if value is None:  # an optional value left empty: as if not given
            return value
        low, high, min_items = limits
        if low is not None and value < low or high is not None and value > high:
            bounds = f"from {low}" + (f" to {high}" if high is not None else "")
            return self.problem(node, where, f"expected a number {bounds}, got {value}")
        if min_items is not None and len(value) < min_items:
            entries = "entry" if min_items == 1 else "entries"
            return self.problem(node, where, f"expected at least {min_items} {entries}, got {len(value)}")
        return value
