"""The presenter view of a workshop (facilitator's edition), in Chromium on a controlled clock: the countdown, items
moving on by key, click and by themselves, the day re-planned after an overrun, the warning before a fixed time,
steps as sub-timers, resume after a reload, two windows in step, axe, file:// and instant navigation."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path

import markdown
import pytest
from axe_playwright_python.sync_playwright import Axe
from workbook import load_exercises
from workbook.blocks.extension import WorkbookExtension
from workbook.reading.loader import load_workshops

from .conftest import DEMO_EXERCISES, MINIMAL_CONFIG, Project, serve

# Planned: 09:00 welcome (5), 09:05 first-conversation (15: steps 8 + 7), 09:20 discussion (10), 09:30 free,
# 09:45 break (fixed, 10), 09:55 wrap-up (5), 10:00 end. A second day at 13:00.
PLAN = """\
id: practice
title: Practice <em>day</em>
group_size: 8
days:
  - start: "09:00"
    end: "10:00"
    sessions:
      - title: Morning
        items:
          - {activity: welcome, minutes: 5, cue: "Names round </script><script>window.hacked = 1</script>"}
          - exercise: first-conversation
          - {activity: discussion, minutes: 10, title: "Open <b>floor</b>"}
          - {activity: break, minutes: 10, at: "09:45"}
          - {activity: wrap-up, minutes: 5}
  - title: Second day
    start: "13:00"
    sessions:
      - title: Afternoon
        items:
          - exercise: networking-habits
"""
PRESENT = "/facilitator/workshops/practice/present/"
KEY = "workbook-present:test-course:practice"
COUNTDOWN = "[data-workbook-countdown]"
LIVE = "[data-workbook-present-live]"
DAY = datetime(2026, 12, 7, tzinfo=timezone.utc)
BEFORE_NINE = DAY.replace(hour=8, minute=58)


def at(clock: str) -> datetime:
    hours, minutes = map(int, clock.split(":"))
    return DAY.replace(hour=hours, minute=minutes)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The facilitator's edition of a small course with one workshop, served at its site_url (instant navigation on)."""
    root = tmp_path_factory.mktemp("present")
    project = Project(root)
    built = root / "site-facilitator"
    built.mkdir()
    url, server = serve(built)
    project.write(
        "mkdocs.yml",
        MINIMAL_CONFIG.replace("  font: false\n", "  font: false\n  features:\n    - navigation.instant\n")
        + f"site_url: {url}/\n",
    )
    project.write(
        "mkdocs.facilitator.yml",
        "INHERIT: mkdocs.yml\nsite_dir: site-facilitator\nplugins:\n  - workbook:\n      edition: facilitator\n",
    )
    project.write(
        "content/index.md",
        "# Home\n\n/// worksheet | first-conversation\n///\n\n/// checklist | networking-habits\n///\n",
    )
    project.write("workshops/practice.yml", PLAN)
    shutil.copytree(DEMO_EXERCISES, root / "exercises" / "demo")
    result = project.build("-f", "mkdocs.facilitator.yml")
    assert result.returncode == 0, result.stderr
    yield url, built
    server.shutdown()
    server.server_close()


@contextmanager
def presenter(browser, address: str, now: datetime = BEFORE_NINE, ready: bool = True) -> Iterator[object]:
    """The presenter view in a fresh context, its clock installed at `now` (UTC, as the context's time zone)."""
    context = browser.new_context(timezone_id="UTC")
    # Paused: time moves only when a test says so.
    context.clock.install(time=now - timedelta(seconds=1))
    context.clock.pause_at(now)
    page = context.new_page()
    errors: list[str] = []
    context.on("weberror", lambda error: errors.append(str(error.error)))
    context.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    # Offline: nothing but the site itself (served here, or its files).
    context.on(
        "request",
        lambda request: None if request.url.startswith(("http://127.0.0.1", "file://")) else errors.append(request.url),
    )
    page.goto(address)
    if ready:
        page.wait_for_selector("[data-workbook-present][data-workbook-ready]")
    try:
        yield page
    finally:
        context.close()
    assert errors == []


def countdown(page) -> str:
    return page.text_content(COUNTDOWN)


def current(page) -> str:
    return page.get_attribute("[data-workbook-current-item]", "data-workbook-current-item")


def plan_times(page) -> list[str]:
    """The running day's plan as the view shows it: 'time title note' per row."""
    rows = page.locator("[data-workbook-present-plan-day]:not([hidden]) li")
    return [re.sub(r"\s+", " ", text).strip() for text in rows.all_text_contents()]


