"""Find, read and validate every exercise file once, into model objects."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .checks import check_exercise, check_workshop
from .convert import INVALID, Converter
from .errors import Problem, WorkbookError
from .model import Exercise, SourceLocation, Workshop

__all__ = ["ExerciseSet", "load_exercise_file", "load_exercises", "load_workshops", "load_workshop_file", "EXERCISE_SUFFIXES", "MAX_FILE_BYTES"]

EXERCISE_SUFFIXES = (".yml", ".yaml")
MAX_FILE_BYTES = 1024 * 1024


@dataclass
class ExerciseSet:
    """All exercises (and workshop plans) of a course by id, and whatever was wrong with the files."""

    exercises: dict[str, Exercise] = field(default_factory=dict)
    workshops: dict[str, Workshop] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def raise_for_errors(self) -> None:
        if self.errors:
            raise WorkbookError(self.errors)


def _yaml_problem(path: str, error: yaml.YAMLError) -> Problem:
    mark = getattr(error, "problem_mark", None)
    line = mark.line + 1 if mark else 1
    problem = getattr(error, "problem", None) or str(error)
    if "'\\t'" in problem:
        return Problem(path, line, "", "a tab character is used for indentation; YAML needs spaces")
    context = getattr(error, "context", None)
    detail = f"{problem} ({context})" if context else problem
    return Problem(path, line, "", f"this is not valid YAML: {detail}")


# What a file holds, for messages about the whole file: the thing, one of it, and the keys it needs.
_EXERCISE_FILE = ("an exercise", "one exercise", "id, kind, title and minutes")
_WORKSHOP_FILE = ("a workshop plan", "one workshop plan", "id, title, group_size and days")


def _decode(path: str, data: bytes, what: tuple[str, str, str] = _EXERCISE_FILE) -> str | Problem:
    if len(data) > MAX_FILE_BYTES:
        return Problem(path, 1, "", f"the file is {len(data):,} bytes; an exercise file may be at most {MAX_FILE_BYTES:,}")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return Problem(path, line, "", f"the file is not UTF-8 text (byte 0x{data[error.start]:02x}); save it as UTF-8")
    if not text.strip() or all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()):
        return Problem(path, 1, "", f"the file is empty; expected {what[0]} with {what[2]}")
    return text


# libyaml reads a file about six times faster than PyYAML's pure-Python parser. It is used for files
# it reads exactly as the pure parser does; any file with a problem is read again by the pure parser,
# whose messages (and line numbers) are the ones the corpus tests pin down.
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)
# Text where the two parsers may disagree (fuzzing found some): tabs, characters the pure reader
# refuses, and line breaks other than \n, whose line counting is the parsers' own.
_NOT_FOR_LIBYAML = re.compile("[^\x0A\x20-\x7E\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]|[\u2028\u2029]")
MAX_DEPTH_MESSAGE = "lists or mappings are nested too deeply; an exercise needs only a few levels"


def _parse(path: Path, name: str, fast: bool = True, what: tuple[str, str, str] = _EXERCISE_FILE) -> tuple[yaml.Node, yaml.SafeLoader] | Problem:
    """The file's single YAML document as a node, or the one problem that stops reading it."""
    try:
        data = path.read_bytes()
    except OSError as error:
        return Problem(name, 1, "", f"cannot read the file: {error.strerror}")
    text = _decode(name, data, what)
    if isinstance(text, Problem):
        return text
    if fast and _FAST_LOADER is not None and not _NOT_FOR_LIBYAML.search(text):
        loader = _FAST_LOADER(text)
        try:
            return loader.get_single_node(), loader
        except yaml.YAMLError:
            pass  # read again below, for the pure parser's message
        finally:
            loader.dispose()
    try:
        # The reader refuses control characters when the loader is made, so that is inside the try too.
        loader = yaml.SafeLoader(text)
    except yaml.reader.ReaderError as error:
        line = text[: error.position].count("\n") + 1
        return Problem(name, line, "", f"the file contains a control character (U+{error.character:04X}) that YAML does not allow")
    try:
        return loader.get_single_node(), loader
    except yaml.composer.ComposerError as error:
        if "single document" in str(error):
            line = error.problem_mark.line + 1 if error.problem_mark else 1
            return Problem(name, line, "", f"found a second YAML document ('---'); put {what[1]} in each file")
        return _yaml_problem(name, error)
    except yaml.YAMLError as error:
        return _yaml_problem(name, error)
    except RecursionError:
        return Problem(name, 1, "", MAX_DEPTH_MESSAGE)
    finally:
        loader.dispose()


