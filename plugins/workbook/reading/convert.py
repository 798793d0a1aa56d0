"""Turn a composed YAML node into model objects, following the model's shapes: stop at the first problem, or record every one."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from ..errors import Problem, close_match
from ..model.shapes import List, Mapping, Optional, Pattern, Record, Scalar, Shape, Text, Union_, Word, shape_of
from ..model.types import forbidden_character
from .links import may_hold_link

__all__ = ["File", "INVALID", "Stop", "convert"]


class _Invalid:
    """Marks a value that could not be converted; the problem is already recorded."""

    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _Invalid()

_NULL_TAG = "tag:yaml.org,2002:null"
_INT_TAG = "tag:yaml.org,2002:int"
_STR_TAG = "tag:yaml.org,2002:str"
# The plain types a model field can have, as a message names them, and the Python types of the values YAML
# makes that each takes: a whole number is a number too, but true is not a whole number (bool being an int).
_SCALARS: dict[type, tuple[str, tuple[type, ...]]] = {
    int: ("a whole number", (int,)),
    float: ("a number", (int, float)),
    bool: ("true or false", (bool,)),
}
_MERGE_KEYS = "YAML merge keys ('<<') are not supported here; write the keys out in full"
# A key that means a whole number even when quoted: `"1": Never`, as JSON writes it, means `1: Never`.
_INTEGER_KEY = re.compile(r"-?[0-9]+")
# A whole number YAML reads as Python does (a leading 0 is octal to YAML 1.1, so it is not one of them).
_DECIMAL = re.compile(r"-?[1-9][0-9]*|0")
# What YAML's constructors raise for an explicit tag the value does not fit (`!!int five`) or an unknown one.
_CONSTRUCTION_ERRORS = (ValueError, TypeError, LookupError, AttributeError, yaml.YAMLError)


class Stop(Exception):
    """A file converted with `careful=False` has a problem: read it again carefully for the messages."""


class File:
    """One file being converted: its problems with their lines and field paths, and the line of every value.

    Careless, the first problem stops the conversion (`Stop`) and no line or field path is kept: most files
    have no problem, and the loader reads those that do again, carefully, for the messages."""

    __slots__ = ("path", "loader", "careful", "problems", "lines", "texts", "links")

    def __init__(self, path: str, loader: yaml.BaseLoader, careful: bool, texts: dict[str, str] | None = None):
        self.path = path
        self.loader = loader  # constructs numbers and booleans
        self.careful = careful
        self.problems: list[Problem] = []
        # Line of every converted value by field path, for the checks that run after conversion.
        self.lines: dict[str, int] | None = {} if careful else None
        # Each text once for the files of one load: a course repeats its ids, scale labels and band names file
        # after file, and keeps every exercise until the last page is written.
        self.texts = {} if texts is None else texts
        # Whether a Markdown text of the file may hold a link or an image: the link check, a walk over every
        # value, is only needed then (most files have none).
        self.links = False

    def problem(self, node: yaml.Node, where: str, message: str, suggestion: str | None = None) -> Any:
        if not self.careful:
            raise Stop
        self.problems.append(Problem(self.path, node.start_mark.line + 1, where, message, suggestion))
        return INVALID


def convert(node: yaml.Node, target: Any, file: File) -> Any:
    """The model object `node` describes, or INVALID with the problems in `file`."""
    if file.lines is not None:
        file.lines[""] = node.start_mark.line + 1
    return _converter(_root(target))(file, node, "")


@functools.cache
def _root(target: Any) -> Shape:
    return shape_of(target)


# Converts one node, given the file and the node's field path.
Convert = Callable[[File, yaml.Node, str], Any]


@functools.cache
def _converter(shape: Shape) -> Convert:
    """The function that converts a node to `shape`, made once per shape."""
    make: Callable[[Any], Convert] = _MAKERS[type(shape)]
    return make(shape)


def _describe(node: yaml.Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    if node.tag == _NULL_TAG:
        return "nothing"
    return repr(node.value)


# --- leaves -----------------------------------------------------------------------


def text(file: File, node: yaml.Node, where: str) -> Any:
    """Every text an author writes is converted here: the raw text, so that `label: Yes` stays what was written."""
    if type(node) is not ScalarNode or node.tag == _NULL_TAG:
        return file.problem(node, where, f"expected text, got {_describe(node)}")
    value = file.texts.get(node.value)
    if value is None:  # a text already kept was looked at for characters no text may hold
        wrong = forbidden_character(node.value)
        if wrong is not None:
            return file.problem(node, where, wrong)
        value = file.texts[node.value] = node.value
    return value


def markdown(file: File, node: yaml.Node, where: str) -> Any:
    """A text the page renders as Markdown: as any text, noting in `file` one that may hold a link."""
    value = text(file, node, where)
    if value is not INVALID and may_hold_link(value):
        file.links = True
    return value


def _text(shape: Text) -> Convert:
    return markdown if shape.markdown else text


def _scalar(shape: Scalar) -> Convert:
    target, low, high = shape.type, shape.minimum, shape.maximum
    expected, accepted = _SCALARS[target]

    def convert(file: File, node: yaml.Node, where: str) -> Any:
        if type(node) is not ScalarNode or node.tag == _NULL_TAG:
            return file.problem(node, where, f"expected {expected}, got {_describe(node)}")
        if node.tag == _INT_TAG and _DECIMAL.fullmatch(node.value):  # most numbers: what YAML would make of them
            value: Any = int(node.value)
        else:
            try:
                value = file.loader.construct_object(node)
            except _CONSTRUCTION_ERRORS:
                tag = node.tag.replace("tag:yaml.org,2002:", "!!")
                return file.problem(node, where, f"expected {expected}, got {tag} {node.value!r}")
        if type(value) not in accepted:
            return file.problem(node, where, f"expected {expected}, got {node.value!r}")
        value = target(value)
        if low is not None and value < low or high is not None and value > high:
            bounds = f"from {low}" + (f" to {high}" if high is not None else "")
            return file.problem(node, where, f"expected a number {bounds}, got {node.value}")
        return value

    return convert


def _pattern(shape: Pattern) -> Convert:
    pattern, expected = shape.pattern, shape.expected

    def convert(file: File, node: yaml.Node, where: str) -> Any:
        value = text(file, node, where)
        if value is INVALID or pattern.fullmatch(value):
            return value
        return file.problem(node, where, f"expected {expected}, got {value!r}")

    return convert


def _word(shape: Word) -> Convert:
    # The model's own string for the value: one object however many files say `type: text`.
    values = {value: value for value in shape.values}
    choices = ", ".join(shape.values)

    def convert(file: File, node: yaml.Node, where: str) -> Any:
        got = node.value if type(node) is ScalarNode else ""
        value = values.get(got)
        if value is not None:
            return value
        return file.problem(
            node, where, f"expected one of {choices}, got {_describe(node)}", close_match(got, values) if got else None
        )

    return convert


def _optional(shape: Optional) -> Convert:
    inner = _converter(shape.inner)

    def convert(file: File, node: yaml.Node, where: str) -> Any:
        return None if node.tag == _NULL_TAG else inner(file, node, where)

    return convert


# --- structures -------------------------------------------------------------------


# Lists whose entries must each have an id of their own, and what the message calls an entry. Checked on the
# YAML itself, so that a duplicate is reported with every other problem of the file, not after they are fixed.
_UNIQUE_IDS = {"fields": "field", "items": "item", "categories": "category"}


def _list(shape: List) -> Convert:
    item, min_items = _converter(shape.item), shape.min_items

    def convert(file: File, node: yaml.Node, where: str) -> Any:
        if type(node) is not SequenceNode:
            return file.problem(node, where, f"expected a list, got {_describe(node)}")
        lines = file.lines
        if lines is None:  # careless: no message will name an entry
            values = [item(file, entry, where) for entry in node.value]
        else:
            values = []
            for index, entry in enumerate(node.value):
                here = f"{where}[{index}]"
                lines.setdefault(here, entry.start_mark.line + 1)
                values.append(item(file, entry, here))
            if INVALID in values:
                return INVALID
        if min_items is not None and len(values) < min_items:
            entries = "entry" if min_items == 1 else "entries"
            return file.problem(node, where, f"expected at least {min_items} {entries}, got {len(values)}")
        return tuple(values)

    return convert


def _unique_ids(convert_list: Convert, what: str) -> Convert:
    def convert(file: File, node: yaml.Node, where: str) -> Any:
        if type(node) is SequenceNode:
            _duplicate_ids(file, node, where, what)
        return convert_list(file, node, where)

    return convert


def _duplicate_ids(file: File, node: SequenceNode, where: str, what: str) -> None:
    seen: set[str] = set()
    for index, entry in enumerate(node.value):
        if type(entry) is not MappingNode:
            continue
        for key, value in entry.value:
            if type(key) is ScalarNode and key.value == "id" and type(value) is ScalarNode:
                if value.value in seen:
                    file.problem(
                        value, f"{where}[{index}].id", f"{what} id '{value.value}' is used twice in this exercise"
                    )
                seen.add(value.value)


def _mapping(shape: Mapping) -> Convert:
    key_of, value_of = _converter(shape.key), _converter(shape.value)
    integer_keys = isinstance(shape.key, Scalar) and shape.key.type is int

    def convert(file: File, node: yaml.Node, where: str) -> Any:
        if type(node) is not MappingNode:
            return file.problem(node, where, f"expected a mapping (key: value), got {_describe(node)}")
        lines, result, ok = file.lines, {}, True
        for key_node, value_node in node.value:
            if integer_keys and type(key_node) is ScalarNode and _INTEGER_KEY.fullmatch(key_node.value):
                key = int(key_node.value)
            else:
                key = key_of(file, key_node, where)
            here = f"{where}.{key_node.value}"
            if lines is not None:
                lines.setdefault(here, value_node.start_mark.line + 1)
            value = value_of(file, value_node, here)
            if key is INVALID or value is INVALID:
                ok = False
            elif ok:
                result[key] = value
        return result if ok else INVALID

    return convert


def _union(shape: Union_) -> Convert:
    tag = shape.tag
    by_value = {value: _converter(choice) for value, choice in shape.choices.items()}
    names = ", ".join(by_value)
    noun = "field type" if tag == "type" else tag

    def convert(file: File, node: yaml.Node, where: str) -> Any:
        if type(node) is not MappingNode:
            return file.problem(node, where, f"expected a mapping with a '{tag}' key, got {_describe(node)}")
        tag_node = next((v for k, v in node.value if k.value == tag), None)
        if tag_node is not None and type(tag_node) is ScalarNode and tag_node.value in by_value:
            return by_value[tag_node.value](file, node, where)
        if tag_node is not None:
            value = tag_node.value if type(tag_node) is ScalarNode else ""
            message = f"unknown {noun} {_describe(tag_node)}; expected one of: {names}"
            return file.problem(tag_node, f"{where}.{tag}" if where else tag, message, close_match(value, by_value))
        merge = next((k for k, _ in node.value if k.value == "<<"), None)
        if merge is not None:  # the tag may well be in what it merges
            return file.problem(merge, f"{where}.<<" if where else "<<", _MERGE_KEYS)
        return file.problem(node, where, f"missing key '{tag}' (one of: {names})")

    return convert


def _record(shape: Record) -> Convert:
    cls, shorthand, forbid = shape.cls, shape.shorthand, shape.forbid
    keys = {key: (spec.name, _converter(spec.shape)) for key, spec in shape.keys.items()}
    for key, what in _UNIQUE_IDS.items():
        if key in keys and isinstance(shape.keys[key].shape, List):
            keys[key] = (keys[key][0], _unique_ids(keys[key][1], what))
    required = [(key, spec.name, spec.doc) for key, spec in shape.keys.items() if spec.required]
    required_names = {name for _, name, _ in required}

    def convert(file: File, node: yaml.Node, where: str) -> Any:
        if type(node) is MappingNode:
            pairs = node.value
        elif shorthand and type(node) is ScalarNode and node.tag != _NULL_TAG:
            # A plain string for an option or a column, `yes-no` for a scale: the value of the shorthand key.
            pairs = [(ScalarNode(_STR_TAG, shorthand, node.start_mark, node.end_mark), node)]
        else:
            return file.problem(node, where, f"expected a mapping (key: value), got {_describe(node)}")
        prefix = f"{where}." if where else ""
        lines, values, ok = file.lines, {}, True
        misspelt: set[str] = set()
        for key_node, value_node in pairs:
            key = key_node.value if type(key_node) is ScalarNode else None
            entry = keys.get(key)  # type: ignore[arg-type]  # None (a key that is not text) finds nothing: reported below
            if key is None or entry is None or entry[0] in values:
                ok = False
                _wrong_key(file, key_node, key, where, prefix, keys, misspelt)
                continue
            name, value_of = entry
            if lines is None:  # careless: no message will name it
                values[name] = value_of(file, value_node, where)
                continue
            here = prefix + key
            lines.setdefault(here, value_node.start_mark.line + 1)
            value = values[name] = value_of(file, value_node, here)
            ok = ok and value is not INVALID
        if not required_names <= values.keys():
            ok = False
            for key, name, doc in required:
                # A misspelt key was already reported with this key as its suggestion; once is enough.
                if name not in values and key not in misspelt:
                    file.problem(node, f"{prefix}{key}", f"missing required key '{key}' ({doc})".replace(" ()", ""))
        if not ok:
            return INVALID
        for rule in forbid:
            if values.get(keys[rule.key][0]) == rule.value:
                _forbidden(file, pairs, rule, prefix)
        return cls(**values)

    return convert


def _wrong_key(
    file: File, key_node: yaml.Node, key: str | None, where: str, prefix: str, keys: dict[str, Any], misspelt: set[str]
) -> None:
    if key is None:
        file.problem(key_node, where, f"a key must be plain text, got {_describe(key_node)}")
    elif key == "<<":
        file.problem(key_node, f"{prefix}{key}", _MERGE_KEYS)
    elif key in keys:
        file.problem(key_node, f"{prefix}{key}", "this key is given twice")
    else:
        suggestion = close_match(key, keys)
        misspelt.add(suggestion or "")
        file.problem(key_node, f"{prefix}{key}", f"unknown key; expected one of: {', '.join(keys)}", suggestion)


def _forbidden(file: File, pairs: list[tuple[yaml.Node, yaml.Node]], rule: Any, prefix: str) -> None:
    # Reported, but the value is kept: the keys change nothing, and the file's other rules are still checked.
    for key in rule.keys:
        written = next((v for k, v in pairs if k.value == key), None)
        if written is not None:
            file.problem(written, f"{prefix}{key}", rule.message.format(key=key))


_MAKERS: dict[type, Callable[[Any], Convert]] = {
    Text: _text,
    Scalar: _scalar,
    Pattern: _pattern,
    Word: _word,
    Optional: _optional,
    List: _list,
    Mapping: _mapping,
    Union_: _union,
    Record: _record,
}
