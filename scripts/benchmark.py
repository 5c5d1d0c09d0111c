"""Benchmark the build at library sizes of thousands of items, against plain Material.

For each size N the example content is cloned to N public items (``scripts/synthetic.py``: new
ids, varied themes and dates), then, each in a fresh process:

- ``lif check`` on the whole library;
- the full strict build (``lif build``: the generator, then the post-build steps such as the
  search index), with its peak memory;
- the baseline: the same pages (every generated page and every page of ``docs/``, as Markdown)
  built by plain Material for MkDocs with a small navigation, the same Markdown extensions and
  the built-in search, but none of the hub's hooks, macros or templates.

It prints a table, writes it to ``benchmarks/build.md`` and ``benchmarks/build.json``, and puts
it in the README between the benchmark markers. The targets at the largest size: the build within
1.3 times the baseline, the build growing linearly (largest within 5.5 times the size 1,000),
the median item page at most 40 KB, and ``lif check`` at most a tenth of the build.

    .venv/bin/python scripts/benchmark.py                 # N = 1,000 and 5,000
    .venv/bin/python scripts/benchmark.py --sizes 200     # a quick look

Timings on a shared machine vary from run to run: each build runs ``--repeat`` times (two by
default), the hub's and the baseline taking turns, and the fastest run of each is kept. Processor
time (user and system) is shown beside the wall time; it is less disturbed by other work.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))

from synthetic import make_library  # noqa: E402

from lif.index.site import load_site  # noqa: E402
from lif.model.markdown import EXTENSIONS  # noqa: E402
from lif.render.pages import generated_pages  # noqa: E402

TODAY = "2026-11-26"
README_START = "<!-- benchmark:start -->"
README_END = "<!-- benchmark:end -->"

#: Runs a command (its output to the log named first) and prints its exit status, wall time,
#: processor time (user and system) and the peak memory of it and its children (KiB).
MEASURE = (
    "import resource, subprocess, sys, time\n"
    "start = time.perf_counter()\n"
    "with open(sys.argv[1], 'w') as log:\n"
    "    code = subprocess.run(sys.argv[2:], stdout=log, stderr=log).returncode\n"
    "elapsed = time.perf_counter() - start\n"
    "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(code, elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)\n"
)


@dataclass
class Run:
    seconds: float
    cpu_seconds: float
    peak_mib: float


@dataclass
class Row:
    items: int
    pages: int
    check_seconds: float
    build_seconds: float
    generator_seconds: float
    build_cpu_seconds: float
    build_peak_mib: float
    baseline_seconds: float
    baseline_cpu_seconds: float
    baseline_peak_mib: float
    output_mib: float
    median_item_page_kib: float
    largest_item_page_kib: float

    @property
    def build_over_baseline(self) -> float:
        return self.build_seconds / self.baseline_seconds


def measure(command: list[str], cwd: Path, log: Path) -> Run:
    """Run ``command`` in a fresh process; its time and peak memory. Stops on failure."""
    env = dict(os.environ, LIF_TODAY=TODAY, NO_MKDOCS_2_WARNING="1")
    env["DISABLE_MKDOCS_2_WARNING"] = "true"
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(log), *command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    code, seconds, cpu, peak = result.stdout.split()
    if code != "0":
        tail = log.read_text(encoding="utf-8")[-3000:] if log.exists() else result.stderr
        raise SystemExit(f"benchmark: {' '.join(command)} failed ({code}):\n{tail}")
    return Run(float(seconds), float(cpu), int(peak) / 1024)


def fastest(runs: list[Run]) -> Run:
    """The least disturbed of repeated runs: the shortest times, the largest peak."""
    return Run(
        min(r.seconds for r in runs),
        min(r.cpu_seconds for r in runs),
        max(r.peak_mib for r in runs),
    )


def baseline_project(lib: Path, dest: Path) -> None:
    """The same pages as plain Markdown, with a plain Material configuration."""
    site = load_site(lib)
    docs = dest / "docs"
    shutil.copytree(lib / "docs", docs, ignore=shutil.ignore_patterns("__pycache__"))
    for page in generated_pages(site):
        path = docs / page.src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(plain_page(page.content), encoding="utf-8")
    for path in docs.rglob("*.md"):
        path.write_text(plain_page(path.read_text(encoding="utf-8")), encoding="utf-8")
    config = yaml.safe_load((lib / "mkdocs.yml").read_text(encoding="utf-8"))
    # The site's Markdown extensions, without the library's own cleaner.
    extensions = [{name: cfg} if cfg else name for name, cfg in EXTENSIONS.items()]
    plain = {
        "site_name": config["site_name"],
        "site_url": config.get("site_url"),
        "theme": {"name": "material", "features": ["navigation.tabs"]},
        "markdown_extensions": extensions,
        "plugins": ["search"],
        "extra_css": config.get("extra_css", []),
        "nav": [{"Home": "index.md"}],
        "validation": {"omitted_files": "ignore", "not_found": "ignore"},
    }
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(plain, sort_keys=False), encoding="utf-8")


def plain_page(content: str) -> str:
    """A page without the hub's page templates or macros (plain Material renders it as text)."""
    if not content.startswith("---\n"):
        return content
    _, front, body = content.split("---\n", 2)
    meta = yaml.safe_load(front) or {}
    meta.pop("template", None)
    meta.pop("render_macros", None)
    return "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True) + "---\n" + body


