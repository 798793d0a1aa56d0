"""The instrument library (examples/instruments/): published questionnaires scored as their authors say.

Each instrument's PUBLISHED scoring key is written out below in plain Python, from its source (cited in the
instrument's YAML file), without anything from the workbook's model: which answers score what, which items are
reversed, which items make up which scale, sum or mean, and the cut-offs. The library's site is built once;
one browser page answers every instrument by clicking its controls with many response patterns (all lowest,
all highest, alternating, seeded random, patterns that land on every band's edges, one answer missing), and
what the page shows is compared with the published key, again after a reload, and on My workbook. The Python
twin (`workbook.model.scoring`) must give the same scores for the same stored answers.
"""

from __future__ import annotations

import html
import json
import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from .conftest import ROOT, served, strict_build, watched_page

LIBRARY = ROOT / "examples" / "instruments"
NAMESPACE = "instrument-library"


@dataclass(frozen=True)
class Scores:
    """What the published key says a complete set of answers scores."""

    total: float | None = None  # None: the instrument has no total
    band: str | None = None
    subscores: dict[str, float] = field(default_factory=dict)
    subscore_bands: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Instrument:
    """A questionnaire as published: its items in order, each item's answers as printed, and its key.

    `answers[i]` lists item i's answers in the order the source prints them (the page must show them in that
    order, with those words where it shows words); `key` takes {item number: answer as printed} and returns
    the published scores. `decimals`: the places a score is written with (a mean's 4.5 as 4.50)."""

    id: str
    item_ids: tuple[str, ...]
    answers: tuple[tuple[str, ...], ...]
    key: Callable[[dict[int, str]], Scores]
    total_max: float | None = None
    subscore_max: dict[str, float] = field(default_factory=dict)
    decimals: int = 0
    band_edges: tuple[float, ...] = ()  # totals (or single-item subscores) that sit on the edge of a band


# --- Rosenberg Self-Esteem Scale (Rosenberg, 1965; University of Maryland scoring) ---------------------------

ROSENBERG_ANSWERS = ("Strongly disagree", "Disagree", "Agree", "Strongly agree")
# "For items 1, 3, 4, 7, 10: Strongly Agree=3, Agree=2, Disagree=1, Strongly Disagree=0.
#  For items 2, 5, 6, 8, 9 (reversed in valence): Strongly Agree=0, Agree=1, Disagree=2, Strongly Disagree=3."
ROSENBERG_POSITIVE = {"Strongly agree": 3, "Agree": 2, "Disagree": 1, "Strongly disagree": 0}
ROSENBERG_NEGATIVE = {"Strongly agree": 0, "Agree": 1, "Disagree": 2, "Strongly disagree": 3}
ROSENBERG_NEGATIVE_ITEMS = {2, 5, 6, 8, 9}


def rosenberg(answers: dict[int, str]) -> Scores:
    total = sum(
        (ROSENBERG_NEGATIVE if number in ROSENBERG_NEGATIVE_ITEMS else ROSENBERG_POSITIVE)[answer]
        for number, answer in answers.items()
    )
    return Scores(total=total, band=rosenberg_band(total))


def rosenberg_band(total: float) -> str:
    # "The scale ranges from 0-30. Scores between 15 and 25 are within normal range; scores below 15 suggest low
    # self-esteem." (Above 25 is not named by the source.)
    return (
        "Below the normal range"
        if total < 15
        else "Within the normal range"
        if total <= 25
        else "Above the normal range"
    )


# --- IPIP Big-Five Factor Markers, 50-item sample questionnaire (ipip.ori.org; Goldberg 1992) -----------------

IPIP_ANSWERS = (
    "Very inaccurate",
    "Moderately inaccurate",
    "Neither inaccurate nor accurate",
    "Moderately accurate",
    "Very accurate",
)
# "For + keyed items, Very Inaccurate is assigned a value of 1, ... Very Accurate a value of 5. For - keyed
# items, Very Inaccurate is assigned a value of 5, ... Very Accurate a value of 1. Sum all the values."
IPIP_PLUS = dict(zip(IPIP_ANSWERS, (1, 2, 3, 4, 5), strict=True))
IPIP_MINUS = dict(zip(IPIP_ANSWERS, (5, 4, 3, 2, 1), strict=True))
# Item numbers of the 50-item sample questionnaire, + keyed and - keyed, per factor.
IPIP_FACTORS = {
    "extraversion": ({1, 11, 21, 31, 41}, {6, 16, 26, 36, 46}),
    "agreeableness": ({7, 17, 27, 37, 42, 47}, {2, 12, 22, 32}),
    "conscientiousness": ({3, 13, 23, 33, 43, 48}, {8, 18, 28, 38}),
    "emotional-stability": ({9, 19}, {4, 14, 24, 29, 34, 39, 44, 49}),
    "intellect": ({5, 15, 25, 35, 40, 45, 50}, {10, 20, 30}),
}


def ipip(answers: dict[int, str]) -> Scores:
    subscores = {
        factor: sum(IPIP_PLUS[answers[n]] for n in plus) + sum(IPIP_MINUS[answers[n]] for n in minus)
        for factor, (plus, minus) in IPIP_FACTORS.items()
    }
    return Scores(subscores=subscores)


# --- Ten-Item Personality Inventory (Gosling, Rentfrow & Swann, 2003) -----------------------------------------

