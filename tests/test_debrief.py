"""Group debrief in real Chromium: learners make share files from their answers on the learner's site, the
facilitator reads them together on the debrief page, and every count, mean and change is checked against the files."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from pypdf import PdfReader
from workbook import load_exercises
from workbook.model.scoring import score as score_answers
from workbook.model.scoring import scoring_key
from workbook.model.types import Checklist

from .conftest import ROOT, Project, serve, watched_page, write_gallery
from .test_takes import FIRST_DAY, ITEMS, LATER_DAY

NAMESPACE = "professional-relationships"
PREFIX = f"workbook:{NAMESPACE}:"
CONFIDENCE = "networking-confidence"
HEALTH = "plan-health-check"
PITCH = "elevator-pitch"
DEBRIEF = "/facilitator/debrief/"
IMPORT = "[data-workbook-action='debrief-import']"
HEALTH_ITEMS = [
    "checkable-goal",
    "named-people",
    "dated-actions",
    "giving-action",
    "fits-time",
    "small-first",
    "light-weeks",
    "in-calendar",
    "buddy",
    "review-dates",
    "feedback-step",
]


def likert(*values: int) -> dict[str, int]:
    return dict(zip(ITEMS, values, strict=True))


def ticks(*ids: str) -> dict[str, bool]:
    return dict.fromkeys(ids, True)


def record(exercise: str, kind: str, answers: dict, updated: str, takes: tuple = ()) -> tuple[str, dict]:
    takes_list = [{"date": date, "answers": given} for date, given in takes]
    return PREFIX + exercise, {
        "format": 3,
        "exercise": exercise,
        "kind": kind,
        "updated": updated,
        "answers": answers,
        "takes": takes_list,
        "kept": {},
    }


# Learners whose answers are put into storage (the first learner of the module answers by clicking instead).
STORED = [
    # Two takes of the confidence checklist, a tick list, and words for the pitch (shared: opted in below).
    dict(
        [
            record(
                CONFIDENCE,
                "checklist",
                likert(4, 4, 2, 3, 3, 3, 5, 5, 1, 3, 3, 3),
                "2026-12-20T16:30:00Z",
                (("2026-11-01T09:00:00Z", likert(*[2] * 12)),),
            ),
            record(HEALTH, "checklist", ticks("checkable-goal", "named-people", "buddy"), "2026-12-20T17:00:00Z"),
            record(PITCH, "worksheet", {"what-i-do": "I build stock software for warehouses"}, "2026-11-02T10:00:00Z"),
        ]
    ),
    # One take of each.
    dict(
        [
            record(CONFIDENCE, "checklist", likert(*[3] * 12), "2026-12-20T11:00:00Z"),
            record(HEALTH, "checklist", ticks(*HEALTH_ITEMS[:8]), "2026-12-20T11:05:00Z"),
        ]
    ),
    # Two takes, the second lower in one area; the words of the pitch stay unshared (not ticked).
    dict(
        [
            record(
                CONFIDENCE,
                "checklist",
                likert(5, 5, 1, 4, 4, 2, 2, 2, 4, 5, 5, 5),
                "2026-12-20T12:00:00Z",
                (("2026-11-01T12:00:00Z", likert(3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3)),),
            ),
            record(PITCH, "worksheet", {"what-i-do": "Secret words of learner three"}, "2026-11-02T10:00:00Z"),
        ]
    ),
    # Half of the confidence checklist (nothing to share of it yet) and a tick list.
    dict(
        [
            record(CONFIDENCE, "checklist", dict(list(likert(*[4] * 12).items())[:5]), "2026-12-20T11:00:00Z"),
            record(HEALTH, "checklist", ticks(*HEALTH_ITEMS), "2026-12-20T11:00:00Z"),
        ]
    ),
]
# The learner who exports all of My workbook instead of sharing (the debrief page reduces the export).
EXPORTED = dict(
    [
        record(
            CONFIDENCE,
            "checklist",
            likert(1, 2, 5, 2, 2, 4, 1, 2, 5, 1, 2, 2),
            "2026-12-20T13:00:00Z",
            (("2026-11-01T13:00:00Z", likert(1, 1, 5, 1, 1, 5, 1, 1, 5, 1, 1, 1)),),
        ),
        record(PITCH, "worksheet", {"what-i-do": "Words in a full export"}, "2026-11-02T10:00:00Z"),
    ]
)
CLICKED_FIRST = likert(2, 3, 4, 2, 3, 4, 2, 3, 4, 2, 3, 4)
CLICKED_LATER = likert(4, 4, 2, 4, 4, 2, 4, 4, 2, 4, 4, 4)


def checklists() -> dict[str, Checklist]:
    exercises = load_exercises(ROOT / "exercises", ROOT).exercises
    return {exercise.id: exercise for exercise in exercises.values() if isinstance(exercise, Checklist)}


def score(checklist: Checklist, answers: dict) -> dict | None:
    """Every score of the checklist for these answers by the Python twin of the page's scoring (total and each
    category, None while none has a value), with the total's band as `band`."""
    key = scoring_key(checklist)
    result = score_answers(key, answers)
    values = {entry["category"] or "total": entry["value"] for entry in result["scores"]}
    if all(value is None for value in values.values()):
        return None
    band = result["scores"][0]["band"]
    return {**values, "band": key["scores"][0]["bands"][band]["label"] if band >= 0 else None}


