"""Pages the plugin generates (My workbook, the print pack; the facilitator's workshop pages) and their place in the nav."""

from __future__ import annotations

import html
import itertools
import json
import posixpath
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

from ..blocks.headers import PageScan, scan_page
from ..blocks.host import Chapter, WorkshopPages
from ..blocks.pages import (
    DEBRIEF,
    MY_WORKBOOK,
    PRINT_PACK,
    WORKSHOPS_INDEX,
    heading_text,
)
from ..messages import DEFAULT_LANGUAGE, Catalogue
from ..model.types import Workshop
from ..rendering.render import uid_for

__all__ = [
    "add_debrief_page",
    "add_my_workbook_page",
    "add_print_pack_page",
    "add_workshop_pages",
    "block_uses",
    "build_language",
    "translated_language",
    "course_outline",
    "outline_pages",
    "extend_nav",
    "i18n_plugin",
    "facilitator_nav",
    "language_root",
    "put",
]


def language_root(config: MkDocsConfig) -> str:
    """Where the pages of the language being built go: '' for the only (or the default) language, 'fr/' while
    mkdocs-static-i18n builds its French edition (it builds the site once per language, into a folder each)."""
    language = translated_language(config)
    return f"{language}/" if language else ""


def build_language(config: MkDocsConfig, option: str | None) -> str:
    """The language the workbook speaks in this build: the one mkdocs-static-i18n is building, else the plugin's
    `language` option, else the theme's (Material's `theme.language`)."""
    i18n = i18n_plugin(config)
    if i18n is not None and i18n.current_language:
        return str(i18n.current_language)
    return option or str(config.theme.get("language") or DEFAULT_LANGUAGE)


def translated_language(config: MkDocsConfig) -> str | None:
    """The language mkdocs-static-i18n is building, when it is not the default one (the exercises' own files are in
    the default language; the others have translation files beside them)."""
    i18n = i18n_plugin(config)
    if i18n is None or i18n.current_language in (None, i18n.default_language):
        return None
    return str(i18n.current_language)


def i18n_plugin(config: MkDocsConfig) -> Any:
    """mkdocs-static-i18n's plugin, if the site uses it."""
    plugin = config.plugins.get("i18n")
    return plugin if plugin is not None and hasattr(plugin, "current_language") else None


def _generated(
    config: MkDocsConfig, src_uri: str, title: str, body: str, searchable: bool = True, hide: tuple[str, ...] = ()
) -> File:
    # NOT_IN_NAV: on_nav places them itself, after MkDocs has checked which pages the nav lacks.
    file = File.generated(
        config,
        _source_name(config, src_uri),
        content=_page(title, body, searchable, hide),
        inclusion=InclusionLevel.NOT_IN_NAV,
    )
    i18n = i18n_plugin(config)
    if i18n is not None:
        # In the folder of the language being built (the plugin's on_files runs after mkdocs-static-i18n's, which
        # remakes every file from disk), named as the author's page in that language would be, so that links to it
        # find it; with what mkdocs-static-i18n knows of its own files, so that Material's language menu links this
        # page's editions (else it keeps the links it made for the page built before).
        root = language_root(config)
        plain = File(src_uri, None, config.site_dir, config.use_directory_urls)
        file.dest_uri, file.name = root + plain.dest_uri, plain.name
        url = plain.url
        file.locale = file.locale_alternate_of = i18n.current_language  # type: ignore[attr-defined]
        file.localization = None  # type: ignore[attr-defined]
        file.alternates = {  # type: ignore[attr-defined]
            locale: _Alternate(url if locale == i18n.default_language else f"{locale}/{url}")
            for locale in i18n.build_languages
        }
    return file


