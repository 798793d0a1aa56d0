"""Render exercises to HTML through Jinja2 templates that a user can override."""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
from markupsafe import Markup, escape

from ..messages import Catalogue, load_catalogue
from ..model.schedule import ACTIVITY_TITLES, DayPlan, Handout, Slot, clock, plan_handouts, plan_workshop
from ..model.scoring import scoring_key
from ..model.types import Checklist, Exercise, Workshop
from .author_markdown import AuthorMarkdown
from .paper import css_string
from .scores import checklist_context, paper_points
from .spool import FormSpool
from .template_problems import ReportingEnvironment, TemplateProblem

if TYPE_CHECKING:  # the blocks hand their host's links in; rendering does not depend on them
    from ..blocks.host import Links

__all__ = ["BODY_MARKER", "TITLE_MARKER", "Renderer", "TEMPLATES_DIR", "uid_for"]

TEMPLATES_DIR = Path(__file__).parents[1] / "templates"

# Stand where the block's own Markdown body and the exercise's title go; the extension splits on them (no author
# text can hold these control characters: the loader refuses them).
BODY_MARKER = "\x02workbook-body\x03"
TITLE_MARKER = "\x02workbook-title\x03"


def uid_for(exercise_id: str, occurrence: int) -> str:
    """The HTML id of an exercise's nth appearance on a page. Chapters and print packs count alike, so a form
    rendered for its chapter is the one the pack shows (Renderer.render_form)."""
    return f"wb-{exercise_id}" if occurrence == 1 else f"wb-{exercise_id}-{occurrence}"


@dataclass(frozen=True, slots=True)
class Instance:
    """One appearance of an exercise on a page: what its HTML ids and heading depend on."""

    uid: str
    heading_level: int
    namespace: str
    edition: str = "learner"
    # The id of a heading that tells apart two appearances on one page (a print pack's chapter line).
    context_id: str = ""

    @property
    def title_id(self) -> str:
        return f"{self.uid}-title"


