"""Print and PDF: worksheets on paper blank or filled, print packs, `workbook pdf`, checked in the PDF text."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from pypdf import PdfReader
from pypdf.generic import ContentStream
from workbook import load_exercises
from workbook.model.schedule import plan_handouts, plan_workshop
from workbook.reading.loader import load_workshops
from workbook.rendering.minify import minify_css, minify_js
from workbook.rendering.paper import css_string, paper_css

from .conftest import ROOT, Project

DEMO = "/demo/"
SHEET = "#wb-first-conversation"
CHECKLIST = "#wb-networking-habits"
LONG_ANSWER = " ".join(f"thought{number}" for number in range(1, 401))
A4 = (210, 297)
LETTER_POINTS = (612, 792)
# Where a person can look at the printed worksheet after a test run.
SCREENSHOTS = ROOT / "build" / "print-screenshots"


def squeeze(text: str) -> str:
    """Text without whitespace: PDF extraction breaks lines wherever the paper did."""
    return re.sub(r"\s+", "", text)


MARGIN_BOX_POINTS = 12 / 25.4 * 72  # headers and footers sit within 12 mm of the paper's edge


def page_texts(pdf: PdfReader) -> list[str]:
    """Each page's text without its header and footer, so that an answer going on over the page reads whole."""
    return [body for body, _ in bodies_and_headers(pdf)]


def bodies_and_headers(pdf: PdfReader) -> list[tuple[str, str]]:
    """Each page's text without its header and footer, and its header: pypdf reads each page once (a pack of the
    whole course is a hundred pages and more)."""
    pages = []
    for pdf_page in pdf.pages:
        height = float(pdf_page.mediabox.height)
        origins = text_origins(pdf_page)
        body = [text for text, _, y in origins if MARGIN_BOX_POINTS < y < height - MARGIN_BOX_POINTS]
        top = [text for text, _, y in origins if y >= height - MARGIN_BOX_POINTS]
        pages.append((squeeze("".join(body)), squeeze("".join(top))))
    return pages


def millimetres(pdf_page) -> tuple[int, int]:
    return round(float(pdf_page.mediabox.width) * 25.4 / 72), round(float(pdf_page.mediabox.height) * 25.4 / 72)


def text_origins(pdf_page) -> list[tuple[str, float, float]]:
    """Where each piece of text starts on the page, in points from the bottom left corner."""
    found = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            found.append((text, tm[4] * cm[0] + tm[5] * cm[2] + cm[4], tm[4] * cm[1] + tm[5] * cm[3] + cm[5]))

    pdf_page.extract_text(visitor_text=visit)
    return found


def assert_text_inside(pdf: PdfReader, margin_points: float = 0) -> None:
    for number, pdf_page in enumerate(pdf.pages, start=1):
        width, height = float(pdf_page.mediabox.width), float(pdf_page.mediabox.height)
        for text, x, y in text_origins(pdf_page):
            assert margin_points - 1 <= x <= width - margin_points and 0 <= y <= height, (
                f"page {number}: {text!r} starts at ({x:.0f}, {y:.0f}), outside {width:.0f} x {height:.0f} less the margins"
            )


def workbook_command(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", "from workbook.cli import main; main()", *args]
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=environment, timeout=600)


def sheet_texts(exercise) -> list[str]:
    """What must be on a printed exercise: its title, every field's label or every statement."""
    texts = [exercise.title]
    texts += [field.label for field in getattr(exercise, "fields", ())]
    texts += [item.text for item in getattr(exercise, "items", ())]
    return texts


# --- `workbook pdf` on the real course, facilitator's edition ---------------------------------


