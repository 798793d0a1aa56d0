"""A hostile author and a careless learner (issue 15): every payload of tests/corpus/hostile-payloads.txt in every
text an author writes, plain and Markdown, in exercises and workshop plans (each payload alone as the whole of a
field, and a few together in every field), built in both editions with the Markdown extensions a Material site
uses, and typed into every box a learner fills in. Chromium then loads every page the builds write, clicks every
link of the workbook's parts, prints, and looks for anything that ran or was let in: a payload's marker, a
dialog, a script error, an event handler attribute, a script, frame or plugin not the site's own, a URL with a
scheme that runs script, a request to another host. The site is served without a Content-Security-Policy: one
would hide a hole rather than show it (tests/test_xss.py checks the site works under one)."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from markdown_it import MarkdownIt
from workbook.model.shapes import List, Mapping, Optional, Record, Text, Union_, record
from workbook.model.types import Checklist, Worksheet, Workshop

from .conftest import Project, run_mkdocs, serve
from .injection import CLICK_LINKS, MARKER, print_and_check, watching

# --- the corpus ----------------------------------------------------------------------------------------------

CORPUS = Path(__file__).parent / "corpus" / "hostile-payloads.txt"
_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|(.))")
_ESCAPED = {"n": "\n", "t": "\t", "\\": "\\"}


def _unescape(match: re.Match[str]) -> str:
    if match[1]:
        return chr(int(match[1], 16))
    if match[2] not in _ESCAPED:
        raise ValueError(f"{CORPUS.name}: unknown escape \\{match[2]}")
    return _ESCAPED[match[2]]


def read_corpus(path: Path) -> list[str]:
    """The payloads: one a line, comments (#) left out, escapes (\\n \\t \\uXXXX \\\\) turned into characters."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [_ESCAPE.sub(_unescape, line) for line in lines if line and not line.startswith("#")]


PAYLOADS = read_corpus(CORPUS)
# Template syntax that, evaluated anywhere, would show this.
EVALUATED = "JINJAJINJAJINJA"

# --- the course: payloads in every author field --------------------------------------------------------------

FIELD_TYPES = ("text", "long-text", "rating", "choice", "multiple-choice", "yes-no", "number", "date", "table")
# What a Material site typically turns on: an exercise's title is a heading in the page, which these could read.
CONFIG = """\
site_name: Hostile course
docs_dir: content
theme:
  name: material
  font: false
plugins:
  - search
  - workbook
markdown_extensions:
  - abbr
  - admonition
  - attr_list
  - def_list
  - footnotes
  - md_in_html
  - tables
  - toc:
      permalink: true
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.tasklist
"""
FACILITATOR_CONFIG = (
    "INHERIT: mkdocs.yml\nsite_dir: site-facilitator\nplugins:\n  - search\n  - workbook:\n      edition: facilitator\n"
)
# Entries of lists next to a payload, and the second option or column of a shorthand list.
FILLERS = ("Pens", "Online", "Other")
KITCHEN = ("hostile-sheet", "hostile-check", "hostile-ticks")
SOLO = [f"solo-{n:03}" for n in range(len(PAYLOADS))]
SCALES = [f"scale-{start:03}" for start in range(0, len(PAYLOADS), 10)]
# The chapters, and the blocks on each: every exercise on a page (and one twice on a page).
CHAPTERS = {
    "content/index.md": [("worksheet", "hostile-sheet")],
    "content/second.md": [("worksheet", "hostile-sheet"), ("worksheet", "hostile-sheet")],
    "content/checklists.md": [("checklist", "hostile-check"), ("checklist", "hostile-ticks")],
    "content/alone.md": [("worksheet", e) for e in SOLO] + [("checklist", e) for e in ("solo-check", *SCALES)],
}


class Chunks:
    """The corpus in turn, a few payloads at a time, as paragraphs: every field of the kitchen-sink exercises
    gets the next few, so that every payload shares fields with others somewhere."""

    def __init__(self, size: int) -> None:
        self.size, self.start = size, 0

    def __call__(self) -> str:
        count = len(PAYLOADS)
        chunk = [PAYLOADS[(self.start + n) % count] for n in range(self.size)]
        self.start = (self.start + self.size) % count
        return "\n\n".join(chunk)


def facilitator_notes(text: Callable[[], str], markdown_text: Callable[[], str], minutes: int) -> dict:
    return {
        "setup": markdown_text(),
        "materials": [text(), "Pens"],
        "steps": [{"minutes": minutes, "activity": text()}],
        "debrief": [text()],
        "variations": [markdown_text(), "Online"],
        "notes": markdown_text(),
    }


def worksheet_field(
    kind: str, field_id: str, text: Callable[[], str], markdown_text: Callable[[], str], ids: bool
) -> dict:
    """A field of this type with text in every place of it an author writes; options and columns with ids, or as
    the shorthand (a plain string, its id made from it)."""
    spec: dict = {"id": field_id, "type": kind, "label": text(), "help": markdown_text()}
    if kind in ("text", "long-text"):
        spec["placeholder"] = text()
    elif kind == "rating":
        spec["labels"] = {1: text(), 3: text(), 5: text()}
    elif kind in ("choice", "multiple-choice"):
        spec["options"] = [{"id": "a", "label": text()}, {"id": "b", "label": text()}] if ids else [text(), "Other"]
    elif kind == "number":
        spec["unit"] = text()
    elif kind == "table":
        spec["columns"] = [{"id": "x", "label": text()}, {"id": "z", "label": text()}] if ids else [text(), "Other"]
        spec["rows"] = 2
    return spec


def documents() -> dict[str, dict]:
    """Every exercise and plan of the hostile course, by file."""
    docs: dict[str, dict] = {}
    # Plain texts and Markdown ones each go through the whole corpus in turn.
    text, md = Chunks(6), Chunks(9)
    # Kitchen sinks: every field type and every key, each text a few payloads.
    docs["exercises/hostile-sheet.yml"] = {
        "id": "hostile-sheet",
        "kind": "worksheet",
        "title": text(),
        "intro": md(),
        "minutes": 5,
        "facilitator": facilitator_notes(text, md, 5),
        "fields": [worksheet_field(kind, f"f{n}", text, md, ids=True) for n, kind in enumerate(FIELD_TYPES)],
    }
    docs["exercises/hostile-check.yml"] = {
        "id": "hostile-check",
        "kind": "checklist",
        "title": text(),
        "intro": md(),
        "minutes": 5,
        "facilitator": facilitator_notes(text, md, 5),
        "scale": {"type": "likert", "min": 1, "max": 3, "labels": {1: text(), 2: text(), 3: text()}},
        "categories": [{"id": "k", "title": text(), "description": md()}, {"id": "q", "title": text()}],
        "items": [{"id": "i", "text": text(), "category": "k"}, {"id": "j", "text": text(), "reverse": True}],
        "bands": [
            {"from": 2, "to": 4, "label": text(), "advice": md()},
            {"from": 5, "to": 6, "label": text(), "advice": md()},
        ],
    }
    docs["exercises/hostile-ticks.yml"] = {
        "id": "hostile-ticks",
        "kind": "checklist",
        "title": text(),
        "intro": md(),
        "minutes": 5,
        "facilitator": facilitator_notes(text, md, 5),
        "scale": "yes-no",
        "categories": [{"id": "k", "title": text(), "description": md()}],
        "items": [{"id": "i", "text": text(), "category": "k"}, {"id": "j", "text": text(), "weight": 2}],
        "bands": [
            {"from": 0, "to": 1, "label": text(), "advice": md()},
            {"from": 2, "to": 3, "label": text(), "advice": md()},
        ],
    }
    # Each payload alone, the whole of every text of its own small exercise (a field type each, in turn).
    for n, payload in enumerate(PAYLOADS):

        def alone(payload: str = payload) -> str:
            return payload

        docs[f"exercises/alone/{SOLO[n]}.yml"] = {
            "id": SOLO[n],
            "kind": "worksheet",
            "title": payload,
            "intro": payload,
            "minutes": 1,
            "facilitator": facilitator_notes(alone, alone, 1),
            "fields": [worksheet_field(FIELD_TYPES[n % len(FIELD_TYPES)], "f", alone, alone, ids=False)],
        }
    # Each payload alone as a category, a statement and a band of one checklist, and as a point of a scale.
    docs["exercises/alone/solo-check.yml"] = {
        "id": "solo-check",
        "kind": "checklist",
        "title": PAYLOADS[2],
        "minutes": 1,
        "scale": "yes-no",
        "categories": [{"id": f"c{n:03}", "title": p, "description": p} for n, p in enumerate(PAYLOADS)],
        "items": [{"id": f"i{n:03}", "text": p, "category": f"c{n:03}"} for n, p in enumerate(PAYLOADS)],
        "bands": [
            {"from": n, "to": n, "label": PAYLOADS[n % len(PAYLOADS)], "advice": PAYLOADS[n % len(PAYLOADS)]}
            for n in range(len(PAYLOADS) + 1)
        ],
    }
    for n, scale in enumerate(SCALES):
        points = PAYLOADS[n * 10 : n * 10 + 10]
        docs[f"exercises/alone/{scale}.yml"] = {
            "id": scale,
            "kind": "checklist",
            "title": points[0],
            "minutes": 1,
            "scale": {"type": "likert", "min": 1, "max": 10, "labels": {i + 1: p for i, p in enumerate(points)}},
            "items": [{"id": "i", "text": points[-1]}],
        }
    docs["workshops/hostile-plan.yml"] = {
        "id": "hostile-plan",
        "title": text(),
        "audience": text(),
        "group_size": 3,
        "intro": md(),
        "days": [
            {
                "title": text(),
                "start": "09:00",
                "sessions": [
                    {
                        "title": text(),
                        "items": [
                            {"exercise": "hostile-sheet", "cue": text(), "title": text()},
                            {"activity": "break", "minutes": 5, "title": text(), "cue": text()},
                            {"exercise": "hostile-check", "cue": text()},
                        ],
                    },
                    {"title": text(), "items": [{"exercise": "hostile-ticks", "cue": text(), "title": text()}]},
                ],
            }
        ],
    }
    # Each payload alone as a day, a session, an item and a break of a plan (and so its exercise as a handout).
    days = []
    for start in range(0, len(PAYLOADS), 60):
        sessions = [
            {
                "title": payload,
                "items": [
                    {"exercise": SOLO[n], "cue": payload, "title": payload},
                    {"activity": "break", "minutes": 1, "title": payload, "cue": payload},
                ],
            }
            for n, payload in enumerate(PAYLOADS[start : start + 60], start)
        ]
        days.append({"title": PAYLOADS[start], "start": "08:00", "sessions": sessions})
    docs["workshops/solo-plan.yml"] = {
        "id": "solo-plan",
        "title": PAYLOADS[-1],
        "audience": PAYLOADS[0],
        "group_size": 1,
        "intro": PAYLOADS[1],
        "days": days,
    }
    return docs


def dump(value: object) -> tuple[str, dict[str, int]]:
    """JSON (which is YAML, every string quoted) with each key and list item on a line of its own, and the line
    of each field path as the loader's messages write it (`fields[3].help`)."""
    lines: list[str] = []
    where: dict[str, int] = {}

    def emit(value: object, path: str, indent: str, prefix: str) -> None:
        if not isinstance(value, dict | list):
            lines.append(prefix + json.dumps(value))
            return
        pairs = list(value.items()) if isinstance(value, dict) else list(enumerate(value))
        lines.append(prefix + ("{" if isinstance(value, dict) else "["))
        for n, (key, item) in enumerate(pairs):
            if isinstance(value, dict):
                child, head = (f"{path}.{key}" if path else str(key)), f"{indent} {json.dumps(str(key))}: "
            else:
                child, head = f"{path}[{key}]", f"{indent} "
            where[child] = len(lines) + 1
            emit(item, child, indent + " ", head)
            if n < len(pairs) - 1:
                lines[-1] += ","
        lines.append(indent + ("}" if isinstance(value, dict) else "]"))

    emit(value, "", "", "")
    return "\n".join(lines) + "\n", where


@dataclass(frozen=True)
class Slot:
    """One text an author wrote: where (file and field path), which key of which model class, and whether the
    page renders it as Markdown (the model says so)."""

    file: str
    path: str
    key: str
    markdown: bool
    text: str


def slots(file: str, value: object, shape: object, path: str = "", key: str = "") -> Iterator[Slot]:
    """Every author text in a document, walked along the model's own description of it."""
    if isinstance(shape, Text):
        yield Slot(file, path, key, shape.markdown, value)  # type: ignore[arg-type]
    elif isinstance(shape, Optional):
        yield from slots(file, value, shape.inner, path, key)
    elif isinstance(shape, List):
        for n, item in enumerate(value):  # type: ignore[arg-type]
            yield from slots(file, item, shape.item, f"{path}[{n}]", key)
    elif isinstance(shape, Mapping):
        for name, item in value.items():  # type: ignore[union-attr]
            yield from slots(file, item, shape.value, f"{path}.{name}", key)
    elif isinstance(shape, Union_):
        yield from slots(file, value, shape.choices[value[shape.tag]], path, key)  # type: ignore[index]
    elif isinstance(shape, Record):
        if isinstance(value, str):  # the shorthand: `- Some option` for `- {label: Some option}`
            yield from slots(
                file, value, shape.keys[shape.shorthand].shape, path, f"{shape.cls.__name__}.{shape.shorthand}"
            )
            return
        for name, spec in shape.keys.items():
            if name in value:  # type: ignore[operator]
                where = f"{path}.{name}" if path else name
                yield from slots(file, value[name], spec.shape, where, f"{shape.cls.__name__}.{name}")  # type: ignore[index]


def author_keys(shape: object, key: str = "", seen: set | None = None) -> Iterator[tuple[str, bool]]:
    """Every key of the model that holds author text (`FieldBase.help` appears as each field type's), and
    whether it is Markdown."""
    seen = set() if seen is None else seen
    if isinstance(shape, Text):
        yield key, shape.markdown
    elif isinstance(shape, Optional | List):
        yield from author_keys(shape.inner if isinstance(shape, Optional) else shape.item, key, seen)
    elif isinstance(shape, Mapping):
        yield from author_keys(shape.value, key, seen)
    elif isinstance(shape, Union_):
        for choice in shape.choices.values():
            yield from author_keys(choice, key, seen)
    elif isinstance(shape, Record) and shape.cls not in seen:
        seen.add(shape.cls)
        for name, spec in shape.keys.items():
            yield from author_keys(spec.shape, f"{shape.cls.__name__}.{name}", seen)


def all_slots(docs: dict[str, dict]) -> list[Slot]:
    found = []
    for file, doc in docs.items():
        shape = (
            record(Workshop)
            if file.startswith("workshops/")
            else record(Worksheet if doc["kind"] == "worksheet" else Checklist)
        )
        found.extend(slots(file, doc, shape))
    return found


# --- the builds ----------------------------------------------------------------------------------------------


@dataclass
class HostileSite:
    sites: dict[str, Path]  # by edition: learner, facilitator
    urls: dict[str, str]  # each edition served at the root of its own origin
    logs: list[str]  # the learner's build's, then the facilitator's
    docs: dict[str, dict]
    lines: dict[str, dict[str, int]]  # file -> field path -> line


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HostileSite]:
    """Both editions of the hostile course, built side by side (not --strict: the script links are warned about)
    and served."""
    project = Project(tmp_path_factory.mktemp("hostile"))
    project.write("mkdocs.yml", CONFIG)
    project.write("mkdocs.facilitator.yml", FACILITATOR_CONFIG)
    docs = documents()
    lines = {}
    for path, document in docs.items():
        text, lines[path] = dump(document)
        project.write(path, text)
    for path, blocks in CHAPTERS.items():
        project.write(path, f"# {Path(path).stem}\n\n" + "".join(f"/// {kind} | {e}\n///\n\n" for kind, e in blocks))
    with ThreadPoolExecutor(2) as pool:
        builds = list(
            pool.map(lambda extra: run_mkdocs(project.path, "build", *extra), ((), ("-f", "mkdocs.facilitator.yml")))
        )
    for result in builds:
        assert result.returncode == 0, result.stderr[-3000:]
    sites = {"learner": project.path / "site", "facilitator": project.path / "site-facilitator"}
    servers = {edition: serve(site) for edition, site in sites.items()}
    yield HostileSite(
        sites,
        {edition: url for edition, (url, _) in servers.items()},
        [result.stderr for result in builds],
        docs,
        lines,
    )
    for _, server in servers.values():
        server.shutdown()
        server.server_close()


