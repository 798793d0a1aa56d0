"""Find, read and validate every exercise file once, into model objects."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any

import yaml

from ..errors import Problem, WorkbookError
from ..model.checks import check_exercise, check_workshop
from ..model.types import Exercise, SourceLocation, Workshop
from .convert import INVALID, File, Stop, convert
from .links import link_problems

__all__ = [
    "ExerciseSet",
    "load_exercise_file",
    "load_exercises",
    "load_workshops",
    "load_workshop_file",
    "EXERCISE_SUFFIXES",
    "MAX_FILE_BYTES",
    "UNEXPECTED",
]

EXERCISE_SUFFIXES = (".yml", ".yaml")
# A translation of an exercise, beside it (`<name>.<language>.yml`: fr, pt-BR, pt_BR; translations.py reads it):
# exercise files have no other dot in their names, so nothing else is taken for one.
TRANSLATION_FILE = re.compile(r"^[^.]+\.(?P<language>[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?)\.ya?ml$")
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
    for start, plain in _YAML_IN_PLAIN_WORDS:
        if problem.startswith(start):
            return Problem(path, line, "", f"this is not valid YAML: {plain} (YAML says: {detail})")
    return Problem(path, line, "", f"this is not valid YAML: {detail}")


# PyYAML's words for the usual slips, and what the author most likely did.
_YAML_IN_PLAIN_WORDS = (
    (
        "expected <block end>",
        "this line is indented differently from the lines above it; keys of one mapping, and the "
        "'- ' of the entries of one list, must start in the same column",
    ),
    (
        "did not find expected key",
        "this line is indented differently from the keys above it; keys of one mapping must start in the same column",
    ),
    (
        "did not find expected '-' indicator",
        "this line is indented differently from the list entries above it; every entry "
        "of a list starts with '- ' in the same column",
    ),
    (
        "mapping values are not allowed here",
        "a ': ' where YAML cannot take it: a value holding a colon and a space needs "
        'quotes (label: "Note: this"), or a key is indented deeper than the key above',
    ),
    (
        "could not find expected ':'",
        "a line that is neither 'key: value' nor '- entry': a colon left out, or a text that "
        "goes on to the next line without quotes",
    ),
    ("found unexpected end of stream", "a quote is opened and never closed"),
)


# What a file holds, for messages about the whole file: the thing, one of it, and the keys it needs.
_EXERCISE_FILE = ("an exercise", "one exercise", "id, kind, title and minutes")
_WORKSHOP_FILE = ("a workshop plan", "one workshop plan", "id, title, group_size and days")


def _decode(path: str, data: bytes, what: tuple[str, str, str] = _EXERCISE_FILE) -> str | Problem:
    if len(data) > MAX_FILE_BYTES:
        return Problem(
            path, 1, "", f"the file is {len(data):,} bytes; an exercise file may be at most {MAX_FILE_BYTES:,}"
        )
    try:
        # Every byte-order mark at the start, not only the first: an editor that adds one to a file that already
        # has one leaves two, and YAML reads the second as text.
        text = data.decode("utf-8-sig").lstrip("\ufeff")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return Problem(path, line, "", f"the file is not UTF-8 text (byte 0x{data[error.start]:02x}); save it as UTF-8")
    content = text.lstrip()
    # Most files start with a key; only one that starts with a comment needs a look at every line.
    if (
        not content
        or content[0] == "#"
        and all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())
    ):
        return Problem(path, 1, "", f"the file is empty; expected {what[0]} with {what[2]}")
    return text


# libyaml reads a file several times faster than PyYAML's pure-Python parser. A file either one finds fault
# with is read again by the pure parser, whose messages (and line numbers) are the ones the corpus tests pin down.
_FAST_LOADER = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader

# Text where the two parsers may disagree (fuzzing found some): tabs, characters the pure reader
# refuses, and line breaks other than \n, whose line counting is the parsers' own.
_NOT_FOR_LIBYAML = re.compile("[^\x0a\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029]")
# The same for ASCII text, as bytes, checked much faster (most files are ASCII).
_NOT_FOR_LIBYAML_ASCII = bytes(range(0x0A)) + bytes(range(0x0B, 0x20)) + b"\x7f"
# The start of the message for a file whose reading raised an exception of ours (a bug): tests look for it.
UNEXPECTED = "this file could not be read"
MAX_DEPTH_MESSAGE = "lists or mappings are nested too deeply; an exercise needs only a few levels"


# A file as read: its bytes (for the libyaml check and the serve cache's hash) and its text.
Read = tuple[bytes, str]


def _read(path: Path, name: str, what: tuple[str, str, str]) -> Read | Problem:
    """The file, read once for everything that looks at it, or the one problem that stops reading it."""
    try:
        data = _read_bytes(path)
    except OSError as error:
        return Problem(name, 1, "", f"cannot read the file: {error.strerror}")
    except Exception as error:  # a path the system will not open at all, say
        return _unexpected(name, error)
    text = _decode(name, data, what)
    return text if isinstance(text, Problem) else (data, text)


def _read_bytes(path: Path) -> bytes:
    # Faster than Path.read_bytes, which goes through a buffered file object; thousands of files add up.
    descriptor = os.open(path, os.O_RDONLY)
    try:
        size = os.fstat(descriptor).st_size
        chunks = [os.read(descriptor, size + 1)]
        while chunks[-1]:  # a file that grew since, or one whose size says nothing (a pipe)
            chunks.append(os.read(descriptor, 1 << 16))
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def _for_libyaml(data: bytes, text: str) -> bool:
    if data.isascii():
        return len(data.translate(None, _NOT_FOR_LIBYAML_ASCII)) == len(data)
    return _NOT_FOR_LIBYAML.search(text) is None


def _parse(
    name: str, text: str, what: tuple[str, str, str] = _EXERCISE_FILE
) -> tuple[yaml.Node, yaml.SafeLoader] | Problem:
    """The file's single YAML document as a node, or the one problem that stops reading it."""
    try:
        # The reader refuses control characters when the loader is made, so that is inside the try too.
        loader = yaml.SafeLoader(text)
    except yaml.reader.ReaderError as error:
        line = text[: error.position].count("\n") + 1
        return Problem(
            name, line, "", f"the file contains a control character (U+{error.character:04X}) that YAML does not allow"
        )
    try:
        node = loader.get_single_node()
        if node is None:  # no document at all (only a directive, say); not even `key:` with nothing after it
            return Problem(name, 1, "", f"the file is empty; expected {what[0]} with {what[2]}")
        return node, loader
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


