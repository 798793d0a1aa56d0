"""Answers that must never be lost, each way a reviewer lost them in Chromium: new releases, copies of an exercise
on one page, keys of another course, clearing, storage faults, damaged entries, hostile imports, the Markdown export."""

from __future__ import annotations

import html.parser
import json

import markdown
import pytest
from markdown_it import MarkdownIt

from .conftest import FAULTS, RELEASE_NAMESPACE, Project, set_fault, storage_usage, watched_page
from .test_browser import export_file

PREFIX = f"workbook:{RELEASE_NAMESPACE}:"
PLAN = "[data-workbook-exercise='plan']"


@pytest.fixture
def learner(browser):
    with watched_page(browser) as page:
        page.add_init_script(FAULTS)
        yield page


def stored(page, exercise: str = "plan"):
    raw = page.evaluate("key => localStorage[key] === undefined ? null : localStorage[key]", PREFIX + exercise)
    return None if raw is None else json.loads(raw)


def everything(page) -> dict:
    return page.evaluate("() => Object.fromEntries(Object.keys(localStorage).map(key => [key, localStorage[key]]))")


def put(page, key: str, value) -> None:
    page.evaluate(
        "([key, value]) => localStorage.setItem(key, value)",
        [key, value if isinstance(value, str) else json.dumps(value)],
    )


def record(answers: dict, **more) -> dict:
    return {
        "format": 3,
        "exercise": "plan",
        "kind": "worksheet",
        "updated": "2026-01-01T00:00:00.000Z",
        "answers": answers,
        "takes": [],
        "kept": {},
        **more,
    }


def upload(page, tmp_path, data, name: str = "import.json") -> None:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    page.set_input_files("input[data-workbook-action='import']", str(path))


def export_of(exercises: dict) -> dict:
    return {"format": "mkdocs-workbook-answers", "version": 3, "course": RELEASE_NAMESPACE, "exercises": exercises}


# --- 2: a release that removes options and shrinks a scale ------------------------------------------------------


def test_values_a_new_release_cannot_show_survive_edits_and_are_shown_and_exported(learner, release_sites, tmp_path):
    page = learner
    page.goto(release_sites + "/r1/")
    copy = page.locator(PLAN).first
    copy.locator("input[name='channel'][value='phone']").check()
    copy.locator("input[name='topics'][value='events']").check()
    copy.locator("input[name='topics'][value='news']").check()
    copy.locator("input[name='confidence'][value='5']").check()
    copy.locator("input[name='hours']").fill("7")

    page.goto(release_sites + "/r2/")  # phone and events gone, confidence 1 to 3, hours gone
    copy = page.locator(PLAN).first
    copy.locator("input[name='goal']").fill("Edited in release 2")
    assert stored(page)["answers"] == {
        "channel": "phone",
        "topics": ["events", "news"],
        "confidence": 5,
        "hours": 7,
        "goal": "Edited in release 2",
    }
    copy.locator("input[name='topics'][value='online']").check()
    copy.locator("input[name='topics'][value='news']").uncheck()
    copy.locator("input[name='channel'][value='email']").check()
    copy.locator("input[name='confidence'][value='2']").check()
    after = stored(page)
    assert after["answers"] == {
        "channel": "email",
        "topics": ["events", "online"],
        "confidence": 2,
        "hours": 7,
        "goal": "Edited in release 2",
    }
    assert after["kept"] == {"channel": ["phone"], "confidence": [5]}

    page.goto(release_sites + "/r2/my-workbook/")
    orphans = page.locator("[data-workbook-orphans]")
    assert orphans.is_visible()
    headings = orphans.locator("h3").all_text_contents()
    assert headings == [
        "The plan: answers to questions no longer asked",
        "The plan: answers this version of the course cannot show",
        "The plan: earlier answers this version could not show, kept when you answered again",
    ]
    assert [json.loads(text) for text in orphans.locator("pre").all_text_contents()] == [
        {"hours": 7},
        {"topics": ["events", "online"]},
        {"channel": ["phone"], "confidence": [5]},
    ]
    exported = json.loads(export_file(page, "export", tmp_path).read_text())["exercises"]["plan"]
    assert exported["answers"] == after["answers"] and exported["kept"] == after["kept"]


# --- 3: the same exercise twice on one page -----------------------------------------------------------------------


