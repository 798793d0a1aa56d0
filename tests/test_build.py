"""Full `mkdocs build --strict` runs: the real course, overrides, and live reload under `mkdocs serve`."""

from __future__ import annotations

import gzip
import html
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import yaml
from workbook import load_exercises

from .conftest import MINIMAL_CONFIG, ROOT, Project, run_mkdocs

EXERCISE_HOOK = re.compile(r'data-workbook-exercise="([^"]+)"')
BEFORE_AFTER = "networking-confidence"


def course_chapters() -> list[str]:
    """The chapters in the learner's nav, in order, without the authors' section."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)
    return [next(iter(entry.values())) for entry in config["nav"] if isinstance(next(iter(entry.values())), str)]


def page_html(site: Path, chapter: str) -> str:
    page = "index.html" if chapter == "index.md" else f"{chapter.removesuffix('.md')}/index.html"
    return (site / page).read_text(encoding="utf-8")


def test_every_exercise_is_listed_in_its_chapters_table_of_contents(course_site: Path):
    for chapter in course_chapters():
        html = page_html(course_site, chapter)
        toc = html[html.index('data-md-component="toc"') :]
        for exercise_id in EXERCISE_HOOK.findall(html):
            assert f'href="#wb-{exercise_id}-title" class="md-nav__link"' in toc, (
                f"{chapter}: {exercise_id} is not in the table of contents"
            )


def test_no_facilitator_note_reaches_any_file_of_the_learners_site(course_site: Path):
    secrets = set()
    for exercise in load_exercises(ROOT / "exercises", ROOT).exercises.values():
        notes = exercise.facilitator
        secrets.update(text for text in (notes.setup, notes.notes, *notes.debrief, *notes.variations) if len(text) > 30)
        secrets.update(step.activity for step in notes.steps if len(step.activity) > 30)
    assert len(secrets) > 50
    # Compare on whitespace-folded text: Markdown may re-wrap a note but not hide it.
    fold = lambda text: " ".join(text.split())  # noqa: E731
    site_text = fold(
        "\n".join(p.read_text(encoding="utf-8", errors="ignore") for p in course_site.rglob("*") if p.is_file())
    )
    leaked = [s for s in secrets if fold(s) in site_text]
    assert leaked == []


def test_assets_are_shipped_and_linked_and_fonts_are_local(course_site: Path):
    assert (course_site / "workbook" / "workbook.js").is_file()
    for stylesheet in ("workbook.css", "print.css", "paper.css"):
        shipped = (course_site / "workbook" / stylesheet).read_text(encoding="utf-8")
        assert shipped and "/*" not in shipped and "\n" not in shipped.strip(), (
            f"{stylesheet} is shipped with its comments"
        )
    html = (course_site / "index.html").read_text(encoding="utf-8")
    assert 'src="workbook/workbook.js"' in html and 'href="workbook/workbook.css"' in html
    assert 'href="workbook/print.css"' in html and 'href="workbook/paper.css"' in html
    assert "fonts.googleapis" not in html and "fonts.gstatic" not in html


def test_my_workbook_script_is_loaded_by_that_page_only_and_chapters_stay_under_8_kb_of_js(course_site: Path):
    assert (course_site / "workbook" / "my-workbook.js").is_file()
    assert '<script src="../workbook/my-workbook.js"></script>' in (
        course_site / "my-workbook" / "index.html"
    ).read_text(encoding="utf-8")
    for chapter in course_chapters():
        html = page_html(course_site, chapter)
        assert "my-workbook.js" not in html
        ours = re.findall(r'<script src="(?:\.\./)*(workbook/[^"]+)"', html)
        assert ours == ["workbook/messages.en.js", "workbook/workbook.js"]  # the words of the site's language first
        packed = sum(
            len(gzip.compress((course_site / script).read_bytes(), compresslevel=9, mtime=0)) for script in ours
        )
        assert packed <= 8 * 1024, f"{chapter}: {packed} bytes of our JS, gzipped"


def test_storage_namespace_defaults_to_the_site_name(project: Project):
    assert project.build().returncode == 0
    assert 'data-workbook-namespace="test-course"' in project.html()


def test_templates_can_be_overridden_from_the_authors_folder(project: Project):
    project.write("mkdocs.yml", project.path.joinpath("mkdocs.yml").read_text() + "\n")
    project.write(
        "mkdocs.yml",
        "site_name: T\ndocs_dir: content\ntheme: {name: material, font: false}\nplugins:\n  - workbook:\n      templates_dir: overrides\n",
    )
    project.write("overrides/fields/text.html", '<p class="my-text">{{ field.label }} (custom)</p>\n')
    result = project.build()
    assert result.returncode == 0, result.stderr
    html = project.html()
    assert '<p class="my-text">Where will you meet new people? (custom)</p>' in html
    assert 'class="workbook-field workbook-field--long-text"' in html


def test_block_body_markdown_is_shown_above_the_form(project: Project):
    project.write("content/index.md", "# Home\n\n/// worksheet | first-conversation\nRead *this* first.\n///\n")
    assert project.build().returncode == 0
    html = project.html()
    assert html.index("<p>Read <em>this</em> first.</p>") < html.index('class="workbook-form"')


def test_an_exercise_in_a_blog_posts_excerpt_is_whole_on_the_blog_index(project: Project):
    """Material's blog converts its excerpts while it writes the index, after the plugin has rendered every page's
    exercises ahead and let go of the course: the course is loaded again and the excerpt's exercise is whole."""
    project.write("mkdocs.yml", MINIMAL_CONFIG.replace("plugins:\n", "plugins:\n  - blog\n"))
    project.write("content/blog/index.md", "# Blog\n")
    project.write(
        "content/blog/posts/first.md",
        "---\ndate: 2026-11-27\n---\n\n# A first post\n\n"
        "/// worksheet | first-conversation\n///\n\n<!-- more -->\n\nThe rest of the post.\n",
    )
    result = project.build()
    assert result.returncode == 0, result.stderr
    for page in ("blog/index.html", "blog/2026/11/27/a-first-post/index.html"):
        html = project.html(page)
        exercise = html[html.index('data-workbook-exercise="first-conversation"') :]
        exercise = exercise[: exercise.index("</section>")]
        assert exercise.count('name="where"') == 1 and 'class="workbook-actions"' in exercise, page
        assert "workbook-later" not in html, f"{page} kept a placeholder"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_reloads_when_an_exercise_file_changes(project: Project):
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project.path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:

        def fetch() -> str:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                return response.read().decode()

        deadline = time.monotonic() + 60
        while True:
            try:
                assert "Plan your next first conversation" in fetch()
                break
            except OSError:
                assert time.monotonic() < deadline, "mkdocs serve did not start"
                time.sleep(0.3)
        sheet = project.path / "exercises" / "demo" / "first-conversation.yml"
        sheet.write_text(
            sheet.read_text().replace("title: Plan your next first conversation", "title: Retitled while serving")
        )
        deadline = time.monotonic() + 60
        while "Retitled while serving" not in fetch():
            assert time.monotonic() < deadline, "the page did not change after the YAML file was edited"
            time.sleep(0.3)
    finally:
        server.terminate()
        server.wait(timeout=20)
        server.stderr.close()


