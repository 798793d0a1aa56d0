"""The `/// worksheet | id` and `/// checklist | id` blocks; a Markdown extension that needs no MkDocs."""

from __future__ import annotations

from html import unescape
import logging
import posixpath
import re
import xml.etree.ElementTree as etree
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from markdown import Markdown
from markdown.util import AtomicString
from pymdownx.blocks import BlocksExtension
from pymdownx.blocks.block import Block

from .errors import close_match
from .later import Later, Streamed
from .loader import ExerciseSet, load_exercises
from .model import FORBIDDEN_CHARACTER, Exercise, Workshop
from .render import BODY_MARKER, Instance, Renderer, uid_for
from .schedule import plan_handouts, plan_workshop
from .template_problems import TemplateProblem

__all__ = ["Chapter", "PageContext", "WorkbookExtension", "makeExtension", "relative_url"]

# Named under mkdocs.plugins so that `mkdocs build --strict` counts our warnings.
log = logging.getLogger("mkdocs.plugins.workbook")

_HEADINGS = {f"h{n}": n for n in range(1, 7)}
# The exercise's title as exercise.html writes it; an overridden template that differs is stashed as it is.
_TITLE = re.compile(r'<h([1-6]) class="workbook-title" id="([^"<>]*)">([^<>]*)</h\1>')


# A block's header line, `/// kind | argument`.
_HEADER = re.compile(r"^[ \t]*/{3,}[ \t]*([\w-]+)[ \t]*\|[ \t]*(.*?)[ \t]*$", re.MULTILINE)


@dataclass
class PageContext:
    """The page being converted, so that messages can name its file and line."""

    path: str = "<markdown>"
    source: str = ""
    offset: int = 0
    url: str = ""

    @cached_property
    def _header_lines(self) -> dict[tuple[str, str], list[int]]:
        # One scan of the page for all its blocks, rather than one per block.
        lines: dict[tuple[str, str], list[int]] = {}
        line, counted = 1, 0
        for match in _HEADER.finditer(self.source):
            line += self.source.count("\n", counted, match.start())
            counted = match.start()
            lines.setdefault((match[1], match[2]), []).append(line + self.offset)
        return lines

    def line_of(self, kind: str, exercise_id: str, occurrence: int) -> int:
        lines = self._header_lines.get((kind, exercise_id))
        if not lines:
            return 1 + self.offset
        return lines[min(occurrence, len(lines)) - 1]


@dataclass(frozen=True, slots=True)
class Chapter:
    """A page of the course in reading order, and the exercises it embeds."""

    title: str
    url: str
    exercise_ids: tuple[str, ...]


class StashedBlock(Block):
    """A block whose HTML comes from a template; the Markdown body, if any, goes where the template says."""

    ARGUMENT: bool | None = True
    OPTIONS: dict[str, tuple[Any, Any]] = {}

    def render(self, extension: WorkbookExtension, parent: etree.Element) -> str:
        raise NotImplementedError

    def on_create(self, parent: etree.Element) -> etree.Element:
        return self.place(parent, self.render(self.config["extension"], parent))

    def place(self, parent: etree.Element, html: str) -> etree.Element:
        """Stash the HTML before the body marker now, the rest after the body; return the body's element."""
        opening, _, closing = html.partition(BODY_MARKER)
        self._closing = self.stashed(closing)
        self.stash_opening(parent, opening)
        return self._body(parent)

    def _body(self, parent: etree.Element) -> etree.Element:
        """The element the block's Markdown body goes into (on_end stashes `_closing` after it)."""
        self._parent = parent
        return etree.SubElement(parent, "div", {"class": "workbook-body"})

    def stash_opening(self, parent: etree.Element, opening: str) -> None:
        self._stash(parent, self.stashed(opening))

    def stashed(self, html: str) -> str:
        """What goes into the page for a piece of the block's HTML: the HTML itself here."""
        return html.strip()

    def on_end(self, block: etree.Element) -> None:
        position = list(self._parent).index(block)
        if len(block) == 0 and not (block.text or "").strip():
            self._parent.remove(block)
            position -= 1
        if self._closing:
            self._stash(self._parent, self._closing, position + 1)

    def _stash(self, parent: etree.Element, html: str, position: int | None = None) -> None:
        # A paragraph holding only a stash placeholder is replaced by the raw HTML, <p> and all.
        # Without Python-Markdown's own placeholder marks, which it would replace in stashed HTML too.
        paragraph = etree.Element("p")
        paragraph.text = AtomicString(self.md.htmlStash.store(html.replace("\x02", "").replace("\x03", "")))
        parent.insert(len(parent) if position is None else position, paragraph)


