"""The one reader of `/// name | argument` block headers in a page's Markdown: outside code fences, the way
pymdownx Blocks reads them (block names in any case), and loud about headers that Blocks would leave as text."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from ..errors import close_match

__all__ = ["BLOCKS", "EXERCISE_BLOCKS", "FACILITATOR_BLOCKS", "BlockHeader", "PageScan", "scan_headers", "scan_page"]

EXERCISE_BLOCKS = ("worksheet", "checklist")
# The blocks styled by facilitator.css: the facilitator's edition's own, which an author may embed in a learner's page.
FACILITATOR_BLOCKS = ("agenda", "run-sheet", "presenter", "workshops", "debrief")
# Our blocks and their argument: required, optional or none.
BLOCKS: dict[str, str | Literal[False] | None] = {
    "worksheet": "exercise id",
    "checklist": "exercise id",
    "agenda": "workshop id",
    "run-sheet": "workshop id",
    "presenter": "workshop id",
    "print-pack": None,
    "my-workbook": False,
    "workshops": False,
    "debrief": False,
}

# Any line that starts like a block header. pymdownx Blocks itself wants `[ ]{0,3}(/{3,})[ ]*([\w-]+)[ ]*(?:\|...)?$`:
# what it would not take is reported below, so that a mistyped header is not silently printed as text.
_HEADER = re.compile(
    r"^[ \t]*/{3,}[ \t]*(?P<name>[\w-]+)?(?P<between>[^|]*?)[ \t]*(?:\|[ \t]*(?P<argument>.*?))?[ \t]*$"
)
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")


@dataclass(frozen=True, slots=True)
class BlockHeader:
    """A header line of one of our blocks (line counted from 1 in the text given), or a mistake near one."""

    line: int
    name: str
    argument: str
    problem: str | None = None

    @property
    def is_exercise(self) -> bool:
        return self.problem is None and self.name in EXERCISE_BLOCKS


def scan_headers(markdown: str) -> list[BlockHeader]:
    """Our blocks' headers outside code fences, in page order; a line that looks meant as one of ours but that
    pymdownx Blocks would not read comes with a `problem` saying what to write instead."""
    headers = []
    fence = ""
    for number, line in enumerate(markdown.splitlines(), start=1):
        opening = _FENCE.match(line)
        if opening and (not fence or opening.group(1).startswith(fence)):
            fence = "" if fence else opening.group(1)
            continue
        match = None if fence else _HEADER.match(line)
        if match and match["name"]:
            header = _read(number, match)
            if header is not None:
                headers.append(header)
    return headers


@dataclass(frozen=True, slots=True)
class PageScan:
    """What a page embeds, as its Markdown says: what every host needs to know of a page before it is rendered."""

    exercise_ids: tuple[str, ...]  # in order, each once
    excluded: bool  # its front matter keeps its exercises out of the learner's workbook
    facilitator_blocks: bool  # an agenda, a run-sheet, a presenter view, the workshops' index or the debrief


def scan_page(markdown: str, front_matter: Callable[[str], Mapping[str, Any]]) -> PageScan:
    """Scan a page; `front_matter` reads its metadata the host's way, asked only of a page that embeds exercises.
    `workbook: exclude: true` keeps a page's exercises out of My workbook, the print pack and progress, as
    `search: exclude: true` keeps a page out of Material's search: an authors' gallery, say."""
    headers = scan_headers(markdown)
    ids = tuple(dict.fromkeys(header.argument for header in headers if header.is_exercise))
    options = front_matter(markdown).get("workbook") if ids else None
    return PageScan(
        ids,
        isinstance(options, dict) and options.get("exclude") is True,
        any(header.name in FACILITATOR_BLOCKS for header in headers),
    )


def _read(number: int, match: re.Match[str]) -> BlockHeader | None:
    written, between, argument = match["name"], match["between"].strip(), (match["argument"] or "").strip()
    name = written.lower()
    if name not in BLOCKS:
        meant = close_match(name, BLOCKS)
        if meant is None:
            return None  # another extension's block (details, admonition, ...)
        return BlockHeader(
            number,
            name,
            argument,
            f"unknown block '{written}' (did you mean '{meant}'?): write /// {meant}{_tail(meant, argument)}",
        )
    wants = BLOCKS[name]
    if between:  # `/// worksheet good`, `/// checklist: good`: Blocks reads no argument without the bar
        fixed = f"{between.lstrip(':;,.')} {argument}".strip()
        return BlockHeader(
            number,
            name,
            fixed,
            f"'{written}{match['between'].rstrip()}' is not a block header: write /// {name}{_tail(name, fixed)}",
        )
    if wants and not argument:
        return BlockHeader(
            number,
            name,
            "",
            f"/// {name} needs {'an' if wants[0] in 'aeiou' else 'a'} {wants}: write /// {name}{_tail(name, '')}",
        )
    if wants is False and match["argument"] is not None:
        return BlockHeader(number, name, argument, f"/// {name} takes no argument: write /// {name}")
    return BlockHeader(number, name, argument)


def _tail(name: str, argument: str) -> str:
    return f" | {argument or '<' + str(BLOCKS[name]) + '>'}" if BLOCKS[name] else ""
