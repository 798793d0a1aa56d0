"""Next to the plugins people use with Material: each entry of MATRIX is a real build with the real package from PyPI
(the test extras install them; MaterialX, which cannot share an environment with mkdocs-material, gets its own), then
Chromium: a chapter's form saves, My workbook lists every exercise the chapters embed, and no page asks another host
for anything. README's "Works with" lists the same matrix."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from .conftest import MINIMAL_CONFIG, ROOT, Project, run_mkdocs, serve, write_gallery

# The gallery course's exercises (conftest.build_gallery), in course order.
EXERCISES = [
    "first-conversation",
    "networking-habits",
    "event-scouting",
    "event-preparation",
    "connection-plan",
    "elevator-pitch",
]
WHERE = "#wb-first-conversation-where"
READY = "[data-workbook-exercise='first-conversation'][data-workbook-ready]"
ANSWER = "[data-workbook-summary='first-conversation'] [data-workbook-answer='where'] [data-workbook-answer-text]"
MATERIALX_VENV = ROOT / ".venv-materialx"  # ignored by git; made once, reused
MATERIALX_PACKAGES = ["properdocs>=1.6,<1.7", "mkdocs-materialx>=10.2,<10.3"]

SUFFIX_I18N = """\
  - i18n:
      docs_structure: suffix
      languages:
        - locale: en
          default: true
          name: English
        - locale: fr
          name: Français