def test_two_copies_of_a_checklist_in_the_print_pack_stay_in_step(page, course_url):
    page.goto(course_url + "/print/")
    first, second = page.locator("[data-workbook-exercise='networking-confidence']").all()
    first.locator("input[name='clear-purpose'][value='4']").check()
    second.locator("input[name='first-contact'][value='2']").check()
    second.locator("input[name='clear-purpose'][value='3']").check()
    first.locator("input[name='listen-first'][value='5']").check()
    key = "workbook:professional-relationships:networking-confidence"
    answers = json.loads(page.evaluate("key => localStorage.getItem(key)", key))["answers"]
    assert answers == {"clear-purpose": 3, "first-contact": 2, "listen-first": 5}
    for copy in (first, second):
        shown = copy.evaluate(
            "root => Array.from(root.querySelectorAll('input:checked'), i => i.name + '=' + i.value).sort()"
        )
        assert shown == ["clear-purpose=3", "first-contact=2", "listen-first=5"]


def test_two_copies_of_a_worksheet_on_one_page_stay_in_step(learner, release_sites):
    page = learner
    page.goto(release_sites + "/r1/")
    first, second = page.locator(PLAN).all()
    first.locator("input[name='goal']").fill("Typed in the first copy")
    second.locator("textarea[name='notes']").fill("Typed in the second copy")
    second.locator("input[name='topics'][value='news']").check()
    first.locator("input[name='topics'][value='hobbies']").check()
    assert stored(page)["answers"] == {
        "goal": "Typed in the first copy",
        "notes": "Typed in the second copy",
        "topics": ["news", "hobbies"],
    }
    for copy in (first, second):
        assert copy.locator("input[name='goal']").input_value() == "Typed in the first copy"
        assert (
            copy.locator("input[name='topics'][value='news']").is_checked()
            and copy.locator("input[name='topics'][value='hobbies']").is_checked()
        )


# --- 4: a namespace with ':' -------------------------------------------------------------------------------------


def test_a_storage_namespace_outside_the_id_alphabet_is_refused_with_a_clear_message(project: Project):
    project.write(
        "mkdocs.yml",
        project.path.joinpath("mkdocs.yml")
        .read_text()
        .replace("  - workbook\n", "  - workbook:\n      storage_namespace: 'acme:advanced'\n"),
    )
    result = project.build()
    assert result.returncode != 0
    assert (
        "storage_namespace" in result.stderr and "'acme:advanced'" in result.stderr and "Traceback" not in result.stderr
    )


def test_another_courses_keys_that_start_like_ours_are_neither_cleared_nor_exported(learner, release_sites, tmp_path):
    page = learner
    page.goto(release_sites + "/r1/my-workbook/")
    theirs = {
        "workbook:model:advanced:plan": json.dumps(record({"goal": "Another course's answer"})),
        "workbook:model:advanced:plan:unreadable:1": "{damaged",
        "workbook:model-x:plan": json.dumps(record({"goal": "x"})),
    }
    for key, value in theirs.items():
        put(page, key, value)
    put(page, PREFIX + "plan", record({"goal": "Ours"}))
    page.reload()
    data = json.loads(export_file(page, "export", tmp_path).read_text())
    assert list(data["exercises"]) == ["plan"]
    page.click("[data-workbook-action='clear']")
    page.click("[data-workbook-clear='yes']")
    assert everything(page) == theirs
    upload(page, tmp_path, data)  # our own export is not refused as damaged
    page.locator("[data-workbook-import-preview]").wait_for(state="visible")
    page.click("[data-workbook-import='keep']")
    assert stored(page)["answers"] == {"goal": "Ours"}


# --- 5: clear deletes exactly what the export offer held ----------------------------------------------------------


def test_clear_whole_workbook_keeps_what_the_export_could_not_hold_and_says_so(learner, release_sites, tmp_path):
    page = learner
    page.goto(release_sites + "/r1/my-workbook/")
    newer = json.dumps({"format": 99, "exercise": "future", "answers": {"note": "from the future"}})
    put(page, PREFIX + "future", newer)
    put(page, PREFIX + "scrap", "{damaged")
    put(page, PREFIX + "scrap:unreadable:5", "{older damage")
    put(page, PREFIX + "plan", record({"goal": "Mine"}))
    page.reload()
    page.click("[data-workbook-action='clear']")
    kept = page.text_content("[data-workbook-clear-kept]")
    assert (
        "one exercise saved by a newer version" in kept
        and "one damaged entry" in kept
        and "one damaged copy set aside" in kept
    )
    exported = json.loads(export_file(page, "export", tmp_path).read_text())  # "Export answers" while the offer is open
    page.click("[data-workbook-clear='yes']")
    assert list(exported["exercises"]) == ["plan"]
    assert everything(page) == {
        PREFIX + "future": newer,
        PREFIX + "scrap": "{damaged",
        PREFIX + "scrap:unreadable:5": "{older damage",
    }
    assert "Deleted your answers to 1 exercise" in page.text_content("[data-workbook-page-status]")


