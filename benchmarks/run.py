"""Benchmarks of the workbook plugin against a plain Material build (issue 8). One command:

    NO_MKDOCS_2_WARNING=1 python benchmarks/run.py              # sizes 50,200,500, 3 runs
    NO_MKDOCS_2_WARNING=1 python benchmarks/run.py --quick      # tiny sizes, one run: a smoke test

Every figure is printed on its own line, labelled, with its goal and `met` / `missed`.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import html.parser
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import browser  # noqa: E402
import course  # noqa: E402

VARIANTS = ("plain", "titles", "workbook")
VARIANT_LABELS = {"plain": "plain Material", "titles": "titles only", "workbook": "with workbook"}

# Goals from issue 8; build time and memory as issue 16 set them, once render-ahead and private internals went.
GOAL_OVERHEAD = 1.40
GOAL_OVERHEAD_AT = 500
GOAL_MEMORY = 1.25
GOAL_LOADER_SECONDS = 1.0
GOAL_JS_GZIP = 8 * 1024
# The words of the page's language (workbook/messages.<language>.js) are judged apart from the code: they differ
# by language.
GOAL_WORDS_GZIP = 1536
GOAL_CSS_GZIP = 4 * 1024
GOAL_SETUP_MS = 16.0
GOAL_MY_WORKBOOK_MS = 100.0
GOAL_MY_WORKBOOK_AT = 500  # exercises

FULL = {"sizes": "50,200,500", "runs": 3, "loader_files": 2500, "loader_runs": 3, "reloads": 10}
QUICK = {"sizes": "2,3", "runs": 1, "loader_files": 25, "loader_runs": 1, "reloads": 1}


@dataclass
class Goal:
    """One line of the summary: what was promised, what was measured."""

    name: str
    figure: str
    met: bool | None  # None: not measured


@dataclass
class SizeResult:
    """Build figures for one course size."""

    chapters: int
    seconds: dict[str, list[float]] = field(default_factory=lambda: {v: [] for v in VARIANTS})
    cpu_seconds: dict[str, list[float]] = field(default_factory=lambda: {v: [] for v in VARIANTS})
    peak_mib: dict[str, list[float]] = field(default_factory=lambda: {v: [] for v in VARIANTS})
    generated: course.Course | None = (
        None  # the course built, whose site-workbook the asset and My workbook figures use
    )

    def time(self, variant: str) -> float:
        return statistics.median(self.seconds[variant])

    def cpu(self, variant: str) -> float:
        return statistics.median(self.cpu_seconds[variant])

    def memory(self, variant: str) -> float:
        return statistics.median(self.peak_mib[variant])

    @property
    def overhead(self) -> float:
        return self.time("workbook") / self.time("plain")

    @property
    def cpu_overhead(self) -> float:
        return self.cpu("workbook") / self.cpu("plain")

    @property
    def memory_ratio(self) -> float:
        return self.memory("workbook") / self.memory("plain")

    @property
    def titles_overhead(self) -> float:
        """What Material itself charges for the exercises' titles and bodies."""
        return self.time("titles") / self.time("plain")

    @property
    def plugin_overhead(self) -> float:
        """What the plugin costs over that."""
        return self.time("workbook") / self.time("titles")


def verdict(met: bool | None) -> str:
    """How a goal came out."""
    return "not measured" if met is None else ("met" if met else "missed")


def say(line: str = "") -> None:
    """A line of the report (stdout)."""
    print(line, flush=True)


def progress(message: str) -> None:
    """A progress note (stderr), so that stdout holds only the report."""
    print(f"... {message}", file=sys.stderr, flush=True)


def runs_text(values: list[float], unit: str, digits: int = 2) -> str:
    """Every run's value, in the order they ran."""
    return ", ".join(f"{v:.{digits}f}" for v in values) + f" {unit}"


# --- builds --------------------------------------------------------------------


