"""`workbook pdf`: the print packs as PDF files, printed by headless Chromium like Ctrl+P would.

The course is built into a temporary folder, served on 127.0.0.1 (pages need a web server for
their links and scripts), and each pack is printed with the paper size and margins of the
plugin's options, which the site's own `@page` rules carry. Playwright drives Chromium; both
are optional (`pip install mkdocs-workbook[pdf]` and a Chromium or Chrome on the machine).
"""

from __future__ import annotations

import contextlib
import functools
import logging
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from ..errors import close_match

__all__ = ["BROWSER_NAMES", "CHROMIUM_ARGS", "PdfError", "Printout", "find_browser", "make_pdfs"]

BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class PdfError(Exception):
    """Why no PDF could be made, said for the person at the command line."""


@dataclass(frozen=True)
class Printout:
    """One PDF to make: the site page to print and the file to write."""

    url: str
    name: str
    title: str


def find_browser(explicit: str | None = None) -> str:
    """The Chromium or Chrome to print with: `explicit`, or the first of BROWSER_NAMES on PATH."""
    if explicit:
        found = shutil.which(explicit) or (explicit if Path(explicit).is_file() else None)
        if not found:
            raise PdfError(f"No browser at '{explicit}': give the path of a Chromium or Chrome executable.")
        return found
    for name in BROWSER_NAMES:
        if found := shutil.which(name):
            return found
    raise PdfError(
        "No Chromium or Chrome found (looked for " + ", ".join(BROWSER_NAMES) + " on PATH). "
        "Install one (Debian or Ubuntu: `sudo apt-get install chromium`; macOS: install Google Chrome) "
        "or give its path with --browser."
    )


def build_course(
    config_file: str, site_dir: Path, language: str | None = None
) -> tuple[list[Printout], list[Printout]]:
    """Build the course into `site_dir`; return the packs (and run-sheets) and the chapters to print, in `language`
    where the site has several (mkdocs-static-i18n), else in its default one."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from ..plugin import WorkbookPlugin

    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
    handler.setLevel(logging.WARNING)
    logging.getLogger("mkdocs").addHandler(handler)
    try:
        config = load_config(config_file, site_dir=str(site_dir))
        build(config)
    except (MkDocsException, OSError) as error:
        raise PdfError(f"The course did not build: {error}") from None
    finally:
        logging.getLogger("mkdocs").removeHandler(handler)
    plugin = next((p for p in config.plugins.values() if isinstance(p, WorkbookPlugin)), None)
    if plugin is None or plugin.extension is None:
        raise PdfError(f"{config_file} does not use the workbook plugin: add `- workbook` to its plugins.")
    built = list(plugin.sites)
    if language is None:
        language = built[0]  # the default language is built first
    if language not in plugin.sites:
        raise PdfError(
            f"--language {language}: the course is built in {', '.join(built)}"
            + (f" (did you mean '{meant}'?)" if (meant := close_match(language, built)) else "")
        )
    site = plugin.sites[language]
    assert site.print_pack is not None  # the plugin always adds one
    packs = [Printout(site.print_pack, "workbook.pdf", "the whole workbook")]
    for workshop_id, pages in site.workshop_pages.items():
        packs.append(Printout(pages.handouts, f"handouts-{workshop_id}.pdf", f"handouts for {pages.title}"))
        packs.append(Printout(pages.run_sheet, f"run-sheet-{workshop_id}.pdf", f"run-sheet for {pages.title}"))
    chapters = [
        Printout(
            chapter.url,
            f"chapters/{index:02d}-{chapter.url.strip('/').replace('/', '-') or 'index'}.pdf",
            chapter.title,
        )
        for index, chapter in enumerate(site.outline, start=1)
    ]
    return packs, chapters


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """A quiet web server for `directory` on a free port of 127.0.0.1; yields its base URL."""

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def import_answers(page: Any, base_url: str, answers: Path) -> None:
    """Load a learner's export through My workbook's own import, as the learner would."""
    page.goto(base_url + "my-workbook/", wait_until="load")
    page.set_input_files("[data-workbook-action='import']", str(answers))
    refusal = page.locator("[data-workbook-page-alert]")
    # A fresh browser holds no answers, so the preview offers a plain "Import".
    accept = page.locator("[data-workbook-import='keep']")
    page.locator("[data-workbook-page-alert]:visible, [data-workbook-import='keep']:visible").first.wait_for(
        timeout=10_000
    )
    if refusal.is_visible():
        raise PdfError(f"{answers}: {refusal.inner_text().strip()}")
    accept.click()
    page.locator("[data-workbook-page-status]").filter(has_text="Imported").wait_for(timeout=10_000)


def make_pdfs(
    config_file: str,
    out_dir: Path,
    *,
    chapters: bool = False,
    browser: str | None = None,
    answers: Path | None = None,
    language: str | None = None,
    say: Callable[[str], None] = print,
) -> list[Path]:
    """Build the course and print its packs (and, with `chapters`, every chapter) into `out_dir`."""
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise PdfError("`workbook pdf` needs Playwright: pip install 'mkdocs-workbook[pdf]'") from None
    executable = find_browser(browser)
    written = []
    with tempfile.TemporaryDirectory(prefix="workbook-pdf-") as temp:
        say(f"Building the course from {config_file}...")
        packs, pages = build_course(config_file, Path(temp) / "site", language)
        printouts = packs + (pages if chapters else [])
        with serve(Path(temp) / "site") as base_url, sync_playwright() as playwright:
            try:
                chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            except PlaywrightError as error:
                raise PdfError(f"{executable} did not start: {str(error).splitlines()[0]}") from None
            try:
                page = chromium.new_page()
                page.set_default_timeout(60_000)
                if answers is not None:
                    import_answers(page, base_url, answers)
                for number, printout in enumerate(printouts, start=1):
                    started = time.perf_counter()
                    target = out_dir / printout.name
                    target.parent.mkdir(parents=True, exist_ok=True)
                    page.goto(base_url + printout.url, wait_until="load")
                    page.wait_for_load_state("networkidle")
                    page.pdf(path=str(target), prefer_css_page_size=True, print_background=True)
                    written.append(target)
                    size = target.stat().st_size // 1024
                    say(
                        f"[{number}/{len(printouts)}] {target} ({printout.title}, {size} KB, {time.perf_counter() - started:.1f} s)"
                    )
            except PlaywrightError as error:
                raise PdfError(f"Chromium stopped while printing: {str(error).splitlines()[0]}") from None
            finally:
                chromium.close()
    return written
