"""Fuzzing the loaders: whatever an author saves, the answer is located problems, never a traceback.

Random YAML documents, exercise- and plan-shaped documents with random values,
and mutations of the demo exercises (keys dropped, renamed or retyped; text
truncated, junk, tabs or random bytes inserted) are written to a file and
loaded, and given to the converter itself in both its modes. Every run is
derandomized, so CI sees the same examples each time.
"""

from __future__ import annotations

import copy
import dataclasses
import os
import re
import tempfile
import typing
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from workbook import Problem, load_exercise_file, load_exercises, model
from workbook.model.shapes import record
from workbook.reading.convert import INVALID, File, Stop, convert
from workbook.reading.loader import UNEXPECTED, load_workshop_file

from .conftest import DEMO_EXERCISES, ROOT

FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", 300)),
    deadline=None,
    derandomize=True,
    database=None,
    # No "explain" phase: tracing every shrink step makes a failing run slow and adds little.
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
    # Every example writes and reads a real file; drawing whole documents is the point.
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

DEMO_TEXTS = {path.name: path.read_text(encoding="utf-8") for path in sorted(DEMO_EXERCISES.glob("*.yml"))}
EXERCISES = load_exercises(DEMO_EXERCISES, ROOT).exercises

SAMPLE_PLAN_TEXT = """\
id: sample
title: Sample workshop
audience: Testers
group_size: 12
intro: Aims of the day.
days:
  - start: "09:00"
    end: "10:30"
    sessions:
      - title: Opening
        items:
          - {activity: welcome, minutes: 15}
          - exercise: first-conversation
          - {activity: break, minutes: 15, at: "09:45"}
      - title: Checking in
        items:
          - exercise: networking-habits
          - {activity: wrap-up, minutes: 10, cue: Ask for one word each}
  - title: Afternoon
    start: "13:00"
    sessions:
      - title: Practice
        items:
          - {exercise: first-conversation, minutes: 40}
"""
# The valid files that mutations start from, by name (strategies take the name: their reprs stay short).
TEXTS = {**{f"exercises/{name}": text for name, text in DEMO_TEXTS.items()}, "workshops/sample.yml": SAMPLE_PLAN_TEXT}
DOCUMENTS = {name: yaml.safe_load(text) for name, text in TEXTS.items()}
DEMO_NAMES = sorted(name for name in TEXTS if name.startswith("exercises/"))


def _model_keys() -> list[str]:
    keys = set()
    for name in model.__all__:
        cls = getattr(model, name)
        if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls is not model.Forbid:
            keys.update(record(cls).keys)
    return sorted(keys)


def _literals(alias: Any) -> list[str]:
    return [
        typing.get_args(typing.get_type_hints(cls)["type"])[0] for cls in typing.get_args(typing.get_args(alias)[0])
    ]


MODEL_KEYS = _model_keys()
FIELD_TYPES = _literals(model.Field)
ACTIVITIES = list(typing.get_args(model.Activity))
WORDS = [
    "worksheet",
    "checklist",
    "likert",
    "yes-no",
    "solo",
    "pair",
    "group",
    *FIELD_TYPES,
    *ACTIVITIES,
    *EXERCISES,
    "09:00",
    "12:30",
    "23:59",
    "00:00",
    "24:00",
    "9:30",
    "",
    " ",
    "~",
    "null",
    "yes",
    "no",
    "on",
    "1e3",
    "0x1f",
    "-",
    "Foo Bar!",
]
# Bits of YAML syntax an editor or a stray keystroke leaves behind.
JUNK = [
    ": ",
    "- ",
    "-",
    "{",
    "}",
    "[",
    "]",
    ",",
    "&a ",
    "*a",
    "? ",
    "|",
    ">",
    "|-\n",
    "---\n",
    "...\n",
    '"',
    "'",
    "#",
    "%YAML 1.1\n",
    "<<: *a\n",
    "!!str ",
    "!!int ",
    "!!float ",
    "!!bool ",
    "!!binary ",
    "!!timestamp ",
    "!!python/tuple ",
    "!local ",
    "@",
    "`",
    "\n",
    "\r\n",
    "\r",
    "  ",
    "\t",
    "\\",
    "\ufeff",
    "\u2028",
    "\x85",
    "é",
    "😀",
]