# --- what the corpus and the course hold ---------------------------------------------------------------------


def test_the_corpus_is_big_covers_every_trick_and_marks_each_payload():
    assert len(PAYLOADS) >= 100
    assert len(set(PAYLOADS)) == len(PAYLOADS)
    numbers = [int(n) for payload in PAYLOADS for n in set(MARKER.findall(payload))]
    assert len(numbers) == len(set(numbers)), "two payloads set the same marker"
    assert len(numbers) >= 150
    tricks = [
        *("<script>", "onerror=", "<svg onload=", "srcdoc=", "ontoggle="),  # raw HTML that runs
        *('" onmouseover="', "' onfocus='"),  # attribute breakouts
        *("](javascript:", "](JAVASCRIPT:", "](vbscript:", "](data:text/html", "![image plain](javascript:"),
        *("javascript&#58;", "javascript&colon;", "&#x6A;avascript:", "jav&#x09;ascript:", "javascript&#x3A;"),
        *("jav&Tab;ascript:", "java&NewLine;script:", "&#106;&#97;&#118;&#97;", "javascript%3A", "](   javascript:"),
        *("]: javascript&#58;", "<javascript:", "java\tscript:"),  # reference definitions, autolinks, a tab
        *("{{", "{%", "wzxhzdk:", "<!--", "<![CDATA[", "{: onclick="),  # templates, stash marks, attr_list
        *("</textarea>", "</title>", "</script>", "</style>", "\u202e", "\u2028"),  # breakouts, bidi, separators
        "evil.example",  # reaching another host without script
    ]
    missing = [trick for trick in tricks if not any(trick in payload for payload in PAYLOADS)]
    assert missing == []
    assert max(len(payload) for payload in PAYLOADS) >= 3000


