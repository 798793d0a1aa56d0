"""No author or learner text can run script: hostile strings everywhere, checked in real Chromium."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from markupsafe import Markup
from workbook.rendering.template_problems import ReportingEnvironment

from .conftest import DEMO_EXERCISES, MINIMAL_CONFIG, Project, _QuietHandler, run_mkdocs, serve
from .injection import watching

# Each sets a marker if it ever runs; together they cover tags, handlers, URLs, SVG, broken markup and entities.
PAYLOADS = [
    "<script>window.__xss=1</script>",
    '<img src=x onerror="window.__xss=2">',
    '"><svg onload="window.__xss=3">',
    "[click me](javascript:window.__xss=4)",
    '<a href="jav&#x09;ascript:window.__xss=5">entity tab</a>',
    "&lt;script&gt;window.__xss=6&lt;/script&gt;",
    '<iframe srcdoc="<script>parent.__xss=7</script>"></iframe>',
    "' onfocus='window.__xss=8' autofocus '",
    "<details open ontoggle=window.__xss=9>",
    "{{ 7*7 }} ${7*7}",
]
HOSTILE = " ".join(PAYLOADS)


def hostile_exercises() -> dict[str, dict]:
    text = HOSTILE
    notes = {
        "setup": text,
        "materials": [text],
        "steps": [{"minutes": 1, "activity": text}],
        "debrief": [text],
        "variations": [text],
        "notes": text,
    }
    sheet = {
        "id": "hostile-sheet",
        "kind": "worksheet",
        "title": text,
        "intro": text,
        "minutes": 5,
        "facilitator": notes,
        "fields": [
            {"id": "t", "type": "text", "label": text, "help": text, "placeholder": text},
            {"id": "l", "type": "long-text", "label": text, "placeholder": text},
            {"id": "r", "type": "rating", "label": text, "labels": {1: text, 5: text}},
            {
                "id": "c",
                "type": "choice",
                "label": text,
                "options": [{"id": "a", "label": text}, {"id": "b", "label": text}],
            },
            {"id": "m", "type": "multiple-choice", "label": text, "options": [text, "plain"]},
            {"id": "y", "type": "yes-no", "label": text},
            {"id": "n", "type": "number", "label": text, "unit": text},
            {"id": "d", "type": "date", "label": text},
            {"id": "g", "type": "table", "label": text, "columns": [{"id": "x", "label": text}], "rows": 2},
        ],
    }
    checklist = {
        "id": "hostile-check",
        "kind": "checklist",
        "title": text,
        "intro": text,
        "minutes": 5,
        "facilitator": notes,
        "scale": {"type": "likert", "min": 1, "max": 3, "labels": {1: text, 3: text}},
        "categories": [{"id": "k", "title": text, "description": text}],
        "items": [{"id": "i", "text": text, "category": "k"}],
        "bands": [{"from": 1, "to": 3, "label": text, "advice": text}],
    }
    plan = {
        "id": "hostile-plan",
        "title": text,
        "audience": text,
        "group_size": 3,
        "intro": text,
        "days": [
            {
                "title": text,
                "start": "09:00",
                "sessions": [
                    {
                        "title": text,
                        "items": [
                            {"exercise": "hostile-sheet", "cue": text, "title": text},
                            {"activity": "break", "minutes": 5, "title": text},
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
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """Both editions of a course with the hostile exercises beside the demo ones, built once for the module."""
    project = Project(tmp_path_factory.mktemp("xss"))
    project.write("mkdocs.yml", MINIMAL_CONFIG)
    shutil.copytree(DEMO_EXERCISES, project.path / "exercises" / "demo")
    for path, document in hostile_exercises().items():
        project.write(path, json.dumps(document))  # JSON is YAML, and quotes every string safely
    project.write(
        "content/index.md", "# Home\n\n/// worksheet | hostile-sheet\n///\n\n/// checklist | hostile-check\n///\n"
    )
    project.write(
        "mkdocs.facilitator.yml",
        "INHERIT: mkdocs.yml\nsite_dir: site-facilitator\nplugins:\n  - workbook:\n      edition: facilitator\n",
    )
    for extra in ((), ("-f", "mkdocs.facilitator.yml")):
        result = run_mkdocs(project.path, "build", *extra)  # not --strict: the script links are warned about
        assert result.returncode == 0, result.stderr
        assert "'javascript:window.__xss=4' is left out of the page" in result.stderr
    return project


class _CspHandler(_QuietHandler):
    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", "script-src 'self'; object-src 'none'")
        super().end_headers()


@pytest.mark.parametrize(
    "site, path",
    [
        ("site", ""),
        ("site-facilitator", ""),
        ("site-facilitator", "facilitator/workshops/hostile-plan/"),
        ("site-facilitator", "facilitator/workshops/hostile-plan/run-sheet/"),
        ("site-facilitator", "facilitator/workshops/"),
    ],
)
def test_hostile_author_text_never_runs(browser, hostile_site: Project, site: str, path: str):
    url, server = serve(hostile_site.path / site)
    try:
        with watching(browser, url, PAYLOADS) as watch:
            page = watch.page
            page.goto(f"{url}/{path}")
            watch.check(path)
            body = page.text_content(".md-content")
            assert "<script>window.__xss=1</script>" in body  # shown as text, not run or dropped
            assert "{{ 7*7 }}" in body and "49" not in body  # not evaluated as a template
            if not path:
                page.fill("#wb-hostile-sheet-t", "typed")
                page.keyboard.press("Tab")
                watch.check(f"{path} (typed)")
    finally:
        server.shutdown()
        server.server_close()


def test_hostile_stored_answers_are_shown_as_text(browser, hostile_site: Project):
    url, server = serve(hostile_site.path / "site")
    record = {
        "format": 1,
        "exercise": "hostile-sheet",
        "kind": "worksheet",
        "updated": "2026-01-01T00:00:00Z",
        "answers": {
            "t": HOSTILE,
            "l": HOSTILE,
            "c": '"><img src=x onerror=window.__xss=20>',
            "m": [HOSTILE],
            "n": HOSTILE,
            "g": [{"x": HOSTILE}],
            "r": "<script>window.__xss=21</script>",
        },
    }
    try:
        with watching(browser, url, PAYLOADS) as watch:
            page = watch.page
            page.goto(url + "/")
            page.evaluate("r => localStorage.setItem('workbook:test-course:hostile-sheet', JSON.stringify(r))", record)
            page.reload()
            assert page.input_value("#wb-hostile-sheet-t") == HOSTILE
            assert page.input_value("#wb-hostile-sheet-l") == HOSTILE
            assert page.input_value("#wb-hostile-sheet-g-1-x") == HOSTILE
            assert page.input_value("#wb-hostile-sheet-n") == ""
            watch.check("stored answers")
    finally:
        server.shutdown()
        server.server_close()


def test_exercises_work_under_a_csp_without_inline_scripts(browser, project: Project):
    assert project.build().returncode == 0
    url, server = serve(project.path / "site", _CspHandler)
    page = browser.new_page()
    blocked: list[str] = []
    page.on(
        "console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None
    )
    try:
        page.goto(url + "/")
        page.fill("#wb-first-conversation-where", "Under a strict policy")
        page.check("#wb-networking-habits-follow-up-5")
        page.reload()
        assert page.input_value("#wb-first-conversation-where") == "Under a strict policy"
        assert "answered 1 of 5" in page.text_content("#wb-networking-habits [data-workbook-score]")
        page.goto(url + "/my-workbook/")  # its own script, my-workbook.js, runs under the policy too
        assert page.is_visible("[data-workbook-toolbar]")
        assert (
            page.text_content("[data-workbook-answer='where'] [data-workbook-answer-text]") == "Under a strict policy"
        )
    finally:
        page.close()
        server.shutdown()
        server.server_close()
    html = (project.path / "site" / "index.html").read_text()
    ours = html[html.index('<section class="workbook') : html.rindex("</section>")]
    assert "<script" not in ours
    assert re.search(r"<[^>]*\son[a-z]+\s*=", ours) is None, "an inline event handler in our HTML"
    # Whatever the policy blocked is the theme's own inline code, never ours.
    assert not [message for message in blocked if "workbook" in message]


def test_hostile_imported_answers_are_shown_as_text_on_my_workbook(browser, hostile_site: Project, tmp_path):
    url, server = serve(hostile_site.path / "site")
    answers = {
        "t": HOSTILE,
        "l": HOSTILE,
        "c": "a",
        "m": ["<img src=x onerror=window.__xss=30>"],
        "g": [{"x": HOSTILE}],
    }
    exported = {
        "format": "mkdocs-workbook-answers",
        "version": 1,
        "course": "test-course",
        "exercises": {
            "hostile-sheet": {"kind": "worksheet", "answers": answers},
            "gone-exercise": {"kind": "worksheet", "answers": {"old": HOSTILE}},
        },
    }
    upload = tmp_path / "answers.json"
    upload.write_text(json.dumps(exported))
    try:
        with watching(browser, url, PAYLOADS) as watch:
            page = watch.page
            page.goto(url + "/my-workbook/")
            page.set_input_files("input[data-workbook-action='import']", str(upload))
            page.locator("[data-workbook-import-preview]").wait_for(state="visible")
            page.click("[data-workbook-import='keep']")
            text = page.locator(
                "[data-workbook-summary='hostile-sheet'] [data-workbook-answer='t'] [data-workbook-answer-text]"
            )
            assert text.text_content() == HOSTILE
            # Shown as JSON text: the payloads are there, quotes escaped, nothing parsed as HTML.
            assert "<script>window.__xss=1</script>" in page.text_content("[data-workbook-orphans]")
            watch.check("my-workbook/ (imported)")
            page.goto(url + "/")
            assert page.input_value("#wb-hostile-sheet-t") == HOSTILE
            watch.check("index (imported)")
    finally:
        server.shutdown()
        server.server_close()


def test_a_template_still_escapes_values_and_keeps_safe_html():
    environment = ReportingEnvironment(autoescape=True)
    template = environment.from_string(
        "{% macro b(x) %}<b>{{ x }}</b>{% endmacro %}{{ text }}|{{ b(text) }}|{{ safe }}|{{ text ~ safe }}"
    )
    assert template.render(text="<i>\"&'", safe=Markup("<br>")) == (
        "&lt;i&gt;&#34;&amp;&#39;|<b>&lt;i&gt;&#34;&amp;&#39;</b>|<br>|&lt;i&gt;&#34;&amp;&#39;<br>"
    )