def _source_name(config: MkDocsConfig, src_uri: str) -> str:
    """The name of a generated page's source: as the author's page would be named in the language being built
    (`fr/my-workbook.md` or `my-workbook.fr.md`, as mkdocs-static-i18n's docs_structure says)."""
    root = language_root(config)
    if not root:
        return src_uri
    if i18n_plugin(config).config.docs_structure == "suffix":
        stem, extension = posixpath.splitext(src_uri)
        return f"{stem}.{root.rstrip('/')}{extension}"
    return root + src_uri


class _Alternate:
    """Another language's edition of a generated page, as mkdocs-static-i18n's language menu reads it."""

    def __init__(self, url: str) -> None:
        self.url = url


def _page(title: str, body: str, searchable: bool, hide: tuple[str, ...] = ()) -> str:
    # JSON is YAML; the title is escaped because themes print page titles unescaped.
    # Print packs and My workbook repeat the chapters' exercises: Material's search leaves them out.
    search = "" if searchable else "search:\n  exclude: true\n"
    # Material's `hide`: the presenter view wants the whole width of the projector.
    hidden = f"hide: {json.dumps(list(hide))}\n" if hide else ""
    return f"---\ntitle: {json.dumps(html.escape(title))}\n{search}{hidden}---\n\n{body}\n"


def put(files: Files, file: File) -> None:
    """Add a generated file, in place of the docs folder's copy of it (written there by `workbook zensical`)."""
    old = files.get_file_from_path(file.src_uri)
    if old is not None:
        files.remove(old)
    files.append(file)


def add_my_workbook_page(files: Files, config: MkDocsConfig, catalogue: Catalogue) -> None:
    """The learner's page of all answers, unless the author wrote their own my-workbook.md."""
    if files.get_file_from_path(MY_WORKBOOK) is None:
        # Searching it would only find the chapters' exercise titles again.
        title = catalogue.text("page.my_workbook")
        files.append(
            _generated(config, MY_WORKBOOK, title, f"# {heading_text(title)}\n\n/// my-workbook\n///", searchable=False)
        )


def add_print_pack_page(files: Files, config: MkDocsConfig, catalogue: Catalogue) -> str:
    """Every exercise one to a sheet, unless the author wrote their own print.md; returns its site URL."""
    return _add_unless_written(files, config, PRINT_PACK, catalogue.text("page.print_pack"), "/// print-pack\n///")


def add_debrief_page(files: Files, config: MkDocsConfig, catalogue: Catalogue) -> str:
    """The facilitator's debrief page, unless the author wrote their own facilitator/debrief.md; returns its site URL.
    Its text is instructions and the checklists' statements again: nothing search should send anyone to."""
    title = catalogue.text("debrief.title")
    return _add_unless_written(files, config, DEBRIEF, title, f"# {heading_text(title)}\n\n/// debrief\n///")


def _add_unless_written(files: Files, config: MkDocsConfig, src_uri: str, title: str, body: str) -> str:
    """A page left out of search, unless the author wrote their own at `src_uri`; its site URL either way."""
    page = files.get_file_from_path(src_uri)
    if page is None:
        page = _generated(config, src_uri, title, body, searchable=False)
        files.append(page)
    return page.url


def scan(file: File, scans: dict[str, PageScan]) -> PageScan:
    """What a page embeds, read once per build: MkDocs reads a file from disk each time its text is asked for."""
    found = scans.get(file.src_uri)
    if found is None:
        found = scans[file.src_uri] = scan_page(file.content_string, lambda source: get_data(source)[1])
    return found


def outline_pages(nav: Navigation, files: Files, scans: dict[str, PageScan]) -> list[tuple[Page, tuple[str, ...]]]:
    """The pages that embed exercises, with their ids, in reading order: the nav's, then those left out of it (in
    the order of their files), so that no exercise a learner can reach is missing from My workbook and the print
    pack."""
    # By identity: `page in nav.pages` compares every page with Page.__eq__, a big course's pages squared.
    in_nav = {id(page) for page in nav.pages}
    pages = nav.pages + [
        file.page for file in files.documentation_pages() if isinstance(file.page, Page) and id(file.page) not in in_nav
    ]
    outline = []
    for page in pages:
        found = scan(page.file, scans)
        if found.exercise_ids and not found.excluded:
            outline.append((page, found.exercise_ids))
    return outline


