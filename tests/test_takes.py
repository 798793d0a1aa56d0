"""Before/after in real Chromium: a checklist taken again keeps every take with its date; My workbook compares them."""

from __future__ import annotations

import json

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import watched_page
from .test_browser import export_file

CHECKLIST = "#wb-networking-confidence"
PREFIX = "workbook:professional-relationships:"
KEY = PREFIX + "networking-confidence"
FIRST_DAY = "2026-11-01T10:00:00Z"
LATER_DAY = "2026-12-20T10:00:00Z"
ITEMS = [
    "clear-purpose",
    "first-contact",
    "fear-of-bothering",
    "introduce-myself",
    "listen-first",
    "stalled-conversation",
    "follow-up",
    "pass-things-on",
    "only-when-needed",
    "ask-feedback",
    "reflect",
    "advisor",
]
# Reversed: fear-of-bothering, stalled-conversation, only-when-needed (they count 6 minus the answer).
# Reaching out 8, conversations 8, keeping in touch 8, learning from feedback 6: 30, "Building confidence".
FIRST = dict.fromkeys(ITEMS, 2)
# Reaching out 12, conversations 9, keeping in touch 15, learning from feedback 9: 45, "Confident networker".
LATER = {
    "clear-purpose": 4,
    "first-contact": 4,
    "fear-of-bothering": 2,
    "introduce-myself": 3,
    "listen-first": 3,
    "stalled-conversation": 3,
    "follow-up": 5,
    "pass-things-on": 5,
    "only-when-needed": 1,
    "ask-feedback": 3,
    "reflect": 3,
    "advisor": 3,
}
CHANGES = [
    ["Reaching out", "8 of 15", "12 of 15", "+4"],
    ["Conversations", "8 of 15", "9 of 15", "+1"],
    ["Keeping in touch", "8 of 15", "15 of 15", "+7"],
    ["Learning from feedback", "6 of 15", "9 of 15", "+3"],
    ["Total", "30 of 60", "45 of 60", "+15"],
]


@pytest.fixture
def learner(browser):
    """A British learner whose clock starts on 1 November 2026."""
    with watched_page(browser, locale="en-GB", timezone_id="UTC") as page:
        page.clock.install(time=FIRST_DAY)
        yield page


def answer(page, answers: dict[str, int]) -> None:
    for item, value in answers.items():
        page.check(f"{CHECKLIST}-{item}-{value}")


def shown_answers(page) -> dict[str, int]:
    return page.eval_on_selector_all(
        f"{CHECKLIST} input:checked", "inputs => Object.fromEntries(inputs.map(i => [i.name, Number(i.value)]))"
    )


def record(page, key: str = KEY):
    raw = page.evaluate("key => localStorage.getItem(key)", key)
    return None if raw is None else json.loads(raw)


def records(page) -> dict:
    return page.evaluate(
        """prefix => Object.fromEntries(Object.keys(localStorage).filter(k => k.startsWith(prefix))
        .map(k => [k, JSON.parse(localStorage.getItem(k))]))""",
        PREFIX,
    )


def table_rows(table) -> list[list[str]]:
    return table.evaluate("t => Array.from(t.tBodies[0].rows, r => Array.from(r.cells, c => c.textContent))")


