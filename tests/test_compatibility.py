"""Next to the plugins people use with Material: each a real build with the real package from PyPI (the test
extras install them), then Chromium: a chapter's form saves, My workbook lists every exercise, and no page asks
another host for anything. README's "Works with" lists the same matrix."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import MINIMAL_CONFIG, ROOT, Project, build_gallery, run_mkdocs, serve, write_gallery

# The gallery course's exercises (build_gallery), in course order.
EXERCISES = [
    "first-conversation",
    "networking-habits",
    "event-scouting",
    "event-preparation",
    "connection-plan",
    "elevator-pitch",
]
WHERE = "#wb-first-conversation-where"

MATRIX = {
    # Material's own: search, blog and tags, and privacy (told not to fetch Material's own CDN script: no network here).
    "material-plugins": "  - search\n  - blog\n  - tags\n  - privacy:\n      assets_exclude:\n        - unpkg.com/*\n",
    # Comments removed from the HTML (the workbook's placeholders are comments a minifier keeps), workbook.js renamed.
    "minify": "  - minify:\n      minify_html: true\n      minify_js: true\n      htmlmin_opts:\n        remove_comments: true\n"
    "      js_files:\n        - workbook/workbook.js\n",
    "awesome-nav": "  - awesome-nav\n",
    "macros": "  - macros\n",
}


# MaterialX installs the same `material` module as mkdocs-material: an environment of its own, made once and kept
# (ignored by git) for later runs; ProperDocs builds there, with the package installed from this checkout.
MATERIALX_ENV = ROOT / ".venv-materialx"
MATERIALX_PACKAGES = ["mkdocs-materialx>=10.2,<11", "properdocs>=1.6,<2", "Markdown>=3.5", "pymdown-extensions>=10.0"]
MATERIALX_PACKAGES += ["PyYAML>=6.0", "Jinja2>=3.1"]


def build_with_properdocs_and_materialx(path: Path) -> Path:
    python = MATERIALX_ENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(MATERIALX_ENV)], check=True)
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, *MATERIALX_PACKAGES], check=True)
    subprocess.run([*pip, "--no-deps", "-e", str(ROOT)], check=True)
    project = write_gallery(path)
    config = project.path / "mkdocs.yml"
    config.write_text(config.read_text().replace("name: material\n", "name: materialx\n"))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [str(python), "-m", "properdocs", "build", "--strict", "-f", "mkdocs.yml"]
    result = subprocess.run(command, cwd=project.path, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert "materialx" in (project.path / "site" / "index.html").read_text()  # the fork's theme, not Material's
    return project.path / "site"


@pytest.fixture(scope="module")
def matrix_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Every build of MATRIX under one server, at /<name>/, and ProperDocs with MaterialX at /properdocs-materialx/."""
    root = tmp_path_factory.mktemp("matrix")
    (root / "served").mkdir()
    for name, plugins in MATRIX.items():
        project = Project(root / name)
        if name == "material-plugins":
            project.write("content/blog/index.md", "# Blog\n")
            project.write("content/blog/posts/hello.md", "---\ndate: 2026-11-01\n---\n\n# Hello\n\nA post.\n")
        if name == "awesome-nav":  # the nav written by hand, in another order, with its own titles
            project.write(
                "content/.nav.yml",
                "nav:\n  - Start: index.md\n  - Brand first: personal-brand.md\n  - demo.md\n"
                "  - finding-opportunities.md\n",
            )
        if name == "macros":
            project.write(
                "content/macro-page.md", "---\ntitle: Macros\n---\n\n# {{ 'Macro' ~ 's' }}\n\nSeven: {{ 3 + 4 }}\n"
            )
        site = build_gallery(project.path, "", plugins=plugins)
        site.rename(root / "served" / name)
    build_with_properdocs_and_materialx(root / "materialx").rename(root / "served" / "properdocs-materialx")
    url, server = serve(root / "served")
    yield url
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("name", [*sorted(MATRIX), "properdocs-materialx"])
def test_with_the_plugin_a_form_saves_and_my_workbook_lists_every_exercise_and_nothing_leaves_the_site(
    browser, matrix_url, name
):
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{matrix_url}/{name}/demo/")
    page.fill(WHERE, f"Saved next to {name}")
    page.reload()
    page.wait_for_selector("[data-workbook-exercise='first-conversation'][data-workbook-ready]")
    assert page.input_value(WHERE) == f"Saved next to {name}"
    page.click(".md-sidebar--primary a.md-nav__link:has-text('My workbook')")
    page.wait_for_selector("[data-workbook-my-workbook][data-workbook-ready]")
    cards = page.eval_on_selector_all(
        "[data-workbook-summary]", "cards => cards.map(card => card.dataset.workbookSummary)"
    )
    assert sorted(set(cards)) == sorted(EXERCISES)
    answer = page.text_content(
        "[data-workbook-summary='first-conversation'] [data-workbook-answer='where'] [data-workbook-answer-text]"
    )
    assert answer == f"Saved next to {name}"
    page.goto(f"{matrix_url}/{name}/print/")
    assert page.locator("[data-workbook-sheet]").count() >= len(EXERCISES)
    context.close()
    assert errors == []
    assert [url for url in requests if not url.startswith(matrix_url)] == []


def test_with_awesome_nav_my_workbook_follows_the_nav_it_makes(browser, matrix_url):
    page = browser.new_page()
    page.goto(f"{matrix_url}/awesome-nav/my-workbook/")
    chapters = page.eval_on_selector_all(
        "[data-workbook-chapter] h2", "titles => titles.map(t => t.textContent.trim())"
    )
    page.close()
    # The nav's order and titles, as the site's own navigation shows them; a page the nav names by file, by its heading.
    assert chapters[:3] == ["Brand first", "Gallery", "Finding opportunities"]


def test_with_macros_the_pages_are_rendered_by_both(matrix_url):
    text = urllib.request.urlopen(f"{matrix_url}/macros/macro-page/").read().decode()
    assert "Seven: 7" in text and '<h1 id="macros">Macros</h1>' in text


def test_the_minify_plugin_renaming_my_workbooks_script_stops_the_build_with_a_clear_message(project: Project):
    project.write(
        "mkdocs.yml",
        MINIMAL_CONFIG.replace(
            "  - workbook\n", "  - minify:\n      minify_js: true\n      js_files: workbook/*.js\n  - workbook\n"
        ),
    )
    result = project.build()
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "the minify plugin's js_files lists 'workbook/*.js': it would rename My workbook's script" in result.stderr


def test_static_i18n_is_refused_with_a_clear_message_not_a_traceback(project: Project):
    project.write(
        "mkdocs.yml",
        MINIMAL_CONFIG.replace(
            "  - workbook\n",
            "  - i18n:\n      docs_structure: suffix\n      languages:\n"
            "        - locale: en\n          default: true\n          name: English\n"
            "        - locale: fr\n          name: Français\n  - workbook\n",
        ),
    )
    project.write("content/index.fr.md", "# Accueil\n")
    result = run_mkdocs(project.path, "build")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "mkdocs-static-i18n is not supported yet" in result.stderr
