"""The `workbook` command as an author or a CI job runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT, Project


def workbook(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).with_name("workbook")
    return subprocess.run([str(script), *args], cwd=cwd, capture_output=True, text=True)


def test_validate_passes_on_the_course():
    result = workbook(ROOT, "validate", "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 errors, 0 warnings" in result.stdout


def test_validate_lists_every_problem_and_fails(project: Project):
    project.write(
        "exercises/a.yml", "id: a\nkind: worksheet\ntitle: A\nminutes: five\nfields: [{id: a, type: text, label: A}]\n"
    )
    project.write(
        "exercises/b.yml", "id: b\nkind: worksheet\ntitle: B\nminutes: 5\nfields: [{id: a, type: txt, label: A}]\n"
    )
    result = workbook(project.path, "validate")
    assert result.returncode == 1
    assert "error: exercises/a.yml:4: minutes: expected a whole number, got 'five'" in result.stderr
    assert "error: exercises/b.yml:5: fields[0].type: unknown field type 'txt'" in result.stderr
    assert "Traceback" not in result.stderr


def test_validate_json_for_ci(project: Project):
    project.write(
        "exercises/a.yml", "id: a\nkind: worksheet\ntitel: A\nminutes: 5\nfields: [{id: a, type: text, label: A}]\n"
    )
    result = workbook(project.path, "validate", "--format", "json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False and report["exercises"] == 2
    assert report["problems"] == [
        {
            "path": "exercises/a.yml",
            "line": 3,
            "field": "titel",
            "severity": "error",
            "suggestion": "title",
            "message": "unknown key; expected one of: id, title, intro, minutes, format, handout, facilitator, kind, fields",
        }
    ]


def test_warnings_fail_only_with_strict(project: Project):
    project.write(
        "exercises/slow.yml",
        "id: slow\nkind: worksheet\ntitle: S\nminutes: 1\nfields: [{id: a, type: text, label: A}]\nfacilitator:\n  steps: [{minutes: 3, activity: Talk}]\n",
    )
    assert workbook(project.path, "validate").returncode == 0
    assert workbook(project.path, "validate", "--strict").returncode == 1


def test_new_scaffolds_valid_files_that_build(project: Project):
    for kind, exercise_id in (("worksheet", "my-sheet"), ("checklist", "my-check")):
        result = workbook(project.path, "new", kind, exercise_id)
        assert result.returncode == 0, result.stderr
        assert f"/// {kind} | {exercise_id}" in result.stdout
        text = (project.path / "exercises" / f"{exercise_id}.yml").read_text()
        assert text.startswith("# yaml-language-server: $schema=../schemas/exercise.schema.json\n")
    project.write("content/new.md", "# New\n\n/// worksheet | my-sheet\n///\n\n/// checklist | my-check\n///\n")
    assert project.build().returncode == 0
    again = workbook(project.path, "new", "worksheet", "my-sheet")
    assert again.returncode == 1 and "already exists" in again.stderr
    assert workbook(project.path, "new", "worksheet", "Not An Id").returncode == 2


def test_list_shows_where_each_exercise_is_used_and_what_is_unused(project: Project):
    workbook(project.path, "new", "worksheet", "spare")
    result = workbook(project.path, "list")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert any(line.startswith("first-conversation") and "content/index.md:3" in line for line in lines)
    assert "3 exercises, 1 unused: spare" in result.stdout


def test_validate_reports_what_a_build_would_in_the_chapters_and_counts_in_words(project: Project):
    project.write(
        "content/chapter.md",
        "---\ntitle: C\n---\n# C\n\n/// worksheet | first-conversaton\n///\n\n/// checklist | first-conversation\n///\n\n/// worksheeet | first-conversation\n///\n",
    )
    result = workbook(project.path, "validate")
    assert result.returncode == 0, result.stderr  # warnings, as in a build without --strict
    assert result.stdout.splitlines() == [
        "warning: content/chapter.md:6: unknown exercise id 'first-conversaton' (did you mean 'first-conversation'?)",
        "warning: content/chapter.md:9: 'first-conversation' is a worksheet, not a checklist; write /// worksheet | first-conversation",
        "warning: content/chapter.md:12: unknown block 'worksheeet' (did you mean 'worksheet'?): write /// worksheet | first-conversation",
        "2 exercises and 0 workshop plans valid; 0 errors, 3 warnings",
    ]
    assert workbook(project.path, "validate", "--strict").returncode == 1
    build = project.build()
    for line in result.stdout.splitlines()[:3]:
        assert line.removeprefix("warning: ") in build.stderr
    project.write(
        "exercises/a.yml", "id: a\nkind: worksheet\ntitle: A\nminutes: five\nfields: [{id: a, type: text, label: A}]\n"
    )
    assert "1 error, 3 warnings" in workbook(project.path, "validate").stdout


def test_new_keeps_the_schemas_in_the_project_and_scaffolds_a_workshop_plan(project: Project):
    """The schema path an editor follows is inside the project (valid on every machine), kept current."""
    shipped = (ROOT / "plugins" / "workbook" / "schema" / "workshop.schema.json").read_text()
    project.write("schemas/exercise.schema.json", "{}")  # an older copy
    result = workbook(project.path, "new", "workshop", "first-morning")
    assert result.returncode == 0, result.stderr
    plan = (project.path / "workshops" / "first-morning.yml").read_text()
    assert plan.startswith("# yaml-language-server: $schema=../schemas/workshop.schema.json\n")
    assert (project.path / "schemas" / "workshop.schema.json").read_text() == shipped
    assert workbook(project.path, "new", "worksheet", "a-sheet").returncode == 0
    assert json.loads((project.path / "schemas" / "exercise.schema.json").read_text()) != {}
    project.write(
        "mkdocs.facilitator.yml", "INHERIT: mkdocs.yml\nplugins:\n  - workbook:\n      edition: facilitator\n"
    )
    assert project.build("-f", "mkdocs.facilitator.yml").returncode == 0
    assert (project.path / "site" / "facilitator" / "workshops" / "first-morning" / "index.html").is_file()
    again = workbook(project.path, "new", "workshop", "first-morning")
    assert again.returncode == 1 and "already exists" in again.stderr