# The rules a converted file must pass that span several of its values, given the lines of its values and
# whether any of its Markdown texts may hold a link (File.links; the link check is skipped when none can).
Check = Callable[[Any, dict[str, int], bool], Iterable[Problem]]


def _unexpected(name: str, error: Exception) -> Problem:
    """What a file gets when reading it raised something we did not foresee: a located problem, not a traceback."""
    return Problem(
        name, 1, "", f"{UNEXPECTED} ({type(error).__name__}: {error}); please report this as a bug of mkdocs-workbook"
    )


def _load(
    name: str, read: Read | Problem, target: Any, check: Check, texts: dict[str, str] | None = None
) -> tuple[Any, list[Problem]]:
    try:
        return _load_unguarded(name, read, target, check, texts)
    except Exception as error:  # whatever a file holds, the build gets a located problem for it
        return None, [_unexpected(name, error)]


def _load_unguarded(
    name: str, read: Read | Problem, target: Any, check: Check, texts: dict[str, str] | None
) -> tuple[Any, list[Problem]]:
    """One file's model object (None if anything in it is an error) and every problem found in it.

    Most files have none: libyaml reads them and the converter stops at the first problem. A file that libyaml
    reads and converts but whose checks find something (a warning, say) is converted again carefully from the
    same nodes, for the lines of the checks' messages. Any other file with a problem is read again by the pure
    parser and converted carefully, for every message and its line."""
    if isinstance(read, Problem):
        return None, [read]
    data, text = read
    if _for_libyaml(data, text):
        loader = _FAST_LOADER(text)
        quick = File(name, loader, careful=False, texts=texts)
        try:
            node = loader.get_single_node()
            value = None if node is None else convert(node, target, quick)
        except (yaml.YAMLError, Stop, RecursionError):
            value = None
        finally:
            loader.dispose()
        if value is not None:
            if next(iter(check(value, {}, quick.links)), None) is None:
                return _located(value, name, node), []
            # libyaml counts lines as the pure parser does in text _for_libyaml lets through (_located relies
            # on that too), and a careless conversion without a problem means a careful one finds none.
            return _checked(name, node, target, File(name, loader, careful=True, texts=texts), check)
    parsed = _parse(name, text, _WORKSHOP_FILE if target is Workshop else _EXERCISE_FILE)
    if isinstance(parsed, Problem):
        return None, [parsed]
    node, loader = parsed
    return _checked(name, node, target, File(name, loader, careful=True, texts=texts), check)