@pytest.fixture(scope="module")
def course_pdfs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("pdf")
    result = workbook_command("pdf", "-f", "mkdocs.facilitator.yml", "-o", str(out), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return out, result.stderr


@pytest.fixture(scope="module")
def course():
    exercises = load_exercises(ROOT / "exercises", ROOT)
    load_workshops(ROOT / "workshops", exercises, ROOT)
    return exercises


def course_order() -> list[str]:
    """Exercise ids as the chapters embed them, in nav order."""

    from workbook.blocks.headers import scan_headers

    nav = yaml.safe_load((ROOT / "mkdocs.yml").read_text())["nav"]
    pages = [
        page
        for item in nav
        for page in ([item] if not isinstance(next(iter(item.values())), list) else next(iter(item.values())))
    ]
    ids = []
    for entry in pages:
        source = (ROOT / "content" / next(iter(entry.values()))).read_text(encoding="utf-8")
        if source.startswith("---\n") and (yaml.safe_load(source.split("---\n")[1]) or {}).get("workbook", {}).get(
            "exclude"
        ):
            continue  # the authors' gallery is kept out of the learner's workbook
        ids += list(dict.fromkeys(header.argument for header in scan_headers(source) if header.is_exercise))
    return ids


def test_pdf_writes_every_pack_and_shows_progress(course_pdfs, course):
    out, progress = course_pdfs
    expected = {"workbook.pdf"} | {
        f"{kind}-{workshop}.pdf" for workshop in course.workshops for kind in ("handouts", "run-sheet")
    }
    assert {path.name for path in out.iterdir()} == expected
    assert f"[1/{len(expected)}] " in progress and f"[{len(expected)}/{len(expected)}] " in progress


def test_the_workbook_pack_has_every_sheet_on_its_own_page_in_course_order(course_pdfs, course):
    pdf = PdfReader(course_pdfs[0] / "workbook.pdf")
    pages, headers = zip(*bodies_and_headers(pdf), strict=True)
    everything = "".join(pages)
    previous = -1
    for exercise_id in course_order():
        exercise = course.exercises[exercise_id]
        for text in sheet_texts(exercise):
            assert squeeze(text) in everything, f"{exercise_id}: {text!r} is not in the PDF"
        # The sheet's title on a later page than the sheet before: each starts a page of its own.
        title = squeeze(exercise.title)
        starts = [number for number in range(previous + 1, len(pages)) if title in pages[number]]
        assert starts, f"{exercise_id} does not start on a page after the previous sheet's (page {previous + 1})"
        previous = starts[0]
    assert all(millimetres(pdf_page) == A4 for pdf_page in pdf.pages)
    # Every page is headed by its sheet's title, pages that carry on a long sheet too.
    titles = {squeeze(exercise.title) for exercise in course.exercises.values()}
    for number, head in enumerate(headers, start=1):
        assert any(head.startswith(title) for title in titles), f"page {number} has no sheet title at its head"
    footer = squeeze(pdf.pages[0].extract_text())
    assert "Buildingprofessionalrelationships" in footer and f"Page1of{len(pages)}" in footer


def test_what_participants_receive_carries_the_course_name_only(course_pdfs):
    """The packs come from the facilitator's edition (site_name says so), but handouts go to participants."""
    for path in sorted(course_pdfs[0].glob("*.pdf")):
        if not path.name.startswith("run-sheet"):
            pages = [squeeze(pdf_page.extract_text()) for pdf_page in PdfReader(path).pages]
            assert all("Buildingprofessionalrelationships" in text for text in pages), path.name
            assert not any("edition" in text for text in pages), path.name


def test_pack_pdfs_keep_all_text_on_the_paper(course_pdfs):
    for path in sorted(course_pdfs[0].glob("*.pdf")):
        assert_text_inside(PdfReader(path))


def test_a_workshop_pack_has_its_handouts_blank_in_agenda_order_and_no_facilitator_notes(course_pdfs, course):
    for workshop in course.workshops.values():
        pages = page_texts(PdfReader(course_pdfs[0] / f"handouts-{workshop.id}.pdf"))
        handouts = plan_handouts(plan_workshop(workshop, course.exercises), workshop.group_size)
        assert len(pages) >= len(handouts)
        previous = -1
        for handout in handouts:
            title = squeeze(handout.exercise.title)
            starts = [number for number in range(previous + 1, len(pages)) if title in pages[number]]
            assert starts, f"{workshop.id}: {handout.exercise.id} is missing or out of agenda order"
            previous = starts[0]
            for step in handout.exercise.facilitator.steps:
                assert squeeze(step.activity) not in "".join(pages), (
                    f"{workshop.id}: a facilitator note is on a handout"
                )
        assert "Facilitator" not in "".join(pages)


def test_a_run_sheet_pdf_has_one_page_per_day(course_pdfs, course):
    for workshop in course.workshops.values():
        pdf = PdfReader(course_pdfs[0] / f"run-sheet-{workshop.id}.pdf")
        assert len(pdf.pages) == len(workshop.days), workshop.id


# --- `workbook pdf` with a learner's answers, on Letter paper ---------------------------------


def test_pdf_prints_a_learners_export_on_the_configured_paper(project: Project):
    project.write(
        "mkdocs.yml",
        "site_name: Test course\ndocs_dir: content\ntheme:\n  name: material\n  font: false\n"
        "plugins:\n  - workbook:\n      paper_size: Letter\n      paper_margin: 20mm\n",
    )
    export = {
        "format": "mkdocs-workbook-answers",
        "version": 1,
        "course": "test-course",
        "exported": "2026-11-22T10:00:00.000Z",
        "exercises": {
            "first-conversation": {
                "kind": "worksheet",
                "updated": "2026-11-22T09:00:00.000Z",
                "answers": {"opening": LONG_ANSWER, "where": "Regional product meetup"},
            }
        },
    }
    answers = project.write("answers.json", json.dumps(export))
    result = workbook_command("pdf", "-o", "out", "--answers", str(answers), cwd=project.path)
    assert result.returncode == 0, result.stderr
    pdf = PdfReader(project.path / "out" / "workbook.pdf")
    text = "".join(page_texts(pdf))
    assert squeeze(LONG_ANSWER) in text, "the long answer is not in the PDF in full"
    assert "Regionalproductmeetup" in text
    assert all((round(float(p.mediabox.width)), round(float(p.mediabox.height))) == LETTER_POINTS for p in pdf.pages)
    assert_text_inside(pdf, margin_points=20 / 25.4 * 72)


def test_pdf_refuses_a_file_that_is_not_an_export(project: Project):
    bad = project.write("answers.json", '{"format": "something-else"}')
    result = workbook_command("pdf", "-o", "out", "--answers", str(bad), cwd=project.path)
    assert result.returncode == 1
    assert "answers.json" in result.stderr and "Traceback" not in result.stderr
    assert not (project.path / "out" / "workbook.pdf").exists()


def test_pdf_without_a_browser_says_how_to_get_one(project: Project):
    only_python = str(Path(sys.executable).parent)
    result = workbook_command("pdf", "-o", "out", cwd=project.path, env={"PATH": only_python})
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "No Chromium or Chrome found" in result.stderr and "apt-get install chromium" in result.stderr
    result = workbook_command("pdf", "-o", "out", "--browser", "/nowhere/chrome", cwd=project.path)
    assert result.returncode == 1 and "No browser at '/nowhere/chrome'" in result.stderr


def test_paper_options_are_checked(project: Project):
    project.write(
        "mkdocs.yml", "site_name: Test\ndocs_dir: content\nplugins:\n  - workbook:\n      paper_margin: '15'\n"
    )
    result = project.build()
    assert result.returncode == 1 and "paper_margin" in result.stdout + result.stderr
    assert "expected a length such as 15mm" in result.stdout + result.stderr


def test_the_footer_escapes_the_course_name():
    assert css_string('Evil "} body {display:none} \\ x') == '"Evil \\22 \\7d  body \\7b display\\3a none\\7d  \\5c  x"'
    css = paper_css('A "quoted" course', "Letter", "1in")
    assert "size: Letter;" in css and "margin: 1in;" in css and 'content: "A \\22 quoted\\22  course"' in css


# --- Printing in the browser: what Ctrl+P and the Print buttons put on paper ---------------------


def print_to_pdf(page) -> str:
    """What the browser's print engine puts on paper now (the same engine as Ctrl+P), as text."""
    return "".join(page_texts(PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True, print_background=True)))))