def test_every_author_field_holds_payloads_alone_and_together():
    docs = documents()
    found = all_slots(docs)
    model_keys = {key for cls in (Worksheet, Checklist, Workshop) for key, _ in author_keys(record(cls))}
    # FieldBase's keys appear under each field type's name.
    assert model_keys == {slot.key for slot in found}, "a text an author may write is not in the hostile course"
    for slot in found:
        assert any(payload in slot.text for payload in PAYLOADS) or slot.text in FILLERS, slot
    kitchen = [s for s in found if Path(s.file).stem in (*KITCHEN, "hostile-plan") and s.text not in FILLERS]
    assert all(sum(p in s.text for p in PAYLOADS) >= 5 for s in kitchen), "every kitchen-sink text holds several"
    for markdown_text in (False, True):
        shared = [p for p in PAYLOADS if not any(s.markdown == markdown_text and p in s.text for s in kitchen)]
        assert shared == [], "a payload is in no kitchen-sink text of this kind"
    alone = {(s.text, s.markdown) for s in found}
    assert [p for p in PAYLOADS if (p, False) not in alone or (p, True) not in alone] == []
    keys_alone = {(s.key, s.text) for s in found}
    # Each payload is alone in every key of a worksheet's and a workshop's; a checklist's keys hold them too.
    for key in (
        "Worksheet.title",
        "Worksheet.intro",
        "FacilitatorNotes.setup",
        "FacilitatorNotes.notes",
        "FacilitatorNotes.materials",
        "FacilitatorNotes.debrief",
        "FacilitatorNotes.variations",
        "FacilitatorStep.activity",
        "ChecklistItem.text",
        "Category.title",
        "Category.description",
        "Band.label",
        "Band.advice",
        "ResponseScale.labels",
        "Session.title",
        "AgendaItem.title",
        "AgendaItem.cue",
    ):
        assert [p for p in PAYLOADS if (key, p) not in keys_alone] == [], key


