"""`workbook zensical`: writes into a project what Zensical cannot generate (it runs Markdown extensions, not MkDocs
plugins): the assets, the extra pages, and the config entries. Safe to run again; returns what it changed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..blocks.headers import scan_page
from ..blocks.pages import (
    FACILITATOR_DIR,
    FACILITATOR_STYLESHEET,
    MESSAGES_SCRIPT,
    STYLESHEETS,
    WORKSHOPS_INDEX,
    course_pages,
    workshop_pages,
    workshop_uris,
)
from ..messages import Catalogue, load_catalogue
from ..model.types import slugify
from ..reading.loader import load_exercises, load_workshops
from ..rendering.minify import minify_css, minify_js
from ..rendering.paper import PAGE, PAGES, PAPER_STYLESHEET, paper_css

__all__ = ["ASSETS", "SCRIPTS", "STYLESHEETS", "prepare"]

ASSETS_DIR = Path(__file__).parents[1] / "assets"
SCRIPTS = ["workbook/workbook.js"]
# My workbook's script is loaded by that page only, from inside it.
ASSETS = ["workbook/workbook.css", "workbook/print.css", "workbook/workbook.js", "workbook/my-workbook.js"]
# In every page this command writes: a page without it is the author's own, and is left alone.
MARK = "<!-- Written by `workbook zensical`: run it again to update this page; remove this line to keep your edits. -->"
_EXCLUDE = f"/{FACILITATOR_DIR}"


class _Loader(yaml.SafeLoader):
    """Reads any mkdocs.yml: tags such as !!python/name: or !ENV are kept as text, not run."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)


class _Dumper(yaml.SafeDumper):
    """Writes text of several lines (exclude_docs) as a block, the way people write it."""


_Dumper.add_representer(
    str,
    lambda dumper, text: dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|" if "\n" in text else None),
)


def _dump(value: Any) -> str:
    return yaml.dump(value, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=120)


@dataclass
class Settings:
    """The workbook's settings, from the MkDocs plugin's entry (which Zensical skips) or the extension's."""

    edition: str
    exercises_dir: str
    workshops_dir: str
    storage_namespace: str
    templates_dir: str
    paper_size: str
    paper_margin: str
    paper_footer: str
    language: str
    messages_dir: str

    @property
    def messages_script(self) -> str:
        """The catalogue for the scripts, named as the MkDocs plugin names it."""
        return MESSAGES_SCRIPT.format(language=self.language)

    def catalogue(self, root: Path) -> Catalogue:
        return load_catalogue(self.language, root / self.messages_dir if self.messages_dir else None)

    def extension_options(self) -> dict[str, str]:
        options = {
            "edition": self.edition,
            "exercises_dir": self.exercises_dir,
            "workshops_dir": self.workshops_dir,
            "storage_namespace": self.storage_namespace,
            "language": self.language,
        }
        if self.templates_dir:
            options["templates_dir"] = self.templates_dir
        if self.messages_dir:
            options["messages_dir"] = self.messages_dir
        return options


