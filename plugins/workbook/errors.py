"""Problems found in an author's files, and the one exception that carries them."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

__all__ = ["Problem", "WorkbookError", "close_match"]


# What other form and quiz tools call our words: an author coming from them means ours, however unlike they look.
_CALLED_ELSEWHERE = {
    "scale": ("rating", "likert"),
    "likert": ("rating",),
    "slider": ("rating",),
    "stars": ("rating",),
    "rating": ("likert",),
    "select": ("choice",),
    "dropdown": ("choice",),
    "radio": ("choice",),
    "single-choice": ("choice",),
    "checkbox": ("multiple-choice", "yes-no"),
    "checkboxes": ("multiple-choice",),
    "multi": ("multiple-choice",),
    "multiselect": ("multiple-choice",),
    "textarea": ("long-text",),
    "paragraph": ("long-text",),
    "string": ("text",),
    "input": ("text",),
    "boolean": ("yes-no",),
    "bool": ("yes-no",),
    "integer": ("number",),
    "int": ("number",),
    "float": ("number",),
    "numeric": ("number",),
    "datetime": ("date",),
    "grid": ("table",),
    "matrix": ("table",),
    "form": ("worksheet",),
    "exercise": ("worksheet",),
    "quiz": ("checklist",),
    "survey": ("checklist",),
    "questionnaire": ("checklist",),
    "self-assessment": ("checklist",),
}


def close_match(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate an author most likely meant: another tool's name for it, or one spelt alike."""
    candidates = list(candidates)
    for meant in _CALLED_ELSEWHERE.get(word.strip().lower(), ()):
        if meant in candidates:
            return meant
    matches = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return matches[0] if matches else None


@dataclass(frozen=True)
class Problem:
    """One mistake in one file: where, in which field, what was expected."""

    path: str
    line: int
    field: str
    message: str
    suggestion: str | None = None
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}"
        text = f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        if self.suggestion:
            text += f" (did you mean '{self.suggestion}'?)"
        return text


class WorkbookError(Exception):
    """Raised with every problem found, so an author can fix them all in one go."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        count = len(problems)
        heading = "1 problem" if count == 1 else f"{count} problems"
        super().__init__(f"{heading} in exercise or workshop files:\n" + "\n".join(f"  {p}" for p in problems))
