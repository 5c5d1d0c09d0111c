"""Benchmark search at thousands of items: this site's search against Material's built-in one.

For each size N the example content is cloned to N public items (``scripts/synthetic.py``), then
built twice from the same pages:

- **this site**: ``lif build`` (the strict build, then the search step: Pagefind's index and the
  browse index), timed as a whole and the search step on its own;
- **Material**: the same project with the theme's own search plugin and search box instead
  of the hub's (``mkdocs build``).

Each site is served on 127.0.0.1 and measured in headless Chromium (Debian's), each measurement in
a fresh browser context (nothing cached), three times (the median is reported):

- *first query*: open the home page, type a query into the header's search box, until the first
  result shows. Time runs from the first key press; bytes are everything the browser received
  from opening the home page to the end of the query (the home page included);
- *facet browse*: open the search page filtered by a theme and a year, without words, until the
  results show (this site only: Material has no facets). Bytes include the page;
- the same browse through Pagefind's filter-only search, which this site does not use: Pagefind
  loads its whole word index to answer a search without words.

Bytes are as received: the test server does not compress (Pagefind's own files are stored
gzip-compressed). It prints a table and writes ``benchmarks/search.md`` and
``benchmarks/search.json``.

    .venv/bin/python scripts/bench_search.py                  # N = 1,000 and 5,000
    .venv/bin/python scripts/bench_search.py --sizes 200      # a quick look
    .venv/bin/python scripts/bench_search.py --reuse          # measure existing builds again
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import http.server
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))

from playwright.sync_api import Browser, Page, sync_playwright  # noqa: E402
from synthetic import PROJECT_PARTS, copy_project, make_library  # noqa: E402

from lif.index.site import load_site  # noqa: E402

TODAY = "2026-11-26"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
QUERY = "hoarding"
RUNS = 3

#: Marks the moment the first key is pressed and the moment the first result appears.
TIMING_SCRIPT = """
(() => {
  window.__bench = {firstKey: null, firstResult: null};
  document.addEventListener('keydown', () => {
    if (window.__bench.firstKey === null) window.__bench.firstKey = performance.now();
  }, true);
  const watch = () => new MutationObserver(() => {
    if (window.__bench.firstResult === null &&
        document.querySelector('.lif-hsearch__panel:not([hidden]) .lif-result a, '
                               + '.md-search-result__item')) {
      window.__bench.firstResult = performance.now();
    }
  }).observe(document.documentElement, {childList: true, subtree: true, attributes: true});
  if (document.documentElement) watch(); else addEventListener('DOMContentLoaded', watch);
})();
"""


# --------------------------------------------------------------------------- building


def run(command: list[str], cwd: Path, log: Path) -> tuple[float, str]:
    """Run ``command``; its output goes to ``log``. Returns wall seconds and the output."""
    env = dict(
        os.environ, LIF_TODAY=TODAY, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true"
    )
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    output = result.stdout + result.stderr
    log.write_text(output, encoding="utf-8")
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed (status {result.returncode}); see {log}")
    return seconds, output


def library(work: Path, n: int, seed: int) -> Path:
    """The synthetic library of ``n`` items, made once per size and seed; the project's data,
    templates, pages and configuration are copied afresh each time."""
    lib = work / f"lib-{n}"
    marker = lib / ".synthetic.json"
    wanted = {"n": n, "seed": seed}
    if marker.is_file() and json.loads(marker.read_text()) == wanted:
        for part in PROJECT_PARTS:
            target = lib / part
            if target.is_dir():
                shutil.rmtree(target)
            else:
                target.unlink(missing_ok=True)
        copy_project(REPO, lib)
        return lib
    if lib.exists():
        shutil.rmtree(lib)
    make_library(REPO, lib, n, seed)
    marker.write_text(json.dumps(wanted))
    return lib


def baseline_config(lib: Path) -> Path:
    """A configuration for the same project with Material's search plugin and search box.

    The hub's header and search box (``overrides/partials/``) and its search script and styles
    are left out; everything else (hooks, macros, pages, templates) is the same.
    """
    overrides = lib / "overrides-material-search"
    if overrides.exists():
        shutil.rmtree(overrides)
    shutil.copytree(lib / "overrides", overrides)
    for name in ("header.html", "search.html"):
        (overrides / "partials" / name).unlink(missing_ok=True)
    text = (lib / "mkdocs.yml").read_text(encoding="utf-8")
    changes = [
        ("custom_dir: overrides\n", "custom_dir: overrides-material-search\n"),
        ("\nplugins:\n", "\nplugins:\n  - search\n"),
        ("  - assets/search.js\n", ""),
        ("  - assets/search.css\n", ""),
    ]
    for old, new in changes:
        if old not in text:
            raise SystemExit(f"mkdocs.yml has no {old.strip()!r}: update baseline_config()")
        text = text.replace(old, new, 1)
    config = lib / "mkdocs-material-search.yml"
    config.write_text(text, encoding="utf-8")
    return config


def build_ours(lib: Path, site: Path, logs: Path) -> dict[str, float]:
    seconds, output = run(
        [
            sys.executable,
            "-m",
            "lif.cli",
            "build",
            "--root",
            str(lib),
            "--site-dir",
            str(site),
            "--timings",
        ],
        lib,
        logs / f"{site.name}.log",
    )
    steps = {m[1]: float(m[2]) for m in re.finditer(r"lif build: (.+?) ([\d.]+)s", output)}
    return {
        "total": seconds,
        "generator": steps.get("mkdocs", 0.0),
        "search": steps["search index"],
    }


def build_material(lib: Path, site: Path, logs: Path) -> dict[str, float]:
    config = baseline_config(lib)
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "-f",
        str(config),
        "-d",
        str(site),
    ]
    seconds, _ = run(command, lib, logs / f"{site.name}.log")
    return {"total": seconds}


def folder_bytes(path: Path) -> tuple[int, int]:
    files = [p for p in path.rglob("*") if p.is_file()] if path.exists() else []
    return sum(p.stat().st_size for p in files), len(files)


# --------------------------------------------------------------------------- measuring


class _Counting(http.server.SimpleHTTPRequestHandler):
    """Serves the site and notes every response: its path and the bytes of its body."""

    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        pass

    def copyfile(self, source: Any, outputfile: Any) -> None:
        data = source.read()
        outputfile.write(data)
        with self.server.lock:
            self.server.sent.append((self.path, len(data)))


class _Server(http.server.ThreadingHTTPServer):
    def __init__(self, site: Path) -> None:
        super().__init__(("127.0.0.1", 0), functools.partial(_Counting, directory=str(site)))
        self.sent: list[tuple[str, int]] = []
        self.lock = threading.Lock()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"

    def take(self) -> list[tuple[str, int]]:
        """The responses sent since the last call."""
        with self.lock:
            sent, self.sent = self.sent, []
        return sent


@contextmanager
def served(site: Path) -> Iterator[_Server]:
    server = _Server(site)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server
    finally:
        server.shutdown()


@contextmanager
def fresh_page(browser: Browser, server: _Server) -> Iterator[Page]:
    """A page in a new context (empty cache); no request of it may leave the site."""
    context = browser.new_context(viewport=DESKTOP)
    outside: list[str] = []
    context.on(
        "request",
        lambda request: (
            None if request.url.startswith(server.base) else outside.append(request.url)
        ),
    )
    server.take()
    try:
        yield context.new_page()
    finally:
        context.close()
    if outside:
        raise SystemExit(f"requests left the site: {outside[:3]}")


def tally(sent: list[tuple[str, int]]) -> dict[str, Any]:
    """Bytes of the response bodies, how many, and the theme's sitemap among them."""
    return {
        "bytes": sum(size for _, size in sent),
        "requests": len(sent),
        "sitemap_bytes": sum(size for path, size in sent if path.startswith("/sitemap.xml")),
    }


