"""The thin MkDocs plugin: load exercises once per build, wire the extension, assets and live reload."""

from __future__ import annotations

import fnmatch
import functools
import os
import posixpath
import re
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any

from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

from ..blocks.extension import WorkbookExtension
from ..blocks.headers import PageScan
from ..blocks.host import PageContext, Site, log, resolve_page_links
from ..blocks.later import Later
from ..blocks.pages import (
    FACILITATOR_DIR,
    FACILITATOR_STYLESHEET,
    MESSAGES_SCRIPT,
    MY_WORKBOOK,
    PRINT_PACK,
    STYLESHEETS,
)
from ..errors import WorkbookError
from ..messages import CatalogueError, load_catalogue
from ..model.types import slugify
from ..reading.links import page_links
from ..reading.loader import ExerciseSet, ReadCache, load_exercises, load_workshops
from ..reading.translations import translate
from ..rendering.minify import minify_css, minify_js
from ..rendering.paper import PAGE, PAGES, PAPER_STYLESHEET, paper_css
from .config import WorkbookConfig
from .pages import (
    add_debrief_page,
    add_my_workbook_page,
    add_print_pack_page,
    add_workshop_pages,
    block_uses,
    build_language,
    course_outline,
    extend_nav,
    facilitator_nav,
    i18n_plugin,
    outline_pages,
    put,
    translated_language,
)

__all__ = ["WorkbookPlugin"]

ASSETS_DIR = Path(__file__).parents[1] / "assets"
SCRIPT = "workbook/workbook.js"
# Loaded by the My workbook page only, so chapters do not carry its weight.
MY_WORKBOOK_SCRIPT = "workbook/my-workbook.js"
# Loaded by the presenter view of a workshop only (facilitator's edition).
PRESENT_SCRIPT = "workbook/present.js"
# Loaded by the debrief page only (facilitator's edition).
DEBRIEF_SCRIPT = "workbook/debrief.js"
SCRIPTS = [SCRIPT, MY_WORKBOOK_SCRIPT, PRESENT_SCRIPT, DEBRIEF_SCRIPT]
# The scripts only the facilitator's edition ships.
FACILITATOR_SCRIPTS = (PRESENT_SCRIPT, DEBRIEF_SCRIPT)


