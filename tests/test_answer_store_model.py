"""Model-based test of the answer store, in real Chromium against the built scripts.

Random, seeded sequences of what a learner and the world do: new releases of the course that add, rename and
remove fields, options, items, scales and exercises (RELEASES in conftest.py, each built once into its own folder
of one origin); typing and choosing, in either of two copies of an exercise and in two tabs; reloads; taking a
checklist again; exports, imports (valid, of another course, damaged, nested 5,000 deep, too big for the storage
left); clearing one exercise or the whole workbook; storage that cannot be read or written; damaged and newer
entries. A model in Python knows every value the learner gave and has not cleared (or replaced where they could
see it); after every step each must still be in storage (answers, kept answers or takes), and in every export.

STORE_STEPS (default 3000 actions) and STORE_SEED choose the run; a failure prints the seed and the last steps.
"""

from __future__ import annotations

import json
import os
import random
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from .conftest import FAULTS, RELEASE_NAMESPACE, RELEASES, set_fault, storage_usage, watched_page

# Actions: each edit of a field counts one, and so does every other step.
STEPS = int(os.environ.get("STORE_STEPS", "3000"))
SEED = int(os.environ.get("STORE_SEED", "20261122"))
PREFIX = f"workbook:{RELEASE_NAMESPACE}:"
TEXTS = [
    "",
    "a",
    "Plan B",
    "Zoë’s <b>café</b>",
    "line one\nline two",
    "  spaced  ",
    "# not a heading",
    "x" * 40,
    "| pipe |",
    "2",
]

# What the page does with a list of edits: each {ex, copy, part, index} clicks the index-th tick box or radio button
# of a part; with `text` it types into the part's box (or a table cell, `cell`: [row, column]).
EDIT = """ops => ops.map((op) => {
  const roots = document.querySelectorAll(`[data-workbook-exercise="${op.ex}"]`);
  const root = roots[Math.min(op.copy, roots.length - 1)];
  const part = root && root.querySelector(`[data-workbook-field="${op.part}"], [data-workbook-item="${op.part}"]`);
  if (!part) return null;
  if (op.text !== undefined) {
    const box = op.cell ? part.querySelector(`[data-workbook-row="${op.cell[0]}"][data-workbook-column="${op.cell[1]}"]`) : part.querySelector("input, textarea");
    box.value = op.text;
    box.dispatchEvent(new Event("input", { bubbles: true }));
    box.dispatchEvent(new Event("change", { bubbles: true }));
    return [box.value, true];
  }
  const inputs = part.querySelectorAll("input");
  const input = inputs[op.index % inputs.length];
  // A radio button already chosen does nothing when clicked (this tab may not show another tab's choice yet).
  if (input.type === "radio" && input.checked) return null;
  input.click();
  return [input.value, input.checked];
})"""
SNAPSHOT = "() => Object.fromEntries(Object.keys(localStorage).sort().map((key) => [key, localStorage[key]]))"
# Storage as it was just before the edits, and what each edit did: one call, so that nothing runs in between.
SNAPSHOT_AND_EDIT = f"ops => [({SNAPSHOT})(), ({EDIT})(ops)]"
# Chromium hands one tab's writes to another a moment later: a learner switching tabs takes longer than that.
CAUGHT_UP = f"expected => JSON.stringify(({SNAPSHOT})()) === expected"


def parts(release: str, exercise: str) -> dict[str, tuple[str, object]]:
    """{part id: (kind, choices)} of an exercise in a release; {} when the release does not have it."""
    spec = RELEASES[release]
    if exercise == "plan":
        return {key: (kind, extra) for key, (kind, extra) in spec["plan"].items()}
    if exercise == "extra":
        return {"idea": ("text", None)} if spec["extra"] else {}
    scale, points, items = spec["habits"]
    return {item: ("tick" if scale == "yes-no" else "likert", points) for item in items}


