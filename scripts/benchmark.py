"""Benchmark the build at library sizes of thousands of items, against plain Material.

For each size N the example content is cloned to N public items (``scripts/synthetic.py``: new
ids, varied themes and dates), then, each in a fresh process:

- ``lif check`` on the whole library, as many times as each build (the fastest kept);
- the full strict build (``lif build``: mkdocs with the hub's glue, which indexes the pages for
  search as it writes them and writes the theme packs in a second process), with its peak
  memory;
- the baseline: the same pages (every generated page and every page of ``docs/``, as Markdown)
  built by plain Material for MkDocs with a small navigation, the same Markdown extensions and
  the built-in search, but none of the hub's hooks, macros or templates;
- with ``--before DIR``, the build of an earlier version of the project (a checkout in DIR with
  its own ``.venv``) on the same content, taking turns with the two others, so that the
  figures before and after a change come from the same run;
- at sizes up to 1,000, the preview's rebuild after an edit, as ``lif serve`` makes one (it runs
  ``mkdocs serve --dirty``): in one process, the preview's startup event and its first build,
  then one item's body edited, then the timed second build, by mkdocs's build function with the
  options the preview server gives it, into the same site folder. The preview renders again
  only the pages whose source changed, and brings the search index and the theme packs up to
  date after the build, in the background, so they are not in this time (the page is shown
  before). Wall and processor time of the build's process.

Peak memory is the largest sum, sampled every second, of the proportional set size (PSS, from
``/proc/PID/smaps_rollup``) of the build's process and every process it started (Pagefind's and
the packs' run at the same time as mkdocs). PSS shares each page of memory among the processes
that map it, so a page shared by a forked process is counted once, not once per process as a sum
of resident sizes would: it is what the machine needs. The largest single process is given too,
by its resident size, sampled every 0.1 s. Reading ``smaps_rollup`` walks a process's whole
memory map (about 16 ms of processor time for a process of 1.2 GB): read ten times a second
from every process, it took a fifth of a core from a build that keeps both cores busy, and
none from the single process of plain Material, so it is read once a second.

It prints a table, writes it to ``benchmarks/build.md`` and ``benchmarks/build.json``, and puts
it in the README between the benchmark markers. The targets at the largest size: the build within
1.15 times the baseline, at most 700 MB at its peak, growing linearly (largest within 5.5 times
the size 1,000), the median item page at most 40 KB, and ``lif check`` at most a tenth of the
build.

    .venv/bin/python scripts/benchmark.py                 # N = 1,000 and 5,000
    .venv/bin/python scripts/benchmark.py --sizes 200     # a quick look
    .venv/bin/python scripts/benchmark.py --before /tmp/old-checkout

Timings on a shared machine vary from run to run: each build runs ``--repeat`` times (two by
default), the builds taking turns, and the fastest run of each is kept. Processor time (user and
system, of the build and every process it started) is shown beside the wall time; it is less
disturbed by other work.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
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

from synthetic import PROJECT_PARTS, make_library  # noqa: E402

from lif.index.site import load_site  # noqa: E402
from lif.model.markdown import EXTENSIONS, HTML_END, HTML_START  # noqa: E402
from lif.render.pages import generated_pages  # noqa: E402

TODAY = "2026-11-26"

#: The largest size at which the rebuild after an edit is measured (the preview's target size).
REBUILD_UP_TO = 1000
README_START = "<!-- benchmark:start -->"
README_END = "<!-- benchmark:end -->"

#: Runs a command (its output to the log named first) and prints its exit status, wall time,
#: processor time (user and system, with its children's), the peak of the summed proportional
#: memory (PSS, sampled every second) of it and every process under it, and the peak resident
#: size of the largest one of them (sampled every 0.1 s), in KiB, from /proc.
MEASURE = r"""
import os, resource, subprocess, sys, time

PAGE = os.sysconf("SC_PAGE_SIZE") // 1024

