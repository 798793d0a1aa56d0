"""What the extension reads itself where no plugin tells it: the docs folder's pages, in the nav's order, with their
URLs, titles and exercises; read once per state of the folders, so once per build and again after an edit."""

from __future__ import annotations

import fnmatch
import json
import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..blocks.headers import scan_page
from ..blocks.host import Chapter, WorkshopPages
from ..blocks.pages import PRINT_PACK, WORKSHOPS_INDEX, workshop_uris
from ..reading.loader import ExerciseSet, ReadCache, load_exercises, load_workshops
from ..rendering.render import uid_for

__all__ = ["Course", "Folders", "MY_WORKBOOK_SCRIPT", "front_matter", "page_url"]

log = logging.getLogger("workbook")

MY_WORKBOOK_SCRIPT = "workbook/my-workbook.js"
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_HEADING = re.compile(r"^#[ \t]+(.+?)[ \t#]*$", re.MULTILINE)


@dataclass(frozen=True)
class Folders:
    """Where the course is, and how the host lays out its site."""

    root: Path
    docs: Path
    exercises: Path
    workshops: Path | None
    # The nav as the host has it, as JSON (the course is kept per Folders): MkDocs' shorthand (`- Title: page.md`) or
    # Zensical's items ({"title", "url", "children"}); null for the pages in file order.
    nav: str = "null"
    use_directory_urls: bool = True
    exclude_docs: str = ""


@dataclass
class Course:
    """The exercises, the workshop plans and the pages of one state of the folders."""

    exercise_set: ExerciseSet
    outline: list[Chapter] = field(default_factory=list)
    exercise_pages: dict[str, str] = field(default_factory=dict)
    workshop_pages: dict[str, WorkshopPages] = field(default_factory=dict)
    workshops_index: str | None = None
    print_pack: str | None = None
    my_workbook_script: str | None = None
    # Page file (relative to the docs folder) -> its URL, for links to pages in exercises' text.
    urls: dict[str, str] = field(default_factory=dict)


_courses: dict[Folders, tuple[tuple[Any, ...], Course]] = {}
_read_cache: ReadCache = {}


def course(folders: Folders) -> Course:
    """The course as the folders are now: read again only when a file was added, removed or changed."""
    stamp = _stamp(folders)
    known = _courses.get(folders)
    if known is not None and known[0] == stamp:
        return known[1]
    read = _read(folders)
    _courses[folders] = (stamp, read)
    return read


def _stamp(folders: Folders) -> tuple[Any, ...]:
    stamps = []
    for folder in (folders.docs, folders.exercises, folders.workshops):
        if folder is None:
            continue
        for directory, _, names in os.walk(folder):
            for name in names:
                if name.endswith((".md", ".yml", ".yaml")):
                    stat = os.stat(os.path.join(directory, name))
                    stamps.append((directory, name, stat.st_mtime_ns, stat.st_size))
    return tuple(sorted(stamps))


def _read(folders: Folders) -> Course:
    exercise_set = load_exercises(folders.exercises, folders.root, cache=_read_cache)
    if folders.workshops is not None:
        load_workshops(folders.workshops, exercise_set, folders.root)
    exercise_set.raise_for_errors()
    for warning in exercise_set.warnings:
        log.warning("%s", warning)

    result = Course(exercise_set)
    sources = sorted(
        path.relative_to(folders.docs).as_posix()
        for path in folders.docs.rglob("*.md")
        if not _excluded(path.relative_to(folders.docs).as_posix(), folders.exclude_docs)
    )
    result.urls = {source: page_url(source, folders.use_directory_urls) for source in sources}
    nav = json.loads(folders.nav)
    titles = dict(_nav_pages(nav)) if nav else {}
    in_order = [source for source in titles if source in result.urls]
    in_order += [source for source in sources if source not in titles]
    for source in in_order:
        text = (folders.docs / source).read_text(encoding="utf-8")
        found = scan_page(text, lambda text: front_matter(text)[0])
        url = result.urls[source]
        for exercise_id in found.exercise_ids:
            result.exercise_pages.setdefault(exercise_id, f"{url}#{uid_for(exercise_id, 1)}")
        if found.exercise_ids and not found.excluded:
            title = titles.get(source) or _title(text, front_matter(text)[0], source)
            result.outline.append(Chapter(title, url, found.exercise_ids))

    result.print_pack = result.urls.get(PRINT_PACK)
    if (folders.docs / MY_WORKBOOK_SCRIPT).is_file():
        result.my_workbook_script = MY_WORKBOOK_SCRIPT
    result.workshops_index = result.urls.get(WORKSHOPS_INDEX)
    for workshop_id, workshop in exercise_set.workshops.items():
        uris = workshop_uris(workshop_id)
        if all(uri in result.urls for uri in uris):
            agenda, run_sheet, handouts = (result.urls[uri] for uri in uris)
            result.workshop_pages[workshop_id] = WorkshopPages(agenda, run_sheet, handouts, title=workshop.title)
    return result


def _nav_pages(nav: Any) -> list[tuple[str, str | None]]:
    """(page file, title or None) for every page of the nav, in order."""
    pages: list[tuple[str, str | None]] = []

    def walk(item: Any, title: str | None = None) -> None:
        if isinstance(item, list):
            for child in item:
                walk(child)
        elif isinstance(item, str):
            if item.endswith(".md") and "://" not in item:
                pages.append((item.lstrip("/"), title))
        elif isinstance(item, dict) and "children" in item:  # Zensical's
            if item.get("url"):
                walk(item["url"], item.get("title"))
            walk(item.get("children") or [])
        elif isinstance(item, dict):
            for key, value in item.items():
                walk(value, str(key))

    walk(nav)
    return pages


def _title(text: str, meta: dict[str, Any], source: str) -> str:
    if meta.get("title"):
        return str(meta["title"])
    heading = _HEADING.search(text)
    if heading:
        return heading[1]
    name = Path(source).stem
    return name.replace("-", " ").replace("_", " ").capitalize()


def front_matter(text: str) -> tuple[dict[str, Any], int]:
    """A page's YAML front matter and how many lines it takes (with the blank lines after it)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, 0
    try:
        meta = yaml.safe_load(match[1] or "") or {}
    except yaml.YAMLError:
        meta = {}
    rest = text[match.end() :]
    lines = match[0].count("\n") + (len(rest) - len(rest.lstrip("\n")))
    return (meta if isinstance(meta, dict) else {}), lines


def page_url(source: str, use_directory_urls: bool = True) -> str:
    """A page file's site URL, as MkDocs and Zensical make it."""
    stem = source[: -len(".md")]
    if not use_directory_urls:
        return stem + ".html"
    folder, _, name = stem.rpartition("/")
    if name in ("index", "README"):
        return f"{folder}/" if folder else ""
    return stem + "/"


def _excluded(source: str, patterns: str) -> bool:
    """Whether `exclude_docs` (gitignore-style lines) leaves a page out."""
    parts = source.split("/")
    for line in patterns.splitlines():
        pattern = line.strip()
        if not pattern or pattern.startswith(("#", "!")):
            continue
        folder_only = pattern.endswith("/")
        anchored = "/" in pattern.rstrip("/")
        pattern = pattern.strip("/")
        last = len(parts) - 1 if folder_only else len(parts)
        for end in range(1, last + 1):
            candidate = "/".join(parts[:end]) if anchored else parts[end - 1]
            if fnmatch.fnmatchcase(candidate, pattern):
                return True
    return False
