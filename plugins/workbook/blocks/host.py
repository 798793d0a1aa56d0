"""What the core needs from the site it runs in: one object that a host adapter (the MkDocs plugin, a Zensical
set-up, a plain Python-Markdown pipeline) fills in, and the blocks read. Nothing here knows any host."""

from __future__ import annotations

import logging
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape, unescape
from typing import overload

from ..rendering.author_markdown import PAGE_LINK
from .headers import BlockHeader

__all__ = ["Chapter", "Links", "PageContext", "Site", "WorkshopPages", "relative_url", "resolve_page_links"]

# Named under mkdocs.plugins so that `mkdocs build --strict` counts our warnings; other hosts pass `report`.
log = logging.getLogger("mkdocs.plugins.workbook")


def _log_problem(path: str, line: int, message: str) -> None:
    log.warning("%s:%d: %s", path, line, message)


@dataclass
class PageContext:
    """The page being converted: its file (for messages), the lines before its Markdown (front matter), its site
    URL (for links), and its block headers, read when its conversion starts."""

    path: str = "<markdown>"
    offset: int = 0
    url: str = ""
    headers: list[BlockHeader] = field(default_factory=list)

    def line_of(self, kind: str, argument: str, occurrence: int) -> int:
        """The file's line of the `occurrence`-th block of this kind and argument."""
        lines = [
            header.line
            for header in self.headers
            if header.name == kind and header.argument == argument and header.problem is None
        ]
        if not lines:
            return 1 + self.offset
        return lines[min(occurrence, len(lines)) - 1] + self.offset


@dataclass(frozen=True, slots=True)
class Chapter:
    """A page of the course in reading order, and the exercises it embeds."""

    title: str
    url: str
    exercise_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class WorkshopPages:
    """Site URLs of a workshop's generated pages (and its title, for what prints them after the build)."""

    agenda: str
    run_sheet: str
    handouts: str
    presenter: str | None = None
    title: str = ""


@dataclass
class Site:
    """The host's side of the interface. Site URLs are relative to the site's root (`chapter/`, `print/`)."""

    page: PageContext = field(default_factory=PageContext)
    # The pages that embed exercises, in reading order: My workbook and the print pack follow it.
    outline: list[Chapter] = field(default_factory=list)
    # Where each exercise is first embedded, as a site URL with its anchor.
    exercise_pages: dict[str, str] = field(default_factory=dict)
    workshop_pages: dict[str, WorkshopPages] = field(default_factory=dict)
    workshops_index: str | None = None
    print_pack: str | None = None
    # Where My workbook's script is published; without one that page stays static.
    my_workbook_script: str | None = None
    # Where the presenter view's script is published; without one that page shows the plan only.
    present_script: str | None = None
    # The facilitator's debrief page and its script; without a page, agendas link to none.
    debrief: str | None = None
    debrief_script: str | None = None
    # Where a problem in the author's files goes: (path, line, message). The host's strict mode should count it.
    report: Callable[[str, int, str], None] = _log_problem

    def problem(self, message: str, line: int) -> None:
        """A problem on the page being converted, at the file's `line`."""
        self.report(self.page.path, line, message)

    def links(self) -> Links:
        return Links(self, self.page.url)


class Links:
    """Relative links from one page to the site's pages; None where the site has no such page."""

    def __init__(self, site: Site, page_url: str):
        self._site, self._from = site, page_url

    @overload
    def to(self, url: str) -> str: ...
    @overload
    def to(self, url: str | None) -> str | None: ...
    def to(self, url: str | None) -> str | None:
        return None if url is None else relative_url(url, self._from)

    def exercise(self, exercise_id: str) -> str | None:
        return self.to(self._site.exercise_pages.get(exercise_id))

    def agenda(self, workshop_id: str) -> str | None:
        pages = self._site.workshop_pages.get(workshop_id)
        return self.to(pages.agenda if pages else None)

    def run_sheet(self, workshop_id: str) -> str | None:
        pages = self._site.workshop_pages.get(workshop_id)
        return self.to(pages.run_sheet if pages else None)

    def handouts(self, workshop_id: str) -> str | None:
        pages = self._site.workshop_pages.get(workshop_id)
        return self.to(pages.handouts if pages else None)

    def presenter(self, workshop_id: str) -> str | None:
        pages = self._site.workshop_pages.get(workshop_id)
        return self.to(pages.presenter if pages else None)

    def debrief(self, checklist_ids: list[str] | tuple[str, ...] = ()) -> str | None:
        """The debrief page, with these checklists chosen (all of them without any)."""
        url = self.to(self._site.debrief)
        if url is None or not checklist_ids:
            return url
        return f"{url}?checklists={','.join(checklist_ids)}"


def relative_url(target: str, page_url: str) -> str:
    """`target` (a site URL, maybe with #anchor) as seen from the page at `page_url`."""
    path, _, anchor = target.partition("#")
    base = page_url if page_url.endswith("/") else posixpath.dirname(page_url)
    relative = posixpath.relpath("/" + path, "/" + base.rstrip("/"))
    # A folder (the home page's URL is "") keeps its slash, so that the link works from file:// too.
    if (path.endswith("/") or not path) and not relative.endswith("/"):
        relative += "/"
    return relative + (f"#{anchor}" if anchor else "")


_PAGE_LINK_HREF = re.compile(f'href="{PAGE_LINK}([^"]*)"')


def resolve_page_links(html: str, page_url: str, url_of: Callable[[str], str | None]) -> str:
    """Links to pages' Markdown files in exercises' text (author_markdown.PAGE_LINK) as URLs relative to the page at
    `page_url`; `url_of` is the host's site URL of a page file (`chapter.md`), None for no such page (the link is
    then left as written)."""
    if PAGE_LINK not in html:
        return html

    def resolve(match: re.Match[str]) -> str:
        link = unescape(match[1])
        path, _, anchor = link.partition("#")
        url = url_of(path)
        target = link if url is None else relative_url(url + (f"#{anchor}" if anchor else ""), page_url)
        return f'href="{escape(target, quote=True)}"'

    return _PAGE_LINK_HREF.sub(resolve, html)