def press_print(page, selector: str) -> None:
    """Click a Print button; its call to window.print() is counted, and the PDF taken next stands for the dialog.

    Headless Chromium starts a print job of its own on window.print(), which can still be running when
    page.pdf() asks for one ("Page is already being printed")."""
    page.evaluate("window.print = () => { window.workbookPrintCalls = (window.workbookPrintCalls || 0) + 1; }")
    before = page.evaluate("window.workbookPrintCalls || 0")
    page.click(selector)
    assert page.evaluate("window.workbookPrintCalls") == before + 1, f"{selector} did not open the print dialog"


def test_print_on_an_exercise_prints_it_alone_with_the_long_answer_in_full(page, course_url):
    page.goto(course_url + DEMO)
    page.fill(f"{SHEET}-opening", LONG_ANSWER)
    page.check(f"{SHEET}-goal-advice")
    press_print(page, f"{SHEET} [data-workbook-action='print']")
    text = print_to_pdf(page)
    assert squeeze(LONG_ANSWER) in text
    assert "Planyournextfirstconversation" in text
    assert "Yournetworkinghabits" not in text.replace("Planyournextfirstconversation", ""), (
        "another exercise was printed"
    )

    press_print(page, f"{SHEET} [data-workbook-action='print-blank']")
    blank = print_to_pdf(page)
    assert "Planyournextfirstconversation" in blank and "Wherewillyoumeetnewpeople?" in blank
    assert "thought1" not in blank
    # After printing, the screen is as it was.
    assert page.input_value(f"{SHEET}-opening") == LONG_ANSWER
    assert (
        page.evaluate("document.querySelectorAll('.workbook-blank, .workbook-print-target, .workbook-printing').length")
        == 0
    )


