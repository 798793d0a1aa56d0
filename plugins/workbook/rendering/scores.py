"""What checklist.html shows of each score: its range and bands, and how to work it out on paper.

Everything here is read from the scoring key (model/scoring.py), so the sheet's instructions count exactly
what the page's script counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..messages import Catalogue
from ..model.scoring import score_range, scoring_key
from ..model.types import Band, Category, Checklist, ChecklistItem

__all__ = ["PaperPoints", "ScoreView", "checklist_context", "paper_points"]


@dataclass(frozen=True, slots=True)
class PaperPoints:
    """What each answer to one statement adds to a score, for the printed key: [(answer, points)], each answer
    as stored ("3", "true"; the template writes yes and no in the page's language)."""

    number: int  # the statement's number on the sheet
    answers: tuple[tuple[str, float], ...]


@dataclass(frozen=True, slots=True)
class ScoreView:
    category: Category | None  # None: the total
    title: str
    show: bool
    low: float
    high: float
    bands: tuple[Band, ...]
    method: str
    numbers: tuple[int, ...]  # the statements it counts, by their numbers on the sheet
    weights: float  # the sum of their weights: what a mean divides by
    # Every statement counts its answer as it is (or reversed), once: the sheet need not print what each scores.
    plain: bool
    reversed: tuple[int, ...]  # the statements it counts backwards, by number
    # The key's parts of this score ([item, weight, reverse]) and what `points` needs to read them.
    parts: list[list[Any]]
    key: dict[str, Any]
    item_numbers: dict[str, int]

    @property
    def points(self) -> tuple[PaperPoints, ...]:
        """What each answer to each statement scores here: printed only where the view is not `plain`."""
        return tuple(
            PaperPoints(self.item_numbers[item], _answers(self.key, item, weight, reverse))
            for item, weight, reverse in self.parts
        )


def paper_points(view: ScoreView, catalogue: Catalogue) -> str:
    """What each answer to each of the score's statements scores, as the sheet prints it: "1. Yes → 0, No → 5;
    2. ..." (plain text). Here rather than in checklist.html: a questionnaire's key is a few hundred of these."""
    names = {"true": catalogue.text("field.yes"), "false": catalogue.text("field.no")}
    said: dict[tuple[str, float], str] = {}

    def answer(entry: tuple[str, float]) -> str:
        found = said.get(entry)
        if found is None:
            name, points = entry
            found = said[entry] = catalogue.text("checklist.paper_answer", answer=names.get(name, name), points=points)
        return found

    return "; ".join(f"{entry.number}. {', '.join(map(answer, entry.answers))}" for entry in view.points)


def _answers(key: dict[str, Any], item: str, weight: float, reverse: bool) -> tuple[tuple[str, float], ...]:
    spec = key["items"][item]
    points = spec["reversed" if reverse else "points"]
    # Yes before no, as the statement's buttons are; a scale's points from low to high.
    order = ["true", "false"] if spec["answers"] != "likert" else list(points)
    return tuple((answer, weight * points[answer]) for answer in order)


def _plain(checklist: Checklist, key: dict[str, Any], parts: list[list[Any]]) -> bool:
    """Whether each answer scores its own number on the checklist's scale (a tick 1), once: then "add up your
    answers" (or "count your ticks") says it all, with "the other end of the scale" for reversed statements."""
    items = {item.id: item for item in checklist.items}

    def as_is(item: str, weight: float, reverse: bool) -> bool:
        points = key["items"][item]["points"]
        own = all(str(value) == answer for answer, value in points.items() if answer not in ("true", "false"))
        return weight == 1 and own and items[item].scale is None

    return all(as_is(*part) for part in parts)


def checklist_context(checklist: Checklist) -> dict[str, object]:
    """What checklist.html sees besides the exercise: `key` (the scoring key, JSON for the script), `ticks` (the
    statements with a tick box), `groups` (statements under their categories' headings, or as written), `numbers`
    (each statement's number) and `scores` (one ScoreView each: the total first, then each category's)."""
    key = scoring_key(checklist)
    numbers = {item.id: index for index, item in enumerate(checklist.items, 1)}
    categories = {category.id: category for category in checklist.categories}
    views = []
    for spec in key["scores"]:
        category = categories.get(spec["category"]) if spec["category"] else None
        low, high = score_range(key, spec["parts"])
        views.append(
            ScoreView(
                category=category,
                title=spec["title"],
                show=spec["show"],
                low=low,
                high=high,
                bands=tuple(sorted(category.bands if category else checklist.bands, key=lambda band: band.from_)),
                method=key["method"],
                numbers=tuple(numbers[item] for item, _, _ in spec["parts"]),
                weights=sum(weight for _, weight, _ in spec["parts"]),
                plain=_plain(checklist, key, spec["parts"]),
                reversed=tuple(numbers[item] for item, _, reverse in spec["parts"] if reverse),
                parts=spec["parts"],
                key=key,
                item_numbers=numbers,
            )
        )
    return {
        "key": key,
        # The statements answered with a tick box: "None of these applies to me" is offered where there are any.
        "ticks": tuple(
            item
            for item in checklist.items
            if (scale := checklist.scale_of(item)).type == "yes-no" and scale.answers == "tick"
        ),
        "groups": _groups(checklist),
        "numbers": numbers,
        "scores": views,
        # The total's range, as templates written before scores had views read it.
        "score_min": views[0].low,
        "score_max": views[0].high,
    }


def _groups(checklist: Checklist) -> list[tuple[Category | None, tuple[ChecklistItem, ...]]]:
    """Statements under their first category's heading, in category order, uncategorised ones last; or all as
    written, under no heading, with `layout: as-written`."""
    if checklist.layout == "as-written" or not checklist.categories:
        return [(None, checklist.items)]

    def first(item: ChecklistItem) -> str | None:
        keys = checklist.keys_of(item)
        return keys[0].category if keys else None

    groups: list[tuple[Category | None, tuple[ChecklistItem, ...]]] = [
        (category, tuple(item for item in checklist.items if first(item) == category.id))
        for category in checklist.categories
    ]
    groups.append((None, tuple(item for item in checklist.items if first(item) is None)))
    return [(category, items) for category, items in groups if items]
