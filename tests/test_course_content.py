"""The course itself, not the tool: its shape (chapters, exercises, workshop plans), spelling, and that every
sentence is fresh (no run of eight words shared with the seed chapters in ../shared/seeds/)."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

from workbook import load_exercises

from .conftest import ROOT
from .test_build import BEFORE_AFTER, EXERCISE_HOOK, course_chapters, page_html
from .test_facilitator import course_workshops


def test_the_course_has_eleven_chapters_each_embedding_at_least_three_exercises(course_site: Path):
    chapters = course_chapters()
    assert len(chapters) == 11
    for chapter in chapters:
        used = EXERCISE_HOOK.findall(page_html(course_site, chapter))
        assert len(used) >= 3, f"{chapter} embeds {len(used)} exercises"
        assert "data-workbook-missing" not in page_html(course_site, chapter)


def test_every_course_exercise_is_used_once_and_the_before_after_checklist_twice(course_site: Path):
    uses = Counter(
        eid for chapter in course_chapters() for eid in EXERCISE_HOOK.findall(page_html(course_site, chapter))
    )
    loaded = load_exercises(ROOT / "exercises", ROOT)
    course = {eid for eid, ex in loaded.exercises.items() if not ex.source.path.startswith("exercises/demo/")}
    assert len(course) >= 27
    assert set(uses) == course
    assert uses[BEFORE_AFTER] == 2
    assert {eid: n for eid, n in uses.items() if n != 1} == {BEFORE_AFTER: 2}
    first, last = course_chapters()[0], course_chapters()[-1]
    assert BEFORE_AFTER in EXERCISE_HOOK.findall(page_html(course_site, first))
    assert BEFORE_AFTER in EXERCISE_HOOK.findall(page_html(course_site, last))


def test_every_chapter_has_objectives_time_and_takeaways():
    for chapter in course_chapters():
        text = (ROOT / "content" / chapter).read_text(encoding="utf-8")
        assert re.search(r"(?i)about \d+ min", text), f"{chapter}: no estimated time"
        assert "In this chapter" in text, f"{chapter}: no learning objectives"
        assert "Key takeaways" in text, f"{chapter}: no key takeaways"


def test_every_exercise_has_complete_facilitator_notes():
    for exercise in load_exercises(ROOT / "exercises", ROOT).exercises.values():
        notes = exercise.facilitator
        where = exercise.source
        assert notes.setup and notes.materials and notes.steps and notes.debrief and notes.variations, (
            f"{where}: incomplete facilitator notes"
        )
        assert sum(step.minutes for step in notes.steps) <= exercise.minutes


def test_spelling_of_the_course():
    result = subprocess.run(
        [sys.executable, "-m", "codespell_lib", "content", "exercises", "workshops"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


SEEDS = ROOT.parent / "shared" / "seeds"
# Every run of eight words of the seed chapters, as a hash: the check runs where the seeds are not
# (a fresh clone in CI), and the file holds no sentence of theirs. Where they are, it is checked to be current.
SEED_RUNS = Path(__file__).parent / "seed-runs.txt"
RUN = 8


def words_of(text: str) -> list[str]:
    """Lower-case words, apostrophes straightened, punctuation and Markdown marks dropped."""
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text.lower().replace("\u2019", "'"))


def run_hashes(text: str) -> list[str]:
    """A hash of every run of RUN words, in order."""
    words = words_of(text)
    return [hashlib.sha256(" ".join(words[i : i + RUN]).encode()).hexdigest()[:16] for i in range(len(words) - RUN + 1)]


def test_the_seed_fingerprints_are_current():
    if not SEEDS.is_dir():
        assert SEED_RUNS.read_text().count("\n") > 2000  # only the file's own sanity can be checked here
        return
    hashes = sorted({h for seed in sorted(SEEDS.glob("*.txt")) for h in run_hashes(seed.read_text(encoding="utf-8"))})
    expected = "# sha256[:16] of every run of 8 words of ../shared/seeds/*.txt (tests/test_course_content.py writes it with UPDATE_SEED_RUNS=1)\n"
    expected += "".join(f"{h}\n" for h in hashes)
    if os.environ.get("UPDATE_SEED_RUNS"):
        SEED_RUNS.write_text(expected)
    assert SEED_RUNS.read_text() == expected, "the seeds changed: run with UPDATE_SEED_RUNS=1"


def test_no_run_of_eight_words_is_shared_with_a_seed_chapter():
    seed_runs = {line for line in SEED_RUNS.read_text().splitlines() if not line.startswith("#")}
    assert len(seed_runs) > 2000
    shared = []
    for folder, pattern in (("content", "*.md"), ("exercises", "*.yml"), ("workshops", "*.yml")):
        for path in sorted((ROOT / folder).rglob(pattern)):
            text = path.read_text(encoding="utf-8")
            words = words_of(text)
            for i, h in enumerate(run_hashes(text)):
                if h in seed_runs:
                    shared.append(f"{path.relative_to(ROOT)}: {' '.join(words[i : i + RUN])}")
    assert shared == []


def test_the_course_has_three_valid_workshop_plans():
    loaded = course_workshops()
    assert loaded.problems == []
    assert len(loaded.workshops) >= 3
    days = sorted(len(w.days) for w in loaded.workshops.values())
    assert days[-1] >= 2