"""
FOLDER_I18N = SUFFIX_I18N.replace("suffix", "folder")
# The chapters in other words, for the second language.
TRANSLATED = {
    "index.md": "# Accueil\n\n[Mon cahier](my-workbook.md)\n",  # a link to a generated page, checked by --strict
    "demo.md": "# Galerie\n\n/// worksheet | first-conversation\n///\n\n/// checklist | networking-habits\n///\n",
    "finding-opportunities.md": "# Trouver des occasions\n\n/// worksheet | event-scouting\n///\n\n"
    "/// checklist | event-preparation\n///\n\n/// worksheet | connection-plan\n///\n",
    "personal-brand.md": "# Votre image\n\n/// worksheet | elevator-pitch\n///\n",
}


@dataclass
class Variant:
    plugins: str = ""
    theme: str = ""
    config: str = ""
    files: dict[str, str] = field(default_factory=dict)
    command: str = "mkdocs"  # or properdocs, or materialx (ProperDocs in MaterialX's environment)
    layout: str = ""  # mkdocs-static-i18n: "suffix" (demo.fr.md beside demo.md) or "folder" (en/demo.md, fr/demo.md)
    # Where the form is typed in, and where the same answer must show in another language.
    chapter: str = "demo/"
    other_chapter: str = ""
    print_pack: str = "print/"
    from_files: bool = False  # opened from file://, not from a server
    # The nav entry of My workbook on the last chapter visited, in its language.
    my_workbook: str = "My workbook"


MATRIX = {
    # Material's own: search, blog and tags, and privacy (told not to fetch Material's own CDN script: no network here).
    "material-plugins": Variant(
        plugins="  - search\n  - blog\n  - tags\n  - privacy:\n      assets_exclude:\n        - unpkg.com/*\n",
        files={
            "content/blog/index.md": "# Blog\n",
            "content/blog/posts/hello.md": "---\ndate: 2026-11-01\n---\n\n# Hello\n\nA post.\n",
        },
    ),
    # Material's offline plugin, the site opened from its files (no directory URLs then).
    "offline": Variant(
        plugins="  - search\n  - offline\n", chapter="demo.html", print_pack="print.html", from_files=True
    ),
    # The HTML minified with its comments removed; every file of the workbook's named in js_files and css_files (so
    # renamed .min.js, .min.css), My workbook's own script too.
    "minify": Variant(
        plugins="  - minify:\n      minify_html: true\n      htmlmin_opts:\n        remove_comments: true\n"
        "      minify_js: true\n      js_files:\n        - workbook/workbook.js\n        - workbook/my-workbook.js\n"
        "      minify_css: true\n      css_files:\n        - workbook/workbook.css\n        - workbook/print.css\n"
        "        - workbook/paper.css\n"
    ),
    # The nav written by hand, in another order, with its own titles.
    "awesome-nav": Variant(
        plugins="  - awesome-nav\n",
        files={
            "content/.nav.yml": "nav:\n  - Start: index.md\n  - Brand first: personal-brand.md\n  - demo.md\n"
            "  - finding-opportunities.md\n"
        },
    ),
    "macros": Variant(
        plugins="  - macros\n",
        files={"content/macro-page.md": "---\ntitle: Macros\n---\n\n# {{ 'Macro' ~ 's' }}\n\nSeven: {{ 3 + 4 }}\n"},
    ),
    # Two languages, each built into its own folder; an answer typed in one shows in the other.
    "i18n-suffix": Variant(
        plugins="  - search\n" + SUFFIX_I18N,
        layout="suffix",
        files={"content/index.md": "# Home\n\n[My workbook](my-workbook.md)\n"},
        chapter="demo/",
        other_chapter="fr/demo/",
        print_pack="fr/print/",
        my_workbook="Mon cahier",
    ),
    "i18n-folder": Variant(
        plugins="  - search\n" + FOLDER_I18N,
        layout="folder",
        files={"content/index.md": "# Home\n\n[My workbook](my-workbook.md)\n"},
        chapter="fr/demo/",
        other_chapter="demo/",
    ),
    "properdocs": Variant(plugins="  - search\n", command="properdocs"),
    "properdocs-materialx": Variant(plugins="  - search\n", command="materialx"),
}


def materialx_python() -> Path:
    """A virtual environment with ProperDocs, MaterialX and this package (MaterialX installs the same `material`
    module as mkdocs-material: they cannot share one). Made once under the repository, reused while it matches."""
    python = MATERIALX_VENV / "bin" / "python"
    marker = MATERIALX_VENV / "workbook-ready"
    wanted = "\n".join([str(ROOT), *MATERIALX_PACKAGES])
    if marker.is_file() and marker.read_text() == wanted and python.exists():
        return python
    shutil.rmtree(MATERIALX_VENV, ignore_errors=True)
    steps = [
        [sys.executable, "-m", "venv", str(MATERIALX_VENV)],
        [str(python), "-m", "pip", "install", "-q", *MATERIALX_PACKAGES],
        # Not its dependencies: mkdocs-material would overwrite MaterialX's `material`.
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "-e", str(ROOT)],
    ]
    for step in steps:
        result = subprocess.run(step, capture_output=True, text=True)
        if result.returncode != 0:
            pytest.fail(f"could not make MaterialX's environment: {' '.join(step)}\n{result.stdout}\n{result.stderr}")
    marker.write_text(wanted)
    return python


def build(root: Path, name: str, variant: Variant, materialx: Path | None) -> Path:
    project = write_gallery(root / name, variant.config, variant.theme, variant.plugins)
    if variant.command == "materialx":
        text = (project.path / "mkdocs.yml").read_text().replace("name: material\n", "name: materialx\n")
        project.write("mkdocs.yml", text)
    for relative, text in variant.files.items():
        project.write(relative, text)
    content = project.path / "content"
    if variant.layout == "suffix":
        for chapter, text in TRANSLATED.items():
            project.write(f"content/{chapter.replace('.md', '.fr.md')}", text)
    elif variant.layout == "folder":
        (content / "en").mkdir()
        for chapter, text in TRANSLATED.items():
            (content / chapter).rename(content / "en" / chapter)
            project.write(f"content/fr/{chapter}", text)
    python = {"mkdocs": sys.executable, "properdocs": sys.executable, "materialx": materialx}[variant.command]
    tool = "mkdocs" if variant.command == "mkdocs" else "properdocs"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [str(python), "-m", tool, "build", "--strict"], cwd=project.path, capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, f"{name}: {result.stderr}"
    return project.path / "site"


@pytest.fixture(scope="session")
def matrix_sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """Every build of MATRIX, two at a time, served under one server at /<name>/; returns its URL and folder."""
    root = tmp_path_factory.mktemp("matrix")
    served = root / "served"
    served.mkdir()
    materialx = materialx_python()
    with ThreadPoolExecutor(max_workers=2) as pool:
        sites = dict(zip(MATRIX, pool.map(lambda item: build(root, *item, materialx), MATRIX.items()), strict=True))
    for name, site in sites.items():
        site.rename(served / name)
    url, server = serve(served)
    yield url, served
    server.shutdown()
    server.server_close()


def embedded(site: Path) -> set[str]:
    """The exercises the site's chapters embed (not the pages of every exercise), as written in their HTML."""
    ids: set[str] = set()
    for page in site.rglob("*.html"):
        if not re.search(r"(^|/)(my-workbook|print)(/index)?\.html$", page.relative_to(site).as_posix()):
            ids.update(re.findall(r'data-workbook-exercise="?([a-z0-9-]+)', page.read_text(encoding="utf-8")))
    return ids


