"""Links in the author's Markdown, found by walking the model's shapes (so every Markdown field of every type is
looked at): addresses the page will leave out, a warning each with file, line and field; and links to pages'
Markdown files, which the host resolves and checks against the site's pages."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

from ..errors import Problem
from ..model.checks import Report
from ..model.shapes import List, Optional, Record, Shape, Text, Union_, record
from ..rendering.author_markdown import AuthorMarkdown

__all__ = ["link_problems", "may_hold_link", "page_links"]

_URL_SHOWN = 60


def link_problems(value: Any, path: str, lines: dict[str, int]) -> Iterator[Problem]:
    """A warning for every link or image address in the Markdown of an exercise or a plan that the page leaves out."""
    report = Report(path, lines)
    for where, text in _markdown_texts(value, record(type(value)), ""):  # type: ignore[arg-type]  # a class is hashable (python/mypy#11470)
        for url in _author_markdown().dropped_urls(text):
            shown = url if len(url) <= _URL_SHOWN else url[:_URL_SHOWN] + "..."
            report.add(
                where,
                f"the address {shown!r} is left out of the page: a link or image may only point to "
                "an http, https, mailto or relative address",
                severity="warning",
            )
    yield from report.problems


def page_links(value: Any) -> Iterator[tuple[str, str]]:
    """(field path, link as written) for every link to a page's Markdown file in an exercise or a plan."""
    for where, text in _markdown_texts(value, record(type(value)), ""):  # type: ignore[arg-type]  # a class is hashable (python/mypy#11470)
        for link in _author_markdown().page_links(text):
            yield where, link


def may_hold_link(text: str) -> bool:
    """Whether a Markdown text can hold a link or an image: only one with a bracket or an angle bracket can."""
    return "]" in text or "<" in text


@functools.cache
def _author_markdown() -> AuthorMarkdown:
    return AuthorMarkdown()


def _markdown_texts(value: Any, shape: Shape, where: str) -> Iterator[tuple[str, str]]:
    """(field path, text) of every Markdown text under `value` that can hold a link or an image (a bracket or an
    angle bracket: most texts have neither)."""
    if isinstance(shape, Text):
        if shape.markdown and may_hold_link(value):
            yield where, value
    elif isinstance(shape, Optional) and value is not None:
        yield from _markdown_texts(value, shape.inner, where)
    elif isinstance(shape, List):
        for index, item in enumerate(value):
            yield from _markdown_texts(item, shape.item, f"{where}[{index}]")
    elif isinstance(shape, Union_):
        yield from _markdown_texts(value, record(type(value)), where)  # type: ignore[arg-type]  # a class is hashable (python/mypy#11470)
    elif isinstance(shape, Record):
        prefix = f"{where}." if where else ""
        for key, spec in shape.keys.items():
            yield from _markdown_texts(getattr(value, spec.name), spec.shape, prefix + key)