def memory_kib(pid, proportional):
    # (resident size, proportional set size or None) of one process, in KiB
    with open(f"/proc/{pid}/statm") as f:
        rss = int(f.read().split()[1]) * PAGE
    if not proportional:
        return rss, None
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            pss = next(int(line.split()[1]) for line in f if line.startswith("Pss:"))
    except (OSError, StopIteration, ValueError):
        pss = rss
    return rss, pss

def tree_kib(root, proportional):
    children = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(name))
    sizes, todo = [], [root]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            sizes.append(memory_kib(pid, proportional))
        except (OSError, IndexError, ValueError):
            pass
    return sizes

start = time.perf_counter()
peak = largest = 0
with open(sys.argv[1], "w") as log:
    process = subprocess.Popen(sys.argv[2:], stdout=log, stderr=log)
    samples = 0
    while process.poll() is None:
        # The proportional sizes once a second, the resident sizes ten times (see above).
        proportional = samples % 10 == 0
        sizes = tree_kib(process.pid, proportional)
        if proportional:
            peak = max(peak, sum(pss for _, pss in sizes))
        largest = max([largest, *(rss for rss, _ in sizes)])
        samples += 1
        time.sleep(0.1)
elapsed = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
largest = max(largest, usage.ru_maxrss)
print(process.returncode, elapsed, usage.ru_utime + usage.ru_stime, peak, largest)
"""


#: Builds the project in the working folder twice in one process as the preview does
#: (``lif serve`` runs ``mkdocs serve --dirty``: the preview's startup event, then mkdocs's build
#: function with its options, into one site folder), with the file named first edited in between
#: (a sentence added to its body); prints the second build's wall and processor time. The search
#: index and theme packs of the second build are brought up to date after it, in the background,
#: as in the preview, so they are not in its time.
REBUILD = r"""
import sys, time
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config

SERVE_URL = "http://127.0.0.1:8000/"

def config_for(site_dir):
    config = load_config("mkdocs.yml", site_dir=site_dir)
    config.site_url = SERVE_URL
    return config

first = config_for(sys.argv[2])
first.plugins.on_startup(command="serve", dirty=True)
build(first, serve_url=SERVE_URL, dirty=True)
item = Path(sys.argv[1])
item.write_text(item.read_text(encoding="utf-8") + "\nA sentence added in the preview.\n",
                encoding="utf-8")