def download(page, click) -> tuple[Path, bytes]:
    with page.expect_download() as download:
        click()
    return Path(download.value.suggested_filename), Path(download.value.path()).read_bytes()


def put_answers(page, url: str, entries: dict) -> None:
    page.goto(url + "/")
    page.evaluate(
        "entries => Object.entries(entries).forEach(([key, value]) => localStorage.setItem(key, JSON.stringify(value)))",
        entries,
    )


@pytest.fixture(scope="module")
def files(browser, course_url, tmp_path_factory) -> dict[str, Path]:
    """The files the facilitator collects, made on the learner's site: by name."""
    folder = tmp_path_factory.mktemp("shares")
    made: dict[str, Path] = {}

    def keep(name: str, content: bytes) -> None:
        made[name] = folder / name
        made[name].write_bytes(content)

    # A learner answers on the checklist's page, takes it again weeks later, and shares from the checklist.
    with watched_page(browser, locale="en-GB", timezone_id="UTC") as page:
        page.clock.install(time=FIRST_DAY)
        page.goto(course_url + "/")
        for item, value in CLICKED_FIRST.items():
            page.check(f"#wb-{CONFIDENCE}-{item}-{value}")
        page.clock.set_system_time(LATER_DAY)
        page.click(f"#wb-{CONFIDENCE} [data-workbook-action='new-take']")
        for item, value in CLICKED_LATER.items():
            page.check(f"#wb-{CONFIDENCE}-{item}-{value}")
        page.click(f"#wb-{CONFIDENCE} [data-workbook-action='share']")
        box = page.locator(f"#wb-{CONFIDENCE}-share")
        preview = json.loads(box.locator("[data-workbook-share-preview]").text_content())
        name, content = download(page, box.locator("[data-workbook-share='save']").click)
        assert json.loads(content) == preview
        assert name.name == f"{NAMESPACE}-share-2026-12-20.json"
        keep("clicked.json", content)

    # Learners with stored answers share from My workbook; the first ticks the words of the pitch too.
    for number, entries in enumerate(STORED, start=1):
        with watched_page(browser, locale="en-GB", timezone_id="UTC") as page:
            page.clock.install(time=LATER_DAY)
            put_answers(page, course_url, entries)
            page.goto(course_url + "/my-workbook/")
            page.click("[data-workbook-action='share']")
            box = page.locator("#workbook-share")
            if number == 1:
                box.get_by_label(re.compile("What you do, in plain words")).check()
            preview = json.loads(box.locator("[data-workbook-share-preview]").text_content())
            _, content = download(page, box.locator("[data-workbook-share='save']").click)
            assert json.loads(content) == preview
            keep(f"learner-{number}.json", content)

    # One learner sends the full export of My workbook instead.
    with watched_page(browser, locale="en-GB", timezone_id="UTC") as page:
        put_answers(page, course_url, EXPORTED)
        page.goto(course_url + "/my-workbook/")
        _, content = download(page, page.locator("[data-workbook-action='export']").click)
        keep("full-export.json", content)
    return made