TIPI_ANSWERS = (
    "Disagree strongly",
    "Disagree moderately",
    "Disagree a little",
    "Neither agree nor disagree",
    "Agree a little",
    "Agree moderately",
    "Agree strongly",
)
# "1. Recode the reverse-scored items (i.e., recode a 7 with a 1, a 6 with a 2, a 5 with a 3, etc.). The
# reverse scored items are 2, 4, 6, 8, & 10. 2. Take the AVERAGE of the two items that make up each scale."
TIPI_SCALES = {
    "extraversion": (1, 6),
    "agreeableness": (2, 7),
    "conscientiousness": (3, 8),
    "emotional-stability": (4, 9),
    "openness": (5, 10),
}
TIPI_REVERSED = {2, 4, 6, 8, 10}


def tipi(answers: dict[int, str]) -> Scores:
    rating = {n: TIPI_ANSWERS.index(answer) + 1 for n, answer in answers.items()}
    recoded = {n: 8 - value if n in TIPI_REVERSED else value for n, value in rating.items()}
    return Scores(subscores={scale: (recoded[a] + recoded[b]) / 2 for scale, (a, b) in TIPI_SCALES.items()})


# --- Michigan Alcoholism Screening Test, 24 items (Selzer, 1971) ----------------------------------------------

# Item number: (the "alcoholic" answer, the points it scores). Every other answer scores 0.
MAST_KEY = {
    1: ("No", 2), 2: ("Yes", 2), 3: ("Yes", 1), 4: ("No", 2), 5: ("Yes", 1), 6: ("No", 2),
    7: ("No", 2), 8: ("Yes", 5), 9: ("Yes", 1), 10: ("Yes", 2), 11: ("Yes", 2), 12: ("Yes", 2),
    13: ("Yes", 2), 14: ("Yes", 2), 15: ("Yes", 2), 16: ("Yes", 1), 17: ("Yes", 2), 18: ("Yes", 2),
    19: ("Yes", 5), 20: ("Yes", 5), 21: ("Yes", 2), 22: ("Yes", 2), 23: ("Yes", 2), 24: ("Yes", 2),
}  # fmt: skip


def mast(answers: dict[int, str]) -> Scores:
    total = sum(points for n, (alcoholic, points) in MAST_KEY.items() if answers[n] == alcoholic)
    return Scores(total=total, band=mast_band(total))


def mast_band(total: float) -> str:
    # Selzer (1971): 0-3 nonalcoholic, 4 suggestive of alcoholism, 5 or more alcoholism.
    return "Nonalcoholic range" if total <= 3 else "Suggestive of alcoholism" if total == 4 else "Alcoholism indicated"


# --- AUDIT (Babor, Higgins-Biddle, Saunders & Monteiro, WHO 2001) ---------------------------------------------

AUDIT_FREQUENCY = ("Never", "Less than monthly", "Monthly", "Weekly", "Daily or almost daily")
AUDIT_HARM = ("No", "Yes, but not in the last year", "Yes, during the last year")
AUDIT_ANSWERS = (
    ("Never", "Monthly or less", "2 to 4 times a month", "2 to 3 times a week", "4 or more times a week"),
    ("1 or 2", "3 or 4", "5 or 6", "7, 8, or 9", "10 or more"),
    *[AUDIT_FREQUENCY] * 6,
    AUDIT_HARM,
    AUDIT_HARM,
)
# Questions 1-8 score 0, 1, 2, 3, 4 for their answers as printed; questions 9 and 10 score 0, 2, 4.
AUDIT_POINTS = {**{n: (0, 1, 2, 3, 4) for n in range(1, 9)}, 9: (0, 2, 4), 10: (0, 2, 4)}


def audit(answers: dict[int, str]) -> Scores:
    total = sum(AUDIT_POINTS[n][AUDIT_ANSWERS[n - 1].index(answer)] for n, answer in answers.items())
    return Scores(total=total, band=audit_zone(total))


def audit_zone(total: float) -> str:
    # Risk levels (Table 2): Zone I 0-7, Zone II 8-15, Zone III 16-19, Zone IV 20-40.
    if total <= 7:
        return "Zone I: low risk"
    if total <= 15:
        return "Zone II: hazardous drinking"
    if total <= 19:
        return "Zone III: harmful drinking"
    return "Zone IV: possible alcohol dependence"


# --- ONS personal well-being questions (ONS4, Office for National Statistics) ---------------------------------

ONS_ANSWERS = tuple(str(point) for point in range(11))
ONS_QUESTIONS = ("life-satisfaction", "worthwhile", "happiness", "anxiety")


def ons_threshold(question: str, rating: int) -> str:
    """The thresholds ONS reports each question's ratings in."""
    if question == "anxiety":
        return "Very low" if rating <= 1 else "Low" if rating <= 3 else "Medium" if rating <= 5 else "High"
    return "Low" if rating <= 4 else "Medium" if rating <= 6 else "High" if rating <= 8 else "Very high"


def ons(answers: dict[int, str]) -> Scores:
    ratings = {question: int(answers[n]) for n, question in enumerate(ONS_QUESTIONS, 1)}
    return Scores(
        subscores=ratings,
        subscore_bands={question: ons_threshold(question, rating) for question, rating in ratings.items()},
    )