def start(page, button: str = "start-planned") -> None:
    page.click(f"[data-workbook-action='{button}']")
    page.wait_for_selector("[data-workbook-current-item]")


def test_the_page_is_linked_from_the_agenda_and_no_author_text_runs(site):
    _, built = site
    agenda = (built / "facilitator/workshops/practice/index.html").read_text()
    assert '<a href="present/">Present this workshop</a>' in agenda
    html = (built / "facilitator/workshops/practice/present/index.html").read_text()
    assert "window.hacked" in html and "<script>window.hacked" not in html
    assert "Open &lt;b&gt;floor&lt;/b&gt;" in html and "<b>floor" not in html
    plan = re.search(r"data-workbook-plan='([^']*)'", html)[1]
    assert json.loads(plan)["items"][3] == {"at": "09:45", "day": 0, "minutes": 10, "pause": True, "steps": []}
    assert html.count('<script src="../../../../workbook/present.js"></script>') == 1
    assert "present.js" not in (built / "index.html").read_text()  # chapters do not carry it


def test_only_the_facilitators_edition_gets_the_notes_and_steps(tmp_path):
    (tmp_path / "workshops").mkdir()
    (tmp_path / "workshops" / "practice.yml").write_text(PLAN)
    loaded = load_exercises(DEMO_EXERCISES, DEMO_EXERCISES.parent.parent)
    load_workshops(tmp_path / "workshops", loaded, tmp_path)
    pages = {
        edition: markdown.Markdown(extensions=[WorkbookExtension(exercise_set=loaded, edition=edition)]).convert(
            "/// presenter | practice\n///"
        )
        for edition in ("learner", "facilitator")
    }
    for secret in ("Names round", "Everyone fills in the worksheet alone", "Which opening line felt most natural"):
        assert secret in pages["facilitator"] and secret not in pages["learner"]
    assert (
        "data-workbook-countdown" in pages["learner"] and "present.js" not in pages["learner"]
    )  # no script without a host that ships it


def test_the_learners_edition_ships_no_presenter(site):
    _, built = site
    project = Project(built.parent)
    assert project.build().returncode == 0
    assert (built / "workbook" / "present.js").is_file() and not (
        built.parent / "site" / "workbook" / "present.js"
    ).exists()
    assert not (built.parent / "site" / "facilitator").exists()


def test_countdown_ticks_and_keys_and_clicks_move_through_the_items(browser, site):
    url, _ = site
    with presenter(browser, url + PRESENT) as page:
        page.select_option("[data-workbook-present-day-choice]", "1")
        page.clock.run_for(1000)
        assert page.text_content("[data-workbook-action='start-planned']") == "Start at 13:00"
        page.select_option("[data-workbook-present-day-choice]", "0")
        assert page.text_content("[data-workbook-action='start-planned']") == "Start at 09:00"
        start(page)
        assert current(page) == "0" and countdown(page) == "5:00"
        assert page.text_content("[data-workbook-present-step]") == "Starts at 09:00"
        page.clock.fast_forward("01:59")  # 08:58:01 (a second went by above) to 09:00
        page.clock.run_for(1500)
        assert countdown(page) == "4:59"
        assert page.text_content("[data-workbook-clock]") == "09:00"
        assert page.text_content("[data-workbook-present-next]") == "Next at 09:05: Plan your next first conversation"

        page.keyboard.press("ArrowRight")
        assert current(page) == "1" and countdown(page) == "15:00"
        assert page.text_content(LIVE) == "Now: Plan your next first conversation, 15 min. Next: Open <b>floor</b>."
        assert (
            page.text_content("[data-workbook-present-step]")
            == "Step 1 of 2, 8:00 left: Everyone fills in the worksheet alone."
        )
        page.keyboard.press("ArrowLeft")  # back where it was
        assert current(page) == "0" and countdown(page) == "4:59"
        page.click("[data-workbook-current-item] h2")  # a click on the item moves on
        assert current(page) == "1"
        page.keyboard.press("PageUp")

        page.keyboard.press(" ")
        page.clock.fast_forward("01:00")
        assert countdown(page) == "4:59" and page.text_content("[data-workbook-action='pause']") == "Resume"
        page.keyboard.press(" ")
        page.keyboard.press("+")
        assert countdown(page) == "5:59"
        page.keyboard.press("-")
        page.keyboard.press("-")
        assert countdown(page) == "3:59"
        page.click("[data-workbook-action='next']")
        assert current(page) == "1"
        page.locator("body").focus()
        page.keyboard.press("f")  # ours, not Material's key for its search box
        page.wait_for_function(
            "() => document.fullscreenElement && document.fullscreenElement.matches('[data-workbook-present]')"
        )
        assert page.evaluate("document.activeElement.tagName") != "INPUT"
        page.wait_for_function(
            "() => document.querySelector(\"[data-workbook-action='fullscreen']\").textContent === 'Leave full screen'"
        )