def build(config: Path, site_dir: Path) -> dict[str, float]:
    """One `mkdocs build` in a fresh process: seconds, cpu_seconds and peak_rss_mib."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, str(HERE / "build_once.py"), str(config), str(site_dir)],
        capture_output=True,
        text=True,
        env=env,
        cwd=config.parent,
    )
    if result.returncode != 0:
        raise RuntimeError(f"build of {config} failed:\n{result.stderr}")
    figures: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    return figures


def bench_size(workdir: Path, chapters: int, runs: int, seed: int) -> SizeResult:
    """Generate a course of N chapters and build each variant `runs` times, interleaved (ABCCBA...)."""
    progress(f"generating {chapters} chapters")
    generated = course.write_course(workdir / f"course-{chapters}", chapters, seed)
    result = SizeResult(chapters, generated=generated)
    for run in range(runs):
        order = VARIANTS if run % 2 == 0 else tuple(reversed(VARIANTS))
        for variant in order:
            figures = build(generated.config(variant), generated.root / f"site-{variant}")
            progress(
                f"N={chapters} run {run + 1}/{runs} {variant}: {figures['seconds']:.2f} s, "
                f"CPU {figures['cpu_seconds']:.2f} s, {figures['peak_rss_mib']:.1f} MiB, load {os.getloadavg()[0]:.1f}"
            )
            result.seconds[variant].append(figures["seconds"])
            result.cpu_seconds[variant].append(figures["cpu_seconds"])
            result.peak_mib[variant].append(figures["peak_rss_mib"])

    words = statistics.mean(generated.words)
    say(
        f"== Build, N={chapters} chapters ({generated.exercise_files} exercise files, {words:.0f} words of prose per chapter on average)"
    )
    for variant in VARIANTS:
        label = VARIANT_LABELS[variant]
        say(
            f"build time, {label}, N={chapters}: {result.time(variant):.2f} s (median of {runs}: {runs_text(result.seconds[variant], 's')})"
        )
    say(
        f"build overhead, N={chapters}: {result.overhead:.3f}x (goal <= {GOAL_OVERHEAD}x at N={GOAL_OVERHEAD_AT}: {verdict(result.overhead <= GOAL_OVERHEAD)})"
    )
    say(
        f"titles-only overhead, N={chapters}: {result.titles_overhead:.3f}x (the exercises' titles and bodies as plain Markdown, "
        f"no plugin: what Material itself charges for them; no goal)"
    )
    say(f"plugin's own overhead, N={chapters}: {result.plugin_overhead:.3f}x (with workbook / titles only; no goal)")
    for variant in VARIANTS:
        label = VARIANT_LABELS[variant]
        say(
            f"build CPU time, {label}, N={chapters}: {result.cpu(variant):.2f} s (median of {runs}: {runs_text(result.cpu_seconds[variant], 's')})"
        )
    say(
        f"build CPU overhead, N={chapters}: {result.cpu_overhead:.3f}x (less disturbed by other load; goal <= {GOAL_OVERHEAD}x: "
        f"{verdict(result.cpu_overhead <= GOAL_OVERHEAD)})"
    )
    for variant in VARIANTS:
        label = VARIANT_LABELS[variant]
        say(
            f"peak memory, {label}, N={chapters}: {result.memory(variant):.1f} MiB (median of {runs}: {runs_text(result.peak_mib[variant], 'MiB', 1)})"
        )
    say(
        f"peak memory ratio, N={chapters}: {result.memory_ratio:.3f}x (goal <= {GOAL_MEMORY}x: {verdict(result.memory_ratio <= GOAL_MEMORY)})"
    )
    say()
    return result


# --- loader, assets, browser -----------------------------------------------------


def bench_loader(workdir: Path, count: int, runs: int, seed: int) -> Goal:
    """Median time of `workbook.load_exercises` over `count` generated files."""
    from workbook import load_exercises

    directory = workdir / "loader" / "exercises"
    course.write_exercise_files(directory, count, seed)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        loaded = load_exercises(directory)
        times.append(time.perf_counter() - start)
        if loaded.errors or len(loaded.exercises) != count:
            raise RuntimeError(f"the loader found {len(loaded.exercises)} of {count} exercises: {loaded.errors[:3]}")
    median = statistics.median(times)
    met = median < GOAL_LOADER_SECONDS
    say("== Loader")
    say(
        f"loader time, {count} exercise files: {median:.3f} s (median of {runs}: {runs_text(times, 's', 3)}; "
        f"{median / count * 1000:.2f} ms per file) (goal < {GOAL_LOADER_SECONDS:g} s for 2500 files: {verdict(met)})"
    )
    say()
    return Goal(
        f"loader < {GOAL_LOADER_SECONDS:g} s for 2,500 files",
        f"{median:.3f} s for {count:,} files",
        met if count >= 2500 else None,
    )


class _AssetTags(html.parser.HTMLParser):
    """The plugin's stylesheets and scripts a built page loads: `<link rel="stylesheet">` and `<script src>` under workbook/."""

    def __init__(self) -> None:
        super().__init__()
        self.css: list[str] = []
        self.js: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "link" and "stylesheet" in (attributes.get("rel") or "").split():
            self._add(self.css, attributes.get("href"))
        elif tag == "script":
            self._add(self.js, attributes.get("src"))

    @staticmethod
    def _add(found: list[str], url: str | None) -> None:
        path = (url or "").split("?")[0].split("#")[0]
        if path.startswith("workbook/") or "/workbook/" in path:
            found.append(path)


