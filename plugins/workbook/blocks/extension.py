"""The `/// worksheet | id` and `/// checklist | id` blocks; a Markdown extension that needs no MkDocs."""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from markdown import Markdown
from markdown.preprocessors import Preprocessor
from markdown.util import ETX, STX, AtomicString
from pymdownx.blocks import BlocksExtension
from pymdownx.blocks.block import Block

from ..errors import close_match
from ..messages import Catalogue, load_catalogue
from ..model.schedule import plan_handouts, plan_workshop
from ..model.types import Exercise, Workshop
from ..reading.loader import ExerciseSet, load_exercises
from ..rendering.render import BODY_MARKER, TITLE_MARKER, Instance, Renderer, uid_for
from ..rendering.template_problems import TemplateProblem
from .headers import BLOCKS, EXERCISE_BLOCKS, scan_headers
from .host import Site
from .later import Later, Streamed

__all__ = ["WorkbookExtension", "block_problem", "makeExtension"]

_HEADINGS = {f"h{n}": n for n in range(1, 7)}
# Python-Markdown's stash placeholders are made of these: text holding them could pull stashed HTML into a heading.
_STASH_CHARACTERS = str.maketrans("", "", "\x02\x03")
# The title's heading is in the page's tree, where the page's own extensions see it: attr_list would read a title
# ending in `{: onclick="..."}` as attributes of the heading. Its braces go in as Python-Markdown's escape of a
# character (STX, the code, ETX), which its `unescape` treeprocessor turns back into text after every other one.
_TITLE_TEXT = {**_STASH_CHARACTERS, ord("{"): f"{STX}{ord('{')}{ETX}"}


class _ReadHeaders(Preprocessor):
    """Reads the page's block headers before anything else touches its lines: they give the blocks their lines,
    and a header that pymdownx Blocks would leave as text (a misspelt name, a missing bar or id) is a problem."""

    def __init__(self, md: Markdown, site: Site):
        super().__init__(md)
        self.site = site

    def run(self, lines: list[str]) -> list[str]:
        page = self.site.page
        page.headers = scan_headers("\n".join(lines))
        registered = self.md.parser.blockprocessors["blocks"].blocks
        for header in page.headers:
            # Another extension's block that happens to look like a misspelling of ours is not one.
            if header.problem is not None and (header.name in BLOCKS or header.name not in registered):
                self.site.problem(header.problem, header.line + page.offset)
        return lines


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
        paragraph.text = AtomicString(self.md.htmlStash.store(html.translate(_STASH_CHARACTERS)))
        parent.insert(len(parent) if position is None else position, paragraph)


class _Sheet:
    """An exercise's HTML in three pieces (before its title, between title and body, after the body),
    rendered once, when the first piece is asked for. One per exercise of every chapter waits for its
    page to be written: small, and its pieces are bound methods rather than closures."""

    __slots__ = ("_renderer", "_exercise", "_instance", "_pieces")

    def __init__(self, renderer: Renderer, exercise: Exercise, instance: Instance):
        self._renderer, self._exercise, self._instance = renderer, exercise, instance
        self._pieces: tuple[str, str, str] | None = None

    def opening(self) -> str:
        return self._piece(0)

    def middle(self) -> str:
        return self._piece(1)

    def closing(self) -> str:
        return self._piece(2)

    def _piece(self, index: int) -> str:
        if self._pieces is None:
            html = self._renderer.render(self._exercise, self._instance, title=TITLE_MARKER)
            opening, _, closing = html.partition(BODY_MARKER)
            before, _, after = opening.partition(TITLE_MARKER)
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
        if not renderer.places_title(
            exercise, instance
        ):  # an exercise.html of the author's own that writes its title itself
            return self.place(parent, renderer.render(exercise, instance))
        # The title is a real heading (the table of contents lists it, search finds it); the rest of the exercise
        # is rendered when the page is written (with `later`), so that no chapter holds its forms until then.
        sheet = _Sheet(renderer, exercise, instance)
        self._stash(parent, extension.later(sheet.opening))
        heading = etree.SubElement(
            parent, f"h{instance.heading_level}", {"class": "workbook-title", "id": instance.title_id}
        )
        heading.text = AtomicString(exercise.title.translate(_TITLE_TEXT))
        self._stash(parent, extension.later(sheet.middle))
        self._closing = extension.later(sheet.closing)
        return self._body(parent)

    def stashed(self, html: str) -> str:
        # Only the title (a heading) and the author's Markdown body are searched, not the form around them.
        html = html.strip()
        return self.config["extension"].later(html) if html else ""

    def find(self, extension: WorkbookExtension, parent: etree.Element) -> tuple[Exercise, Instance] | str:
        """The exercise and where it stands, or (reported) the HTML of the box for an unknown one."""
        exercise_id = str(self.argument).strip()
        counts: Counter[str] = self.tracker.setdefault("workbook_counts", Counter())
        counts[exercise_id] += 1
        occurrence = counts[exercise_id]
        site = extension.site

        exercises = extension.exercise_set.exercises
        problem = block_problem(self.NAME, exercise_id, exercises, extension.exercise_set.workshops)
        if problem is not None:
            site.problem(problem, site.page.line_of(self.NAME, exercise_id, occurrence))
            return extension.renderer.render_missing(self.NAME, exercise_id, problem)
        exercise = exercises[exercise_id]
        return exercise, Instance(
            uid_for(exercise_id, occurrence),
            _heading_level(parent),
            extension.getConfig("storage_namespace"),
            extension.getConfig("edition"),
        )


