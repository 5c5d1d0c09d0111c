"""Build the site with ProperDocs and check it makes the same pages as the mkdocs build.

mkdocs 1.6.1 is the last 1.x release; ProperDocs is its maintained continuation. This check keeps
the move open: it makes an environment of its own (``.venv-properdocs``) holding ProperDocs, the
same theme and plugins at the same versions and the ``lif`` library, but not mkdocs itself (the
theme and plugins are installed without their dependency on mkdocs; ProperDocs answers their
``import mkdocs``). It builds the example site there with ``lif build --generator properdocs`` and
here with mkdocs, and compares the two outputs: the same files, and the same title on every page.
A generator that silently dropped the mounted reviews and briefs would fail it.

    .venv/bin/python scripts/properdocs_check.py     # exit status 1 on any difference

Set ``PROPERDOCS_VENV`` to use another folder for the environment.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TODAY = "2026-11-26"

#: The generator's theme and plugins, installed at the versions this environment has.
PLUGINS = (
    "mkdocs-material",
    "mkdocs-material-extensions",
    "mkdocs-macros-plugin",
)

#: Files that name their generator, or record the build's time, and so differ by design; and
#: Pagefind's filter and meta files, whose names hash contents that differ from run to run.
GENERATOR_FILES = re.compile(r"^(?:sitemap\.xml(?:\.gz)?|pagefind/.*\.pf_(?:filter|meta))$")

_TITLE = re.compile(r"<title>(.*?)</title>", re.DOTALL)


def requirements(dist: str) -> list[str]:
    """The requirements of an installed distribution, without extras or mkdocs itself."""
    out = []
    for requirement in metadata.requires(dist) or []:
        if ";" in requirement and "extra ==" in requirement:
            continue
        name = re.split(r"[\s<>=!~;\[]", requirement, maxsplit=1)[0]
        if name.lower().replace("_", "-") == "mkdocs":
            continue
        out.append(requirement.split(";")[0].strip())
    return out


def pinned(dist: str) -> str:
    return f"{dist}=={metadata.version(dist)}"


def run(command: list[str], **kwargs: object) -> None:
    print("+ " + " ".join(command), flush=True)
    subprocess.run(command, check=True, **kwargs)  # type: ignore[call-overload]


def make_environment(venv: Path) -> Path:
    """The ProperDocs environment (created on first use, updated after); its Python."""
    python = venv / "bin" / "python"
    if not python.exists():
        run([sys.executable, "-m", "venv", str(venv)])
    pip = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    project = [
        r
        for r in requirements("lif-learning-hub")
        if not r.lower().startswith(("mkdocs", "properdocs"))
    ]
    plugin_deps = sorted({r for dist in PLUGINS for r in requirements(dist)})
    run([*pip, pinned("properdocs"), *project, *plugin_deps])
    run([*pip, "--no-deps", *(pinned(d) for d in PLUGINS)])
    run([*pip, "--no-deps", "-e", str(REPO)])
    found = subprocess.run(
        [str(python), "-m", "pip", "show", "-q", "mkdocs"], capture_output=True, check=False
    )
    if found.returncode == 0:
        raise SystemExit(f"{venv} holds mkdocs itself: remove the folder and run again")
    return python


def build(python: Path, generator: str, site_dir: Path) -> None:
    env = dict(os.environ, LIF_TODAY=TODAY, DISABLE_MKDOCS_2_WARNING="true")
    env["NO_MKDOCS_2_WARNING"] = "1"
    command = [
        str(python),
        "-m",
        "lif.cli",
        "build",
        "--root",
        str(REPO),
        "--site-dir",
        str(site_dir),
    ]
    result = subprocess.run(
        [*command, "--generator", generator],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(
            f"the {generator} build failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
        )


def outputs(site_dir: Path) -> dict[str, str]:
    """Every file of a built site, with the title of each page (empty for other files)."""
    out = {}
    for path in site_dir.rglob("*"):
        rel = path.relative_to(site_dir).as_posix()
        if not path.is_file() or GENERATOR_FILES.match(rel):
            continue
        title = ""
        if path.suffix == ".html":
            found = _TITLE.search(path.read_text(encoding="utf-8"))
            title = found.group(1).strip() if found else ""
        out[rel] = title
    return out


def compare(mkdocs_site: Path, properdocs_site: Path) -> list[str]:
    """The differences between the two builds, one line each."""
    a, b = outputs(mkdocs_site), outputs(properdocs_site)
    problems = [f"only in the mkdocs build: {p}" for p in sorted(a.keys() - b.keys())]
    problems += [f"only in the ProperDocs build: {p}" for p in sorted(b.keys() - a.keys())]
    problems += [
        f"{p}: title {a[p]!r} with mkdocs, {b[p]!r} with ProperDocs"
        for p in sorted(a.keys() & b.keys())
        if a[p] != b[p]
    ]
    pages = [p for p in a if p.endswith(".html")]
    items = [p for p in pages if p.startswith(("reviews/", "briefs/"))]
    if not items:
        problems.append("the mkdocs build has no review or brief pages: nothing was mounted")
    print(f"compared {len(a)} files ({len(pages)} pages, {len(items)} under reviews/ and briefs/)")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default_venv = Path(os.environ.get("PROPERDOCS_VENV", REPO / ".venv-properdocs"))
    parser.add_argument("--venv", type=Path, default=default_venv)
    args = parser.parse_args(argv)
    python = make_environment(args.venv.resolve())
    with tempfile.TemporaryDirectory(prefix="lif-generators-") as tmp:
        mkdocs_site, properdocs_site = Path(tmp) / "mkdocs", Path(tmp) / "properdocs"
        build(Path(sys.executable), "mkdocs", mkdocs_site)
        build(python, "properdocs", properdocs_site)
        problems = compare(mkdocs_site, properdocs_site)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"properdocs check: {len(problems)} difference(s)", file=sys.stderr)
        return 1
    print("properdocs check: ProperDocs builds the same pages as mkdocs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
