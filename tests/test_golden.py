"""Golden Markdown -> HTML fixtures for the extension alone (no MkDocs). UPDATE_GOLDEN=1 rewrites them."""

from __future__ import annotations

import dataclasses
import os
import tempfile
from pathlib import Path

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from workbook import load_exercises
from workbook.blocks.extension import WorkbookExtension
from workbook.blocks.host import Chapter
from workbook.rendering.author_markdown import _PLAIN, AuthorMarkdown
from workbook.rendering.spool import FormSpool

from .conftest import ROOT

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(GOLDEN.glob("*.md"))


@pytest.fixture(scope="module")
def extension() -> WorkbookExtension:
    return WorkbookExtension(exercises_dir=str(GOLDEN / "exercises"), storage_namespace="golden")


def convert(extension: WorkbookExtension, source: str) -> str:
    return markdown.Markdown(extensions=[extension]).convert(source) + "\n"


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_golden_html(extension: WorkbookExtension, case: Path):
    expected = case.with_suffix(".html")
    html = convert(extension, case.read_text(encoding="utf-8"))
    if os.environ.get("UPDATE_GOLDEN"):
        expected.write_text(html, encoding="utf-8")
    assert expected.exists(), f"no golden file for {case.name}: run with UPDATE_GOLDEN=1 and review it"
    assert html == expected.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_html_put_in_later_is_the_same_html(extension: WorkbookExtension, case: Path):
    """With `later` (as under MkDocs) forms are placeholders until filled in: the page ends up the same,
    and before that holds no form, only titles and the author's Markdown."""
    later = WorkbookExtension(exercise_set=extension.exercise_set, storage_namespace="golden", later=True)
    placeholders = convert(later, case.read_text(encoding="utf-8"))
    assert "workbook-form" not in placeholders and "<input" not in placeholders
    assert later.placeholders.fill_in(placeholders) == case.with_suffix(".html").read_text(encoding="utf-8")
    assert len(later.placeholders) == 0, "HTML kept for a placeholder that is not in the page"


PACK = "/// print-pack\n///\n"


def eager_and_later(extension: WorkbookExtension) -> tuple[WorkbookExtension, WorkbookExtension]:
    """Two extensions for the same exercises, one rendering as it goes and one with `later`; one chapter holds them all."""
    eager, later = (
        WorkbookExtension(exercise_set=extension.exercise_set, storage_namespace="golden", later=on)
        for on in (False, True)
    )
    eager.site.outline = later.site.outline = [Chapter("Part", "part/", tuple(extension.exercise_set.exercises))]
    return eager, later


def written_later(later: WorkbookExtension, source: str) -> str:
    """A page as the host writes it with `later`: placeholders filled in, then the streamed parts."""
    return "".join(later.placeholders.stream(later.placeholders.fill_in(convert(later, source))))


def test_a_print_pack_reads_back_the_chapters_forms_and_shows_the_same(extension: WorkbookExtension):
    """With `later` the chapters' forms are kept on disk and the print pack (rendered after them) reads them back:
    every sheet is what rendering it afresh gives, and each form was rendered once."""
    exercises = extension.exercise_set.exercises
    chapters = "".join(f"## Part\n\n/// {e.kind} | {e.id}\n///\n\n" for e in exercises.values())
    eager, later = eager_and_later(extension)
    assert later.placeholders.fill_in(convert(later, chapters)) == convert(eager, chapters)
    pack = written_later(later, PACK)
    assert pack == convert(eager, PACK)
    assert pack.count('class="workbook-pack-sheet"') == len(exercises)
    assert later.renderer.forms is not None and len(later.renderer.forms) == len(exercises)