class Renderer:
    """Built once per build: one Jinja2 environment and one author-Markdown converter."""

    def __init__(
        self,
        templates_dir: str | Path | None = None,
        keep_forms: bool = False,
        problem: type[Exception] = TemplateProblem,
        catalogue: Catalogue | None = None,
    ):
        # Every word the templates show, in the site's language (messages.py): `t("id", count=n, name=value)`.
        self.catalogue = catalogue or load_catalogue("en")
        # Forms already rendered, on disk until the build is over (see render_form).
        self.forms = FormSpool.open() if keep_forms else None
        loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader(TEMPLATES_DIR)]
        if templates_dir:
            loaders.insert(0, jinja2.FileSystemLoader(templates_dir))
        self.markdown = AuthorMarkdown()
        self.env = ReportingEnvironment(
            loader=jinja2.ChoiceLoader(loaders),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
            # One Renderer per build (`mkdocs serve` makes a new one for each), so templates never change under it:
            # no stat() of every template file on every exercise.
            auto_reload=False,
        )
        # A template that cannot be rendered raises this, naming its file and line (template_problems.py).
        self.env.problem = problem
        self.env.filters["markdown"] = lambda text: Markup(self.markdown.convert(text))
        self.env.filters["number"] = lambda value: f"{value:g}"
        # Only letters, digits, spaces, quotes and escapes: safe inside <style> as it is.
        self.env.filters["css_string"] = lambda text: Markup(css_string(text))
        self.env.globals.update(
            t=self.catalogue.markup,
            # For a page's own script, in its root's data-workbook-messages: `script_messages("my.")|tojson`.
            script_messages=self.catalogue.subset,
            language=self.catalogue.language,
            duration=self.duration,
            day_title=self.day_title,
            slot_title=self.slot_title,
            slot_format=self.slot_format,
            # A score's "1. Yes → 0, No → 5; 2. ..." line for the printed key (rendering/scores.py).
            paper_points=lambda view: paper_points(view, self.catalogue),
        )
        # The pieces shared by the field templates, as `m`: imported once, not once per field.
        with self.env.reporting():
            self.env.globals["m"] = self.env.get_template("macros.html").module

    def render(self, exercise: Exercise, instance: Instance, body: str = BODY_MARKER, title: str | None = None) -> str:
        """The exercise's HTML, with `body` where the chapter's Markdown goes and `title` where its title goes
        (by default the title's heading: the extension makes a real heading of it in chapters)."""
        context = self._context(exercise, instance, body, title)
        context["form"] = _Rendered(functools.partial(self.render_form, exercise, instance))
        return self.env.get_template("exercise.html").render(context)

    def places_title(self, exercise: Exercise, instance: Instance) -> bool:
        """Whether exercise.html puts `title` in its title block, as ours does (an override may write its own)."""
        if self._shipped_exercise_template:
            return True
        template = self.env.get_template("exercise.html")
        block = template.blocks.get("title")
        if block is None:
            return False
        with self.env.reporting():
            return (
                "".join(
                    block(template.new_context(self._context(exercise, instance, BODY_MARKER, TITLE_MARKER)))
                ).strip()
                == TITLE_MARKER
            )

    @functools.cached_property
    def _shipped_exercise_template(self) -> bool:
        """Whether exercise.html is the package's own, not overridden: then every exercise's title is placed."""
        _, filename, _ = self.env.loader.get_source(self.env, "exercise.html")  # type: ignore[union-attr]
        return filename is not None and Path(filename).parent == TEMPLATES_DIR

    def close(self) -> None:
        """Let go of the forms kept on disk (the host calls this once the build is written)."""
        if self.forms is not None:
            self.forms.close()
            self.forms = None

    def render_form(self, exercise: Exercise, instance: Instance) -> str:
        """The exercise's form: worksheet.html or checklist.html, which see only the exercise, its `uid` and
        `namespace` (and a checklist's `key`, `groups`, `numbers`, `scores`: rendering/scores.py). So a form is the same wherever
        its exercise appears with the same ids, and with `forms` kept it is rendered once per build: for its
        chapter, and read back for the print pack."""
        key = (exercise.id, instance.uid, instance.namespace)
        html = self.forms.get(key) if self.forms is not None else None
        if html is None:
            html = self.env.get_template(f"{exercise.kind}.html").render(self._form_context(exercise, instance))
            if self.forms is not None:
                self.forms.put(key, html)
        return html

    def _form_context(self, exercise: Exercise, instance: Instance) -> dict[str, object]:
        context = _seen_everywhere(exercise, instance)
        if isinstance(exercise, Checklist):
            context.update(checklist_context(exercise))
        return context

    def _context(self, exercise: Exercise, instance: Instance, body: str, title: str | None) -> dict[str, object]:
        """exercise.html's context: what every template sees, the form (added by `render`), the title and body."""
        context = _seen_everywhere(exercise, instance)
        if title is None:
            title = f'<h{instance.heading_level} class="workbook-title" id="{instance.title_id}">{escape(exercise.title)}</h{instance.heading_level}>'
        context.update(
            level=instance.heading_level,
            edition=instance.edition,
            context_id=instance.context_id,
            body=Markup(body),
            title=Markup(title),
        )
        return context

    def render_workshop(self, kind: str, workshop: Workshop, exercises: dict[str, Exercise], link: Links) -> str:
        """A workshop's agenda (kind `agenda`) or its printable run-sheet (kind `run-sheet`)."""
        days = plan_workshop(workshop, exercises)
        used = list({slot.exercise.id: slot.exercise for day in days for slot in day.slots if slot.exercise}.values())
        checklists = [exercise.id for exercise in used if isinstance(exercise, Checklist)]
        materials: dict[str, list[Exercise]] = {}
        for exercise in used:
            for material in exercise.facilitator.materials:
                materials.setdefault(material, []).append(exercise)
        return self.env.get_template(f"{kind}.html").render(
            workshop=workshop,
            days=days,
            materials=materials,
            handouts=plan_handouts(days, workshop.group_size),
            checklists=checklists,
            link=link,
            clock=clock,
        )

    def render_presenter(
        self,
        workshop: Workshop,
        exercises: dict[str, Exercise],
        link: Links,
        namespace: str,
        script: str | None = None,
        edition: str = "facilitator",
    ) -> str:
        """A workshop's presenter view (presenter.html): every item's text rendered here, escaped; the timing the
        script needs as `plan` (numbers and clock times only, written with `tojson`); `script` is the page's own JS.
        The facilitator's notes only in the facilitator's `edition` (a learner's page may embed the block too)."""
        days = plan_workshop(workshop, exercises)
        # Items are numbered across the whole workshop: data-workbook-current-item and the saved state say which.
        numbered = iter(range(sum(len(day.slots) for day in days)))
        items = [
            (day, [(next(numbered), session, slot) for session, slots in day.sessions for slot in slots])
            for day in days
        ]
        plan = {
            "days": [{"start": day.day.start, "end": day.day.end} for day in days],
            "items": [
                {
                    "day": day.number - 1,
                    "minutes": slot.minutes,
                    "at": slot.item.at,
                    "pause": slot.is_pause,
                    "steps": [step.minutes for step in slot.exercise.facilitator.steps]
                    if slot.exercise and edition == "facilitator"
                    else [],
                }
                for day, slots in items
                for _, _, slot in slots
            ],
        }
        return self.env.get_template("presenter.html").render(
            workshop=workshop,
            days=items,
            plan=plan,
            namespace=namespace,
            script=script,
            link=link,
            clock=clock,
            edition=edition,
        )

    def render_workshop_index(self, workshops: dict[str, Workshop], exercises: dict[str, Exercise], link: Links) -> str:
        plans = [(workshop, plan_workshop(workshop, exercises)) for workshop in workshops.values()]
        return self.env.get_template("workshops.html").render(plans=plans, link=link, clock=clock)

    def render_my_workbook(
        self, chapters: list[tuple[str, str, list[Exercise]]], namespace: str, script: str | None = None
    ) -> Iterator[str]:
        """The My workbook page, in chunks: the course's exercises, with room for the learner's answers; `script` is the page's own JS."""
        checklists = {
            exercise.id: exercise
            for _, _, exercises in chapters
            for exercise in exercises
            if isinstance(exercise, Checklist)
        }
        return self.env.get_template("my-workbook.html").generate(
            chapters=chapters,
            namespace=namespace,
            checklists=_ChecklistContexts(checklists),
            script=script,
        )

    def render_debrief(
        self, exercises: Iterable[Exercise], namespace: str, min_people: int, scripts: Iterable[str] = ()
    ) -> str:
        """The facilitator's debrief page (debrief.html): every checklist of `exercises` with how it is scored, and the
        worksheets' text fields a participant may share; `scripts` are the page's own JS, in order."""
        exercises = list(exercises)
        checklists = [exercise for exercise in exercises if isinstance(exercise, Checklist)]
        texts = [
            (exercise, field)
            for exercise in exercises
            if exercise.kind == "worksheet"
            for field in exercise.fields
            if field.type in ("text", "long-text")
        ]
        return self.env.get_template("debrief.html").render(
            checklists=checklists,
            keys={checklist.id: scoring_key(checklist) for checklist in checklists},
            texts=texts,
            namespace=namespace,
            min_people=min_people,
            scripts=list(scripts),
        )

    def render_print_pack(
        self,
        title: str,
        sheets: Iterable[tuple[str, Exercise]],
        namespace: str,
        handouts: list[Handout] | None = None,
        later: Callable[[Callable[[], Iterable[str]]], str] | None = None,
    ) -> str:
        """Exercises to print one to a sheet, each under its subtitle: the whole workbook, or a workshop's
        handouts (blank, with the copies to make). Always the learner's edition: paper goes to learners.

        `later` is given a function that renders the sheets (print-sheets.html) in chunks, and says what
        to put in the pack for them: the host's placeholder, say, so that a pack of every exercise is
        written one sheet at a time, never held whole. By default the sheets are rendered now."""
        pages = _Pages(self, sheets, namespace)

        def chunks() -> Iterable[str]:
            return self.env.get_template("print-sheets.html").generate(pages=pages)

        html = later(chunks) if later else "".join(chunks())
        return self.env.get_template("print-pack.html").render(title=title, handouts=handouts, sheets=Markup(html))

    def duration(self, minutes: int) -> str:
        """'1 h 30 min', '45 min', as the language writes them."""
        hours, rest = divmod(minutes, 60)
        if hours and rest:
            return self.catalogue.text("duration.hours_minutes", hours=hours, minutes=rest)
        if hours:
            return self.catalogue.text("duration.hours", hours=hours)
        return self.catalogue.text("duration.minutes", minutes=rest)

    def day_title(self, day: DayPlan) -> str:
        """The plan's title of a day, or "Day 2" in the site's language (the model's own is English)."""
        return day.day.title or self.catalogue.text("workshop.day", number=day.number)

    def slot_title(self, slot: Slot) -> str:
        if slot.item.title or slot.exercise is not None:
            return slot.title
        activity = slot.item.activity or ""
        return self.catalogue.text(f"activity.{activity}") if activity in ACTIVITY_TITLES else ""

    def slot_format(self, slot: Slot) -> str:
        """How an item is worked: 'in pairs', 'whole group'; nothing for a break."""
        if slot.exercise is not None:
            return self.catalogue.text(f"workshop.format.{slot.exercise.format}")
        return "" if slot.is_pause else self.catalogue.text("workshop.format.whole")

    def render_missing(self, kind: str, exercise_id: str, message: str) -> str:
        """The box shown in place of an exercise that cannot be rendered."""
        return self.env.get_template("missing.html").render(kind=kind, exercise_id=exercise_id, message=message)