def _checked(name: str, node: yaml.Node, target: Any, file: File, check: Check) -> tuple[Any, list[Problem]]:
    """`node` converted carefully and checked: the model object (None if anything is an error) and every problem."""
    try:
        value = convert(node, target, file)
    except RecursionError:
        return None, [Problem(name, 1, "", MAX_DEPTH_MESSAGE)]
    if value is INVALID:
        return None, sorted(file.problems, key=lambda problem: problem.line)  # in the order of the file
    problems = file.problems + list(check(value, file.lines or {}, file.links))
    if any(p.severity == "error" for p in problems):
        return None, problems
    return _located(value, name, node), problems


def _located(value: Any, name: str, node: yaml.Node) -> Any:
    # The line of its id, which messages about the whole exercise or plan point to.
    line = next((v.start_mark.line + 1 for k, v in node.value if k.value == "id"), 1)
    return dataclasses.replace(value, source=SourceLocation(name, line))


def load_exercise_file(
    path: Path, display: str | None = None, texts: dict[str, str] | None = None
) -> tuple[Exercise | None, list[Problem]]:
    """Read one file: the exercise if it is valid, and every problem found in it.

    `texts`, shared by the files of one load, keeps each text they repeat (ids, scale labels, band names) once."""
    name = display or str(path)
    return _load_exercise(name, _read(path, name, _EXERCISE_FILE), texts)


def _load_exercise(
    name: str, read: Read | Problem, texts: dict[str, str] | None
) -> tuple[Exercise | None, list[Problem]]:
    return _load(
        name,
        read,
        Exercise,
        lambda exercise, lines, links: chain(
            check_exercise(exercise, name, lines), link_problems(exercise, name, lines) if links else ()
        ),
        texts,
    )


def load_workshop_file(
    path: Path, display: str, exercises: dict[str, Exercise]
) -> tuple[Workshop | None, list[Problem]]:
    """Read one workshop plan, checked against the course's exercises."""
    read = _read(path, display, _WORKSHOP_FILE)
    return _load(
        display,
        read,
        Workshop,
        lambda workshop, lines, links: chain(
            link_problems(workshop, display, lines) if links else (),
            check_workshop(workshop, exercises, display, lines),
        ),
    )


def _relative(path: Path, base: Path) -> str:
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()


def exercise_files(directory: Path) -> list[Path]:
    """Every exercise file under a folder (not under a link to a folder), in a stable order."""
    # os.scandir rather than Path.rglob: it knows which entries are files without a stat() of each.
    found, folders = [], [directory]
    while folders:
        try:
            entries = list(os.scandir(folders.pop()))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                folders.append(Path(entry.path))
            elif (
                entry.name.endswith(EXERCISE_SUFFIXES)
                and not entry.name.startswith(".")
                and not TRANSLATION_FILE.match(entry.name)
                and entry.is_file()
            ):
                found.append(Path(entry.path))
    return sorted(found)


# A file's bytes (their hash: two writes can share a clock tick) and what was read from them.
ReadCache = dict[tuple[Path, str], tuple[bytes, tuple[Exercise | None, list[Problem]]]]


def _read_once(path: Path, name: str, cache: ReadCache, texts: dict[str, str]) -> tuple[Exercise | None, list[Problem]]:
    read = _read(path, name, _EXERCISE_FILE)
    if isinstance(read, Problem):
        return None, [read]
    digest = hashlib.blake2b(read[0], digest_size=16).digest()
    known = cache.get((path, name))
    if known is not None and known[0] == digest:
        return known[1]
    loaded = _load_exercise(name, read, texts)
    cache[(path, name)] = (digest, loaded)
    return loaded


def load_exercises(
    directory: Path, base: Path | None = None, files: Iterable[Path] | None = None, cache: ReadCache | None = None
) -> ExerciseSet:
    """Load every exercise under `directory`; paths in messages are relative to `base`.

    With a `cache` kept between calls (as `mkdocs serve` rebuilds), a file whose bytes are unchanged is not
    parsed again; exercises are frozen, so sharing them between builds is safe."""
    base = base or directory.parent
    result = ExerciseSet()
    if not directory.is_dir():
        result.problems.append(Problem(_relative(directory, base), 1, "", "the exercises folder does not exist"))
        return result
    texts: dict[str, str] = {}
    for path in files if files is not None else exercise_files(directory):
        name = _relative(path, base)
        exercise, problems = (
            _read_once(path, name, cache, texts) if cache is not None else load_exercise_file(path, name, texts=texts)
        )
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
            into.problems.append(
                Problem(
                    name,
                    workshop.source.line,
                    "id",
                    f"duplicate workshop id '{workshop.id}'; it is already used by {first.source}",
                )
            )
            continue
        into.workshops[workshop.id] = workshop
