"""HTML that goes into a page after the Markdown is converted: placeholders now, the HTML when the page is written.

The MkDocs plugin uses it so that Material's search indexes a chapter's prose, headings and exercise titles
without parsing every form, so that no chapter holds its rendered forms in memory until the end of the build,
and so that the pages of every exercise (the print pack, My workbook) are written a sheet at a time.
"""

from __future__ import annotations

import itertools
import re
import secrets
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

__all__ = ["Later", "Streamed"]


@dataclass(frozen=True)
class Streamed:
    """A big page's HTML as chunks, which the host writes one at a time (`Later.stream`)."""

    chunks: Callable[[], Iterable[str]]


class Later:
    """Placeholders and what stands behind them: HTML, a function that renders it, or `Streamed` chunks."""

    def __init__(self) -> None:
        self._items: dict[int, str | Callable[[], str] | Streamed] = {}
        self._ids = itertools.count()
        # Unguessable, so that no author text can stand for a placeholder.
        token = secrets.token_hex(8)
        self._placeholder = re.compile(rf"<!--workbook-later:{token}:(\d+)-->")
        self._template = f"<!--workbook-later:{token}:{{}}-->"

    def __len__(self) -> int:
        """How many placeholders are still waiting for their page."""
        return len(self._items)

    def placeholder(self, html: str | Callable[[], str] | Streamed) -> str:
        """An HTML comment that `fill_in` (or, for `Streamed` HTML, `stream`) replaces with the HTML."""
        key = next(self._ids)
        self._items[key] = html
        return self._template.format(key)

    def fill_in(self, html: str) -> str:
        """`html` with every placeholder replaced by its HTML, except `Streamed` ones; each is forgotten afterwards."""
        if "<!--workbook-later:" not in html:
            return html
        rendered: dict[int, str] = {}
        for key in {int(key) for key in self._placeholder.findall(html)}:
            item = self._items.get(key, "")
            if isinstance(item, Streamed):
                continue
            self._items.pop(key, None)
            rendered[key] = item() if callable(item) else item
        return self._placeholder.sub(lambda match: rendered.get(int(match[1]), match[0]), html)

    def streams_in(self, html: str) -> bool:
        """Whether `html`, once filled in, still holds placeholders (only `Streamed` ones are left): write it with `stream`."""
        return self._placeholder.search(html) is not None

    def stream(self, html: str) -> Iterator[str]:
        """`html` in pieces, each placeholder replaced by its HTML; `Streamed` HTML a chunk at a time."""
        end = 0
        for match in self._placeholder.finditer(html):
            yield html[end:match.start()]
            end = match.end()
            item = self._items.pop(int(match[1]), "")
            if isinstance(item, Streamed):
                yield from item.chunks()
            else:
                yield item() if callable(item) else item
        yield html[end:]
