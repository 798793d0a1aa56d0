"""However a learner reaches a page, it works: Material's instant navigation (on only where `site_url` is set),
back and forward, reload, and a course opened from `file://` (built with Material's offline plugin)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import build_gallery, serve

FEATURES = "  features:\n    - navigation.instant\n"  # Material swaps pages without reloading (where site_url is set)
WHERE = "#wb-first-conversation-where"
WHERE_ON_MY_WORKBOOK = (
    "[data-workbook-summary='first-conversation'] [data-workbook-answer='where'] [data-workbook-answer-text]"
)


@pytest.fixture(scope="session")
def instant_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Served at the address in `site_url`, as `mkdocs serve` and a deployment are: Material navigates instantly
    only between the pages its sitemap lists under that address."""
    root = tmp_path_factory.mktemp("instant")
    (root / "site").mkdir()
    url, server = serve(root / "site")
    build_gallery(root, f"site_url: {url}/\n", theme=FEATURES)
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built as a facilitator would for a USB stick: Material's offline plugin, instant navigation left on."""
    return build_gallery(tmp_path_factory.mktemp("offline"), "", theme=FEATURES, plugins="  - offline\n")


def click_nav(page, title: str) -> None:
    page.click(f".md-sidebar--primary a.md-nav__link:has-text('{title}')")


def my_workbook_shows(page, text: str) -> None:
    page.wait_for_selector("[data-workbook-my-workbook][data-workbook-ready]")
    page.wait_for_function(
        "([sel, text]) => document.querySelector(sel)?.textContent === text", arg=[WHERE_ON_MY_WORKBOOK, text]
    )
    assert page.locator("[data-workbook-action='export']").is_visible()
    assert not page.get_by_text("This page needs JavaScript").is_visible()


def test_a_learner_who_only_clicks_reaches_a_working_my_workbook(page, instant_url):
    page.goto(instant_url + "/")
    page.evaluate("window.__notReloaded = true")
    click_nav(page, "Gallery")
    page.wait_for_selector(WHERE)
    page.fill(WHERE, "Typed after an instant navigation")
    click_nav(page, "My workbook")
    my_workbook_shows(page, "Typed after an instant navigation")
    assert page.evaluate("window.__notReloaded") is True, "the page was reloaded: instant navigation was not on"

    page.go_back()
    page.wait_for_selector(WHERE)
    page.wait_for_function(
        "sel => document.querySelector(sel).value === 'Typed after an instant navigation'", arg=WHERE
    )
    page.fill(WHERE, "Changed on the way back")
    page.go_forward()
    my_workbook_shows(page, "Changed on the way back")

    click_nav(page, "Your personal brand")  # away and to My workbook again: its script is already loaded
    page.wait_for_selector("[data-workbook-exercise='elevator-pitch'][data-workbook-ready]")
    click_nav(page, "My workbook")
    my_workbook_shows(page, "Changed on the way back")
    assert page.evaluate("window.__notReloaded") is True

    page.reload()
    my_workbook_shows(page, "Changed on the way back")


def test_pages_reached_by_instant_navigation_add_no_listeners_and_follow_another_tab(browser, instant_url):
    context = browser.new_context()
    context.add_init_script("""window.__storageListeners = 0; const add = window.addEventListener;
        window.addEventListener = function (type, ...rest) { if (type === "storage") window.__storageListeners += 1; return add.call(this, type, ...rest); };""")
    chapter, other = context.new_page(), context.new_page()
    chapter.goto(instant_url + "/")
    chapter.evaluate("window.__notReloaded = true")
    counts = []
    for _ in range(3):  # the window stays through instant navigation: what each page adds to it would pile up
        click_nav(chapter, "Gallery")
        chapter.wait_for_selector("[data-workbook-exercise='first-conversation'][data-workbook-ready]")
        click_nav(chapter, "My workbook")
        chapter.wait_for_selector("[data-workbook-my-workbook][data-workbook-ready]")
        counts.append(chapter.evaluate("window.__storageListeners"))
    assert counts[0] == counts[1] == counts[2], counts
    click_nav(chapter, "Gallery")
    chapter.wait_for_selector("[data-workbook-exercise='first-conversation'][data-workbook-ready]")
    assert chapter.evaluate("window.__notReloaded") is True
    other.goto(instant_url + "/demo/")
    other.fill(WHERE, "From the other tab")
    chapter.wait_for_function("sel => document.querySelector(sel).value === 'From the other tab'", arg=WHERE)
    context.close()


def test_a_course_opened_from_files_saves_answers_and_shows_my_workbook(browser, offline_site):
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto((offline_site / "index.html").as_uri())
    click_nav(page, "Gallery")
    page.wait_for_selector("[data-workbook-exercise='first-conversation'][data-workbook-ready]")
    assert page.url.startswith("file://") and page.url.endswith("demo.html")  # offline: no directory URLs
    page.fill(WHERE, "Typed from a USB stick")
    page.reload()
    page.wait_for_selector("[data-workbook-exercise='first-conversation'][data-workbook-ready]")
    assert page.input_value(WHERE) == "Typed from a USB stick"
    click_nav(page, "My workbook")
    my_workbook_shows(page, "Typed from a USB stick")
    assert errors == []
    # Nothing from any other host but the shim Material's offline plugin itself puts in every page (README says so).
    assert {url for url in requests if not url.startswith("file://")} <= {"https://unpkg.com/iframe-worker/shim"}
    context.close()
