"""A synthetic course, generated deterministically: chapters of varied prose and exercise YAML files.

Everything here depends only on a seed, so two runs of the benchmark build the same bytes.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "Course",
    "FIELD_TYPES",
    "answers_for",
    "chapter_exercises",
    "write_course",
    "write_exercise_files",
    "write_field_page",
]

FIELD_TYPES = ("text", "long-text", "rating", "choice", "multiple-choice", "yes-no", "number", "date", "table")
CHAPTERS_PER_PART = 20
# plain: the chapters alone; workbook: with exercise blocks and the plugin; titles: the exercises' titles and
# bodies written as plain Markdown, no plugin (what Material itself costs for them).
VARIANTS = ("plain", "workbook", "titles")
WORDS_PER_CHAPTER = 1500
SECTIONS_PER_CHAPTER = 5  # one exercise block closes each section

MARKDOWN_EXTENSIONS = """\
markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - tables
  - toc:
      permalink: true
  - pymdownx.details
  - pymdownx.superfences
"""

# --- words ---------------------------------------------------------------------

SUBJECTS = [
    "a new colleague",
    "your manager",
    "the person beside you",
    "a former client",
    "an old classmate",
    "the speaker",
    "a mentor",
    "someone in another team",
    "a recruiter",
    "the host of the meetup",
    "a peer in your field",
    "your closest contact",
    "a quiet participant",
    "the organiser",
    "a stranger at lunch",
]
VERBS = [
    "remembers",
    "notices",
    "values",
    "returns",
    "forgets",
    "appreciates",
    "questions",
    "shares",
    "recommends",
    "follows up on",
    "builds on",
    "ignores",
    "mentions",
    "asks about",
    "writes down",
]
OBJECTS = [
    "a short thank-you note",
    "the name of a book you mentioned",
    "an honest question",
    "a useful introduction",
    "the promise you made",
    "a specific compliment",
    "your follow-up email",
    "a shared interest",
    "the story behind your project",
    "a small favour",
    "the next step you proposed",
    "a link to an article",
    "the problem you are trying to solve",
    "an invitation to coffee",
    "your opinion on the talk",
]
ADVERBIALS = [
    "within a few days",
    "after the event",
    "months later",
    "without being asked",
    "at the right moment",
    "over a quick call",
    "in a crowded room",
    "during the break",
    "before the meeting ends",
    "on a busy week",
    "when you least expect it",
    "long after the conference",
    "in a handwritten card",
    "over lunch",
    "by the next morning",
]
ADJECTIVES = [
    "genuine",
    "small",
    "consistent",
    "generous",
    "patient",
    "curious",
    "specific",
    "deliberate",
    "quiet",
    "practical",
    "lasting",
    "honest",
    "warm",
    "useful",
    "unexpected",
]
NOUNS = [
    "habit",
    "conversation",
    "relationship",
    "introduction",
    "follow-up",
    "network",
    "contact",
    "favour",
    "question",
    "meeting",
    "reputation",
    "community",
    "signal",
    "routine",
    "commitment",
]
CONNECTORS = [
    "However,",
    "In practice,",
    "Over time,",
    "For most people,",
    "Surprisingly,",
    "As a rule,",
    "Even so,",
    "In short,",
]
TOPICS = [
    "Listening first",
    "The first five minutes",
    "Following up",
    "Giving before asking",
    "Keeping in touch",
    "Asking for help",
    "Introductions",
    "Online communities",
    "Events and meetups",
    "Mentoring",
    "Saying no",
    "Your reputation",
    "Small talk",
    "Difficult conversations",
    "Feedback",
    "Long-term plans",
]
TEMPLATES = [
    "{Subject} {verb} {object} {adverbial}.",
    "{Connector} {subject} {verb} {object}, and that {adjective} {noun} matters more than it seems.",
    "A {adjective} {noun} is rarely dramatic: {subject} {verb} {object} {adverbial}.",
    "Ask yourself who {verb} {object}, and why.",
    "When {subject} {verb} {object}, the {noun} becomes *{adjective}* rather than transactional.",
    "{Connector} the most **{adjective}** {noun} starts with {object}.",
    "Nobody builds a {noun} in one evening; {subject} {verb} {object} {adverbial}, again and again.",
    "If {subject} never {verb} {object}, treat it as information, not as rejection.",
    "Write down {object} {adverbial}, because memory is a poor {noun} keeper.",
    "{Subject} who {verb} {object} usually earns a {adjective} {noun} in return.",
]


def _sentence(rng: random.Random) -> str:
    subject = rng.choice(SUBJECTS)
    words = {
        "subject": subject,
        "Subject": subject[0].upper() + subject[1:],
        "verb": rng.choice(VERBS),
        "object": rng.choice(OBJECTS),
        "adverbial": rng.choice(ADVERBIALS),
        "adjective": rng.choice(ADJECTIVES),
        "noun": rng.choice(NOUNS),
        "Connector": rng.choice(CONNECTORS),
    }
    return rng.choice(TEMPLATES).format(**words)


def _paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng) for _ in range(sentences))


def _words(text: str) -> int:
    return len(text.split())


# --- prose ---------------------------------------------------------------------


def _extra_block(rng: random.Random, chapter: int) -> str:
    """Something other than a paragraph, so that the Markdown has a realistic mix."""
    choice = rng.randrange(5)
    if choice == 0:
        return "\n".join(f"- {_sentence(rng)}" for _ in range(rng.randint(3, 5)))
    if choice == 1:
        return "\n".join(f"{i}. {_sentence(rng)}" for i in range(1, rng.randint(3, 5) + 1))
    if choice == 2:
        kind = rng.choice(["tip", "note", "example"])
        return f'!!! {kind} "{rng.choice(TOPICS)}"\n\n    {_paragraph(rng, 2)}'
    if choice == 3:
        rows = "\n".join(
            f"| {rng.choice(NOUNS)} | {rng.choice(ADVERBIALS)} | {rng.choice(ADJECTIVES)} |" for _ in range(3)
        )
        return f"| What | When | How it feels |\n|---|---|---|\n{rows}"
    return f"> {_paragraph(rng, 2)}\n>\n> — a workshop participant, chapter {chapter}"


def _section(rng: random.Random, chapter: int, number: int, words: int) -> str:
    parts = [f"## {rng.choice(TOPICS)} {{: #section-{number} }}"]
    written = 0
    while written < words:
        if parts[1:] and rng.random() < 0.25:
            text = _extra_block(rng, chapter)
        elif rng.random() < 0.15:
            text = f"### {rng.choice(ADJECTIVES).capitalize()} {rng.choice(NOUNS)}s"
        else:
            text = _paragraph(rng, rng.randint(3, 7))
        parts.append(text)
        written += _words(text)
    return "\n\n".join(parts)


# --- exercises -----------------------------------------------------------------


def _option_labels(rng: random.Random, count: int) -> list[str]:
    return [
        f"{noun.capitalize()} {adverbial}"
        for noun, adverbial in zip(rng.sample(NOUNS, count), rng.sample(ADVERBIALS, count), strict=True)
    ]


def make_field(rng: random.Random, field_type: str, index: int) -> dict[str, Any]:
    """One worksheet field of the given type, with every optional key used now and then."""
    result: dict[str, Any] = {
        "id": f"f{index}-{field_type}",
        "type": field_type,
        "label": _sentence(rng).rstrip(".") + "?",
    }
    if rng.random() < 0.4:
        result["help"] = f"Think of **{rng.choice(OBJECTS)}** {rng.choice(ADVERBIALS)}."
    if field_type == "text":
        result["placeholder"] = f"e.g. {rng.choice(OBJECTS)}"
    elif field_type == "long-text":
        result["lines"] = rng.randint(3, 8)
    elif field_type == "rating":
        low = rng.choice([0, 1])
        high = low + rng.choice([4, 6, 9])
        result.update(min=low, max=high, labels={low: "Not at all", high: "Completely"})
    elif field_type == "choice":
        labels = _option_labels(rng, rng.randint(3, 5))
        # The mapping form, with ids that stay when the label is reworded.
        result["options"] = [{"id": f"o{i}", "label": label} for i, label in enumerate(labels, 1)]
    elif field_type == "multiple-choice":
        result["options"] = _option_labels(rng, rng.randint(4, 6))  # the plain-string form
    elif field_type == "number":
        result.update(
            min=0,
            max=rng.choice([10, 20, 50]),
            step=rng.choice([1, 0.5]),
            unit=rng.choice(["people", "hours", "events"]),
        )
    elif field_type == "table":
        columns = rng.sample(["Name", "Role", "Where we met", "Next step", "When", "Why them"], rng.randint(2, 4))
        result.update(columns=columns, rows=rng.randint(2, 5))
    return result


def _bands(low: int, high: int, count: int) -> list[dict[str, Any]]:
    """Bands that cover low..high exactly, as the loader demands."""
    count = max(1, min(count, high - low + 1))
    edges = [low + (high - low + 1) * i // count for i in range(count + 1)]
    labels = ["Getting started", "Building momentum", "Well on your way", "Well connected"]
    return [
        {
            "from": edges[i],
            "to": edges[i + 1] - 1,
            "label": labels[i % len(labels)],
            "advice": f"Pick **one** {NOUNS[i % len(NOUNS)]} and practise it this month.",
        }
        for i in range(count)
    ]


def make_checklist(rng: random.Random, exercise_id: str, scale: str, items: int, categories: int) -> dict[str, Any]:
    """A scored checklist with categories, weights, reversed items and bands."""
    category_ids = [f"cat{i}" for i in range(1, categories + 1)]
    result: dict[str, Any] = {
        "id": exercise_id,
        "kind": "checklist",
        "title": f"How {rng.choice(ADJECTIVES)} is your {rng.choice(NOUNS)}?",
        "minutes": rng.randint(5, 20),
    }
    result["intro"] = _paragraph(rng, 2)
    if scale == "likert":
        result["scale"] = {"type": "likert", "min": 1, "max": 5, "labels": {1: "Never", 3: "Sometimes", 5: "Always"}}
        low, high = 1, 5
    else:
        result["scale"] = "yes-no"
        low, high = 0, 1
    result["categories"] = [
        {"id": cid, "title": rng.choice(TOPICS), "description": _sentence(rng)} for cid in category_ids
    ]
    entries = []
    for i in range(1, items + 1):
        item: dict[str, Any] = {"id": f"i{i}", "text": _sentence(rng), "category": category_ids[(i - 1) % categories]}
        if rng.random() < 0.2:
            item["weight"] = rng.randint(2, 3)
        if rng.random() < 0.2:
            item["reverse"] = True
        entries.append(item)
    result["items"] = entries
    weight = sum(item.get("weight", 1) for item in entries)
    result["bands"] = _bands(weight * low, weight * high, rng.randint(2, 4))
    return result


def make_worksheet(rng: random.Random, exercise_id: str, field_types: list[str]) -> dict[str, Any]:
    """A worksheet with one field of each given type."""
    result: dict[str, Any] = {
        "id": exercise_id,
        "kind": "worksheet",
        "title": f"Plan your next {rng.choice(NOUNS)}",
        "minutes": rng.randint(5, 30),
    }
    result["intro"] = _paragraph(rng, rng.randint(1, 3))
    result["format"] = rng.choice(["solo", "pair", "group"])
    result["fields"] = [make_field(rng, field_type, i) for i, field_type in enumerate(field_types, 1)]
    if rng.random() < 0.5:
        result["facilitator"] = {
            "setup": _sentence(rng),
            "materials": ["Printed worksheet", "Pens"],
            # Adding up to the exercise's minutes, as a course without warnings has them (no extra random draws).
            "steps": [
                {"minutes": 2, "activity": _sentence(rng)},
                {"minutes": result["minutes"] - 2, "activity": _sentence(rng)},
            ],
            "debrief": [_sentence(rng)],
        }
    return result


def chapter_exercises(rng: random.Random, chapter: int) -> list[dict[str, Any]]:
    """Five exercises: three worksheets covering all nine field types, a likert and a yes-no checklist."""
    prefix = f"c{chapter:04d}"
    mixed = rng.sample(FIELD_TYPES, rng.randint(3, 6))
    return [
        make_worksheet(rng, f"{prefix}-plan", ["text", "long-text", "rating", "choice", "multiple-choice"]),
        make_checklist(rng, f"{prefix}-habits", "likert", rng.randint(6, 10), rng.randint(2, 3)),
        make_worksheet(rng, f"{prefix}-reflect", ["yes-no", "number", "date", "table"]),
        make_checklist(rng, f"{prefix}-check", "yes-no", rng.randint(5, 8), 2),
        make_worksheet(rng, f"{prefix}-practice", mixed),
    ]


def _dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def _body(rng: random.Random) -> str:
    """The Markdown an author sometimes writes inside a block."""
    return f"{_sentence(rng)}\n" if rng.random() < 0.3 else ""


def _block(exercise: dict[str, Any], body: str) -> str:
    return f"/// {exercise['kind']} | {exercise['id']}\n{body}///"


def _titles_only(section: str, exercise: dict[str, Any], body: str) -> str:
    """What Material has to render and index of an exercise whatever the plugin does: its title, as the heading
    the plugin makes (a level below the section's last heading, with the same id), and the block's body."""
    level = len(re.findall(r"^(#+) ", section, re.MULTILINE)[-1]) + 1
    return f"{'#' * level} {exercise['title']} {{: #wb-{exercise['id']}-title }}\n\n{body}"


# --- whole courses -------------------------------------------------------------


@dataclass
class Course:
    """Where a generated course lives: one config per variant, sharing the exercises."""

    root: Path
    chapters: int
    plain_config: Path
    workbook_config: Path
    titles_config: Path
    exercise_files: int
    words: list[int] = field(default_factory=list)
    exercises: list[dict[str, Any]] = field(default_factory=list)  # as written to exercises/, in chapter order

    def config(self, variant: str) -> Path:
        return {"plain": self.plain_config, "workbook": self.workbook_config, "titles": self.titles_config}[variant]


def _config(site_name: str, docs_dir: str, with_workbook: bool) -> str:
    plugins = "plugins:\n  - search\n"
    if with_workbook:
        plugins += "  - workbook:\n      exercises_dir: exercises\n      storage_namespace: bench\n"
    return f"site_name: {site_name}\ndocs_dir: {docs_dir}\ntheme:\n  name: material\n  font: false\n{plugins}{MARKDOWN_EXTENSIONS}"


def write_course(root: Path, chapters: int, seed: int = 8) -> Course:
    """Write N chapters three times (plain; with exercise blocks; with only the exercises' titles and bodies
    as plain Markdown) and 5 exercise files per chapter."""
    root.mkdir(parents=True, exist_ok=True)
    home = "# Synthetic course\n\nA generated course for benchmarking the workbook plugin.\n"
    words: list[int] = []
    written: list[dict[str, Any]] = []
    for variant in VARIANTS:
        (root / f"docs-{variant}").mkdir(exist_ok=True)
        (root / f"docs-{variant}" / "index.md").write_text(home, encoding="utf-8")
    for chapter in range(1, chapters + 1):
        rng = random.Random(f"{seed}-{chapter}")
        part = f"part-{(chapter - 1) // CHAPTERS_PER_PART + 1:02d}"
        exercises = chapter_exercises(rng, chapter)
        title = f"# Chapter {chapter}: {rng.choice(TOPICS)}\n\n{_paragraph(rng, 4)}"
        if chapter % CHAPTERS_PER_PART != 1:
            title += f" See also [the previous chapter](chapter-{chapter - 1:04d}.md)."
        sections = [
            _section(rng, chapter, n, WORDS_PER_CHAPTER // SECTIONS_PER_CHAPTER - 60)
            for n in range(1, SECTIONS_PER_CHAPTER + 1)
        ]
        pages: dict[str, list[str]] = {variant: [title] for variant in VARIANTS}
        for section, exercise in zip(sections, exercises, strict=True):
            body = _body(rng)
            pages["plain"] += [section]
            pages["workbook"] += [section, _block(exercise, body)]
            pages["titles"] += [section, _titles_only(section, exercise, body)]
        words.append(sum(_words(part_text) for part_text in pages["plain"]))
        for variant, parts in pages.items():
            target = root / f"docs-{variant}" / part / f"chapter-{chapter:04d}.md"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
        for exercise in exercises:
            target = root / "exercises" / part / f"{exercise['id']}.yml"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(_dump(exercise), encoding="utf-8")
            written.append(exercise)
    configs = {}
    for variant in VARIANTS:
        configs[variant] = root / f"mkdocs-{variant}.yml"
        configs[variant].write_text(
            _config("Synthetic course", f"docs-{variant}", variant == "workbook"), encoding="utf-8"
        )
    return Course(
        root, chapters, configs["plain"], configs["workbook"], configs["titles"], len(written), words, written
    )


def write_exercise_files(directory: Path, count: int, seed: int = 8) -> int:
    """Write `count` exercise files (the same mix as the chapters) for the loader benchmark."""
    written = 0
    chapter = 0
    while written < count:
        chapter += 1
        rng = random.Random(f"{seed}-{chapter}")
        for exercise in chapter_exercises(rng, chapter):
            if written == count:
                break
            target = directory / f"part-{(chapter - 1) // CHAPTERS_PER_PART + 1:02d}" / f"{exercise['id']}.yml"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(_dump(exercise), encoding="utf-8")
            written += 1
    return written


# --- the 50-field page for Chromium --------------------------------------------


def _slug(text: str) -> str:
    from workbook.model import slugify  # the plugin's own rule for option ids written as plain strings

    return slugify(text)


def answers_for(exercise: dict[str, Any]) -> dict[str, Any]:
    """An answer to every field or item, in the format workbook.js stores."""
    answers: dict[str, Any] = {}
    if exercise["kind"] == "checklist":
        likert = isinstance(exercise["scale"], dict)
        for i, item in enumerate(exercise["items"]):
            answers[item["id"]] = (i % 5) + 1 if likert else True
        return answers
    for f in exercise["fields"]:
        kind = f["type"]
        if kind in ("text", "long-text"):
            answers[f["id"]] = f"Answer to {f['id']}"
        elif kind == "rating":
            answers[f["id"]] = f["max"]
        elif kind == "choice":
            answers[f["id"]] = f["options"][1]["id"]
        elif kind == "multiple-choice":
            answers[f["id"]] = [_slug(label) for label in f["options"][:2]]
        elif kind == "yes-no":
            answers[f["id"]] = "yes"
        elif kind == "number":
            answers[f["id"]] = 3
        elif kind == "date":
            answers[f["id"]] = "2026-12-03"
        elif kind == "table":
            answers[f["id"]] = [
                {_slug(column): f"row {row}" for column in f["columns"]} for row in range(1, f["rows"] + 1)
            ]
    return answers


def write_field_page(root: Path, seed: int = 8) -> tuple[Path, list[dict[str, Any]], int]:
    """A one-page site whose exercises total 50 fields and items: 2 x 9 fields, 2 x 16 items."""
    rng = random.Random(f"{seed}-page")
    exercises = [
        make_worksheet(rng, "sheet-a", list(FIELD_TYPES)),
        make_worksheet(rng, "sheet-b", list(reversed(FIELD_TYPES))),
        make_checklist(rng, "likert", "likert", 16, 3),
        make_checklist(rng, "ticks", "yes-no", 16, 2),
    ]
    total = sum(len(e.get("fields", e.get("items", []))) for e in exercises)
    (root / "content").mkdir(parents=True, exist_ok=True)
    (root / "exercises").mkdir(exist_ok=True)
    blocks = "\n\n".join(f"## Exercise {i}\n\n/// {e['kind']} | {e['id']}\n///" for i, e in enumerate(exercises, 1))
    (root / "content" / "index.md").write_text(
        f"# Fifty fields\n\n{_paragraph(rng, 3)}\n\n{blocks}\n", encoding="utf-8"
    )
    for exercise in exercises:
        (root / "exercises" / f"{exercise['id']}.yml").write_text(_dump(exercise), encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(_config("Fifty fields", "content", True), encoding="utf-8")
    return config, exercises, total