class _Sheet:
    """An exercise's HTML in three pieces (before its title, between title and body, after the body),
    rendered once, when the first piece is asked for. One per exercise of every chapter waits for its
    page to be written: small, and its pieces are bound methods rather than closures."""

    __slots__ = ("_renderer", "_exercise", "_instance", "_title", "_pieces")

    def __init__(self, renderer: Renderer, exercise: Exercise, instance: Instance, title: str):
        self._renderer, self._exercise, self._instance, self._title = renderer, exercise, instance, title
        self._pieces: tuple[str, str, str] | None = None

    def opening(self) -> str:
        return self._piece(0)

    def middle(self) -> str:
        return self._piece(1)

    def closing(self) -> str:
        return self._piece(2)

    def _piece(self, index: int) -> str:
        if self._pieces is None:
            opening, _, closing = self._renderer.render(self._exercise, self._instance).partition(BODY_MARKER)
            before, _, after = opening.partition(self._title)
            self._pieces = (before.strip(), after.strip(), closing.strip())
        return self._pieces[index]


class ExerciseBlock(StashedBlock):
    """An exercise from the exercise files, with an optional Markdown body above its form."""

    def on_create(self, parent: etree.Element) -> etree.Element:
        extension = self.config["extension"]
        found = self.find(extension, parent)
        if isinstance(found, str):  # the box that stands for an unknown exercise
            return self.place(parent, found)
        exercise, instance = found
        renderer = extension.renderer
        # With `later` on, only the title is rendered now: it is the page's heading. The form is rendered
        # when the page is written, so that no chapter holds its forms in memory until then.
        title = renderer.render_title(exercise, instance) if extension.getConfig("later") else None
        heading = _TITLE.fullmatch(title) if title else None
        if title is None or heading is None:  # an overriding exercise.html without the title block, say
            return self.place(parent, renderer.render(exercise, instance))
        sheet = _Sheet(renderer, exercise, instance, title)
        self._stash(parent, extension.later(sheet.opening))
        self._heading(parent, heading)
        self._stash(parent, extension.later(sheet.middle))
        self._closing = extension.later(sheet.closing)
        return self._body(parent)

    def stashed(self, html: str) -> str:
        # Only the title (a heading) and the author's Markdown body are searched, not the form around them.
        html = html.strip()
        return self.config["extension"].later(html) if html else ""

    def stash_opening(self, parent: etree.Element, opening: str) -> None:
        # The title as a real heading element, not stashed HTML, so that the table of contents
        # (Python-Markdown's toc, Material's sidebar) lists the exercise.
        title = _TITLE.search(opening)
        if title is None:
            self._stash(parent, self.stashed(opening))
            return
        self._stash(parent, self.stashed(opening[: title.start()]))
        self._heading(parent, title)
        self._stash(parent, self.stashed(opening[title.end():]))

    def _heading(self, parent: etree.Element, title: re.Match[str]) -> None:
        heading = etree.SubElement(parent, f"h{title[1]}", {"class": "workbook-title", "id": title[2]})
        # Without the characters the loader refuses in any text: Python-Markdown's placeholders (\x02...\x03) in
        # a title would otherwise pull other stashed HTML into the heading (a model made without the loader).
        heading.text = AtomicString(FORBIDDEN_CHARACTER.sub("", unescape(title[3])))

    def find(self, extension: WorkbookExtension, parent: etree.Element) -> tuple[Exercise, Instance] | str:
        """The exercise and where it stands, or (warned about) the HTML of the box for an unknown one."""
        exercise_id = str(self.argument).strip()
        counts: Counter[str] = self.tracker.setdefault("workbook_counts", Counter())
        counts[exercise_id] += 1
        occurrence = counts[exercise_id]
        page = extension.page
        line = page.line_of(self.NAME, exercise_id, occurrence)

        exercise = extension.exercise_set.exercises.get(exercise_id)
        problem = None
        if exercise is None:
            problem = f"unknown exercise id '{exercise_id}'"
            match = close_match(exercise_id, extension.exercise_set.exercises)
            if match:
                problem += f" (did you mean '{match}'?)"
        elif exercise.kind != self.NAME:
            problem = f"'{exercise_id}' is a {exercise.kind}, not a {self.NAME}; write /// {exercise.kind} | {exercise_id}"

        if problem is not None or exercise is None:
            log.warning("%s:%d: %s", page.path, line, problem)
            return extension.renderer.render_missing(self.NAME, exercise_id, str(problem))
        return exercise, Instance(uid_for(exercise_id, occurrence), _heading_level(parent), extension.getConfig("storage_namespace"), extension.getConfig("edition"))