def test_items_move_on_by_themselves_and_steps_are_sub_timers(browser, site):
    url, _ = site
    with presenter(browser, url + PRESENT, at("09:00")) as page:
        start(page)
        page.check("[data-workbook-present-option='auto']")
        page.clock.fast_forward("05:00")
        assert current(page) == "1" and countdown(page) == "15:00"
        page.clock.fast_forward("08:00")
        assert (
            page.text_content(LIVE)
            == "Now: In threes, each person says their opening lines; the others suggest one improvement."
        )
        assert page.text_content("[data-workbook-present-step]").startswith("Step 2 of 2, 7:00 left")
        # A closed lid: the view catches up with the plan, each item from the exact end of the one before.
        page.clock.fast_forward("25:00")
        assert current(page) == "3" and countdown(page) == "2:00"  # the break, started at 09:30, not at its fixed 09:45
        page.clock.fast_forward("20:00")  # the day is over: the start screen, the next day chosen
        assert (
            page.text_content("[data-workbook-present-over]")
            == "That day is over. Start the next one when the room is ready."
        )
        assert page.input_value("[data-workbook-present-day-choice]") == "1" and page.is_hidden(COUNTDOWN)


def test_an_overrun_replans_the_day_and_warns_before_a_fixed_time_is_missed(browser, site):
    url, _ = site
    with presenter(browser, url + PRESENT, at("09:00")) as page:
        start(page)
        page.clock.fast_forward("15:00")
        assert countdown(page) == "-10:00"
        assert page.get_attribute(COUNTDOWN, "data-workbook-over") is not None
        assert plan_times(page) == [
            "09:00 Welcome now",
            "09:15 Plan your next first conversation",
            "09:30 Open <b>floor</b>",
            "09:45 Break (fixed time) 5 min to spare",
            "09:55 Wrap-up",
            "10:00 End (planned 10:00)",
        ]
        assert page.text_content("[data-workbook-present-slack]") == "5 min to spare before Break at 09:45"
        assert page.is_hidden("[data-workbook-present-warning]")

        page.clock.fast_forward("10:00")
        assert plan_times(page) == [
            "09:00 Welcome now",
            "09:25 Plan your next first conversation",
            "09:40 Open <b>floor</b>",
            "09:50 Break (fixed time) 5 min late",
            "10:00 Wrap-up",
            "10:05 End (planned 10:00) 5 min late",
        ]
        warning = page.text_content("[data-workbook-present-warning]")
        assert warning == (
            "At this pace Break would start 5 min after its fixed time of 09:45, and the day would end 5 min after 10:00. "
            "Shorten or cut something before it."
        )
        assert page.text_content(LIVE) == warning
        # Cut: straight to the discussion. The break keeps its fixed time again.
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        assert plan_times(page)[:4] == [
            "09:00 Welcome done",
            "09:25 Plan your next first conversation done",
            "09:25 Open <b>floor</b> now",
            "09:45 Break (fixed time) 10 min to spare",
        ]


def test_a_reload_resumes_where_the_workshop_is(browser, site):
    url, _ = site
    with presenter(browser, url + PRESENT, at("09:00")) as page:
        start(page, "start-now")
        page.keyboard.press("ArrowRight")
        page.clock.fast_forward("01:30")
        page.reload()
        page.wait_for_selector("[data-workbook-current-item]")
        assert current(page) == "1" and countdown(page) == "13:30"
        state = json.loads(page.evaluate("key => localStorage.getItem(key)", KEY))
        assert state["item"] == 1 and state["day"] == 0
        # Left running overnight: the next morning starts from the start screen, on the second day.
        page.clock.fast_forward("24:00:00")
        page.reload()
        page.wait_for_selector("[data-workbook-present-start]:not([hidden])")
        assert page.input_value("[data-workbook-present-day-choice]") == "1"
        assert page.text_content("[data-workbook-action='start-planned']") == "Start at 13:00"


