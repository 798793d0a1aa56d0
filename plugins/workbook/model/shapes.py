"""The model's types read once from its type hints: the one description the converter and the JSON Schema follow."""

from __future__ import annotations

import dataclasses
import functools
import re
import types
import typing
from dataclasses import dataclass
from typing import Any, Literal, Union

from .types import CLOCK_PATTERN, ID_PATTERN, Forbid

__all__ = [
    "Key",
    "List",
    "Mapping",
    "Optional",
    "Pattern",
    "Record",
    "Scalar",
    "Shape",
    "Text",
    "Union_",
    "Word",
    "record",
    "shape_of",
]

# What the model's `Annotated` markers ask of a text, as a message puts it after "expected".
_PATTERNS = {
    "id": (ID_PATTERN, "an id of lowercase letters, digits and single '-' or '_' between them"),
    "clock": (CLOCK_PATTERN, "a time of day as HH:MM on a 24-hour clock, e.g. '09:30'"),
}
# Markers of a union whose members say which they are under this key.
_TAGS = ("type", "kind")


# Shapes are compared by identity (eq=False): each is made once, and converters are cached by it.
@dataclass(frozen=True, eq=False, slots=True)
class Text:
    """Text as the author wrote it; `markdown` if the page renders it as Markdown."""

    markdown: bool = False


@dataclass(frozen=True, eq=False, slots=True)
class Scalar:
    """A whole number (int), any number (float) or true or false (bool); numbers may be bounded."""

    type: type
    minimum: int | None = None
    maximum: int | None = None


@dataclass(frozen=True, eq=False, slots=True)
class Pattern:
    """Text that must match a pattern: an id, a time of day."""

    pattern: re.Pattern[str]
    expected: str


@dataclass(frozen=True, eq=False, slots=True)
class Word:
    """One of a few fixed words (a `Literal`)."""

    values: tuple[str, ...]


@dataclass(frozen=True, eq=False, slots=True)
class Optional:
    """A value that may be left empty (None)."""

    inner: Shape


@dataclass(frozen=True, eq=False, slots=True)
class List:
    """A list of values of one shape (a tuple in the model)."""

    item: Shape
    min_items: int | None = None


@dataclass(frozen=True, eq=False, slots=True)
class Mapping:
    """Keys to values, e.g. the words for the points of a scale."""

    key: Shape
    value: Shape


@dataclass(frozen=True, eq=False, slots=True)
class Key:
    """One key an author may write in a mapping of a model class."""

    name: str  # the dataclass field's name (`from_` for the key `from`)
    shape: Shape
    required: bool
    doc: str


@dataclass(frozen=True, eq=False, slots=True)
class Record:
    """A model class: its keys in the class's order, its shorthand and the keys a variant of it may not have."""

    cls: type
    doc: str
    keys: dict[str, Key]
    shorthand: str | None
    forbid: tuple[Forbid, ...]


@dataclass(frozen=True, eq=False, slots=True)
class Union_:
    """One of several model classes, chosen by the value of a key they all have (`kind: checklist`)."""

    tag: str
    choices: dict[str, Record]


Shape = Text | Scalar | Pattern | Word | Optional | List | Mapping | Record | Union_
_TEXT = Text()
_MARKDOWN = Text(markdown=True)


@functools.cache
def record(cls: type) -> Record:
    """The description of a model class, made once."""
    hints = typing.get_type_hints(cls, include_extras=True)
    keys = {}
    for f in dataclasses.fields(cls):
        if f.metadata.get("internal"):
            continue
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        keys[str(f.metadata.get("key", f.name))] = Key(
            f.name, shape_of(hints[f.name], f.metadata), required, f.metadata.get("doc", "")
        )
    return Record(cls, (cls.__doc__ or "").strip(), keys, getattr(cls, "SHORTHAND", None), getattr(cls, "FORBID", ()))


def shape_of(hint: Any, meta: typing.Mapping[str, Any] | None = None) -> Shape:
    """The shape of a type hint of the model, with the limits in a field's metadata (minimum, maximum, min_items)."""
    meta = meta or {}
    if hint is str:
        return _TEXT
    if hint in (int, float, bool):
        return Scalar(hint, meta.get("minimum"), meta.get("maximum"))
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is typing.Annotated:
        inner, marker = args[:2]
        if marker in _TAGS:
            choices = [record(cls) for cls in typing.get_args(inner)]
            return Union_(marker, {c.keys[marker].shape.values[0]: c for c in choices})  # type: ignore[union-attr]  # a tag's key is a Literal: its shape a Word
        if marker in _PATTERNS:
            return Pattern(*_PATTERNS[marker])
        if marker == "markdown":
            return _MARKDOWN
        return shape_of(inner, meta)
    if origin in (Union, types.UnionType):
        options = [t for t in args if t is not type(None)]
        assert len(options) == 1 and len(args) == 2, f"only `X | None` is supported, not {hint!r}"
        return Optional(shape_of(options[0], meta))
    if origin is Literal:
        return Word(args)
    if origin is tuple:
        return List(shape_of(args[0]), meta.get("min_items"))
    if origin is dict:
        return Mapping(shape_of(args[0]), shape_of(args[1]))
    if dataclasses.is_dataclass(hint):
        return record(hint)  # type: ignore[arg-type]  # a class is hashable (python/mypy#11470)
    raise TypeError(f"the model uses a type with no shape: {hint!r}")