class WorkshopBlock(StashedBlock):
    """A workshop plan's agenda or run-sheet."""

    def render(self, extension: WorkbookExtension, parent: etree.Element) -> str:
        workshop = self.workshop(extension, str(self.argument).strip())
        if isinstance(workshop, str):
            return workshop
        return extension.renderer.render_workshop(
            self.NAME, workshop, extension.exercise_set.exercises, extension.site.links()
        )

    def workshop(self, extension: WorkbookExtension, workshop_id: str) -> Workshop | str:
        """The plan, or (reported) the HTML of the box that stands for an unknown one."""
        problem = block_problem(
            self.NAME, workshop_id, extension.exercise_set.exercises, extension.exercise_set.workshops
        )
        if problem is None:
            return extension.exercise_set.workshops[workshop_id]
        extension.site.problem(problem, extension.site.page.line_of(self.NAME, workshop_id, 1))
        return extension.renderer.render_missing(self.NAME, workshop_id, problem)


class AgendaBlock(WorkshopBlock):
    NAME = "agenda"


class RunSheetBlock(WorkshopBlock):
    NAME = "run-sheet"


class PresenterBlock(WorkshopBlock):
    """A workshop run live: the current item, its countdown, what comes next; present.js drives it."""

    NAME = "presenter"

    def render(self, extension: WorkbookExtension, parent: etree.Element) -> str:
        workshop = self.workshop(extension, str(self.argument).strip())
        if isinstance(workshop, str):
            return workshop
        site = extension.site
        links = site.links()
        return extension.renderer.render_presenter(
            workshop,
            extension.exercise_set.exercises,
            links,
            extension.getConfig("storage_namespace"),
            links.to(site.present_script),
            extension.getConfig("edition"),
        )


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
            return renderer.render_print_pack(
                extension.catalogue.text("page.print_pack"),
                _CourseSheets(extension.site, exercises),
                namespace,
                later=self.sheets_later,
            )
        workshop = self.workshop(extension, str(self.argument).strip())
        if isinstance(workshop, str):
            return workshop
        handouts = plan_handouts(plan_workshop(workshop, exercises), workshop.group_size)
        sheets = [(workshop.title, handout.exercise) for handout in handouts]
        return renderer.render_print_pack(
            extension.catalogue.text("page.handouts", title=workshop.title),
            sheets,
            namespace,
            handouts,
            later=self.sheets_later,
        )

    def sheets_later(self, chunks: Callable[[], Iterable[str]]) -> str:
        # The pack's own heading and introduction go in now (the page's title is its <h1>); the sheets
        # are written when the page is, one at a time.
        return self.config["extension"].later(Streamed(chunks))


