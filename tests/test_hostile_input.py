"""A hostile author and a careless learner: every payload of tests/corpus/hostile-payloads.txt in every field an
author writes (plain text and Markdown, exercises and workshop plans) and typed into every box a learner fills in,
built in both editions and read by Chromium on every page the build writes: loaded, printed and with every link
judged the way the browser resolves it. Nothing may run and nothing may be injected."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import Project, run_mkdocs, serve

CORPUS = Path(__file__).parent / "corpus" / "hostile-payloads.txt"
PAYLOADS = [
    line.replace("\\n", "\n").replace("\\\\", "\\")
    for line in CORPUS.read_text(encoding="utf-8").splitlines()
    if line and not line.startswith("#")
]
# Every payload in one text: a Markdown field reads each as its own paragraph, a plain one shows them all.
ALL = "\n\n".join(PAYLOADS)
FACILITATOR_CONFIG = (
    "INHERIT: mkdocs.yml\nsite_dir: site-facilitator\nplugins:\n  - workbook:\n      edition: facilitator\n"
)
# What a page may run: the theme's and the workbook's own files; inline, only Material's own configuration.
OWN_SCRIPTS = (
    "assets/javascripts/",
    "workbook/workbook.js",
    "workbook/my-workbook.js",
    "workbook/present.js",
    "search/",
)


def hostile_documents() -> dict[str, dict]:
    notes = {
        "setup": ALL,
        "materials": [ALL, ALL],
        "steps": [{"minutes": 2, "activity": ALL}],
        "debrief": [ALL],
        "variations": [ALL],
        "notes": ALL,
    }
    sheet = {
        "id": "hostile-sheet",
        "kind": "worksheet",
        "title": ALL,
        "intro": ALL,
        "minutes": 5,
        "facilitator": notes,
        "fields": [
            {"id": "t", "type": "text", "label": ALL, "help": ALL, "placeholder": ALL},
            {"id": "l", "type": "long-text", "label": ALL, "help": ALL, "placeholder": ALL},
            {"id": "r", "type": "rating", "label": ALL, "labels": {1: ALL, 5: ALL}},
            {
                "id": "c",
                "type": "choice",
                "label": ALL,
                "options": [{"id": "a", "label": ALL}, {"id": "b", "label": ALL}],
            },
            {
                "id": "m",
                "type": "multiple-choice",
                "label": ALL,
                "options": [{"id": "a", "label": ALL}, {"id": "b", "label": ALL}],
            },
            {"id": "y", "type": "yes-no", "label": ALL, "help": ALL},
            {"id": "n", "type": "number", "label": ALL, "unit": ALL},
            {"id": "d", "type": "date", "label": ALL},
            {
                "id": "g",
                "type": "table",
                "label": ALL,
                "columns": [{"id": "x", "label": ALL}, {"id": "z", "label": ALL}],
                "rows": 2,
            },
        ],
    }
    checklist = {
        "id": "hostile-check",
        "kind": "checklist",
        "title": ALL,
        "intro": ALL,
        "minutes": 5,
        "facilitator": notes,
        "scale": {"type": "likert", "min": 1, "max": 3, "labels": {1: ALL, 3: ALL}},
        "categories": [{"id": "k", "title": ALL, "description": ALL}],
        "items": [
            {"id": "i", "text": ALL, "category": "k"},
            {"id": "j", "text": ALL, "category": "k", "reverse": True},
        ],
        "bands": [{"from": 2, "to": 4, "label": ALL, "advice": ALL}, {"from": 5, "to": 6, "label": ALL, "advice": ALL}],
    }
    plan = {
        "id": "hostile-plan",
        "title": ALL,
        "audience": ALL,
        "group_size": 3,
        "intro": ALL,
        "days": [
            {
                "title": ALL,
                "start": "09:00",
                "sessions": [
                    {
                        "title": ALL,
                        "items": [
                            {"exercise": "hostile-sheet", "cue": ALL, "title": ALL},
                            {"activity": "break", "minutes": 5, "title": ALL},
                            {"exercise": "hostile-check", "cue": ALL},
                        ],
                    }
                ],
            }
        ],
    }
    return {
        "exercises/hostile-sheet.yml": sheet,
        "exercises/hostile-check.yml": checklist,
        "workshops/hostile-plan.yml": plan,
    }


@pytest.fixture(scope="module")
def hostile_builds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[str], list[str]]]:
    """Both editions in one served folder, every page they hold (as URL paths), and the two builds' logs."""
    project = Project(tmp_path_factory.mktemp("hostile"))
    project.write(
        "mkdocs.yml",
        "site_name: Hostile course\ndocs_dir: content\ntheme:\n  name: material\n  font: false\n"
        "plugins:\n  - search\n  - workbook\n",
    )
    project.write("mkdocs.facilitator.yml", FACILITATOR_CONFIG)
    for path, document in hostile_documents().items():
        project.write(path, json.dumps(document))  # JSON is YAML, with every string quoted
    project.write(
        "content/index.md", "# Home\n\n/// worksheet | hostile-sheet\n///\n\n/// checklist | hostile-check\n///\n"
    )
    # The same exercise twice on a page. (A chapter's own Markdown, a block's body too, is the site author's and may
    # hold raw HTML, as in any MkDocs page: README's promises say so.)
    project.write(
        "content/second.md", "# Second\n\n/// worksheet | hostile-sheet\n///\n\n/// worksheet | hostile-sheet\n///\n"
    )
    logs = []
    for extra in ((), ("-f", "mkdocs.facilitator.yml")):
        result = run_mkdocs(project.path, "build", *extra)  # not --strict: the script links are warned about
        assert result.returncode == 0, result.stderr[-3000:]
        logs.append(result.stderr)
    (project.path / "both").mkdir()
    (project.path / "site").rename(project.path / "both" / "learner")
    (project.path / "site-facilitator").rename(project.path / "both" / "facilitator")
    pages = sorted(
        str(p.parent.relative_to(project.path / "both")) + "/"
        for p in (project.path / "both").rglob("index.html")
        if "assets" not in p.parts and "search" not in p.parts
    )
    url, server = serve(project.path / "both")
    yield url, pages, logs
    server.shutdown()
    server.server_close()