def test_a_checklist_taken_again_keeps_each_take_with_its_date_and_my_workbook_compares_them(learner, course_url):
    page = learner
    page.goto(course_url + "/")
    retake = page.locator(f"{CHECKLIST} [data-workbook-retake]")
    assert not retake.is_visible()
    answer(page, FIRST)
    assert page.text_content(f"{CHECKLIST} [data-workbook-score]") == "Your score: 30 out of 60: Building confidence."
    assert retake.is_visible() and "These are your answers of 1 November 2026." in retake.text_content()

    # Chapter 9, seven weeks later: the same checklist still holds the first answers.
    page.clock.set_system_time(LATER_DAY)
    page.goto(course_url + "/networking-plan/")
    assert shown_answers(page) == FIRST
    page.focus(f"{CHECKLIST} [data-workbook-action='new-take']")
    page.keyboard.press("Enter")
    assert shown_answers(page) == {}
    assert page.evaluate("document.activeElement.dataset.workbookAction") == "undo-take"
    assert "Your answers of 1 November 2026 are kept" in retake.text_content()
    earlier = page.locator(f"{CHECKLIST} [data-workbook-take-list] li")
    assert earlier.count() == 1
    assert earlier.text_content() == (
        "1 November 2026: 30 out of 60, Building confidence. Reaching out 8 of 15; "
        "Conversations 8 of 15; Keeping in touch 8 of 15; Learning from feedback 6 of 15."
    )
    assert earlier.locator("time").get_attribute("datetime").startswith("2026-11-01T10:00")
    stored = record(page)
    assert stored["format"] == 3 and stored["answers"] == {}
    assert [take["answers"] for take in stored["takes"]] == [FIRST] and stored["takes"][0]["date"].startswith(
        "2026-11-01"
    )

    # Undo brings the answers back, date and all; taking it again keeps them once more.
    page.keyboard.press("Enter")
    assert shown_answers(page) == FIRST
    assert record(page)["takes"] == [] and record(page)["updated"].startswith("2026-11-01")
    assert earlier.count() == 0
    page.click(f"{CHECKLIST} [data-workbook-action='new-take']")
    answer(page, LATER)
    assert page.text_content(f"{CHECKLIST} [data-workbook-score]") == "Your score: 45 out of 60: Confident networker."
    assert not page.is_visible(f"{CHECKLIST} [data-workbook-action='undo-take']")

    page.reload()
    assert shown_answers(page) == LATER
    assert earlier.count() == 1 and earlier.text_content().startswith("1 November 2026: 30 out of 60")
    assert "These are your answers of 20 December 2026." in retake.text_content()

    page.click("a.md-nav__link[href$='my-workbook/']")
    page.wait_for_selector("[data-workbook-my-workbook][data-workbook-ready]")
    card = page.locator("[data-workbook-summary='networking-confidence']").last
    assert card.locator("[data-workbook-status-badge]").text_content() == "Complete"
    assert "You have taken this self-assessment 2 times." in card.text_content()
    takes, changes = card.locator("[data-workbook-summary-takes] table").all()
    assert table_rows(takes) == [
        ["1 November 2026", "30 out of 60", "Building confidence"],
        ["20 December 2026", "45 out of 60", "Confident networker"],
    ]
    assert table_rows(changes) == CHANGES
    chart = card.locator("svg[role='img']")
    assert chart.is_visible()
    assert chart.get_attribute("aria-label") == (
        "Change from your first take (1 November 2026) to your latest (20 December 2026): "
        "Reaching out from 8 to 12 out of 15 (+4); Conversations from 8 to 9 out of 15 (+1); "
        "Keeping in touch from 8 to 15 out of 15 (+7); Learning from feedback from 6 to 9 out of 15 (+3)."
    )
    # Two legend keys, then two bars per area, drawn to scale (330 units is a full score).
    bars = chart.evaluate(
        "svg => Array.from(svg.querySelectorAll('rect'), r => [r.getAttribute('class'), Number(r.getAttribute('width'))])"
    )
    assert bars[2:] == [
        ["workbook-chart-first", 176],
        ["workbook-chart-latest", 264],
        ["workbook-chart-first", 176],
        ["workbook-chart-latest", 198],
        ["workbook-chart-first", 176],
        ["workbook-chart-latest", 330],
        ["workbook-chart-first", 132],
        ["workbook-chart-latest", 198],
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_takes_the_retake_box_and_the_chart_are_axe_clean(browser, course_url, scheme):
    with watched_page(browser, color_scheme=scheme) as page:
        page.goto(course_url + "/networking-plan/")
        taken = {
            "format": 2,
            "exercise": "networking-confidence",
            "kind": "checklist",
            "updated": LATER_DAY,
            "answers": LATER,
            "takes": [{"date": FIRST_DAY, "answers": FIRST}],
        }
        page.evaluate("([k, v]) => localStorage.setItem(k, JSON.stringify(v))", [KEY, taken])
        for path, shown in (
            ("/networking-plan/", f"{CHECKLIST} [data-workbook-retake]"),
            ("/my-workbook/", "svg.workbook-chart >> nth=0"),
        ):
            page.goto(course_url + path)
            assert page.is_visible(shown)
            results = Axe().run(page, context={"include": [[".md-content"]]})
            assert results.violations_count == 0, results.generate_report()


def test_clearing_a_checklist_keeps_its_earlier_takes(learner, course_url):
    page = learner
    page.goto(course_url + "/")
    answer(page, FIRST)
    page.click(f"{CHECKLIST} [data-workbook-action='new-take']")
    answer(page, LATER)
    page.click(f"{CHECKLIST} [data-workbook-action='clear']")
    assert page.is_visible(f"{CHECKLIST} [data-workbook-takes-kept]")
    page.click(f"{CHECKLIST} [data-workbook-confirm='yes']")
    assert shown_answers(page) == {}
    assert page.text_content(f"{CHECKLIST} [data-workbook-status]") == "Answers cleared. Your earlier takes are kept."
    stored = record(page)
    assert stored["answers"] == {} and [take["answers"] for take in stored["takes"]] == [FIRST]
    page.reload()
    assert page.locator(f"{CHECKLIST} [data-workbook-take-list] li").count() == 1


def seeded_takes() -> dict:
    return {
        KEY: {
            "format": 3,
            "exercise": "networking-confidence",
            "kind": "checklist",
            "updated": "2026-09-01T08:00:00.000Z",
            "answers": {"clear-purpose": 5},
            "takes": [
                {"date": "2026-03-01T09:00:00.000Z", "answers": FIRST},
                {"date": "2026-06-01T09:00:00.000Z", "answers": LATER},
            ],
            "kept": {},
        },
        PREFIX + "first-conversation": {
            "format": 3,
            "exercise": "first-conversation",
            "kind": "worksheet",
            "updated": "2026-02-01T08:00:00.000Z",
            "answers": {"where": "Library meetup"},
            "takes": [],
            "kept": {},
        },
    }


def import_file(page, path, choice: str = "keep") -> str:
    page.set_input_files("input[data-workbook-action='import']", str(path))
    preview = page.locator("[data-workbook-import-preview]")
    preview.wait_for(state="visible")
    text = preview.text_content()
    page.click(f"[data-workbook-import='{choice}']")
    return text


def test_takes_go_through_export_clear_and_import_exactly_and_into_the_action_plan(learner, course_url, tmp_path):
    page = learner
    page.goto(course_url + "/my-workbook/")
    page.evaluate(
        "entries => Object.entries(entries).forEach(([k, v]) => localStorage.setItem(k, JSON.stringify(v)))",
        seeded_takes(),
    )
    page.reload()
    before = records(page)
    assert before == seeded_takes()

    exported = export_file(page, "export", tmp_path)
    data = json.loads(exported.read_text())
    assert data["version"] == 3
    assert data["exercises"]["networking-confidence"]["takes"] == seeded_takes()[KEY]["takes"]
    assert data["exercises"]["first-conversation"] == {
        "kind": "worksheet",
        "updated": "2026-02-01T08:00:00.000Z",
        "answers": {"where": "Library meetup"},
        "takes": [],
        "kept": {},
    }

    plan = export_file(page, "export-markdown", tmp_path).read_text()
    assert plan.startswith("# My workbook\n\nExported 1 November 2026.\n")  # dates written one way throughout
    assert (
        "**Your takes**\n\n| Date | Score | Result |\n| --- | --- | --- |\n| 1 March 2026 | 30 out of 60 | Building confidence |\n"
        in plan
    )
    assert "| 1 June 2026 | 45 out of 60 | Confident networker |" in plan
    assert "| Area | First take (1 March 2026) | Latest take (1 June 2026) | Change |" in plan
    assert "| Keeping in touch | 8 of 15 | 15 of 15 | +7 |" in plan and "| Total | 30 of 60 | 45 of 60 | +15 |" in plan

    page.click("[data-workbook-action='clear']")
    page.click("[data-workbook-clear='yes']")
    assert records(page) == {}
    preview = import_file(page, exported)
    assert "How confident are you about networking? (1 new, 0 different, 0 the same; 2 earlier takes to add)" in preview
    assert records(page) == before

    # The same file again adds nothing: no take is doubled, and nothing's date moves.
    preview = import_file(page, exported)
    assert (
        "How confident are you about networking? (0 new, 0 different, 1 the same)" in preview
        and "to add" not in preview
    )
    assert records(page) == before
    page.reload()
    assert records(page) == before
    assert (
        page.locator("[data-workbook-summary='networking-confidence'] svg[role='img']").count() == 2
    )  # one card per chapter


def test_imported_takes_join_the_ones_in_this_browser_in_date_order(learner, course_url, tmp_path):
    page = learner
    page.goto(course_url + "/my-workbook/")
    mine = {
        "format": 2,
        "exercise": "networking-confidence",
        "kind": "checklist",
        "updated": "2026-09-01T08:00:00.000Z",
        "answers": {},
        "takes": [{"date": "2026-06-01T09:00:00.000Z", "answers": LATER}],
    }
    page.evaluate("([k, v]) => localStorage.setItem(k, JSON.stringify(v))", [KEY, mine])
    theirs = {
        "format": "mkdocs-workbook-answers",
        "version": 2,
        "course": "professional-relationships",
        "exercises": {
            "networking-confidence": {
                "kind": "checklist",
                "answers": {},
                "takes": [
                    {"date": "2026-03-01T09:00:00.000Z", "answers": FIRST},
                    {"date": "2026-06-01T09:00:00.000Z", "answers": LATER},
                ],
            }
        },
    }
    upload = tmp_path / "other-browser.json"
    upload.write_text(json.dumps(theirs))
    assert "1 earlier take to add" in import_file(page, upload)
    assert [take["date"][:10] for take in record(page)["takes"]] == ["2026-03-01", "2026-06-01"]


@pytest.mark.parametrize(
    "takes",
    [
        [{"date": "yesterday", "answers": {}}],
        [{"date": "2026-03-01T09:00:00.000Z", "answers": []}],
        {"date": "2026-03-01T09:00:00.000Z"},
    ],
)
def test_an_import_with_damaged_takes_is_refused(page, course_url, tmp_path, takes):
    page.goto(course_url + "/my-workbook/")
    bad = {
        "format": "mkdocs-workbook-answers",
        "version": 2,
        "course": "professional-relationships",
        "exercises": {"networking-confidence": {"kind": "checklist", "answers": {}, "takes": takes}},
    }
    upload = tmp_path / "bad.json"
    upload.write_text(json.dumps(bad))
    page.set_input_files("input[data-workbook-action='import']", str(upload))
    alert = page.locator("[data-workbook-page-alert]")
    alert.wait_for(state="visible")
    assert "damaged" in alert.text_content() and "Nothing was changed." in alert.text_content()
    assert records(page) == {}


def test_earlier_takes_print_with_the_answers_but_not_on_a_blank_sheet(learner, course_url):
    from .test_print import press_print, print_to_pdf

    page = learner
    page.goto(course_url + "/")
    answer(page, FIRST)
    page.click(f"{CHECKLIST} [data-workbook-action='new-take']")
    answer(page, LATER)
    press_print(page, f"{CHECKLIST} [data-workbook-action='print']")
    filled = print_to_pdf(page)
    assert "Yourearliertakes" in filled and "Takeitagain" not in filled
    press_print(page, f"{CHECKLIST} [data-workbook-action='print-blank']")
    blank = print_to_pdf(page)
    assert "Howconfidentareyouaboutnetworking?" in blank
    assert "Yourearliertakes" not in blank and "Yourscore:45" not in blank


def test_two_takes_on_one_day_are_told_apart_by_their_time(learner, course_url, tmp_path):
    page = learner
    page.goto(course_url + "/my-workbook/")
    same_day = seeded_takes()
    same_day[KEY]["takes"][1]["date"] = "2026-03-01T15:30:00.000Z"
    page.evaluate(
        "entries => Object.entries(entries).forEach(([k, v]) => localStorage.setItem(k, JSON.stringify(v)))", same_day
    )
    page.reload()
    takes = page.locator("[data-workbook-summary='networking-confidence'] [data-workbook-summary-takes] table").first
    assert [row[0] for row in table_rows(takes)] == ["1 March 2026 at 09:00", "1 March 2026 at 15:30"]
    plan = export_file(page, "export-markdown", tmp_path).read_text()
    assert "| 1 March 2026 at 09:00 | 30 out of 60 | Building confidence |" in plan
