"""Typed, frozen model of exercises: what an exercise YAML file may say."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Annotated, ClassVar, Literal

__all__ = [
    "Activity",
    "AgendaItem",
    "Band",
    "Category",
    "Checklist",
    "ChecklistItem",
    "ChoiceField",
    "ItemKey",
    "Column",
    "DateField",
    "Exercise",
    "FacilitatorNotes",
    "FacilitatorStep",
    "Field",
    "Format",
    "Handout",
    "Id",
    "Markdown",
    "Clock",
    "Forbid",
    "LongTextField",
    "MultipleChoiceField",
    "NumberField",
    "Option",
    "RatingField",
    "ResponseScale",
    "Scoring",
    "Session",
    "SourceLocation",
    "TableField",
    "TextField",
    "Workshop",
    "WorkshopDay",
    "Worksheet",
    "YesNoField",
    "CLOCK_PATTERN",
    "FORBIDDEN_CHARACTER",
    "ID_PATTERN",
    "forbidden_character",
    "slugify",
]

# Ids end up in HTML ids, control names and storage keys; a narrow alphabet keeps
# all three safe without escaping and stable across releases.
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
CLOCK_PATTERN = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")

# Characters no text of an exercise needs, refused wherever an author writes text (YAML's escapes, "\x02",
# write them all): control characters other than tab and line break (Python-Markdown marks its placeholders
# with \x02 and \x03, so a title holding them could pull other HTML into the page), DEL, the C1 controls,
# lone surrogates (which cannot be written as UTF-8) and Unicode's noncharacters.
FORBIDDEN_CHARACTER = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17))
    + "]"
)


def forbidden_character(text: str) -> str | None:
    """What is wrong with the first character of `text` no text needs, for a message; None if there is none."""
    # Every character refused is one Python does not print (a control, a surrogate, a noncharacter), and most
    # texts are one printable line: str.isprintable, in C, clears those without the pattern.
    if text.isprintable():
        return None
    found = FORBIDDEN_CHARACTER.search(text)
    if found is None:
        return None
    code = ord(found.group())
    what = (
        "a lone surrogate"
        if 0xD800 <= code <= 0xDFFF
        else "a noncharacter"
        if code >= 0xFDD0
        else "a control character"
    )
    return f"the text holds {what} (U+{code:04X}), which no text needs; take it out"


Id = Annotated[str, "id"]
"""A stable identifier: lowercase letters, digits, single '-' or '_' between them."""

Markdown = Annotated[str, "markdown"]
"""Text an author writes in Markdown; rendered safely (no raw HTML, no script URLs)."""

Format = Literal["solo", "pair", "group"]
Handout = Literal["per-person", "per-group"]


def doc(text: str, **extra: object) -> dict[str, object]:
    """Field metadata: a description (used in messages and the JSON Schema)."""
    return {"doc": text, **extra}


def slugify(text: str) -> str:
    """Make an id from a label, for options written as plain strings."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "option"


@dataclass(frozen=True, slots=True)
class Forbid:
    """Keys a model class does not take when one of its keys has a given value (`type: yes-no` takes no `min`)."""

    key: str
    value: str
    keys: tuple[str, ...]
    message: str  # `{key}` stands for the key written