class _CourseSheets:
    """Every exercise of the course with its chapter's title, in reading order, as the outline is when the pack is
    written (by then the host knows every chapter's title)."""

    def __init__(self, site: Site, exercises: dict[str, Exercise]):
        self._site, self._exercises = site, exercises

    def __iter__(self) -> Iterator[tuple[str, Exercise]]:
        for chapter in self._site.outline:
            for exercise_id in chapter.exercise_ids:
                if exercise_id in self._exercises:
                    yield chapter.title, self._exercises[exercise_id]


class MyWorkbookBlock(StashedBlock):
    """Every exercise of the course in reading order, filled in by the script from the learner's answers."""

    NAME = "my-workbook"
    ARGUMENT = False

    def render(self, extension: WorkbookExtension, parent: etree.Element) -> str:
        site, links = extension.site, extension.site.links()
        namespace = extension.getConfig("storage_namespace")

        def chunks() -> Iterable[str]:
            # The outline as it is when the page is written: by then the host knows every chapter's title.
            exercises = extension.exercise_set.exercises
            chapters = [
                (chapter.title, links.to(chapter.url), [exercises[i] for i in chapter.exercise_ids if i in exercises])
                for chapter in site.outline
            ]
            return extension.renderer.render_my_workbook(chapters, namespace, links.to(site.my_workbook_script))

        return extension.later(Streamed(chunks))


class DebriefBlock(StashedBlock):
    """The facilitator's debrief page: the course's checklists (and texts a participant may share) in course order,
    summarised by the script from the share files the facilitator opens."""

    NAME = "debrief"
    ARGUMENT = False

    def render(self, extension: WorkbookExtension, parent: etree.Element) -> str:
        site, links = extension.site, extension.site.links()

        def page() -> str:
            # The outline as it is when the page is written, then the workshops' exercises no chapter embeds.
            exercises = extension.exercise_set.exercises
            ids = [i for chapter in site.outline for i in chapter.exercise_ids]
            ids += [
                item.exercise
                for workshop in extension.exercise_set.workshops.values()
                for day in workshop.days
                for session in day.sessions
                for item in session.items
                if item.exercise
            ]
            return extension.renderer.render_debrief(
                [exercises[i] for i in dict.fromkeys(ids) if i in exercises],
                extension.getConfig("storage_namespace"),
                int(extension.getConfig("debrief_min_people")),
                # My workbook's script first: the debrief page reads exports and draws charts with its helpers.
                [url for url in map(links.to, (site.my_workbook_script, site.debrief_script)) if url],
            )

        return extension.later(page)


class WorkshopIndexBlock(StashedBlock):
    """A list of every workshop plan, linking to its agenda."""

    NAME = "workshops"
    ARGUMENT = False

    def render(self, extension: WorkbookExtension, parent: etree.Element) -> str:
        return extension.renderer.render_workshop_index(
            extension.exercise_set.workshops, extension.exercise_set.exercises, extension.site.links()
        )


class WorksheetBlock(ExerciseBlock):
    NAME = "worksheet"


class ChecklistBlock(ExerciseBlock):
    NAME = "checklist"


def block_problem(
    name: str, argument: str, exercises: dict[str, Exercise], workshops: dict[str, Workshop]
) -> str | None:
    """What is wrong with a well-formed block header's argument (an unknown id, an exercise of the other kind),
    as the build and `workbook validate` report it; None when nothing is."""
    if name in EXERCISE_BLOCKS:
        exercise = exercises.get(argument)
        if exercise is None:
            match = close_match(argument, exercises)
            return f"unknown exercise id '{argument}'" + (f" (did you mean '{match}'?)" if match else "")
        if exercise.kind != name:
            return f"'{argument}' is a {exercise.kind}, not a {name}; write /// {exercise.kind} | {argument}"
    elif (BLOCKS[name] == "workshop id" or (name == "print-pack" and argument)) and argument not in workshops:
        match = close_match(argument, workshops)
        return f"unknown workshop id '{argument}'" + (f" (did you mean '{match}'?)" if match else "")
    return None


def _heading_level(parent: etree.Element) -> int:
    """One below the last heading before the block, so the page's outline stays in order."""
    for element in reversed(list(parent)):
        # Another exercise's title is a sibling, not a section this one belongs to.
        if element.tag in _HEADINGS and element.get("class") != "workbook-title":
            return min(_HEADINGS[element.tag] + 1, 6)
    return 2