# --- WHO-5 Well-Being Index (WHO Regional Office for Europe, 1998; Topp et al., 2015) ---------------------------

# As the page lists them, from the lowest (the printed form runs from "All of the time" down).
WHO5_ANSWERS = (
    "At no time",
    "Some of the time",
    "Less than half of the time",
    "More than half of the time",
    "Most of the time",
    "All of the time",
)
WHO5_RAW = {"All of the time": 5, "Most of the time": 4, "More than half of the time": 3,
            "Less than half of the time": 2, "Some of the time": 1, "At no time": 0}  # fmt: skip


def who5(answers: dict[int, str]) -> Scores:
    # "The raw score ranges from 0 to 25 ... To obtain a percentage score ranging from 0 to 100, the raw score
    # is multiplied by 4." A percentage of 50 or below: poor well-being; 28 or below: likely depression.
    percentage = 4 * sum(WHO5_RAW[answer] for answer in answers.values())
    return Scores(total=percentage, band=who5_band(percentage))


def who5_band(percentage: float) -> str:
    return "Likely depression" if percentage <= 28 else "Poor well-being" if percentage <= 50 else "Above the cut-off"


# --- DASS-21 (Lovibond & Lovibond, 1995) ------------------------------------------------------------------------

DASS_ANSWERS = (
    "Did not apply to me at all",
    "Applied to me to some degree, or some of the time",
    "Applied to me to a considerable degree, or a good part of time",
    "Applied to me very much, or most of the time",
)
DASS_SCALES = {
    "depression": (3, 5, 10, 13, 16, 17, 21),
    "anxiety": (2, 4, 7, 9, 15, 19, 20),
    "stress": (1, 6, 8, 11, 12, 14, 18),
}
# Severity for the doubled scores: the upper bound of Normal, Mild, Moderate and Severe; above: Extremely severe.
DASS_SEVERITY = {"depression": (9, 13, 20, 27), "anxiety": (7, 9, 14, 19), "stress": (14, 18, 25, 33)}


def dass_severity(scale: str, score: float) -> str:
    labels = ("Normal", "Mild", "Moderate", "Severe")
    return next(
        (label for label, top in zip(labels, DASS_SEVERITY[scale], strict=True) if score <= top), "Extremely severe"
    )


def dass(answers: dict[int, str]) -> Scores:
    # "Sum the scores for the relevant items ... multiply by 2" (the 21-item form against the 42-item norms).
    scores = {scale: 2 * sum(DASS_ANSWERS.index(answers[n]) for n in items) for scale, items in DASS_SCALES.items()}
    return Scores(
        subscores=scores, subscore_bands={scale: dass_severity(scale, score) for scale, score in scores.items()}
    )


# The published band of a score's value: None for the total, else the category.
PUBLISHED_BANDS: dict[str, Callable[[str | None, float], str]] = {
    "rosenberg-self-esteem": lambda _, value: rosenberg_band(value),
    "mast": lambda _, value: mast_band(value),
    "audit": lambda _, value: audit_zone(value),
    "who-5": lambda _, value: who5_band(value),
    "ons-personal-wellbeing": lambda question, value: ons_threshold(question, int(value)),
    "dass-21": lambda scale, value: dass_severity(scale, value),
}


def numbered(count: int) -> tuple[str, ...]:
    return tuple(f"q{n}" for n in range(1, count + 1))


INSTRUMENTS = {
    instrument.id: instrument
    for instrument in (
        Instrument(
            "rosenberg-self-esteem",
            numbered(10),
            (ROSENBERG_ANSWERS,) * 10,
            rosenberg,
            total_max=30,
            band_edges=(14, 15, 25, 26),
        ),
        Instrument(
            "ipip-big-five-50",
            numbered(50),
            (IPIP_ANSWERS,) * 50,
            ipip,
            subscore_max=dict.fromkeys(IPIP_FACTORS, 50),
        ),
        Instrument(
            "tipi", numbered(10), (TIPI_ANSWERS,) * 10, tipi, subscore_max=dict.fromkeys(TIPI_SCALES, 7), decimals=2
        ),
        Instrument("mast", numbered(24), (("Yes", "No"),) * 24, mast, total_max=53, band_edges=(3, 4, 5)),
        Instrument("audit", numbered(10), AUDIT_ANSWERS, audit, total_max=40, band_edges=(7, 8, 15, 16, 19, 20)),
        Instrument(
            "ons-personal-wellbeing",
            ("satisfied", "worthwhile", "happy", "anxious"),
            (ONS_ANSWERS,) * 4,
            ons,
            subscore_max=dict.fromkeys(ONS_QUESTIONS, 10),
        ),
        Instrument("who-5", numbered(5), (WHO5_ANSWERS,) * 5, who5, total_max=100, band_edges=(28, 32, 48, 52)),
        Instrument("dass-21", numbered(21), (DASS_ANSWERS,) * 21, dass, subscore_max=dict.fromkeys(DASS_SCALES, 42)),
    )
}


# --- response patterns ----------------------------------------------------------------------------------------

Pattern = dict[int, str]  # item number: the answer as printed


