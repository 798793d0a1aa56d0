"""The facilitator's edition's extra pages: workshop index, agendas and run-sheets, and their nav section."""

from __future__ import annotations

import html
import json

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from .model import Workshop
from .usage import block_headers

__all__ = ["FACILITATOR_DIR", "add_workshop_pages", "block_uses", "facilitator_nav"]

FACILITATOR_DIR = "facilitator/"
WORKSHOPS_INDEX = "facilitator/workshops/index.md"



def _page(title: str, body: str) -> str:
    # JSON is YAML; the title is escaped because themes print page titles unescaped.
    return f"---\ntitle: {json.dumps(html.escape(title))}\n---\n\n{body}\n"


def add_workshop_pages(files: Files, config: MkDocsConfig, workshops: dict[str, Workshop]) -> dict[str, str]:
    """Generate the pages; return their site URLs by key (`workshop:<id>`, `run-sheet:<id>`)."""
    urls: dict[str, str] = {}
    index = File.generated(config, WORKSHOPS_INDEX, content=_page("Workshops", "# Workshop plans\n\n/// workshops\n///"))
    files.append(index)
    urls["workshops"] = index.url
    for workshop in workshops.values():
        agenda = File.generated(config, f"facilitator/workshops/{workshop.id}/index.md", content=_page(workshop.title, f"/// agenda | {workshop.id}\n///"))
        sheet = File.generated(config, f"facilitator/workshops/{workshop.id}/run-sheet.md", content=_page(f"Run-sheet: {workshop.title}", f"/// run-sheet | {workshop.id}\n///"))
        files.append(agenda)
        files.append(sheet)
        urls[f"workshop:{workshop.id}"] = agenda.url
        urls[f"run-sheet:{workshop.id}"] = sheet.url
    return urls


def block_uses(files: Files) -> dict[str, str]:
    """Where each exercise is first embedded, as `exercise:<id>` -> site URL with its anchor."""
    urls: dict[str, str] = {}
    for file in files.documentation_pages():
        for _, _, exercise_id in block_headers(file.content_string):
            urls.setdefault(f"exercise:{exercise_id}", f"{file.url}#wb-{exercise_id}")
    return urls


def facilitator_nav(nav: Navigation, files: Files, workshops: dict[str, Workshop]) -> Navigation:
    """The course's nav plus a Facilitator section: guide, workshop index, one agenda per workshop."""
    wanted = ["facilitator/index.md", WORKSHOPS_INDEX] + [f"facilitator/workshops/{w}/index.md" for w in workshops]
    pages = [file.page for uri in wanted if (file := files.get_file_from_path(uri)) and isinstance(file.page, Page)]
    pages = [page for page in pages if page not in nav.pages]
    if not pages:
        return nav
    section = Section("Facilitator", list(pages))
    for page in pages:
        page.parent = section
    ordered = nav.pages + pages
    for previous, following in zip(ordered, ordered[1:]):
        previous.next_page, following.previous_page = following, previous
    return Navigation(nav.items + [section], ordered)