def read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def shared_takes(data: dict, exercise: str) -> list[dict]:
    """A file's takes of a checklist as the debrief page counts them: a share's as they are; a full export's earlier
    takes and current answers, each with a score (reduced here, from README's description of both formats)."""
    if data["format"] == "mkdocs-workbook-share":
        return data["checklists"].get(exercise, {}).get("takes", [])
    entry = data["exercises"].get(exercise)
    if entry is None:
        return []
    candidates = entry["takes"] + (
        [{"date": entry["updated"], "answers": entry["answers"]}] if entry["answers"] else []
    )
    checklist = checklists()[exercise]
    return [take for take in candidates if score(checklist, take["answers"]) is not None]


def test_share_files_hold_only_what_the_learner_chose(files):
    for name in ("clicked.json", "learner-1.json", "learner-2.json", "learner-3.json", "learner-4.json"):
        data = read(files[name])
        assert data["format"] == "mkdocs-workbook-share" and data["version"] == 1 and data["course"] == NAMESPACE
        assert set(data) <= {"format", "version", "course", "shared", "id", "checklists", "texts"}, name
        assert data["shared"] == "2026-12-20"
        for exercise, shared in data["checklists"].items():
            checklist = checklists()[exercise]
            for take in shared["takes"]:
                assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", take["date"]), "dates to the day, no finer"
                # The file's scores are the ones the course defines, worked out from its answers.
                expected = score(checklist, take["answers"])
                assert take["scores"]["total"] == expected["total"]
                assert {key: value["total"] for key, value in take["scores"]["categories"].items()} == {
                    key: value for key, value in expected.items() if key not in ("total", "band")
                }
    clicked = read(files["clicked.json"])
    assert [take["date"] for take in clicked["checklists"][CONFIDENCE]["takes"]] == ["2026-11-01", "2026-12-20"]
    assert [take["answers"] for take in clicked["checklists"][CONFIDENCE]["takes"]] == [CLICKED_FIRST, CLICKED_LATER]
    # Free text only where the learner ticked it; an unfinished checklist is not shared.
    assert read(files["learner-1.json"])["texts"] == {PITCH: {"what-i-do": "I build stock software for warehouses"}}
    assert "texts" not in read(files["learner-3.json"])
    assert "Secret words" not in files["learner-3.json"].read_text()
    assert set(read(files["learner-4.json"])["checklists"]) == {HEALTH}
    assert read(files["learner-1.json"])["id"] != read(files["learner-2.json"])["id"]


def open_debrief(page, url: str, paths: list[Path], query: str = "") -> None:
    page.goto(url + DEBRIEF + query)
    page.set_input_files(IMPORT, [str(path) for path in paths])
    wait_until_read(page)


def wait_until_read(page, start: str = "Read") -> None:
    page.wait_for_function(
        "start => document.querySelector('[data-workbook-debrief-status]').textContent.startsWith(start)", arg=start
    )


def people_counted(page) -> str:
    """The page's count of people, in the attribute of the hook (its text says it in words)."""
    return page.get_attribute(".workbook-debrief > [data-workbook-debrief-count]", "data-workbook-debrief-count")