def test_search_finds_exercise_titles_and_prose_but_not_every_form_control(course_site: Path):
    """Forms go into the pages after search has indexed them: the index stays the size of the prose."""
    docs = json.loads((course_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    titles = {doc["title"] for doc in docs}
    text = html.unescape(" ".join(doc["text"] for doc in docs))
    exercises = load_exercises(ROOT / "exercises").exercises.values()
    assert {exercise.title for exercise in exercises} <= titles
    prose = " ".join(path.read_text(encoding="utf-8") for path in (ROOT / "content").rglob("*.md"))
    controls = [f.label for e in exercises for f in getattr(e, "fields", ())] + [
        i.text for e in exercises for i in getattr(e, "items", ())
    ]
    assert len(controls) > 200
    assert [label for label in controls if label in text and label not in prose] == []
    assert not [doc["location"] for doc in docs if doc["location"].startswith(("my-workbook/", "print/"))]
    # ... and every form did go in, with no placeholder left behind.
    for page in course_site.rglob("*.html"):
        assert "workbook-later" not in page.read_text(encoding="utf-8"), page
    assert 'data-workbook-exercise="networking-confidence"' in (course_site / "index.html").read_text(encoding="utf-8")


def test_the_real_course_builds_strict_from_the_command_line():
    result = run_mkdocs(ROOT, "build", "--strict", "--site-dir", str(ROOT / ".pytest_cache" / "site-check"))
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr


def run_properdocs(project: Path, *args: str) -> subprocess.CompletedProcess[str]:

    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "properdocs", *args], cwd=project, capture_output=True, text=True, env=env
    )