@pytest.mark.parametrize("name", list(MATRIX))
def test_with_the_plugin_a_form_saves_and_my_workbook_lists_every_exercise_and_nothing_leaves_the_site(
    browser, matrix_sites, name
):
    url, served = matrix_sites
    variant = MATRIX[name]
    site = served / name
    base = site.as_uri() + "/" if variant.from_files else f"{url}/{name}/"
    assert embedded(site) == set(EXERCISES)
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    typed = f"Saved next to {name}"
    page.goto(base + variant.chapter)
    page.wait_for_selector(READY)
    page.fill(WHERE, typed)
    page.reload()
    page.wait_for_selector(READY)
    assert page.input_value(WHERE) == typed
    if variant.other_chapter:  # the other language's page: answers are kept by exercise id, whatever the language
        page.goto(base + variant.other_chapter)
        page.wait_for_selector(READY)
        assert page.input_value(WHERE) == typed
    page.click(f".md-sidebar--primary a.md-nav__link:has-text('{variant.my_workbook}')")
    page.wait_for_selector("[data-workbook-my-workbook][data-workbook-ready]")
    cards = page.eval_on_selector_all(
        "[data-workbook-summary]", "cards => cards.map(card => card.dataset.workbookSummary)"
    )
    assert sorted(set(cards)) == sorted(embedded(site))
    assert page.text_content(ANSWER) == typed
    page.goto(base + variant.print_pack)
    assert page.locator("[data-workbook-sheet]").count() >= len(EXERCISES)
    context.close()
    assert errors == []
    outside = [address for address in requests if not address.startswith((f"{url}/", "file://", "data:", "blob:"))]
    if name == "offline":
        # Material's offline plugin puts this shim in every page itself (README says so, and how to do without).
        assert set(outside) == {"https://unpkg.com/iframe-worker/shim"}
    else:
        assert outside == []


def test_with_minify_renaming_the_workbooks_scripts_every_page_loads_them_by_their_new_name(matrix_sites):
    url, served = matrix_sites
    site = served / "minify"
    assert (site / "workbook" / "my-workbook.min.js").is_file() and not (site / "workbook" / "my-workbook.js").exists()
    my_workbook = (site / "my-workbook" / "index.html").read_text()
    assert "my-workbook.min.js" in my_workbook and "<!--" not in my_workbook.replace("<!--[if", "")
    scripts = re.findall(r"<script[^>]* src=\"?([^\" >]+)", (site / "demo" / "index.html").read_text())
    assert "../workbook/workbook.min.js" in scripts and not any("my-workbook" in script for script in scripts)


def test_with_static_i18n_each_language_has_its_own_my_workbook_and_the_language_menu_links_them(matrix_sites):
    url, served = matrix_sites
    french = (served / "i18n-suffix" / "fr" / "my-workbook" / "index.html").read_text()
    assert '<a href="../demo/">Galerie</a>' in french  # the French chapters, by their French titles
    assert re.search(r'href="\.\./\.\./my-workbook/" hreflang="en"', french)
    folder = (served / "i18n-folder" / "fr" / "my-workbook" / "index.html").read_text()
    assert '<a href="../demo/">Galerie</a>' in folder and re.search(
        r'href="\.\./\.\./my-workbook/" hreflang="en"', folder
    )
    assert (served / "i18n-folder" / "my-workbook" / "index.html").is_file()