def test_ctrl_p_on_a_chapter_prints_answers_without_site_chrome(page, course_url):
    page.goto(course_url + DEMO)
    page.fill(f"{SHEET}-where", "Regional product meetup")
    text = print_to_pdf(page)
    assert "Regionalproductmeetup" in text
    for chrome in ("Skiptocontent", "Search", "Clearanswers", "Printblank"):
        assert chrome not in text, f"{chrome!r} is on paper"


def test_the_print_pack_prints_answers_from_two_chapters_or_none(page, course_url):
    page.goto(course_url + "/networking-goals/")
    page.fill("#wb-goal-action-plan-accountability", "Regional product meetup")
    page.goto(course_url + "/")
    page.locator("#wb-course-plan textarea").first.fill("Because my team grew")
    page.goto(course_url + "/print/")
    press_print(page, "[data-workbook-pack] > .workbook-pack-intro [data-workbook-action='print']")
    filled = print_to_pdf(page)
    assert "Regionalproductmeetup" in filled and "Becausemyteamgrew" in filled
    assert "Printtheworkbook" not in filled, "the screen-only introduction was printed"
    press_print(page, "[data-workbook-pack] > .workbook-pack-intro [data-workbook-action='print-blank']")
    blank = print_to_pdf(page)
    assert "Regionalproductmeetup" not in blank and "Becausemyteamgrew" not in blank
    assert "Onpaper,addupyouranswers" in blank


def page_fills(pdf: PdfReader) -> list[list[float]]:
    """The fill colour (grey or RGB, 0 to 1) of each rectangle drawn from a page's corner over the whole page:
    what Chromium paints the paper with, margins included."""
    fills = []
    for pdf_page in pdf.pages:
        colour: list[float] = [0.0]
        width, height = float(pdf_page.mediabox.width), float(pdf_page.mediabox.height)
        for operands, operator in ContentStream(pdf_page.get_contents(), pdf).operations:
            if operator in (b"rg", b"g"):
                colour = [float(value) for value in operands]
            elif (
                operator == b"re"
                and float(operands[0]) == float(operands[1]) == 0
                and float(operands[2]) >= width
                and float(operands[3]) >= height
            ):
                fills.append(colour)
    return fills