def step_timings(log: Path) -> dict[str, float]:
    """The seconds of each step that ``lif build --timings`` reported (generator first)."""
    found = re.findall(r"^lif build: (.+?) ([0-9.]+)s$", log.read_text(encoding="utf-8"), re.M)
    return {name: float(seconds) for name, seconds in found}


def tree_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def item_page_sizes(site_dir: Path) -> list[int]:
    return [
        (site_dir / folder / entry.name / "index.html").stat().st_size
        for folder in ("reviews", "briefs")
        if (site_dir / folder).is_dir()
        for entry in (site_dir / folder).iterdir()
        if (site_dir / folder / entry.name / "index.html").is_file()
        and entry.name not in {"by-year", "by-type", "page"}
    ]


def bench_size(n: int, work: Path, repeat: int) -> Row:
    lib = work / f"lib-{n}"
    if lib.exists():
        shutil.rmtree(lib)
    print(f"[{n}] cloning the example content to {n} items", flush=True)
    make_library(REPO, lib, n, seed=n)
    logs = work / "logs"
    logs.mkdir(exist_ok=True)

    print(f"[{n}] lif check", flush=True)
    check = measure(
        [sys.executable, "-m", "lif.cli", "check", "--root", str(lib)], lib, logs / f"check-{n}.log"
    )

    site_dir = work / f"site-{n}"
    base = work / f"baseline-{n}"
    if base.exists():
        shutil.rmtree(base)
    baseline_project(lib, base)
    build_command = [sys.executable, "-m", "lif.cli", "build", "--root", str(lib)]
    build_command += ["--site-dir", str(site_dir), "--timings"]
    baseline_command = [sys.executable, "-m", "mkdocs", "build"]
    baseline_command += [
        "--config-file",
        str(base / "mkdocs.yml"),
        "--site-dir",
        str(base / "site"),
    ]
    # The two builds take turns, so that a busy spell on the machine falls on both alike.
    builds: list[Run] = []
    baselines: list[Run] = []
    steps: dict[str, float] = {}
    for round_number in range(1, repeat + 1):
        print(f"[{n}] full strict build ({round_number}/{repeat})", flush=True)
        builds.append(measure(build_command, lib, logs / f"build-{n}.log"))
        if builds[-1] == fastest(builds) or not steps:
            steps = step_timings(logs / f"build-{n}.log")
        print(
            f"[{n}] baseline: the same pages, plain Material ({round_number}/{repeat})", flush=True
        )
        baselines.append(measure(baseline_command, base, logs / f"baseline-{n}.log"))
    build, baseline = fastest(builds), fastest(baselines)

    sizes = item_page_sizes(site_dir)
    pages = sum(1 for _ in site_dir.rglob("*.html"))
    return Row(
        items=n,
        pages=pages,
        check_seconds=round(check.seconds, 2),
        build_seconds=round(build.seconds, 2),
        generator_seconds=round(steps.get("mkdocs", build.seconds), 2),
        build_cpu_seconds=round(build.cpu_seconds, 2),
        build_peak_mib=round(build.peak_mib, 1),
        baseline_seconds=round(baseline.seconds, 2),
        baseline_cpu_seconds=round(baseline.cpu_seconds, 2),
        baseline_peak_mib=round(baseline.peak_mib, 1),
        output_mib=round(tree_size(site_dir) / 2**20, 1),
        median_item_page_kib=round(statistics.median(sizes) / 1024, 1),
        largest_item_page_kib=round(max(sizes) / 1024, 1),
    )


