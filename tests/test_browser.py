"""Real Chromium on the built course: typing, reload, instant navigation, scoring, clearing, axe."""

from __future__ import annotations

import json

import pytest
from axe_playwright_python.sync_playwright import Axe

DEMO = "/demo/"
SHEET = "#wb-first-conversation"
CHECKLIST = "#wb-networking-habits"
STORAGE_KEY = "workbook:professional-relationships:first-conversation"


def fill_every_field(page) -> None:
    page.fill(f"{SHEET}-where", "Regional product meetup")
    page.fill(f"{SHEET}-opening", "Hi, I'm Sam.\nWhat brought you to this talk?")
    page.check(f"{SHEET}-comfort-4")
    page.check(f"{SHEET}-goal-advice")
    page.check(f"{SHEET}-topics-industry-news")
    page.check(f"{SHEET}-topics-hobbies")
    page.check(f"{SHEET}-follow-up-agreed-yes")
    page.fill(f"{SHEET}-people", "3")
    page.fill(f"{SHEET}-date", "2026-12-03")
    page.fill(f"{SHEET}-contacts-2-why", "Runs the design guild")


def assert_every_field_filled(page) -> None:
    assert page.input_value(f"{SHEET}-where") == "Regional product meetup"
    assert page.input_value(f"{SHEET}-opening") == "Hi, I'm Sam.\nWhat brought you to this talk?"
    assert page.is_checked(f"{SHEET}-comfort-4")
    assert page.is_checked(f"{SHEET}-goal-advice")
    assert page.is_checked(f"{SHEET}-topics-industry-news") and page.is_checked(f"{SHEET}-topics-hobbies")
    assert not page.is_checked(f"{SHEET}-topics-recent-project")
    assert page.is_checked(f"{SHEET}-follow-up-agreed-yes")
    assert page.input_value(f"{SHEET}-people") == "3"
    assert page.input_value(f"{SHEET}-date") == "2026-12-03"
    assert page.input_value(f"{SHEET}-contacts-2-why") == "Runs the design guild"
    assert page.input_value(f"{SHEET}-contacts-1-why") == ""


def stored(page, key: str = STORAGE_KEY):
    raw = page.evaluate("key => localStorage.getItem(key)", key)
    return None if raw is None else json.loads(raw)


def test_answers_to_every_field_type_survive_a_reload(page, course_url):
    page.goto(course_url + DEMO)
    fill_every_field(page)
    assert page.text_content(f"{SHEET} [data-workbook-status]").startswith("Saved in this browser at ")
    page.reload()
    assert_every_field_filled(page)
    record = stored(page)
    assert (
        record["format"] == 3
        and record["takes"] == []
        and record["kept"] == {}
        and record["exercise"] == "first-conversation"
    )
    assert record["answers"]["contacts"] == [{}, {"why": "Runs the design guild"}]
    assert record["answers"]["comfort"] == 4 and record["answers"]["people"] == 3


def test_answers_survive_instant_navigation_away_and_back(page, course_url):
    page.goto(course_url + DEMO)
    page.fill(f"{SHEET}-where", "Library meetup")
    page.click("a.md-nav__link[href$='networking-plan/']")
    page.wait_for_selector("[data-workbook-exercise='ninety-day-plan']")
    page.go_back()
    page.wait_for_selector(f"{SHEET}-where")
    assert page.input_value(f"{SHEET}-where") == "Library meetup"
    page.fill(f"{SHEET}-where", "Changed after navigating")
    page.reload()
    assert page.input_value(f"{SHEET}-where") == "Changed after navigating"


def test_the_same_answers_are_kept_when_the_course_page_is_opened_fresh(browser, course_url):
    context = browser.new_context()
    first = context.new_page()
    first.goto(course_url + DEMO)
    first.fill(f"{SHEET}-where", "Kept across tabs")
    first.close()
    second = context.new_page()
    second.goto(course_url + DEMO)
    assert second.input_value(f"{SHEET}-where") == "Kept across tabs"
    context.close()


