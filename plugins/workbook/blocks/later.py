"""HTML that goes into a page after the Markdown is converted: placeholders now, the HTML when the page is written.

The MkDocs plugin uses it so that Material's search indexes a chapter's prose, headings and exercise titles
without parsing every form, so that no chapter holds its rendered forms in memory until the end of the build,
and so that the pages of every exercise (the print pack, My workbook) are written a sheet at a time.
"""

from __future__ import annotations

import itertools
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
        # Unguessable, so that no author text can stand for a placeholder. In a comment that starts with "!", which
        # HTML minifiers keep (htmlmin drops the "!"): a streamed page's placeholders must outlive other plugins.
        self._mark = f"workbook-later:{secrets.token_hex(8)}:"

    def __len__(self) -> int:
        """How many placeholders are still waiting for their page."""
        return len(self._items)

    def placeholder(self, html: str | Callable[[], str] | Streamed) -> str:
        """An HTML comment that `fill_in` (or, for `Streamed` HTML, `stream`) replaces with the HTML."""
        key = next(self._ids)
        self._items[key] = html
        return f"<!--!{self._mark}{key}-->"

    def close(self) -> None:
        """Let go of anything still waiting (a page that was never written)."""
        self._items.clear()

    def fill_in(self, html: str) -> str:
        """`html` with every placeholder replaced by its HTML, except `Streamed` ones; each is forgotten afterwards."""
        pieces: list[str] = []
        rendered: dict[int, str] = {}
        end = 0
        for start, stop, key in self._found_in(html):
            item = self._items.get(key, "")
            if isinstance(item, Streamed):
                continue
            if key not in rendered:
                self._items.pop(key, None)
                rendered[key] = item() if callable(item) else item
            pieces += (html[end:start], rendered[key])
            end = stop
        if not pieces:
            return html
        pieces.append(html[end:])
        return "".join(pieces)

    def streams_in(self, html: str) -> bool:
        """Whether `html`, once filled in, still holds placeholders (only `Streamed` ones are left): write it with `stream`."""
        return self._mark in html

    def stream(self, html: str) -> Iterator[str]:
        """`html` in pieces, each placeholder replaced by its HTML; `Streamed` HTML a chunk at a time."""
        end = 0
        for start, stop, key in self._found_in(html):
            yield html[end:start]
            end = stop
            item = self._items.pop(key, "")
            if isinstance(item, Streamed):
                yield from item.chunks()
            else:
                yield item() if callable(item) else item
        yield html[end:]

    def _found_in(self, html: str) -> Iterator[tuple[int, int, int]]:
        """Where each placeholder starts and ends, and its key. With str.find: every page carries the site's
        navigation, and a regular expression scans a big course's pages several times slower."""
        mark = html.find(self._mark)
        while mark >= 0:
            digits = mark + len(self._mark)
            stop = html.find("-->", digits)
            key = html[digits:stop]
            opening = 5 if html.startswith("<!--!", mark - 5) else 4 if html.startswith("<!--", mark - 4) else 0
            if opening and stop > 0 and key.isascii() and key.isdigit():
                yield mark - opening, stop + 3, int(key)
            mark = html.find(self._mark, digits)