@dataclass(frozen=True, slots=True)
class SourceLocation:
    """Where something was written: used by every message about it."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


# --- worksheet fields ---------------------------------------------------------


@dataclass(frozen=True, kw_only=True, slots=True)
class Option:
    """One answer of a choice field, or one column of a table: what the learner reads, and an id the answers are
    stored under. A plain string is shorthand for its label."""

    SHORTHAND: ClassVar[str] = "label"

    id: Id = field(
        default="", metadata=doc("Stable id (answers are stored under it); made from the label when left out.")
    )
    label: str = field(metadata=doc("What the learner reads."))

    def __post_init__(self) -> None:
        if not self.id:
            object.__setattr__(self, "id", slugify(self.label))


Column = Option
"""A table's column is written as a choice's answer is."""


@dataclass(frozen=True, kw_only=True, slots=True)
class FieldBase:
    """What every worksheet field has."""

    id: Id = field(metadata=doc("Stable id: answers are stored under it, so keep it when you edit the label."))
    label: str = field(metadata=doc("The question or prompt, shown as the control's label."))
    help: Markdown = field(default="", metadata=doc("A hint shown under the label (Markdown)."))


@dataclass(frozen=True, kw_only=True, slots=True)
class TextField(FieldBase):
    """A one-line answer."""

    type: Literal["text"]
    placeholder: str = field(default="", metadata=doc("Example text shown in the empty box."))


@dataclass(frozen=True, kw_only=True, slots=True)
class LongTextField(FieldBase):
    """A free-text answer of several lines."""

    type: Literal["long-text"]
    lines: int = field(
        default=5, metadata=doc("Writing space: lines on screen and ruled lines when printed.", minimum=1, maximum=40)
    )
    placeholder: str = field(default="", metadata=doc("Example text shown in the empty box."))


@dataclass(frozen=True, kw_only=True, slots=True)
class RatingField(FieldBase):
    """A rating on a numbered scale."""

    type: Literal["rating"]
    min: int = field(default=1, metadata=doc("Lowest point of the scale."))
    max: int = field(default=5, metadata=doc("Highest point of the scale (at most 10 points in all)."))
    labels: dict[int, str] = field(
        default_factory=dict, metadata=doc("Words for some or all points, e.g. {1: Not at all, 5: Completely}.")
    )


@dataclass(frozen=True, kw_only=True, slots=True)
class ChoiceField(FieldBase):
    """Pick one answer."""

    type: Literal["choice"]
    options: tuple[Option, ...] = field(metadata=doc("The answers to pick from (at least two).", min_items=2))


@dataclass(frozen=True, kw_only=True, slots=True)
class MultipleChoiceField(FieldBase):
    """Pick any number of answers."""

    type: Literal["multiple-choice"]
    options: tuple[Option, ...] = field(metadata=doc("The answers to pick from (at least two).", min_items=2))


@dataclass(frozen=True, kw_only=True, slots=True)
class YesNoField(FieldBase):
    """Answer yes or no."""

    type: Literal["yes-no"]


@dataclass(frozen=True, kw_only=True, slots=True)
class NumberField(FieldBase):
    """A number, optionally bounded."""

    type: Literal["number"]
    min: float | None = field(default=None, metadata=doc("Smallest number accepted."))
    max: float | None = field(default=None, metadata=doc("Largest number accepted."))
    step: float | None = field(default=None, metadata=doc("Granularity, e.g. 1 for whole numbers or 0.5."))
    unit: str = field(default="", metadata=doc("Shown after the box, e.g. 'hours per week'."))


@dataclass(frozen=True, kw_only=True, slots=True)
class DateField(FieldBase):
    """A calendar date."""

    type: Literal["date"]


@dataclass(frozen=True, kw_only=True, slots=True)
class TableField(FieldBase):
    """A grid of short answers: named columns by a number of rows (a contact plan, a tracker)."""

    type: Literal["table"]
    columns: tuple[Column, ...] = field(metadata=doc("Column headings, left to right.", min_items=1))
    rows: int = field(default=3, metadata=doc("How many empty rows to offer.", minimum=1, maximum=30))


Field = Annotated[
    TextField
    | LongTextField
    | RatingField
    | ChoiceField
    | MultipleChoiceField
    | YesNoField
    | NumberField
    | DateField
    | TableField,
    "type",
]
"""A worksheet field; its `type` key says which."""


# --- checklists ---------------------------------------------------------------


@dataclass(frozen=True, kw_only=True, slots=True)
class ResponseScale:
    """How the learner answers a checklist statement. `yes-no` alone is shorthand."""

    SHORTHAND: ClassVar[str] = "type"
    # Written on the other kind of scale, these would change nothing: say so rather than ignore them.
    FORBID: ClassVar[tuple[Forbid, ...]] = (
        Forbid(
            "type",
            "yes-no",
            ("min", "max", "labels", "points"),
            "a yes-no scale has no '{key}': a statement is answered yes (1 point) or no (0); "
            "remove it, or use type: likert for a numbered scale",
        ),
        Forbid(
            "type",
            "likert",
            ("answers",),
            "a likert scale has no '{key}': each statement is answered by choosing a point; remove it",
        ),
    )

    type: Literal["yes-no", "likert"] = field(metadata=doc("Tick boxes or yes/no (yes scores 1), or a numbered scale."))
    min: int = field(default=1, metadata=doc("Likert: lowest point."))
    max: int = field(default=5, metadata=doc("Likert: highest point (at most 11 points in all, e.g. 0 to 10)."))
    labels: dict[int, str] = field(
        default_factory=dict, metadata=doc("Likert: words for the points, e.g. {1: Never, 5: Always}.")
    )
    points: dict[int, float] = field(
        default_factory=dict,
        metadata=doc(
            "Likert: what each point scores, e.g. {0: 0, 1: 2, 2: 4}; every point of the scale listed. "
            "Left out, a point scores its own number."
        ),
    )
    answers: Literal["tick", "yes-or-no"] = field(
        default="tick",
        metadata=doc(
            "Yes-no: `tick` boxes (an unticked statement is a no once the learner has begun), or `yes-or-no`: "
            "a Yes and a No for each statement, and a statement not answered until one is chosen."
        ),
    )

    @property
    def low(self) -> int:
        """The lowest answer, as stored (a no is 0)."""
        return 0 if self.type == "yes-no" else self.min

    @property
    def high(self) -> int:
        """The highest answer, as stored (a yes is 1)."""
        return 1 if self.type == "yes-no" else self.max

    def points_of(self, answer: int) -> float:
        """What an answer (a point of the scale; 1 or 0 for yes or no) scores."""
        return self.points.get(answer, answer) if self.type == "likert" else answer


@dataclass(frozen=True, kw_only=True, slots=True)
class Band:
    """A score range with its interpretation."""

    from_: float = field(metadata=doc("Lowest score in this band (inclusive).", key="from"))
    to: float = field(metadata=doc("Highest score in this band (inclusive)."))
    label: str = field(metadata=doc("Short verdict, e.g. 'Getting started'."))
    advice: Markdown = field(default="", metadata=doc("What to do next (Markdown)."))


@dataclass(frozen=True, kw_only=True, slots=True)
class Category:
    """A group of checklist statements with its own subscore."""

    id: Id = field(metadata=doc("Stable id; items name it in `category` or `keys`."))
    title: str = field(metadata=doc("Shown beside the subscore."))
    description: Markdown = field(default="", metadata=doc("What this category is about (Markdown)."))
    bands: tuple[Band, ...] = field(
        default=(), metadata=doc("Ranges of this subscore and what they mean; together they cover every subscore.")
    )


@dataclass(frozen=True, kw_only=True, slots=True)
class ItemKey:
    """How a statement counts toward one category, when it counts toward several or is keyed differently in each."""

    category: Id = field(metadata=doc("Id of the category."))
    weight: float | None = field(
        default=None,
        metadata=doc(
            "How many times it counts in this category; the statement's weight if left out.", minimum=0, maximum=1000
        ),
    )
    reverse: bool | None = field(
        default=None, metadata=doc("Score it backwards in this category; as the statement's `reverse` if left out.")
    )


@dataclass(frozen=True, kw_only=True, slots=True)
class ChecklistItem:
    """One statement the learner rates themselves on."""

    id: Id = field(metadata=doc("Stable id: answers are stored under it."))
    text: str = field(metadata=doc("The statement, e.g. 'I follow up within two days'."))
    category: Id | None = field(default=None, metadata=doc("Id of the category this statement counts towards."))
    weight: float = field(
        default=1,
        metadata=doc(
            "How many times the statement counts in the score: 0 (shown, counts nothing) to 1000, decimals allowed.",
            minimum=0,
            maximum=1000,
        ),
    )
    reverse: bool = field(default=False, metadata=doc("Score the scale backwards (agreeing is the weaker answer)."))
    scale: ResponseScale | None = field(
        default=None, metadata=doc("This statement's own scale, when its answers differ from the checklist's.")
    )
    keys: tuple[ItemKey, ...] = field(
        default=(),
        metadata=doc("Instead of `category`: every category it counts toward, each with its own weight or reverse."),
    )


@dataclass(frozen=True, kw_only=True, slots=True)
class Scoring:
    """How a checklist's scores are worked out and shown."""

    method: Literal["sum", "mean"] = field(
        default="sum", metadata=doc("`sum` of the points (times weights), or their weighted `mean`.")
    )
    decimals: int | None = field(
        default=None,
        metadata=doc(
            "Decimal places shown; 2 for a mean, else 0 (or as many as the weights and points have).",
            minimum=0,
            maximum=3,
        ),
    )
    total: bool = field(default=True, metadata=doc("Show the total score (false: subscores only)."))
    subscores: bool = field(default=True, metadata=doc("Show each category's score."))
    missing: Literal["so-far", "wait", "prorate"] = field(
        default="so-far",
        metadata=doc(
            "Before every statement is answered: `so-far` shows the points so far, `wait` shows no score, "
            "`prorate` scores from the answered statements when at most `max_missing` are missing."
        ),
    )
    max_missing: int = field(
        default=0,
        metadata=doc("With `missing: prorate`: how many statements a score may lack and still be shown.", minimum=0),
    )


