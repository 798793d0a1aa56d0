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
from workbook.cli.pdf import CHROMIUM_ARGS  # the flags `workbook pdf` launches Chromium with

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
    return new_project(tmp_path)


def new_project(root: Path) -> Project:
    """The minimal course: the demo exercises, a home page embedding two of them."""
    site = Project(root)
    site.write("mkdocs.yml", MINIMAL_CONFIG)
    site.write(
        "content/index.md",
        "# Home\n\n/// worksheet | first-conversation\n///\n\n/// checklist | networking-habits\n///\n",
    )
    shutil.copytree(DEMO_EXERCISES, root / "exercises" / "demo")
    return site


def strict_build(project: Path, site_dir: Path) -> Path:
    """`mkdocs build --strict` of a project into `site_dir`, as an author runs it; the build must pass."""
    result = run_mkdocs(project, "build", "--strict", "--site-dir", str(site_dir))
    assert result.returncode == 0, result.stderr
    return site_dir


@pytest.fixture(scope="session")
def course_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own course, built once with --strict."""
    return strict_build(ROOT, tmp_path_factory.mktemp("course") / "site")


@pytest.fixture(scope="session")
def facilitator_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own course, facilitator's edition, built once with --strict."""
    site_dir = tmp_path_factory.mktemp("facilitator") / "site"
    result = run_mkdocs(ROOT, "build", "--strict", "-f", "mkdocs.facilitator.yml", "--site-dir", str(site_dir))
    assert result.returncode == 0, result.stderr
    return site_dir


@pytest.fixture(scope="session")
def facilitator_url(facilitator_site: Path) -> Iterator[str]:
    url, server = serve(facilitator_site)
    yield url
    server.shutdown()
    server.server_close()


def build_gallery(path: Path, config: str = "", theme: str = "", plugins: str = "") -> Path:
    """The gallery course (write_gallery) built with `mkdocs build --strict`: its site folder."""
    project = write_gallery(path, config, theme, plugins)
    result = project.build()
    assert result.returncode == 0, result.stderr
    return project.path / "site"


def write_gallery(path: Path, config: str = "", theme: str = "", plugins: str = "") -> Project:
    """A course whose workbook holds the demo exercises (every field type; the real course keeps its gallery out of
    the workbook) and four of the course's own exercises on two chapters. `config` is added to mkdocs.yml, `theme`
    to its theme and `plugins` before the workbook plugin."""
    project = Project(path)
    workbook = "  - workbook:\n      storage_namespace: professional-relationships\n"
    text = MINIMAL_CONFIG.replace("  - workbook\n", plugins + workbook).replace(
        "  font: false\n", "  font: false\n" + theme
    )
    project.write("mkdocs.yml", text + config)
    project.write("content/index.md", "# Home\n")
    project.write(
        "content/demo.md",
        "# Gallery\n\n/// worksheet | first-conversation\n///\n\n/// checklist | networking-habits\n///\n",
    )
    project.write(
        "content/finding-opportunities.md",
        "# Finding opportunities\n\n/// worksheet | event-scouting\n///\n\n"
        "/// checklist | event-preparation\n///\n\n/// worksheet | connection-plan\n///\n",
    )
    project.write("content/personal-brand.md", "# Your personal brand\n\n/// worksheet | elevator-pitch\n///\n")
    shutil.copytree(DEMO_EXERCISES, project.path / "exercises" / "demo")
    for chapter, exercise in (
        ("05-opportunities", "event-scouting"),
        ("05-opportunities", "event-preparation"),
        ("05-opportunities", "connection-plan"),
        ("04-brand", "elevator-pitch"),
    ):
        shutil.copy(ROOT / "exercises" / chapter / f"{exercise}.yml", project.path / "exercises" / f"{exercise}.yml")
    return project