start, cpu = time.perf_counter(), time.process_time()
second = config_for(sys.argv[2])
build(second, serve_url=SERVE_URL, dirty=True)
wall, cpu = time.perf_counter() - start, time.process_time() - cpu
second.plugins.on_shutdown()
print(wall, cpu)
"""


@dataclass
class Run:
    seconds: float
    cpu_seconds: float
    peak_mib: float
    largest_mib: float


@dataclass
class Row:
    items: int
    pages: int
    check_seconds: float
    build_seconds: float
    build_cpu_seconds: float
    build_peak_mib: float
    build_largest_mib: float
    baseline_seconds: float
    baseline_cpu_seconds: float
    baseline_peak_mib: float
    rebuild_seconds: float | None
    output_mib: float
    median_item_page_kib: float
    largest_item_page_kib: float
    before_seconds: float | None = None
    before_cpu_seconds: float | None = None
    before_peak_mib: float | None = None
    before_largest_mib: float | None = None
    rebuild_cpu_seconds: float | None = None

    @property
    def build_over_baseline(self) -> float:
        return self.build_seconds / self.baseline_seconds

    @property
    def check_over_build(self) -> float:
        return self.check_seconds / self.build_seconds


def measure(command: list[str], cwd: Path, log: Path) -> Run:
    """Run ``command`` in a fresh process; its time, processor time and the peak memory of its
    process tree. Stops on failure."""
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
    code, seconds, cpu, peak, largest = result.stdout.split()
    if code != "0":
        tail = log.read_text(encoding="utf-8")[-3000:] if log.exists() else result.stderr
        raise SystemExit(f"benchmark: {' '.join(command)} failed ({code}):\n{tail}")
    return Run(float(seconds), float(cpu), int(peak) / 1024, int(largest) / 1024)


def fastest(runs: list[Run]) -> Run:
    """The least disturbed of repeated runs: the shortest times, the largest peak."""
    return Run(
        min(r.seconds for r in runs),
        min(r.cpu_seconds for r in runs),
        max(r.peak_mib for r in runs),
        max(r.largest_mib for r in runs),
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
    """A page without the hub's page templates or macros (plain Material renders it as text),
    and without the lines that mark the library's own HTML for the site's Markdown to set aside
    (plain Material reads that HTML as any raw HTML)."""
    if HTML_START in content:
        marks = {HTML_START, HTML_END}
        content = "\n".join(line for line in content.split("\n") if line not in marks)
    if not content.startswith("---\n"):
        return content
    _, front, body = content.split("---\n", 2)
    meta = yaml.safe_load(front) or {}
    meta.pop("template", None)
    meta.pop("render_macros", None)
    return "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True) + "---\n" + body


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


def before_project(lib: Path, before: Path, dest: Path) -> None:
    """The same content with an earlier version's glue, templates, pages and settings."""
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(lib, dest, ignore=shutil.ignore_patterns(*PROJECT_PARTS))
    for part in PROJECT_PARTS:
        src = before / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.exists():
            shutil.copy2(src, dest / part)