_DROPPED = re.compile(r"^WARNING -  (\S+):(\d+): (\S+): the address '(.*)' is left out of the page", re.M)


def test_each_dropped_address_is_a_warning_naming_file_line_and_field(hostile):
    by_place = {(s.file, s.path): s for s in all_slots(hostile.docs)}
    for log in hostile.logs:
        assert "Traceback" not in log and "ERROR" not in log
        warned = set()
        for file, line, path, address in _DROPPED.findall(log):
            slot = by_place.get((file, path))
            assert slot is not None and slot.markdown, f"{file}:{line}: {path} is no Markdown text of ours"
            marker = MARKER.search(address)
            assert marker is None or marker[0] in slot.text, f"{file}:{line}: {path} does not hold {address}"
            assert int(line) == hostile.lines[file][path], (
                f"{file}:{line}: {path} is on line {hostile.lines[file][path]}"
            )
            warned.add((file, path))
        # Every Markdown text holding a plain script link is warned about (and more: entity-encoded ones too).
        plain = "javascript:window.__xss=101"
        expected = {(s.file, s.path) for s in by_place.values() if s.markdown and f"]({plain})" in s.text}
        assert expected and expected <= warned
        assert (
            f"exercises/alone/{SOLO[0]}.yml:{hostile.lines[f'exercises/alone/{SOLO[0]}.yml']['intro']}: intro: the address '{plain}'"
            in log
        )


