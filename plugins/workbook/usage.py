"""Where chapters embed exercises: a plain scan of Markdown sources, skipping fenced code."""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["block_headers"]

_BLOCK = re.compile(r"^[ \t]*/{3,}[ \t]*(worksheet|checklist)[ \t]*\|[ \t]*(\S+)[ \t]*$")
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")


def block_headers(markdown: str) -> Iterator[tuple[int, str, str]]:
    """(line, kind, exercise id) of every exercise block outside code fences."""
    fence = ""
    for number, line in enumerate(markdown.splitlines(), start=1):
        opening = _FENCE.match(line)
        if opening and (not fence or opening.group(1).startswith(fence)):
            fence = "" if fence else opening.group(1)
            continue
        match = None if fence else _BLOCK.match(line)
        if match:
            yield number, match.group(1), match.group(2)