def rebuild_seconds(lib: Path, work: Path, n: int) -> tuple[float, float]:
    """The wall and processor time of the preview's rebuild after one item's file changed
    (:data:`REBUILD`), in a process that built once."""
    copy = work / f"rebuild-{n}"
    site_dir = work / f"rebuild-site-{n}"
    for folder in (copy, site_dir):
        if folder.exists():
            shutil.rmtree(folder)
    shutil.copytree(lib, copy)
    item = next(iter(sorted((copy / "reviews").rglob("*.md"))))
    env = dict(os.environ, LIF_TODAY=TODAY, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run(
        [sys.executable, "-c", REBUILD, str(item), str(site_dir)],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"benchmark: the rebuild failed:\n{result.stderr[-3000:]}")
    wall, cpu = result.stdout.split()[-2:]
    return float(wall), float(cpu)


def bench_size(n: int, work: Path, repeat: int, before: Path | None, rebuild: bool) -> Row:
    lib = work / f"lib-{n}"
    if lib.exists():
        shutil.rmtree(lib)
    print(f"[{n}] cloning the example content to {n} items", flush=True)
    make_library(REPO, lib, n, seed=n)
    logs = work / "logs"
    logs.mkdir(exist_ok=True)

    check_command = [sys.executable, "-m", "lif.cli", "check", "--root", str(lib)]
    checks = []
    for round_number in range(1, repeat + 1):
        print(f"[{n}] lif check ({round_number}/{repeat})", flush=True)
        checks.append(measure(check_command, lib, logs / f"check-{n}.log"))
    check = fastest(checks)

    site_dir = work / f"site-{n}"
    base = work / f"baseline-{n}"
    if base.exists():
        shutil.rmtree(base)
    baseline_project(lib, base)
    build_command = [sys.executable, "-m", "lif.cli", "build", "--root", str(lib)]
    build_command += ["--site-dir", str(site_dir)]
    baseline_command = [sys.executable, "-m", "mkdocs", "build"]
    baseline_command += [
        "--config-file",
        str(base / "mkdocs.yml"),
        "--site-dir",
        str(base / "site"),
    ]
    contestants: dict[str, tuple[list[str], Path, Path]] = {
        "build": (build_command, lib, site_dir),
        "baseline": (baseline_command, base, base / "site"),
    }
    if before is not None:
        old = work / f"before-{n}"
        before_project(lib, before, old)
        python = str(before / ".venv" / "bin" / "python")
        old_command = [python, "-m", "lif.cli", "build", "--root", str(old)]
        contestants["before"] = ([*old_command, "--site-dir", str(old / "site")], old, old / "site")
    # The builds take turns, so that a busy spell on the machine falls on each alike.
    runs: dict[str, list[Run]] = {name: [] for name in contestants}
    for round_number in range(1, repeat + 1):
        for name, (command, cwd, output) in contestants.items():
            print(f"[{n}] {name} ({round_number}/{repeat})", flush=True)
            # Each build writes into an empty folder: mkdocs removes what a folder holds
            # before it builds, which took the build of 5,000 items 3 s more than the first.
            if output.exists():
                shutil.rmtree(output)
            runs[name].append(measure(command, cwd, logs / f"{name}-{n}.log"))
    build, baseline = fastest(runs["build"]), fastest(runs["baseline"])
    old_run = fastest(runs["before"]) if "before" in runs else None
    again = again_cpu = None
    if rebuild and n <= REBUILD_UP_TO:
        print(f"[{n}] the preview's rebuild after an edit, as lif serve makes one", flush=True)
        again, again_cpu = (round(t, 2) for t in rebuild_seconds(lib, work, n))

    sizes = item_page_sizes(site_dir)
    pages = sum(1 for _ in site_dir.rglob("*.html"))
    return Row(
        items=n,
        pages=pages,
        check_seconds=round(check.seconds, 2),
        build_seconds=round(build.seconds, 2),
        build_cpu_seconds=round(build.cpu_seconds, 2),
        build_peak_mib=round(build.peak_mib, 1),
        build_largest_mib=round(build.largest_mib, 1),
        baseline_seconds=round(baseline.seconds, 2),
        baseline_cpu_seconds=round(baseline.cpu_seconds, 2),
        baseline_peak_mib=round(baseline.peak_mib, 1),
        rebuild_seconds=again,
        rebuild_cpu_seconds=again_cpu,
        output_mib=round(tree_size(site_dir) / 2**20, 1),
        median_item_page_kib=round(statistics.median(sizes) / 1024, 1),
        largest_item_page_kib=round(max(sizes) / 1024, 1),
        before_seconds=round(old_run.seconds, 2) if old_run else None,
        before_cpu_seconds=round(old_run.cpu_seconds, 2) if old_run else None,
        before_peak_mib=round(old_run.peak_mib, 1) if old_run else None,
        before_largest_mib=round(old_run.largest_mib, 1) if old_run else None,
    )


def targets(rows: list[Row]) -> list[tuple[str, str, bool]]:
    """Each target at the largest size: (what, measured, met)."""
    largest = rows[-1]
    out = [
        (
            f"build within 1.15 x plain Material at {largest.items:,} items",
            f"{largest.build_over_baseline:.2f} x",
            largest.build_over_baseline <= 1.15,
        ),
        (
            f"peak memory of the build at most 700 MB at {largest.items:,} items",
            f"{largest.build_peak_mib * 2**20 / 1e6:.0f} MB",
            largest.build_peak_mib * 2**20 <= 700e6,
        ),
        (
            f"median item page at most 40 KB at {largest.items:,} items",
            f"{largest.median_item_page_kib:.1f} KB",
            largest.median_item_page_kib <= 40,
        ),
        (
            "lif check at most a tenth of the build",
            f"{largest.check_over_build:.3f}",
            largest.check_over_build <= 0.1,
        ),
    ]
    first = next((r for r in rows if r.items == 1000), None)
    if first and largest.items == 5000:
        ratio = largest.build_seconds / first.build_seconds
        out.append(("build(5,000) within 5.5 x build(1,000)", f"{ratio:.2f} x", ratio <= 5.5))
    if first and first.rebuild_seconds is not None:
        out.append(
            (
                "the preview's rebuild after an edit within 5 s at 1,000 items (lif serve)",
                f"{first.rebuild_seconds:.1f} s",
                first.rebuild_seconds <= 5,
            )
        )
    return out


def _optional(value: float | None, fmt: str) -> str:
    return "" if value is None else format(value, fmt)


def render_table(rows: list[Row], when: str, machine: str, repeat: int) -> str:
    columns = [
        ("items", lambda r: f"{r.items:,}"),
        ("pages", lambda r: f"{r.pages:,}"),
        ("`lif check` s", lambda r: f"{r.check_seconds:.1f}"),
        ("build s", lambda r: f"{r.build_seconds:.1f}"),
        ("baseline s", lambda r: f"{r.baseline_seconds:.1f}"),
        ("build / baseline", lambda r: f"{r.build_over_baseline:.2f}"),
        ("build CPU s", lambda r: f"{r.build_cpu_seconds:.1f}"),
        ("baseline CPU s", lambda r: f"{r.baseline_cpu_seconds:.1f}"),
        ("build peak MiB (PSS)", lambda r: f"{r.build_peak_mib:.0f}"),
        ("of which largest process MiB", lambda r: f"{r.build_largest_mib:.0f}"),
        ("baseline peak MiB (PSS)", lambda r: f"{r.baseline_peak_mib:.0f}"),
        ("rebuild after an edit s", lambda r: _optional(r.rebuild_seconds, ".1f")),
        ("rebuild CPU s", lambda r: _optional(r.rebuild_cpu_seconds, ".1f")),
        ("output MiB", lambda r: f"{r.output_mib:.1f}"),
        ("median item page KB", lambda r: f"{r.median_item_page_kib:.1f}"),
        ("largest item page KB", lambda r: f"{r.largest_item_page_kib:.1f}"),
    ]
    if any(r.before_seconds is not None for r in rows):
        columns[6:6] = [
            ("before s", lambda r: _optional(r.before_seconds, ".1f")),
            ("before / baseline", lambda r: _optional(_ratio(r.before_seconds, r), ".2f")),
            ("before CPU s", lambda r: _optional(r.before_cpu_seconds, ".1f")),
            ("before peak MiB (PSS)", lambda r: _optional(r.before_peak_mib, ".0f")),
            ("before largest process MiB", lambda r: _optional(r.before_largest_mib, ".0f")),
        ]
    head = "| " + " | ".join(name for name, _ in columns) + " |\n"
    head += "|" + " ---: |" * len(columns) + "\n"
    body = "".join("| " + " | ".join(cell(r) for _, cell in columns) + " |\n" for r in rows)
    checks = "".join(
        f"| {what} | {value} | {'met' if ok else 'MISSED'} |\n" for what, value, ok in targets(rows)
    )
    return (
        f"Measured {when} on {machine} with `scripts/benchmark.py` (fastest of {repeat} runs "
        "of each build, taking turns; peak memory is the sum of the proportional set sizes "
        "of the build's processes).\n\n"
        f"{head}{body}\n| target | measured | |\n| --- | ---: | --- |\n{checks}"
    )


def _ratio(seconds: float | None, row: Row) -> float | None:
    return None if seconds is None else seconds / row.baseline_seconds


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
    parser.add_argument(
        "--before",
        type=Path,
        default=None,
        help="a checkout of an earlier version, with its own .venv, to build in the same rounds",
    )
    parser.add_argument("--no-rebuild", action="store_true", help="skip the rebuild after an edit")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    before = args.before.resolve() if args.before else None
    rows = [
        bench_size(n, args.work, args.repeat, before, not args.no_rebuild)
        for n in sorted(args.sizes)
    ]
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
            asdict(r)
            | {
                "build_over_baseline": round(r.build_over_baseline, 3),
                "check_over_build": round(r.check_over_build, 3),
            }
            for r in rows
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
