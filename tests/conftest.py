"""Shared fixtures: real MkDocs builds in tmp_path, a local HTTP server, real Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from workbook.pdf import CHROMIUM_ARGS  # the flags `workbook pdf` launches Chromium with

ROOT = Path(__file__).resolve().parents[1]
DEMO_EXERCISES = ROOT / "exercises" / "demo"
MINIMAL_CONFIG = """\
site_name: Test course
docs_dir: content
theme:
  name: material
  font: false
plugins:
  - workbook
"""


def run_mkdocs(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The real command line, as an author runs it."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", *args], cwd=project, capture_output=True, text=True, env=env)


@dataclass
class Project:
    """A small course on disk: mkdocs.yml, content/ and exercises/ (the demo exercises)."""

    path: Path
    written: list[Path] = field(default_factory=list)

    def write(self, relative: str, text: str | bytes) -> Path:
        target = self.path / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_text(text, encoding="utf-8")
        return target

    def build(self, *extra: str) -> subprocess.CompletedProcess[str]:
        return run_mkdocs(self.path, "build", "--strict", *extra)

    def html(self, page: str = "index.html") -> str:
        return (self.path / "site" / page).read_text(encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Project:
    site = Project(tmp_path)
    site.write("mkdocs.yml", MINIMAL_CONFIG)
    site.write("content/index.md", "# Home\n\n/// worksheet | first-conversation\n///\n\n/// checklist | networking-habits\n///\n")
    shutil.copytree(DEMO_EXERCISES, tmp_path / "exercises" / "demo")
    return site


@pytest.fixture(scope="session")
def course_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own course, built once with --strict."""
    site_dir = tmp_path_factory.mktemp("course") / "site"
    result = run_mkdocs(ROOT, "build", "--strict", "--site-dir", str(site_dir))
    assert result.returncode == 0, result.stderr
    return site_dir


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(directory: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server


@pytest.fixture(scope="session")
def course_url(course_site: Path) -> Iterator[str]:
    url, server = serve(course_site)
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(executable).exists():
        pytest.fail("Chromium is not installed: run `bash tests/run.sh`, which installs Debian's chromium package")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class PageLog:
    """What a page did that a learner would not want: script errors and requests to other hosts."""

    errors: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)


@contextmanager
def watched_page(browser: object, **context_options: object) -> Iterator[object]:
    """A page in a fresh browser context; fails the test if it logged errors or asked another host for anything."""
    context = browser.new_context(**context_options)  # type: ignore[attr-defined]
    new_page = context.new_page()
    log = PageLog()
    new_page.on("pageerror", lambda error: log.errors.append(str(error)))
    new_page.on("console", lambda message: log.errors.append(message.text) if message.type == "error" else None)
    # blob: URLs are downloads made inside the browser (exports), not requests to anywhere.
    local = ("http://127.0.0.1", "blob:http://127.0.0.1")
    new_page.on("request", lambda request: None if request.url.startswith(local) else log.outside_requests.append(request.url))
    new_page.workbook_log = log
    try:
        yield new_page
    finally:
        context.close()
    assert log.errors == [], f"the page logged errors: {log.errors}"
    assert log.outside_requests == [], f"the page made requests to other hosts: {log.outside_requests}"


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    with watched_page(browser) as new_page:
        yield new_page