def test_checklist_scores_subscores_and_band_update_live(page, course_url):
    page.goto(course_url + DEMO)
    score = page.locator(f"{CHECKLIST} [data-workbook-score]")
    assert (
        score.text_content()
        == "You have answered 0 of 5 statements. Your score appears when you have answered them all."
    )
    page.check(f"{CHECKLIST}-start-conversations-4")
    page.check(f"{CHECKLIST}-ask-introductions-3")
    page.check(f"{CHECKLIST}-avoid-events-2")  # reversed: counts 4
    assert score.text_content() == "You have answered 3 of 5 statements; your score so far is 11."
    assert (
        page.text_content(f"{CHECKLIST} [data-workbook-subscore='reach'] [data-workbook-subscore-value]")
        == "11 out of 15"
    )
    assert page.locator(f"{CHECKLIST} .workbook-band--current").count() == 0
    page.check(f"{CHECKLIST}-follow-up-5")  # weight 2: counts 10
    page.check(f"{CHECKLIST}-share-useful-1")
    assert score.text_content() == "Your score: 22 out of 30: Building momentum."
    current = page.locator(f"{CHECKLIST} [aria-current='true']")
    assert current.get_attribute("data-workbook-band") == "Building momentum"
    page.check(f"{CHECKLIST}-share-useful-4")
    assert score.text_content() == "Your score: 25 out of 30: Well connected."
    assert (
        page.text_content(f"{CHECKLIST} [data-workbook-subscore='keep'] [data-workbook-subscore-value]")
        == "14 out of 15"
    )
    page.reload()
    assert score.text_content() == "Your score: 25 out of 30: Well connected."


def test_yes_no_checklist_scores_from_the_first_tick_or_none_of_these(page, course_url):
    page.goto(course_url + "/finding-opportunities/")
    root = page.locator("[data-workbook-exercise='event-preparation']")
    score = root.locator("[data-workbook-score]")
    items = root.locator("[data-workbook-item]")
    assert items.count() >= 5
    reversed_weight = sum(
        float(item.get_attribute("data-workbook-weight"))
        for item in root.locator("[data-workbook-reverse='true']").all()
    )
    # Untouched, an unticked reversed statement is not yet a "no": no score to show.
    assert not score.text_content().startswith("Your score")
    assert "None of these applies to me" in score.text_content()
    first = root.locator("[data-workbook-item][data-workbook-reverse='false']").first
    weight = float(first.get_attribute("data-workbook-weight"))
    first.locator("input").check()
    assert score.text_content().startswith(f"Your score: {reversed_weight + weight:g} out of")
    first.locator("input").uncheck()
    assert score.text_content().startswith(f"Your score: {reversed_weight:g} out of")
    page.reload()
    assert score.text_content().startswith(f"Your score: {reversed_weight:g} out of")
    root.locator("[data-workbook-action='clear']").click()
    root.locator("[data-workbook-confirm='yes']").click()
    assert not score.text_content().startswith("Your score")
    root.locator("[data-workbook-action='none-apply']").click()
    assert score.text_content().startswith(f"Your score: {reversed_weight:g} out of")
    assert root.locator("input[type=checkbox]:checked").count() == 0


def test_clear_asks_first_and_keeping_changes_nothing(page, course_url):
    page.goto(course_url + DEMO)
    page.fill(f"{SHEET}-where", "Keep me")
    clear = page.locator(f"{SHEET} [data-workbook-action='clear']")
    clear.click()
    keep = page.locator(f"{SHEET} [data-workbook-confirm='no']")
    assert keep.is_visible()
    assert page.evaluate("document.activeElement.dataset.workbookConfirm") == "no"
    keep.click()
    assert page.input_value(f"{SHEET}-where") == "Keep me"
    assert clear.is_visible()

    clear.click()
    page.keyboard.press("Escape")
    assert page.input_value(f"{SHEET}-where") == "Keep me"

    clear.click()
    page.click(f"{SHEET} [data-workbook-confirm='yes']")
    assert page.input_value(f"{SHEET}-where") == ""
    assert stored(page) is None
    page.reload()
    assert page.input_value(f"{SHEET}-where") == ""