# --- facilitator notes --------------------------------------------------------


@dataclass(frozen=True, kw_only=True, slots=True)
class FacilitatorStep:
    """One timed step of running the exercise live."""

    minutes: int = field(metadata=doc("How long this step takes.", minimum=1, maximum=600))
    activity: str = field(metadata=doc("What happens, as a cue for the facilitator."))


@dataclass(frozen=True, kw_only=True, slots=True)
class FacilitatorNotes:
    """What only the facilitator's edition shows."""

    setup: Markdown = field(default="", metadata=doc("How to set the room or call up (Markdown)."))
    materials: tuple[str, ...] = field(default=(), metadata=doc("Things to bring, one per entry."))
    steps: tuple[FacilitatorStep, ...] = field(default=(), metadata=doc("Timed steps for running the exercise."))
    debrief: tuple[str, ...] = field(default=(), metadata=doc("Questions to ask afterwards."))
    variations: tuple[Markdown, ...] = field(
        default=(), metadata=doc("Ways to adapt it: online, large groups, short on time.")
    )
    notes: Markdown = field(default="", metadata=doc("Anything else the facilitator should know (Markdown)."))


# --- exercises ----------------------------------------------------------------


@dataclass(frozen=True, kw_only=True, slots=True)
class ExerciseBase:
    """What every exercise has."""

    id: Id = field(metadata=doc("Stable id used in `/// worksheet | id` and as the storage key for answers."))
    title: str = field(metadata=doc("Shown as the exercise's heading."))
    intro: Markdown = field(default="", metadata=doc("Instructions shown above the form (Markdown)."))
    minutes: int = field(metadata=doc("Estimated minutes to complete.", minimum=1, maximum=600))
    format: Format = field(default="solo", metadata=doc("How it is done in a workshop: solo, pair or group."))
    handout: Handout = field(
        default="per-person",
        metadata=doc(
            "Who fills in one printed sheet in a workshop: each person (the default, whatever the format), or one group together."
        ),
    )
    # One shared instance when left out (it is frozen): most exercises of a big course have none.
    facilitator: FacilitatorNotes = field(
        default=FacilitatorNotes(), metadata=doc("Notes for the facilitator's edition only.")
    )
    source: SourceLocation | None = field(default=None, compare=False, metadata={"internal": True})


