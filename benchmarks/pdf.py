"""Time to produce all the course's PDFs with `workbook pdf` (issue 6).

    NO_MKDOCS_2_WARNING=1 python benchmarks/pdf.py             # both editions, packs and chapters, 3 runs
    NO_MKDOCS_2_WARNING=1 python benchmarks/pdf.py --quick     # the learner's packs only, one run

Each run builds the edition, starts Chromium and prints every PDF into a temporary folder;
the figure is the wall time of the whole command, as an author would wait for it.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader
from workbook.cli.pdf import make_pdfs

ROOT = Path(__file__).resolve().parents[1]
EDITIONS = {"learner": "mkdocs.yml", "facilitator": "mkdocs.facilitator.yml"}


def quiet(line: str) -> None:
    print(f"... {line}", file=sys.stderr, flush=True)


def run_once(config_file: str, chapters: bool) -> tuple[float, int, int, int]:
    """Seconds, files, pages and bytes of one `workbook pdf` run."""
    with tempfile.TemporaryDirectory(prefix="workbook-pdf-bench-") as out:
        started = time.perf_counter()
        written = make_pdfs(str(ROOT / config_file), Path(out), chapters=chapters, say=quiet)
        seconds = time.perf_counter() - started
        pages = sum(len(PdfReader(path).pages) for path in written)
        size = sum(path.stat().st_size for path in written)
    return seconds, len(written), pages, size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="runs per edition (median reported)")
    parser.add_argument("--quick", action="store_true", help="the learner's packs only, no chapters, one run")
    args = parser.parse_args(argv)
    runs, editions, chapters = (1, ["learner"], False) if args.quick else (args.runs, list(EDITIONS), True)

    total = 0.0
    for edition in editions:
        results = [run_once(EDITIONS[edition], chapters) for _ in range(runs)]
        times = [seconds for seconds, *_ in results]
        _, files, pages, size = results[-1]
        median = statistics.median(times)
        total += median
        print(
            f"pdf, {edition} edition{' with chapters' if chapters else ''}: {median:.1f} s "
            f"(median of {runs}: {', '.join(f'{t:.1f}' for t in times)} s); {files} files, {pages} pages, {size / 1e6:.1f} MB"
        )
    print(f"pdf, all course PDFs: {total:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
