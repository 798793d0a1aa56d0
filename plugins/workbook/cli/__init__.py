"""The `workbook` command: validate course files, scaffold exercises, list what is used where, print PDF packs."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict
from pathlib import Path

import click

from ..blocks.extension import block_problem
from ..blocks.headers import scan_headers
from ..errors import Problem
from ..model.schema import SCHEMA_DIR
from ..model.types import ID_PATTERN, Exercise, Workshop
from ..reading.loader import ExerciseSet, load_exercise_file, load_exercises, load_workshop_file, load_workshops
from ..reading.translations import translate, translation_languages

__all__ = ["main"]

SCAFFOLDS = {
    "worksheet": """\
id: {id}
kind: worksheet
title: A title for the learner
intro: |
  What to do and why, in a few sentences of Markdown.
minutes: 15
format: solo
fields:
  - id: reflection
    type: long-text
    label: Your first question
    lines: 5
facilitator:
  setup: How to set up the room or call.
  materials: [Printed worksheet per person, Pens]
  steps:
    - minutes: 10
      activity: Everyone works alone.
    - minutes: 5
      activity: Pairs compare one answer.
  debrief:
    - A question to ask afterwards?
  variations:
    - "Online: a way to run it on a call."
""",
    "checklist": """\
id: {id}
kind: checklist
title: A title for the learner
intro: Rate how often each statement is true for you.
minutes: 10
format: solo
scale:
  type: likert
  min: 1
  max: 5
  labels: {{1: Never, 2: Rarely, 3: Sometimes, 4: Often, 5: Always}}
items:
  - id: first-statement
    text: I do the first thing.
  - id: second-statement
    text: I do the second thing.
bands:
  - {{from: 2, to: 5, label: Getting started, advice: What to try first.}}
  - {{from: 6, to: 10, label: Well on your way, advice: What to try next.}}
facilitator:
  setup: How to set up the room or call.
  materials: [Printed checklist per person]
  steps:
    - minutes: 10
      activity: Everyone rates themselves alone.
  debrief:
    - Which statement surprised you?
  variations:
    - "Large groups: collect anonymous totals to show the spread."
""",
    "workshop": """\
id: {id}
title: A title for the workshop
audience: Who it is for
group_size: 12
intro: What participants take away, in a few sentences of Markdown.
days:
  - start: "09:00"
    end: "12:00"
    sessions:
      - title: Opening
        items:
          - {{activity: welcome, minutes: 15, title: Welcome and round of names}}
          - {{activity: input, minutes: 10, title: Why this matters}}
      - title: Practice
        items:
          # - exercise: an-exercise-id      (minutes come from the exercise unless you give them)
          - {{activity: discussion, minutes: 20, title: What will you try first?}}
          - {{activity: break, minutes: 15, at: "10:30"}}
          - {{activity: wrap-up, minutes: 15}}
""",
}


def _load(exercises: str, workshops: str) -> ExerciseSet:
    course = load_exercises(Path(exercises), Path.cwd())
    load_workshops(Path(workshops), course, Path.cwd())
    return course


@click.group()
def main() -> None:
    """Author tools for mkdocs-workbook courses. Run them from the folder that holds mkdocs.yml."""


def _chapter_problems(content: Path, course: ExerciseSet) -> list[Problem]:
    """What a build would warn about in the chapters' blocks: malformed headers, unknown ids, the wrong kind."""
    problems = []
    for page in sorted(content.rglob("*.md")):
        for header in scan_headers(page.read_text(encoding="utf-8")):
            message = header.problem or block_problem(header.name, header.argument, course.exercises, course.workshops)
            if message is not None:
                problems.append(Problem(page.as_posix(), header.line, "", message, severity="warning"))
    return problems


def _count(number: int, thing: str) -> str:
    return f"{number} {thing}" if number == 1 else f"{number} {thing}s"


