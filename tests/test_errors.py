"""Every bad input gets one clear file:line message, from the loader and from `mkdocs build --strict`."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from workbook import load_exercise_file

from .conftest import Project, new_project

CORPUS = sorted((Path(__file__).parent / "corpus" / "bad").glob("*.yml"))


def expected_message(path: Path) -> str:
    # After any byte-order marks: a file may start with one, or (by accident) several.
    first_line = path.read_bytes().lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0].decode("ascii")
    assert first_line.startswith("# expect: "), f"{path.name} must start with '# expect: <message>'"
    return first_line.removeprefix("# expect: ")


def test_the_corpus_is_big_enough():
    assert len(CORPUS) >= 15


@pytest.mark.parametrize("path", CORPUS, ids=[p.stem for p in CORPUS])
def test_loader_reports_exactly_the_expected_message(path: Path):
    exercise, problems = load_exercise_file(path, f"exercises/{path.name}")
    assert exercise is None
    assert [str(p) for p in problems] == [expected_message(path)]


@pytest.fixture(scope="module")
def corpus_build(tmp_path_factory: pytest.TempPathFactory) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` of a course with every file of the corpus in its exercises: a build lists every
    problem of every file at once, so one build shows each file's message as a build of that file alone would."""
    project = new_project(tmp_path_factory.mktemp("corpus"))
    for path in CORPUS:
        project.write(f"exercises/{path.name}", path.read_bytes())
    return project.build()


@pytest.mark.parametrize("path", CORPUS, ids=[p.stem for p in CORPUS])
def test_strict_build_fails_with_the_message_and_no_traceback(corpus_build, path: Path):
    output = corpus_build.stdout + corpus_build.stderr
    assert corpus_build.returncode != 0
    assert expected_message(path) in output
    assert "Traceback" not in output


def test_a_strict_build_of_one_bad_file_fails_with_its_message_alone(project: Project):
    """A build with one of the corpus's files: its message and no other problem."""
    path = CORPUS[0]
    project.write(f"exercises/{path.name}", path.read_bytes())
    result = project.build()
    assert result.returncode != 0
    assert expected_message(path) in result.stderr
    assert "1 problem in exercise or workshop files" in result.stderr, result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_duplicate_ids_across_files_name_both_files(project: Project):
    project.write(
        "exercises/copy/again.yml",
        "id: first-conversation\nkind: worksheet\ntitle: Again\nminutes: 5\nfields: [{id: a, type: text, label: A}]\n",
    )
    result = project.build()
    assert result.returncode != 0
    assert (
        "exercises/demo/first-conversation.yml:2: id: duplicate exercise id 'first-conversation'; "
        "it is already used by exercises/copy/again.yml:1"
    ) in result.stderr
    assert "Traceback" not in result.stderr


def test_all_problems_of_all_files_are_listed_at_once(project: Project):
    project.write(
        "exercises/a.yml", "id: a\nkind: worksheet\ntitle: A\nminutes: five\nfields: [{id: a, type: text, label: A}]\n"
    )
    project.write(
        "exercises/b.yml", "id: b\nkind: worksheet\ntitle: B\nminutes: 5\nfields: [{id: a, type: txt, label: A}]\n"
    )
    result = project.build()
    assert "2 problems in exercise or workshop files" in result.stderr
    assert "exercises/a.yml:4: minutes: expected a whole number, got 'five'" in result.stderr
    assert "exercises/b.yml:5: fields[0].type: unknown field type 'txt'" in result.stderr


def test_unknown_exercise_id_in_a_chapter_names_page_and_line(project: Project):
    project.write(
        "content/chapter.md", "---\ntitle: Chapter\n---\n# Chapter\n\nText.\n\n/// checklist | networking-habit\n///\n"
    )
    result = project.build()
    assert result.returncode != 0
    assert (
        "content/chapter.md:8: unknown exercise id 'networking-habit' (did you mean 'networking-habits'?)"
        in result.stderr
    )
    assert "Traceback" not in result.stderr


def test_unknown_id_without_strict_still_shows_a_visible_error_on_the_page(project: Project):
    project.write("content/chapter.md", "# Chapter\n\n/// worksheet | no-such-thing\n///\n")
    from .conftest import run_mkdocs

    result = run_mkdocs(project.path, "build")
    assert result.returncode == 0
    assert "WARNING" in result.stderr and "content/chapter.md:3: unknown exercise id 'no-such-thing'" in result.stderr
    html = project.html("chapter/index.html")
    assert 'data-workbook-missing="no-such-thing"' in html
    assert "This worksheet cannot be shown" in html


def test_a_block_of_the_wrong_kind_is_reported(project: Project):
    project.write("content/chapter.md", "# Chapter\n\n/// worksheet | networking-habits\n///\n")
    result = project.build()
    assert result.returncode != 0
    assert (
        "content/chapter.md:3: 'networking-habits' is a checklist, not a worksheet; write /// checklist | networking-habits"
        in result.stderr
    )


