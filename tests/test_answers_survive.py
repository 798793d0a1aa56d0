"""Answers that survive change, in real Chromium: older storage formats migrated, newer ones left alone, a rebuilt course."""

from __future__ import annotations

import json
import re

from .conftest import Project, serve
from .test_browser import DEMO, SHEET, STORAGE_KEY, export_file, stored

HABITS_KEY = "workbook:professional-relationships:networking-habits"
HABITS = {"start-conversations": 4, "ask-introductions": 3, "avoid-events": 2, "follow-up": 5, "share-useful": 4}


def put(page, key: str, value) -> None:
    page.evaluate(
        "([key, value]) => localStorage.setItem(key, value)",
        [key, value if isinstance(value, str) else json.dumps(value)],
    )


def raw(page, key: str):
    return page.evaluate("key => localStorage.getItem(key)", key)


def test_format_1_entries_are_migrated_shown_and_written_back_as_format_3(page, course_url):
    page.goto(course_url + DEMO)
    sheet = {
        "format": 1,
        "exercise": "first-conversation",
        "kind": "worksheet",
        "updated": "2025-05-04T10:00:00.000Z",
        "answers": {"where": "Saved by the first release", "comfort": 4, "contacts": [{}, {"why": "Knows everyone"}]},
    }
    # The first release's records, before the format was numbered, had no "format" at all.
    habits = {
        "exercise": "networking-habits",
        "kind": "checklist",
        "updated": "2025-05-04T10:05:00.000Z",
        "answers": HABITS,
    }
    put(page, STORAGE_KEY, sheet)
    put(page, HABITS_KEY, habits)
    page.reload()
    assert page.input_value(f"{SHEET}-where") == "Saved by the first release"
    assert page.is_checked(f"{SHEET}-comfort-4")
    assert page.input_value(f"{SHEET}-contacts-2-why") == "Knows everyone"
    assert (
        page.text_content("#wb-networking-habits [data-workbook-score]") == "Your score: 25 out of 30: Well connected."
    )
    assert stored(page) == {**sheet, "format": 3, "takes": [], "kept": {}}
    assert stored(page, HABITS_KEY) == {**habits, "format": 3, "takes": [], "kept": {}}


def test_my_workbook_migrates_entries_of_chapters_not_opened_yet(page, course_url):
    page.goto(course_url + "/my-workbook/")
    old = {
        "format": 1,
        "exercise": "course-plan",
        "kind": "worksheet",
        "updated": "2025-05-04T10:00:00.000Z",
        "answers": {"hopes": "Two new clients"},
    }
    key = "workbook:professional-relationships:course-plan"
    put(page, key, old)
    page.reload()
    answer = page.locator(
        "[data-workbook-summary='course-plan'] [data-workbook-answer='hopes'] [data-workbook-answer-text]"
    )
    assert answer.text_content() == "Two new clients"
    assert stored(page, key) == {**old, "format": 3, "takes": [], "kept": {}}


def test_an_entry_from_a_newer_format_is_kept_untouched_and_reported(page, course_url, tmp_path):
    page.goto(course_url + DEMO)
    future = json.dumps({"format": 4, "exercise": "first-conversation", "entries": [{"where": "Written by release 4"}]})
    put(page, STORAGE_KEY, future)
    page.reload()
    alert = page.locator(f"{SHEET} [data-workbook-alert]")
    assert alert.is_visible() and "saved by a newer version of the course" in alert.text_content()
    assert page.is_disabled(f"{SHEET}-where")
    assert not page.is_visible(f"{SHEET} [data-workbook-action='clear']")
    page.check("#wb-networking-habits-follow-up-5")  # other exercises on the page still work
    assert raw(page, STORAGE_KEY) == future

    page.goto(course_url + "/my-workbook/")
    notice = page.locator("[data-workbook-newer]")
    assert notice.is_visible() and "one exercise were saved by a newer version" in notice.text_content()
    assert "first-conversation" not in json.loads(export_file(page, "export", tmp_path).read_text())["exercises"]
    upload = tmp_path / "import.json"
    upload.write_text(
        json.dumps(
            {
                "format": "mkdocs-workbook-answers",
                "version": 2,
                "course": "professional-relationships",
                "exercises": {"first-conversation": {"kind": "worksheet", "answers": {"where": "From a file"}}},
            }
        )
    )
    page.set_input_files("input[data-workbook-action='import']", str(upload))
    page.locator("[data-workbook-import-preview]").wait_for(state="visible")
    page.click("[data-workbook-import='keep']")
    # One exercise, in the singular (English's plural rule: the catalogue's "one" form).
    assert "1 was left as it is: a newer version of the course saved it." in page.text_content(
        "[data-workbook-page-status]"
    )
    assert raw(page, STORAGE_KEY) == future