def test_without_a_temporary_file_the_print_pack_renders_its_forms_again(
    extension: WorkbookExtension, monkeypatch, tmp_path
):
    """Where no temporary file can be made (a read-only system), nothing is kept and the pack is still whole."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "missing"))
    eager, later = eager_and_later(extension)
    assert later.renderer.forms is None
    converted = convert(later, PACK)
    pack = "".join(later.placeholders.stream(later.placeholders.fill_in(converted)))
    assert pack == convert(eager, PACK)
    assert pack.count('class="workbook-pack-sheet"') == len(extension.exercise_set.exercises)


def test_a_spool_gives_back_long_text_whole():
    """Characters of two to four bytes come back whole, and one UTF-8 cannot encode as MkDocs writes it."""
    text = "é" * 40_000 + "€" + "x" * 70_001 + "😀" * 20_000 + "\ud800"  # a lone surrogate: a character reference
    spool = FormSpool()
    spool.put(("a", "b", "c"), "head")
    spool.put(("d", "e", "f"), text)
    assert spool.get(("d", "e", "f")) == text[:-1] + "&#55296;"
    assert spool.get(("a", "b", "c")) == "head" and spool.get(("x", "y", "z")) is None


def test_extension_loads_through_its_markdown_entry_point():
    html = markdown.Markdown(
        extensions=["workbook"], extension_configs={"workbook": {"exercises_dir": str(GOLDEN / "exercises")}}
    ).convert("/// checklist | ticks\n///\n")
    assert 'data-workbook-exercise="ticks"' in html


def test_author_text_is_escaped_and_script_urls_dropped(extension: WorkbookExtension):
    html = convert(extension, "/// worksheet | hostile\n///\n")
    assert "<script" not in html and "<img" not in html and "<svg" not in html and "<b>" not in html
    assert "javascript:" not in html
    assert (
        "&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt;" in html
        or "&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;" in html
    )
    assert '<a href="https://example.org">ok</a>' in html
    assert 'onmouseover="alert' not in html


def test_facilitator_notes_never_reach_the_learner_html(extension: WorkbookExtension):
    assert "FACILITATOR-ONLY" not in convert(extension, "/// worksheet | hostile\n///\n")


def test_public_hooks_on_every_control(extension: WorkbookExtension):
    html = convert(extension, "/// worksheet | first-conversation\n///\n\n/// checklist | networking-habits\n///\n")
    assert 'data-workbook-exercise="first-conversation" data-workbook-kind="worksheet"' in html
    assert 'data-workbook-exercise="networking-habits" data-workbook-kind="checklist"' in html
    assert "data-workbook-score" in html
    for name in (
        "where",
        "opening",
        "comfort",
        "goal",
        "topics",
        "follow-up-agreed",
        "people",
        "date",
        "contacts.1.name",
        "start-conversations",
    ):
        assert f'name="{name}"' in html


# --- author Markdown: the shortcut for plain prose ------------------------------------------------

_PLAIN_CHARACTERS = "abcdefgXYZéßø’‘“”–— .,;:'\"?!%/()+=~-0123456789"
_MARKDOWN_CHARACTERS = _PLAIN_CHARACTERS + "\t\n*_[]<>&#`|\\"


@settings(max_examples=400, derandomize=True, deadline=None, database=None)
@given(
    st.text(alphabet=_PLAIN_CHARACTERS, max_size=80),
    st.sampled_from(["", "\n", "\n\n", " \n"]),
    st.text(alphabet=_MARKDOWN_CHARACTERS, max_size=40),
)
def test_plain_prose_is_converted_as_markdown_would(prose, ending, anything):
    author = AuthorMarkdown()
    for text in (prose + ending, anything):
        assert author.convert(text) == author.convert_fully(text)


_WORDS = st.text(alphabet=_PLAIN_CHARACTERS, min_size=1, max_size=12)
_EMPHASISED = st.lists(
    st.one_of(
        _WORDS,
        _WORDS.map(lambda w: f"**{w}**"),
        _WORDS.map(lambda w: f"*{w}*"),
        st.sampled_from(["*", "**", "***", " * ", "_", "\\*"]),
    ),
    min_size=1,
    max_size=6,
).map("".join)


@settings(max_examples=600, derandomize=True, deadline=None, database=None)
@given(_EMPHASISED)
def test_prose_with_emphasis_is_converted_as_markdown_would(text):
    author = AuthorMarkdown()
    assert author.convert(text) == author.convert_fully(text)


def test_the_shortcut_takes_emphasis_and_strong_spans():
    author = AuthorMarkdown()
    text = "Ask **one** honest question, then *listen*."
    assert _PLAIN.fullmatch(text)
    assert (
        author.convert(text)
        == author.convert_fully(text)
        == "<p>Ask <strong>one</strong> honest question, then <em>listen</em>.</p>"
    )


def test_every_text_of_the_course_is_converted_as_markdown_would():
    author = AuthorMarkdown()
    texts = set()

    def collect(value):
        if isinstance(value, str):
            texts.add(value)
        elif dataclasses.is_dataclass(value):
            for f in dataclasses.fields(value):
                collect(getattr(value, f.name))
        elif isinstance(value, tuple | list):
            for item in value:
                collect(item)

    for exercise in load_exercises(ROOT / "exercises").exercises.values():
        collect(exercise)
    shortcut = [text for text in texts if _PLAIN.fullmatch(text.rstrip("\n"))]
    assert len(shortcut) > len(texts) / 2, "the shortcut is hardly ever taken"
    assert [text for text in texts if author.convert(text) != author.convert_fully(text)] == []


def test_a_title_ending_in_attribute_syntax_gives_its_heading_no_attributes(extension: WorkbookExtension):
    """The title's heading is in the page, where attr_list (on in most Material sites) reads `{: ...}` at the end
    of a heading as its attributes: a title must stay text, braces and all, in the heading and the contents."""
    exercises = extension.exercise_set.exercises
    title = 'Plan {: onclick="window.__xss=1" #other .md-typeset data-toc-label="<b>x</b>" }'
    from workbook.reading.loader import ExerciseSet

    course = ExerciseSet(
        exercises={**exercises, "first-conversation": dataclasses.replace(exercises["first-conversation"], title=title)}
    )
    for later in (False, True):
        with_course = WorkbookExtension(exercise_set=course, storage_namespace="golden", later=later)
        md = markdown.Markdown(extensions=[with_course, "attr_list", "toc"])
        html = md.convert("/// worksheet | first-conversation\n///\n")
        html = with_course.placeholders.fill_in(html) if later else html
        assert (
            '<h2 class="workbook-title" id="wb-first-conversation-title">Plan {: onclick="window.__xss=1" #other '
            '.md-typeset data-toc-label="&lt;b&gt;x&lt;/b&gt;" }</h2>'
        ) in html
        assert md.toc_tokens[0]["id"] == "wb-first-conversation-title"
        assert md.toc_tokens[0]["name"] == title.replace("<", "&lt;").replace(">", "&gt;")


def test_a_title_holding_markdowns_placeholders_pulls_nothing_into_its_heading(extension: WorkbookExtension):
    """The loader refuses such a title; a course made without it (its own model objects) still gets a plain heading."""
    from workbook.reading.loader import ExerciseSet

    exercises = extension.exercise_set.exercises
    stealing = dataclasses.replace(
        exercises["first-conversation"], title="Steal \x02wzxhzdk:0\x03 and \x02wzxhzdk:1\x03"
    )
    course = ExerciseSet(exercises={**exercises, "first-conversation": stealing})
    source = "/// checklist | ticks\n///\n\n/// worksheet | first-conversation\n///\n"
    for later in (False, True):
        with_course = WorkbookExtension(exercise_set=course, storage_namespace="golden", later=later)
        html = convert(with_course, source)
        html = with_course.placeholders.fill_in(html) if later else html
        assert '<h2 class="workbook-title" id="wb-first-conversation-title">Steal wzxhzdk:0 and wzxhzdk:1</h2>' in html
        assert html.count("<section") == convert(extension, source).count("<section")