def test_the_course_builds_with_properdocs_in_both_editions(tmp_path: Path):
    for config, site in (("mkdocs.yml", "learner"), ("mkdocs.facilitator.yml", "facilitator")):
        result = run_properdocs(ROOT, "build", "--strict", "-f", config, "--site-dir", str(tmp_path / site))
        assert result.returncode == 0, result.stderr
    assert 'data-workbook-exercise="networking-confidence"' in (tmp_path / "learner" / "index.html").read_text()
    # The pages written sheet by sheet after the build (on_post_build) are whole under ProperDocs too.
    pack = (tmp_path / "learner" / "print" / "index.html").read_text()
    assert (
        pack.count("data-workbook-sheet=") >= 27 and "workbook-later" not in pack and pack.rstrip().endswith("</html>")
    )
    assert "data-workbook-summary=" in (tmp_path / "learner" / "my-workbook" / "index.html").read_text()
    assert (tmp_path / "facilitator" / "facilitator" / "workshops" / "two-day-programme" / "index.html").is_file()
    assert "Facilitator notes" not in (tmp_path / "learner" / "index.html").read_text()


def test_properdocs_reports_author_mistakes_without_a_traceback(project: Project):
    project.write(
        "exercises/x.yml", "id: x\nkind: worksheet\ntitle: X\nminutes: five\nfields: [{id: a, type: text, label: A}]\n"
    )
    result = run_properdocs(project.path, "build", "--strict", "-f", "mkdocs.yml")
    assert result.returncode != 0
    assert "exercises/x.yml:4: minutes: expected a whole number, got 'five'" in result.stderr
    assert "Traceback" not in result.stderr


def test_my_workbook_and_the_print_pack_follow_every_chapter_however_the_nav_is_made(project: Project):
    """No `nav`: MkDocs makes one, and the pages' titles come from their headings only once they are read. A chapter
    left out of an explicit nav still counts. Links from My workbook land on the chapter, the home page included."""
    project.write("content/index.md", "# Welcome home\n\n/// worksheet | first-conversation\n///\n")
    project.write(
        "content/habits.md", "---\ntitle: Habits from front matter\n---\n\n/// checklist | networking-habits\n///\n"
    )
    project.write("content/hidden.md", "# Left out of the nav\n\n/// worksheet | hidden-sheet\n///\n")
    project.write(
        "exercises/hidden.yml",
        "id: hidden-sheet\nkind: worksheet\ntitle: Hidden sheet\nminutes: 5\nfields: [{id: a, type: text, label: A}]\n",
    )
    assert project.build().returncode == 0
    html = project.html("my-workbook/index.html")
    assert [title for title in re.findall(r'<h2><a href="[^"]*">([^<]*)</a></h2>', html)] == [
        "Welcome home",
        "Habits from front matter",
        "Left out of the nav",
    ]
    assert '<a href="../#wb-first-conversation">' in html and '<a href="../habits/#wb-networking-habits">' in html
    pack = project.html("print/index.html")
    assert pack.count('class="workbook-pack-sheet"') == 3
    assert 'content: "Habits from front matter"' in pack and 'content: "Left out of the nav"' in pack

    project.write("mkdocs.yml", MINIMAL_CONFIG + "nav:\n  - Home: index.md\n  - habits.md\n")
    result = project.build()
    assert result.returncode == 0, result.stderr
    html = project.html("my-workbook/index.html")
    assert re.findall(r'<h2><a href="[^"]*">([^<]*)</a></h2>', html) == [
        "Home",
        "Habits from front matter",
        "Left out of the nav",
    ]
    assert 'data-workbook-summary="hidden-sheet"' in html