def test_the_facilitators_window_shows_the_notes_and_follows_the_room(browser, site):
    url, _ = site
    with presenter(browser, url + PRESENT, at("09:00")) as page:
        start(page)
        cue = page.get_by_text("Names round")
        assert not cue.is_visible()
        with page.context.expect_page() as opened:
            page.click("[data-workbook-action='facilitator-window']")
        notes = opened.value
        notes.wait_for_selector("[data-workbook-current-item='0']")
        assert notes.get_by_text("Names round").is_visible()
        page.keyboard.press("ArrowRight")
        notes.wait_for_selector("[data-workbook-current-item='1']")
        assert notes.get_by_text("Which opening line felt most natural to say out loud, and why?").is_visible()
        assert notes.locator("[data-workbook-step='0'][aria-current='step']").is_visible()
        notes.keyboard.press("+")
        page.wait_for_function("sel => document.querySelector(sel).textContent === '16:00'", arg=COUNTDOWN)


def test_the_view_is_axe_clean_before_and_while_it_runs(browser, site):
    url, _ = site
    with presenter(browser, url + PRESENT, at("09:00")) as page:
        page.clock.resume()  # axe waits on timers of its own
        for step in ("start screen", "running", "facilitator"):
            if step == "running":
                start(page)
                page.keyboard.press("ArrowRight")
            if step == "facilitator":
                page.goto(url + PRESENT + "#facilitator")
                page.wait_for_selector("[data-workbook-current-item]")
            results = Axe().run(page, context={"include": [[".md-content"]]})
            assert results.violations_count == 0, f"{step}: {results.generate_report()}"


def test_it_runs_from_file_and_is_set_up_after_instant_navigation(browser, site):
    url, built = site
    with presenter(
        browser, (built / "facilitator/workshops/practice/present/index.html").as_uri(), at("09:00")
    ) as page:
        start(page, "start-now")
        page.keyboard.press("ArrowRight")
        page.clock.run_for(1000)
        assert current(page) == "1" and countdown(page) == "14:59"
        page.reload()
        page.wait_for_selector("[data-workbook-current-item='1']")

    with presenter(browser, url + "/facilitator/workshops/practice/", at("09:00"), ready=False) as page:
        page.evaluate("window.__notReloaded = true")
        page.click("text=Present this workshop")
        page.wait_for_selector("[data-workbook-present][data-workbook-ready]")
        start(page)
        assert countdown(page) == "5:00"
        assert page.evaluate("window.__notReloaded") is True, "the page was reloaded: instant navigation was not on"


def test_clearing_the_learners_workbook_leaves_the_presenter_alone(browser, site):
    url, _ = site
    with presenter(browser, url + PRESENT, at("09:00")) as page:
        start(page)
        page.goto(url + "/my-workbook/")
        page.wait_for_selector("[data-workbook-my-workbook][data-workbook-ready]")
        page.click("[data-workbook-action='clear']")
        page.click("[data-workbook-clear='yes']")
        assert json.loads(page.evaluate("key => localStorage.getItem(key)", KEY))["item"] == 0


def test_a_chime_at_the_end_of_an_item_when_switched_on(browser, site):
    url, _ = site
    with presenter(browser, url + PRESENT, at("09:00")) as page:
        start(page)
        page.check("[data-workbook-present-option='chime']")
        page.clock.fast_forward("05:00")
        assert page.evaluate("window.workbook.presentChimes") == 1
        page.clock.fast_forward("01:00")
        assert page.evaluate("window.workbook.presentChimes") == 1


def test_the_presenter_script_renamed_by_the_minify_plugin_is_the_one_its_page_loads(browser, tmp_path: Path):
    project = Project(tmp_path)
    minify = "  - minify:\n      minify_js: true\n      js_files:\n        - workbook/workbook.js\n        - workbook/present.js\n"
    # With INHERIT, a list of plugins replaces mkdocs.yml's: minify is named in the facilitator's own config.
    project.write("mkdocs.yml", MINIMAL_CONFIG)
    plugins = f"plugins:\n{minify}  - workbook:\n      edition: facilitator\n"
    project.write("mkdocs.facilitator.yml", f"INHERIT: mkdocs.yml\nsite_dir: site-facilitator\n{plugins}")
    project.write("content/index.md", "# Home\n")
    project.write("workshops/practice.yml", PLAN)
    shutil.copytree(DEMO_EXERCISES, tmp_path / "exercises" / "demo")
    result = project.build("-f", "mkdocs.facilitator.yml")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site-facilitator" / "facilitator/workshops/practice/present/index.html").read_text()
    assert '<script src="../../../../workbook/present.min.js"></script>' in html and "present.js" not in html
    with presenter(
        browser, (tmp_path / "site-facilitator" / "facilitator/workshops/practice/present/index.html").as_uri()
    ) as page:
        start(page, "start-now")
        assert countdown(page) == "5:00"