def test_a_corrupted_entry_is_reported_kept_and_the_page_still_works(page, course_url):
    page.goto(course_url + DEMO)
    page.evaluate("key => localStorage.setItem(key, '{not json')", STORAGE_KEY)
    page.reload()
    alert = page.locator(f"{SHEET} [data-workbook-alert]")
    assert alert.is_visible()
    assert "could not be read" in alert.text_content()
    backups = page.evaluate(
        "key => Object.keys(localStorage).filter(k => k.startsWith(key + ':unreadable:'))", STORAGE_KEY
    )
    assert len(backups) == 1
    assert page.evaluate("key => localStorage.getItem(key)", backups[0]) == "{not json"
    page.fill(f"{SHEET}-where", "Fresh start")
    page.reload()
    assert page.input_value(f"{SHEET}-where") == "Fresh start"


def test_a_full_storage_quota_is_told_to_the_learner(page, course_url):
    page.goto(course_url + DEMO)
    page.evaluate("""() => { Storage.prototype.setItem = function () {
        throw new DOMException('quota', 'QuotaExceededError'); }; }""")
    page.fill(f"{SHEET}-where", "Will not fit")
    alert = page.locator(f"{SHEET} [data-workbook-alert]")
    assert alert.is_visible()
    assert "could not be saved" in alert.text_content()


def test_answers_to_fields_a_new_release_removed_are_kept(page, course_url):
    page.goto(course_url + DEMO)
    old = {
        "format": 1,
        "exercise": "first-conversation",
        "kind": "worksheet",
        "updated": "2026-01-01T00:00:00Z",
        "answers": {"where": "Old answer", "retired-field": "Written for an earlier release"},
    }
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [STORAGE_KEY, json.dumps(old)])
    page.reload()
    assert page.input_value(f"{SHEET}-where") == "Old answer"
    page.fill(f"{SHEET}-where", "New answer")
    assert stored(page)["answers"] == {"where": "New answer", "retired-field": "Written for an earlier release"}


def test_keyboard_only_learner_can_rate_and_tick(page, course_url):
    page.goto(course_url + DEMO)
    page.focus(f"{SHEET}-comfort-1")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert page.is_checked(f"{SHEET}-comfort-3")
    page.focus(f"{SHEET}-topics-recent-project")
    page.keyboard.press("Space")
    assert page.is_checked(f"{SHEET}-topics-recent-project")
    page.reload()
    assert page.is_checked(f"{SHEET}-comfort-3") and page.is_checked(f"{SHEET}-topics-recent-project")