def targets(rows: list[Row]) -> list[tuple[str, str, bool]]:
    """Each target at the largest size: (what, measured, met)."""
    largest = rows[-1]
    out = [
        (
            f"build within 1.3 x plain Material at {largest.items:,} items",
            f"{largest.build_over_baseline:.2f} x",
            largest.build_over_baseline <= 1.3,
        ),
        (
            f"median item page at most 40 KB at {largest.items:,} items",
            f"{largest.median_item_page_kib:.1f} KB",
            largest.median_item_page_kib <= 40,
        ),
        (
            "lif check at most a tenth of the build",
            f"{largest.check_seconds / largest.build_seconds:.3f}",
            largest.check_seconds <= largest.build_seconds / 10,
        ),
    ]
    first = next((r for r in rows if r.items == 1000), None)
    if first and largest.items == 5000:
        ratio = largest.build_seconds / first.build_seconds
        out.append(("build(5,000) within 5.5 x build(1,000)", f"{ratio:.2f} x", ratio <= 5.5))
    return out


def render_table(rows: list[Row], when: str, machine: str, repeat: int) -> str:
    columns = [
        ("items", lambda r: f"{r.items:,}"),
        ("pages", lambda r: f"{r.pages:,}"),
        ("`lif check` s", lambda r: f"{r.check_seconds:.1f}"),
        ("build s", lambda r: f"{r.build_seconds:.1f}"),
        ("of which mkdocs s", lambda r: f"{r.generator_seconds:.1f}"),
        ("baseline s", lambda r: f"{r.baseline_seconds:.1f}"),
        ("build / baseline", lambda r: f"{r.build_over_baseline:.2f}"),
        ("build CPU s", lambda r: f"{r.build_cpu_seconds:.1f}"),
        ("baseline CPU s", lambda r: f"{r.baseline_cpu_seconds:.1f}"),
        ("build peak MiB", lambda r: f"{r.build_peak_mib:.0f}"),
        ("baseline peak MiB", lambda r: f"{r.baseline_peak_mib:.0f}"),
        ("output MiB", lambda r: f"{r.output_mib:.1f}"),
        ("median item page KB", lambda r: f"{r.median_item_page_kib:.1f}"),
        ("largest item page KB", lambda r: f"{r.largest_item_page_kib:.1f}"),
    ]
    head = "| " + " | ".join(name for name, _ in columns) + " |\n"
    head += "|" + " ---: |" * len(columns) + "\n"
    body = "".join("| " + " | ".join(cell(r) for _, cell in columns) + " |\n" for r in rows)
    checks = "".join(
        f"| {what} | {value} | {'met' if ok else 'MISSED'} |\n" for what, value, ok in targets(rows)
    )
    return (
        f"Measured {when} on {machine} with `scripts/benchmark.py` (fastest of {repeat} runs "
        "of each build, taking turns).\n\n"
        f"{head}{body}\n| target | measured | |\n| --- | ---: | --- |\n{checks}"
    )


def update_readme(table: str) -> None:
    readme = REPO / "README.md"
    text = readme.read_text(encoding="utf-8")
    if README_START not in text or README_END not in text:
        print("benchmark: the README has no benchmark markers; not updated", file=sys.stderr)
        return
    before, rest = text.split(README_START, 1)
    _, after = rest.split(README_END, 1)
    readme.write_text(f"{before}{README_START}\n{table}{README_END}{after}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--work", type=Path, default=REPO / "benchmarks" / "work")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "build")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each build (fastest kept)")
    parser.add_argument("--no-readme", action="store_true", help="leave the README as it is")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    rows = [bench_size(n, args.work, args.repeat) for n in sorted(args.sizes)]
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d")
    machine = f"{os.cpu_count()} cores, Python {platform.python_version()}"
    table = render_table(rows, when, machine, args.repeat)
    print(table)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.with_suffix(".md").write_text(f"# Build benchmark\n\n{table}", encoding="utf-8")
    record: dict[str, Any] = {
        "measured": when,
        "machine": machine,
        "rows": [
            asdict(r) | {"build_over_baseline": round(r.build_over_baseline, 3)} for r in rows
        ],
        "targets": [{"what": w, "measured": v, "met": ok} for w, v, ok in targets(rows)],
    }
    args.out.with_suffix(".json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    if not args.no_readme:
        update_readme(table)
    return 0


if __name__ == "__main__":
    started = time.perf_counter()
    status = main()
    print(f"benchmark: done in {time.perf_counter() - started:.0f}s", file=sys.stderr)
    sys.exit(status)
