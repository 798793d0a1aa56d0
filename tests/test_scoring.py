"""Checklist scoring (issue 21): the page scores with the key its checklist carries, exactly as the Python twin
(workbook.model.scoring) does, and the learner sees each kind of score as the model says: means with their
decimals, subscores only, bands per category, yes-or-no statements, points per answer, prorated scores, ticks
that say nothing until the learner begins; on paper, what each answer scores."""

from __future__ import annotations

import json
import random
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from workbook import load_exercise_file
from workbook.model.scoring import score, scoring_key

from .conftest import MINIMAL_CONFIG, Project, served, strict_build, watched_page

LAB = Path(__file__).parent / "scoring_lab"
CHECKLISTS = sorted(path.stem for path in LAB.glob("*.yml"))


@pytest.fixture(scope="session")
def lab_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One page with every lab checklist, and My workbook, built once."""
    project = Project(tmp_path_factory.mktemp("scoring-lab"))
    project.write("mkdocs.yml", MINIMAL_CONFIG)
    project.write("content/index.md", "# Lab\n\n" + "".join(f"/// checklist | {name}\n///\n\n" for name in CHECKLISTS))
    shutil.copytree(LAB, project.path / "exercises")
    with served(strict_build(project.path, project.path / "site")) as url:
        yield url


@pytest.fixture
def lab(browser: object, lab_url: str) -> Iterator[object]:
    with watched_page(browser) as page:
        page.goto(lab_url + "/")
        yield page


def model(name: str):
    checklist, problems = load_exercise_file(LAB / f"{name}.yml")
    assert problems == []
    return checklist


def root(name: str) -> str:
    return f"[data-workbook-exercise='{name}']"


def texts(page: object, name: str) -> dict[str, str]:
    """What the learner reads: the score line and each subscore's value."""
    found = {"score": page.text_content(f"{root(name)} [data-workbook-score]")}
    for element in page.locator(f"{root(name)} [data-workbook-subscore]").all():
        found[element.get_attribute("data-workbook-subscore")] = element.locator(
            "[data-workbook-subscore-value]"
        ).text_content()
    return found


def current_bands(page: object, name: str) -> list[str]:
    return [
        element.get_attribute("data-workbook-band")
        for element in page.locator(f"{root(name)} [data-workbook-band][aria-current='true']").all()
    ]


# --- the page and the Python twin ------------------------------------------------------------------------------


def answer_sets(name: str, count: int, seed: int) -> list[dict[str, object]]:
    """Answers as a browser may hold them: every value each statement takes, none, and what no statement takes
    (after a new release: a point the scale lost, a string, a yes on a scale)."""
    checklist = model(name)
    rng = random.Random(seed)
    sets = []
    for _ in range(count):
        answers: dict[str, object] = {}
        for item in checklist.items:
            scale = checklist.scale_of(item)
            valid = [True, False] if scale.type == "yes-no" else list(range(scale.min, scale.max + 1))
            roll = rng.random()
            if roll < 0.7:
                answers[item.id] = rng.choice(valid)
            elif roll < 0.8:
                answers[item.id] = rng.choice(
                    [scale.high + 3, "2", 2.5, None, [1], True if scale.type == "likert" else 1]
                )
        sets.append(answers)
    # The edges: nothing, everything lowest, everything highest.
    sets.append({})
    for pick in (min, max):
        sets.append(
            {
                item.id: pick(
                    [True, False]
                    if checklist.scale_of(item).type == "yes-no"
                    else [checklist.scale_of(item).min, checklist.scale_of(item).max]
                )
                for item in checklist.items
            }
        )
    return sets


@pytest.mark.parametrize("name", CHECKLISTS)
def test_the_page_scores_every_answer_as_the_python_twin(lab, name):
    key = json.loads(lab.get_attribute(f"{root(name)} [data-workbook-key]", "data-workbook-key"))
    assert key == json.loads(json.dumps(scoring_key(model(name))))
    sets = answer_sets(name, 150, seed=sum(map(ord, name)))
    fields = ["category", "state", "value", "partial", "min", "max", "answered", "count", "band"]
    on_page = lab.evaluate(
        """([selector, sets, fields]) => sets.map((answers) => {
            const result = window.workbook.score(document.querySelector(selector), answers);
            return { complete: result.complete, begun: result.begun,
                     scores: result.scores.map((entry) => Object.fromEntries(fields.map((f) => [f, entry[f]]))) };
        })""",
        [root(name), sets, fields],
    )
    for answers, page_result in zip(sets, on_page, strict=True):
        twin = score(key, answers)
        expected = {
            "complete": twin["complete"],
            "begun": twin["begun"],
            "scores": [{field: entry[field] for field in fields} for entry in twin["scores"]],
        }
        assert page_result == expected, answers


# --- what the learner sees --------------------------------------------------------------------------------------


def test_traits_show_means_per_category_in_the_authors_order_and_no_total(lab, lab_url):
    name = "lab-traits"
    # As written: no category headings while answering, the statements in the file's order.
    assert lab.locator(f"{root(name)} .workbook-category-title").count() == 0
    order = [e.get_attribute("data-workbook-item") for e in lab.locator(f"{root(name)} [data-workbook-item]").all()]
    assert order == ["q1", "q2", "q3", "q4", "q5"]
    assert (
        texts(lab, name)["score"]
        == "You have answered 0 of 5 statements. Your scores appear when you have answered them all."
    )
    for item, point in {"q1": 6, "q2": 2, "q3": 5, "q4": 3, "q5": 7}.items():
        lab.check(f"#wb-{name}-{item}-{point}")
    # Outgoing: q1 6, q3 5, q4 reversed 8-3=5: mean 5.33. Warm: q2 reversed 6, q3 reversed (x2) 3, q5 7: (6+6+7)/4.
    shown = texts(lab, name)
    assert shown == {"score": "Your scores are below.", "outgoing": "5.33 out of 7: Outgoing", "warm": "4.75 out of 7"}
    assert current_bands(lab, name) == ["Outgoing"]
    lab.reload()
    assert texts(lab, name) == shown
    lab.goto(lab_url + "/my-workbook/")
    card = f"[data-workbook-summary='{name}']"
    assert (
        lab.text_content(f"{card} [data-workbook-subscore='outgoing'] [data-workbook-subscore-value]")
        == "5.33 out of 7: Outgoing"
    )
    assert lab.text_content(f"{card} [data-workbook-status-badge]") == "Complete"