# --- every page of both editions -----------------------------------------------------------------------------

CHAPTER_PAGES = ["", "second/", "checklists/", "alone/", "my-workbook/", "print/", "404.html"]
PLAN_PAGES = [
    f"facilitator/workshops/{plan}/{part}"
    for plan in ("hostile-plan", "solo-plan")
    for part in ("", "run-sheet/", "handouts/", "present/")
]
PAGES = [("learner", page) for page in CHAPTER_PAGES] + [
    ("facilitator", page) for page in [*CHAPTER_PAGES, "facilitator/workshops/", "facilitator/debrief/", *PLAN_PAGES]
]


def test_the_builds_write_these_pages_and_no_others(hostile):
    written = {
        (edition, path.relative_to(hostile.sites[edition]).as_posix().removesuffix("index.html"))
        for edition in ("learner", "facilitator")
        for path in hostile.sites[edition].rglob("*.html")
        if not {"assets", "search"} & set(path.parts)
    }
    assert written == set(PAGES)


@pytest.mark.parametrize("edition, path", PAGES, ids=[f"{e}:{p or 'index'}" for e, p in PAGES])
def test_every_page_loads_clicks_and_prints_without_running_or_letting_in_anything(browser, hostile, edition, path):
    origin = hostile.urls[edition]
    with watching(browser, origin, PAYLOADS) as watch:
        page = watch.page
        page.goto(f"{origin}/{path}")
        watch.check(path)
        if path != "404.html":
            text = page.text_content(".md-content")
            assert "<script>window.__xss=" in text  # shown as text: neither run nor dropped
            if path == "alone/":
                assert "{{ 'JINJA' * 3 }}" in text  # not evaluated as a template (nor dropped)
        assert EVALUATED not in page.text_content("body")
        clicked = page.evaluate(CLICK_LINKS)
        watch.check(f"{path} (after clicking {clicked} links)")
        print_and_check(watch, path)


