"""Exercises in another language: a translation file beside each exercise (`first-conversation.fr.yml` beside
`first-conversation.yml`), a whole exercise file in that language with the same ids. Its answers are the same ones:
the learner's answers are kept by exercise id, field, item, option and column ids, so the translation must keep
every one of them (and the types and scales that give the answers their shape), or answers would be lost when the
learner switches language. An exercise without a translation is shown in the default language, with a warning."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import Problem
from ..model.types import Checklist, Exercise, Worksheet
from .loader import TRANSLATION_FILE, ExerciseSet, _relative, load_exercise_file

__all__ = ["answer_shape", "translate", "translation_languages"]


def translation_languages(directory: Path) -> list[str]:
    """The languages the exercises under `directory` have translation files for."""
    return sorted({match["language"] for path in directory.rglob("*") if (match := TRANSLATION_FILE.match(path.name))})


def answer_shape(exercise: Exercise) -> dict[str, Any]:
    """What a learner's answers to the exercise are keyed by and shaped as: the same in every language."""
    if isinstance(exercise, Worksheet):
        fields: dict[str, Any] = {}
        for field in exercise.fields:
            shape: dict[str, Any] = {"type": field.type}
            if hasattr(field, "options"):
                shape["options"] = [option.id for option in field.options]
            if hasattr(field, "columns"):
                shape["columns"] = [column.id for column in field.columns]
            if field.type == "rating":
                shape["scale"] = [field.min, field.max]
            fields[field.id] = shape
        return {"kind": "worksheet", "fields": fields}
    assert isinstance(exercise, Checklist)
    return {
        "kind": "checklist",
        "scale": [exercise.scale.type, exercise.scale.min, exercise.scale.max],
        "categories": [category.id for category in exercise.categories],
        "items": {item.id: [item.category, item.weight, item.reverse] for item in exercise.items},
        "bands": [[band.from_, band.to] for band in exercise.bands],
    }


def _difference(original: Any, translated: Any, where: str = "") -> str:
    """The first place where two answer shapes differ, in words."""
    if isinstance(original, dict) and isinstance(translated, dict):
        for key in original:
            if key not in translated:
                return f"{where}{key} is missing"
        for key in translated:
            if key not in original:
                return f"{where}{key} is not in the default language's file"
        for key in original:
            found = _difference(original[key], translated[key], f"{where}{key}: ")
            if found:
                return found
        return ""
    if original != translated:
        return f"{where}{translated!r} where the default language has {original!r}"
    return ""


def _translation_path(original: Path, language: str) -> Path | None:
    base = language.replace("_", "-").split("-")[0]
    for name in dict.fromkeys([language, language.replace("-", "_"), language.replace("_", "-"), base]):
        for suffix in (".yml", ".yaml"):
            path = original.with_name(f"{original.stem}.{name}{suffix}")
            if path.is_file():
                return path
    return None


def translate(exercise_set: ExerciseSet, language: str, base: Path) -> ExerciseSet:
    """The course's exercises in `language`: each from its translation file where it has one (checked to keep the
    default language's ids), else as it is, with a warning; all as they are, without one, where none has a
    translation into the language (a course whose exercises stay in one language). Workshop plans stay as they are."""
    translated = ExerciseSet(workshops=exercise_set.workshops)
    paths = {
        exercise_id: _translation_path(base / exercise.source.path, language) if exercise.source else None
        for exercise_id, exercise in exercise_set.exercises.items()
    }
    if not any(paths.values()):
        # No exercise is translated into this language: the course keeps its exercises in one language on purpose.
        translated.exercises.update(exercise_set.exercises)
        return translated
    for exercise_id, exercise in exercise_set.exercises.items():
        source = exercise.source
        original = base / source.path if source else None
        path = paths[exercise_id]
        if path is None:
            if source is not None:
                expected = original.with_name(f"{original.stem}.{language}{original.suffix}")  # type: ignore[union-attr]
                translated.problems.append(
                    Problem(
                        source.path,
                        source.line,
                        "",
                        f"no translation into '{language}' ({_relative(expected, base)}): its pages in that language "
                        "show the default language's text",
                        severity="warning",
                    )
                )
            translated.exercises[exercise_id] = exercise
            continue
        name = _relative(path, base)
        version, problems = load_exercise_file(path, name)
        translated.problems.extend(problems)
        if version is None:
            continue
        difference = ""
        if version.id != exercise.id:
            difference = f"its id is '{version.id}', not '{exercise.id}'"
        else:
            difference = _difference(answer_shape(exercise), answer_shape(version))
        if difference:
            translated.problems.append(
                Problem(
                    name,
                    version.source.line if version.source else 1,
                    "",
                    f"a translation keeps the ids, types and scales of {source.path if source else exercise.id} "
                    f"(the learner's answers are kept by them, in every language): {difference}",
                )
            )
            continue
        translated.exercises[exercise_id] = version
    return translated
