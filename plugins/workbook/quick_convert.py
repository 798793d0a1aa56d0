"""Convert the nodes of a file with nothing wrong in it, fast: no lines, no messages.

Most exercise files are valid, and for them `Converter`'s bookkeeping (a field path and a line for every
value, a located message ready for every mistake) is wasted. Here each model type gets one function, worked
out once per type, that converts a node or gives up (`Unusual`) at the first thing `Converter` would report;
the loader then reads the file again with `Converter`, for its messages. For the files it does convert, the
result must be what `Converter` gives: tests/test_fuzz.py compares the two on generated files.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from collections.abc import Callable
from typing import Any, Literal, Union

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from .convert import _INTEGER_KEY, _NULL_TAG, _by_tag, _keys, _shape
from .model import CLOCK_PATTERN, FORBIDDEN_CHARACTER, ID_PATTERN

__all__ = ["Unusual", "quick_converter"]

# Converts one node; the file's loader is there for numbers and booleans.
Convert = Callable[[yaml.Node, yaml.BaseLoader], Any]
# A whole number YAML reads as Python does (a leading 0 is octal to YAML 1.1, so it is not one of them).
_DECIMAL = re.compile(r"-?[1-9][0-9]*|0")
_INT_TAG = "tag:yaml.org,2002:int"
_SCALAR_TAGS = yaml.constructor.SafeConstructor.yaml_constructors
_FORBIDDEN_CHARACTER = FORBIDDEN_CHARACTER.search


class Unusual(Exception):
    """Something `Converter` would have a message for: read the file again with it."""


_CONVERTERS: dict[int, tuple[Any, Convert]] = {}


def quick_converter(target: Any) -> Convert:
    """The function that converts a node to `target` (a model type), made once per type."""
    known = _CONVERTERS.get(id(target))
    if known is None or known[0] is not target:
        # Recursive types would need a forward reference here; the model has none.
        known = _CONVERTERS[id(target)] = (target, _make(target))
    return known[1]


def _make(target: Any) -> Convert:
    if target in (str, int, float, bool):
        return _SCALAR_CONVERTERS[target]
    origin, args = _shape(target)
    if origin is typing.Annotated:
        inner, marker = args[:2]
        if marker in ("type", "kind"):
            return _tagged_union(_shape(inner)[1], marker)
        if marker in ("id", "clock"):
            return _matching(quick_converter(inner), ID_PATTERN if marker == "id" else CLOCK_PATTERN)
        return quick_converter(inner)
    if origin in (Union, types.UnionType):
        options = [t for t in args if t is not type(None)]
        return _optional(quick_converter(options[0])) if len(options) < len(args) else quick_converter(options[0])
    if origin is Literal:
        return _literal(args)
    if origin is tuple:
        return _sequence(quick_converter(args[0]))
    if origin is dict:
        return _mapping(*args)
    if dataclasses.is_dataclass(target):
        return _dataclass(target)
    raise TypeError(f"no quick conversion to {target!r}")


# --- leaves -----------------------------------------------------------------------


def _text(node: yaml.Node, loader: yaml.BaseLoader) -> Any:
    # The raw text, as Converter keeps it: `label: Yes` stays "Yes". Kept once per load (the loader's `texts`):
    # a course repeats its ids, scale labels and band names file after file, and every exercise is kept until
    # the last page is written. (Not sys.intern: its table would keep its size for the rest of the process.)
    # A text already kept was already looked at for characters no text may hold (Converter reports those).
    if type(node) is ScalarNode and node.tag != _NULL_TAG:
        texts = loader.texts  # type: ignore[attr-defined]
        value = texts.get(node.value)
        if value is None:
            value = node.value
            if _FORBIDDEN_CHARACTER(value) is not None:
                raise Unusual
            texts[value] = value
        return value
    raise Unusual


def _constructed(node: yaml.Node, loader: yaml.BaseLoader) -> Any:
    # What SafeLoader's construct_object makes of a scalar, without its bookkeeping for anchors and recursion.
    if type(node) is not ScalarNode:
        raise Unusual
    tag = node.tag
    if tag == _INT_TAG and _DECIMAL.fullmatch(node.value):
        return int(node.value)
    construct = _SCALAR_TAGS.get(tag)
    if construct is None or tag == _NULL_TAG:
        raise Unusual
    try:
        return construct(loader, node)
    except Exception:  # whatever the tag makes of it, Converter says what was wrong
        raise Unusual from None


def _typed(target: type) -> Convert:
    # The Python types of constructed values each target takes, as Converter does: a whole number is a number
    # too, but true is not a whole number (bool being a subclass of int).
    accepted = {int: (int,), float: (int, float), bool: (bool,)}[target]

    def convert(node: yaml.Node, loader: yaml.BaseLoader) -> Any:
        value = _constructed(node, loader)
        if type(value) in accepted:
            return target(value)
        raise Unusual

    return convert


_SCALAR_CONVERTERS: dict[Any, Convert] = {str: _text, int: _typed(int), float: _typed(float), bool: _typed(bool)}


def _matching(inner: Convert, pattern: re.Pattern[str]) -> Convert:
    def convert(node: yaml.Node, loader: yaml.BaseLoader) -> Any:
        value = inner(node, loader)
        if pattern.fullmatch(value):
            return value
        raise Unusual

    return convert


def _optional(inner: Convert) -> Convert:
    def convert(node: yaml.Node, loader: yaml.BaseLoader) -> Any:
        return None if node.tag == _NULL_TAG else inner(node, loader)

    return convert


def _literal(allowed: tuple[str, ...]) -> Convert:
    # The model's own string for the value: one object however many files say `type: text`.
    values = {value: value for value in allowed}

    def convert(node: yaml.Node, loader: yaml.BaseLoader) -> Any:
        if type(node) is ScalarNode:
            value = values.get(node.value)
            if value is not None:
                return value
        raise Unusual

    return convert


# --- structures -------------------------------------------------------------------


def _sequence(item: Convert) -> Convert:
    def convert(node: yaml.Node, loader: yaml.BaseLoader) -> Any:
        if type(node) is not SequenceNode:
            raise Unusual
        return tuple([item(entry, loader) for entry in node.value])

    return convert


def _mapping(key_type: Any, value_type: Any) -> Convert:
    key_of, value_of = quick_converter(key_type), quick_converter(value_type)
    integer_keys = key_type is int

    def convert(node: yaml.Node, loader: yaml.BaseLoader) -> Any:
        if type(node) is not MappingNode:
            raise Unusual
        result = {}
        for key_node, value_node in node.value:
            if integer_keys and type(key_node) is ScalarNode and _INTEGER_KEY.fullmatch(key_node.value):
                key = int(key_node.value)
            else:
                key = key_of(key_node, loader)
            result[key] = value_of(value_node, loader)
        return result

    return convert


def _tagged_union(choices: tuple[type, ...], tag: str) -> Convert:
    by_value = {value: quick_converter(cls) for value, cls in _by_tag(choices, tag).items()}

    def convert(node: yaml.Node, loader: yaml.BaseLoader) -> Any:
        if type(node) is MappingNode:
            for key_node, value_node in node.value:
                if key_node.value == tag:
                    if type(value_node) is ScalarNode and value_node.value in by_value:
                        return by_value[value_node.value](node, loader)
                    break
        raise Unusual

    return convert


def _dataclass(cls: type) -> Convert:
    keys = _keys(cls)
    fields = {key: (spec.field.name, quick_converter(spec.hint), spec.limits) for key, spec in keys.items()}
    required = frozenset(spec.field.name for spec in keys.values() if spec.required)
    shorthand = getattr(cls, "SHORTHAND", None)
    short_name, short_value, short_limits = fields[shorthand] if shorthand else ("", _text, None)

    def convert(node: yaml.Node, loader: yaml.BaseLoader) -> Any:
        if type(node) is not MappingNode:
            # A plain string for an option or a column: the value of its shorthand key.
            if shorthand and type(node) is ScalarNode and node.tag != _NULL_TAG and required <= {short_name}:
                value = short_value(node, loader)
                if short_limits is None or _within(value, short_limits):
                    return cls(**{short_name: value})
            raise Unusual
        values: dict[str, Any] = {}
        for key_node, value_node in node.value:
            entry = fields.get(key_node.value) if type(key_node) is ScalarNode else None
            if entry is None or entry[0] in values:  # not a key of this class, or given twice
                raise Unusual
            name, value_of, limits = entry
            value = value_of(value_node, loader)
            if limits is not None and value is not None and not _within(value, limits):
                raise Unusual
            values[name] = value
        if not required <= values.keys():
            raise Unusual
        return cls(**values)

    return convert


def _within(value: Any, limits: tuple[Any, Any, Any]) -> bool:
    low, high, min_items = limits
    if low is not None and value < low or high is not None and value > high:
        return False
    return min_items is None or len(value) >= min_items
