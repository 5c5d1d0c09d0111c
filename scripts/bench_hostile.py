"""Benchmark the checker and the build on hostile bodies of about 2 MB each.

Each case of :data:`CASES` is a body written to make a Markdown renderer, an HTML parser or a
sanitizer slow, deep or confused (the rows of the security review among them). For each case the
project (configuration, data, pages and the example content) is copied to a temporary folder, one
published review with that body is added, and ``lif check`` and ``lif build`` are run and timed
there. A refused body must be refused quickly, by the checker, with a message; an accepted body
must build quickly. It prints a table and writes ``benchmarks/hostile.md``.

    .venv/bin/python scripts/bench_hostile.py                    # every case at 2 MB
    .venv/bin/python scripts/bench_hostile.py --size 200000      # a quick look
    .venv/bin/python scripts/bench_hostile.py --cases unclosed-tags equals-signs

The cases are shared with ``tests/test_security.py``, which builds every case the checker accepts
(at a small size) and inspects the output.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent

#: What the benchmark copies: everything the build reads, and the example content.
PROJECT_PARTS = ("data", "macros", "overrides", "docs", "mkdocs.yml", "reviews", "briefs")

#: The day the checker and the build run as of.
TODAY = "2026-11-30"

#: The hostile review's id; its file is ``reviews/2026/<id>.md``.
HOSTILE_ID = "sar-adult-hostile-2026"


def _repeat(unit: str, size: int) -> str:
    return unit * max(1, size // len(unit))


def _nested_list(size: int) -> str:
    block = "".join("    " * level + "- x\n" for level in range(600)) + "\n"
    return _repeat(block, size)


def _prose(size: int) -> str:
    paragraph = (
        "Agencies shared what they knew late; see [the framework](../framework/principles.md), "
        "the *learning* and `code` here. " * 20
    ) + "\n\n"
    return _repeat("## A heading\n\n" + paragraph * 10, size)


#: Hostile bodies by name: each function gives a body of about ``size`` characters.
CASES: dict[str, Callable[[int], str]] = {
    # A tag that never ends, 83,000 times in 250 KB: the HTML parser restarts at each '<'.
    "unclosed-tags": lambda size: _repeat("<a ", size),
    # One line of '=a': a regular expression over attribute-like text backtracked on it.
    "equals-signs": lambda size: _repeat("=a", size),
    # Lists nested 600 levels deep: the renderer recursed past Python's limit.
    "nested-list-600": _nested_list,
    # Markup that a Python HTML parser and a browser read differently (review rows 12 and 14).
    "noembed-title": lambda size: _repeat(
        '<noembed><img title=\'</noembed><img src="x"/onerror="alert(12)">\'></noembed>\n\n',
        size,
    ),
    "empty-comment": lambda size: _repeat('<!--><img src="x"/onerror="alert(14)">-->\n\n', size),
    "comment-opens": lambda size: _repeat("<!--", size),
    "unclosed-brackets": lambda size: _repeat("[x ", size),
    "brackets-per-paragraph": lambda size: _repeat("[x " * 100 + "\n\n", size),
    "nested-brackets": lambda size: _repeat("[" * 2000 + "x" + "]" * 2000 + "\n\n", size),
    "backticks": lambda size: _repeat("` ", size),
    "backtick-runs": lambda size: _repeat("".join("`" * n + " " for n in range(1, 400)), size),
    "emphasis-run": lambda size: _repeat("*" * 3000 + "x" + "*" * 3000 + "\n\n", size),
    "nested-html-blocks": lambda size: _repeat(
        '<div markdown="1">\n' * 600 + "x\n" + "</div>\n" * 600 + "\n", size
    ),
    "abbreviations": lambda size: "*[a]: b\n" * 2000 + _repeat("a b c ", size),
    "event-handlers": lambda size: _repeat('<p onclick="alert(1)">text</p>\n\n', size),
    "script-addresses": lambda size: _repeat("[x](java&#115;cript:alert(1)) ", size),
    "digits": lambda size: _repeat("0123456789 ", size),
    "email-like": lambda size: _repeat("a.b-c_d@e.f", size),
    "wide-table": lambda size: _repeat(
        "| a " * 500 + "|\n" + "|---" * 500 + "|\n" + ("| a " * 500 + "|\n") * 20 + "\n", size
    ),
    "prose": _prose,
}


def hostile_review(body_size: int, case: str) -> tuple[dict[str, object], str]:
    """The front matter and body of a published review whose body is ``case``."""
    data: dict[str, object] = {
        "id": HOSTILE_ID,
        "title": "Safeguarding adults review: Adult H",
        "review_type": "safeguarding-adults-review",
        "board": "adults",
        "subject": "Adult H",
        "author": "Independent reviewer",
        "status": "published",
        "published": "2026-01-15",
        "themes": ["neglect"],
        "summary": "A review whose body is hostile.",
        "learning": [{"id": "ask-twice", "text": "Ask a second time when someone says no."}],
    }
    return data, CASES[case](body_size)


def write_review(root: Path, data: dict[str, object], body: str) -> Path:
    path = root / "reviews" / "2026" / f"{data['id']}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    front = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    path.write_text(f"---\n{front}---\n{body}\n", encoding="utf-8")
    return path


@dataclass
class Run:
    """One command's outcome."""

    seconds: float
    status: str
    said: str