def test_a_plugin_that_changes_the_markdown_first_does_not_shift_the_lines_of_warnings(project: Project):
    """mkdocs-macros and the like hand over Markdown that is no longer the file's: lines still count from the file."""
    project.write(
        "hooks.py",
        "from mkdocs.plugins import event_priority\n\n@event_priority(100)\ndef on_page_markdown(markdown, **kwargs):\n    return markdown.replace('MACRO', 'expanded text')\n",
    )
    project.write("mkdocs.yml", MINIMAL_CONFIG + "hooks:\n  - hooks.py\n")
    project.write(
        "content/chapter.md", "---\ntitle: Chapter\n---\n# Chapter MACRO\n\n/// worksheet | no-such-exercise\n///\n"
    )
    result = project.build()
    assert "content/chapter.md:6: unknown exercise id 'no-such-exercise'" in result.stderr


def test_a_page_can_keep_its_exercises_out_of_the_learners_workbook(project: Project):
    """An authors' gallery: its forms work on its own page, but My workbook, progress and the print pack leave it out."""
    project.write(
        "content/gallery.md", "---\nworkbook:\n  exclude: true\n---\n# Gallery\n\n/// worksheet | gallery-sheet\n///\n"
    )
    project.write(
        "exercises/gallery.yml",
        "id: gallery-sheet\nkind: worksheet\ntitle: Gallery sheet\nminutes: 5\nfields: [{id: a, type: text, label: A}]\n",
    )
    assert project.build().returncode == 0
    assert 'data-workbook-exercise="gallery-sheet"' in project.html("gallery/index.html")
    assert "gallery-sheet" not in project.html("my-workbook/index.html")
    assert "gallery-sheet" not in project.html("print/index.html")
    assert 'data-workbook-summary="first-conversation"' in project.html("my-workbook/index.html")


def test_links_to_pages_in_an_exercises_text_land_on_the_page_from_every_page_that_shows_it(project: Project):
    project.write(
        "exercises/linked.yml",
        "id: linked\nkind: worksheet\ntitle: Linked\nminutes: 5\n"
        "intro: 'Read [the second chapter](second.md#part) first.'\nfields: [{id: a, type: text, label: A}]\n",
    )
    project.write("content/index.md", "# Home\n\n/// worksheet | linked\n///\n")
    project.write("content/second.md", "# Second\n\n## Part\n")
    project.write("content/deep/inside.md", "# Inside\n\n/// worksheet | linked\n///\n")
    result = project.build()
    assert result.returncode == 0, result.stderr
    assert 'href="second/#part"' in project.html()
    assert 'href="../../second/#part"' in project.html("deep/inside/index.html")
    assert 'href="../second/#part"' in project.html("print/index.html")
    assert "workbook-page:" not in project.html() + project.html("print/index.html")


def test_a_link_to_a_page_the_site_does_not_have_is_a_warning_with_file_line_and_field(project: Project):
    project.write(
        "exercises/linked.yml",
        "id: linked\nkind: worksheet\ntitle: Linked\nminutes: 5\nfields:\n"
        "  - {id: a, type: text, label: A, help: 'See [listening](listening.md).'}\n",
    )
    project.write("content/index.md", "# Home\n\n/// worksheet | linked\n///\n")
    result = project.build()
    assert result.returncode != 0  # --strict
    assert (
        "exercises/linked.yml:6: fields[0].help: the link to 'listening.md' goes to no page of this site"
        in result.stderr
    )
