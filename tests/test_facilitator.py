"""The facilitator's edition: notes, workshop plans, agendas with clock times, run-sheets, and no leaks."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from pypdf import PdfReader
from workbook import load_exercises
from workbook.model.schedule import clock, handout_copies, plan_workshop
from workbook.reading.loader import load_workshop_file, load_workshops

from .conftest import DEMO_EXERCISES, ROOT, Project
from .test_errors import expected_message

WORKSHOP_CORPUS = sorted((Path(__file__).parent / "corpus" / "workshops").glob("*.yml"))

SAMPLE_PLAN = """\
id: sample
title: Sample <em>workshop</em>
audience: Testers
group_size: 12
days:
  - start: "09:00"
    end: "10:30"
    sessions:
      - title: Opening
        items:
          - {activity: welcome, minutes: 15}
          - exercise: first-conversation
          - {activity: break, minutes: 15, at: "09:45"}
      - title: Checking in
        items:
          - exercise: networking-habits
          - {activity: wrap-up, minutes: 10}
  - title: Afternoon
    start: "13:00"
    sessions:
      - title: Practice
        items:
          - {exercise: first-conversation, minutes: 40, cue: Pairs swap at 20 minutes}
"""
FACILITATOR_CONFIG = (
    "INHERIT: mkdocs.yml\nsite_dir: site-facilitator\nplugins:\n  - workbook:\n      edition: facilitator\n"
)


@pytest.fixture
def demo_exercises():
    return load_exercises(DEMO_EXERCISES, DEMO_EXERCISES.parent.parent).exercises


@pytest.fixture
def workshop_project(project: Project) -> Project:
    project.write("workshops/sample.yml", SAMPLE_PLAN)
    project.write("content/facilitator/index.md", "# How to run this course\n\nGUIDE-ONLY-TEXT for facilitators.\n")
    project.write("mkdocs.facilitator.yml", FACILITATOR_CONFIG)
    return project


def test_clock_times_run_across_pinned_breaks_and_restart_each_day(tmp_path, demo_exercises):
    path = tmp_path / "sample.yml"
    path.write_text(SAMPLE_PLAN)
    workshop, problems = load_workshop_file(path, "workshops/sample.yml", demo_exercises)
    assert problems == []
    day1, day2 = plan_workshop(workshop, demo_exercises)
    assert [(clock(s.start), clock(s.end), s.title) for s in day1.slots] == [
        ("09:00", "09:15", "Welcome"),
        ("09:15", "09:30", "Plan your next first conversation"),
        ("09:45", "10:00", "Break"),
        ("10:00", "10:10", "How do you network today?"),
        ("10:10", "10:20", "Wrap-up"),
    ]
    assert day1.slots[2].waiting == 15
    assert (day1.finish - day1.start, day1.pause_minutes, day1.overrun) == (80, 15, 0)
    assert [(clock(s.start), clock(s.end)) for s in day2.slots] == [("13:00", "13:40")]
    assert day2.title == "Afternoon" and day1.title == "Day 1"
    assert day2.slots[0].cue == "Pairs swap at 20 minutes"
    # Steps cut to their first clause: the run-sheet is read at a glance.
    assert (
        day1.slots[1].cue
        == "8′ Everyone fills in the worksheet alone · 7′ In threes, each person says their opening lines"
    )


def test_handout_copies_follow_what_the_sheet_is_not_the_format(demo_exercises):
    sheet = demo_exercises["first-conversation"]
    assert handout_copies(sheet, 13) == 13
    from dataclasses import replace

    assert handout_copies(replace(sheet, format="group"), 13) == 13  # a group activity, each person's own sheet
    assert handout_copies(replace(sheet, handout="per-group"), 13) == 3


@pytest.mark.parametrize("path", WORKSHOP_CORPUS, ids=[p.stem for p in WORKSHOP_CORPUS])
def test_bad_plans_get_their_message(path, demo_exercises):
    workshop, problems = load_workshop_file(path, f"workshops/{path.name}", demo_exercises)
    assert [str(p) for p in problems] == [expected_message(path)]


@pytest.mark.parametrize(
    "name", ["unknown-exercise", "overrun", "overlap", "two-byte-order-marks", "control-character-in-cue"]
)
def test_bad_plans_fail_a_strict_build_of_either_edition(project: Project, name: str):
    source = Path(__file__).parent / "corpus" / "workshops" / f"{name}.yml"
    project.write(f"workshops/{name}.yml", source.read_bytes())
    project.write("mkdocs.facilitator.yml", FACILITATOR_CONFIG)
    for extra in ((), ("-f", "mkdocs.facilitator.yml")):
        result = project.build(*extra)
        assert result.returncode != 0
        assert expected_message(source) in result.stderr
        assert "Traceback" not in result.stderr


def test_facilitator_edition_shows_notes_agenda_and_nav(workshop_project: Project):
    result = workshop_project.build("-f", "mkdocs.facilitator.yml")
    assert result.returncode == 0, result.stderr
    site = workshop_project.path / "site-facilitator"
    home = (site / "index.html").read_text()
    assert "Facilitator notes" in home and "Debrief questions" in home
    assert "Which opening line felt most natural to say out loud, and why?" in home
    agenda = (site / "facilitator/workshops/sample/index.html").read_text()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", agenda))
    assert "Day 1: 09:00 to 10:20" in text and "Afternoon: 13:00 to 13:40" in text
    assert "09:45–10:00 after 15 min free Break" in text
    assert "1 h 20 min in all, of which 15 min of breaks; planned end 10:30." in text
    assert "Printed worksheet per person (Plan your next first conversation)" in text
    # Used twice (morning and afternoon): two sets of handouts.
    assert "Plan your next first conversation solo 2× 24" in text
    assert "How do you network today? solo 1× 12" in text
    assert "Sample &lt;em&gt;workshop&lt;/em&gt;" in agenda and "<em>workshop" not in agenda
    assert 'href="../../../#wb-first-conversation"' in agenda
    assert (site / "facilitator/workshops/sample/run-sheet/index.html").is_file()
    index = (site / "facilitator/workshops/index.html").read_text()
    assert 'href="../sample/"' in index or 'href="sample/"' in index
    assert "GUIDE-ONLY-TEXT" in (site / "facilitator/index.html").read_text()
    # The facilitator's styles, before print.css: its rules for paper win.
    stylesheets = re.findall(r'href="(workbook/[\w.-]+\.css)"', home)
    assert stylesheets == [
        "workbook/workbook.css",
        "workbook/facilitator.css",
        "workbook/print.css",
        "workbook/paper.css",
    ]
    assert (site / "workbook/facilitator.css").is_file()


def test_learner_edition_has_no_facilitator_page_note_or_plan(workshop_project: Project):
    assert workshop_project.build().returncode == 0
    site = workshop_project.path / "site"
    assert not (site / "facilitator").exists()
    # Nor the facilitator's styles: a learner's page loads only what its blocks need.
    assert not (site / "workbook/facilitator.css").exists() and "facilitator.css" not in workshop_project.html()
    everything = "\n".join(p.read_text(errors="ignore") for p in site.rglob("*") if p.is_file())
    for secret in (
        "GUIDE-ONLY-TEXT",
        "Facilitator notes",
        "Which opening line felt most natural",
        "Sample &lt;em&gt;workshop",
        "Pairs swap at 20",
    ):
        assert secret not in everything


def test_a_learner_page_that_embeds_an_agenda_gets_its_styles(workshop_project: Project):
    workshop_project.write("content/schedule.md", "# Schedule\n\n/// agenda | sample\n///\n")
    assert workshop_project.build().returncode == 0
    page = workshop_project.html("schedule/index.html")
    assert "workbook-agenda-table" in page and 'href="../workbook/facilitator.css"' in page
    assert "workbook-agenda-table" in (workshop_project.path / "site/workbook/facilitator.css").read_text()


def course_workshops():
    loaded = load_exercises(ROOT / "exercises", ROOT)
    load_workshops(ROOT / "workshops", loaded, ROOT)
    return loaded


def test_the_course_facilitator_edition_lists_every_workshop(facilitator_site: Path):
    index = (facilitator_site / "facilitator/workshops/index.html").read_text()
    for workshop_id in course_workshops().workshops:
        assert (facilitator_site / f"facilitator/workshops/{workshop_id}/index.html").is_file()
        assert f'id="workshop-{workshop_id}"' in index
    assert (facilitator_site / "facilitator/index.html").is_file()


def test_the_course_agenda_counts_a_copy_for_everyone_on_a_group_exercise_where_each_writes_their_own(
    facilitator_site: Path,
):
    agenda = (facilitator_site / "facilitator/workshops/listening-and-feedback/index.html").read_text()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", agenda))
    assert "Listening triads group 1× 12" in text  # 12 participants, each with a sheet of their own


def test_run_sheet_cues_are_whole_sentences_not_cut_off(facilitator_site: Path):
    for workshop_id in course_workshops().workshops:
        sheet = (facilitator_site / f"facilitator/workshops/{workshop_id}/run-sheet/index.html").read_text()
        assert "…" not in sheet, workshop_id  # the printed page has room; each still prints on one page per day (below)


def test_the_agenda_page_is_axe_clean(browser, facilitator_url):
    workshop_id = next(iter(course_workshops().workshops))
    page = browser.new_page()
    page.goto(f"{facilitator_url}/facilitator/workshops/{workshop_id}/")
    results = Axe().run(page, context={"include": [[".md-content"]]})
    page.close()
    assert results.violations_count == 0, results.generate_report()


PAPER_MM = {"A4": [210, 297], "Letter": [216, 279]}


@pytest.mark.parametrize("paper", sorted(PAPER_MM))
@pytest.mark.parametrize("workshop_id", sorted(course_workshops().workshops))
def test_each_run_sheet_prints_one_page_per_day(browser, facilitator_url, workshop_id, paper):
    workshop = course_workshops().workshops[workshop_id]
    page = browser.new_page()
    page.goto(f"{facilitator_url}/facilitator/workshops/{workshop_id}/run-sheet/", wait_until="load")
    page.wait_for_load_state("networkidle")
    pdf = PdfReader(io.BytesIO(page.pdf(format=paper, print_background=True)))
    page.close()
    assert len(pdf.pages) == len(workshop.days)
    for pdf_page in pdf.pages:
        millimetres = [round(float(size) * 25.4 / 72) for size in (pdf_page.mediabox.width, pdf_page.mediabox.height)]
        assert millimetres == PAPER_MM[paper]
        assert workshop.title.split()[0] in pdf_page.extract_text()


def test_no_workshop_plan_or_guide_text_reaches_the_learners_site(course_site: Path):
    loaded = course_workshops()
    secrets = {(ROOT / "content/facilitator/index.md").read_text().splitlines()[2]}
    for workshop in loaded.workshops.values():
        secrets.add(workshop.title)
        secrets.update(
            item.cue
            for day in workshop.days
            for session in day.sessions
            for item in session.items
            if len(item.cue) > 20
        )
    assert len(secrets) > 5
    assert not (course_site / "facilitator").exists()
    fold = lambda text: " ".join(text.split())  # noqa: E731
    everything = fold("\n".join(p.read_text(errors="ignore") for p in course_site.rglob("*") if p.is_file()))
    assert [s for s in secrets if fold(s) in everything] == []


def test_a_one_day_workshop_says_how_long_it_runs_not_one_day(facilitator_site: Path):
    def meta(workshop_id: str) -> str:
        agenda = (facilitator_site / f"facilitator/workshops/{workshop_id}/index.html").read_text()
        return re.sub(r"<[^>]+>", " ", agenda[agenda.index('class="workbook-meta"') :].split("</p>", 1)[0])

    half_day = course_workshops().workshops["listening-and-feedback"]
    assert len(half_day.days) == 1
    assert "1 day" not in meta(half_day.id) and " h " in meta(half_day.id)
    assert "2 days" in meta("two-day-programme")


def test_each_course_workshop_can_be_presented_from_start_to_end(browser, facilitator_url):
    for workshop_id, workshop in course_workshops().workshops.items():
        context = browser.new_context()
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error, errors=errors: errors.append(str(error)))
        page.goto(f"{facilitator_url}/facilitator/workshops/{workshop_id}/")
        page.click("text=Present this workshop")
        page.wait_for_selector("[data-workbook-present][data-workbook-ready]")
        first = 0  # items are numbered across the days
        for day in workshop.days:
            page.click("[data-workbook-action='start-now']")
            items = sum(len(session.items) for session in day.sessions)
            for index in range(items):
                assert page.get_attribute("[data-workbook-current-item]", "data-workbook-current-item") == str(
                    first + index
                )
                assert re.fullmatch(r"\d+:\d\d", page.text_content("[data-workbook-countdown]"))
                page.keyboard.press("ArrowRight")
            assert page.is_visible("[data-workbook-action='start-now']")
            first += items
        assert page.text_content("[data-workbook-present-over]") == "The workshop is over."
        context.close()
        assert errors == [], workshop_id