def first_query(browser: Browser, server: _Server, material: bool) -> dict[str, Any]:
    with fresh_page(browser, server) as page:
        page.add_init_script(TIMING_SCRIPT)
        page.goto(server.base, wait_until="networkidle")
        home = tally(server.take())
        page.click(".md-search__input" if material else "#lif-hsearch-q")
        page.keyboard.type(QUERY)
        selector = ".md-search-result__item" if material else ".lif-hsearch__panel .lif-result a"
        page.wait_for_selector(selector, timeout=120_000)
        page.wait_for_load_state("networkidle")
        timing = page.evaluate("window.__bench")
        query = tally(server.take())
    return {
        "seconds": (timing["firstResult"] - timing["firstKey"]) / 1000,
        "home_bytes": home["bytes"],
        "sitemap_bytes": home["sitemap_bytes"] + query["sitemap_bytes"],
        "query_bytes": query["bytes"],
        "bytes": home["bytes"] + query["bytes"],
        "requests": home["requests"] + query["requests"],
    }


def facet_browse(browser: Browser, server: _Server, address: str) -> dict[str, Any]:
    with fresh_page(browser, server) as page:
        start = time.perf_counter()
        page.goto(server.base + address)
        page.wait_for_selector(".lif-search-page .lif-result a", timeout=120_000)
        seconds = time.perf_counter() - start
        page.wait_for_load_state("networkidle")
        status = page.inner_text(".lif-search-page [data-lif-status]")
        sent = server.take()
    browse = [(path, size) for path, size in sent if path.startswith("/search/browse/")]
    return {
        **tally(sent),
        "seconds": seconds,
        "browse_index_bytes": sum(size for _, size in browse),
        "status": status,
    }