def expected_group(paths: list[Path], exercise: str) -> dict:
    """What the debrief page should show for one checklist, worked out from the files."""
    checklist = checklists()[exercise]
    people = [takes for takes in (shared_takes(read(path), exercise) for path in paths) if takes]
    latest = [takes[-1]["answers"] for takes in people]
    scores = [score(checklist, answers) for answers in latest]
    keys = ["total"] + [category.id for category in checklist.categories]
    tick = checklist.scale.type == "yes-no"
    items = {}
    for item in checklist.items:
        values = [
            ("true" if answers.get(item.id) is True else "false") if tick else str(answers[item.id])
            for answers in latest
            if tick or item.id in answers
        ]
        items[item.id] = Counter(values)
    twice = [
        (score(checklist, takes[0]["answers"]), score(checklist, takes[-1]["answers"]))
        for takes in people
        if len(takes) > 1
    ]
    return {
        "people": len(people),
        "means": {key: sum(s[key] for s in scores) / len(scores) for key in keys},
        "bands": Counter(s["band"] for s in scores),
        "items": items,
        "twice": len(twice),
        "changes": {key: sum(b[key] - a[key] for a, b in twice) / len(twice) for key in keys} if twice else {},
    }


def test_the_debrief_page_shows_the_group_computed_from_the_files(browser, facilitator_url, files):
    paths = list(files.values())
    with watched_page(browser, locale="en-GB", timezone_id="UTC") as page:
        open_debrief(page, facilitator_url, paths)
        # Every file counts: five shares and one full export, one person each.
        assert people_counted(page) == "6"
        for exercise in (CONFIDENCE, HEALTH):
            expected = expected_group(paths, exercise)
            root = page.locator(f"[data-workbook-debrief='{exercise}']")
            assert root.is_visible()
            count = root.locator("[data-workbook-debrief-count]")
            assert count.get_attribute("data-workbook-debrief-count") == str(expected["people"])
            assert count.text_content() == f"{expected['people']} people shared this checklist."
            for key, mean in expected["means"].items():
                chart = root.locator(f"[data-workbook-debrief-chart='score:{key}']")
                assert float(chart.get_attribute("data-workbook-debrief-mean")) == pytest.approx(mean), (exercise, key)
                assert chart.get_attribute("data-workbook-debrief-n") == str(expected["people"])
                assert f"mean {round(mean, 2):g}" in chart.locator("figcaption").text_content()
            bands = root.locator("[data-workbook-debrief-chart='score:total'] [data-workbook-debrief-band]")
            shown = {
                band.get_attribute("data-workbook-debrief-band"): int(re.search(r": (\d+) pe", band.text_content())[1])
                for band in bands.all()
            }
            assert {label: count for label, count in shown.items() if count} == dict(expected["bands"])
            # Each statement: how many gave each answer, the scale's points in order.
            # (a scale's points with their mean; ticked, then not ticked; then a bar of the spread)
            points = root.locator("[data-workbook-debrief-chart='items'] thead th").all_text_contents()[1:-1]
            values = (
                [re.match(r"\d+", point)[0] for point in points[:-1]] if exercise == CONFIDENCE else ["true", "false"]
            )
            assert points[-1] == ("Mean" if exercise == CONFIDENCE else "Not ticked")
            for item, counts in expected["items"].items():
                cells = root.locator(f"tr[data-workbook-debrief-item='{item}'] td").all_text_contents()[: len(values)]
                assert [int(cell) for cell in cells] == [counts.get(value, 0) for value in values], (exercise, item)
            for key, change in expected["changes"].items():
                row = root.locator(f"[data-workbook-debrief-chart='change'] tr[data-workbook-debrief-area='{key}']")
                assert float(row.get_attribute("data-workbook-debrief-change")) == pytest.approx(change), key
        assert expected_group(paths, CONFIDENCE)["twice"] == 4  # clicked, learners 1 and 3, the export
        # Words a learner chose to share, and no one else's.
        texts = page.locator("[data-workbook-debrief-texts]")
        assert texts.is_visible()
        assert "Fewer than 3 people" in texts.text_content()
        assert "I build stock software" not in texts.text_content()
        # Nothing on the page names a file that was counted.
        assert "learner-1" not in page.locator(".md-content").text_content()