@main.command()
@click.option("--exercises", default="exercises", show_default=True, help="Folder of exercise files.")
@click.option("--workshops", default="workshops", show_default=True, help="Folder of workshop plans.")
@click.option("--content", default="content", show_default=True, help="The docs folder with the chapters.")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--strict", is_flag=True, help="Fail on warnings too, like `mkdocs build --strict`.")
def validate(exercises: str, workshops: str, content: str, output: str, strict: bool) -> None:
    """Check every exercise and workshop file and the blocks of every chapter; list all problems at once.

    Exit code 0 when clean, 1 when there are errors (or warnings with --strict).
    """
    course = _load(exercises, workshops)
    problems = course.problems + (_chapter_problems(Path(content), course) if Path(content).is_dir() else [])
    # Each language the exercises have translations into: every translation keeps its exercise's ids, and an
    # exercise without one is named (a build of that language would warn).
    if not course.errors and Path(exercises).is_dir():
        for language in translation_languages(Path(exercises)):
            problems += translate(course, language, Path.cwd()).problems
    errors = [problem for problem in problems if problem.severity == "error"]
    warnings = len(problems) - len(errors)
    failed = bool(errors or (strict and warnings))
    if output == "json":
        report = {
            "ok": not failed,
            "exercises": len(course.exercises),
            "workshops": len(course.workshops),
            "problems": [asdict(problem) for problem in problems],
        }
        click.echo(json.dumps(report, indent=2))
    else:
        for problem in problems:
            click.echo(f"{problem.severity}: {problem}", err=problem.severity == "error")
        click.echo(
            f"{_count(len(course.exercises), 'exercise')} and {_count(len(course.workshops), 'workshop plan')} valid; "
            f"{_count(len(errors), 'error')}, {_count(warnings, 'warning')}"
        )
    sys.exit(1 if failed else 0)


# Where `workbook new` keeps the JSON Schemas in a project, for editors to find (relative to the folder it runs in).
PROJECT_SCHEMAS = Path("schemas")


def _project_schema(name: str) -> Path:
    """The project's copy of a shipped schema, written or brought up to date: a path valid on every machine that
    checks the project out (the installed package's path is not)."""
    shipped = (SCHEMA_DIR / name).read_text(encoding="utf-8")
    target = PROJECT_SCHEMAS / name
    if not target.is_file() or target.read_text(encoding="utf-8") != shipped:
        PROJECT_SCHEMAS.mkdir(exist_ok=True)
        target.write_text(shipped, encoding="utf-8")
        click.echo(f"Wrote {target} (the schema your editor checks the file against).")
    return target


@main.command()
@click.argument("kind", type=click.Choice(sorted([*SCAFFOLDS, "workshop"])))
@click.argument("new_id", metavar="ID")
@click.option("--exercises", default="exercises", show_default=True, help="Folder for a new exercise.")
@click.option("--workshops", default="workshops", show_default=True, help="Folder for a new workshop plan.")
def new(kind: str, new_id: str, exercises: str, workshops: str) -> None:
    """Write a valid starting file for a new worksheet, checklist or workshop plan.

    The file names its JSON Schema (kept in schemas/, brought up to date each time), so that an editor with YAML
    support completes and checks it as you type.
    """
    if not ID_PATTERN.fullmatch(new_id):
        raise click.BadParameter("use lowercase letters, digits and single '-' or '_' between them", param_hint="ID")
    course = _load(exercises, workshops) if Path(exercises).is_dir() else ExerciseSet()
    existing = course.workshops if kind == "workshop" else course.exercises
    if new_id in existing:
        raise click.ClickException(f"'{new_id}' already exists in {existing[new_id].source}")
    folder = Path(workshops if kind == "workshop" else exercises)
    target = folder / f"{new_id}.yml"
    if target.exists():
        raise click.ClickException(f"{target} already exists")
    schema = _project_schema("workshop.schema.json" if kind == "workshop" else "exercise.schema.json")
    folder.mkdir(parents=True, exist_ok=True)
    relative = os.path.relpath(schema.resolve(), folder.resolve())
    target.write_text(
        f"# yaml-language-server: $schema={Path(relative).as_posix()}\n" + SCAFFOLDS[kind].format(id=new_id),
        encoding="utf-8",
    )
    loaded: Exercise | Workshop | None
    if kind == "workshop":
        loaded, problems = load_workshop_file(target, str(target), course.exercises)
    else:
        loaded, problems = load_exercise_file(target, str(target))
    assert loaded is not None and not problems, problems  # a scaffold that does not load is our bug
    if kind == "workshop":
        click.echo(f"Wrote {target}. The facilitator's edition shows its agenda at facilitator/workshops/{new_id}/.")
    else:
        click.echo(f"Wrote {target}. Embed it in a chapter with:\n\n/// {kind} | {new_id}\n///")