@dataclass(frozen=True, kw_only=True, slots=True)
class Worksheet(ExerciseBase):
    """A worksheet: questions the learner answers in fields."""

    kind: Literal["worksheet"]
    fields: tuple[Field, ...] = field(metadata=doc("The questions, in order.", min_items=1))


@dataclass(frozen=True, kw_only=True, slots=True)
class Checklist(ExerciseBase):
    """A self-assessment: statements rated on one scale, scored, interpreted by bands."""

    kind: Literal["checklist"]
    scale: ResponseScale = field(metadata=doc("How each statement is answered: `yes-no` or a likert scale."))
    categories: tuple[Category, ...] = field(default=(), metadata=doc("Optional groups of statements with subscores."))
    layout: Literal["by-category", "as-written"] = field(
        default="by-category",
        metadata=doc(
            "`by-category`: statements grouped under their categories' titles; `as-written`: in the order written, "
            "with no category shown while the learner answers."
        ),
    )
    items: tuple[ChecklistItem, ...] = field(metadata=doc("The statements, in order.", min_items=1))
    scoring: Scoring = field(
        default=Scoring(), metadata=doc("Sum or mean, decimals, which scores show, missing answers.")
    )
    bands: tuple[Band, ...] = field(
        default=(), metadata=doc("Total score ranges and what they mean; together they cover every possible score.")
    )

    def scale_of(self, item: ChecklistItem) -> ResponseScale:
        return item.scale or self.scale

    def keys_of(self, item: ChecklistItem) -> tuple[ItemKey, ...]:
        """How the statement counts toward each category it names, with its own weight and reverse filled in."""
        if item.keys:
            return tuple(
                ItemKey(
                    category=key.category,
                    weight=item.weight if key.weight is None else key.weight,
                    reverse=item.reverse if key.reverse is None else key.reverse,
                )
                for key in item.keys
            )
        if item.category is not None:
            return (ItemKey(category=item.category, weight=item.weight, reverse=item.reverse),)
        return ()

    def items_in(self, category: Category) -> tuple[ChecklistItem, ...]:
        return tuple(item for item in self.items if any(key.category == category.id for key in self.keys_of(item)))