def test_yes_or_no_statements_wait_to_be_answered_and_an_all_no_answer_is_complete(lab, lab_url):
    name = "lab-screen"
    assert lab.locator(f"{root(name)} input[type=checkbox]").count() == 0
    assert (
        texts(lab, name)["score"]
        == "You have answered 0 of 5 statements. Your score appears when you have answered them all."
    )
    for item in ("s1", "s2", "s3", "s4"):
        lab.check(f"#wb-{name}-{item}-no")
    # `missing: wait`: no sum so far, however many are answered.
    assert (
        texts(lab, name)["score"]
        == "You have answered 4 of 5 statements. Your score appears when you have answered them all."
    )
    lab.check(f"#wb-{name}-s5-no")
    # All no: the two reversed statements count, 5 and 1.
    assert texts(lab, name)["score"] == "Your score: 6.0 out of 9.5: Worth a look."
    lab.check(f"#wb-{name}-s3-yes")
    lab.check(f"#wb-{name}-s4-yes")
    assert texts(lab, name)["score"] == "Your score: 2.5 out of 9.5: Few signs."
    lab.check(f"#wb-{name}-s4-no")
    lab.reload()
    assert texts(lab, name)["score"] == "Your score: 1.0 out of 9.5: Few signs."
    lab.goto(lab_url + "/my-workbook/")
    assert lab.text_content(f"[data-workbook-summary='{name}'] [data-workbook-status-badge]") == "Complete"


def test_points_per_answer_and_a_prorated_score(lab):
    name = "lab-points"
    labels = lab.locator(f"{root(name)} [data-workbook-item='p4'] .workbook-point-label").all_text_contents()
    assert labels == ["No", "Yes, but not in the last year", "Yes, during the last year"]
    for item, point in {"p1": 4, "p2": 3, "p3": 1, "p4": 1}.items():
        lab.check(f"#wb-{name}-{item}-{point}")
    # One missing of five: estimated. Points 4+3+1+2 = 10 from 4 statements, times 5 statements: 12.5.
    shown = texts(lab, name)
    assert shown["score"] == "Your score: 12.5 out of 20 (estimated from 4 of 5 answers): Some risk."
    assert shown["habits"] == "8.0 out of 12"
    assert shown["effects"] == "4.0 out of 8 (estimated): High"
    lab.check(f"#wb-{name}-p5-2")
    assert texts(lab, name)["score"] == "Your score: 14.0 out of 20: Some risk."
    assert texts(lab, name)["effects"] == "6.0 out of 8: High"
    assert current_bands(lab, name) == ["Some risk", "High"]


def test_tick_boxes_say_nothing_until_the_learner_begins(lab):
    name = "lab-ticks"
    assert texts(lab, name)["score"].startswith("Tick each statement that applies to you")
    lab.click(f"{root(name)} [data-workbook-action='none-apply']")
    # Nothing ticked: only the reversed statement counts.
    assert texts(lab, name)["score"] == "Your score: 1.0 out of 3.5: Starting."
    lab.check(f"#wb-{name}-t1")
    lab.check(f"#wb-{name}-t3")
    assert texts(lab, name)["score"] == "Your score: 3.5 out of 3.5: Going well."
    lab.reload()
    assert texts(lab, name)["score"] == "Your score: 3.5 out of 3.5: Going well."


def test_an_eleven_point_scale_with_large_weights(lab):
    name = "lab-wide"
    assert lab.locator(f"{root(name)} [data-workbook-item='w1'] input[type=radio]").count() == 11
    lab.check(f"#wb-{name}-w1-10")
    # Prorated by weight: 1000 points from a statement weighing 100, of 150 in all (written as English writes it).
    assert texts(lab, name)["score"] == "Your score: 1,500 out of 1,500 (estimated from 1 of 2 answers)."
    lab.check(f"#wb-{name}-w2-3")
    assert texts(lab, name)["score"] == "Your score: 1,150 out of 1,500."


# --- on paper ---------------------------------------------------------------------------------------------------


def test_the_paper_key_says_what_each_answer_scores(lab):
    points = lab.text_content(f"{root('lab-screen')} .workbook-on-paper")
    assert "Your score: ______ out of 9.5." in points
    # Weights and reversed statements on the sheet: s2 counts 2, s3 (reversed, weight 5) counts a no.
    assert "2. Yes → 2, No → 0; 3. Yes → 0, No → 5;" in points
    traits = lab.text_content(f"{root('lab-traits')} .workbook-on-paper")
    assert "for Outgoing, take statements 1, 3, 4:" in traits and "then divide by 3" in traits
    # q3 counts twice toward Warm, reversed: a 1 scores 2 x 7.
    assert "3. 1 → 14, 2 → 12" in traits
    assert "Your score" not in traits  # no total on this checklist
    audit = lab.text_content(f"{root('lab-points')} .workbook-on-paper")
    assert "4. 0 → 0, 1 → 2, 2 → 4" in audit
    assert "If you left out no more than 1 of a score's statements" in audit