def test_warnings_from_exercise_files_fail_a_strict_build(project: Project):
    project.write(
        "exercises/slow.yml",
        "id: slow\nkind: worksheet\ntitle: S\nminutes: 1\nfields: [{id: a, type: text, label: A}]\nfacilitator:\n  steps: [{minutes: 3, activity: Talk}]\n",
    )
    result = project.build()
    assert result.returncode != 0
    assert (
        "exercises/slow.yml:7: facilitator.steps: the steps take 3 minutes but the exercise says minutes: 1"
        in result.stderr
    )


def test_a_huge_file_is_refused_with_its_size(project: Project):
    project.write("exercises/huge.yml", "id: huge\n" + "# padding\n" * 120_000)
    result = project.build()
    assert result.returncode != 0
    assert (
        "exercises/huge.yml:1: the file is 1,200,009 bytes; an exercise file may be at most 1,048,576" in result.stderr
    )


def test_a_missing_exercises_folder_is_reported(project: Project):
    project.write(
        "mkdocs.yml",
        "site_name: T\ndocs_dir: content\ntheme: {name: material, font: false}\nplugins:\n  - workbook:\n      exercises_dir: exercize\n",
    )
    result = project.build()
    assert result.returncode != 0
    assert "exercize:1: the exercises folder does not exist" in result.stderr


OVERRIDE = "site_name: T\ndocs_dir: content\ntheme: {name: material, font: false}\nplugins:\n  - workbook:\n      templates_dir: overrides\n"


@pytest.mark.parametrize(
    ("template", "text", "message"),
    [
        # A form's field, rendered once every page is converted.
        (
            "fields/text.html",
            "<p>{{ field.labl }}</p>\n",
            "overrides/fields/text.html:1: 'workbook.model.types.TextField object' has no attribute 'labl' (did you mean 'label'?)",
        ),
        (
            "fields/text.html",
            "<p>\n{{ feild.label }}</p>\n",
            "overrides/fields/text.html:2: 'feild' is undefined (did you mean 'field'?)",
        ),
        (
            "fields/text.html",
            '{% include "fields/slider.html" %}\n',
            "overrides/fields/text.html:1: template 'fields/slider.html' not found",
        ),
        # The exercise's title, rendered while the chapter's Markdown is converted.
        (
            "exercise.html",
            "{% block title %}<h2>{{ exercise.title }</h2>{% endblock %}\n",
            "overrides/exercise.html:1: unexpected '}'",
        ),
    ],
)
def test_a_broken_template_override_is_reported_by_file_and_line_without_a_traceback(
    project: Project, template: str, text: str, message: str
):
    project.write("mkdocs.yml", OVERRIDE)
    project.write(f"overrides/{template}", text)
    result = project.build()
    assert result.returncode != 0
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


MALFORMED = """\
---
title: Chapter
---
# Chapter

```markdown
/// worksheet | an-example-in-a-fence
///
```

/// worksheeet | first-conversation
///

/// worksheet first-conversation
///

/// checklist |
///

/// my-workbook | everything
///

/// details | Another extension's block is left alone
Text.
///

/// checklist | networking-habit
///
"""


def test_malformed_block_headers_are_warnings_with_their_lines(project: Project):
    project.write(
        "mkdocs.yml",
        project.path.joinpath("mkdocs.yml").read_text() + "markdown_extensions:\n  - pymdownx.blocks.details\n",
    )
    project.write("content/chapter.md", MALFORMED)
    result = project.build()
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    warnings = [line.removeprefix("WARNING -  ") for line in result.stderr.splitlines() if "content/chapter.md" in line]
    assert warnings == [
        "content/chapter.md:11: unknown block 'worksheeet' (did you mean 'worksheet'?): write /// worksheet | first-conversation",
        "content/chapter.md:14: 'worksheet first-conversation' is not a block header: write /// worksheet | first-conversation",
        "content/chapter.md:17: /// checklist needs an exercise id: write /// checklist | <exercise id>",
        "content/chapter.md:20: /// my-workbook takes no argument: write /// my-workbook",
        # The fenced example above does not shift the line of the real block.
        "content/chapter.md:27: unknown exercise id 'networking-habit' (did you mean 'networking-habits'?)",
    ]


def test_a_block_name_in_another_case_counts_everywhere_it_renders(project: Project):
    project.write(
        "content/index.md",
        "# Home\n\n/// Worksheet | first-conversation\n///\n\n/// CHECKLIST | networking-habits\n///\n",
    )
    assert project.build().returncode == 0
    assert 'data-workbook-exercise="first-conversation"' in project.html()
    for page in ("my-workbook/index.html", "print/index.html"):
        html = project.html(page)
        assert (
            'data-workbook-exercise="first-conversation"' in html
            or 'data-workbook-summary="first-conversation"' in html
        ), page
        assert (
            'data-workbook-exercise="networking-habits"' in html or 'data-workbook-summary="networking-habits"' in html
        ), page
