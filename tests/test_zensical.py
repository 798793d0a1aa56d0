"""The course built with Zensical (which runs Markdown extensions, not MkDocs plugins), after `workbook zensical`:
both editions, in Chromium as a learner uses it, problems failing the build with file and line, YAML edits seen."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import ROOT, run_mkdocs, serve, watched_page
from .test_browser import all_answers, export_file

# Pinned: a Zensical release must not change what this suite checks without a commit saying so. 0.0.73 is the newest
# the package index here has (0.1.x needs zensical-ui). Zensical installs beside MkDocs without a conflict, but the
# test environment holds MkDocs plugins Zensical does not run: its own environment (ignored by git), made once and
# kept, with the package installed from this checkout, shows what an author who left MkDocs has.
ZENSICAL = "zensical==0.0.73"
ZENSICAL_ENV = ROOT / ".venv-zensical"
NAMESPACE = "professional-relationships"


@pytest.fixture(scope="session")
def zensical_bin() -> Path:
    """The environment's bin folder, with `zensical` and `workbook`."""
    python = ZENSICAL_ENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(ZENSICAL_ENV)], check=True)
    check = "import zensical, workbook, babel; print(zensical.version(), workbook.__file__)"
    found = subprocess.run([str(python), "-c", check], capture_output=True, text=True)
    wanted = f"{ZENSICAL.split('==')[1]} {ROOT / 'plugins' / 'workbook' / '__init__.py'}"
    if found.stdout.strip() != wanted:
        pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        # Babel: the package's one dependency Zensical does not bring (plural rules and numbers, messages.py).
        subprocess.run([*pip, ZENSICAL, "Babel"], check=True)
        # The extension and the command need no MkDocs: Zensical's own dependencies and Babel are theirs.
        subprocess.run([*pip, "--no-deps", "-e", str(ROOT)], check=True)
    return ZENSICAL_ENV / "bin"