def test_searching_for_the_payloads_shows_them_as_text(browser, hostile):
    """Material's search shows the exercises' titles (each payload alone is one) as it finds them."""
    origin = hostile.urls["learner"]
    found = 0
    with watching(browser, origin, PAYLOADS) as watch:
        page = watch.page
        page.goto(f"{origin}/alone/")
        for query in ("script", "onerror", "javascript", "img", "window"):
            page.click(".md-search__input")  # typed: Material's search does not see fill()
            page.keyboard.press("Control+A")
            page.keyboard.type(query)
            page.wait_for_function(
                "query => document.querySelector('.md-search-result__meta').textContent.includes('matching')"
                " && document.querySelector('.md-search__input').value === query",
                arg=query,
            )
            page.wait_for_timeout(100)
            found += page.locator(".md-search-result__item").count()
            watch.check(f"searching for {query}")
    assert found > 0


# --- a learner's answers -------------------------------------------------------------------------------------

# Every text box of a page (one-line boxes, long ones, table cells), with the exercise it belongs to.
BOXES = """() => Array.from(document.querySelectorAll(
  "[data-workbook-exercise] input[type=text], [data-workbook-exercise] textarea"
), (box) => [box.id, box.closest("[data-workbook-exercise]").dataset.workbookExercise, box.localName])"""
VALUES = "() => Object.fromEntries(Array.from(document.querySelectorAll('[data-workbook-exercise] input[type=text], [data-workbook-exercise] textarea'), (box) => [box.id, box.value]))"
# The text answers My workbook shows: (exercise, field, text).
SHOWN = """() => Array.from(document.querySelectorAll(
  "[data-workbook-answer][data-workbook-type=text], [data-workbook-answer][data-workbook-type=long-text]"
), (answer) => [answer.closest("[data-workbook-summary]").dataset.workbookSummary, answer.dataset.workbookAnswer,
  answer.querySelector("[data-workbook-answer-text]").textContent])"""
# What typing does to a box: its value set, then an input and a change event.
TYPE = """(answers) => {
  for (const [id, text] of answers) {
    const box = document.getElementById(id);
    box.value = text;
    box.dispatchEvent(new Event("input", { bubbles: true }));
    box.dispatchEvent(new Event("change", { bubbles: true }));
  }
}"""
# A first answer to every choice, rating and scale, and a tick in every box: labels and bands then show too.
CHOOSE = """() => {
  const groups = new Set();
  for (const input of document.querySelectorAll("[data-workbook-exercise] input[type=radio], [data-workbook-exercise] input[type=checkbox]")) {
    if (input.type === "radio" && groups.has(input.name)) continue;
    groups.add(input.name);
    input.click();
  }
}"""
ANSWERED = ("", "checklists/", "alone/")