def shows(release: str, exercise: str, part: str, value: object) -> bool:
    """Whether the release's form can show a stored value in full (as the learner sees it)."""
    kind, choices = parts(release, exercise).get(part, (None, None))
    if kind == "tick":
        return value is True
    if kind in ("rating", "likert"):
        return type(value) is int and choices[0] <= value <= choices[1]
    if kind == "choice":
        return isinstance(value, str) and value in choices
    if kind == "yes-no":
        return value in ("yes", "no")
    if kind == "number":
        return type(value) in (int, float)
    if kind in ("text", "long-text", "date"):
        return isinstance(value, str) and value != "" and (kind != "text" or "\n" not in value)
    return False


def facts_of(exercise: str, part: str, value: object) -> set[tuple]:
    """A stored value as the facts the model keeps: one per option id of a list, one per table cell."""
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return {("id", exercise, part, item) for item in value}
    if isinstance(value, list):
        return {
            ("cell", exercise, part, row, column, text)
            for row, cells in enumerate(value)
            for column, text in cells.items()
        }
    return {("v", exercise, part, json.dumps(value))}


def holds(fact: tuple, values: list) -> bool:
    kind, _, _, *rest = fact
    for value in values:
        if kind == "v" and json.dumps(value) == rest[0]:
            return True
        if kind == "id" and isinstance(value, list) and rest[0] in value:
            return True
        if (
            kind == "cell"
            and isinstance(value, list)
            and len(value) > rest[0]
            and isinstance(value[rest[0]], dict)
            and value[rest[0]].get(rest[1]) == rest[2]
        ):
            return True
    return False


def missing(facts: set[tuple], records: dict[str, dict]) -> list[tuple]:
    """The facts no record holds, in its answers, its kept answers or its takes."""
    lost = []
    for fact in sorted(facts, key=repr):
        record = records.get(fact[1]) or {}
        part = fact[2]
        values = [record.get("answers", {}).get(part)] + list(record.get("kept", {}).get(part, []))
        values += [take["answers"].get(part) for take in record.get("takes", [])]
        if not holds(fact, [value for value in values if value is not None]):
            lost.append(fact)
    return lost


@dataclass
class Tab:
    page: object
    release: str = "r1"
    where: str = "chapter"  # or "my-workbook"
    fault: dict = field(default_factory=dict)