def course_outline(pages: list[tuple[Page, tuple[str, ...]]]) -> list[Chapter]:
    """The outline as the blocks see it, with the pages' titles as they are known now (MkDocs knows a title from the
    front matter or first heading only once it has read the page)."""
    return [Chapter(page.title or page.file.name, page.url, ids) for page, ids in pages]


def extend_nav(nav: Navigation, item: Page | Section, pages: list[Page]) -> Navigation:
    """The nav with one more item at the end, its pages linked into previous/next."""
    ordered = nav.pages + pages
    for previous, following in itertools.pairwise(ordered):
        previous.next_page, following.previous_page = following, previous
    extended = Navigation(nav.items + [item], ordered)
    # Another plugin may have named it (mkdocs-static-i18n does, for each language's home page at fr/).
    extended.homepage = nav.homepage or extended.homepage
    return extended


def add_workshop_pages(
    files: Files, config: MkDocsConfig, workshops: dict[str, Workshop], catalogue: Catalogue
) -> tuple[str, dict[str, WorkshopPages]]:
    """Generate the pages; return the site URLs of the workshops' index and of each workshop's pages."""
    pages: dict[str, WorkshopPages] = {}
    heading = heading_text(catalogue.text("page.workshop_plans"))
    index = _generated(config, WORKSHOPS_INDEX, catalogue.text("page.workshops"), f"# {heading}\n\n/// workshops\n///")
    put(files, index)
    for workshop in workshops.values():
        agenda = _generated(
            config, f"facilitator/workshops/{workshop.id}/index.md", workshop.title, f"/// agenda | {workshop.id}\n///"
        )
        sheet = _generated(
            config,
            f"facilitator/workshops/{workshop.id}/run-sheet.md",
            catalogue.text("page.run_sheet", title=workshop.title),
            f"/// run-sheet | {workshop.id}\n///",
        )
        handouts = _generated(
            config,
            f"facilitator/workshops/{workshop.id}/handouts.md",
            catalogue.text("page.handouts", title=workshop.title),
            f"/// print-pack | {workshop.id}\n///",
            searchable=False,
        )
        present = _generated(
            config,
            f"facilitator/workshops/{workshop.id}/present.md",
            catalogue.text("page.present", title=workshop.title),
            f"/// presenter | {workshop.id}\n///",
            searchable=False,
            hide=("navigation", "toc", "footer"),
        )
        for file in (agenda, sheet, handouts, present):
            put(files, file)
        pages[workshop.id] = WorkshopPages(agenda.url, sheet.url, handouts.url, present.url, workshop.title)
    return index.url, pages


def block_uses(files: Files, scans: dict[str, PageScan]) -> dict[str, str]:
    """Where each exercise is first embedded: exercise id -> site URL with its anchor."""
    urls: dict[str, str] = {}
    for file in files.documentation_pages():
        for exercise_id in scan(file, scans).exercise_ids:
            urls.setdefault(exercise_id, f"{file.url}#{uid_for(exercise_id, 1)}")
    return urls


def facilitator_nav(nav: Navigation, files: Files, workshops: dict[str, Workshop], title: str) -> Navigation:
    """The course's nav plus a Facilitator section: guide, workshop index, one agenda per workshop."""
    wanted = ["facilitator/index.md", WORKSHOPS_INDEX, DEBRIEF] + [
        f"facilitator/workshops/{w}/index.md" for w in workshops
    ]
    pages = [file.page for uri in wanted if (file := files.get_file_from_path(uri)) and isinstance(file.page, Page)]
    pages = [page for page in pages if page not in nav.pages]
    if not pages:
        return nav
    section = Section(title, list(pages))
    for page in pages:
        page.parent = section
    return extend_nav(nav, section, pages)