def test_a_dark_screen_prints_on_light_paper_screenshot(browser, course_url):
    context = browser.new_context(color_scheme="dark", viewport={"width": 794, "height": 1123})
    page = context.new_page()
    page.goto(course_url + DEMO)
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    page.check(f"{SHEET}-comfort-4")
    page.fill(f"{SHEET}-opening", "Hi, I'm Sam.")
    page.emulate_media(media="print")
    style = page.evaluate("""() => {
        const look = (selector, property) => getComputedStyle(document.querySelector(selector))[property];
        return {
            background: look('body', 'backgroundColor'), text: look('#wb-first-conversation .workbook-label', 'color'),
            header: look('.md-header', 'display'), sidebar: look('.md-sidebar', 'display'),
            actions: look('#wb-first-conversation [data-workbook-actions]', 'display'),
            lines: look('#wb-first-conversation-opening', 'backgroundImage'),
            point: look('#wb-first-conversation-comfort-4 + .workbook-point-number', 'backgroundColor'),
        };
    }""")
    assert style["background"] == "rgb(255, 255, 255)" and style["text"] == "rgb(34, 34, 34)"
    assert style["header"] == style["sidebar"] == style["actions"] == "none"
    assert "linear-gradient" in style["lines"], "no ruled lines to write on"
    assert style["point"] == "rgb(34, 34, 34)", "the chosen rating is not filled in"
    # One of many is round on paper, any of many square.
    shapes = page.evaluate("""() => Object.fromEntries(['radio', 'checkbox'].map((type) => [type,
        getComputedStyle(document.querySelector(`#wb-first-conversation .workbook-option input[type=${type}]`)).borderRadius]))""")
    assert shapes == {"radio": "50%", "checkbox": "0px"}
    # With background graphics on, the paper's margins print the root's background: light, not the dark screen's.
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    fills = page_fills(pdf)
    assert fills, "no page-sized background in the PDF"
    assert all(min(colour) > 0.9 for colour in fills), f"dark paper: {fills}"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOTS / "worksheet-dark-screen-printed.png"
    page.locator(SHEET).screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    print(f"printed worksheet, for a person to look at: {shot}")
    context.close()


def test_the_print_pack_page_is_axe_clean(browser, course_url):
    context = browser.new_context()
    page = context.new_page()
    page.goto(course_url + "/print/")
    results = Axe().run(page, context={"include": [[".md-content"]]})
    context.close()
    assert results.violations_count == 0, results.generate_report()


def test_stylesheets_ship_without_comments_and_keep_every_rule():
    css = 'a :hover , b > c { content: "x ; } /* kept */  z" ; /* dropped */ color : red }\n@media (min-width: 10px) {\n  x { y: z }\n}\n'
    assert (
        minify_css(css) == 'a :hover,b > c{content: "x ; } /* kept */  z";color : red}@media (min-width: 10px){x{y: z}}'
    )
    source = (ROOT / "plugins" / "workbook" / "assets" / "workbook" / "print.css").read_text(encoding="utf-8")
    shipped = minify_css(source)
    assert "/*" not in shipped and len(shipped) < len(source) * 0.8
    # Every selector and declaration is still there, word for word.
    words = re.compile(r"[^\s{};,]+")
    assert words.findall(re.sub(r"/\*.*?\*/", " ", source, flags=re.S)) == words.findall(shipped)


TRICKY_SCRIPT = r"""// a comment line
const a = "http://x" + 'y // z'; // trailing
const b = `one
// not a comment: inside a template literal

two ${a}`;
const c = /["'\/]\/\//g; /* block */ const d = 4 / 2; // half
const e = [1, 2].map((x) => x / 2) // no semicolon: the line break stays
  .join(" ");
"""
TRICKY_SHIPPED = r"""const a = "http://x" + 'y // z';
const b = `one
// not a comment: inside a template literal

two ${a}`;
const c = /["'\/]\/\//g; const d = 4 / 2;
const e = [1, 2].map((x) => x / 2)
.join(" ");
"""


def test_scripts_ship_without_comments_and_keep_every_statement(browser):
    assert minify_js(TRICKY_SCRIPT) == TRICKY_SHIPPED
    page = browser.new_page()
    values = page.evaluate("text => new Function(text + '; return [a, b, c.source, d, e];')()", TRICKY_SHIPPED)
    assert values == [
        "http://xy // z",
        "one\n// not a comment: inside a template literal\n\ntwo http://xy // z",
        r"""["'\/]\/\/""",
        2,
        "0.5 1",
    ]
    source = ROOT / "plugins" / "workbook" / "assets" / "workbook"
    for name in ("workbook.js", "my-workbook.js"):
        text = (source / name).read_text(encoding="utf-8")
        shipped = minify_js(text)
        assert len(shipped) < len(text) * 0.8, name
        # Compiled (not run) by the browser that runs it: the Function constructor parses the whole script.
        assert page.evaluate("text => { new Function(text); return true; }", shipped), name
    page.close()