# Tags an author may copy from elsewhere; PyYAML knows some of them, SafeLoader constructs fewer.
TAGS = [
    "!!str",
    "!!int",
    "!!float",
    "!!bool",
    "!!null",
    "!!timestamp",
    "!!binary",
    "!!seq",
    "!!map",
    "!!set",
    "!!omap",
    "!!python/name:os.system",
    "!!python/tuple",
    "!local",
    "!<tag:example.com,2000:x>",
]

# --- random values -------------------------------------------------------------

small_ints = st.integers(-3, 12) | st.sampled_from([0, 1, 5, 10, 11, 30, 31, 40, 41, 500, 600, 601, -1, 10**20])
scalars = st.one_of(
    st.none(),
    st.booleans(),
    small_ints,
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=16),
    st.sampled_from(WORDS),
)
keys = st.one_of(st.sampled_from(MODEL_KEYS), st.text(max_size=10), st.integers(-2, 12), st.none(), st.booleans())
_values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=5),
    max_leaves=20,
)

# The strategies below are composites so that their reprs stay short: Hypothesis warns about
# (and `filterwarnings = error` fails on) the repr of large nested strategies.


@st.composite
def anything(draw: st.DrawFn) -> Any:
    """Any YAML value: scalars, lists and mappings nested a few levels."""
    return draw(_values)


values = anything()


@st.composite
def maybe(draw: st.DrawFn, good: st.SearchStrategy[Any]) -> Any:
    """Mostly a plausible value, sometimes anything at all (shrinks towards the plausible one)."""
    return draw(values) if draw(st.integers(0, 3)) == 3 else draw(good)


ids = maybe(st.sampled_from(["a", "b", "where", "reach", "keep", "x-1", "x_2", "A", "a b", "a--b", *EXERCISES]))
texts = maybe(st.text(max_size=20))
clocks = maybe(
    st.sampled_from(["09:00", "09:45", "10:30", "12:00", "13:00", "23:50", "00:10"])
    | st.builds(lambda h, m: f"{h:02d}:{m:02d}", st.integers(0, 26), st.integers(0, 61))
)
labels = maybe(st.dictionaries(small_ints, st.text(max_size=8), max_size=4))

_SHAPES: dict[str, st.SearchStrategy[dict[Any, Any]]] = {}


@st.composite
def _shape(draw: st.DrawFn, name: str) -> dict[Any, Any]:
    return {**draw(_SHAPES[name]), **draw(st.dictionaries(keys, values, max_size=1))}


def shaped(name: str, **optional: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[Any, Any]]:
    """A mapping with some of the keys of a model class (right or wrong values) and maybe a stray key."""
    _SHAPES[name] = st.fixed_dictionaries({}, optional=optional)
    return _shape(name)