def test_duplicates_count_once_and_bad_files_are_refused_one_by_one(browser, facilitator_url, files, tmp_path):
    good = read(files["learner-2.json"])
    foreign = tmp_path / "foreign.json"
    foreign.write_text(json.dumps(dict(good, course="another-course")))
    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps(dict(good, version=99)))
    damaged = tmp_path / "damaged.json"
    damaged.write_text(files["learner-1.json"].read_text()[:-40])
    wrong = tmp_path / "wrong-shape.json"
    wrong.write_text(json.dumps(dict(good, checklists={CONFIDENCE: {"takes": [{"date": "soon", "answers": {}}]}})))
    copy = tmp_path / "copy-of-learner-2.json"
    copy.write_bytes(files["learner-2.json"].read_bytes())
    paths = [files["learner-1.json"], foreign, files["learner-2.json"], newer, damaged, copy, wrong]
    with watched_page(browser) as page:
        open_debrief(page, facilitator_url, paths)
        assert people_counted(page) == "2"
        refused = page.locator("[data-workbook-debrief-refused] li").all_text_contents()
        assert refused == [
            "foreign.json: not read: it holds answers to another course.",
            "newer.json: not read: a newer version of the workbook made it. Open the newest version of the "
            "facilitator's edition to read it.",
            "damaged.json: not read: it is damaged or is not a share file (it is not valid JSON).",
            "copy-of-learner-2.json: not counted again: it is the same share as “learner-2.json”.",
            "wrong-shape.json: not read: it is damaged (its answers are not in the expected form).",
        ]
        status = page.locator("[data-workbook-debrief-status]").text_content()
        assert status == "Read 7 files: 2 counted, 1 the same as another (counted once), 4 not counted (below)."
        # Read again later, the same files add no one.
        page.set_input_files(IMPORT, [str(files["learner-1.json"])])
        wait_until_read(page, "Read 1 ")
        assert people_counted(page) == "2"


def test_fewer_people_than_the_threshold_show_no_values(browser, facilitator_url, files):
    with watched_page(browser) as page:
        open_debrief(page, facilitator_url, [files["learner-1.json"], files["learner-2.json"]])
        root = page.locator(f"[data-workbook-debrief='{CONFIDENCE}']")
        assert root.locator("[data-workbook-debrief-count]").text_content() == "2 people shared this checklist."
        for chart in root.locator("[data-workbook-debrief-chart^='score:']").all() + [
            root.locator("[data-workbook-debrief-chart='items']")
        ]:
            assert chart.locator("[data-workbook-debrief-withheld]").text_content() == (
                "Fewer than 3 people: not shown, so that no one's answers can be told apart."
            )
            assert chart.locator("svg, table").count() == 0
            assert chart.get_attribute("data-workbook-debrief-mean") is None
        # The summary saved holds no values either.
        _, content = download(page, page.locator("[data-workbook-action='debrief-export-csv']").click)
        rows = list(csv.reader(io.StringIO(content.decode("utf-8"))))
        assert ["networking-confidence", "score:total", "Total score", "values", "fewer than 3 people"] in rows
        assert not [row for row in rows if row[0] == CONFIDENCE and row[3] == "mean"]