def answer_for(exercise: str) -> str:
    """What is typed into a box: every payload at once into the kitchen sinks', its own into each lone one's."""
    return PAYLOADS[int(exercise.removeprefix("solo-"))] if exercise.startswith("solo-") else "\n\n".join(PAYLOADS)


def test_a_learner_typing_every_payload_into_every_box_runs_nothing_anywhere(browser, hostile):
    origin = hostile.urls["learner"]
    with watching(browser, origin, PAYLOADS) as watch:
        page = watch.page
        before: dict[str, dict[str, str]] = {}
        for path in ANSWERED:
            page.goto(f"{origin}/{path}")
            boxes = page.evaluate(BOXES)
            assert boxes or path == "checklists/", path  # checklists have no boxes, only choices
            # Every box set as typing sets it (hundreds; Playwright takes seconds to fill in the longest text) ...
            page.evaluate(TYPE, [[box, answer_for(exercise)] for box, exercise, _ in boxes])
            # ... and, on the lone exercises' page, a one-line box typed into key by key and a long one filled in.
            if path == "alone/":
                for tag, fill in (("input", page.type), ("textarea", page.fill)):
                    box, exercise, _ = next(box for box in boxes if box[2] == tag)
                    page.fill(f"#{box}", "")
                    fill(f"#{box}", answer_for(exercise))
                    page.keyboard.press("Tab")
            page.evaluate(CHOOSE)
            before[path] = page.evaluate(VALUES)
            long_boxes = {box: answer_for(exercise) for box, exercise, tag in boxes if tag == "textarea"}
            assert {box: before[path][box] for box in long_boxes} == long_boxes, path
            # A one-line box has no line breaks: setting its value takes them out, typing makes spaces of them.
            for box, exercise, tag in boxes:
                text = answer_for(exercise)
                assert tag == "textarea" or before[path][box] in (text.replace("\n", ""), text.replace("\n", " ")), box
            watch.check(f"{path} (answered)")
        for path in ANSWERED:
            page.goto(f"{origin}/{path}")
            assert page.evaluate(VALUES) == before[path], f"{path}: the answers did not come back as typed"
            watch.check(f"{path} (reloaded)")
            print_and_check(watch, f"{path} (answered)")
        for path in ("second/", "print/", "my-workbook/"):
            page.goto(f"{origin}/{path}")
            watch.check(f"{path} (with answers)")
            if path == "second/":  # the kitchen sink twice on a page: both show what was typed on the first
                typed = set(before[""].values())
                assert page.evaluate(VALUES) and set(page.evaluate(VALUES).values()) == typed
            clicked = page.evaluate(CLICK_LINKS)
            watch.check(f"{path} (with answers, after clicking {clicked} links)")
            print_and_check(watch, f"{path} (with answers)")
        # My workbook (the page is on it now) shows each text answer as text, exactly as it was in its box.
        shown = page.evaluate(SHOWN)
        in_boxes = {box: value for values in before.values() for box, value in values.items()}
        assert len(shown) > 50
        assert {f"wb-{exercise}-{answer}": text for exercise, answer, text in shown} == {
            f"wb-{exercise}-{answer}": in_boxes[f"wb-{exercise}-{answer}"] for exercise, answer, _ in shown
        }
        # The Markdown export: whatever renders it (raw HTML allowed) shows the answers as text.
        with page.expect_download() as download:
            page.click("[data-workbook-action='export-markdown']")
        exported = Path(download.value.path()).read_text(encoding="utf-8")
        watch.check("my-workbook/ (exported)")
    assert_markdown_shows_only_text(exported)