choices = maybe(st.lists(st.text(max_size=8) | shaped("option", id=ids, label=texts), max_size=4))
fields = shaped(
    "field",
    id=ids,
    type=maybe(st.sampled_from(FIELD_TYPES)),
    label=texts,
    help=texts,
    placeholder=texts,
    lines=maybe(small_ints),
    min=maybe(small_ints | st.floats()),
    max=maybe(small_ints | st.floats()),
    step=maybe(st.floats()),
    unit=texts,
    labels=labels,
    options=choices,
    columns=choices,
    rows=maybe(small_ints),
)
facilitator = maybe(
    shaped(
        "facilitator",
        setup=texts,
        materials=maybe(st.lists(texts, max_size=3)),
        debrief=maybe(st.lists(texts, max_size=3)),
        variations=maybe(st.lists(texts, max_size=3)),
        notes=texts,
        steps=maybe(st.lists(shaped("step", minutes=maybe(small_ints), activity=texts), max_size=3)),
    )
)
exercise_documents = shaped(
    "exercise",
    id=ids,
    kind=maybe(st.sampled_from(["worksheet", "checklist"])),
    title=texts,
    minutes=maybe(small_ints),
    intro=texts,
    format=maybe(st.sampled_from(["solo", "pair", "group"])),
    facilitator=facilitator,
    fields=maybe(st.lists(fields, max_size=4)),
    scale=maybe(
        st.sampled_from(["yes-no", "likert"])
        | shaped(
            "scale",
            type=maybe(st.sampled_from(["yes-no", "likert"])),
            min=maybe(small_ints),
            max=maybe(small_ints),
            labels=labels,
        )
    ),
    categories=maybe(st.lists(shaped("category", id=ids, title=texts, description=texts), max_size=3)),
    items=maybe(
        st.lists(
            shaped(
                "item",
                id=ids,
                text=texts,
                category=ids,
                weight=maybe(small_ints),
                reverse=maybe(st.booleans()),
            ),
            max_size=4,
        )
    ),
    bands=maybe(
        st.lists(
            shaped("band", **{"from": maybe(small_ints), "to": maybe(small_ints), "label": texts, "advice": texts}),
            max_size=4,
        )
    ),
)
plan_documents = shaped(
    "plan",
    id=ids,
    title=texts,
    audience=texts,
    group_size=maybe(small_ints),
    intro=texts,
    days=maybe(
        st.lists(
            shaped(
                "day",
                title=texts,
                start=clocks,
                end=clocks,
                sessions=maybe(
                    st.lists(
                        shaped(
                            "session",
                            title=texts,
                            items=maybe(
                                st.lists(
                                    shaped(
                                        "agenda item",
                                        exercise=ids,
                                        activity=maybe(st.sampled_from(ACTIVITIES)),
                                        title=texts,
                                        minutes=maybe(small_ints | st.sampled_from([60, 120, 300])),
                                        at=clocks,
                                        cue=texts,
                                    ),
                                    max_size=4,
                                )
                            ),
                        ),
                        max_size=3,
                    )
                ),
            ),
            max_size=3,
        )
    ),
)

# --- mutations of valid documents ----------------------------------------------


def _spots(document: Any) -> list[tuple[Any, Any]]:
    """Every (container, key or index) inside a document, depth first."""
    found: list[tuple[Any, Any]] = []
    stack = [document]
    while stack:
        container = stack.pop()
        entries = (
            container.items()
            if isinstance(container, dict)
            else enumerate(container)
            if isinstance(container, list)
            else ()
        )
        for key, value in entries:
            found.append((container, key))
            stack.append(value)
    return found


@st.composite
def typo(draw: st.DrawFn, word: Any) -> Any:
    """A key as a hurried author types it: a letter left out, swapped or doubled, wrong case or separator."""
    text = str(word)
    if not text:
        return draw(keys)
    i = draw(st.integers(0, len(text) - 1))
    return draw(
        st.sampled_from(
            [
                text[:i] + text[i + 1 :],
                text[:i] + text[i + 1 : i + 2] + text[i] + text[i + 2 :],
                text[:i] + text[i] + text[i:],
                text.upper(),
                text.replace("_", "-") if "_" in text else text.replace("-", "_"),
                text + "s",
                " " + text,
            ]
        )
    )


@st.composite
def mutated(draw: st.DrawFn, source: str) -> Any:
    """A valid document with one to four mistakes: a key dropped, renamed or added, a value retyped."""
    document = copy.deepcopy(DOCUMENTS[source])
    for _ in range(draw(st.integers(1, 4))):
        spots = _spots(document)
        if not spots:
            break
        container, key = spots[draw(st.integers(0, len(spots) - 1))]
        how = draw(st.sampled_from(["drop", "retype", "rename", "add"]))
        if how == "drop":
            del container[key]
        elif how == "retype" or isinstance(container, list):
            container[key] = draw(values)
        elif how == "rename":
            new = draw(typo(key) | keys)
            items = [(new if k == key else k, v) for k, v in container.items()]
            container.clear()
            container.update(items)
        else:
            container[draw(keys)] = draw(values)
    return document