def test_the_corpus_is_big_and_every_payload_is_marked():
    assert len(PAYLOADS) >= 100
    assert sum("window.__xss=" in payload or "parent.__xss=" in payload for payload in PAYLOADS) >= 100


def test_each_dropped_address_is_a_warning_naming_file_line_and_field(hostile_builds):
    for log in hostile_builds[2]:
        assert "Traceback" not in log
        assert "exercises/hostile-sheet.yml:1: intro: the address 'javascript:window.__xss=" in log
        assert "exercises/hostile-check.yml:1: bands[0].advice: the address '&#x6A;avascript:window.__xss=" in log
    assert "workshops/hostile-plan.yml:1: intro: the address 'javascript&colon;window.__xss=" in hostile_builds[2][1]


# Everything a page holds that could run script: handlers, script elements not our own, frames, plugins, a base
# or refresh; every URL-valued attribute as the browser resolves it (entities decoded, tabs and newlines dropped).
INJECTED = """() => {
  const found = [];
  const own = OWN_SCRIPTS;
  for (const element of document.querySelectorAll("*")) {
    for (const attribute of element.attributes) {
      if (/^on/i.test(attribute.name)) found.push(`${element.tagName} ${attribute.name}`);
    }
    const tag = element.tagName.toLowerCase();
    if (["iframe", "object", "embed", "base", "frame", "applet"].includes(tag)) found.push(tag);
    if (tag === "meta" && element.httpEquiv) found.push("meta http-equiv");
    if (tag === "script" && element.src && !own.some((path) => element.src.includes(path))) found.push(`script ${element.src}`);
    if (tag === "script" && !element.src && !["__config", ""].includes(element.id) && element.type !== "application/json") {
      found.push(`inline script ${element.textContent.slice(0, 40)}`);
    }
    for (const name of ["href", "src", "action", "formaction", "xlink:href", "data", "srcset", "poster"]) {
      const value = element.getAttribute(name);
      if (value === null) continue;
      let protocol;
      try { protocol = new URL(value, document.baseURI).protocol; } catch (error) { continue; }  // as the browser parses it
      if (!["http:", "https:", "mailto:", "file:", "blob:"].includes(protocol)) found.push(`${tag} ${name}=${value.slice(0, 60)}`);
    }
  }
  return found;
}""".replace("OWN_SCRIPTS", json.dumps(list(OWN_SCRIPTS)))