def test_without_javascript_the_page_still_reads_as_a_form(browser, course_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(course_url + DEMO)
    assert page.locator(f"{SHEET} textarea").is_visible()
    assert page.locator(f"{CHECKLIST} input[type=radio]").count() == 25
    assert not page.locator(f"{SHEET} [data-workbook-action='clear']").is_visible()
    # A weighted statement counts twice: the sheet says what each answer scores (issue 21, on paper).
    paper = page.text_content(f"{CHECKLIST} .workbook-on-paper")
    assert "On paper, add up the points your answers score" in paper
    assert "4. 1 → 2, 2 → 4, 3 → 6, 4 → 8, 5 → 10;" in paper
    assert page.locator(f"{CHECKLIST} .workbook-on-paper").is_visible()
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", [DEMO, "/", "/networking-plan/"])
def test_axe_finds_no_violations(browser, course_url, scheme, path):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(course_url + path)
    page.check(f"{CHECKLIST}-start-conversations-4") if path == DEMO else None
    results = Axe().run(page, context={"include": [[".md-content"]]})
    context.close()
    assert results.violations_count == 0, results.generate_report()


def test_my_workbook_shows_answers_from_two_chapters_with_progress(page, gallery_url):
    page.goto(gallery_url + DEMO)
    fill_every_field(page)
    for item, value in (
        ("start-conversations", 4),
        ("ask-introductions", 3),
        ("avoid-events", 2),
        ("follow-up", 5),
        ("share-useful", 4),
    ):
        page.check(f"{CHECKLIST}-{item}-{value}")
    page.goto(gallery_url + "/finding-opportunities/")
    event = page.locator("[data-workbook-exercise='event-preparation']")
    event.locator("input[type=checkbox]").first.check()
    page.evaluate(
        "localStorage.setItem('workbook:professional-relationships:retired', JSON.stringify({format: 1, answers: {gone: 'Still here'}}))"
    )

    page.click("a.md-nav__link[href$='my-workbook/']")
    page.wait_for_selector("[data-workbook-my-workbook]")
    summary = page.locator("[data-workbook-summary='first-conversation']")
    assert summary.locator("[data-workbook-status-badge]").text_content() == "Complete"

    def answer(field: str) -> str:
        return summary.locator(f"[data-workbook-answer='{field}'] [data-workbook-answer-text]").text_content()

    assert answer("where") == "Regional product meetup"
    assert answer("opening") == "Hi, I'm Sam.\nWhat brought you to this talk?"
    assert answer("comfort") == "4 of 5"
    assert answer("goal") == "Ask for advice on a specific question"
    assert answer("topics") == "Industry news; Hobbies"
    assert answer("follow-up-agreed") == "Yes"
    assert answer("people") == "3"
    table = summary.locator("[data-workbook-answer='contacts'] table")
    assert table.is_visible()
    assert table.locator("tbody tr").count() == 1
    assert table.locator("tbody td").nth(1).text_content() == "Runs the design guild"
    # Each answer sits right under its question, one line high when it is one line; the badge's text in its middle.
    layout = summary.evaluate("""(card) => {
        const where = card.querySelector("[data-workbook-answer='where']");
        const badge = card.querySelector("[data-workbook-status-badge]");
        const range = document.createRange();
        range.selectNodeContents(badge);
        const [box, words] = [badge.getBoundingClientRect(), range.getBoundingClientRect()];
        return {gap: where.getBoundingClientRect().top - where.previousElementSibling.getBoundingClientRect().bottom,
                height: where.getBoundingClientRect().height, line: parseFloat(getComputedStyle(where).lineHeight),
                above: words.top - box.top, below: box.bottom - words.bottom};
    }""")
    assert layout["gap"] < 8 and layout["height"] <= layout["line"] + 1, layout
    assert abs(layout["above"] - layout["below"]) <= 2, layout

    habits = page.locator("[data-workbook-summary='networking-habits']")
    assert habits.locator("[data-workbook-score]").text_content() == "Your score: 25 out of 30: Well connected."
    assert (
        habits.locator("[data-workbook-subscore='reach'] [data-workbook-subscore-value]").text_content()
        == "11 out of 15"
    )
    assert (
        page.locator("[data-workbook-summary='event-preparation'] [data-workbook-status-badge]").text_content()
        == "Complete"
    )
    assert (
        page.locator("[data-workbook-summary='elevator-pitch'] [data-workbook-status-badge]").text_content()
        == "Not started"
    )

    total = len(
        set(page.eval_on_selector_all("[data-workbook-summary]", "cards => cards.map(c => c.dataset.workbookSummary)"))
    )
    assert (
        page.text_content("[data-workbook-progress='course']")
        == f"Whole course: 3 of {total} exercises complete, 0 in progress."
    )
    chapter = page.locator("[data-workbook-chapter]", has=page.locator("[data-workbook-summary='event-preparation']"))
    assert chapter.locator("[data-workbook-progress='chapter']").text_content().startswith("1 of 3 exercises complete")
    orphans = page.locator("[data-workbook-orphans]")
    assert orphans.is_visible() and "Still here" in orphans.text_content()


def test_my_workbook_follows_answers_typed_in_another_tab(browser, gallery_url):
    context = browser.new_context()
    workbook_tab = context.new_page()
    workbook_tab.goto(gallery_url + "/my-workbook/")
    where = workbook_tab.locator(
        "[data-workbook-summary='first-conversation'] [data-workbook-answer='where'] [data-workbook-answer-text]"
    )
    assert where.text_content() == "–"
    chapter_tab = context.new_page()
    chapter_tab.goto(gallery_url + DEMO)
    chapter_tab.fill(f"{SHEET}-where", "Typed in the other tab")
    workbook_tab.wait_for_function("el => el.textContent === 'Typed in the other tab'", arg=where.element_handle())
    context.close()


def test_my_workbook_still_loading_when_another_tab_saves_shows_the_answer_without_errors(browser, gallery_url):
    """my-workbook.js stands in the page and workbook.js at its end: on a long page the other tab's save
    can come in between (found timing My workbook over 2,500 exercises: 'api.read is not a function')."""
    context = browser.new_context()
    chapter_tab = context.new_page()
    chapter_tab.goto(gallery_url + DEMO)
    workbook_tab = context.new_page()
    errors: list[str] = []
    workbook_tab.on("pageerror", lambda error: errors.append(str(error)))
    held = []
    workbook_tab.route(
        "**/workbook/workbook.js", lambda route: held.append(route)
    )  # answered below, after the other tab has saved
    workbook_tab.goto(gallery_url + "/my-workbook/", wait_until="commit")
    workbook_tab.wait_for_function("() => window.workbook && window.workbook.myWorkbook")  # my-workbook.js has run
    chapter_tab.fill(f"{SHEET}-where", "Saved while My workbook was loading")
    workbook_tab.wait_for_timeout(300)  # the storage event reaches the loading page
    assert held, "workbook.js was not requested"
    held[0].continue_()
    where = "[data-workbook-summary='first-conversation'] [data-workbook-answer='where'] [data-workbook-answer-text]"
    workbook_tab.wait_for_function(
        "sel => document.querySelector(sel).textContent === 'Saved while My workbook was loading'", arg=where
    )
    assert errors == []
    context.close()


def test_my_workbook_is_axe_clean(browser, course_url):
    page = browser.new_page()
    page.goto(course_url + "/my-workbook/")
    results = Axe().run(page, context={"include": [[".md-content"]]})
    page.close()
    assert results.violations_count == 0, results.generate_report()


def all_answers(page) -> dict:
    return page.evaluate("""() => Object.fromEntries(Object.keys(localStorage)
        .filter(k => k.startsWith('workbook:professional-relationships:'))
        .map(k => [k, JSON.parse(localStorage.getItem(k)).answers]))""")


def export_file(page, action: str, tmp_path) -> str:
    with page.expect_download() as download:
        page.click(f"[data-workbook-action='{action}']")
    target = tmp_path / download.value.suggested_filename
    download.value.save_as(target)
    return target


def test_export_clear_import_gives_the_same_answers_back(page, gallery_url, tmp_path):
    page.goto(gallery_url + DEMO)
    fill_every_field(page)
    page.check(f"{CHECKLIST}-follow-up-5")
    page.goto(gallery_url + "/my-workbook/")
    before = all_answers(page)
    assert len(before) == 2
    exported = export_file(page, "export", tmp_path)
    data = json.loads(exported.read_text())
    assert (
        data["format"] == "mkdocs-workbook-answers"
        and data["version"] == 3
        and data["course"] == "professional-relationships"
    )

    plan = export_file(page, "export-markdown", tmp_path).read_text()
    assert "### Plan your next first conversation" in plan and "Regional product meetup" in plan
    assert "| Name or role | Why them | Next step |" in plan and "Runs the design guild" in plan

    page.click("[data-workbook-action='clear']")
    assert page.evaluate("document.activeElement.dataset.workbookClear") == "no"
    page.click("[data-workbook-clear='yes']")
    assert all_answers(page) == {}
    assert "0 of" in page.text_content("[data-workbook-progress='course']")

    page.set_input_files("input[data-workbook-action='import']", str(exported))
    preview = page.locator("[data-workbook-import-preview]")
    preview.wait_for(state="visible")
    assert "Plan your next first conversation (9 new, 0 different, 0 the same)" in preview.text_content()
    page.click("[data-workbook-import='keep']")
    assert all_answers(page) == before
    page.goto(gallery_url + DEMO)
    assert_every_field_filled(page)


def test_import_shows_conflicts_and_lets_the_learner_choose(page, course_url, tmp_path):
    page.goto(course_url + DEMO)
    page.fill(f"{SHEET}-where", "From the file")
    page.goto(course_url + "/my-workbook/")
    exported = export_file(page, "export", tmp_path)
    page.goto(course_url + DEMO)
    page.fill(f"{SHEET}-where", "Typed here since")
    page.goto(course_url + "/my-workbook/")
    page.set_input_files("input[data-workbook-action='import']", str(exported))
    page.locator("[data-workbook-import-preview]").wait_for(state="visible")
    assert "1 different" in page.text_content("[data-workbook-import-preview]")
    page.click("[data-workbook-import='keep']")
    assert all_answers(page)["workbook:professional-relationships:first-conversation"]["where"] == "Typed here since"
    page.set_input_files("input[data-workbook-action='import']", str(exported))
    page.locator("[data-workbook-import-preview]").wait_for(state="visible")
    page.click("[data-workbook-import='replace']")
    assert all_answers(page)["workbook:professional-relationships:first-conversation"]["where"] == "From the file"


@pytest.mark.parametrize(
    "content, reason",
    [
        ("{ this is not json", "damaged or is not an export"),
        (json.dumps({"hello": "world"}), "not an export of answers"),
        (
            json.dumps(
                {
                    "format": "mkdocs-workbook-answers",
                    "version": 99,
                    "course": "professional-relationships",
                    "exercises": {},
                }
            ),
            "newer version",
        ),
        (
            json.dumps(
                {"format": "mkdocs-workbook-answers", "version": 1, "course": "another-course", "exercises": {}}
            ),
            "different course",
        ),
        (
            json.dumps(
                {
                    "format": "mkdocs-workbook-answers",
                    "version": 1,
                    "course": "professional-relationships",
                    "exercises": {"x": {"answers": []}},
                }
            ),
            "damaged",
        ),
    ],
)
def test_a_foreign_newer_or_damaged_file_is_refused_and_changes_nothing(page, course_url, tmp_path, content, reason):
    page.goto(course_url + DEMO)
    page.fill(f"{SHEET}-where", "Precious")
    page.goto(course_url + "/my-workbook/")
    before = all_answers(page)
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    page.set_input_files("input[data-workbook-action='import']", str(bad))
    alert = page.locator("[data-workbook-page-alert]")
    alert.wait_for(state="visible")
    assert reason in alert.text_content() and "Nothing was changed." in alert.text_content()
    assert not page.locator("[data-workbook-import-preview]").is_visible()
    assert all_answers(page) == before


def test_two_tabs_on_the_same_exercise_do_not_overwrite_each_other(browser, course_url):
    context = browser.new_context()
    first, second = context.new_page(), context.new_page()
    first.goto(course_url + DEMO)
    second.goto(course_url + DEMO)
    first.fill(f"{SHEET}-where", "Typed in the first tab")
    second.wait_for_function(
        "sel => document.querySelector(sel).value === 'Typed in the first tab'", arg=f"{SHEET}-where"
    )
    second.fill(f"{SHEET}-opening", "Typed in the second tab")
    first.wait_for_function(
        "sel => document.querySelector(sel).value === 'Typed in the second tab'", arg=f"{SHEET}-opening"
    )
    first.check(f"{SHEET}-comfort-2")
    third = context.new_page()
    third.goto(course_url + DEMO)
    assert third.input_value(f"{SHEET}-where") == "Typed in the first tab"
    assert third.input_value(f"{SHEET}-opening") == "Typed in the second tab"
    assert third.is_checked(f"{SHEET}-comfort-2")
    context.close()


def test_fuzzed_import_files_never_break_the_page_or_change_answers_when_refused(browser, course_url):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    leaves = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
    json_values = st.recursive(
        leaves,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
        max_leaves=12,
    )
    near_miss = st.fixed_dictionaries(
        {
            "format": st.sampled_from(["mkdocs-workbook-answers", "other"]),
            "version": st.one_of(st.integers(-2, 3), st.text(max_size=3)),
            "course": st.sampled_from(["professional-relationships", "other-course"]),
            "exercises": json_values
            | st.dictionaries(st.sampled_from(["first-conversation", "Bad Id", "x"]), json_values, max_size=3),
        }
    )
    documents = st.one_of(
        json_values.map(json.dumps),
        near_miss.map(json.dumps),
        st.binary(max_size=40).map(lambda b: b.decode("latin-1")),
    )

    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(course_url + DEMO)
    page.fill(f"{SHEET}-where", "Keep me safe")
    page.goto(course_url + "/my-workbook/")
    before = all_answers(page)

    @settings(max_examples=40, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
    @given(documents)
    def import_one(text: str) -> None:
        page.evaluate(
            "() => { const a = document.querySelector('[data-workbook-page-alert]'); a.hidden = true; a.textContent = ''; }"
        )
        page.set_input_files(
            "input[data-workbook-action='import']",
            files=[{"name": "f.json", "mimeType": "application/json", "buffer": text.encode("utf-8", "surrogatepass")}],
        )
        page.wait_for_function("""() => !document.querySelector('[data-workbook-page-alert]').hidden
            || !document.querySelector('[data-workbook-import-preview]').hidden""")
        if page.is_visible("[data-workbook-import-preview]"):
            page.click("[data-workbook-import='cancel']")  # accepted files are previewed; cancelling changes nothing
        else:
            assert "Nothing was changed." in page.text_content("[data-workbook-page-alert]")
        assert all_answers(page) == before
        assert errors == []

    import_one()
    context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_tables_never_push_the_page_sideways(browser, course_url, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    for path in ("/why-networking-matters/", "/nurturing-relationships/", "/networking-plan/"):
        page.goto(course_url + path)
        assert page.evaluate("document.documentElement.scrollWidth") == width, f"{path} scrolls sideways at {width} px"
        if width >= 1280:
            cut = page.evaluate(
                "Array.from(document.querySelectorAll('.workbook-table-wrap')).filter(w => w.scrollWidth > w.clientWidth + 1).length"
            )
            assert cut == 0, f"{path}: a table's last columns are hidden on a desktop screen"
    context.close()


def test_keyboard_focus_rings_the_whole_rating_point(page, course_url):
    page.goto(course_url + DEMO)
    page.focus(f"{SHEET}-comfort-1")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.id") == "wb-first-conversation-comfort-2"
    ring = page.evaluate("getComputedStyle(document.activeElement.closest('.workbook-point')).outlineStyle")
    assert ring == "solid", "the focused rating point shows no focus ring"


def test_on_a_phone_scales_stay_one_row_and_nothing_is_squeezed(browser, course_url):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(course_url + DEMO)
    layout = page.evaluate("""() => {
        const rect = (element) => element.getBoundingClientRect();
        const rows = Array.from(document.querySelectorAll('.workbook-scale'), (scale) =>
            new Set(Array.from(scale.querySelectorAll('.workbook-point'), (point) => Math.round(rect(point).top))).size);
        const actions = document.querySelector('#wb-first-conversation [data-workbook-actions]');
        return {rows, width: document.documentElement.scrollWidth,
                cell: rect(document.querySelector('#wb-first-conversation .workbook-table .workbook-input')).width,
                status: rect(actions.querySelector('[data-workbook-status]')).width / rect(actions).width};
    }""")
    assert layout["rows"] and set(layout["rows"]) == {1}, f"a scale wraps on a phone: {layout['rows']}"
    assert layout["width"] == 390, "the page scrolls sideways"
    assert layout["cell"] >= 140, "table cells too narrow to type in"
    assert layout["status"] > 0.9, "the save status is squeezed beside the buttons"
    page.goto(course_url + "/my-workbook/")
    gaps = page.evaluate("""() => {
        const boxes = Array.from(document.querySelectorAll('[data-workbook-toolbar] > .workbook-button'), (b) => b.getBoundingClientRect());
        return boxes.flatMap((a, i) => boxes.slice(i + 1).map((b) => Math.max(b.left - a.right, a.left - b.right, b.top - a.bottom, a.top - b.bottom)));
    }""")
    assert gaps and min(gaps) >= 4, f"toolbar buttons touch: {gaps}"
    context.close()