@st.composite
def damaged(draw: st.DrawFn, source: str) -> bytes:
    """The text of a valid file after a clumsy edit: cut short, junk, tabs or raw bytes inserted, lines moved."""
    data = TEXTS[source].encode("utf-8")
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(data)))
        line_start = data.rfind(b"\n", 0, at) + 1
        how = draw(
            st.sampled_from(["truncate", "junk", "tab", "bytes", "delete", "indent", "duplicate", "tag", "marks"])
        )
        if how == "truncate":
            data = data[:at]
        elif how == "marks":  # byte-order marks in front, as an editor or a careless concatenation leaves them
            data = b"\xef\xbb\xbf" * draw(st.integers(1, 3)) + data[:at]
        elif how == "junk":
            junk = draw(st.lists(st.sampled_from(JUNK) | st.text(max_size=4), min_size=1, max_size=4))
            data = data[:at] + "".join(junk).encode("utf-8") + data[at:]
        elif how == "tab":
            where = draw(st.sampled_from([at, line_start]))
            data = data[:where] + b"\t" + data[where:]
        elif how == "bytes":
            data = data[:at] + draw(st.binary(min_size=1, max_size=6)) + data[at:]
        elif how == "delete":
            data = data[:at] + data[at + draw(st.integers(1, 40)) :]
        elif how == "tag":
            # A tag in front of a value or a list entry: `minutes: !!int 15`.
            values_at = [m.end() for m in re.finditer(rb"(?::|^ *-) ", data, re.MULTILINE)]
            where = values_at[draw(st.integers(0, len(values_at) - 1))] if values_at else at
            data = data[:where] + draw(st.sampled_from(TAGS)).encode() + b" " + data[where:]
        elif how == "indent":
            data = data[:line_start] + b" " * draw(st.integers(1, 5)) + data[line_start:]
        else:
            end = data.find(b"\n", at)
            end = len(data) if end < 0 else end + 1
            data = data[:end] + data[line_start:end] + data[end:]
    return data


def dumped(document: Any, allow_unicode: bool = True) -> bytes:
    """A document as an author's file; non-ASCII text written as it is, or escaped ("\\xE9")."""
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=allow_unicode).encode("utf-8")


def as_file(documents: st.SearchStrategy[Any]) -> st.SearchStrategy[bytes]:
    return st.tuples(documents, st.booleans()).map(lambda pair: dumped(*pair))


mutated_demos = st.sampled_from(DEMO_NAMES).flatmap(mutated)
damaged_demos = st.sampled_from(DEMO_NAMES).flatmap(damaged)
exercise_files = st.one_of(
    as_file(mutated_demos),
    damaged_demos,
    as_file(exercise_documents | values),
    st.binary(max_size=64),
)
plan_files = st.one_of(
    as_file(mutated("workshops/sample.yml")),
    damaged("workshops/sample.yml"),
    as_file(plan_documents | values),
)

# --- the property ----------------------------------------------------------------


def _last_line(data: bytes) -> int:
    """The highest line number a message about this file may name (YAML also breaks lines at CR, NEL, LS, PS)."""
    text = data.decode("utf-8", errors="replace")
    return max(data.count(b"\n"), len(re.findall("\r\n|[\n\r\x85\u2028\u2029]", text))) + 1


def assert_well_reported(value: Any, problems: list[Problem], display: str, data: bytes) -> None:
    assert isinstance(problems, list)
    errors = [p for p in problems if p.severity == "error"]
    if value is None:
        assert errors, f"nothing loaded, but no error says why: {problems}"
    else:
        assert errors == [], f"loaded although: {errors}"
        assert value.source is not None and value.source.path == display
    for problem in problems:
        assert isinstance(problem, Problem)
        assert problem.path == display
        assert isinstance(problem.line, int) and 1 <= problem.line <= _last_line(data), (
            f"line {problem.line} of {data!r}"
        )
        assert isinstance(problem.message, str) and problem.message.strip()
        assert isinstance(problem.field, str)
        assert problem.severity in ("error", "warning")
        assert "Traceback" not in str(problem)
        # The loader's last resort (an exception it did not foresee) is a bug of ours, even though it is located.
        assert not problem.message.startswith(UNEXPECTED), problem