def test_a_rebuilt_course_with_a_renamed_label_a_removed_field_and_a_removed_exercise_loses_nothing(
    page, project: Project, tmp_path
):
    assert project.build().returncode == 0
    url, server = serve(project.path / "site")
    key = "workbook:test-course:first-conversation"
    habits_key = "workbook:test-course:networking-habits"
    try:
        page.goto(url + "/")
        page.fill(f"{SHEET}-where", "Regional product meetup")
        page.fill(f"{SHEET}-people", "3")
        page.check(f"{SHEET}-goal-advice")
        for item, value in HABITS.items():
            page.check(f"#wb-networking-habits-{item}-{value}")
        habits = stored(page, habits_key)["answers"]
        assert not page.is_visible(f"{SHEET} [data-workbook-not-shown]"), "every answer is shown: nothing to say"

        # The next release: a label reworded, the "people" field and the whole checklist gone.
        sheet = project.path / "exercises" / "demo" / "first-conversation.yml"
        text = sheet.read_text().replace(
            "label: Where will you meet new people?", "label: Where could you meet someone new?"
        )
        text, removed = re.subn(r"  - id: people\n(?:    .*\n)+", "", text)
        assert removed == 1
        sheet.write_text(text)
        (project.path / "exercises" / "demo" / "networking-habits.yml").unlink()
        project.write("content/index.md", "# Home\n\n/// worksheet | first-conversation\n///\n")
        result = project.build()
        assert result.returncode == 0, result.stderr

        page.reload()
        assert page.text_content(f"label[for='{SHEET[1:]}-where']").strip() == "Where could you meet someone new?"
        assert page.input_value(f"{SHEET}-where") == "Regional product meetup"
        assert page.is_checked(f"{SHEET}-goal-advice")
        assert page.locator(f"{SHEET}-people").count() == 0
        # The answer to the removed question is not lost, and the exercise says where it went.
        note = page.locator(f"{SHEET} [data-workbook-not-shown]")
        assert note.is_visible()
        assert "My workbook lists them under “No longer in the course”" in note.text_content()
        page.fill(f"{SHEET}-where", "Regional product meetup, March")
        assert stored(page, key)["answers"] == {
            "where": "Regional product meetup, March",
            "goal": "advice",
            "people": 3,
        }

        page.goto(url + "/my-workbook/")
        assert (
            page.text_content("[data-workbook-summary='first-conversation'] [data-workbook-status-badge]")
            == "In progress"
        )
        orphans = page.locator("[data-workbook-orphans]")
        assert orphans.is_visible()
        headings = orphans.locator("h3").all_text_contents()
        assert headings == [
            "Plan your next first conversation: answers to questions no longer asked",
            "networking-habits",
        ]
        bodies = [json.loads(text) for text in orphans.locator("pre").all_text_contents()]
        assert bodies == [{"people": 3}, habits]

        exercises = json.loads(export_file(page, "export", tmp_path).read_text())["exercises"]
        assert exercises["first-conversation"]["answers"]["people"] == 3
        assert exercises["networking-habits"]["answers"] == habits
        plan = export_file(page, "export-markdown", tmp_path).read_text()
        assert "## No longer in the course" in plan and '"people": 3' in plan
    finally:
        server.shutdown()
        server.server_close()
