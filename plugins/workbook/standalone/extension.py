"""The `workbook` Markdown extension as Zensical (and any Python-Markdown pipeline) loads it by name: one instance
per page, which learns the page from the host where the host says (Zensical's rendering context) and the rest of
the site from the folders (docs.py)."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Any

from markdown import Markdown
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

from ..blocks.extension import WorkbookExtension
from ..blocks.host import PageContext, resolve_page_links
from ..errors import Problem, WorkbookError
from ..rendering.render import Renderer
from .docs import Course, Folders, course, front_matter

__all__ = ["StandaloneExtension", "makeExtension"]

log = logging.getLogger("workbook")
# One renderer (and Jinja environment) per templates folder for the whole build, not one per page.
_renderers: dict[tuple[str, str, str], Renderer] = {}

_OPTIONS = {
    "workshops_dir": ["", "Folder of workshop plans (none when not given; `workbook zensical` writes it)."],
    "docs_dir": ["docs", "The docs folder, where the host does not say (Zensical does)."],
    "problems": [
        "",
        "error: a problem in a page (an unknown exercise id, say) stops the build, because Zensical cannot count an "
        "extension's warnings in --strict; warning: it is logged and the page shows it. Default: error, but warning "
        "under `zensical serve`, which a raised problem would stop.",
    ],
}


class StandaloneExtension(WorkbookExtension):
    """The blocks, with the site read from the folders and the page from the host (host.py's `Site`, filled here)."""

    def __init__(self, **kwargs: Any):
        extra = {name: kwargs.pop(name) for name in list(kwargs) if name in _OPTIONS}
        super().__init__(**kwargs)
        self.config.update({name: list(value) for name, value in _OPTIONS.items()})
        self.setConfigs(extra)
        if self.getConfig("problems") not in ("", "error", "warning"):
            raise ValueError(f"workbook: problems is 'error' or 'warning', not {self.getConfig('problems')!r}")
        templates = self.getConfig("templates_dir")
        key = (templates, self.getConfig("language"), self.getConfig("messages_dir"))
        self.renderer = _renderers.setdefault(key, self.renderer)
        self.problems: list[Problem] = []
        self.site.report = self._report
        self.course: Course | None = None

    @property
    def exercise_set(self) -> Any:
        if self._exercise_set is not None:  # given by the caller
            return self._exercise_set
        if self.course is None:
            self.course = course(self._folders(None, {}))
        return self.course.exercise_set

    def extendMarkdownBlocks(self, md: Markdown, block_mgr: Any) -> None:
        super().extendMarkdownBlocks(md, block_mgr)
        # Before the blocks' headers are read (29): they count lines in the page's file.
        md.preprocessors.register(_Host(md, self), "workbook_host", 29.5)
        md.postprocessors.register(_Finish(md, self), "workbook_finish", 0)

    def _folders(self, root: Path | None, config: dict[str, Any]) -> Folders:
        root = (root or Path.cwd()).resolve()
        return Folders(
            root=root,
            docs=root / (config.get("docs_dir") or self.getConfig("docs_dir")),
            exercises=root / self.getConfig("exercises_dir"),
            workshops=root / self.getConfig("workshops_dir") if self.getConfig("workshops_dir") else None,
            nav=json.dumps(config.get("nav")),
            use_directory_urls=bool(config.get("use_directory_urls", True)),
            exclude_docs=config.get("exclude_docs") or "",
        )

    def start_page(self, md: Markdown, lines: list[str]) -> None:
        """Fill in the site for the page about to be converted."""
        # Zensical registers its page and config there; Markdown's Registry has no get().
        context = md.preprocessors["rendering_context"] if "rendering_context" in md.preprocessors else None  # noqa: SIM401
        page, config = getattr(context, "page", None), getattr(context, "config", None) or {}
        root = Path(config["root_dir"]) if config.get("root_dir") else None
        folders = self._folders(root, config)
        self.course = course(folders)
        self.problems = []
        site = self.site
        site.outline, site.exercise_pages = self.course.outline, self.course.exercise_pages
        site.workshop_pages, site.workshops_index = self.course.workshop_pages, self.course.workshops_index
        site.print_pack, site.my_workbook_script = self.course.print_pack, self.course.my_workbook_script
        if page is None:
            site.page = PageContext()
            return
        source = folders.docs / page.path
        offset = 0
        if source.is_file():
            # The host hands over the Markdown without its front matter: count its lines back in.
            _, offset = front_matter(source.read_text(encoding="utf-8"))
            path = source.relative_to(folders.root).as_posix() if source.is_relative_to(folders.root) else str(source)
        else:
            path = page.path
        site.page = PageContext(path, offset, page.url)

    def _report(self, path: str, line: int, message: str) -> None:
        if (self.getConfig("problems") or _default_problems()) == "warning":
            log.warning("%s:%d: %s", path, line, message)
        else:
            self.problems.append(Problem(path, line, "", message))

    def finish_page(self, html: str) -> str:
        """The page's HTML with links to pages resolved; its problems, if any, raised."""
        if self.problems:
            problems, self.problems = self.problems, []
            raise PageError(problems)
        if self.course is None:
            return html
        urls = self.course.urls
        return resolve_page_links(html, self.site.page.url, lambda path: urls.get(path.lstrip("./")))


class _Host(Preprocessor):
    def __init__(self, md: Markdown, extension: StandaloneExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        self.extension.start_page(self.md, lines)
        return lines


class _Finish(Postprocessor):
    def __init__(self, md: Markdown, extension: StandaloneExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, text: str) -> str:
        return self.extension.finish_page(text)


def _default_problems() -> str:
    """Under `zensical serve` an exception ends the preview server: the author should see the problem and keep it."""
    command = Path(sys.argv[0]).name if sys.argv else ""
    return "warning" if command.startswith("zensical") and sys.argv[1:2] == ["serve"] else "error"


class PageError(WorkbookError):
    """Every problem of one page (the host shows the message, with the files and lines)."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        heading = "1 problem" if len(problems) == 1 else f"{len(problems)} problems"
        Exception.__init__(self, f"{heading} in a page:\n" + "\n".join(f"  {p}" for p in problems))


def makeExtension(**kwargs: Any) -> StandaloneExtension:
    """Entry point for `markdown_extensions: [workbook]` (Zensical) and `Markdown(extensions=["workbook"])`."""
    return StandaloneExtension(**kwargs)