def patterns(instrument: Instrument, seed: int) -> list[tuple[str, Pattern]]:
    """All lowest, all highest, alternating (both ways on short questionnaires), seeded random ones, and where
    there are bands, patterns landing on each side of each band edge (for a total, found by a seeded walk over
    the published key)."""
    rng = random.Random(seed)
    count = len(instrument.answers)
    lowest = {n: instrument.answers[n - 1][0] for n in range(1, count + 1)}
    highest = {n: instrument.answers[n - 1][-1] for n in range(1, count + 1)}
    chosen = [
        ("all lowest", lowest),
        ("all highest", highest),
        ("alternating", {n: (lowest if n % 2 else highest)[n] for n in lowest}),
    ]
    # Long questionnaires cost a click per changed answer: fewer of the patterns that change most answers.
    short = count <= 20
    if short:
        chosen.append(("alternating the other way", {n: (highest if n % 2 else lowest)[n] for n in lowest}))
    chosen += [(f"random {i}", random_pattern(instrument, rng)) for i in range(3 if short else 2)]
    for edge in instrument.band_edges:
        found = walk_to(instrument, edge, rng)
        assert found is not None, f"{instrument.id}: no pattern scores {edge}"
        chosen.append((f"scoring {edge}", found))
    if instrument.id == "ons-personal-wellbeing":  # every rating of every question: each threshold's edges
        chosen += [(f"every question {point}", dict.fromkeys(range(1, 5), str(point))) for point in range(11)]
    if instrument.id == "dass-21":  # each scale on both sides of each of its severity edges (doubled: even scores)
        sides = {
            scale: sorted({side // 2 for top in tops for side in (top - top % 2, top + 2 - top % 2)})
            for scale, tops in DASS_SEVERITY.items()
        }
        for k in range(max(len(raws) for raws in sides.values())):
            pattern = {}
            for scale, items in DASS_SCALES.items():
                raw = sides[scale][min(k, len(sides[scale]) - 1)]
                for n in items:  # spread the raw sum over the scale's items, 3 at most each
                    pattern[n] = DASS_ANSWERS[min(3, raw)]
                    raw -= min(3, raw)
            chosen.append((f"severity edges {k}", pattern))
    return chosen


def random_pattern(instrument: Instrument, rng: random.Random) -> Pattern:
    return {n: rng.choice(answers) for n, answers in enumerate(instrument.answers, 1)}


def walk_to(instrument: Instrument, target: float, rng: random.Random) -> Pattern | None:
    """A pattern whose published total is `target`: change one answer at a time, keeping changes that do not
    move the total away from it."""
    pattern = random_pattern(instrument, rng)
    for _ in range(5000):
        total = instrument.key(pattern).total
        if total == target:
            return pattern
        number = rng.randrange(1, len(instrument.answers) + 1)
        trial = {**pattern, number: rng.choice(instrument.answers[number - 1])}
        if abs(instrument.key(trial).total - target) <= abs(total - target):
            pattern = trial
    return None


# --- the site, the page, and what it shows ----------------------------------------------------------------------


@pytest.fixture(scope="session")
def library_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The instrument library, built as an author builds it: `mkdocs build --strict` in examples/instruments/."""
    return strict_build(LIBRARY, tmp_path_factory.mktemp("instruments") / "site")


@pytest.fixture(scope="session")
def library_url(library_site: Path) -> Iterator[str]:
    with served(library_site) as url:
        yield url


@pytest.fixture(scope="module")
def library_page(browser: object) -> Iterator[object]:
    """One page for the whole file (its storage is shared by every instrument, as one learner's would be)."""
    with watched_page(browser) as page:
        yield page


# One round trip: the total's text, each subscore's text, and each current band with the score it belongs to.
SHOWN = """(root) => {
  const text = (el) => (el ? el.textContent.replace(/\\s+/g, " ").trim() : null);
  const subscores = {};
  for (const entry of root.querySelectorAll("[data-workbook-subscore]")) {
    subscores[entry.dataset.workbookSubscore] = text(entry.querySelector("[data-workbook-subscore-value]"));
  }
  const bands = [...root.querySelectorAll("[data-workbook-band][aria-current='true']")].map((band) => [
    band.closest("[data-workbook-bands]")?.dataset.workbookBands ?? "",
    band.dataset.workbookBand,
  ]);
  return {total: text(root.querySelector("[data-workbook-score]")), subscores, bands};
}"""

# Each statement's answers as the page offers them, in order: the text of each answer's label.
OFFERED = """(root) => Object.fromEntries([...root.querySelectorAll("[data-workbook-item]")].map((item) =>
  [item.dataset.workbookItem, [...item.querySelectorAll("input")].map((input) =>
    (input.labels[0]?.textContent ?? "").replace(/\\s+/g, " ").trim())]))"""


def formatted(value: float, decimals: int) -> str:
    return f"{value:.{decimals}f}"


def expected_view(instrument: Instrument, scores: Scores, listed: bool) -> dict:
    """What the page should show for these published scores, in the shape read_view gives: each score's value
    (with the source's precision), its maximum and its band; and where the page lists the bands (`listed`:
    the checklist, not My workbook), which of them is marked as the learner's, per score."""
    bands = [["", scores.band]] if scores.band is not None else []
    bands += [[category, label] for category, label in scores.subscore_bands.items()]
    return {
        "total": None
        if scores.total is None
        else (formatted(scores.total, instrument.decimals), instrument.total_max, scores.band),
        "subscores": {
            category: (
                formatted(value, instrument.decimals),
                instrument.subscore_max[category],
                scores.subscore_bands.get(category),
            )
            for category, value in scores.subscores.items()
        },
        "current bands": sorted(bands) if listed else None,
    }


# "Your score: 21 out of 30: Normal range." and "3.50 out of 7" (a subscore's band after a colon, if it has one)
SCORE_TEXT = re.compile(r"^Your score: (?P<value>-?[\d.]+) out of (?P<max>[\d.]+)(?:: (?P<band>.+?))?\.$")
SUBSCORE_TEXT = re.compile(r"^(?P<value>-?[\d.]+) out of (?P<max>[\d.]+)(?:: (?P<band>.+))?$")


def read_view(shown: dict, instrument: Instrument, listed: bool) -> dict:
    """The page's texts in the shape of expected_view, so that one comparison shows every difference."""
    total = None
    if instrument.total_max is not None:
        match = SCORE_TEXT.match(shown["total"] or "")
        total = (match["value"], float(match["max"]), match["band"]) if match else shown["total"]
    subscores = {}
    for category, text in shown["subscores"].items():
        match = SUBSCORE_TEXT.match(text or "")
        subscores[category] = (match["value"], float(match["max"]), match["band"]) if match else text
    return {
        "total": total,
        "subscores": subscores,
        "current bands": sorted([list(band) for band in shown["bands"]]) if listed else None,
    }


def choose(root, item_id: str, position: int) -> None:
    """Click the answer as a learner does: a mouse click on its label, at its place among the statement's
    answers, once Playwright has seen it visible, still and not covered. A radio button starts no navigation:
    not waiting for one halves the time of this file's clicks."""
    root.locator(f"[data-workbook-item='{item_id}'] label").nth(position).click(no_wait_after=True)


def answer(root, instrument: Instrument, pattern: Pattern, previous: Pattern) -> None:
    for number, response in pattern.items():
        if previous.get(number) != response:
            choose(root, instrument.item_ids[number - 1], instrument.answers[number - 1].index(response))


def stored_answers(page, instrument: Instrument) -> dict:
    raw = page.evaluate("key => localStorage.getItem(key)", f"workbook:{NAMESPACE}:{instrument.id}")
    return json.loads(raw)["answers"] if raw else {}


def page_key(root) -> dict:
    return json.loads(root.locator("[data-workbook-key]").first.get_attribute("data-workbook-key"))


def file_key(instrument: Instrument) -> dict:
    """The scoring key the model makes of the instrument's YAML file, as JSON reads it back."""
    from workbook.model.scoring import scoring_key

    return json.loads(json.dumps(scoring_key(exercise_of(instrument))))


def assert_twin_agrees(page, root, instrument: Instrument, expected: Scores, label: str) -> None:
    """workbook.model.scoring, given the page's key and the answers the page stored, gives the published scores."""
    from workbook.model.scoring import score

    result = score(page_key(root), stored_answers(page, instrument))
    got = {entry["category"]: entry["value"] for entry in result["scores"]}
    want = {category: value for category, value in expected.subscores.items()}
    if expected.total is not None:
        want[None] = expected.total
    assert {category: got[category] for category in want} == pytest.approx(want), f"{instrument.id}, {label}"


def check(root, instrument: Instrument, pattern: Pattern, label: str, listed: bool = True) -> None:
    """The page shows the published scores of `pattern`. `listed`: the page lists the bands (the checklist
    does; My workbook gives a score's band in its text only)."""
    shown = read_view(root.evaluate(SHOWN), instrument, listed)
    expected = expected_view(instrument, instrument.key(pattern), listed)
    assert shown == expected, f"{instrument.id}, {label}: the page shows {shown}, the published key says {expected}"


def assert_offered_as_published(root, instrument: Instrument) -> None:
    """Every statement offers the published answers, in the published order (by their words where the page
    writes words, e.g. AUDIT's own answers per question)."""
    offered = root.evaluate(OFFERED)
    for item_id, answers in zip(instrument.item_ids, instrument.answers, strict=True):
        labels = offered[item_id]
        assert len(labels) == len(answers), f"{instrument.id} {item_id}: offers {labels}, published {answers}"
        for text, published in zip(labels, answers, strict=True):
            if instrument.id == "ons-personal-wellbeing":  # the points are numbers, two of them also words
                assert text.startswith(published), (item_id, text, published)
            else:
                assert published.lower() in text.lower(), f"{instrument.id} {item_id}: offers {labels}"


# --- the tests ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("instrument_id", sorted(INSTRUMENTS))
def test_the_page_scores_every_pattern_as_the_published_key(library_page, library_url, instrument_id, tmp_path):
    instrument = INSTRUMENTS[instrument_id]
    page = library_page
    page.goto(f"{library_url}/{instrument.id}/")
    root = page.locator(f"[data-workbook-exercise='{instrument.id}']").first
    assert_offered_as_published(root, instrument)
    assert page_key(root) == file_key(instrument), f"{instrument.id}: the page scores with another key than its file's"

    # Nothing answered yet: no score and no band (an untouched yes-or-no form is not all "No").
    untouched = root.evaluate(SHOWN)
    assert not (untouched["total"] or "").startswith("Your score:") and untouched["bands"] == [], untouched
    assert not any(SUBSCORE_TEXT.match(text or "") for text in untouched["subscores"].values()), untouched

    # One answer missing: no final total and no band for a score that lacks it; a total's "so far" is the
    # published points of the answers given; the scores that have all their answers are shown as published.
    rng = random.Random(21)
    first = random_pattern(instrument, rng)
    missing = rng.randrange(1, len(instrument.answers) + 1)
    partial = {n: response for n, response in first.items() if n != missing}
    answer(root, instrument, partial, {})
    shown = root.evaluate(SHOWN)
    assert not (shown["total"] or "").startswith("Your score:"), f"{instrument.id}: {shown['total']}"
    if instrument.total_max is not None:
        # Every item's lowest answer scores 0 in these instruments: the points so far are the lowest total
        # the missing answer could give.
        so_far = min(instrument.key({**first, missing: option}).total for option in instrument.answers[missing - 1])
        match = re.search(r"so far is (-?[\d.]+)", shown["total"])
        assert match and float(match[1]) == so_far, f"{instrument.id}: {shown['total']}, published so far {so_far}"
    lacking = categories_of(instrument, instrument.item_ids[missing - 1])
    complete = expected_view(instrument, instrument.key(first), listed=True)
    got = read_view(shown, instrument, listed=True)
    for category in instrument.subscore_max:
        if category in lacking:
            assert not SUBSCORE_TEXT.match(shown["subscores"][category]), (instrument.id, shown["subscores"])
        else:
            assert got["subscores"][category] == complete["subscores"][category], (instrument.id, category)
    current_scopes = {scope for scope, _ in shown["bands"]}
    assert "" not in current_scopes and not (current_scopes & lacking), f"{instrument.id}: bands {shown['bands']}"

    previous = partial
    # The last pattern, all highest answers (all "No" on the MAST), is the one reloaded and seen on My workbook.
    chosen = sorted(patterns(instrument, seed=len(instrument.id)), key=lambda entry: entry[0] == "all highest")
    for label, pattern in [("first, completed", first), *chosen]:
        answer(root, instrument, pattern, previous)
        previous = pattern
        check(root, instrument, pattern, label)
        assert_twin_agrees(page, root, instrument, instrument.key(pattern), label)

    page.reload()
    root = page.locator(f"[data-workbook-exercise='{instrument.id}']").first
    check(root, instrument, previous, "after a reload")

    page.goto(f"{library_url}/my-workbook/")
    card = page.locator(f"[data-workbook-summary='{instrument.id}']")
    check(card, instrument, previous, "on My workbook", listed=False)
    assert card.locator("[data-workbook-status-badge]").text_content() == "Complete"

    with page.expect_download() as download:
        page.click("[data-workbook-action='export-markdown']")
    exported = tmp_path / "workbook.md"
    download.value.save_as(exported)
    shown = read_export(exported.read_text(encoding="utf-8"), instrument)
    expected = expected_view(instrument, instrument.key(previous), listed=False)
    assert shown == expected, f"{instrument.id}, the Markdown export: {shown}, the published key says {expected}"

    # Taken again: the answers become an earlier take, listed with the published scores.
    page.goto(f"{library_url}/{instrument.id}/")
    root = page.locator(f"[data-workbook-exercise='{instrument.id}']").first
    root.locator("[data-workbook-action='new-take']").click()
    take = root.locator("[data-workbook-take-list] li").first.text_content()
    shown = read_take(take, instrument)
    expected = expected_view(instrument, instrument.key(previous), listed=False)
    assert shown == expected, f"{instrument.id}, the earlier take {take!r}: {shown}, the published key says {expected}"


def exercise_of(instrument: Instrument):
    from workbook.reading.loader import load_exercise_file

    exercise, problems = load_exercise_file(LIBRARY / "exercises" / f"{instrument.id}.yml")
    assert problems == []
    return exercise


def read_export(markdown: str, instrument: Instrument) -> dict:
    """An instrument's scores in the Markdown export of My workbook ("Your score: 8 out of 53: ..." and a line
    "- <scale> 3.50 out of 7" per scale), in the shape of expected_view."""
    exercise = exercise_of(instrument)
    section = markdown.split(f"### {exercise.title}\n", 1)[1].split("\n## ", 1)[0]
    lines = [line.strip() for line in section.splitlines()]
    total = None
    if instrument.total_max is not None:
        line = next((line for line in lines if line.startswith("Your score:")), section)
        match = SCORE_TEXT.match(line)
        total = (match["value"], float(match["max"]), match["band"]) if match else line
    subscores = {}
    for category in exercise.categories:
        if category.id in instrument.subscore_max:
            line = next((line for line in lines if line.startswith(f"- {category.title} ")), "")
            match = SUBSCORE_TEXT.match(line.removeprefix(f"- {category.title} "))
            subscores[category.id] = (match["value"], float(match["max"]), match["band"]) if match else line
    return {"total": total, "subscores": subscores, "current bands": None}


def read_take(text: str, instrument: Instrument) -> dict:
    """An earlier take as listed under the checklist ("December 5, 2026: 24 out of 53, Alcoholism indicated."
    or "...: Extraversion 1.50 of 7; Agreeableness ..."), in the shape of expected_view."""
    number = r"(?P<value>-?[\d.]+) (?:out )?of (?P<max>[\d.]+)"
    total = None
    if instrument.total_max is not None:
        match = re.search(rf"{number}(?:[,:] (?P<band>[^;]+?))?\.?$", text)
        total = (match["value"], float(match["max"]), match["band"]) if match else text
    subscores = {}
    for category in exercise_of(instrument).categories:
        if category.id in instrument.subscore_max:
            match = re.search(rf"{re.escape(category.title)} {number}(?:: (?P<band>[^;.]+))?", text)
            subscores[category.id] = (match["value"], float(match["max"]), match["band"]) if match else text
    return {"total": total, "subscores": subscores, "current bands": None}


def categories_of(instrument: Instrument, item_id: str) -> set[str]:
    """The published scales an item belongs to."""
    number = instrument.item_ids.index(item_id) + 1
    if instrument.id == "ipip-big-five-50":
        return {factor for factor, (plus, minus) in IPIP_FACTORS.items() if number in plus | minus}
    if instrument.id == "tipi":
        return {scale for scale, pair in TIPI_SCALES.items() if number in pair}
    if instrument.id == "ons-personal-wellbeing":
        return {ONS_QUESTIONS[number - 1]}
    if instrument.id == "dass-21":
        return {scale for scale, items in DASS_SCALES.items() if number in items}
    return set()


@pytest.mark.parametrize("instrument_id", sorted(INSTRUMENTS))
def test_the_python_twin_scores_the_library_files_as_the_published_key(instrument_id):
    """Many more patterns than the browser clicks through, straight from the YAML file: the model's key for
    the file and its `score` give what the published key gives."""
    from workbook.model.scoring import score, scoring_key

    instrument = INSTRUMENTS[instrument_id]
    exercise = exercise_of(instrument)
    key = scoring_key(exercise)
    rng = random.Random(instrument.id)
    chosen = [pattern for _, pattern in patterns(instrument, seed=len(instrument.id))]
    for pattern in chosen + [random_pattern(instrument, rng) for _ in range(300)]:
        published = instrument.key(pattern)
        stored = {}
        for number, response in pattern.items():
            position = instrument.answers[number - 1].index(response)
            item = exercise.items[number - 1]
            scale = exercise.scale_of(item)
            stored[item.id] = response == "Yes" if scale.type == "yes-no" else scale.min + position
        result = score(key, stored)
        got = {entry["category"]: (entry["value"], entry["band"]) for entry in result["scores"] if entry["show"]}
        if published.total is not None:
            value, band = got[None]
            assert value == pytest.approx(published.total), pattern
            labels = [entry["label"] for entry in key["scores"][0]["bands"]]
            assert labels[band] == published.band, pattern
        else:
            assert None not in got
        for category, value in published.subscores.items():
            assert got[category][0] == pytest.approx(value), (category, pattern)
            if category in published.subscore_bands:
                spec = next(entry for entry in key["scores"] if entry["category"] == category)
                assert spec["bands"][got[category][1]]["label"] == published.subscore_bands[category]


def test_every_library_file_is_cited_and_on_a_page():
    """Each instrument file names its source and licence, and a page of the library embeds it."""
    for instrument in INSTRUMENTS.values():
        text = (LIBRARY / "exercises" / f"{instrument.id}.yml").read_text(encoding="utf-8")
        head = text.split("\nid:")[0]
        assert "Source:" in head and "Licence:" in head, instrument.id
        page = (LIBRARY / "docs" / f"{instrument.id}.md").read_text(encoding="utf-8")
        assert f"/// checklist | {instrument.id}\n" in page
    assert sorted(path.stem for path in (LIBRARY / "exercises").glob("*.yml")) == sorted(INSTRUMENTS)


# --- on paper -------------------------------------------------------------------------------------------------


def published_reversed(instrument: Instrument, category: str | None) -> list[int]:
    """The statements (by number) a score counts backwards, by the published key."""
    if instrument.id == "rosenberg-self-esteem":
        return sorted(ROSENBERG_NEGATIVE_ITEMS)
    if instrument.id == "ipip-big-five-50":
        return sorted(IPIP_FACTORS[category][1])
    if instrument.id == "tipi":
        return sorted(TIPI_REVERSED & set(TIPI_SCALES[category]))
    return []


def published_members(instrument: Instrument, category: str) -> list[int]:
    if instrument.id == "dass-21":
        return sorted(DASS_SCALES[category])
    if instrument.id == "ipip-big-five-50":
        return sorted(IPIP_FACTORS[category][0] | IPIP_FACTORS[category][1])
    if instrument.id == "tipi":
        return sorted(TIPI_SCALES[category])
    return [ONS_QUESTIONS.index(category) + 1]


def published_points(instrument: Instrument, number: int) -> tuple[int, ...]:
    """What each of a statement's answers scores, in the printed order of its answers."""
    if instrument.id == "who-5":
        return tuple(4 * WHO5_RAW[answer] for answer in WHO5_ANSWERS)
    if instrument.id == "dass-21":
        return (0, 2, 4, 6)
    if instrument.id == "mast":
        alcoholic, points = MAST_KEY[number]
        return tuple(points if answer == alcoholic else 0 for answer in ("Yes", "No"))
    return AUDIT_POINTS[number]


NUMBER_LIST = re.compile(r"(?<![\d.])\d+(?:(?:,\s*|\s+and\s+|,\s*and\s+)\d+)*(?![\d.])")


def lists_of_numbers(text: str) -> list[tuple[str, list[int]]]:
    """Each list of statement numbers in `text` ("2, 5, 6, 8 and 9") with the words just before it."""
    return [
        (text[max(0, found.start() - 60) : found.start()], [int(n) for n in re.findall(r"\d+", found[0])])
        for found in NUMBER_LIST.finditer(text)
    ]


def paper_text(instrument: Instrument, site: Path) -> list[str]:
    """The paragraphs of a checklist's on-paper scoring as the print pack prints them (tags out, entities
    decoded); the chapter's page, printed on its own, says the same."""

    def paragraphs(page: str) -> list[str]:
        after = page.split(f'data-workbook-exercise="{instrument.id}"', 1)[1]
        block = re.search(r'<div class="workbook-on-paper">(.*?)</div>', after, re.S)
        assert block, f"{instrument.id}: no on-paper scoring"
        found = re.findall(r"<p[^>]*>(.*?)</p>", block[1], re.S)
        return [re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", p))).strip() for p in found]

    printed = paragraphs((site / "print" / "index.html").read_text(encoding="utf-8"))
    assert paragraphs((site / instrument.id / "index.html").read_text(encoding="utf-8")) == printed
    return printed


@pytest.mark.parametrize("instrument_id", sorted(INSTRUMENTS))
def test_the_paper_instructions_give_the_published_key(library_site, instrument_id):
    """Someone scoring the printed sheet by its instructions gets the published scores: the maximum of each
    score, which statements it takes, which of them count backwards and how, and any points per answer."""
    instrument = INSTRUMENTS[instrument_id]
    paragraphs = paper_text(instrument, library_site)
    text = " ".join(paragraphs)
    scores = [(None, instrument.total_max)] if instrument.total_max is not None else []
    scores += list(instrument.subscore_max.items())
    per_score = [paragraph for paragraph in paragraphs if re.search(r"_{3,} out of", paragraph)]
    maxima = [float(re.search(r"_{3,} out of ([\d.]+)", paragraph)[1]) for paragraph in per_score]
    assert maxima == [maximum for _, maximum in scores], f"{instrument.id}: {text}"
    for (category, _), paragraph in zip(scores, per_score, strict=True):
        lists = lists_of_numbers(paragraph)
        if category is not None:
            assert published_members(instrument, category) in [numbers for _, numbers in lists], (category, paragraph)
        reversed_numbers = published_reversed(instrument, category)
        # The list the sheet names as counting backwards: "the reversed statements, 2, 5, 6, 8, 9, count ...".
        named = [
            numbers
            for before, numbers in lists
            if re.search(r"(?:revers|backward)\w*\s+statements?,?\s*$", before, re.I)
        ]
        assert named == ([reversed_numbers] if reversed_numbers else []), (
            f"{instrument.id} {category or 'total'}: the paper should say that statements {reversed_numbers} "
            f"count backwards: {paragraph}"
        )
    if instrument.id == "rosenberg-self-esteem":
        assert "count 3 minus your answer" in text
    if instrument.id == "ipip-big-five-50":
        assert text.count("count 6 minus your answer") == 5
    if instrument.id == "tipi":
        assert text.count("count 8 minus your answer") == 5 and text.count("divide by 2") == 5
    if instrument.id in ("mast", "audit", "who-5", "dass-21"):  # points per answer, statement by statement
        lists = [paragraph for paragraph in paragraphs if "______" not in paragraph]
        entries = [entry for paragraph in lists for entry in paragraph.split(";") if "→" in entry]
        listed = dict(re.findall(r"^\s*(\d+)\. (.*)$", entry)[0] for entry in entries)
        for number in range(1, len(instrument.answers) + 1):
            points = tuple(int(p) for p in re.findall(r"→ ([\d.]+)", listed.get(str(number), "")))
            assert points == published_points(instrument, number), (instrument.id, number, listed.get(str(number)))


BAND_ITEM = re.compile(r'<li class="workbook-band" data-workbook-band="([^"]*)" data-from="([^"]*)" data-to="([^"]*)"')


@pytest.mark.parametrize("instrument_id", sorted(PUBLISHED_BANDS))
def test_the_bands_listed_are_the_published_cut_offs(library_site, instrument_id):
    """Each score's list of bands ("What your score means", on screen and on paper) puts every possible score
    in the band the source gives it, and covers every possible score."""
    instrument = INSTRUMENTS[instrument_id]
    page = (library_site / instrument.id / "index.html").read_text(encoding="utf-8")
    lists = dict(re.findall(r'<div class="workbook-bands" data-workbook-bands="([^"]*)">(.*?)</ul>', page, re.S))
    scores = {"": instrument.total_max} if instrument.total_max is not None else {}
    scores.update(instrument.subscore_max)
    assert sorted(lists) == sorted(scores), f"{instrument.id}: band lists for {sorted(lists)}"
    for scope, maximum in scores.items():
        covered = []
        for label, low, high in BAND_ITEM.findall(lists[scope]):
            label = html.unescape(label)
            for value in range(int(float(low)), int(float(high)) + 1):
                covered.append(value)
                published = PUBLISHED_BANDS[instrument.id](scope or None, value)
                assert published == label, (
                    f"{instrument.id} {scope or 'total'} {value}: listed {label}, published {published}"
                )
        assert sorted(covered) == list(range(0, int(maximum) + 1)), f"{instrument.id} {scope or 'total'}"
