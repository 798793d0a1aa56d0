"""Run one `mkdocs build` in this (fresh) process; print its wall time, CPU time and peak RSS as JSON.

Usage: python benchmarks/build_once.py CONFIG_FILE SITE_DIR

The time runs from before MkDocs is imported to the end of the build, so it is what
`time mkdocs build` shows minus the interpreter's start. CPU time (user + system) and
the peak RSS (`ru_maxrss`) are the whole process's, read after the build, so each build
needs its own process. CPU time suffers less than wall time from other load on a shared machine.
"""

from __future__ import annotations

import time

START = time.perf_counter()

import json  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402


def main(argv: list[str]) -> int:
    """Build with the real command line, in-process, and report."""
    config_file, site_dir = argv
    from mkdocs.__main__ import cli

    try:
        cli.main(
            args=["build", "--strict", "--quiet", "--config-file", config_file, "--site-dir", site_dir],
            prog_name="mkdocs",
        )
    except SystemExit as done:
        if done.code not in (0, None):
            print(f"mkdocs build failed with exit code {done.code}", file=sys.stderr)
            return 1
    seconds = time.perf_counter() - START
    usage = resource.getrusage(resource.RUSAGE_SELF)
    # ru_maxrss is in kibibytes on Linux.
    print(
        json.dumps(
            {"seconds": seconds, "cpu_seconds": usage.ru_utime + usage.ru_stime, "peak_rss_mib": usage.ru_maxrss / 1024}
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