def _loaded_assets(site: Path, page: str) -> tuple[list[Path], list[Path]]:
    """The built files of the plugin's stylesheets and scripts that `page` (relative to `site`) loads."""
    html_file = site / page
    parser = _AssetTags()
    parser.feed(html_file.read_text(encoding="utf-8"))
    # Relative URLs (MkDocs writes them so) resolve against the page's folder.
    resolve = lambda url: (site / url.lstrip("/")) if url.startswith("/") else (html_file.parent / url).resolve()  # noqa: E731
    return [resolve(url) for url in parser.css], [resolve(url) for url in parser.js]


def _sizes(path: Path) -> tuple[int, int]:
    """Bytes raw and gzip -9 (each file on its own, as a server sends it)."""
    data = path.read_bytes()
    return len(data), len(gzip.compress(data, compresslevel=9, mtime=0))


def bench_assets(site: Path) -> list[Goal]:
    """Bytes of JavaScript and CSS the plugin adds to a built chapter page, raw and gzip -9; my-workbook.js on its own."""
    chapter = "part-01/chapter-0001/index.html"
    css, js = _loaded_assets(site, chapter)
    if not css or not js:
        raise RuntimeError(f"{site / chapter} loads no workbook stylesheet or script: css {css}, js {js}")
    say(f"== Assets added to a page (as built: {chapter} of the smallest course)")
    goals = []
    words = [path for path in js if path.name.startswith("messages.")]
    code = [path for path in js if path not in words]
    for kind, files, limit in (
        ("JS", code, GOAL_JS_GZIP),
        ("JS words", words, GOAL_WORDS_GZIP),
        ("CSS", css, GOAL_CSS_GZIP),
    ):
        raw = packed = 0
        for path in files:
            size, zipped = _sizes(path)
            raw, packed = raw + size, packed + zipped
            say(f"{kind} file {path.relative_to(site).as_posix()}: {size:,} bytes raw, {zipped:,} bytes gzip")
        met = packed <= limit
        count = f"{len(files)} file{'s' if len(files) != 1 else ''}"
        say(
            f"{kind} added to a page, {count}: {raw:,} bytes raw, {packed:,} bytes gzip (goal <= {limit / 1024:g} KB gzip: {verdict(met)})"
        )
        goals.append(Goal(f"{kind} <= {limit / 1024:g} KB gzip", f"{packed:,} B gzip ({raw:,} B raw, {count})", met))
    _, my_js = _loaded_assets(site, "my-workbook/index.html")
    own = [path for path in my_js if path not in js]
    if not own:
        raise RuntimeError(f"{site / 'my-workbook/index.html'} loads no script of its own: {my_js}")
    for path in own:
        size, zipped = _sizes(path)
        say(
            f"{path.relative_to(site).as_posix()}, My workbook page only: {size:,} bytes raw, {zipped:,} bytes gzip (no goal)"
        )
    say()
    return goals


