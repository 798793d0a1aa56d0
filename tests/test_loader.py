"""Model and loader: valid files become typed, frozen objects with the right defaults."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from workbook import load_exercise_file, load_exercises
from workbook.model import (
    Checklist,
    ChoiceField,
    DateField,
    LongTextField,
    MultipleChoiceField,
    NumberField,
    RatingField,
    TableField,
    TextField,
    Worksheet,
    YesNoField,
)
from workbook.model.scoring import score_range, scoring_key

from .conftest import DEMO_EXERCISES, ROOT


def load_text(tmp_path: Path, text: str):
    path = tmp_path / "exercise.yml"
    path.write_text(text, encoding="utf-8")
    return load_exercise_file(path, "exercises/exercise.yml")


def test_demo_worksheet_has_every_field_type_as_typed_objects():
    sheet, problems = load_exercise_file(DEMO_EXERCISES / "first-conversation.yml")
    assert problems == []
    assert isinstance(sheet, Worksheet)
    types = [type(f) for f in sheet.fields]
    assert types == [
        TextField,
        LongTextField,
        RatingField,
        ChoiceField,
        MultipleChoiceField,
        YesNoField,
        NumberField,
        DateField,
        TableField,
    ]
    rating = sheet.fields[2]
    assert (rating.min, rating.max, rating.labels[1]) == (1, 5, "Very uneasy")
    assert sheet.fields[1].lines == 4
    assert [c.id for c in sheet.fields[8].columns] == ["name", "why", "next"]
    assert sheet.facilitator.steps[0].minutes == 8
    assert sheet.source is not None and sheet.source.line == 2  # after the schema line


def test_models_are_frozen():
    sheet, _ = load_exercise_file(DEMO_EXERCISES / "first-conversation.yml")
    with pytest.raises(dataclasses.FrozenInstanceError):
        sheet.title = "changed"  # type: ignore[misc]


def test_plain_string_options_get_ids_from_their_labels():
    sheet, _ = load_exercise_file(DEMO_EXERCISES / "first-conversation.yml")
    topics = sheet.fields[4]
    assert [(o.id, o.label) for o in topics.options][:2] == [
        ("recent-project", "Recent project"),
        ("industry-news", "Industry news"),
    ]


def test_yaml_booleans_and_numbers_stay_text_where_text_is_expected(tmp_path):
    sheet, problems = load_text(
        tmp_path,
        """\
id: quirks
kind: worksheet
title: 2024
minutes: 5
fields:
  - id: q
    type: choice
    label: Yes
    options: [Yes, No, 'off']
""",
    )
    assert problems == []
    assert sheet.title == "2024"
    assert sheet.fields[0].label == "Yes"
    assert [o.label for o in sheet.fields[0].options] == ["Yes", "No", "off"]


def test_checklist_score_range_counts_weights_and_yes_no_scale(tmp_path):
    checklist, problems = load_text(
        tmp_path,
        """\
id: ticks
kind: checklist
title: Ticks
minutes: 5
scale: yes-no
items:
  - {id: a, text: A}
  - {id: b, text: B, weight: 3}
bands:
  - {from: 0, to: 1, label: Low}
  - {from: 2, to: 4, label: High}
""",
    )
    assert problems == []
    assert isinstance(checklist, Checklist)
    assert checklist.scale.type == "yes-no"
    key = scoring_key(checklist)
    assert score_range(key, key["scores"][0]["parts"]) == (0, 4)


def test_demo_checklist_range_and_categories():
    checklist, problems = load_exercise_file(DEMO_EXERCISES / "networking-habits.yml")
    assert problems == []
    key = scoring_key(checklist)
    total, reach_score, *_ = key["scores"]
    assert score_range(key, total["parts"]) == (6, 30)
    reach = checklist.categories[0]
    assert [i.id for i in checklist.items_in(reach)] == ["start-conversations", "ask-introductions", "avoid-events"]
    assert reach_score["category"] == reach.id
    assert score_range(key, reach_score["parts"]) == (3, 15)


def test_steps_longer_than_the_exercise_are_a_warning_not_an_error(tmp_path):
    sheet, problems = load_text(
        tmp_path,
        """\
id: long
kind: worksheet
title: Long
minutes: 5
fields: [{id: a, type: text, label: A}]
facilitator:
  steps:
    - {minutes: 4, activity: One}
    - {minutes: 4, activity: Two}
""",
    )
    assert sheet is not None
    assert [str(p) for p in problems] == [
        "exercises/exercise.yml:8: facilitator.steps: the steps take 8 minutes but the exercise says minutes: 5; the run-sheet and "
        "the agenda time the exercise by its minutes, so make them add up (shorten a step, or change minutes)"
    ]
    assert problems[0].severity == "warning"


def test_steps_that_leave_minutes_unaccounted_for_are_a_warning_too(tmp_path):
    sheet, problems = load_text(
        tmp_path,
        """id: short
kind: worksheet
title: Short
minutes: 15
fields: [{id: a, type: text, label: A}]
facilitator:
  steps:
    - {minutes: 4, activity: One}