class WorkshopBlock(StashedBlock):
    """A workshop plan's agenda or run-sheet."""

    def render(self, extension: WorkbookExtension, parent: etree.Element) -> str:
        workshop = self.workshop(extension, str(self.argument).strip())
        if isinstance(workshop, str):
            return workshop
        links = extension.links_from(extension.page.url)
        return extension.renderer.render_workshop(self.NAME, workshop, extension.exercise_set.exercises, links)

    def workshop(self, extension: WorkbookExtension, workshop_id: str) -> Workshop | str:
        """The plan, or (warned about) the HTML of the box that stands for an unknown one."""
        workshop = extension.exercise_set.workshops.get(workshop_id)
        if workshop is not None:
            return workshop
        line = extension.page.line_of(self.NAME, workshop_id, 1)
        problem = f"unknown workshop id '{workshop_id}'"
        match = close_match(workshop_id, extension.exercise_set.workshops)
        problem += f" (did you mean '{match}'?)" if match else ""
        log.warning("%s:%d: %s", extension.page.path, line, problem)
        return extension.renderer.render_missing(self.NAME, workshop_id, problem)


class AgendaBlock(WorkshopBlock):
    NAME = "agenda"


class RunSheetBlock(WorkshopBlock):
    NAME = "run-sheet"


class PrintPackBlock(WorkshopBlock):
    """Exercises one to a sheet: the whole workbook in course order, or (`/// print-pack | <workshop id>`)
    a workshop's handouts in agenda order."""

    NAME = "print-pack"
    ARGUMENT = None

    def render(self, extension: WorkbookExtension, parent: etree.Element) -> str:
        namespace = extension.getConfig("storage_namespace")
        exercises = extension.exercise_set.exercises
        renderer = extension.renderer
        if not self.argument:
            sheets = [(chapter.title, exercises[i]) for chapter in extension.outline for i in chapter.exercise_ids if i in exercises]
            return renderer.render_print_pack("Print the workbook", sheets, namespace, later=self.sheets_later)
        workshop = self.workshop(extension, str(self.argument).strip())
        if isinstance(workshop, str):
            return workshop
        handouts = plan_handouts(plan_workshop(workshop, exercises), workshop.group_size)
        sheets = [(workshop.title, handout.exercise) for handout in handouts]
        return renderer.render_print_pack(f"Handouts: {workshop.title}", sheets, namespace, handouts, later=self.sheets_later)

    def sheets_later(self, chunks: Callable[[], Iterable[str]]) -> str:
        # The pack's own heading and introduction go in now (the page's title is its <h1>); the sheets
        # are written when the page is, one at a time.
        return self.config["extension"].later(Streamed(chunks))


class MyWorkbookBlock(StashedBlock):
    """Every exercise of the course in reading order, filled in by the script from the learner's answers."""

    NAME = "my-workbook"
    ARGUMENT = False

    def render(self, extension: WorkbookExtension, parent: etree.Element) -> str:
        exercises = extension.exercise_set.exercises
        chapters = [
            (chapter.title, relative_url(chapter.url, extension.page.url), [exercises[i] for i in chapter.exercise_ids if i in exercises])
            for chapter in extension.outline
        ]
        # The host says where the page's script is published (`script:my-workbook`); without one the page stays static.
        script = extension.links_from(extension.page.url)("script:my-workbook")
        namespace = extension.getConfig("storage_namespace")
        return extension.later(Streamed(lambda: extension.renderer.render_my_workbook(chapters, namespace, script)))


class WorkshopIndexBlock(StashedBlock):
    """A list of every workshop plan, linking to its agenda."""

    NAME = "workshops"
    ARGUMENT = False

    def render(self, extension: WorkbookExtension, parent: etree.Element) -> str:
        links = extension.links_from(extension.page.url)
        return extension.renderer.render_workshop_index(extension.exercise_set.workshops, extension.exercise_set.exercises, links)


class WorksheetBlock(ExerciseBlock):
    NAME = "worksheet"


class ChecklistBlock(ExerciseBlock):
    NAME = "checklist"


def _heading_level(parent: etree.Element) -> int:
    """One below the last heading before the block, so the page's outline stays in order."""
    for element in reversed(list(parent)):
        # Another exercise's title is a sibling, not a section this one belongs to.
        if element.tag in _HEADINGS and element.get("class") != "workbook-title":
            return min(_HEADINGS[element.tag] + 1, 6)
    return 2