def prepare(config_file: Path) -> list[str]:
    """Make the project of `config_file` build with Zensical; what was changed, one line each."""
    root = config_file.resolve().parent
    text = config_file.read_text(encoding="utf-8")
    own = _load(text)
    config = _effective(config_file)
    settings = _settings(config)
    docs = root / str(config.get("docs_dir") or "docs")
    changed: list[str] = []

    def write(relative: str, content: str, ours_only: bool = False) -> None:
        path = docs / relative
        shown = path.relative_to(root).as_posix()
        if path.is_file():
            old = path.read_text(encoding="utf-8")
            if old == content:
                return
            if ours_only and MARK not in old:
                changed.append(f"kept {shown}: your own page (it does not have the line this command writes)")
                return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
        changed.append(f"wrote {shown}")

    facilitator_blocks = settings.edition == "facilitator" or _embeds_facilitator_blocks(docs)
    stylesheets = [STYLESHEETS[0], FACILITATOR_STYLESHEET, *STYLESHEETS[1:]] if facilitator_blocks else STYLESHEETS
    for name in [*ASSETS, FACILITATOR_STYLESHEET] if facilitator_blocks else ASSETS:
        source = (ASSETS_DIR / name).read_text(encoding="utf-8")
        write(name, minify_css(source) if name.endswith(".css") else minify_js(source))
    catalogue = settings.catalogue(root)
    write(settings.messages_script, minify_js(catalogue.script()))
    footer = settings.paper_footer or str(config.get("site_name") or "")
    page_of = catalogue.text("print.page_of", page=PAGE, pages=PAGES)
    write(PAPER_STYLESHEET, minify_css(paper_css(footer, settings.paper_size, settings.paper_margin, page_of)))

    pages = course_pages(catalogue)
    workshops: dict[str, str] = {}
    if settings.edition == "facilitator":
        exercise_set = load_exercises(root / settings.exercises_dir, root)
        load_workshops(root / settings.workshops_dir, exercise_set, root)
        exercise_set.raise_for_errors()
        workshops = {w.id: w.title for w in exercise_set.workshops.values()}
        pages += workshop_pages(workshops, catalogue)
    for page in pages:
        markdown = page.markdown()
        head, _, body = markdown.partition("\n---\n")
        write(page.src_uri, f"{head}\n---\n\n{MARK}\n{body.lstrip()}", ours_only=True)

    entries: list[tuple[str, Any]] = [
        ("markdown_extensions", _with_extension(config.get("markdown_extensions"), settings.extension_options())),
        ("extra_css", _with_items(config.get("extra_css"), stylesheets)),
        ("extra_javascript", _with_items(config.get("extra_javascript"), [settings.messages_script, *SCRIPTS])),
        ("watch", _with_items(config.get("watch"), _watched(root, settings))),
    ]
    excludes = [line for line in str(config.get("exclude_docs") or "").splitlines() if line.strip()]
    if settings.edition == "learner" and _EXCLUDE not in excludes:
        entries.append(("exclude_docs", "\n".join([*excludes, _EXCLUDE]) + "\n"))
    elif settings.edition == "facilitator" and _EXCLUDE in excludes:
        entries.append(("exclude_docs", "".join(f"{line}\n" for line in excludes if line != _EXCLUDE)))
    if config.get("nav"):
        entries.append(("nav", _with_nav(config["nav"], docs, settings, workshops, catalogue)))

    new_text = text
    for key, value in entries:
        if value is None or value == config.get(key):
            continue
        new_text = _set_key(new_text, own, key, value, config_file)
        changed.append(f"set {key} in {config_file.name}")
    if new_text != text:
        _load(new_text)  # never leave a config file that does not read
        config_file.write_text(new_text, encoding="utf-8")
    return changed


def _load(text: str) -> dict[str, Any]:
    loaded = yaml.load(text, Loader=_Loader)  # noqa: S506 (a SafeLoader that reads tags as nothing)
    return loaded if isinstance(loaded, dict) else {}


def _effective(config_file: Path) -> dict[str, Any]:
    """The config as MkDocs and Zensical read it: INHERIT's file first, this one's keys over it."""
    config = _load(config_file.read_text(encoding="utf-8"))
    parent = config.pop("INHERIT", None)
    if not parent:
        return config
    return _merged(_effective(config_file.parent / str(parent)), config)