""",
    )
    assert sheet is not None and [p.severity for p in problems] == ["warning"]
    assert "the steps take 4 minutes but the exercise says minutes: 15" in str(
        problems[0]
    ) and "lengthen a step" in str(problems[0])


def test_the_whole_course_loads_without_problems():
    loaded = load_exercises(ROOT / "exercises", ROOT)
    assert loaded.problems == []
    assert len(loaded.exercises) >= 29


def test_files_in_subfolders_and_both_suffixes_are_found(tmp_path):
    (tmp_path / "exercises" / "deep" / "er").mkdir(parents=True)
    (tmp_path / "exercises" / "deep" / "er" / "a.yaml").write_text(
        "id: a\nkind: worksheet\ntitle: A\nminutes: 1\nfields: [{id: x, type: date, label: X}]\n"
    )
    (tmp_path / "exercises" / "b.yml").write_text(
        "id: b\nkind: worksheet\ntitle: B\nminutes: 1\nfields: [{id: x, type: yes-no, label: X}]\n"
    )
    (tmp_path / "exercises" / "notes.txt").write_text("not an exercise")
    loaded = load_exercises(tmp_path / "exercises", tmp_path)
    assert sorted(loaded.exercises) == ["a", "b"]
    assert loaded.exercises["a"].source.path == "exercises/deep/er/a.yaml"


def test_scale_labels_may_have_quoted_number_keys(tmp_path):
    sheet, problems = load_text(
        tmp_path,
        'id: q\nkind: worksheet\ntitle: Q\nminutes: 1\nfields:\n  - {id: r, type: rating, label: R, labels: {"1": Low, 5: High}}\n',
    )
    assert problems == []
    assert sheet.fields[0].labels == {1: "Low", 5: "High"}


def test_a_second_load_in_the_same_process_reads_only_what_changed(tmp_path):
    """As `mkdocs serve` rebuilds: unchanged files give the same objects back, a changed one is read again."""
    folder = tmp_path / "exercises"
    folder.mkdir()
    for name in ("a", "b"):
        (folder / f"{name}.yml").write_text(
            f"id: {name}\nkind: worksheet\ntitle: {name.upper()}\nminutes: 5\nfields: [{{id: x, type: text, label: X}}]\n"
        )
    cache: dict = {}
    first = load_exercises(folder, tmp_path, cache=cache)
    # Same size, rewritten at once: only the bytes tell.
    (folder / "b.yml").write_text(
        "id: b\nkind: worksheet\ntitle: C\nminutes: 5\nfields: [{id: x, type: text, label: X}]\n"
    )
    (folder / "c.yml").write_text(
        "id: c\nkind: worksheet\ntitle: C\nminutes: five\nfields: [{id: x, type: text, label: X}]\n"
    )
    second = load_exercises(folder, tmp_path, cache=cache)
    assert second.exercises["a"] is first.exercises["a"]
    assert second.exercises["b"].title == "C"
    assert [str(p) for p in second.problems] == ["exercises/c.yml:4: minutes: expected a whole number, got 'five'"]
    (folder / "c.yml").unlink()
    assert set(load_exercises(folder, tmp_path, cache=cache).exercises) == {"a", "b"}
    assert load_exercises(folder, tmp_path).exercises["a"] is not first.exercises["a"], "no cache: read afresh"


def test_valid_files_are_read_once_and_problems_again_carefully(tmp_path, monkeypatch):
    """libyaml reads every valid file of the course, the converter stopping at the first problem, of which there is
    none; a file with a problem is read again by the pure parser and converted carefully, for its message."""
    from workbook.reading import loader

    reread = []
    parse = loader._parse
    monkeypatch.setattr(loader, "_parse", lambda name, *args: reread.append(name) or parse(name, *args))
    for path in loader.exercise_files(ROOT / "exercises"):
        exercise, problems = load_exercise_file(path, path.name)
        assert exercise is not None and problems == []
    assert reread == [], "read twice: the first reading gave up on them"
    broken = tmp_path / "broken.yml"
    broken.write_text(
        (DEMO_EXERCISES / "first-conversation.yml").read_text(encoding="utf-8").replace("minutes:", "minuts:", 1),
        encoding="utf-8",
    )
    exercise, problems = load_exercise_file(broken, "exercises/broken.yml")
    assert reread == ["exercises/broken.yml"]
    assert exercise is None
    assert [(p.field, p.suggestion) for p in problems] == [("minuts", "minutes")]


def test_a_file_only_its_checks_object_to_is_converted_again_not_read_again(tmp_path, monkeypatch):
    """A file libyaml reads and the converter takes whole, whose checks warn (steps that do not add up, links the page
    leaves out, one of them written with a YAML escape), is converted again from the same nodes for the warnings'
    lines: the pure parser does not read it, and the warnings are those it would have given."""
    from workbook.reading import loader

    text = """\
id: warned
kind: worksheet
title: Warned
minutes: 5
intro: See [this](javascript:alert(1)).
fields: [{id: a, type: text, label: A, help: "[more\\x5d(vbscript:x)"}]
facilitator:
  steps:
    - {minutes: 4, activity: One}
