"""Rules that span several fields of one exercise (ranges, references, bands)."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from typing import Literal

from ..errors import Problem, close_match
from .schedule import clock, minutes_of, plan_workshop
from .scoring import format_number, round_to, score_range, scoring_key
from .types import (
    Band,
    Checklist,
    ChoiceField,
    Exercise,
    MultipleChoiceField,
    NumberField,
    RatingField,
    ResponseScale,
    TableField,
    Worksheet,
    Workshop,
)

__all__ = ["Report", "check_exercise", "check_workshop"]

MAX_SCALE_POINTS = 11
_EPSILON = 1e-9
# Minutes a cue gives its steps: "8′ alone · 7′ in threes", "10 min", "5 minutes".
_CUED_MINUTES = re.compile(r"(\d+)\s*(?:′|'|min\b|mins\b|minutes?\b)")


class Report:
    def __init__(self, path: str, lines: dict[str, int]):
        self.path = path
        self.lines = lines
        self.problems: list[Problem] = []

    def add(
        self, where: str, message: str, suggestion: str | None = None, severity: Literal["error", "warning"] = "error"
    ) -> None:
        # A path that was never converted (a default) falls back to its parent's line.
        probe = where
        while probe not in self.lines and probe:
            probe = probe.rpartition(".")[0] if "." in probe else ""
        line = self.lines.get(probe, 1)
        self.problems.append(Problem(self.path, line, where, message, suggestion, severity))


def _duplicates(report: Report, where: str, ids: Iterable[str], what: str) -> None:
    seen: set[str] = set()
    for index, value in enumerate(ids):
        if value in seen:
            report.add(f"{where}[{index}].id", f"{what} id '{value}' is used twice in this exercise")
        seen.add(value)


def _scale(report: Report, where: str, low: int, high: int, labels: dict[int, str]) -> None:
    if low >= high:
        report.add(f"{where}.max", f"max ({high}) must be greater than min ({low})")
    elif high - low + 1 > MAX_SCALE_POINTS:
        report.add(
            f"{where}.max", f"a scale has at most {MAX_SCALE_POINTS} points; {low} to {high} has {high - low + 1}"
        )
    for point in labels:
        if not low <= point <= high:
            report.add(f"{where}.labels.{point}", f"label for {point}, which is outside the scale {low} to {high}")


def _worksheet(report: Report, sheet: Worksheet) -> None:
    for index, f in enumerate(sheet.fields):
        where = f"fields[{index}]"
        if isinstance(f, RatingField):
            _scale(report, where, f.min, f.max, f.labels)
        elif isinstance(f, (ChoiceField, MultipleChoiceField)):
            _duplicates(report, f"{where}.options", (o.id for o in f.options), "option")
        elif isinstance(f, TableField):
            _duplicates(report, f"{where}.columns", (c.id for c in f.columns), "column")
        elif isinstance(f, NumberField):
            _number(report, where, f)


def _number(report: Report, where: str, number: NumberField) -> None:
    bounds = {"min": number.min, "max": number.max, "step": number.step}
    for name, value in bounds.items():
        if value is not None and not math.isfinite(value):
            report.add(f"{where}.{name}", f"expected an ordinary number, not {value:g}")
    if number.step is not None and math.isfinite(number.step) and number.step <= 0:
        report.add(f"{where}.step", f"step must be greater than 0, not {number.step:g}")
    if (
        number.min is not None
        and number.max is not None
        and all(math.isfinite(value) for value in (number.min, number.max))
        and number.min >= number.max
    ):
        report.add(f"{where}.max", f"max ({number.max:g}) must be greater than min ({number.min:g})")


def _bands(report: Report, where: str, bands: tuple[Band, ...], low: float, high: float, decimals: int) -> None:
    """Bands of one score cover each score it can show (a step of one last decimal apart) once."""
    step = 10**-decimals
    low, high = round_to(low, decimals), round_to(high, decimals)

    def show(number: float) -> str:
        return format_number(number, decimals)

    # Coverage cannot be judged while a band runs backwards: report that alone, so no gap or overlap echoes it.
    backwards = [index for index, band in enumerate(bands) if band.from_ > band.to]
    for index in backwards:
        report.add(f"{where}[{index}].to", f"'to' ({bands[index].to:g}) is below 'from' ({bands[index].from_:g})")
    if backwards or not bands:
        return
    expected = low
    for index, band in sorted(enumerate(bands), key=lambda pair: (pair[1].from_, pair[1].to)):
        start, end = band.from_, band.to
        if start > expected + _EPSILON:
            report.add(f"{where}[{index}].from", f"gap: no band covers scores {show(expected)} to {show(start - step)}")
        elif start < expected - _EPSILON:
            report.add(
                f"{where}[{index}].from",
                f"overlap: scores {show(start)} to {show(min(expected - step, end))} are already in another band",
            )
        expected = max(expected, round_to(end + step, decimals))
    if expected <= high + _EPSILON:
        report.add(
            where,
            f"gap: no band covers scores {show(expected)} to {show(high)} (scores run from {show(low)} to {show(high)})",
        )
    elif expected > high + step + _EPSILON:
        report.add(
            where,
            f"bands reach {show(expected - step)}, but the highest possible score is {show(high)} "
            f"(scores run from {show(low)} to {show(high)})",
        )


def _response_scale(report: Report, where: str, scale: ResponseScale) -> None:
    if scale.type != "likert":
        return
    _scale(report, where, scale.min, scale.max, scale.labels)
    if scale.points:
        for point in scale.points:
            if not scale.min <= point <= scale.max:
                report.add(
                    f"{where}.points.{point}",
                    f"points for {point}, which is outside the scale {scale.min} to {scale.max}",
                )
        missing = [str(point) for point in range(scale.min, scale.max + 1) if point not in scale.points]
        if missing and scale.min < scale.max:
            report.add(
                f"{where}.points",
                f"points are given for some answers but not for {', '.join(missing)}: list what every point of the "
                "scale scores, or leave points out to score each point as its number",
            )
        for point, value in scale.points.items():
            if not math.isfinite(value):
                report.add(f"{where}.points.{point}", f"expected an ordinary number, not {value:g}")


def _checklist(report: Report, sheet: Checklist) -> None:
    _response_scale(report, "scale", sheet.scale)
    categories = [c.id for c in sheet.categories]
    known = f"; categories are: {', '.join(categories)}" if categories else "; this checklist defines no categories"
    misspelt = False
    for index, item in enumerate(sheet.items):
        where = f"items[{index}]"
        if item.scale is not None:
            _response_scale(report, f"{where}.scale", item.scale)
        if not math.isfinite(item.weight):
            report.add(f"{where}.weight", f"expected an ordinary number, not {item.weight:g}")
        if item.keys and item.category is not None:
            report.add(
                f"{where}.keys",
                "give either 'category' (one category) or 'keys' (each category it counts toward), not both",
            )
        named = [(f"{where}.category", item.category)] if item.category is not None else []
        named += [(f"{where}.keys[{k}].category", key.category) for k, key in enumerate(item.keys)]
        for path, named_id in named:
            if named_id not in categories:
                misspelt = True
                report.add(path, f"unknown category '{named_id}'{known}", close_match(named_id, categories))
        seen = [key.category for key in item.keys]
        for k, key_id in enumerate(seen):
            if key_id in seen[:k]:
                report.add(f"{where}.keys[{k}].category", f"the statement already counts toward '{key_id}'")
    for index, category in enumerate(sheet.categories):
        # An item with a misspelt category is reported above; an empty category is its echo.
        if not sheet.items_in(category) and not misspelt:
            report.add(f"categories[{index}]", f"category '{category.id}' has no items", severity="warning")
    scoring = sheet.scoring
    if not scoring.total and not (scoring.subscores and sheet.categories):
        report.add(
            "scoring.total",
            "no score would be shown: with total: false, give the checklist categories and keep subscores: true",
        )
    if scoring.max_missing and scoring.missing != "prorate":
        report.add(
            "scoring.max_missing",
            f"max_missing only counts with missing: prorate (this checklist says missing: {scoring.missing})",
            severity="warning",
        )
    # Scores cannot be worked out from a broken scale or an unknown category: bands wait until those are fixed.
    if misspelt or any(problem.severity == "error" for problem in report.problems):
        return
    key = scoring_key(sheet)
    decimals = key["decimals"]
    total, *subscores = key["scores"]
    _bands(report, "bands", sheet.bands, *score_range(key, total["parts"]), decimals)
    by_id = {spec["category"]: spec for spec in subscores}
    for index, category in enumerate(sheet.categories):
        if category.id in by_id:
            _bands(
                report,
                f"categories[{index}].bands",
                category.bands,
                *score_range(key, by_id[category.id]["parts"]),
                decimals,
            )


def _facilitator(report: Report, exercise: Exercise) -> None:
    steps = exercise.facilitator.steps
    planned = sum(step.minutes for step in steps)
    if steps and planned != exercise.minutes:
        report.add(
            "facilitator.steps",
            f"the steps take {planned} minutes but the exercise says minutes: {exercise.minutes}; the run-sheet and the agenda "
            f"time the exercise by its minutes, so make them add up ({'shorten a step' if planned > exercise.minutes else 'lengthen a step'}, "
            "or change minutes)",
            severity="warning",
        )


def check_exercise(exercise: Exercise, path: str, lines: dict[str, int]) -> Iterator[Problem]:
    """Every cross-field rule broken by one converted exercise."""
    report = Report(path, lines)
    if isinstance(exercise, Worksheet):
        _worksheet(report, exercise)
    else:
        _checklist(report, exercise)
    _facilitator(report, exercise)
    yield from report.problems


def check_workshop(
    workshop: Workshop, exercises: dict[str, Exercise], path: str, lines: dict[str, int]
) -> Iterator[Problem]:
    """Every rule a workshop plan breaks: unknown exercises, overlaps, overruns."""
    report = Report(path, lines)
    for d, day in enumerate(workshop.days):
        for s, session in enumerate(day.sessions):
            for i, item in enumerate(session.items):
                where = f"days[{d}].sessions[{s}].items[{i}]"
                if (item.exercise is None) == (item.activity is None):
                    report.add(
                        where,
                        "give either 'exercise' (an exercise id) or 'activity' (a free item), not both or neither",
                    )
                elif item.exercise is not None and item.exercise not in exercises:
                    report.add(
                        f"{where}.exercise",
                        f"unknown exercise id '{item.exercise}'",
                        close_match(item.exercise, exercises),
                    )
                elif item.activity is not None and item.minutes is None:
                    report.add(where, f"missing 'minutes' for the {item.activity} activity")
        if day.end is not None and minutes_of(day.end) <= minutes_of(day.start):
            report.add(f"days[{d}].end", f"the day ends at {day.end}, which is not after its start {day.start}")
    if report.problems:
        yield from report.problems
        return

    for d, plan in enumerate(plan_workshop(workshop, exercises)):
        previous_end = None
        for s, (_, slots) in enumerate(plan.sessions):
            for i, slot in enumerate(slots):
                at = f"days[{d}].sessions[{s}].items[{i}].at"
                if slot.item.at is not None and previous_end is None and minutes_of(slot.item.at) < plan.start:
                    report.add(at, f"this item is set for {slot.item.at}, before the day starts at {plan.day.start}")
                elif slot.item.at is not None and previous_end is not None and minutes_of(slot.item.at) < previous_end:
                    report.add(
                        at,
                        f"overlap: this item is set for {slot.item.at} but the item before runs until {clock(previous_end)}",
                    )
                previous_end = slot.end
                cued = sum(int(minutes) for minutes in _CUED_MINUTES.findall(slot.item.cue or ""))
                if cued > slot.minutes:
                    report.add(
                        f"days[{d}].sessions[{s}].items[{i}].cue",
                        f"the cue's steps take {cued} minutes, but the item has {slot.minutes}: shorten the cue's "
                        "steps, or give the item more minutes",
                        severity="warning",
                    )
        if plan.finish > 24 * 60:
            report.add(f"days[{d}]", f"the day runs past midnight (until {clock(plan.finish)})")
        elif plan.overrun:
            report.add(
                f"days[{d}].end",
                f"the plan runs until {clock(plan.finish)}, {plan.overrun} minutes past its end time {plan.day.end}",
                severity="warning",
            )
    yield from report.problems