#: Pagefind's filter-only search (no words) with the same filters, and the fields of the first
#: twenty results: the way this site does not browse.
PAGEFIND_FILTER_ONLY = """async ([base, filters]) => {
  const pf = await import(base + 'pagefind/pagefind.js');
  await pf.init();
  const found = await pf.search(null, {filters});
  await Promise.all(found.results.slice(0, 20).map(r => r.data()));
  return found.results.length;
}"""


def pagefind_filter_only(
    browser: Browser, server: _Server, filters: dict[str, Any]
) -> dict[str, Any]:
    with fresh_page(browser, server) as page:
        page.goto(server.base + "search/", wait_until="networkidle")
        page_bytes = tally(server.take())["bytes"]
        count = page.evaluate(PAGEFIND_FILTER_ONLY, [server.base, filters])
        page.wait_for_load_state("networkidle")
        search = tally(server.take())
    return {"count": count, "bytes": page_bytes + search["bytes"], "search_bytes": search["bytes"]}


def median_of(runs: list[dict[str, Any]]) -> dict[str, Any]:
    out = dict(runs[len(runs) // 2])
    for key in ("seconds", "bytes", "home_bytes", "query_bytes", "sitemap_bytes"):
        if key in out:
            out[key] = statistics.median(r[key] for r in runs)
    out["runs"] = [r["seconds"] for r in runs]
    return out


def browse_address(lib: Path) -> tuple[str, dict[str, Any]]:
    """A browse by the library's commonest theme and the year with most items of that theme."""
    site = load_site(lib, dt.date.fromisoformat(TODAY))
    theme = Counter(t for i in site.public for t in i.themes).most_common(1)[0][0]
    years = Counter(str(i.published.year) for i in site.public if i.published and theme in i.themes)
    year = years.most_common(1)[0][0]
    return f"search/?theme={theme}&year={year}", {
        "theme": {"any": [theme]},
        "year": {"any": [year]},
    }


# --------------------------------------------------------------------------- report


def kb(value: float) -> str:
    return f"{value / 1000:,.0f} KB"


def mb(value: float) -> str:
    return f"{value / 1_000_000:,.1f} MB"


def render_table(results: list[dict[str, Any]]) -> str:
    lines = [
        "| items | search | build (search step) | index on disk | first result | "
        "home page + first query | facet browse, no words |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        ours, theirs = r["ours"], r["material"]
        query, browse = ours["first_query"], ours["browse"]
        lines.append(
            f"| {r['n']:,} | this site (Pagefind) | {ours['build']['total']:.0f} s "
            f"({ours['build']['search']:.0f} s) | {mb(ours['index_bytes'])} | "
            f"{query['seconds']:.2f} s | {kb(query['bytes'])} | {kb(browse['bytes'])} |"
        )
        their_query = theirs["first_query"]
        lines.append(
            f"| {r['n']:,} | Material built-in | {theirs['build']['total']:.0f} s | "
            f"{mb(theirs['index_bytes'])} | {their_query['seconds']:.2f} s | "
            f"{kb(their_query['bytes'])} | no facets |"
        )
    return "\n".join(lines)


def render_report(results: list[dict[str, Any]], meta: dict[str, Any]) -> str:
    notes = []
    for r in results:
        ours, theirs = r["ours"], r["material"]
        query, browse = ours["first_query"], ours["browse"]
        notes.append(
            f"- **{r['n']:,} items** ({ours['pages']:,} searchable pages with the framework "
            f"pages and guides). Home page alone: {kb(query['home_bytes'])} here, "
            f"{kb(theirs['first_query']['home_bytes'])} with Material's search (which fetches "
            f"its whole index as the page opens). The query itself: {kb(query['query_bytes'])}. "
            f"Of the totals, the site's `sitemap.xml` is {kb(query['sitemap_bytes'])} (see "
            "below). The facet browse (`" + r["browse_address"] + f"`: {browse['status']}) "
            f"showed its results in {browse['seconds']:.2f} s and loaded "
            f"{kb(browse['browse_index_bytes'])} of the browse index; the same browse through "
            f"Pagefind's filter-only search would receive "
            f"{kb(ours['pagefind_filter_only']['search_bytes'])} besides the page (Pagefind "
            f"loads every chunk of its word index, {mb(ours['word_index_bytes'])}, to search "
            "without words). The public catalogue (`search/catalogue.json`, which no page "
            f"loads) is {mb(ours['catalogue_bytes'])}."
        )
    return (
        "# Search benchmark\n\n"
        f"Measured {meta['date']} by `scripts/bench_search.py` on {meta['machine']} "
        f"(load average {meta['load']} when the measurements started: the machine is shared), "
        f'in headless Chromium {meta["chromium"]}. Query: "{QUERY}". Each figure is the '
        f"median of {RUNS} runs, each in a fresh browser context (nothing cached).\n\n"
        + render_table(results)
        + "\n\n"
        + "\n".join(notes)
        + "\n\n"
        "*Build*: the whole `lif build` (the strict mkdocs build, then the search step, shown "
        "apart) or, for Material, `mkdocs build` with its search plugin, from the same pages. "
        "*Index on disk*: Pagefind's bundle and the browse index, or Material's "
        "`search_index.json`. *First result*: from the first key press in the header's search "
        "box to the first result on screen. *Home page + first query*: every byte the server "
        "sent from opening the home page to the end of the query. *Facet browse*: opening the "
        "search page filtered by a theme and a year, without words, page included. The test "
        "server does not compress (Pagefind's own files are stored gzip-compressed).\n\n"
        'Material for MkDocs fetches a `sitemap.xml` beside every `<link rel="alternate">` of '
        "a page (it reads them as the page in other languages). The feeds therefore live in "
        "`feeds/`, beside an empty sitemap of their own, so that no page makes the browser "
        "download the site's sitemap, which grows with the library (857 KB at 5,000 items).\n"
    )


# --------------------------------------------------------------------------- main


def measure_size(n: int, work: Path, seed: int, reuse: bool, browser: Browser) -> dict[str, Any]:
    lib = library(work, n, seed)
    logs = work / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    ours_site, material_site = work / f"site-{n}", work / f"site-{n}-material"
    build_file = work / f"builds-{n}.json"
    if reuse and build_file.is_file() and ours_site.is_dir() and material_site.is_dir():
        builds = json.loads(build_file.read_text())
    else:
        print(f"[{n}] building this site ...", flush=True)
        ours_build = build_ours(lib, ours_site, logs)
        print(f"[{n}] building with Material's search ...", flush=True)
        material_build = build_material(lib, material_site, logs)
        builds = {"ours": ours_build, "material": material_build}
        build_file.write_text(json.dumps(builds))
    address, filters = browse_address(lib)
    search_bytes = sum(folder_bytes(ours_site / part)[0] for part in ("pagefind", "search/browse"))
    browse_facets = json.loads((ours_site / "search/browse/facets.json").read_text())
    result: dict[str, Any] = {
        "n": n,
        "browse_address": address,
        "ours": {
            "build": builds["ours"],
            "index_bytes": search_bytes,
            "word_index_bytes": folder_bytes(ours_site / "pagefind/index")[0],
            "catalogue_bytes": (ours_site / "search/catalogue.json").stat().st_size,
            "pages": browse_facets["count"],
        },
        "material": {
            "build": builds["material"],
            "index_bytes": (material_site / "search/search_index.json").stat().st_size,
        },
    }
    with served(ours_site) as server:
        print(f"[{n}] measuring this site ...", flush=True)
        result["ours"]["first_query"] = median_of(
            [first_query(browser, server, material=False) for _ in range(RUNS)]
        )
        result["ours"]["browse"] = median_of(
            [facet_browse(browser, server, address) for _ in range(RUNS)]
        )
        result["ours"]["pagefind_filter_only"] = pagefind_filter_only(browser, server, filters)
    with served(material_site) as server:
        print(f"[{n}] measuring Material's search ...", flush=True)
        result["material"]["first_query"] = median_of(
            [first_query(browser, server, material=True) for _ in range(RUNS)]
        )
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--work", type=Path, default=REPO / "benchmarks" / "work" / "search")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--reuse", action="store_true", help="measure existing builds again")
    parser.add_argument(
        "--render", action="store_true", help="only write search.md again from search.json"
    )
    args = parser.parse_args(argv)
    if args.render:
        saved = json.loads((args.out / "search.json").read_text(encoding="utf-8"))
        report = render_report(saved["results"], saved["meta"])
        (args.out / "search.md").write_text(report, encoding="utf-8")
        print(report)
        return 0
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} is missing: install Debian's chromium package")
    args.work.mkdir(parents=True, exist_ok=True)
    meta = {
        "date": dt.date.today().isoformat(),
        "machine": f"{os.cpu_count()} cores ({platform.machine()})",
        "load": " ".join(f"{x:.1f}" for x in os.getloadavg()),
    }
    results = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        meta["chromium"] = browser.version
        for n in args.sizes:
            results.append(measure_size(n, args.work, args.seed, args.reuse, browser))
        browser.close()
    report = render_report(results, meta)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "search.md").write_text(report, encoding="utf-8")
    (args.out / "search.json").write_text(
        json.dumps({"meta": meta, "results": results}, indent=2) + "\n", encoding="utf-8"
    )
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