def _convert(path: Path, name: str, target: Any, fast: bool) -> tuple[Any, Converter | None, list[Problem]]:
    parsed = _parse(path, name, fast, _WORKSHOP_FILE if target is Workshop else _EXERCISE_FILE)
    if isinstance(parsed, Problem):
        return INVALID, None, [parsed]
    node, loader = parsed
    converter = Converter(name, loader)
    try:
        value = converter.convert(node, target, "")
    except RecursionError:
        return INVALID, None, [Problem(name, 1, "", MAX_DEPTH_MESSAGE)]
    if value is not INVALID:
        value = dataclasses.replace(value, source=SourceLocation(name, converter.lines.get("id", 1)))
    return value, converter, converter.problems


def load_exercise_file(path: Path, display: str | None = None, fast: bool = True) -> tuple[Exercise | None, list[Problem]]:
    """Read one file: the exercise if it is valid, and every problem found in it.

    `fast=False` reads with the pure-Python parser only (the fast path falls back to it for any file with a problem)."""
    name = display or str(path)
    exercise, converter, problems = _convert(path, name, Exercise, fast)
    if exercise is not INVALID and converter is not None:
        problems = problems + list(check_exercise(exercise, name, converter.lines))
    if problems and fast:
        return load_exercise_file(path, display, fast=False)
    if exercise is INVALID or any(p.severity == "error" for p in problems):
        return None, problems
    return exercise, problems


def load_workshop_file(path: Path, display: str, exercises: dict[str, Exercise], fast: bool = True) -> tuple[Workshop | None, list[Problem]]:
    """Read one workshop plan, checked against the course's exercises."""
    workshop, converter, problems = _convert(path, display, Workshop, fast)
    if workshop is not INVALID and converter is not None:
        problems = problems + list(check_workshop(workshop, exercises, display, converter.lines))
    if problems and fast:
        return load_workshop_file(path, display, exercises, fast=False)
    if workshop is INVALID or any(p.severity == "error" for p in problems):
        return None, problems
    return workshop, problems


def _relative(path: Path, base: Path) -> str:
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()


def exercise_files(directory: Path) -> list[Path]:
    """Every exercise file under a folder, in a stable order."""
    return sorted(p for p in directory.rglob("*") if p.suffix in EXERCISE_SUFFIXES and p.is_file() and not p.name.startswith("."))


# A file's bytes (their hash: two writes can share a clock tick) and what was read from them.
ReadCache = dict[tuple[Path, str], tuple[bytes, tuple[Exercise | None, list[Problem]]]]


def _read_once(path: Path, name: str, cache: ReadCache) -> tuple[Exercise | None, list[Problem]]:
    try:
        digest = hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
    except OSError:
        return load_exercise_file(path, name)  # which says what is wrong
    known = cache.get((path, name))
    if known is not None and known[0] == digest:
        return known[1]
    loaded = load_exercise_file(path, name)
    cache[(path, name)] = (digest, loaded)
    return loaded


def load_exercises(directory: Path, base: Path | None = None, files: Iterable[Path] | None = None, cache: ReadCache | None = None) -> ExerciseSet:
    """Load every exercise under `directory`; paths in messages are relative to `base`.

    With a `cache` kept between calls (as `mkdocs serve` rebuilds), a file whose bytes are unchanged is not
    parsed again; exercises are frozen, so sharing them between builds is safe."""
    base = base or directory.parent
    result = ExerciseSet()
    if not directory.is_dir():
        result.problems.append(Problem(_relative(directory, base), 1, "", "the exercises folder does not exist"))
        return result
    for path in files if files is not None else exercise_files(directory):
        name = _relative(path, base)
        exercise, problems = _read_once(path, name, cache) if cache is not None else load_exercise_file(path, name)
        result.problems.extend(problems)
        if exercise is None:
            continue
        first = result.exercises.get(exercise.id)
        if first is not None:
            assert exercise.source is not None
            message = f"duplicate exercise id '{exercise.id}'; it is already used by {first.source}"
            result.problems.append(Problem(name, exercise.source.line, "id", message))
            continue
        result.exercises[exercise.id] = exercise
    return result


def load_workshops(directory: Path, into: ExerciseSet, base: Path) -> None:
    """Add every workshop plan under `directory` to a loaded course; a missing folder means none."""
    if not directory.is_dir():
        return
    for path in exercise_files(directory):
        name = _relative(path, base)
        workshop, problems = load_workshop_file(path, name, into.exercises)
        into.problems.extend(problems)
        if workshop is None:
            continue
        first = into.workshops.get(workshop.id)
        if first is not None:
            assert workshop.source is not None
            into.problems.append(Problem(name, workshop.source.line, "id", f"duplicate workshop id '{workshop.id}'; it is already used by {first.source}"))
            continue
        into.workshops[workshop.id] = workshop
