"""In real Chromium: answer restore and scoring (the `workbook:setup` User Timing measure after a reload)
and the My workbook page over a whole course of stored answers (`workbook:my-workbook`)."""

from __future__ import annotations

import functools
import http.server
import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from workbook.cli.pdf import CHROMIUM_ARGS  # the flags `workbook pdf` launches Chromium with

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "measure_my_workbook", "measure_setup"]

CHROMIUM = "/usr/bin/chromium"
NAMESPACE = "bench"  # storage_namespace of the sites course.py writes (write_field_page, write_course)
RECORD_FORMAT = 2  # older than workbook.js writes (3): migrated on the untimed first reload, as a returning learner's
UPDATED = "2026-11-22T10:00:00.000Z"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def _records(
    exercises: list[dict[str, Any]], answers: dict[str, dict[str, Any]], namespace: str = NAMESPACE
) -> dict[str, str]:
    """localStorage entries as workbook.js writes them (makeRecord): `workbook:<namespace>:<id>` -> JSON record, no earlier takes."""
    return {
        f"workbook:{namespace}:{e['id']}": json.dumps(
            {
                "format": RECORD_FORMAT,
                "exercise": e["id"],
                "kind": e["kind"],
                "updated": UPDATED,
                "answers": answers[e["id"]],
                "takes": [],
            }
        )
        for e in exercises
    }


class _Site:
    """A built site served on 127.0.0.1 for the duration of a `with` block; `url` ends with a slash."""

    def __init__(self, site_dir: Path) -> None:
        if not Path(CHROMIUM).exists():
            raise RuntimeError(f"Chromium is not installed at {CHROMIUM}: apt-get install chromium")
        handler = functools.partial(_QuietHandler, directory=str(site_dir))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"

    def __enter__(self) -> _Site:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def measure_setup(
    site_dir: Path, exercises: list[dict[str, Any]], answers: dict[str, dict[str, Any]], reloads: int
) -> tuple[list[float], str]:
    """Prefill every answer, reload `reloads` times; the `workbook:setup` durations (ms) and Chromium's version."""
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    with _Site(site_dir) as site, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        version = browser.version
        page = browser.new_context().new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(site.url)
        page.evaluate(
            "entries => { for (const [k, v] of Object.entries(entries)) localStorage.setItem(k, v); }",
            _records(exercises, answers),
        )
        durations = _timed_reloads(page, "workbook:setup", reloads, lambda: _check_restored(page, exercises, answers))
        browser.close()
    if errors:
        raise RuntimeError(f"the page raised script errors: {errors}")
    return durations, version


def _timed_reloads(page: Any, measure: str, reloads: int, check: Callable[[], None]) -> list[float]:
    """The User Timing `measure` (ms) after each of `reloads` reloads, each checked by `check`. One untimed
    reload first: the first load with answers also compiles the script (20 to 40 ms more)."""
    page.reload(wait_until="load")
    durations = []
    for _ in range(reloads):
        page.reload(wait_until="load")
        page.wait_for_function(f"performance.getEntriesByName('{measure}').length > 0")
        durations.append(page.evaluate(f"performance.getEntriesByName('{measure}')[0].duration"))
        check()
    return durations


def measure_my_workbook(
    site_dir: Path, exercises: list[dict[str, Any]], answers: dict[str, dict[str, Any]], reloads: int
) -> list[float]:
    """Store an answer to every exercise of a built course, open `my-workbook/` and reload it `reloads` times:
    the `workbook:my-workbook` durations (ms), each after checking that the page shows every answer."""
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    with _Site(site_dir) as site, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_context().new_page()
        page.set_default_timeout(180_000)  # a 2,500-exercise page is several MB of HTML
        page.on("pageerror", lambda error: errors.append(str(error)))
        url = site.url + "my-workbook/"
        page.goto(url, wait_until="load")
        # The namespace the page reads from, as the plugin wrote it (storage_namespace, else a slug of site_name).
        namespace = page.get_attribute("[data-workbook-my-workbook]", "data-workbook-namespace")
        if not namespace:
            raise RuntimeError(f"{url} is not a My workbook page (no [data-workbook-my-workbook] with a namespace)")
        page.evaluate(
            "entries => { localStorage.clear(); for (const [k, v] of Object.entries(entries)) localStorage.setItem(k, v); }",
            _records(exercises, answers, namespace),
        )
        durations = _timed_reloads(
            page, "workbook:my-workbook", reloads, lambda: _check_summary(page, exercises, answers)
        )
        browser.close()
    if errors:
        raise RuntimeError(f"My workbook raised script errors: {errors}")
    return durations