def test_the_threshold_is_a_plugin_option(browser, project: Project, tmp_path):
    project.write(
        "workshops/sample.yml",
        "id: sample\ntitle: Sample\ngroup_size: 4\ndays:\n  - start: '09:00'\n"
        "    sessions:\n      - title: One\n        items:\n          - exercise: networking-habits\n",
    )
    project.write(
        "mkdocs.facilitator.yml",
        "INHERIT: mkdocs.yml\nsite_dir: site-facilitator\nplugins:\n  - workbook:\n      edition: facilitator\n"
        "      debrief_min_people: 2\n",
    )
    result = project.build("-f", "mkdocs.facilitator.yml")
    assert result.returncode == 0, result.stderr
    namespace = "test-course"
    shares = []
    for number, value in enumerate((2, 4)):
        path = tmp_path / f"share-{number}.json"
        answers = dict.fromkeys(
            ("start-conversations", "ask-introductions", "avoid-events", "follow-up", "share-useful"), value
        )
        path.write_text(
            json.dumps(
                {
                    "format": "mkdocs-workbook-share",
                    "version": 1,
                    "course": namespace,
                    "shared": "2026-12-20",
                    "id": f"{number:032x}",
                    "checklists": {"networking-habits": {"takes": [{"date": "2026-12-20", "answers": answers}]}},
                }
            )
        )
        shares.append(path)
    url, server = serve(project.path / "site-facilitator")
    try:
        with watched_page(browser) as page:
            page.goto(url + DEBRIEF)
            # The agenda links here with its workshop's checklists chosen.
            page.set_input_files(IMPORT, [str(path) for path in shares])
            wait_until_read(page)
            chart = page.locator(
                "[data-workbook-debrief='networking-habits'] [data-workbook-debrief-chart='score:total']"
            )
            assert chart.get_attribute("data-workbook-debrief-n") == "2"
            assert "mean" in chart.locator("figcaption").text_content()
    finally:
        server.shutdown()
        server.server_close()


def test_the_agenda_link_chooses_the_workshops_checklists(browser, facilitator_url, files):
    with watched_page(browser) as page:
        page.goto(facilitator_url + "/facilitator/workshops/networking-taster/")
        page.click("text=Debrief with the group")
        page.wait_for_url(re.compile(r"debrief/\?checklists=networking-confidence$"))
        page.set_input_files(IMPORT, [str(path) for path in files.values()])
        wait_until_read(page)
        shown = page.eval_on_selector_all(
            "[data-workbook-debrief]", "roots => roots.filter(r => !r.hidden).map(r => r.dataset.workbookDebrief)"
        )
        assert shown == [CONFIDENCE]
        # The facilitator can show another checklist too.
        page.get_by_role("checkbox", name="Is your plan ready?").check()
        assert page.locator(f"[data-workbook-debrief='{HEALTH}']").is_visible()


def test_a_chart_fills_the_screen_readable_from_the_back(browser, facilitator_url, files):
    with watched_page(browser, viewport={"width": 1280, "height": 720}) as page:
        open_debrief(page, facilitator_url, list(files.values()))
        chart = page.locator(f"[data-workbook-debrief='{CONFIDENCE}'] [data-workbook-debrief-chart='score:total']")
        chart.locator("[data-workbook-action='debrief-present']").click()
        box = chart.bounding_box()
        assert box["width"] >= 1270 and box["height"] >= 710
        # Bar labels at least 24 px high on a 720 px screen: about 1/30 of the screen's height.
        label = chart.locator("svg text").first
        assert label.evaluate("text => text.getBoundingClientRect().height") >= 24
        assert float(chart.locator("figcaption").evaluate("c => parseFloat(getComputedStyle(c).fontSize)")) >= 24
        chart.locator("[data-workbook-action='debrief-present']").click()
        assert chart.bounding_box()["width"] < 1000