def check_page(page, dialogs: list[str]) -> None:
    page.wait_for_timeout(50)
    assert page.evaluate("window.__xss") is None and page.evaluate("parent.__xss") is None
    assert dialogs == []
    assert page.evaluate(INJECTED) == []


@pytest.fixture
def watched(browser):
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    yield page, dialogs
    context.close()


def test_every_page_of_both_editions_loads_and_prints_without_running_anything(watched, hostile_builds):
    page, dialogs = watched
    url, pages, _ = hostile_builds
    assert {
        "learner/",
        "learner/my-workbook/",
        "learner/print/",
        "facilitator/facilitator/workshops/hostile-plan/",
        "facilitator/facilitator/workshops/hostile-plan/run-sheet/",
        "facilitator/facilitator/workshops/hostile-plan/handouts/",
        "facilitator/facilitator/workshops/hostile-plan/present/",
        "facilitator/facilitator/workshops/",
        "facilitator/second/",
    } <= set(pages), pages
    for path in pages:
        page.goto(f"{url}/{path}")
        check_page(page, dialogs)
        text = page.text_content("body")
        if "workbook" in (page.content()):
            assert "<script>window.__xss=" in text or path.endswith("search/"), (
                path
            )  # shown as text, not run or dropped
        page.emulate_media(media="print")
        page.evaluate("window.dispatchEvent(new Event('beforeprint'))")  # fills the paper copies of the answers
        check_page(page, dialogs)
        page.evaluate("window.dispatchEvent(new Event('afterprint'))")
        page.emulate_media(media="screen")


def test_every_link_an_author_wrote_goes_where_the_browser_says_and_clicking_them_runs_nothing(watched, hostile_builds):
    page, dialogs = watched
    url, _, _ = hostile_builds
    for path in ("learner/", "facilitator/facilitator/workshops/hostile-plan/"):
        page.goto(f"{url}/{path}")
        links = page.locator("[data-workbook-exercise] a[href], .workbook-agenda a[href], .md-content a[href]")
        count = links.count()
        assert count > 0
        for index in range(count):
            link = links.nth(index)
            protocol = link.evaluate("a => new URL(a.href).protocol")
            assert protocol in ("http:", "https:", "mailto:"), link.get_attribute("href")
            # A click on a page link that stays on the page (the rest were judged above): nothing runs.
            if link.evaluate(
                "a => new URL(a.href).origin === location.origin && new URL(a.href).pathname === location.pathname"
            ):
                link.evaluate("a => a.click()")
                check_page(page, dialogs)


def test_a_learner_typing_every_payload_everywhere_runs_nothing_on_any_page(watched, hostile_builds):
    page, dialogs = watched
    url, _, _ = hostile_builds
    page.goto(f"{url}/learner/")
    boxes = page.locator("[data-workbook-exercise] input[type=text], [data-workbook-exercise] textarea")
    assert boxes.count() >= 6
    for index in range(boxes.count()):
        boxes.nth(index).fill(ALL)
    page.locator("[data-workbook-exercise] input[type=radio]").first.check()
    page.locator("[data-workbook-exercise] input[type=checkbox]").first.check()
    check_page(page, dialogs)
    for path in ("learner/", "learner/second/", "learner/my-workbook/", "learner/print/"):
        page.goto(f"{url}/{path}")
        check_page(page, dialogs)
        page.emulate_media(media="print")
        page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
        check_page(page, dialogs)
        page.emulate_media(media="screen")
    assert "<script>window.__xss=" in page.text_content("[data-workbook-pack]")  # the typed text, shown as text
    page.goto(f"{url}/learner/my-workbook/")
    answer = page.locator(
        "[data-workbook-summary='hostile-sheet'] [data-workbook-answer='l'] [data-workbook-answer-text]"
    ).first
    assert answer.text_content() == ALL  # the long text exactly as typed, line breaks and all