def _check_summary(page: Any, exercises: list[dict[str, Any]], answers: dict[str, dict[str, Any]]) -> None:
    """Fail loudly unless My workbook shows every exercise complete, every text answer and every checklist scored."""
    texts = {
        e["id"]: {
            f["id"]: answers[e["id"]][f["id"]]
            for f in e["fields"]
            if f["type"] in ("text", "long-text") and f["id"] in answers[e["id"]]
        }
        for e in exercises
        if e["kind"] == "worksheet"
    }
    found = page.evaluate(
        """texts => {
        const cards = Array.from(document.querySelectorAll("[data-workbook-summary]"));
        const wrong = [];
        cards.forEach((card) => {
            const id = card.dataset.workbookSummary;
            if (card.dataset.workbookStatus !== "done") wrong.push(`${id}: status ${card.dataset.workbookStatus}`);
            if (card.dataset.workbookKind === "checklist") {
                const score = card.querySelector("[data-workbook-score]").textContent;
                if (!score.startsWith("Your score:")) wrong.push(`${id}: score ${JSON.stringify(score)}`);
            }
            Object.entries(texts[id] || {}).forEach(([field, text]) => {
                const shown = card.querySelector(`[data-workbook-answer='${field}'] [data-workbook-answer-text]`).textContent;
                if (shown !== text) wrong.push(`${id}/${field}: shows ${JSON.stringify(shown)}`);
            });
        });
        return {
            ids: Array.from(new Set(cards.map((card) => card.dataset.workbookSummary))),
            wrong: wrong.slice(0, 5),
            wrongCount: wrong.length,
            progress: document.querySelector("[data-workbook-progress='course']").textContent,
        };
    }""",
        texts,
    )
    expected = {e["id"] for e in exercises}
    if set(found["ids"]) != expected:
        raise RuntimeError(f"My workbook lists {len(found['ids'])} exercises, not the course's {len(expected)}")
    if found["wrongCount"]:
        raise RuntimeError(
            f"My workbook does not show the stored answers ({found['wrongCount']} problems), e.g. {found['wrong']}"
        )
    complete = f"Whole course: {len(expected):,} of {len(expected):,} exercises complete, 0 in progress."
    if found["progress"] != complete:
        raise RuntimeError(f"My workbook's progress reads {found['progress']!r}, not {complete!r}")


def _check_restored(page: Any, exercises: list[dict[str, Any]], answers: dict[str, dict[str, Any]]) -> None:
    """Fail loudly unless the prefilled answers were really restored and scored (else the figure means nothing)."""
    for exercise in exercises:
        root = f"[data-workbook-exercise='{exercise['id']}']"
        if exercise["kind"] == "checklist":
            score = page.text_content(f"{root} [data-workbook-score]") or ""
            if not score.startswith("Your score:"):
                raise RuntimeError(f"{exercise['id']}: answers were not restored and scored: {score!r}")
        else:
            text_field = next(f for f in exercise["fields"] if f["type"] == "text")
            value = page.input_value(f"#wb-{exercise['id']}-{text_field['id']}")
            if value != answers[exercise["id"]][text_field["id"]]:
                raise RuntimeError(f"{exercise['id']}: answers were not restored: {value!r}")