class WorkbookExtension(BlocksExtension):
    """Registers the exercise blocks. Give it `exercise_set`, or `exercises_dir` to load one; `load` says how to load
    the course again after `render_ahead` let go of it; `problem` is what a template that cannot be rendered raises
    (the host's own exception, so that it shows a message rather than a traceback)."""

    def __init__(self, exercise_set: ExerciseSet | None = None, load: Callable[[], ExerciseSet] | None = None,
                 problem: type[Exception] = TemplateProblem, **kwargs: Any):
        self.config = {
            "exercises_dir": ["exercises", "Folder of exercise YAML files, when no exercise_set is given."],
            "storage_namespace": ["workbook", "Prefix of the learner's answers in browser storage."],
            "templates_dir": ["", "Folder whose templates override the built-in ones."],
            "edition": ["learner", "learner, or facilitator to show each exercise's facilitator notes."],
            "later": [False, "Leave forms and generated pages as placeholders for the host to fill in (see later.py)."],
        }
        super().__init__(**kwargs)
        # With `later`, the host writes the print pack after the chapters: it reads back the chapters' forms.
        self.renderer = Renderer(self.getConfig("templates_dir") or None, keep_forms=bool(self.getConfig("later")), problem=problem)
        self.page = PageContext()
        # Site URLs of pages the renderer links to, and the chapters in reading order, filled by the host (the MkDocs plugin).
        self.site_urls: dict[str, str] = {}
        self.outline: list[Chapter] = []
        # Loaded by the caller (the MkDocs plugin, once per build), or lazily from exercises_dir.
        self._exercise_set = exercise_set
        self._load = load
        # HTML kept out of the converted Markdown until the host writes the page (see `later`).
        self.placeholders = Later()

    @property
    def exercise_set(self) -> ExerciseSet:
        if self._exercise_set is None:
            if self._load is not None:
                self._exercise_set = self._load()
            else:
                loaded = load_exercises(Path(self.getConfig("exercises_dir")))
                loaded.raise_for_errors()
                self._exercise_set = loaded
        return self._exercise_set

    def extendMarkdownBlocks(self, md: Markdown, block_mgr: Any) -> None:
        for block in (WorksheetBlock, ChecklistBlock, AgendaBlock, RunSheetBlock, WorkshopIndexBlock, MyWorkbookBlock, PrintPackBlock):
            block_mgr.register(block, {"extension": self})

    def later(self, html: str | Callable[[], str] | Streamed) -> str:
        """The HTML (or what the function renders) now, or, when the config `later` is on, a placeholder
        that the host fills in with `self.placeholders` (see later.py) when it writes the page."""
        if not self.getConfig("later"):
            if isinstance(html, Streamed):
                return "".join(html.chunks())
            return html() if callable(html) else html
        return self.placeholders.placeholder(html)

    def render_ahead(self) -> None:
        """Every page is converted: render what waits for the pages now (Later.render_ahead), and let go of the
        course and of the forms kept for the print pack, so that their memory serves the writing of the pages.
        A page converted after all has its course loaded again (with `load`), its HTML rendered when filled in."""
        if self.placeholders.render_ahead():
            self.renderer.close()
            if self._load is not None:
                self._exercise_set = None

    def close(self) -> None:
        """The build is written: let go of the temporary files and of anything still waiting."""
        self.renderer.close()
        self.placeholders.close()

    def links_from(self, page_url: str) -> Callable[[str], str | None]:
        """Relative links from one page to pages by site URL (`exercise:<id>`, `workshop:<id>`, ...)."""

        def link(key: str) -> str | None:
            target = self.site_urls.get(key)
            return None if target is None else relative_url(target, page_url)

        return link


def relative_url(target: str, page_url: str) -> str:
    """`target` (a site URL, maybe with #anchor) as seen from the page at `page_url`."""
    path, _, anchor = target.partition("#")
    base = page_url if page_url.endswith("/") else posixpath.dirname(page_url)
    relative = posixpath.relpath("/" + path, "/" + base.rstrip("/")) if path else "."
    if path.endswith("/") and not relative.endswith("/"):
        relative += "/"
    return relative + (f"#{anchor}" if anchor else "")


def makeExtension(**kwargs: Any) -> WorkbookExtension:
    """Entry point for `markdown.Markdown(extensions=["workbook.extension"])`."""
    return WorkbookExtension(**kwargs)