class Model:
    def __init__(self, first: object, base: str, rng: random.Random) -> None:
        self.context, self.base, self.rng = first.context, base, rng  # type: ignore[attr-defined]
        self.live: set[tuple] = set()  # the answers the learner gave and has not cleared
        self.taken: set[tuple] = (
            set()
        )  # answers kept as a take of the checklist: only clearing the workbook removes them
        self.garbage: list[str] = []  # damaged entries put under "scrap": kept (there or set aside) for good
        self.newer = json.dumps({"format": 99, "exercise": "future", "answers": {"note": "from release 99"}})
        self.last_export: dict | None = None
        self.log: list[str] = []
        self.tabs = [Tab(first)]
        self.current = self.tabs[0]  # the tab of the latest step
        self.front = self.tabs[0]  # the tab the browser shows
        self.go(self.tabs[0], "r1")
        self.tabs[0].page.evaluate(
            "([key, value]) => localStorage.setItem(key, value)", [PREFIX + "future", self.newer]
        )

    # --- the browser side ---

    def go(self, tab: Tab, release: str, where: str = "chapter") -> None:
        tab.release, tab.where = release, where
        tab.page.goto(f"{self.base}/{release}/" + ("my-workbook/" if where == "my-workbook" else ""))  # type: ignore[attr-defined]

    def storage(self) -> dict[str, str]:
        return self.current.page.evaluate(SNAPSHOT)  # type: ignore[attr-defined]

    def records(self, snapshot: dict[str, str]) -> dict[str, dict]:
        records = {}
        for key, text in snapshot.items():
            rest = key[len(PREFIX) :]
            if key.startswith(PREFIX) and ":" not in rest and rest not in ("scrap", "future"):
                records[rest] = json.loads(text)
        return records

    # --- the oracle ---

    def check(self, exported: dict | None = None) -> None:
        snapshot = self.storage()
        records = self.records(snapshot)
        lost = missing(self.live | self.taken, records)
        assert not lost, f"lost from storage: {lost[:5]}; stored: {[records.get(fact[1]) for fact in lost[:2]]}"
        copies = [text for key, text in snapshot.items() if key.startswith(PREFIX + "scrap:unreadable:")]
        places = copies + [snapshot.get(PREFIX + "scrap")]
        assert all(text in places for text in self.garbage), "a damaged entry was deleted"
        assert len(copies) <= len(set(self.garbage)), f"damaged entries set aside more than once: {len(copies)} copies"
        assert snapshot.get(PREFIX + "future") == self.newer, "the newer release's entry was changed"
        if exported is not None:
            lost = missing(self.live | self.taken, exported["exercises"])
            assert not lost, f"missing from the export: {lost[:5]}"
            assert "future" not in exported["exercises"] and "scrap" not in exported["exercises"]

    # --- the learner's and the world's steps ---

    def tab(self) -> Tab:
        if len(self.tabs) == 1 and self.rng.random() < float(os.environ.get("STORE_TAB2", "0.02")):
            second = self.context.new_page()  # type: ignore[attr-defined]
            log = self.tabs[0].page.workbook_log  # type: ignore[attr-defined]
            second.on("pageerror", lambda error: log.errors.append(str(error)))
            second.on("console", lambda message: log.errors.append(message.text) if message.type == "error" else None)
            self.tabs.append(Tab(second))
            self.front = self.tabs[1]  # a new tab opens in front
            self.go(self.tabs[1], self.rng.choice(list(RELEASES)))
        return self.rng.choice(self.tabs)

    def edit(self, tab: Tab, count: int) -> None:
        if tab.where != "chapter":
            self.go(tab, tab.release)
        ops, plan = [], []
        for _ in range(count):
            exercise = self.rng.choice(["plan", "plan", "plan", "extra", "habits"])
            here = parts(tab.release, exercise)
            if not here:
                continue
            part = self.rng.choice(list(here))
            kind, choices = here[part]
            op = {"ex": exercise, "copy": self.rng.randrange(2), "part": part, "index": self.rng.randrange(8)}
            if kind in ("text", "long-text"):
                op["text"] = self.rng.choice(TEXTS)
            elif kind == "number":
                op["text"] = self.rng.choice(["", str(self.rng.randrange(100))])
            elif kind == "date":
                op["text"] = self.rng.choice(
                    ["", f"2026-{self.rng.randrange(1, 13):02d}-{self.rng.randrange(1, 29):02d}"]
                )
            elif kind == "table":
                op["cell"] = [self.rng.randrange(1, 3), self.rng.choice(choices)]
                op["text"] = self.rng.choice(TEXTS[:4])
            ops.append(op)
            plan.append((exercise, part, kind))
        snapshot, results = tab.page.evaluate(SNAPSHOT_AND_EDIT, ops)  # type: ignore[attr-defined]
        before = self.records(snapshot)
        self.log.append(
            f"tab{self.tabs.index(tab)} {tab.release} edit {[(o['ex'], o['copy'], o['part'], o.get('text', o['index'])) for o in ops]} -> {results} fault={tab.fault}"
        )
        if tab.fault:
            return  # nothing may be written: the model stays as it was
        answers = {
            exercise: dict((before.get(exercise) or {}).get("answers", {})) for exercise in ("plan", "extra", "habits")
        }
        for (exercise, part, kind), op, result in zip(plan, ops, results, strict=True):
            if result is None:
                continue
            value, checked = result
            old = answers[exercise].get(part)
            if kind == "multiple-choice":
                fact = ("id", exercise, part, value)
                ids = [item for item in (old or []) if item != value] + ([value] if checked else [])
                (self.live.add if checked else self.live.discard)(fact)
                new = ids or None
            elif kind == "table":
                row, column = op["cell"][0] - 1, op["cell"][1]
                rows = [dict(cells) for cells in (old or [])]
                rows += [{} for _ in range(row + 1 - len(rows))]
                self.live -= {fact for fact in self.live if fact[:5] == ("cell", exercise, part, row, column)}
                rows[row].pop(column, None)
                if value:
                    rows[row][column] = value
                    self.live.add(("cell", exercise, part, row, column, value))
                while rows and not rows[-1]:
                    rows.pop()
                new = rows or None
            else:
                new = {
                    "number": lambda v: int(v) if v else None,
                    "rating": int,
                    "likert": int,
                    "tick": lambda v, checked=checked: True if checked else None,
                }.get(kind, lambda v: v or None)(value)
                if old is not None and (shows(tab.release, exercise, part, old) or old == new):
                    self.live.discard(("v", exercise, part, json.dumps(old)))
                if new is not None:
                    self.live.add(("v", exercise, part, json.dumps(new)))
            if new is None:
                answers[exercise].pop(part, None)
            else:
                answers[exercise][part] = new

    def my_workbook(self, tab: Tab) -> None:
        if tab.where != "my-workbook":
            self.go(tab, tab.release, "my-workbook")
        tab.page.wait_for_selector("[data-workbook-my-workbook][data-workbook-ready]")  # type: ignore[attr-defined]

    def download(self, tab: Tab, selector: str) -> dict:
        with tab.page.expect_download() as download:  # type: ignore[attr-defined]
            tab.page.click(selector)  # type: ignore[attr-defined]
        return json.loads(Path(download.value.path()).read_text(encoding="utf-8"))

    def export(self, tab: Tab) -> None:
        self.my_workbook(tab)
        self.last_export = self.download(tab, "[data-workbook-action='export']")
        self.log.append(f"{tab.release} export {sorted(self.last_export['exercises'])}")
        self.check(self.last_export)

    def upload(self, tab: Tab, data: object) -> str:
        text = data if isinstance(data, str) else json.dumps(data)
        page = tab.page
        page.evaluate("() => { document.querySelector('[data-workbook-page-alert]').hidden = true; }")  # type: ignore[attr-defined]
        page.set_input_files(
            "input[data-workbook-action='import']",
            files=[{"name": "a.json", "mimeType": "application/json", "buffer": text.encode()}],
        )  # type: ignore[attr-defined]
        page.wait_for_function(
            "() => !document.querySelector('[data-workbook-page-alert]').hidden || !document.querySelector('[data-workbook-import-preview]').hidden"
        )  # type: ignore[attr-defined]
        return "refused" if page.is_visible("[data-workbook-page-alert]") else "preview"  # type: ignore[attr-defined]

    def refused_import(self, tab: Tab) -> None:
        self.my_workbook(tab)
        kind = self.rng.choice(["foreign", "damaged", "deep", "oversized"])
        self.log.append(f"{tab.release} import {kind}")
        before = self.storage()
        exercises = (self.last_export or {}).get("exercises", {"plan": {"answers": {"goal": "From elsewhere"}}})
        if kind == "foreign":
            data = {
                "format": "mkdocs-workbook-answers",
                "version": 2,
                "course": "another-course",
                "exercises": exercises,
            }
        elif kind == "damaged":
            data = self.rng.choice(
                [
                    "{not json",
                    json.dumps(
                        {
                            "format": "mkdocs-workbook-answers",
                            "version": 2,
                            "course": RELEASE_NAMESPACE,
                            "exercises": {"plan": {"answers": {"goal": None}}},
                        }
                    ),
                ]
            )
        elif kind == "deep":
            deep = "[" * 5000 + "]" * 5000
            data = f'{{"format": "mkdocs-workbook-answers", "version": 2, "course": "{RELEASE_NAMESPACE}", "exercises": {{"plan": {{"answers": {{"goal": {deep}}}}}}}}}'
        else:
            big = "z" * 1500
            # Answers to questions no release asks, so that both are new: the first fits, the second does not.
            data = {
                "format": "mkdocs-workbook-answers",
                "version": 2,
                "course": RELEASE_NAMESPACE,
                "exercises": {"plan": {"answers": {"bulk": big}}, "extra": {"answers": {"bulk": big}}},
            }
        outcome = self.upload(tab, data)
        if kind == "oversized":
            assert outcome == "preview"
            set_fault(tab.page, budget=storage_usage(tab.page) + 2000)
            tab.page.click("[data-workbook-import='keep']")  # type: ignore[attr-defined]
            set_fault(tab.page)
            assert "refused" in tab.page.text_content("[data-workbook-page-alert]")  # type: ignore[attr-defined]
        else:
            assert outcome == "refused", f"a {kind} import was not refused"
        assert self.storage() == before, f"a refused {kind} import changed storage"

    def import_export(self, tab: Tab) -> None:
        if not self.last_export:
            return
        self.my_workbook(tab)
        choice = self.rng.choice(["keep", "replace"])
        self.log.append(f"{tab.release} import last export, {choice}")
        mine = self.records(self.storage())
        assert self.upload(tab, self.last_export) == "preview"
        if not tab.page.is_visible("[data-workbook-import='replace']"):  # type: ignore[attr-defined]
            choice = "keep"  # nothing differs: the one button imports
        tab.page.click(f"[data-workbook-import='{choice}']")  # type: ignore[attr-defined]
        for exercise, theirs in self.last_export["exercises"].items():
            answers = (mine.get(exercise) or {}).get("answers", {})
            for part, value in theirs["answers"].items():
                if part in answers and (choice == "keep" or answers[part] == value):
                    continue
                if part in answers:
                    # The learner chose the file's answer: what they had is replaced where this release shows it.
                    self.live -= {
                        fact for fact in facts_of(exercise, part, answers[part]) if self.visible(tab.release, fact)
                    }
                self.live |= facts_of(exercise, part, value)

    def visible(self, release: str, fact: tuple) -> bool:
        kind, exercise, part, *rest = fact
        spec = parts(release, exercise).get(part)
        if kind == "v":
            return shows(release, exercise, part, json.loads(rest[0]))
        return spec is not None and rest[-2 if kind == "cell" else 0] in spec[1]

    def clear_exercise(self, tab: Tab) -> None:
        exercise = self.rng.choice(["plan", "extra", "habits"])
        if tab.where != "chapter":
            self.go(tab, tab.release)
        root = tab.page.locator(f"[data-workbook-exercise='{exercise}']")  # type: ignore[attr-defined]
        if not root.count():
            return
        root = root.nth(self.rng.randrange(root.count()))
        root.locator("[data-workbook-action='clear']").click()
        root.locator("[data-workbook-confirm='yes']").click()
        self.log.append(f"{tab.release} clear {exercise}")
        self.live = {fact for fact in self.live if fact[1] != exercise}

    def clear_workbook(self, tab: Tab) -> None:
        self.my_workbook(tab)
        tab.page.click("[data-workbook-action='clear']")  # type: ignore[attr-defined]
        if self.rng.random() < 0.5:
            self.check(self.download(tab, "[data-workbook-clear='export']"))
        tab.page.click("[data-workbook-clear='yes']")  # type: ignore[attr-defined]
        self.log.append(f"{tab.release} clear whole workbook")
        self.live, self.taken = set(), set()

    def take_again(self, tab: Tab) -> None:
        if tab.where != "chapter":
            self.go(tab, tab.release)
        button = tab.page.locator("[data-workbook-exercise='habits'] [data-workbook-action='new-take']").first  # type: ignore[attr-defined]
        before = (self.records(self.storage()).get("habits") or {}).get("takes", [])
        if button.is_visible():
            button.click()
        after = (self.records(self.storage()).get("habits") or {}).get("takes", [])
        self.log.append(f"{tab.release} take again: {len(before)} -> {len(after)} takes")
        if len(after) > len(before):
            # What was in the answers is now in the take; kept answers stay where they were, for a clear to delete.
            take = after[-1]["answers"]
            moved = {fact for fact in self.live if fact[1] == "habits" and holds(fact, [take.get(fact[2])])}
            self.live -= moved
            self.taken |= moved

    def step(self) -> int:
        """One step; the number of actions it took."""
        tab = self.tab()
        if tab is not self.front:
            # The learner switches to the tab: in front, where the browser runs its animation frames at full speed
            # (a background tab gets about one a second, and every click waits for two).
            tab.page.bring_to_front()  # type: ignore[attr-defined]
            self.front = tab
        if tab is not self.current:
            expected = json.dumps(self.storage(), separators=(",", ":"), ensure_ascii=False)
            tab.page.wait_for_function(CAUGHT_UP, arg=expected)  # type: ignore[attr-defined]
            self.current = tab
        actions = 1
        roll = self.rng.random()
        if roll < 0.06:
            release = self.rng.choice(list(RELEASES))
            self.log.append(f"release {tab.release} -> {release}")
            self.go(tab, release)
        elif roll < 0.10:
            self.log.append(f"{tab.release} reload")
            tab.page.reload()  # type: ignore[attr-defined]
        elif roll < 0.14:
            tab.fault = self.rng.choice([{}, {}, {"get": True}, {"set": True}])
            self.log.append(f"fault {tab.fault}")
            set_fault(tab.page, **tab.fault)
        elif roll < 0.16 and not tab.fault:
            self.garbage.append(f"{{damaged {len(self.garbage)}")
            self.log.append("damage scrap")
            tab.page.evaluate(
                "([key, value]) => localStorage.setItem(key, value)", [PREFIX + "scrap", self.garbage[-1]]
            )  # type: ignore[attr-defined]
            self.go(tab, tab.release)  # the page sets it aside, before this test could damage it again
        elif tab.fault or roll < 0.80:
            actions = self.rng.randrange(1, 7)
            self.edit(tab, actions)
        elif roll < 0.84:
            self.export(tab)
        elif roll < 0.87:
            self.import_export(tab)
        elif roll < 0.90:
            self.refused_import(tab)
        elif roll < 0.94:
            self.clear_exercise(tab)
        elif roll < 0.96:
            self.clear_workbook(tab)
        else:
            self.take_again(tab)
        self.check()
        return actions


def test_no_answer_is_ever_lost(browser, release_sites):
    rng = random.Random(SEED)
    with watched_page(browser) as first:
        first.context.add_init_script(FAULTS)
        model = Model(first, release_sites, rng)
        actions = 0
        try:
            while actions < STEPS:
                actions += model.step()
            for tab in model.tabs:
                set_fault(tab.page)
                tab.fault = {}
            model.export(model.tabs[0])
        except AssertionError as error:
            trail = "\n  ".join(model.log[-25:])
            if os.environ.get("STORE_DEBUG"):
                Path(os.environ["STORE_DEBUG"]).write_text("\n".join(model.log))
                for tab in model.tabs:
                    print(
                        tab.release,
                        tab.where,
                        tab.fault,
                        tab.page.evaluate(
                            "() => [sessionStorage.getItem('fault'), Array.from(document.querySelectorAll('[data-workbook-alert]'), a => a.textContent)]"
                        ),
                    )
            pytest.fail(f"STORE_SEED={SEED}, after {actions} steps: {error}\nlast steps:\n  {trail}")