def load_exercise_bytes(data: bytes, name: str = "fuzz.yml") -> tuple[Any, list[Problem]]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        return load_exercise_file(path, f"exercises/{name}")


def load_plan_bytes(data: bytes, name: str = "fuzz.yml") -> tuple[Any, list[Problem]]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        return load_workshop_file(path, f"workshops/{name}", EXERCISES)


def assert_converts(data: bytes, target: Any) -> None:
    """The converter itself, on the file's node if YAML reads one. Careful: a value, or INVALID and located problems,
    nothing raised. Stopping at the first problem: the same value, or Stop exactly when there is a problem."""
    try:
        loader = yaml.SafeLoader(data.decode("utf-8-sig"))
        node = loader.get_single_node()
    except (UnicodeDecodeError, yaml.YAMLError, RecursionError):
        return
    if node is None:
        return
    careful = File("fuzz.yml", loader, careful=True)
    try:
        value = convert(node, target, careful)
    except RecursionError:
        return
    assert value is not INVALID or careful.problems
    for problem in careful.problems:
        assert isinstance(problem, Problem) and 1 <= problem.line <= _last_line(data) and problem.message.strip()
    try:
        fast = convert(node, target, File("fuzz.yml", loader, careful=False))
    except Stop:
        assert careful.problems
    else:
        assert not careful.problems and repr(fast) == repr(value)  # repr: a NaN is not equal to itself


def check_exercise_bytes(data: bytes) -> None:
    exercise, problems = load_exercise_bytes(data)
    assert_well_reported(exercise, problems, "exercises/fuzz.yml", data)
    assert_converts(data, model.Exercise)


def check_plan_bytes(data: bytes) -> None:
    workshop, problems = load_plan_bytes(data)
    assert_well_reported(workshop, problems, "workshops/fuzz.yml", data)
    assert_converts(data, model.Workshop)


# --- what fuzzing found ------------------------------------------------------------
# Minimal inputs that made an exception escape the loader when these tests were written.
# Each must end as a located problem, like any other mistake.

WORKSHEET = (
    "id: found\nkind: worksheet\ntitle: Found by fuzzing\nminutes: {}\nfields: [{{id: a, type: text, label: A}}]\n"
)
PLAN_ITEM = 'id: plan\ntitle: Plan\ngroup_size: 5\ndays:\n  - start: "09:00"\n    sessions:\n      - title: S\n        items:\n          - {}\n'
FOUND_EXERCISES = {
    "nul-byte": b"\x00",
    "nested-too-deeply": b"[" * 1000 + b"]" * 1000,
    "nested-too-deeply-block": b"- " * 1000 + b"x",
    "control-character-in-text": b"id: found\nkind: worksheet\ntitle: Bell \x07 here\nminutes: 5\nfields: [{id: a, type: text, label: A}]\n",
    "int-tag-on-text": WORKSHEET.format("!!int five").encode(),
    "int-tag-on-empty-text": WORKSHEET.format('!!int ""').encode(),
    "float-tag-on-text": WORKSHEET.format("!!float abc").encode(),
    "bool-tag-on-number": WORKSHEET.format("!!bool 15").encode(),
    "timestamp-tag-on-number": WORKSHEET.format("!!timestamp 15").encode(),
    "python-tag-on-number": WORKSHEET.format("!!python/name:os.system 15").encode(),
    "local-tag-on-number": WORKSHEET.format("!local 15").encode(),
    # PyYAML skips a byte-order mark only at the very start: a second one made the document empty.
    "two-byte-order-marks": b"\xef\xbb\xbf\xef\xbb\xbf",
    "two-byte-order-marks-and-a-comment": b"\xef\xbb\xbf\xef\xbb\xbf# nothing else\n",
    "byte-order-marks-before-an-exercise": b"\xef\xbb\xbf" * 3 + WORKSHEET.format("5").encode(),
    "byte-order-mark-after-a-comment": b"# first\n\xef\xbb\xbf",
}
FOUND_PLANS = {
    "nul-byte-in-plan": b"id: plan\x00\n",
    "two-byte-order-marks-in-plan": b"\xef\xbb\xbf\xef\xbb\xbf\n",
    "agenda-minutes-left-empty": PLAN_ITEM.format("{activity: welcome, minutes: }").encode(),
    "agenda-minutes-null": PLAN_ITEM.format("{exercise: first-conversation, minutes: ~}").encode(),
    "agenda-minutes-null-tag": PLAN_ITEM.format("{activity: break, minutes: !!null 15}").encode(),
}