"""
    reread = []
    parse = loader._parse
    monkeypatch.setattr(loader, "_parse", lambda name, *args: reread.append(name) or parse(name, *args))
    sheet, problems = load_text(tmp_path, text)
    assert reread == []
    assert sheet is not None and sheet.source is not None and sheet.source.line == 1
    assert [(str(p), p.severity) for p in problems] == [
        (
            "exercises/exercise.yml:9: facilitator.steps: the steps take 4 minutes but the exercise says minutes: 5; "
            "the run-sheet and the agenda time the exercise by its minutes, so make them add up (lengthen a step, or "
            "change minutes)",
            "warning",
        ),
        (
            "exercises/exercise.yml:5: intro: the address 'javascript:alert(1)' is left out of the page: a link or "
            "image may only point to an http, https, mailto or relative address",
            "warning",
        ),
        (
            "exercises/exercise.yml:6: fields[0].help: the address 'vbscript:x' is left out of the page: a link or "
            "image may only point to an http, https, mailto or relative address",
            "warning",
        ),
    ]
    monkeypatch.setattr(loader, "_for_libyaml", lambda data, text: False)  # the pure parser's reading
    assert load_text(tmp_path, text) == (sheet, problems)
    assert reread == ["exercises/exercise.yml"]


def test_every_character_no_text_may_hold_is_one_python_does_not_print():
    """forbidden_character passes a printable text without its pattern: right only while no character it refuses
    is printable."""
    from workbook.model.types import FORBIDDEN_CHARACTER, forbidden_character

    refused = [chr(code) for code in range(0x110000) if FORBIDDEN_CHARACTER.match(chr(code))]
    assert "\x00" in refused and "\x9f" in refused and "\ud800" in refused and "\U0010ffff" in refused
    assert not [c for c in refused if c.isprintable()]
    assert all(forbidden_character(f"a {c} b") for c in refused)
    assert forbidden_character("tab\tand\nline break, é, 😀") is None


def test_an_exception_the_loader_did_not_foresee_is_a_located_problem_for_that_file(tmp_path, monkeypatch):
    """Whatever goes wrong while one file is read, the author gets its name, never a traceback."""
    import workbook.reading.loader

    def broken(*args, **kwargs):
        raise AttributeError("'NoneType' object has no attribute 'start_mark'")

    (tmp_path / "exercises").mkdir()
    (tmp_path / "exercises" / "a.yml").write_text(
        (DEMO_EXERCISES / "first-conversation.yml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "workshops").mkdir()
    (tmp_path / "workshops" / "w.yml").write_text(
        "id: w\ntitle: W\ngroup_size: 2\ndays: [{start: '09:00', sessions: [{title: S, items: [{activity: break, minutes: 5}]}]}]\n"
    )
    monkeypatch.setattr(workbook.reading.loader, "check_exercise", broken)
    monkeypatch.setattr(workbook.reading.loader, "check_workshop", broken)
    for cache in (None, {}):
        loaded = load_exercises(tmp_path / "exercises", tmp_path, cache=cache)
        assert loaded.exercises == {}
        assert [str(p) for p in loaded.problems] == [
            "exercises/a.yml:1: this file could not be read (AttributeError: 'NoneType' object has no attribute 'start_mark'); "
            "please report this as a bug of mkdocs-workbook"
        ]
    from workbook.reading.loader import load_workshops

    loaded = load_exercises(tmp_path / "exercises", tmp_path)
    load_workshops(tmp_path / "workshops", loaded, tmp_path)
    assert loaded.workshops == {}
    assert [p.path for p in loaded.problems] == ["exercises/a.yml", "workshops/w.yml"]
    assert all(p.message.startswith(workbook.reading.loader.UNEXPECTED) for p in loaded.problems)


def test_every_problem_of_a_file_at_once_a_duplicate_id_with_a_missing_label(tmp_path):
    sheet, problems = load_text(
        tmp_path,
        """\
id: both
kind: worksheet
title: Both
minutes: 5
fields:
  - {id: goal, type: text}
  - {id: goal, type: text, label: Goal again}
""",
    )
    assert sheet is None
    assert [str(p) for p in problems] == [
        "exercises/exercise.yml:6: fields[0].label: missing required key 'label' (The question or prompt, shown as the control's label.)",
        "exercises/exercise.yml:7: fields[1].id: field id 'goal' is used twice in this exercise",
    ]


@pytest.mark.parametrize(
    "written, meant",
    [
        ("scale", "rating"),
        ("checkbox", "multiple-choice"),
        ("textarea", "long-text"),
        ("dropdown", "choice"),
        ("boolean", "yes-no"),
        ("tabel", "table"),
    ],
)
def test_a_field_type_named_as_other_tools_name_it_suggests_ours(tmp_path, written, meant):
    _, problems = load_text(
        tmp_path, f"id: x\nkind: worksheet\ntitle: X\nminutes: 5\nfields:\n  - {{id: a, type: {written}, label: A}}\n"
    )
    assert len(problems) == 1 and problems[0].suggestion == meant, problems
