"""mkdocs-workbook: interactive worksheets and self-assessment checklists for course sites."""

from __future__ import annotations

from .errors import Problem, WorkbookError
from .reading.loader import ExerciseSet, load_exercise_file, load_exercises

__all__ = ["ExerciseSet", "Problem", "WorkbookError", "load_exercise_file", "load_exercises"]
__version__ = "0.1.0"