@pytest.mark.parametrize("data", FOUND_EXERCISES.values(), ids=FOUND_EXERCISES.keys())
def test_exercise_files_found_by_fuzzing_are_reported_not_raised(data):
    check_exercise_bytes(data)


@pytest.mark.parametrize("data", FOUND_PLANS.values(), ids=FOUND_PLANS.keys())
def test_workshop_plans_found_by_fuzzing_are_reported_not_raised(data):
    check_plan_bytes(data)


# --- the fuzz tests ----------------------------------------------------------------


def test_the_unchanged_inputs_load():
    """The mutations start from valid files, so a failure below is the mutation's doing."""
    for text in DEMO_TEXTS.values():
        exercise, problems = load_exercise_bytes(text.encode())
        assert exercise is not None and problems == []
    workshop, problems = load_plan_bytes(SAMPLE_PLAN_TEXT.encode())
    assert workshop is not None and problems == []
    assert {"id", "kind", "fields", "from", "group_size", "sessions"} <= set(MODEL_KEYS)
    assert "table" in FIELD_TYPES and "lunch" in ACTIVITIES


@FUZZ
@given(as_file(mutated_demos))
def test_mutated_demo_exercises_are_reported_not_raised(data):
    check_exercise_bytes(data)


@FUZZ
@given(damaged_demos)
def test_damaged_demo_files_are_reported_not_raised(data):
    check_exercise_bytes(data)


@FUZZ
@given(as_file(exercise_documents | values))
def test_random_exercise_documents_are_reported_not_raised(data):
    check_exercise_bytes(data)


@FUZZ
@given(st.binary(max_size=200))
def test_random_bytes_are_reported_not_raised(data):
    check_exercise_bytes(data)


@FUZZ
@given(plan_files)
def test_workshop_plans_are_reported_not_raised(data):
    check_plan_bytes(data)


@settings(FUZZ, max_examples=60)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a.yml", "b.yaml", "sub/c.yml", "sub/deeper/d.yml", ".hidden.yml", "e.yml"]),
            exercise_files,
        ),
        min_size=1,
        max_size=4,
        unique_by=lambda pair: pair[0],
    )
)
def test_a_folder_of_random_files_is_reported_not_raised(files):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name, data in files:
            (root / "exercises" / name).parent.mkdir(parents=True, exist_ok=True)
            (root / "exercises" / name).write_bytes(data)
        loaded = load_exercises(root / "exercises", root)
    contents = {f"exercises/{name}": data for name, data in files if not name.startswith(".")}
    assert {p.path for p in loaded.problems} <= set(contents)
    for exercise_id, exercise in loaded.exercises.items():
        assert exercise.id == exercise_id and exercise.source is not None and exercise.source.path in contents
    for display, data in contents.items():
        # A file either gave an exercise and no errors, or gave errors (its own, or a duplicate id) and no exercise.
        exercise = next(
            (e for e in loaded.exercises.values() if e.source is not None and e.source.path == display), None
        )
        assert_well_reported(exercise, [p for p in loaded.problems if p.path == display], display, data)