def test_clear_keeps_an_entry_changed_after_the_export_was_offered(learner, release_sites):
    page = learner
    page.goto(release_sites + "/r1/my-workbook/")
    put(page, PREFIX + "plan", record({"goal": "Before"}))
    page.reload()
    page.click("[data-workbook-action='clear']")
    put(page, PREFIX + "plan", record({"goal": "Typed in another tab meanwhile"}))
    page.click("[data-workbook-clear='yes']")
    assert stored(page)["answers"] == {"goal": "Typed in another tab meanwhile"}


# --- 6 and 7: storage faults, damaged entries ---------------------------------------------------------------------


def test_typing_while_storage_cannot_be_read_writes_nothing_and_keeps_the_warning(learner, release_sites):
    page = learner
    page.goto(release_sites + "/r1/")
    mine = record({"goal": "Stored earlier", "notes": "Long answer"})
    put(page, PREFIX + "plan", mine)
    set_fault(page, get=True)
    page.reload()
    alert = page.locator(f"{PLAN} [data-workbook-alert]").first
    assert alert.is_visible()
    page.locator(PLAN).first.locator("input[name='goal']").fill("Typed now")
    assert stored(page) == mine
    assert alert.is_visible() and "does not let the course store answers" in alert.text_content()


def test_a_damaged_entry_is_set_aside_once_however_often_the_page_is_opened(learner, release_sites):
    page = learner
    page.goto(release_sites + "/r1/")
    put(page, PREFIX + "scrap", "{damaged" + "x" * 1000)
    for _ in range(6):
        page.reload()
    copies = [key for key in everything(page) if key.startswith(PREFIX + "scrap:unreadable:")]
    assert len(copies) == 1


# --- 8 and 9: hostile and oversized imports -----------------------------------------------------------------------


def test_an_import_nested_5000_deep_is_refused(learner, release_sites, tmp_path):
    page = learner
    page.goto(release_sites + "/r1/my-workbook/")
    before = everything(page)
    upload(
        page,
        tmp_path,
        '{"format": "mkdocs-workbook-answers", "version": 2, "course": "model", "exercises": {"plan": {"answers": {"goal": '
        + "[" * 5000
        + "]" * 5000
        + "}}}}",
    )
    alert = page.locator("[data-workbook-page-alert]")
    alert.wait_for(state="visible")
    assert "damaged" in alert.text_content() and "Nothing was changed." in alert.text_content()
    assert everything(page) == before


# `false` is no longer here: it is a yes-no checklist statement's "no" (issue 21).
@pytest.mark.parametrize("value", [None, {"a": "b"}, [1, 2], [{"name": 3}], [["x"]], float("inf")])
def test_an_import_with_a_value_of_no_documented_shape_is_refused(learner, release_sites, tmp_path, value):
    page = learner
    page.goto(release_sites + "/r1/my-workbook/")
    text = json.dumps(export_of({"plan": {"answers": {"goal": value}}})).replace("Infinity", "1e999")
    upload(page, tmp_path, text)
    page.locator("[data-workbook-page-alert]").wait_for(state="visible")
    assert everything(page) == {}


def test_a_5000_deep_value_already_in_storage_does_not_break_my_workbook(learner, release_sites, tmp_path):
    page = learner
    page.goto(release_sites + "/r1/my-workbook/")
    deep = (
        '{"format": 3, "exercise": "plan", "kind": "worksheet", "answers": {"goal": '
        + "[" * 5000
        + "]" * 5000
        + '}, "takes": [], "kept": {}}'
    )
    put(page, PREFIX + "plan", deep)
    put(
        page,
        PREFIX + "extra",
        {
            "format": 3,
            "exercise": "extra",
            "kind": "worksheet",
            "answers": {"idea": "Still exported"},
            "takes": [],
            "kept": {},
        },
    )
    page.reload()
    assert page.is_visible("[data-workbook-toolbar]")
    data = json.loads(export_file(page, "export", tmp_path).read_text())
    assert data["exercises"]["extra"]["answers"] == {"idea": "Still exported"}
    assert page.evaluate("key => localStorage.getItem(key)", PREFIX + "plan") == deep
    page.goto(release_sites + "/r1/")  # the exercise page sets the entry aside as damaged and still works
    assert page.locator(f"{PLAN} [data-workbook-alert]").first.is_visible()


