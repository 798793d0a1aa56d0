"""A checklist's scoring key, and the scores it gives a learner's answers.

The key is the checklist's scoring written out as plain data: what every answer to every statement scores,
and for each score (the total, each category) which statements count, with what weight, reversed or not,
and its bands. The page carries it as JSON and workbook.js scores with it; `score` below is the same
computation, step for step in the same floating-point operations, so a test can hold the page to it.
"""

from __future__ import annotations

import math
from typing import Any

from .types import Band, Checklist, ChecklistItem, ResponseScale

__all__ = ["answer_key", "decimals_of", "format_number", "round_to", "score", "score_range", "scoring_key"]

# Scores a hair's breadth apart in floating point (0.1 + 0.2) are the same score.
_EPSILON = 1e-9


def _places(number: float) -> int:
    """Decimal places a number is written with (1.5: 1; 2: 0), as an author would count them."""
    text = f"{number:.6f}".rstrip("0").rstrip(".")
    return len(text.partition(".")[2])


def decimals_of(checklist: Checklist) -> int:
    """Decimal places its scores are shown with: the author's, else 2 for a mean, else as the weights need."""
    if checklist.scoring.decimals is not None:
        return checklist.scoring.decimals
    if checklist.scoring.method == "mean":
        return 2
    numbers = [item.weight for item in checklist.items]
    numbers += [key.weight for item in checklist.items for key in item.keys if key.weight is not None]
    for item in checklist.items:
        numbers += list(checklist.scale_of(item).points.values())
    return min(3, max((_places(number) for number in numbers), default=0))


def _number(value: float) -> float | int:
    """A whole number as an int, so the JSON reads 2 and not 2.0 (and JavaScript's String gives the same)."""
    return int(value) if float(value).is_integer() else float(value)


def _answers(scale: ResponseScale) -> list[tuple[str, Any]]:
    """Each answer as stored (its JSON value) with the point of the scale it is."""
    if scale.type == "yes-no":
        return [("false", 0), ("true", 1)]
    return [(str(point), point) for point in range(scale.min, scale.max + 1)]


def _item(scale: ResponseScale) -> dict[str, Any]:
    answers = _answers(scale)
    return {
        "answers": "likert" if scale.type == "likert" else scale.answers,
        "points": {stored: _number(scale.points_of(point)) for stored, point in answers},
        # Reversed, an answer scores what the answer at the other end of the scale scores.
        "reversed": {stored: _number(scale.points_of(scale.low + scale.high - point)) for stored, point in answers},
    }


def _bands(bands: tuple[Band, ...]) -> list[dict[str, Any]]:
    return [
        {"from": _number(band.from_), "to": _number(band.to), "label": band.label}
        for band in sorted(bands, key=lambda band: band.from_)
    ]


def _part(item: ChecklistItem, weight: float, reverse: bool) -> list[Any]:
    return [item.id, _number(weight), reverse]


def scoring_key(checklist: Checklist) -> dict[str, Any]:
    """The checklist's scoring as plain data (JSON): what the page scores with."""
    scoring = checklist.scoring
    scores = [
        {
            "category": None,
            "title": "",
            "show": scoring.total,
            "parts": [_part(item, item.weight, item.reverse) for item in checklist.items],
            "bands": _bands(checklist.bands),
        }
    ]
    for category in checklist.categories:
        parts = [
            _part(item, key.weight, bool(key.reverse))  # type: ignore[arg-type]  # keys_of fills both in
            for item in checklist.items
            for key in checklist.keys_of(item)
            if key.category == category.id
        ]
        if parts:
            scores.append(
                {
                    "category": category.id,
                    "title": category.title,
                    "show": scoring.subscores,
                    "parts": parts,
                    "bands": _bands(category.bands),
                }
            )
    return {
        "method": scoring.method,
        "decimals": decimals_of(checklist),
        "missing": scoring.missing,
        "maxMissing": scoring.max_missing,
        "items": {item.id: _item(checklist.scale_of(item)) for item in checklist.items},
        "scores": scores,
    }


def round_to(value: float, decimals: int) -> float:
    """Rounded half away from zero, as workbook.js rounds (the same operations, so the same result)."""
    factor = 10**decimals
    return math.copysign(math.floor(abs(value) * factor + 0.5 + _EPSILON), value) / factor


def format_number(value: float, decimals: int) -> str:
    """The number as the page writes it: the score with its decimals; a bound without trailing zeros."""
    return f"{value:.{decimals}f}"


def answer_key(value: Any) -> str | None:
    """A stored answer as the key names it ("3", "true"); None for anything no statement takes."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)) and math.isfinite(value) and float(value).is_integer():
        return str(int(value))
    return None


def score_range(key: dict[str, Any], parts: list[list[Any]]) -> tuple[float, float]:
    """The lowest and highest a score can be."""
    low = high = weights = 0.0
    for item, weight, _ in parts:
        points = key["items"][item]["points"].values()
        low += weight * min(points)
        high += weight * max(points)
        weights += weight
    if key["method"] == "mean":
        return (low / weights, high / weights) if weights else (0.0, 0.0)
    return low, high


def score(key: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
    """Every score of the checklist for these answers, as workbook.js works them out.

    Returns {"complete": every statement answered, "begun": any answered, "scores": [one per score in the key:
    {"category", "title", "show", "state", "value", "partial", "min", "max", "answered", "count", "band"}]}.
    `state` is "complete", "prorated" (estimated from the answered statements), "partial" or "empty";
    `value` is the rounded score (None unless complete or prorated); `band` the index of its band, or -1.
    """
    items = key["items"]
    # Tick boxes say nothing until the learner begins: from the first tick (or "None of these"), an unticked box is a no.
    begun = any(answer_key(answers.get(item)) is not None for item, spec in items.items() if spec["answers"] == "tick")
    decimals = key["decimals"]
    results = []
    for spec in key["scores"]:
        total = weights = answered_weights = 0.0
        answered = 0
        for item, weight, reverse in spec["parts"]:
            weights += weight
            stored = answer_key(answers.get(item))
            if stored is None and begun and items[item]["answers"] == "tick":
                stored = "false"
            points = items[item]["reversed" if reverse else "points"].get(stored) if stored is not None else None
            if points is None:
                continue
            answered += 1
            total += weight * points
            answered_weights += weight
        count = len(spec["parts"])
        mean = key["method"] == "mean"
        low, high = score_range(key, spec["parts"])
        value = None
        if answered == count:
            state = "complete"
            value = (total / weights if weights else 0.0) if mean else total
        elif key["missing"] == "prorate" and answered_weights > 0 and count - answered <= key["maxMissing"]:
            state = "prorated"
            value = total / answered_weights if mean else total / answered_weights * weights
        else:
            state = "partial" if answered else "empty"
        partial = (total / answered_weights if answered_weights else 0.0) if mean else total
        band = -1
        if value is not None:
            value = round_to(value, decimals)
            band = next(
                (
                    index
                    for index, entry in enumerate(spec["bands"])
                    if entry["from"] - _EPSILON <= value <= entry["to"] + _EPSILON
                ),
                -1,
            )
        results.append(
            {
                "category": spec["category"],
                "title": spec["title"],
                "show": spec["show"],
                "state": state,
                "value": value,
                "partial": round_to(partial, decimals),
                "min": low,
                "max": high,
                "answered": answered,
                "count": count,
                "band": band,
            }
        )
    return {
        "complete": all(result["state"] == "complete" for result in results),
        "begun": any(result["answered"] for result in results),
        "scores": results,
    }
