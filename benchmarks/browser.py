"""Answer restore and scoring in real Chromium: the `workbook:setup` User Timing measure after a reload."""

from __future__ import annotations

import functools
import http.server
import json
import threading
from pathlib import Path
from typing import Any

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "measure_setup"]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
NAMESPACE = "bench"  # storage_namespace of the page built by course.write_field_page


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def _records(exercises: list[dict[str, Any]], answers: dict[str, dict[str, Any]]) -> dict[str, str]:
    """localStorage entries as workbook.js writes them: `workbook:<namespace>:<id>` -> JSON record."""
    return {
        f"workbook:{NAMESPACE}:{e['id']}": json.dumps(
            {"format": 1, "exercise": e["id"], "kind": e["kind"], "updated": "2026-11-22T10:00:00.000Z", "answers": answers[e["id"]]}
        )
        for e in exercises
    }


def measure_setup(site_dir: Path, exercises: list[dict[str, Any]], answers: dict[str, dict[str, Any]], reloads: int) -> tuple[list[float], str]:
    """Prefill every answer, reload `reloads` times; the `workbook:setup` durations (ms) and Chromium's version."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"Chromium is not installed at {CHROMIUM}: apt-get install chromium")
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    errors: list[str] = []
    durations: list[float] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            version = browser.version
            page = browser.new_context().new_page()
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(url)
            page.evaluate("entries => { for (const [k, v] of Object.entries(entries)) localStorage.setItem(k, v); }", _records(exercises, answers))
            for _ in range(reloads):
                page.reload(wait_until="load")
                page.wait_for_function("performance.getEntriesByName('workbook:setup').length > 0")
                durations.append(page.evaluate("performance.getEntriesByName('workbook:setup')[0].duration"))
                _check_restored(page, exercises, answers)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    if errors:
        raise RuntimeError(f"the page raised script errors: {errors}")
    return durations, version


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

