"""The benchmark runner still runs: tiny sizes, one of everything, every figure printed (values not checked)."""

from __future__ import annotations

import os
import subprocess
import sys

from .conftest import ROOT

RUNNER = ROOT / "benchmarks" / "run.py"
SIZES = (2, 3)

LABELS = [
    "machine:",
    "versions: MkDocs",
    *(
        label
        for n in SIZES
        for label in (
            f"build time, plain Material, N={n}:",
            f"build time, titles only, N={n}:",
            f"build time, with workbook, N={n}:",
            f"build overhead, N={n}:",
            f"titles-only overhead, N={n}:",
            f"plugin's own overhead, N={n}:",
            f"build CPU time, plain Material, N={n}:",
            f"build CPU time, titles only, N={n}:",
            f"build CPU time, with workbook, N={n}:",
            f"build CPU overhead, N={n}:",
            f"peak memory, plain Material, N={n}:",
            f"peak memory, titles only, N={n}:",
            f"peak memory, with workbook, N={n}:",
            f"peak memory ratio, N={n}:",
        )
    ),
    "loader time, 10 exercise files:",
    # The plugin's files as a built chapter page loads them: three stylesheets, two scripts (workbook.js, and the
    # words of the site's language, judged apart); my-workbook.js apart.
    "CSS file workbook/workbook.css:",
    "CSS file workbook/print.css:",
    "CSS file workbook/paper.css:",
    "CSS added to a page, 3 files:",
    "JS words file workbook/messages.en.js:",
    "JS file workbook/workbook.js:",
    "JS added to a page, 1 file:",
    "JS words added to a page, 1 file:",
    "workbook/my-workbook.js, My workbook page only:",
    "answer restore and scoring, 50-field page:",
    # My workbook of the largest course run (3 chapters, 5 exercises each), with its goal's verdict.
    f"My workbook page, {max(SIZES) * 5} exercises:",
    "(goal < 100 ms at 500 exercises: ",
    "browser: Chromium",
    "| goal | measured | result |",
]


def test_the_benchmark_runner_prints_every_figure():
    command = [
        sys.executable,
        str(RUNNER),
        "--quick",
        "--sizes",
        ",".join(map(str, SIZES)),
        "--runs",
        "1",
        "--loader-files",
        "10",
        "--loader-runs",
        "1",
        "--reloads",
        "1",
    ]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, timeout=50)
    assert result.returncode == 0, result.stderr
    missing = [label for label in LABELS if label not in result.stdout]
    assert missing == [], f"labels missing from the output: {missing}\n{result.stdout}"


def test_the_pdf_benchmark_prints_its_figures():
    command = [sys.executable, str(ROOT / "benchmarks" / "pdf.py"), "--quick"]
    result = subprocess.run(
        command, capture_output=True, text=True, cwd=ROOT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=600
    )
    assert result.returncode == 0, result.stderr
    assert "pdf, learner edition:" in result.stdout and " pages, " in result.stdout
    assert "pdf, all course PDFs:" in result.stdout