def test_a_share_file_of_every_payload_runs_nothing_on_the_debrief_page(browser, hostile, tmp_path):
    """A learner shares every payload they typed (each text ticked) and every checklist; the facilitator reads three
    such files (three people: their words are shown), saves the summary and prints it."""
    with watching(browser, hostile.urls["learner"], PAYLOADS) as watch:
        page = watch.page
        for path in ("", "checklists/"):
            page.goto(f"{hostile.urls['learner']}/{path}")
            page.evaluate(TYPE, [[box, answer_for(exercise)] for box, exercise, _ in page.evaluate(BOXES)])
            page.evaluate(CHOOSE)
        # From a checklist (its preview's script fetched then) and from My workbook, every text ticked.
        page.click("#wb-hostile-check [data-workbook-action='share']")
        watch.check("checklists/ (share preview)")
        page.goto(f"{hostile.urls['learner']}/my-workbook/")
        page.click("[data-workbook-action='share']")
        page.locator("#workbook-share input[type=checkbox]:not(:checked)").evaluate_all(
            "boxes => boxes.forEach((b) => b.click())"
        )
        watch.check("my-workbook/ (share preview)")
        with page.expect_download() as download:
            page.click("[data-workbook-share='save']")
        shared = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
        watch.check("my-workbook/ (shared)")
    assert shared["texts"]["hostile-sheet"] and set(shared["checklists"]) == {"hostile-check", "hostile-ticks"}
    files = []
    for number in range(3):
        files.append(tmp_path / f"share-{number}.json")
        files[-1].write_text(json.dumps(dict(shared, id=f"{number:032x}")), encoding="utf-8")
    with watching(browser, hostile.urls["facilitator"], PAYLOADS) as watch:
        page = watch.page
        page.goto(f"{hostile.urls['facilitator']}/facilitator/debrief/")
        page.set_input_files("[data-workbook-action='debrief-import']", [str(path) for path in files])
        page.wait_for_selector("[data-workbook-debrief-texts]:not([hidden]) li")
        watch.check("facilitator/debrief/ (three files read)")
        assert "<script>window.__xss=164</script>" in page.text_content("[data-workbook-debrief-texts]")
        page.locator("[data-workbook-action='debrief-present']").first.click()
        watch.check("facilitator/debrief/ (full screen)")
        page.keyboard.press("Escape")
        page.wait_for_selector(".workbook-debrief-presenting", state="detached")
        with page.expect_download() as download:
            page.click("[data-workbook-action='debrief-export-markdown']")
        summary = Path(download.value.path()).read_text(encoding="utf-8")
        with page.expect_download() as download:
            page.click("[data-workbook-action='debrief-export-csv']")
        table = Path(download.value.path()).read_text(encoding="utf-8")
        print_and_check(watch, "facilitator/debrief/ (three files read)")
    assert_markdown_shows_only_text(summary)
    # No cell a spreadsheet would run as a formula: text cells are quoted, and one starting like a formula gets a '.
    cells = [cell for row in csv.reader(io.StringIO(table)) for cell in row]
    assert [
        cell for cell in cells if cell[:1] in ("=", "+", "@") or (cell[:1] == "-" and not _NUMBER.fullmatch(cell))
    ] == []


_NUMBER = re.compile(r"-?\d+(\.\d+)?(e-?\d+)?")


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


# What an export may render to: text in headings, paragraphs, lists, tables and code; ids of headings, alignment.
EXPORT_TAGS = {
    "h1",
    "h2",
    "h3",
    "p",
    "strong",
    "br",
    "ul",
    "li",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "pre",
    "code",
}
EXPORT_ATTRIBUTES = {"id", "style", "align"}
# A Material site's extensions, as someone might render the export with: definitions, collapsible blocks, and
# pymdownx blocks (whose `html` kind writes any element with any attribute).
EXPORT_EXTENSIONS = (
    "extra",
    "admonition",
    "attr_list",
    "md_in_html",
    "toc",
    "pymdownx.details",
    "pymdownx.blocks.html",
    "pymdownx.blocks.details",
    "pymdownx.superfences",
    "pymdownx.tasklist",
)


def assert_markdown_shows_only_text(exported: str) -> None:
    renderers = {
        "Python-Markdown": markdown.Markdown(extensions=[*EXPORT_EXTENSIONS]).convert,
        "CommonMark": MarkdownIt("commonmark", {"html": True}).enable("table").render,
    }
    for name, render in renderers.items():
        parsed = _Elements()
        parsed.feed(render(exported))
        let_in = [
            (tag, attrs)
            for tag, attrs in parsed.elements
            if tag not in EXPORT_TAGS or {a for a, _ in attrs} - EXPORT_ATTRIBUTES
        ]
        assert let_in == [], f"{name} makes elements of the export: {let_in[:5]}"
        text = "".join(parsed.text)
        assert "<script>window.__xss=164</script>" in text and "{{ 'JINJA' * 3 }}" in text, name