@main.command("list")
@click.option("--exercises", default="exercises", show_default=True)
@click.option("--workshops", default="workshops", show_default=True)
@click.option("--content", default="content", show_default=True, help="The docs folder with the chapters.")
def list_exercises(exercises: str, workshops: str, content: str) -> None:
    """Every exercise: kind, minutes, format, and the chapters that embed it; then the unused ones."""
    course = _load(exercises, workshops)
    used: dict[str, list[str]] = {}
    for page in sorted(Path(content).rglob("*.md")):
        for header in scan_headers(page.read_text(encoding="utf-8")):
            if header.is_exercise:
                used.setdefault(header.argument, []).append(f"{page.as_posix()}:{header.line}")
    rows = [("id", "kind", "min", "format", "used in")]
    rows += [
        (e.id, e.kind, str(e.minutes), e.format, ", ".join(used.get(e.id, [])) or "-")
        for e in course.exercises.values()
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        # The first four columns padded; zip stops there, and the last column follows unpadded.
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)) + "  " + row[4])
    unused = [e for e in course.exercises if e not in used]
    click.echo(
        f"\n{len(course.exercises)} exercises, {len(unused)} unused" + (f": {', '.join(unused)}" if unused else "")
    )
    unknown = sorted(set(used) - set(course.exercises))
    if unknown:
        click.echo(f"Embedded but not defined: {', '.join(unknown)}")
    if course.errors:
        click.echo(f"{len(course.errors)} files have errors: run `workbook validate`", err=True)


@main.command()
@click.option(
    "-f",
    "--config-file",
    default="mkdocs.yml",
    show_default=True,
    help="The course's MkDocs configuration (mkdocs.facilitator.yml adds the workshops' handouts and run-sheets).",
)
@click.option(
    "-o",
    "--out",
    default="pdf",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write the PDF files into.",
)
@click.option("--chapters", is_flag=True, help="Print every chapter as well, into OUT/chapters/.")
@click.option(
    "--answers",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A learner's export (from My workbook): print the workbook filled in with it.",
)
@click.option("--browser", help="Chromium or Chrome to print with (default: the first found on PATH).")
@click.option(
    "--language",
    help="With mkdocs-static-i18n, the language to print (a code such as fr; default: the site's default language).",
)
def pdf(
    config_file: str, out: Path, chapters: bool, answers: Path | None, browser: str | None, language: str | None
) -> None:
    """Print the course's packs to PDF with headless Chromium.

    Writes workbook.pdf (every worksheet and checklist, one to a sheet; blank, or filled in
    with --answers) and, for a facilitator's edition, each workshop's handouts and run-sheet.
    Paper size and margins come from the plugin's paper_size and paper_margin options.
    """
    from .pdf import PdfError, make_pdfs

    try:
        written = make_pdfs(
            config_file,
            out,
            chapters=chapters,
            browser=browser,
            answers=answers,
            language=language,
            say=lambda line: click.echo(line, err=True),
        )
    except PdfError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"{len(written)} PDF files in {out}/")


@main.command()
@click.option(
    "-f",
    "--config-file",
    default="mkdocs.yml",
    show_default=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The configuration Zensical builds from; run it once per edition (mkdocs.facilitator.yml too).",
)
def zensical(config_file: Path) -> None:
    """Make the course build with Zensical, which runs Markdown extensions but not MkDocs plugins.

    Writes into the docs folder what the plugin would generate (the assets, the paper stylesheet, the My workbook
    and print pages, in the facilitator's edition the workshop pages) and adds to the config file the workbook
    extension, the stylesheets and script, the pages to the nav, exclude_docs and watch. Safe to run again: it
    says what it changed. Run it again after adding or removing a workshop plan, or changing the plugin's options.
    """
    from ..errors import WorkbookError
    from ..standalone.project import prepare

    try:
        changed = prepare(config_file)
    except WorkbookError as error:
        raise click.ClickException(str(error)) from None
    for line in changed:
        click.echo(line)
    click.echo(f"{config_file}: ready for Zensical" + ("" if changed else " (nothing to change)"))