def test_with_awesome_nav_my_workbook_and_the_print_pack_follow_the_nav_it_makes(browser, matrix_sites):
    url, _ = matrix_sites
    page = browser.new_page()
    page.goto(f"{url}/awesome-nav/my-workbook/")
    chapters = page.eval_on_selector_all(
        "[data-workbook-chapter] h2", "titles => titles.map(t => t.textContent.trim())"
    )
    page.close()
    # The nav's order and titles, as the site's own navigation shows them; a page the nav names by file, by its heading.
    assert chapters[:3] == ["Brand first", "Gallery", "Finding opportunities"]
    # The print pack's sheets too, under the chapter's title as the nav gives it.
    pack = urllib.request.urlopen(f"{url}/awesome-nav/print/").read().decode()
    assert '<p class="workbook-pack-subtitle" id="wb-elevator-pitch-sheet">Brand first</p>' in pack


def test_with_macros_the_pages_are_rendered_by_both(matrix_sites):
    url, _ = matrix_sites
    text = urllib.request.urlopen(f"{url}/macros/macro-page/").read().decode()
    assert "Seven: 7" in text and '<h1 id="macros">Macros</h1>' in text


def test_with_macros_a_warning_names_the_line_of_the_file(project: Project):
    project.write("mkdocs.yml", MINIMAL_CONFIG.replace("  - workbook\n", "  - macros\n  - workbook\n"))
    project.write(
        "content/chapter.md",
        "---\ntitle: Chapter\n---\n# Chapter {{ 'x' ~ 'y' }}\n\n{{ 3 + 4 }}\n\n/// worksheet | no-such-exercise\n///\n",
    )
    result = project.build()
    assert "content/chapter.md:8: unknown exercise id 'no-such-exercise'" in result.stderr


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        (
            "      minify_js: true\n      js_files: workbook/*.js\n",
            "the minify plugin's js_files lists 'workbook/*.js': it would rename workbook/workbook.js, "
            "workbook/my-workbook.js but leave the pages loading the old name",
        ),
        (
            "      minify_css: true\n      css_files: ['**/*.css']\n",
            "the minify plugin's css_files lists '**/*.css': it would rename workbook/workbook.css",
        ),
        (
            "      minify_js: true\n      cache_safe: true\n      js_files: [workbook/workbook.js]\n",
            "the minify plugin's js_files lists 'workbook/workbook.js' and its cache_safe is on",
        ),
    ],
)
def test_minify_settings_that_would_break_the_workbook_stop_the_build_with_a_clear_message(
    project: Project, setting: str, message: str
):
    project.write("mkdocs.yml", MINIMAL_CONFIG.replace("  - workbook\n", "  - minify:\n" + setting + "  - workbook\n"))
    result = run_mkdocs(project.path, "build")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert message in result.stderr


def test_the_offline_plugins_cdn_shim_is_not_fetched_when_the_site_lists_its_own_copy(browser, tmp_path: Path):
    """README's way to keep a file:// site from asking unpkg.com: a copy of the shim under extra.polyfills (a stand-in
    here: there is no network to fetch the real one)."""
    project = write_gallery(
        tmp_path, "extra:\n  polyfills:\n    - javascripts/iframe-worker-shim.js\n", "", "  - offline\n"
    )
    project.write("content/javascripts/iframe-worker-shim.js", "// a copy of https://unpkg.com/iframe-worker/shim\n")
    assert project.build().returncode == 0
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto((project.path / "site" / "demo.html").as_uri())
    page.wait_for_selector(READY)
    page.close()
    assert [address for address in requests if not address.startswith("file://")] == []
    assert any(address.endswith("javascripts/iframe-worker-shim.js") for address in requests)