class WorkbookExtension(BlocksExtension):
    """Registers the blocks. Give it `exercise_set`, or `exercises_dir` to load one; `site` is what the host tells
    the blocks about the site (host.py); `problem` is what a template that cannot be rendered raises (the host's own
    exception, so that it shows a message rather than a traceback)."""

    def __init__(
        self,
        exercise_set: ExerciseSet | None = None,
        site: Site | None = None,
        problem: type[Exception] = TemplateProblem,
        catalogue: Catalogue | None = None,
        **kwargs: Any,
    ):
        self.config = {
            "exercises_dir": ["exercises", "Folder of exercise YAML files, when no exercise_set is given."],
            "storage_namespace": ["workbook", "Prefix of the learner's answers in browser storage."],
            "templates_dir": ["", "Folder whose templates override the built-in ones."],
            "edition": ["learner", "learner, or facilitator to show each exercise's facilitator notes."],
            "debrief_min_people": [3, "The debrief page shows nothing drawn from fewer people than this."],
            "later": [False, "Leave forms and generated pages as placeholders for the host to fill in (see later.py)."],
            "language": ["en", "The language of every word the workbook shows (Material's theme.language codes)."],
            "messages_dir": [
                "",
                "Folder of your own message catalogues (<language>.yml), merged over the shipped ones.",
            ],
        }
        super().__init__(**kwargs)
        # Given by a host that has loaded it already (the MkDocs plugin, for its page titles too).
        self.catalogue = catalogue or load_catalogue(
            self.getConfig("language") or "en",
            Path(self.getConfig("messages_dir")) if self.getConfig("messages_dir") else None,
        )
        # With `later`, the host writes the print pack after the chapters: it reads back the chapters' forms.
        self.renderer = Renderer(
            self.getConfig("templates_dir") or None,
            keep_forms=bool(self.getConfig("later")),
            problem=problem,
            catalogue=self.catalogue,
        )
        self.site = site or Site()
        # Loaded by the caller (the MkDocs plugin, once per build), or when first needed from exercises_dir.
        self._exercise_set = exercise_set
        self._closed = False
        # HTML kept out of the converted Markdown until the host writes the page (see `later`).
        self.placeholders = Later()

    @property
    def exercise_set(self) -> ExerciseSet:
        if self._closed:
            raise RuntimeError("the build is over and its course let go of (WorkbookExtension.close)")
        if self._exercise_set is None:
            loaded = load_exercises(Path(self.getConfig("exercises_dir")))
            loaded.raise_for_errors()
            self._exercise_set = loaded
        return self._exercise_set

    def extendMarkdownBlocks(self, md: Markdown, block_mgr: Any) -> None:
        for block in (
            WorksheetBlock,
            ChecklistBlock,
            AgendaBlock,
            RunSheetBlock,
            PresenterBlock,
            WorkshopIndexBlock,
            MyWorkbookBlock,
            PrintPackBlock,
            DebriefBlock,
        ):
            block_mgr.register(block, {"extension": self})
        # After whitespace is normalised (30), before fenced code is stashed (25).
        md.preprocessors.register(_ReadHeaders(md, self.site), "workbook_headers", 29)

    def later(self, html: str | Callable[[], str] | Streamed) -> str:
        """The HTML (or what the function renders) now, or, when the config `later` is on, a placeholder
        that the host fills in with `self.placeholders` (see later.py) when it writes the page."""
        if not self.getConfig("later"):
            if isinstance(html, Streamed):
                return "".join(html.chunks())
            return html() if callable(html) else html
        return self.placeholders.placeholder(html)

    def close(self) -> None:
        """The build is written: let go of the temporary files, of anything still waiting and of the course (the host
        lets search write its index next, the build's biggest allocation)."""
        self.renderer.close()
        self.placeholders.close()
        self._exercise_set = None
        self._closed = True


def makeExtension(**kwargs: Any) -> WorkbookExtension:
    """Entry point for `markdown.Markdown(extensions=["workbook.extension"])`."""
    return WorkbookExtension(**kwargs)