@pytest.fixture(scope="session")
def gallery_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The gallery course (build_gallery) as the tests' course build has it: no site_url, so no instant navigation."""
    url, server = serve(build_gallery(tmp_path_factory.mktemp("gallery")))
    yield url
    server.shutdown()
    server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(
    directory: Path, handler: type[http.server.SimpleHTTPRequestHandler] = _QuietHandler
) -> tuple[str, http.server.ThreadingHTTPServer]:
    """`directory` served on a port of its own (an origin of its own: its own storage), in a thread."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server


@contextmanager
def served(directory: Path) -> Iterator[str]:
    """`directory` served (serve) for as long as the block runs: for session fixtures."""
    url, server = serve(directory)
    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def course_url(course_site: Path) -> Iterator[str]:
    with served(course_site) as url:
        yield url


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
    new_page.on(
        "request", lambda request: None if request.url.startswith(local) else log.outside_requests.append(request.url)
    )
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


# --- releases of one small course, all served from one origin (so they share localStorage) -------------

# Each release: the fields of `plan` ({id: (type, options or points or columns)}), whether `extra` is in it, and
# the `habits` checklist's scale and items. Between them: renamed and removed fields, removed and added options,
# a scale shrunk and grown again, a removed table column, removed and added items, a likert scale turned to ticks.
RELEASES: dict[str, dict] = {
    "r1": {
        "plan": {
            "goal": ("text", None),
            "notes": ("long-text", None),
            "channel": ("choice", ["email", "phone", "meetup"]),
            "topics": ("multiple-choice", ["news", "hobbies", "events"]),
            "confidence": ("rating", (1, 5)),
            "hours": ("number", None),
            "ready": ("yes-no", None),
            "when": ("date", None),
            "contacts": ("table", ["name", "why"]),
        },
        "extra": True,
        "habits": ("likert", (1, 5), ["a", "b", "c"]),
    },
    "r2": {
        "plan": {
            "goal": ("text", None),
            "thoughts": ("long-text", None),
            "channel": ("choice", ["email", "meetup"]),
            "topics": ("multiple-choice", ["news", "hobbies", "online"]),
            "confidence": ("rating", (1, 3)),
            "ready": ("yes-no", None),
            "when": ("date", None),
            "contacts": ("table", ["name"]),
        },
        "extra": False,
        "habits": ("likert", (1, 4), ["a", "b", "d"]),
    },
    "r3": {
        "plan": {
            "goal": ("text", None),
            "notes": ("long-text", None),
            "channel": ("choice", ["email", "phone", "meetup", "video"]),
            "topics": ("multiple-choice", ["news", "events"]),
            "confidence": ("rating", (1, 5)),
            "hours": ("number", None),
            "ready": ("yes-no", None),
            "when": ("date", None),
            "contacts": ("table", ["name", "why", "next"]),
            "mentor": ("text", None),
        },
        "extra": True,
        "habits": ("yes-no", (0, 1), ["a", "c"]),
    },
}
RELEASE_NAMESPACE = "model"


def _release_files(spec: dict) -> dict[str, str]:
    import yaml

    fields = []
    for field_id, (kind, extra) in spec["plan"].items():
        field: dict = {"id": field_id, "type": kind, "label": f"Question {field_id}"}
        if kind in ("choice", "multiple-choice"):
            field["options"] = [{"id": option, "label": f"Option {option}"} for option in extra]
        elif kind == "rating":
            field["min"], field["max"] = extra
        elif kind == "table":
            field["columns"] = [{"id": column, "label": f"Column {column}"} for column in extra]
            field["rows"] = 2
        fields.append(field)
    scale_type, (low, high), items = spec["habits"]
    scale = "yes-no" if scale_type == "yes-no" else {"type": "likert", "min": low, "max": high}
    files = {
        "exercises/plan.yml": {"id": "plan", "kind": "worksheet", "title": "The plan", "minutes": 5, "fields": fields},
        "exercises/habits.yml": {
            "id": "habits",
            "kind": "checklist",
            "title": "Habits",
            "minutes": 5,
            "scale": scale,
            "items": [{"id": item, "text": f"Statement {item}"} for item in items],
        },
        # Never edited by the tests: damaged and newer entries are put under these ids.
        "exercises/scrap.yml": {
            "id": "scrap",
            "kind": "worksheet",
            "title": "Scrap",
            "minutes": 1,
            "fields": [{"id": "note", "type": "text", "label": "Note"}],
        },
        "exercises/future.yml": {
            "id": "future",
            "kind": "worksheet",
            "title": "Future",
            "minutes": 1,
            "fields": [{"id": "note", "type": "text", "label": "Note"}],
        },
    }
    if spec["extra"]:
        files["exercises/extra.yml"] = {
            "id": "extra",
            "kind": "worksheet",
            "title": "Extra",
            "minutes": 1,
            "fields": [{"id": "idea", "type": "text", "label": "Idea"}],
        }
    texts = {name: yaml.safe_dump(data, sort_keys=False) for name, data in files.items()}
    blocks = ["/// worksheet | plan\n///", "/// worksheet | plan\n///"]  # the same exercise twice on one page
    blocks += ["/// worksheet | extra\n///"] if spec["extra"] else []
    blocks += ["/// checklist | habits\n///", "/// worksheet | scrap\n///", "/// worksheet | future\n///"]
    texts["content/index.md"] = "# Home\n\n" + "\n\n".join(blocks) + "\n"
    texts["mkdocs.yml"] = MINIMAL_CONFIG.replace(
        "  - workbook\n", f"  - workbook:\n      storage_namespace: {RELEASE_NAMESPACE}\n"
    )
    return texts


@pytest.fixture(scope="session")
def release_sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Every release in RELEASES, built once with `mkdocs build --strict` into its own folder of one site: /r1/, /r2/, ..."""
    root = tmp_path_factory.mktemp("releases")
    site = root / "site"
    for name, spec in RELEASES.items():
        project = Project(root / name)
        for relative, text in _release_files(spec).items():
            project.write(relative, text)
        result = project.build("--site-dir", str(site / name))
        assert result.returncode == 0, result.stderr
    url, server = serve(site)
    yield url
    server.shutdown()
    server.server_close()