def test_the_summary_saves_as_markdown_and_csv_and_prints(browser, facilitator_url, files):
    paths = list(files.values())
    expected = expected_group(paths, CONFIDENCE)
    with watched_page(browser) as page:
        open_debrief(page, facilitator_url, paths)
        name, markdown = download(page, page.locator("[data-workbook-action='debrief-export-markdown']").click)
        assert name.suffix == ".md"
        text = markdown.decode("utf-8")
        assert text.startswith("# Group debrief\n")
        assert "## How confident are you about networking?" in text and "5 people shared this checklist." in text
        assert "| Statement |" in text
        _, content = download(page, page.locator("[data-workbook-action='debrief-export-csv']").click)
        rows = list(csv.reader(io.StringIO(content.decode("utf-8"))))
        assert rows[0] == ["checklist", "part", "label", "measure", "value"]
        means = {
            row[1]: float(row[4])
            for row in rows
            if row[0] == CONFIDENCE and row[3] == "mean" and row[1].startswith("score:")
        }
        assert means == pytest.approx({f"score:{key}": value for key, value in expected["means"].items()})
        for name in ("learner", "clicked", "export"):
            assert name not in text and name not in content.decode("utf-8")
        pdf = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
        printed = " ".join(pdf_page.extract_text() for pdf_page in pdf.pages)
        assert "How confident are you about networking?" in printed
        assert "5 people shared this checklist." in printed
        assert "learner-1" not in printed and "Choose share files" not in printed


def test_the_share_preview_and_the_debrief_page_are_axe_clean(browser, course_url, facilitator_url, files):
    with watched_page(browser) as page:
        put_answers(page, course_url, STORED[0])
        page.goto(course_url + "/my-workbook/")
        page.click("[data-workbook-action='share']")
        results = Axe().run(page, context={"include": [[".md-content"]]})
        assert results.violations_count == 0, results.generate_report()
        open_debrief(page, facilitator_url, list(files.values()))
        results = Axe().run(page, context={"include": [[".md-content"]]})
        assert results.violations_count == 0, results.generate_report()
        page.locator("[data-workbook-action='debrief-present']").first.click()
        results = Axe().run(page, context={"include": [[".md-content"]]})
        assert results.violations_count == 0, results.generate_report()


def test_the_learners_edition_has_no_debrief_page(course_site: Path):
    assert not (course_site / "facilitator").exists()
    assert not (course_site / "workbook" / "debrief.js").exists()


def build_facilitators_gallery(root: Path, config: str, plugins: str = "") -> None:
    """The gallery course's facilitator's edition (into site-facilitator/, instant navigation on) with a workshop of
    its demo checklist; its debrief page shows a chart of one person (the tests' learner)."""
    project = write_gallery(root, config, theme="  features:\n    - navigation.instant\n", plugins=plugins)
    project.write(
        "workshops/taster.yml",
        "id: taster\ntitle: Taster\ngroup_size: 4\ndays:\n  - start: '09:00'\n    sessions:\n"
        "      - title: One\n        items:\n          - exercise: networking-habits\n",
    )
    project.write(
        "mkdocs.facilitator.yml",
        f"INHERIT: mkdocs.yml\nsite_dir: site-facilitator\nplugins:\n{plugins}  - workbook:\n      edition: facilitator\n"
        f"      storage_namespace: {NAMESPACE}\n      debrief_min_people: 1\n",
    )
    result = project.build("-f", "mkdocs.facilitator.yml")
    assert result.returncode == 0, result.stderr