Exercise = Annotated[Worksheet | Checklist, "kind"]
"""An exercise; its `kind` key says which."""


# --- workshop plans -----------------------------------------------------------

Clock = Annotated[str, "clock"]
"""A time of day on a 24-hour clock, written HH:MM."""

Activity = Literal["welcome", "input", "discussion", "energiser", "break", "lunch", "wrap-up"]


@dataclass(frozen=True, kw_only=True, slots=True)
class AgendaItem:
    """One slot of a workshop: an exercise from the course, or a free activity."""

    exercise: Id | None = field(
        default=None, metadata=doc("Id of an exercise; its minutes are used unless `minutes` is given.")
    )
    activity: Activity | None = field(
        default=None, metadata=doc("A free item: welcome, input, discussion, energiser, break, lunch or wrap-up.")
    )
    title: str = field(
        default="", metadata=doc("Shown in the agenda; defaults to the exercise's title or the activity's name.")
    )
    minutes: int | None = field(
        default=None, metadata=doc("How long it takes (overrides the exercise's minutes).", minimum=1, maximum=600)
    )
    at: Clock | None = field(
        default=None, metadata=doc("Fixed start time, e.g. lunch at 12:30; earlier items must be over by then.")
    )
    cue: str = field(default="", metadata=doc("One-line prompt for the facilitator on the run-sheet."))


@dataclass(frozen=True, kw_only=True, slots=True)
class Session:
    """A named block of a day's agenda."""

    title: str = field(metadata=doc("Shown as a heading in the agenda."))
    items: tuple[AgendaItem, ...] = field(metadata=doc("What happens, in order.", min_items=1))


@dataclass(frozen=True, kw_only=True, slots=True)
class WorkshopDay:
    """One day of a workshop, with its own clock."""

    title: str = field(default="", metadata=doc("Defaults to 'Day 1', 'Day 2', ..."))
    start: Clock = field(metadata=doc("When the day starts, e.g. '09:30'."))
    end: Clock | None = field(default=None, metadata=doc("When the day must be over; running past it is a warning."))
    sessions: tuple[Session, ...] = field(metadata=doc("The day's sessions, in order.", min_items=1))


@dataclass(frozen=True, kw_only=True, slots=True)
class Workshop:
    """A workshop plan: who it is for and a timed agenda of exercises and free items."""

    id: Id = field(metadata=doc("Stable id; the agenda is published at facilitator/workshops/<id>/."))
    title: str = field(metadata=doc("Name of the workshop."))
    audience: str = field(default="", metadata=doc("Who it is for."))
    group_size: int = field(
        metadata=doc("Number of participants: sets how many handouts to print.", minimum=1, maximum=500)
    )
    intro: Markdown = field(default="", metadata=doc("Aims and notes shown above the agenda (Markdown)."))
    days: tuple[WorkshopDay, ...] = field(metadata=doc("One or more days.", min_items=1))
    source: SourceLocation | None = field(default=None, compare=False, metadata={"internal": True})