# Storage faults, switched per tab from the test through sessionStorage["fault"]: {"get": true} makes reading an
# answer throw, {"set": true} every write of one, {"budget": n} a write that would take the whole over n characters.
# Only the workbook's keys: Material's own use of storage is not what these tests are about.
FAULTS = """(() => {
  const get = Storage.prototype.getItem;
  const set = Storage.prototype.setItem;
  const mode = (key) => (String(key).startsWith("workbook:") ? JSON.parse(get.call(window.sessionStorage, "fault") || "{}") : {});
  Storage.prototype.getItem = function (key) {
    if (this !== window.sessionStorage && mode(key).get) throw new DOMException("injected read fault", "SecurityError");
    return get.call(this, key);
  };
  Storage.prototype.setItem = function (key, value) {
    const fault = this === window.sessionStorage ? {} : mode(key);
    if (fault.set) throw new DOMException("injected fault", "QuotaExceededError");
    if (fault.budget !== undefined) {
      const others = Object.keys(this).filter((other) => other !== key).reduce((sum, other) => sum + other.length + this[other].length, 0);
      if (others + key.length + String(value).length > fault.budget) throw new DOMException("injected quota", "QuotaExceededError");
    }
    return set.call(this, key, value);
  };
})();"""


def set_fault(page: object, **fault: object) -> None:
    page.evaluate("fault => sessionStorage.setItem('fault', JSON.stringify(fault))", fault)  # type: ignore[attr-defined]


def storage_usage(page: object) -> int:
    return page.evaluate(
        "() => Object.keys(localStorage).reduce((sum, key) => sum + key.length + localStorage[key].length, 0)"
    )  # type: ignore[attr-defined]