def _run(command: list[str], cwd: Path, timeout: float) -> Run:
    env = dict(os.environ, LIF_TODAY=TODAY, NO_MKDOCS_2_WARNING="1")
    env["DISABLE_MKDOCS_2_WARNING"] = "true"
    started = time.perf_counter()
    try:
        done = subprocess.run(
            command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return Run(time.perf_counter() - started, "timeout", "")
    seconds = time.perf_counter() - started
    output = done.stdout + done.stderr
    if "Traceback" in output:
        return Run(seconds, "traceback", output.splitlines()[-1][:120])
    said = next((line for line in output.splitlines() if ": body: " in line), "")
    return Run(seconds, "ok" if done.returncode == 0 else "refused", said)


def bench_case(case: str, size: int, timeout: float) -> tuple[int, Run, Run]:
    with tempfile.TemporaryDirectory(prefix="lif-hostile-") as folder:
        root = Path(folder)
        for part in PROJECT_PARTS:
            src = REPO / part
            if src.is_dir():
                shutil.copytree(src, root / part, ignore=shutil.ignore_patterns("__pycache__"))
            elif src.exists():
                shutil.copy2(src, root / part)
        data, body = hostile_review(size, case)
        write_review(root, data, body)
        lif = [sys.executable, "-m", "lif.cli"]
        check = _run([*lif, "check", "--root", str(root)], root, timeout)
        build = _run(
            [*lif, "build", "--root", str(root), "--site-dir", str(root / "site")], root, timeout
        )
        return len(body.encode("utf-8")), check, build


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=2_000_000, help="body size in characters")
    parser.add_argument("--cases", nargs="*", default=sorted(CASES), choices=sorted(CASES))
    parser.add_argument("--timeout", type=float, default=600, help="seconds per command")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "hostile.md")
    args = parser.parse_args(argv)
    rows = []
    for case in args.cases:
        size, check, build = bench_case(case, args.size, args.timeout)
        rows.append((case, size, check, build))
        print(
            f"{case:24} {size / 1e6:5.2f} MB  check {check.seconds:7.2f}s {check.status:9} "
            f"build {build.seconds:7.2f}s {build.status:9} {check.said[:80]}",
            flush=True,
        )
    lines = [
        "# Hostile bodies: time to check and to build",
        "",
        f"Written by `scripts/bench_hostile.py` on {dt.date.today().isoformat()} "
        f"({platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} cores shared). Each case is one published review of about "
        f"{args.size:,} characters added to a copy of the example project; `lif check` and "
        "`lif build` (the strict build and the search index) run in that copy. *refused* means "
        "the command stopped with the checker's message (quoted, for the check), *ok* that it "
        "passed.",
        "",
        "| case | body (MB) | lif check (s) | check | lif build (s) | build | the checker said |",
        "| --- | ---: | ---: | --- | ---: | --- | --- |",
    ]
    for case, size, check, build in rows:
        said = check.said.partition(": body: ")[2][:110].replace("|", "\\|")
        lines.append(
            f"| {case} | {size / 1e6:.2f} | {check.seconds:.2f} | {check.status} | "
            f"{build.seconds:.2f} | {build.status} | {said} |"
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out.relative_to(REPO) if args.out.is_relative_to(REPO) else args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