def test_an_import_that_does_not_fit_is_refused_whole_and_changes_nothing(learner, release_sites, tmp_path):
    page = learner
    page.goto(release_sites + "/r1/my-workbook/")
    put(page, PREFIX + "plan", record({"goal": "Mine", "notes": "short"}))
    page.reload()
    before = everything(page)
    set_fault(page, budget=storage_usage(page) + 3000)
    big = "y" * 1500
    upload(
        page,
        tmp_path,
        export_of(
            {
                "plan": {"answers": {"hours": 3, "notes": big}},
                "extra": {"answers": {"idea": big}},
                "habits": {"answers": {"a": 2}},
            }
        ),
    )
    page.locator("[data-workbook-import-preview]").wait_for(state="visible")
    page.click("[data-workbook-import='replace']")
    alert = page.locator("[data-workbook-page-alert]")
    assert "The import was refused" in alert.text_content() and "Nothing was changed." in alert.text_content()
    assert everything(page) == before


# --- 13: the Markdown export renders as exactly what the learner wrote ------------------------------------------

HOSTILE = [
    "<script>alert(1)</script>",
    "```\ncode fence\n```",
    "# Not a heading",
    "| a | b |",
    "Line one\n  indented\n\n\nafter blanks",
    "*stars* _under_ [link](javascript:alert(1)) ![img](x.png) <b>bold</b> &amp; \\ `tick`",
    "1. not a list\n- nor this\n+ nor this\n---\n===",
    "<!-- comment -->",
    "  leading & trailing  ",
    "> quoted",
    "{: onclick=alert(1) }",
    "~~struck~~ ==marked==",
    # Blocks of the extensions Material sites use: a definition, a collapsible block, a pymdownx block (whose
    # `html` kind writes any element with any attribute).
    "Term\n:   definition",
    '??? note "Title"\n    body',
    '/// html | div[onclick="alert(1)"]\nclick\n///',
]


class _Text(html.parser.HTMLParser):
    """The text of rendered HTML per paragraph-like element, and every tag used."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.text = ""
        self.cells: list[str] = []
        self.cell: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.add(tag)
        if tag in ("td", "th"):
            self.cell = ""
        if tag == "br":
            self.text += "\n"

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("p", "h1", "h2", "h3", "li", "tr", "pre"):
            self.text += "\n\n"
        if tag in ("td", "th") and self.cell is not None:
            self.cells.append(self.cell)
            self.cell = None

    def handle_data(self, data: str) -> None:
        self.text += data
        if self.cell is not None:
            self.cell += data

    def handle_comment(self, data: str) -> None:
        self.tags.add("<!--")


def rendered(html_text: str) -> _Text:
    parser = _Text()
    parser.feed(html_text)
    parser.close()
    return parser


def lines_of(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def test_the_markdown_export_renders_as_exactly_the_text_the_learner_wrote(learner, release_sites, tmp_path):
    page = learner
    page.goto(release_sites + "/r1/my-workbook/")
    answers = {
        "goal": HOSTILE[0],
        "notes": "\n".join(HOSTILE),
        "contacts": [{"name": "a | b <i>x</i>", "why": "`c` *d*"}],
    }
    put(page, PREFIX + "plan", record(answers))
    put(
        page,
        PREFIX + "retired",
        {
            "format": 3,
            "exercise": "retired",
            "kind": "worksheet",
            "answers": {"old": "```\n</pre><script>x</script>"},
            "takes": [],
            "kept": {},
        },
    )
    page.reload()
    plan = export_file(page, "export-markdown", tmp_path).read_text()
    allowed = {
        "h1",
        "h2",
        "h3",
        "p",
        "strong",
        "br",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "pre",
        "code",
        "ul",
        "li",
    }
    for name, html_text in (
        ("Python-Markdown", markdown.markdown(plan, extensions=["tables"])),
        (
            "Python-Markdown with a Material site's extensions",
            markdown.markdown(
                plan, extensions=["extra", "admonition", "pymdownx.details", "pymdownx.blocks.html", "attr_list"]
            ),
        ),
        ("CommonMark", MarkdownIt("commonmark").enable("table").render(plan)),
    ):
        result = rendered(html_text)
        assert result.tags <= allowed, f"{name}: {result.tags - allowed} injected"
        text = result.text
        for line in lines_of("\n".join(HOSTILE)):
            assert line in lines_of(text), f"{name}: {line!r} is not a line of the rendered export"
        assert ["a | b <i>x</i>", "`c` *d*"] in [result.cells[i : i + 2] for i in range(len(result.cells))], name
        assert '"old": "```\\n</pre><script>x</script>"' in text, name
        assert "The plan" in text and "Question goal" in text, name