class WorkbookPlugin(BasePlugin[WorkbookConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.extension: WorkbookExtension | None = None
        # Pages of every exercise written with placeholders, to finish once the build is done: (file, URL).
        self.streamed: list[tuple[str, str]] = []
        # Under `mkdocs serve` (this instance then lives across rebuilds): exercise files already read.
        self.read_cache: ReadCache | None = None
        self.project_dir = Path.cwd()
        self.site = Site()
        # The site of each language built, in build order (mkdocs-static-i18n builds the default language first and
        # then each other one into the same plugin): `workbook pdf --language` prints the one asked for.
        self.sites: dict[str, Site] = {}
        # What each page embeds (pages.scan) and the pages with exercises, in reading order: worked out once a build.
        self.scans: dict[str, PageScan] = {}
        self.outline: list[tuple[Page, tuple[str, ...]]] = []
        self.files = Files([])
        self.assets_added_to: MkDocsConfig | None = None
        self.page_script = ExtraScriptValue(MY_WORKBOOK_SCRIPT)
        self.present_script: ExtraScriptValue | None = None
        self.debrief_script: ExtraScriptValue | None = None
        self.paper_stylesheet = PAPER_STYLESHEET

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.read_cache = {} if command == "serve" else None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        self.project_dir = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        self.streamed = []  # a build that failed may have left some
        self.scans = {}
        exercise_set = self._load_course(translated_language(config))
        templates_dir = self.config.templates_dir
        self.site = Site(my_workbook_script=MY_WORKBOOK_SCRIPT)
        messages_dir = self.config.messages_dir
        language = build_language(config, self.config.language)
        try:
            catalogue = load_catalogue(language, self._path(messages_dir) if messages_dir else None)
        except CatalogueError as error:
            raise PluginError(str(error)) from None
        if not translated_language(config):
            self.sites = {}  # a new build (mkdocs serve's next, or the next of `workbook pdf`'s)
        self.sites[language] = self.site
        self.extension = WorkbookExtension(
            catalogue=catalogue,
            exercise_set=exercise_set,
            site=self.site,
            storage_namespace=self.config.storage_namespace or slugify(config.site_name),
            templates_dir=str(self._path(templates_dir)) if templates_dir else "",
            edition=self.config.edition,
            debrief_min_people=self.config.debrief_min_people,
            later=True,
            problem=PluginError,
        )
        # An instance, not a name: MkDocs then reuses it for every page, and with it one renderer per build. A plugin
        # that runs on_config again on the same config (mkdocs-static-i18n, once per language) must not leave two.
        # A project made ready for Zensical (`workbook zensical`) names the extension too: the plugin's instance is it.
        extensions = [e for e in config.markdown_extensions if not isinstance(e, WorkbookExtension) and e != "workbook"]
        config.mdx_configs.pop("workbook", None)
        config.markdown_extensions[:] = [*extensions, self.extension]
        if str(ASSETS_DIR) not in config.theme.dirs:
            config.theme.dirs.append(str(ASSETS_DIR))
        if config is not self.assets_added_to:
            # Once per config: mkdocs-static-i18n runs on_config again on the same one, after mkdocs-minify-plugin
            # may have renamed these entries (workbook.js to workbook.min.js).
            self.assets_added_to = config
            config.extra_css.extend(name for name in STYLESHEETS if name not in config.extra_css)
            if SCRIPT not in map(str, config.extra_javascript):
                config.extra_javascript.append(ExtraScriptValue(SCRIPT))
        # The footer's words are the language's ("Page 2 of 5"): mkdocs-static-i18n's other languages get a paper
        # stylesheet of their own, in place of the one the language built before named.
        self.paper_stylesheet = _paper_stylesheet(translated_language(config))
        if i18n_plugin(config) is not None:
            config.extra_css[:] = [
                self.paper_stylesheet if _is_paper_stylesheet(entry) else entry for entry in config.extra_css
            ]
        # The catalogue first: the scripts read it when they set the page up. mkdocs-static-i18n runs this again for
        # each language: the language built before leaves its file.
        config.extra_javascript[:] = [e for e in config.extra_javascript if not _is_messages_script(str(e))]
        position = next(
            (n for n, e in enumerate(config.extra_javascript) if str(e).startswith("workbook/workbook.")), 0
        )
        config.extra_javascript.insert(position, ExtraScriptValue(MESSAGES_SCRIPT.format(language=catalogue.language)))
        # My workbook's script is listed with the site's scripts until on_pre_build, so that a plugin that renames
        # them (mkdocs-minify-plugin's js_files: my-workbook.min.js) renames it too; then only that page loads it.
        self.page_script = ExtraScriptValue(MY_WORKBOOK_SCRIPT)
        config.extra_javascript.append(self.page_script)
        # So are the presenter view's and the debrief page's, in the edition that has those pages.
        facilitator = self.config.edition == "facilitator"
        self.present_script = ExtraScriptValue(PRESENT_SCRIPT) if facilitator else None
        self.debrief_script = ExtraScriptValue(DEBRIEF_SCRIPT) if facilitator else None
        for script in (self.present_script, self.debrief_script):
            if script is not None:
                config.extra_javascript.append(script)
        _refuse_unusable_minify(config, [name for name in SCRIPTS if facilitator or name not in FACILITATOR_SCRIPTS])
        return config

    # After the plugins that rename the site's scripts (mkdocs-minify-plugin, on_pre_build at 0).
    @event_priority(-100)
    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if self.extension is None:
            return
        page_scripts = (self.page_script, self.present_script, self.debrief_script)
        config.extra_javascript[:] = [
            e for e in config.extra_javascript if not any(e is script for script in page_scripts)
        ]
        self.site.my_workbook_script = self.page_script.path
        self.site.present_script = self.present_script.path if self.present_script is not None else None
        self.site.debrief_script = self.debrief_script.path if self.debrief_script is not None else None

    # After the plugins that remake the files (mkdocs-static-i18n, at -100, makes each again from disk: the pages made
    # here have none) and before those that only read them.
    @event_priority(-200)
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        if self.extension is None:
            return None
        if self.config.edition == "learner":
            # Pages under facilitator/ exist only in the facilitator's edition, and so does the presenter view's script.
            # (mkdocs-static-i18n's files know their path without the language: norm_src_uri.)
            for hidden in [f for f in files if _facilitators_only(getattr(f, "norm_src_uri", f.src_uri))]:
                files.remove(hidden)
        else:
            self.site.workshops_index, self.site.workshop_pages = add_workshop_pages(
                files, config, self.extension.exercise_set.workshops, self.extension.catalogue
            )
            self.site.debrief = add_debrief_page(files, config, self.extension.catalogue)
        catalogue = self.extension.catalogue
        add_my_workbook_page(files, config, catalogue)
        self.site.print_pack = add_print_pack_page(files, config, catalogue)
        self.site.exercise_pages = block_uses(files, self.scans)
        _facilitator_stylesheet(
            config,
            files,
            self.config.edition == "facilitator" or any(scan.facilitator_blocks for scan in self.scans.values()),
        )
        paper = paper_css(
            self.config.paper_footer or config.site_name,
            self.config.paper_size,
            self.config.paper_margin,
            catalogue.text("print.page_of", page=PAGE, pages=PAGES),
        )
        put(files, File.generated(config, self.paper_stylesheet, content=minify_css(paper)))
        put(
            files,
            File.generated(
                config, MESSAGES_SCRIPT.format(language=catalogue.language), content=minify_js(catalogue.script())
            ),
        )
        # Shipped without the sources' comments (a third of their weight on every page), yours too if you override them.
        for names, minify in (([*STYLESHEETS, FACILITATOR_STYLESHEET], minify_css), (SCRIPTS, minify_js)):
            for name in names:
                file = files.get_file_from_path(name)
                if file is not None and file.abs_src_path:
                    files.remove(file)
                    files.append(
                        File.generated(
                            config, name, content=minify(Path(file.abs_src_path).read_text(encoding="utf-8"))
                        )
                    )
        return files

    # The nav as the other plugins left it (awesome-nav writes it, mkdocs-static-i18n takes the language sections
    # away): the generated pages go at its end.
    @event_priority(-200)
    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        if self.extension is None:
            return None
        self.outline = outline_pages(nav, files, self.scans)
        self.site.outline = course_outline(self.outline)
        for uri in (MY_WORKBOOK, PRINT_PACK):
            file = files.get_file_from_path(uri)
            if file is not None and isinstance(file.page, Page) and file.page not in nav.pages:
                nav = extend_nav(nav, file.page, [file.page])
        if self.config.edition == "facilitator":
            nav = facilitator_nav(
                nav, files, self.extension.exercise_set.workshops, self.extension.catalogue.text("nav.facilitator")
            )
        self.files = files
        self._check_page_links(files)
        return nav

    def _check_page_links(self, files: Files) -> None:
        """A warning, with the exercise's or the plan's file, line and field, for a link to a Markdown file that is
        no page of this site (in a chapter MkDocs warns; an exercise's text is not a chapter)."""
        exercise_set = self.extension.exercise_set  # type: ignore[union-attr]
        plans = exercise_set.workshops.values() if self.config.edition == "facilitator" else ()
        for value in [*exercise_set.exercises.values(), *plans]:
            for where, link in page_links(value):
                if _page_file(files, link) is None:
                    source = value.source
                    path = source.path if source else value.id
                    log.warning(
                        "%s:%d: %s: the link to '%s' goes to no page of this site (links to pages are relative to "
                        "the docs folder, as if the text were in a page at its top)",
                        path,
                        _line_of(self.project_dir / path, link, source),
                        where,
                        link,
                    )

    def _resolve_page_links(self, html: str, page_url: str) -> str:
        """Links to pages' Markdown files in exercises' text, as URLs relative to the page they are shown on."""
        return resolve_page_links(html, page_url, lambda path: getattr(_page_file(self.files, path), "url", None))

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if self.extension is None:
            return None
        if page.file.abs_src_path:
            path = Path(os.path.relpath(page.file.abs_src_path, self.project_dir)).as_posix()
        else:
            path = f"(generated) {page.file.src_uri}"
        # MkDocs hands over the Markdown without its front matter (and another plugin may have changed it since):
        # count the front matter's lines back in.
        source = page.file.content_string
        body, _ = get_data(source)
        offset = source[: len(source) - len(body)].count("\n") if source.endswith(body) else 0
        self.site.page = PageContext(path, offset, page.url)
        return None

    # Every page is read: the titles in the outline are the pages' own now, however the nav was made (MkDocs knows a
    # page's title from its front matter or first heading only once it has read it). My workbook and the print
    # packs are written with them.
    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        if self.extension is not None:
            self.site.outline = course_outline(self.outline)
        return None

    # Before other plugins see the page (a minifier would drop the placeholder comments), after search
    # has indexed page.content: the forms and generated pages go in only now (WorkbookExtension.later).
    @event_priority(100)
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        if self.extension is None:
            return None
        output = self._resolve_page_links(self.extension.placeholders.fill_in(output), page.url)
        if self.extension.placeholders.streams_in(output):
            # A page of every exercise (the print pack, My workbook) is written in chunks once the build is done.
            self.streamed.append((page.file.abs_dest_path, page.url))
        return output

    # Before search's: the pages of every exercise are finished, and what they needed let go of, before search
    # makes the build's biggest allocation (its index).
    @event_priority(50)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.extension is None:
            return
        for path, url in self.streamed:
            write_streamed(
                Path(path), self.extension.placeholders, functools.partial(self._resolve_page_links, page_url=url)
            )
        self.streamed.clear()
        self.extension.close()

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        if self.config.enabled:
            server.watch(str(self._path(self.config.exercises_dir)))
            if self._path(self.config.workshops_dir).is_dir():
                server.watch(str(self._path(self.config.workshops_dir)))
            if self.config.templates_dir:
                server.watch(str(self._path(self.config.templates_dir)))
        return server

    def _load_course(self, language: str | None = None) -> ExerciseSet:
        """The course's exercises and workshop plans, in `language` where it is not the default one (mkdocs-static-i18n
        building another language: translations.py); a PluginError with every error in them."""
        exercise_set = load_exercises(self._path(self.config.exercises_dir), self.project_dir, cache=self.read_cache)
        load_workshops(self._path(self.config.workshops_dir), exercise_set, self.project_dir)
        sets = [exercise_set]
        if language and not exercise_set.errors:
            exercise_set = translate(exercise_set, language, self.project_dir)
            sets.append(exercise_set)
        for loaded in sets:
            for warning in loaded.warnings:
                log.warning("%s", warning)
            try:
                loaded.raise_for_errors()
            except WorkbookError as error:
                raise PluginError(str(error)) from None
        return exercise_set

    def _path(self, value: str) -> Path:
        return self.project_dir / value


def _paper_stylesheet(language: str | None) -> str:
    """paper.css, or paper.fr.css for mkdocs-static-i18n's French edition."""
    return PAPER_STYLESHEET if not language else PAPER_STYLESHEET.replace(".css", f".{language}.css")


def _is_paper_stylesheet(path: str) -> bool:
    return (
        path == PAPER_STYLESHEET
        or re.fullmatch(r"workbook/paper\.[a-z]{2,3}(?:[-_][A-Za-z0-9]+)?\.css", path) is not None
    )


def _is_messages_script(path: str) -> bool:
    prefix, _, suffix = MESSAGES_SCRIPT.partition("{language}")
    return path.startswith(prefix) and path.endswith(suffix)


def _facilitator_stylesheet(config: MkDocsConfig, files: Files, wanted: bool) -> None:
    """facilitator.css loaded by the pages, before print.css (whose rules for paper must win over it), or neither
    loaded nor shipped (also after another language of mkdocs-static-i18n's, built into the same config, wanted it)."""
    listed = FACILITATOR_STYLESHEET in config.extra_css
    if wanted and not listed:
        later = [index for index, name in enumerate(config.extra_css) if name in STYLESHEETS[1:]]
        config.extra_css.insert(later[0] if later else len(config.extra_css), FACILITATOR_STYLESHEET)
    elif not wanted:
        if listed:
            config.extra_css.remove(FACILITATOR_STYLESHEET)
        if (unused := files.get_file_from_path(FACILITATOR_STYLESHEET)) is not None:
            files.remove(unused)


def _facilitators_only(src_uri: str) -> bool:
    return src_uri.startswith(FACILITATOR_DIR) or src_uri in FACILITATOR_SCRIPTS


def _refuse_unusable_minify(config: MkDocsConfig, scripts: list[str]) -> None:
    """mkdocs-minify-plugin renames the files its js_files and css_files list (workbook.js to workbook.min.js) once
    the site is written, and links the pages to the new name only where the site's extra_javascript or extra_css
    names the file as its list does: the workbook's files work listed by name, not by a pattern or with cache_safe
    (which reads them from the docs folder, where they are not). `scripts`: the workbook's scripts this edition ships."""
    ours = {"js": scripts, "css": [*STYLESHEETS, FACILITATOR_STYLESHEET]}
    for name, plugin in config.plugins.items():
        settings = getattr(plugin, "config", {})
        if name.split("/")[-1] != "minify":
            continue
        for kind, files in ours.items():
            if not (settings.get(f"minify_{kind}") or settings.get("cache_safe")):
                continue
            listed = settings.get(f"{kind}_files") or []
            for entry in [listed] if isinstance(listed, str) else listed:
                named = [path for path in files if _minify_takes(str(entry), path)]
                if not named:
                    continue
                if "*" in str(entry):
                    raise PluginError(
                        f"the minify plugin's {kind}_files lists {entry!r}: it would rename {', '.join(named)} but "
                        f"leave the pages loading the old name. List them by name instead ({', '.join(named)}), "
                        "or leave them out: the workbook's files ship minified already"
                    )
                if settings.get("cache_safe"):
                    raise PluginError(
                        f"the minify plugin's {kind}_files lists {entry!r} and its cache_safe is on: it reads the "
                        "files it lists from the docs folder or theme.custom_dir, and the workbook's are in the "
                        f"plugin. Leave {entry!r} out of {kind}_files: the workbook's files ship minified already"
                    )


def _minify_takes(entry: str, path: str) -> bool:
    """Whether an entry of the minify plugin's js_files or css_files takes in `path`: as the plugin reads it, the part
    before the first `*` is a folder of the site, the rest a glob pattern in it ('**' for any depth)."""
    if "*" not in entry:
        return entry.lstrip("/") == path
    head, tail = entry.split("*", 1)
    folder = PurePosixPath(head.lstrip("/")).parts
    parts = PurePosixPath(path).parts
    if parts[: len(folder)] != folder:
        return False
    return _glob_match(("*" + tail).split("/"), list(parts[len(folder) :]))


def _glob_match(pattern: list[str], parts: list[str]) -> bool:
    if not pattern:
        return not parts
    if pattern[0] == "**":
        return any(_glob_match(pattern[1:], parts[skip:]) for skip in range(len(parts) + 1))
    return bool(parts) and fnmatch.fnmatchcase(parts[0], pattern[0]) and _glob_match(pattern[1:], parts[1:])


def _page_file(files: Files, link: str) -> File | None:
    """The page a link to a Markdown file goes to, relative to the docs folder (`chapter.md#anchor`)."""
    path = posixpath.normpath(link.partition("#")[0])
    file = files.get_file_from_path(path)
    return file if file is not None and file.is_documentation_page() else None


def _line_of(path: Path, text: str, source: Any) -> int:
    """The first line of a file that holds `text` (a link as written), else where the exercise starts."""
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if text in line:
                return number
    except OSError:
        pass
    return source.line if source else 1


def write_streamed(path: Path, placeholders: Later, finish: Callable[[str], str] = lambda html: html) -> None:
    """Put the `Streamed` HTML into a page written with its placeholders, chunk by chunk, so that a page of
    every exercise in a big course is never one string in memory."""
    page = path.read_text(encoding="utf-8")
    if not placeholders.streams_in(page):
        raise PluginError(
            f"{path}: a plugin that ran after workbook removed the placeholder of this generated page; its content cannot be written"
        )
    partial = path.with_name(f".{path.name}.workbook")
    # As MkDocs writes pages: UTF-8, and a character that cannot be encoded as a character reference.
    with partial.open("w", encoding="utf-8", errors="xmlcharrefreplace") as out:
        out.writelines(finish(chunk) for chunk in placeholders.stream(page))
    partial.replace(path)