def run(bin_dir: Path, project: Path, *command: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(
        [str(bin_dir / command[0]), *command[1:]], cwd=project, capture_output=True, text=True, env=env
    )


def copy_course(target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for folder in ("content", "exercises", "workshops"):
        shutil.copytree(ROOT / folder, target / folder)
    for config in ("mkdocs.yml", "mkdocs.facilitator.yml"):
        shutil.copy(ROOT / config, target / config)
    return target


@pytest.fixture(scope="session")
def zensical_course(zensical_bin: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's course, prepared by `workbook zensical` for both editions and built with --strict."""
    project = copy_course(tmp_path_factory.mktemp("zensical") / "course")
    for config in ("mkdocs.yml", "mkdocs.facilitator.yml"):
        prepared = run(zensical_bin, project, "workbook", "zensical", "-f", config)
        assert prepared.returncode == 0, prepared.stderr
        built = run(zensical_bin, project, "zensical", "build", "--strict", "-f", config)
        assert built.returncode == 0, built.stdout + built.stderr
    return project


@pytest.fixture(scope="session")
def zensical_url(zensical_course: Path) -> Iterator[str]:
    url, server = serve(zensical_course / "site")
    yield url
    server.shutdown()
    server.server_close()


def ids(html: str, attribute: str) -> list[str]:
    return list(dict.fromkeys(re.findall(f'{attribute}="([^"]+)"', html)))


def test_both_editions_build_and_only_the_facilitators_has_facilitator_pages(zensical_course):
    learner, facilitator = zensical_course / "site", zensical_course / "site-facilitator"
    assert not (learner / "facilitator").exists()
    assert '"location":"facilitator/' not in (learner / "search.json").read_text()
    assert (facilitator / "facilitator" / "index.html").is_file()
    for workshop in (ROOT / "workshops").glob("*.yml"):
        folder = facilitator / "facilitator" / "workshops" / workshop.stem
        agenda = (folder / "index.html").read_text()
        assert "workbook-agenda" in agenda and "unknown workshop" not in agenda
        assert 'href="run-sheet/"' in agenda and 'href="handouts/"' in agenda
        assert "workbook-runsheet-table" in (folder / "run-sheet" / "index.html").read_text()
        assert 'data-workbook-exercise="' in (folder / "handouts" / "index.html").read_text()
        index = (facilitator / "facilitator" / "workshops" / "index.html").read_text()
        assert f'href="{workshop.stem}/"' in index
    notes = (facilitator / "networking-goals" / "index.html").read_text()
    assert "workbook-facilitator" in notes
    assert "workbook-facilitator" not in (learner / "networking-goals" / "index.html").read_text()


def test_my_workbook_and_the_print_pack_hold_what_mkdocs_puts_in_them(zensical_course, course_site):
    """The same exercises in the same order as the MkDocs plugin's pages (course_site: the course built by MkDocs)."""
    for page, attribute in (("my-workbook", "data-workbook-summary"), ("print", "data-workbook-exercise")):
        expected = ids((course_site / page / "index.html").read_text(), attribute)
        assert len(expected) > 20
        for site in ("site", "site-facilitator"):
            assert ids((zensical_course / site / page / "index.html").read_text(), attribute) == expected, (page, site)


def test_running_the_command_again_changes_nothing(zensical_bin, zensical_course):
    before = {path: path.read_bytes() for path in zensical_course.glob("*.yml")}
    again = run(zensical_bin, zensical_course, "workbook", "zensical")
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == "mkdocs.yml: ready for Zensical (nothing to change)"
    assert {path: path.read_bytes() for path in zensical_course.glob("*.yml")} == before


def test_a_learner_saves_scores_and_finds_every_exercise_in_my_workbook(browser, zensical_url, tmp_path):
    with watched_page(browser) as page:
        page.goto(zensical_url + "/networking-goals/")
        page.fill("#wb-career-aims-aim", "Lead a design team")
        assert page.text_content("#wb-career-aims [data-workbook-status]").startswith("Saved in this browser at ")
        page.reload()
        assert page.input_value("#wb-career-aims-aim") == "Lead a design team"
        checklist = page.locator("[data-workbook-exercise='goal-quality-check']")
        checklist.locator("input[type=radio], input[type=checkbox]").first.check()
        assert re.search(r"\d", checklist.locator("[data-workbook-score]").text_content())

        page.click("a[href$='my-workbook/']")
        page.wait_for_selector("[data-workbook-my-workbook]")
        cards = page.eval_on_selector_all(
            "[data-workbook-summary]", "cards => cards.map(c => c.dataset.workbookSummary)"
        )
        assert len(set(cards)) > 20 and "career-aims" in cards
        card = page.locator("[data-workbook-summary='career-aims']")
        assert "Lead a design team" in card.locator("[data-workbook-answer='aim']").text_content()

        before = all_answers(page)
        exported = export_file(page, "export", tmp_path)
        assert json.loads(exported.read_text())["course"] == NAMESPACE
        page.click("[data-workbook-action='clear']")
        page.click("[data-workbook-clear='yes']")
        assert all_answers(page) == {}
        page.set_input_files("input[data-workbook-action='import']", str(exported))
        page.locator("[data-workbook-import-preview]").wait_for(state="visible")
        page.click("[data-workbook-import='keep']")
        assert all_answers(page) == before


def test_the_print_pack_has_every_sheet_in_chromium(browser, zensical_url, zensical_course):
    expected = ids((zensical_course / "site" / "my-workbook" / "index.html").read_text(), "data-workbook-summary")
    with watched_page(browser) as page:
        page.goto(zensical_url + "/print/")
        sheets = page.eval_on_selector_all(
            ".workbook-pack [data-workbook-exercise]", "sheets => sheets.map(s => s.dataset.workbookExercise)"
        )
        assert list(dict.fromkeys(sheets)) == expected


SMALL_CONFIG = """\
site_name: Small course
docs_dir: content
theme:
  name: material
  font: false
plugins:
  - workbook:
      storage_namespace: small
"""


@pytest.fixture
def small(zensical_bin: Path, tmp_path: Path) -> Path:
    (tmp_path / "content").mkdir()
    (tmp_path / "mkdocs.yml").write_text(SMALL_CONFIG)
    (tmp_path / "content" / "index.md").write_text("# Home\n\n/// worksheet | career-aims\n///\n")
    shutil.copytree(ROOT / "exercises" / "03-goals", tmp_path / "exercises")
    prepared = run(zensical_bin, tmp_path, "workbook", "zensical")
    assert prepared.returncode == 0, prepared.stderr
    return tmp_path


def test_an_unknown_exercise_id_fails_the_build_with_file_and_line(zensical_bin, small):
    (small / "content" / "goals.md").write_text(
        "---\ntitle: Goals\n---\n\n# Goals\n\n/// worksheet | career-aimz\n///\n"
    )
    built = run(zensical_bin, small, "zensical", "build")
    assert built.returncode != 0
    assert "content/goals.md:7: unknown exercise id 'career-aimz' (did you mean 'career-aims'?)" in built.stderr


def test_a_yaml_edit_is_in_the_next_build(zensical_bin, small):
    built = run(zensical_bin, small, "zensical", "build", "--strict")
    assert built.returncode == 0, built.stdout + built.stderr
    exercise = small / "exercises" / "career-aims.yml"
    exercise.write_text(exercise.read_text().replace("title: From career aim", "title: Edited, from career aim"))
    # Zensical compares whole seconds of the watched files' times: an edit in the same second would look unchanged.
    stat = exercise.stat()
    os.utime(exercise, (stat.st_atime, stat.st_mtime + 2))
    built = run(zensical_bin, small, "zensical", "build", "--strict")
    assert built.returncode == 0, built.stdout + built.stderr
    assert "Edited, from career aim" in (small / "site" / "index.html").read_text()
    assert "Edited, from career aim" in (small / "site" / "my-workbook" / "index.html").read_text()


@pytest.mark.parametrize("config", ["mkdocs.yml", "mkdocs.facilitator.yml"])
def test_the_prepared_course_still_builds_with_mkdocs(zensical_course, config, tmp_path):
    """An author can go back: the plugin takes the extension's entry and the written pages as its own."""
    built = run_mkdocs(zensical_course, "build", "--strict", "-f", config, "--site-dir", str(tmp_path / "site"))
    assert built.returncode == 0, built.stderr
    assert "DeprecationWarning" not in built.stderr
    expected = ids((zensical_course / "site" / "my-workbook" / "index.html").read_text(), "data-workbook-summary")
    assert ids((tmp_path / "site" / "my-workbook" / "index.html").read_text(), "data-workbook-summary") == expected


def test_the_command_adds_lines_and_keeps_comments_tags_and_the_authors_pages(tmp_path):
    """Without Zensical: what `workbook zensical` does to a config with tags, flow lists, INHERIT and an own page."""
    from workbook.standalone.project import MARK, prepare

    (tmp_path / "docs").mkdir()
    (tmp_path / "exercises").mkdir()
    (tmp_path / "docs" / "print.md").write_text("# My own print page\n\n/// print-pack\n///\n")
    base = """\
site_name: Tagged course   # a comment
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji   # a tag that must stay
  # a comment between items
  - workbook:
      edition: old
extra_css: [custom.css]
plugins:
  - workbook:
      storage_namespace: tagged
"""
    (tmp_path / "mkdocs.yml").write_text(base)
    other = "INHERIT: mkdocs.yml\nsite_dir: other\nplugins:\n  - workbook:\n      edition: facilitator\n"
    (tmp_path / "other.yml").write_text(other)
    changed = prepare(tmp_path / "mkdocs.yml")
    assert "kept docs/print.md: your own page (it does not have the line this command writes)" in changed
    assert MARK in (tmp_path / "docs" / "my-workbook.md").read_text()
    assert (tmp_path / "docs" / "print.md").read_text().startswith("# My own print page")
    text = (tmp_path / "mkdocs.yml").read_text()
    for kept in ("# a comment\n", "!!python/name:material.extensions.emoji.twemoji   # a tag", "# a comment between"):
        assert kept in text
    assert "edition: old" not in text and "storage_namespace: tagged" in text.split("plugins:")[0]
    assert "workbook/workbook.css" in text and "custom.css" in text and "/facilitator/" in text
    assert prepare(tmp_path / "mkdocs.yml") == [
        "kept docs/print.md: your own page (it does not have the line this command writes)"
    ]

    prepare(tmp_path / "other.yml")
    inherited = (tmp_path / "other.yml").read_text()
    # INHERIT does not merge lists: the file gets the whole list, copied with its tag.
    assert inherited.startswith(other)
    assert "!!python/name:material.extensions.emoji.twemoji" in inherited and "edition: facilitator" in inherited
    assert "exclude_docs: ''" in inherited  # the facilitator's pages are in this edition