def _merged(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    result = dict(base)
    for key, value in over.items():
        both_dicts = isinstance(value, dict) and isinstance(result.get(key), dict)
        result[key] = _merged(result[key], value) if both_dicts else value
    return result


def _settings(config: dict[str, Any]) -> Settings:
    options: dict[str, Any] = {}
    for entry in config.get("plugins") or []:
        if isinstance(entry, dict) and "workbook" in entry:
            options = entry["workbook"] or {}
    if isinstance(config.get("plugins"), dict):
        options = config["plugins"].get("workbook") or {}
    if not options:
        for entry in config.get("markdown_extensions") or []:
            if isinstance(entry, dict) and "workbook" in entry:
                options = entry["workbook"] or {}
    return Settings(
        edition=str(options.get("edition", "learner")),
        exercises_dir=str(options.get("exercises_dir", "exercises")),
        workshops_dir=str(options.get("workshops_dir", "workshops")),
        storage_namespace=str(options.get("storage_namespace") or slugify(str(config.get("site_name") or "workbook"))),
        templates_dir=str(options.get("templates_dir") or ""),
        paper_size=str(options.get("paper_size", "A4")),
        paper_margin=str(options.get("paper_margin", "15mm")),
        paper_footer=str(options.get("paper_footer") or ""),
        language=str(options.get("language") or (config.get("theme") or {}).get("language") or "en"),
        messages_dir=str(options.get("messages_dir") or ""),
    )


def _embeds_facilitator_blocks(docs: Path) -> bool:
    """Whether a page of the learner's edition (outside facilitator/) embeds an agenda, a run-sheet or the like."""
    return any(
        scan_page(path.read_text(encoding="utf-8", errors="replace"), lambda _: {}).facilitator_blocks
        for path in docs.rglob("*.md")
        if not path.relative_to(docs).as_posix().startswith(FACILITATOR_DIR)
    )


def _watched(root: Path, settings: Settings) -> list[str]:
    folders = [settings.exercises_dir, settings.workshops_dir, settings.templates_dir]
    return [folder for folder in folders if folder and (root / folder).is_dir()]


def _with_items(current: Any, wanted: list[str]) -> list[Any]:
    """`current` with what it lacks of `wanted`, each before the next of `wanted` it has (stylesheets keep their order)."""
    items = list(current or [])
    for position, item in enumerate(wanted):
        if item not in items:
            following = [items.index(later) for later in wanted[position + 1 :] if later in items]
            items.insert(following[0] if following else len(items), item)
    return items


def _with_extension(current: Any, options: dict[str, str]) -> list[Any]:
    items = list(current or [])
    for index, item in enumerate(items):
        if item == "workbook" or (isinstance(item, dict) and "workbook" in item):
            items[index] = {"workbook": options}
            return items
    return [*items, {"workbook": options}]


def _with_nav(
    nav: list[Any], docs: Path, settings: Settings, workshops: dict[str, str], catalogue: Catalogue
) -> list[Any]:
    """The nav with My workbook and the print pack at its end, and a Facilitator section in that edition."""
    listed = yaml.safe_dump(nav)
    items = list(nav)
    for page in course_pages(catalogue):
        if page.src_uri not in listed:
            items.append({page.title: page.src_uri})
    if settings.edition == "facilitator" and FACILITATOR_DIR not in listed:
        section: list[Any] = [f"{FACILITATOR_DIR}index.md"] if (docs / FACILITATOR_DIR / "index.md").is_file() else []
        section.append(WORKSHOPS_INDEX)
        section += [{title: workshop_uris(workshop_id)[0]} for workshop_id, title in workshops.items()]
        items.append({catalogue.text("nav.facilitator"): section})
    return items


_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:")


def _set_key(text: str, own: dict[str, Any], key: str, value: Any, config_file: Path) -> str:
    """`text` with the top-level `key` set to `value`: new list items added under the file's own (comments and tags
    kept), or the key written whole when this file does not have it yet (with INHERIT) or it is not a plain list."""
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if (m := _TOP_KEY.match(line)) and m[1] == key), None)
    dumped = _dump({key: value})
    if start is None:
        if key == "markdown_extensions" and "INHERIT" in own:
            return _with_parent_block(text, key, value, config_file)
        return text.rstrip("\n") + "\n\n" + dumped
    end = start + 1
    while end < len(lines) and not _TOP_KEY.match(lines[end]) and not lines[end].startswith("INHERIT"):
        end += 1
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    block = lines[start:end]
    current = own.get(key)
    if isinstance(value, list) and isinstance(current, list) and block[0].split(":", 1)[1].split("#")[0].strip() == "":
        return "".join(lines[:start] + _list_block(block, current, value) + lines[end:])
    return "".join([*lines[:start], dumped, *lines[end:]])


def _list_block(block: list[str], current: list[Any], value: list[Any]) -> list[str]:
    """A block-style list's lines with the items of `value` that differ from `current`: changed items are rewritten,
    new ones added at the end, in the block's indentation; every other line as it was."""
    first = next((line for line in block[1:] if line.lstrip().startswith("- ")), "  - x")
    indent = first[: len(first) - len(first.lstrip())]
    item_starts = [i for i, line in enumerate(block) if i and line.startswith(indent + "- ")]
    bounds = list(zip(item_starts, [*item_starts[1:], len(block)], strict=True))
    result = list(block)
    for index in reversed(range(min(len(current), len(bounds)))):
        if index < len(value) and value[index] != current[index]:
            begin, stop = bounds[index]
            while stop > begin + 1 and not result[stop - 1].strip():
                stop -= 1
            result[begin:stop] = _items([value[index]], indent)
    tail = len(result)
    while tail > 1 and not result[tail - 1].strip():
        tail -= 1
    if result[tail - 1] and not result[tail - 1].endswith("\n"):
        result[tail - 1] += "\n"
    return result[:tail] + _items(value[len(current) :], indent) + result[tail:]


def _items(items: list[Any], indent: str) -> list[str]:
    if not items:
        return []
    dumped = _dump(items)
    return [f"{indent}{line}\n" for line in dumped.splitlines()]


def _with_parent_block(text: str, key: str, value: list[Any], config_file: Path) -> str:
    """A key that INHERIT's file has and this one does not: its block copied from there (with its comments and tags,
    which a dump would lose), then set here. Lists are not merged by INHERIT."""
    parent_file = config_file.parent / str(_load(text)["INHERIT"])
    parent_text = parent_file.read_text(encoding="utf-8")
    lines = parent_text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if (m := _TOP_KEY.match(line)) and m[1] == key), None)
    if start is None:
        return text + _dump({key: value})
    end = start + 1
    while end < len(lines) and not _TOP_KEY.match(lines[end]):
        end += 1
    copied = "".join(lines[start:end]).rstrip("\n") + "\n"
    joined = text.rstrip("\n") + "\n\n" + copied
    return _set_key(joined, _load(joined), key, value, config_file)