def test_learner_and_facilitator_who_only_click_share_and_debrief(browser, tmp_path_factory):
    """Instant navigation (site_url set): the checklist's share preview loads its script on demand, and the debrief
    page, reached from the agenda, sets itself up and reads the file."""
    root = tmp_path_factory.mktemp("instant-debrief")
    (root / "site-facilitator").mkdir()
    url, server = serve(root / "site-facilitator")
    build_facilitators_gallery(root, f"site_url: {url}/\n")
    try:
        with watched_page(browser) as page:
            page.goto(url + "/")
            page.evaluate("window.__notReloaded = true")
            page.click(".md-sidebar--primary a.md-nav__link:has-text('Gallery')")
            for item in ("start-conversations", "ask-introductions", "avoid-events", "follow-up", "share-useful"):
                page.check(f"#wb-networking-habits-{item}-4")
            page.click("#wb-networking-habits [data-workbook-action='share']")
            box = page.locator("#wb-networking-habits-share")
            name, content = download(page, box.locator("[data-workbook-share='save']").click)
            share = tmp_path_factory.mktemp("instant-share") / name.name
            share.write_bytes(content)
            assert list(read(share)["checklists"]) == ["networking-habits"]
            page.click(".md-sidebar--primary label.md-nav__link:has-text('Facilitator')")
            page.click(".md-sidebar--primary a.md-nav__link:has-text('Taster')")
            page.wait_for_url("**/facilitator/workshops/taster/")
            assert page.evaluate("window.__notReloaded") is True, "instant navigation was not on"
            page.click("text=Debrief with the group")
            page.wait_for_selector("[data-workbook-debrief-page][data-workbook-ready]")
            page.set_input_files(IMPORT, [str(share)])
            wait_until_read(page)
            chart = page.locator(
                "[data-workbook-debrief='networking-habits'] [data-workbook-debrief-chart='score:total']"
            )
            assert (
                float(chart.get_attribute("data-workbook-debrief-mean"))
                == (
                    score(
                        load_exercises(root / "exercises", root).exercises["networking-habits"],
                        read(share)["checklists"]["networking-habits"]["takes"][-1]["answers"],
                    )["total"]
                )
            )
            assert page.evaluate("window.__notReloaded") is True, "instant navigation was not on"
    finally:
        server.shutdown()
        server.server_close()


def test_from_files_a_learner_shares_and_the_facilitator_debriefs(browser, tmp_path):
    """Built with Material's offline plugin and opened from file:// (a USB stick): the checklist's share preview
    fetches its script from beside workbook.js, and the agenda's link opens the debrief page with its checklist."""
    habits = ("start-conversations", "ask-introductions", "avoid-events", "follow-up", "share-useful")
    build_facilitators_gallery(tmp_path, "", plugins="  - offline\n")
    site = (tmp_path / "site-facilitator").as_uri()
    context = browser.new_context(accept_downloads=True)
    try:
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        # The offline plugin's one outside request (README, "Works with"): not ours, refused here.
        page.route("https://**", lambda route: route.abort())
        page.goto(f"{site}/demo.html")
        for item in habits:
            page.check(f"#wb-networking-habits-{item}-4")
        page.click("#wb-networking-habits [data-workbook-action='share']")
        name, content = download(page, page.locator("#wb-networking-habits-share [data-workbook-share='save']").click)
        share = tmp_path / name.name
        share.write_bytes(content)
        page.goto(f"{site}/facilitator/workshops/taster/index.html")
        page.click("text=Debrief with the group")
        page.wait_for_selector("[data-workbook-debrief-page][data-workbook-ready]")
        assert page.url.endswith("/facilitator/debrief.html?checklists=networking-habits")
        page.set_input_files(IMPORT, [str(share)])
        wait_until_read(page)
        chart = page.locator("[data-workbook-debrief='networking-habits'] [data-workbook-debrief-chart='score:total']")
        checklist = load_exercises(tmp_path / "exercises", tmp_path).exercises["networking-habits"]
        expected = score(checklist, read(share)["checklists"]["networking-habits"]["takes"][-1]["answers"])["total"]
        assert float(chart.get_attribute("data-workbook-debrief-mean")) == (expected)
        assert errors == []
    finally:
        context.close()


def test_the_debrief_page_fits_a_phone(browser, facilitator_url, files):
    with watched_page(browser, viewport={"width": 390, "height": 800}) as page:
        open_debrief(page, facilitator_url, list(files.values()))
        assert page.get_by_text("Choose share files…").is_visible()
        # Wide tables scroll inside their figure; the page itself does not scroll sideways.
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
        table = page.locator(f"[data-workbook-debrief='{CONFIDENCE}'] [data-workbook-debrief-chart='items']")
        scrolls = "figure => [figure.scrollWidth > figure.clientWidth, getComputedStyle(figure).overflowX]"
        assert table.evaluate(scrolls) == [True, "auto"]