def _seen_everywhere(exercise: Exercise, instance: Instance) -> dict[str, object]:
    return {"exercise": exercise, "uid": instance.uid, "namespace": instance.namespace}


class _Pages:
    """A print pack's sheets as the templates go through them: (subtitle, subtitle id, HTML, title). Worked out
    afresh each time, each sheet's HTML rendered only when it is written out, so that a pack of every
    exercise holds no more than one sheet at a time."""

    def __init__(self, renderer: Renderer, sheets: Iterable[tuple[str, Exercise]], namespace: str):
        self._renderer, self._sheets, self._namespace = renderer, sheets, namespace

    def __iter__(self) -> Iterator[tuple[str, str, _Rendered, str]]:
        seen: Counter[str] = Counter()
        for subtitle, exercise in self._sheets:
            seen[exercise.id] += 1
            uid = uid_for(exercise.id, seen[exercise.id])
            instance = Instance(uid, 2, self._namespace, context_id=f"{uid}-sheet")
            yield (
                subtitle,
                instance.context_id,
                _Rendered(functools.partial(self._renderer.render, exercise, instance, "")),
                exercise.title,
            )


class _ChecklistContexts(Mapping[str, dict[str, object]]):
    """Checklists' contexts (rendering/scores.py) by exercise id, worked out as the page asks for each: My workbook
    goes through every checklist of the course, and need not hold all their keys at once."""

    def __init__(self, checklists: dict[str, Checklist]):
        self._checklists = checklists

    def __getitem__(self, exercise_id: str) -> dict[str, object]:
        return checklist_context(self._checklists[exercise_id])

    def __iter__(self) -> Iterator[str]:
        return iter(self._checklists)

    def __len__(self) -> int:
        return len(self._checklists)


class _Rendered:
    """HTML rendered when a template writes it out (autoescaping asks for `__html__`), not before."""

    __slots__ = ("_render",)

    def __init__(self, render: Callable[[], str]):
        self._render = render

    def __html__(self) -> str:
        return self._render()