def bench_browser(workdir: Path, reloads: int, seed: int, largest: SizeResult, quick: bool) -> tuple[list[Goal], str]:
    """Build the 50-field page, prefill every answer and time `workbook:setup` over reloads; then My workbook,
    every exercise answered, timed by `workbook:my-workbook`: at the goal's 500 exercises and at the largest course built."""
    root = workdir / "fifty-fields"
    config, exercises, total = course.write_field_page(root, seed)
    build(config, root / "site")
    answers = {e["id"]: course.answers_for(e) for e in exercises}
    progress(f"Chromium: {reloads} reloads of a {total}-field page")
    durations, chromium = browser.measure_setup(root / "site", exercises, answers, reloads)
    median = statistics.median(durations)
    met = median < GOAL_SETUP_MS

    say("== Chromium")
    say(
        f"answer restore and scoring, {total}-field page: {median:.2f} ms (median of {reloads} reloads: {runs_text(durations, 'ms')}) "
        f"(goal < {GOAL_SETUP_MS:g} ms: {verdict(met)})"
    )
    # The goal's own size (500 exercises: a course of 100 chapters), unless a course of that size was built anyway;
    # then the largest course built, for how it grows. A quick run times the largest only.
    at_goal: course.Course | None = None
    if not quick and largest.chapters * 5 != GOAL_MY_WORKBOOK_AT:
        at_goal = course.write_course(workdir / f"course-{GOAL_MY_WORKBOOK_AT // 5}", GOAL_MY_WORKBOOK_AT // 5, seed)
        progress(f"building the {GOAL_MY_WORKBOOK_AT // 5}-chapter course for My workbook")
        build(at_goal.workbook_config, at_goal.root / "site-workbook")
    largest_course = largest.generated
    assert largest_course is not None
    my_goal = None
    for generated in ([at_goal] if at_goal else []) + [largest_course]:
        count = len(generated.exercises)
        progress(f"Chromium: {reloads} reloads of My workbook, {count} exercises (N={generated.chapters})")
        course_answers = {e["id"]: course.answers_for(e) for e in generated.exercises}
        my_durations = browser.measure_my_workbook(
            generated.root / "site-workbook", generated.exercises, course_answers, reloads
        )
        my_median = statistics.median(my_durations)
        my_met = my_median < GOAL_MY_WORKBOOK_MS
        # Only the first page timed is judged, and only at the goal's size or more; the largest course shows how it grows.
        judged = my_goal is None and count >= GOAL_MY_WORKBOOK_AT
        goal_text = f"goal < {GOAL_MY_WORKBOOK_MS:g} ms at {GOAL_MY_WORKBOOK_AT} exercises"
        say(
            f"My workbook page, {count} exercises: {my_median:.1f} ms (median of {reloads} reloads: {runs_text(my_durations, 'ms', 1)}; "
            f"N={generated.chapters} chapters, every exercise answered) ({goal_text}: {verdict(my_met) if judged else 'not judged on this page'})"
        )
        if my_goal is None:
            # Judged on a page of at least the goal's size; smaller (quick) runs are not judged.
            my_goal = Goal(
                f"My workbook < {GOAL_MY_WORKBOOK_MS:g} ms at {GOAL_MY_WORKBOOK_AT} exercises",
                f"{my_median:.1f} ms with {count:,} exercises (median of {reloads} reloads)",
                my_met if count >= GOAL_MY_WORKBOOK_AT else None,
            )
    say()
    return [
        Goal(f"answer restore and scoring < {GOAL_SETUP_MS:g} ms on a 50-field page", f"{median:.2f} ms", met),
        my_goal,
    ], chromium


# --- report --------------------------------------------------------------------


def machine() -> str:
    """Cores, RAM and Python, for the results table."""
    ram = "unknown RAM"
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kib = int(meminfo.read_text().split("MemTotal:")[1].split()[0])
        ram = f"{kib / 1024**2:.1f} GiB RAM"
    return (
        f"{os.cpu_count()} cores, {ram}, {platform.system()} {platform.machine()}, Python {platform.python_version()}"
    )


def summary(sizes: list[SizeResult], goals: list[Goal]) -> None:
    """The results as Markdown tables, ready for benchmarks/README.md."""
    say("== Results (Markdown)")
    say(
        "| chapters | plain build | titles only | with workbook | overhead | plain CPU | workbook CPU | CPU overhead "
        "| plain peak RSS | workbook peak RSS | memory ratio |"
    )
    say("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for s in sizes:
        say(
            f"| {s.chapters} | {s.time('plain'):.2f} s | {s.time('titles'):.2f} s ({s.titles_overhead:.2f}x) | {s.time('workbook'):.2f} s | {s.overhead:.2f}x "
            f"| {s.cpu('plain'):.2f} s | {s.cpu('workbook'):.2f} s | {s.cpu_overhead:.2f}x "
            f"| {s.memory('plain'):.0f} MiB | {s.memory('workbook'):.0f} MiB | {s.memory_ratio:.2f}x |"
        )
    say()
    say("| goal | measured | result |")
    say("|---|---|---|")
    for goal in goals:
        say(f"| {goal.name} | {goal.figure} | {verdict(goal.met)} |")


def build_goals(sizes: list[SizeResult]) -> list[Goal]:
    """The build goals: overhead judged at N=500 (or the largest size run), memory at every size."""
    at = next((s for s in sizes if s.chapters == GOAL_OVERHEAD_AT), sizes[-1])
    note = "" if at.chapters == GOAL_OVERHEAD_AT else f" (only N={at.chapters} was run)"
    worst = max(sizes, key=lambda s: s.memory_ratio)
    return [
        Goal(
            f"build overhead <= {GOAL_OVERHEAD}x at N={GOAL_OVERHEAD_AT}",
            f"{at.overhead:.2f}x wall, {at.cpu_overhead:.2f}x CPU at N={at.chapters}{note}",
            at.overhead <= GOAL_OVERHEAD if at.chapters == GOAL_OVERHEAD_AT else None,
        ),
        Goal(
            f"peak memory <= {GOAL_MEMORY}x the plain build",
            f"{worst.memory_ratio:.2f}x (worst, at N={worst.chapters})",
            worst.memory_ratio <= GOAL_MEMORY,
        ),
    ]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Options; those not given come from the full or the --quick defaults."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", help=f"chapter counts, comma-separated (default {FULL['sizes']})")
    parser.add_argument("--runs", type=int, help=f"builds per variant and size (default {FULL['runs']})")
    parser.add_argument(
        "--loader-files", type=int, help=f"exercise files for the loader timing (default {FULL['loader_files']})"
    )
    parser.add_argument("--loader-runs", type=int, help=f"loader timings (default {FULL['loader_runs']})")
    parser.add_argument(
        "--reloads",
        type=int,
        help=f"Chromium reloads of the 50-field page and of My workbook (default {FULL['reloads']})",
    )
    parser.add_argument(
        "--quick", action="store_true", help=f"smoke test: sizes {QUICK['sizes']}, one run of everything"
    )
    parser.add_argument("--seed", type=int, default=8, help="seed of the generated text (default 8)")
    parser.add_argument(
        "--workdir", type=Path, help="generate into this folder and keep it (default: a temporary folder)"
    )
    args = parser.parse_args(argv)
    defaults = QUICK if args.quick else FULL
    for name, value in defaults.items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    return args


def run(args: argparse.Namespace, workdir: Path) -> None:
    """Every benchmark, in order, printing as it goes."""
    chapters = [int(n) for n in args.sizes.split(",")]
    started = time.perf_counter()
    say(f"mkdocs-workbook benchmarks, {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC")
    say(f"machine: {machine()}")
    say(
        f"versions: MkDocs {version('mkdocs')}, Material {version('mkdocs-material')}, "
        f"Markdown {version('markdown')}, workbook {version('mkdocs-workbook')}"
    )
    say(f"load average at start: {os.getloadavg()[0]:.2f} (1 min)")
    say(
        f"settings: sizes {args.sizes}; {args.runs} runs per variant, interleaved; loader {args.loader_files} files x {args.loader_runs}; "
        f"{args.reloads} reloads; seed {args.seed}"
    )
    say()
    sizes = [bench_size(workdir, n, args.runs, args.seed) for n in chapters]
    loader_goal = bench_loader(workdir, args.loader_files, args.loader_runs, args.seed)
    asset_goals = bench_assets(min(sizes, key=lambda s: s.chapters).generated.root / "site-workbook")
    browser_goals, chromium = bench_browser(
        workdir, args.reloads, args.seed, max(sizes, key=lambda s: s.chapters), args.quick
    )
    say(f"browser: Chromium {chromium}")
    say()
    summary(sizes, build_goals(sizes) + [loader_goal] + asset_goals + browser_goals)
    say()
    say(f"load average at end: {os.getloadavg()[0]:.2f} (1 min)")
    say(f"total benchmark time: {time.perf_counter() - started:.0f} s")


def main(argv: list[str] | None = None) -> int:
    """Run in --workdir, or in a temporary folder removed afterwards."""
    args = parse_args(argv)
    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
        run(args, args.workdir.resolve())
    else:
        with tempfile.TemporaryDirectory(prefix="workbook-bench-") as tmp:
            run(args, Path(tmp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
