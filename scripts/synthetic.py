"""A synthetic library for benchmarks: the example content cloned to any number of items.

``make_library(src_root, dest_root, n, seed)`` copies a project's data, glue, templates and pages
to ``dest_root`` and writes ``n`` public items cloned from the project's public reviews and
briefs. Each clone gets a new id, a new title, its dates moved back by a random number of days
(all of an item's dates together, so their order still holds), a new set of themes (and, for a
brief, of audiences) and a paragraph of made-up words, so that the search index grows the way a
real library's does. Cross-references (a brief's reviews, related items, disseminated
recommendations) point at the clones made in the same round. The result passes ``lif check``
whenever the source does.

Run on its own: ``python scripts/synthetic.py --n 1000 --dest /tmp/lib``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from lif.index.site import load_site
from lif.model.paths import COLLECTION_PATHS

#: What a project needs besides its content (the same parts the tests copy).
PROJECT_PARTS = ("data", "macros", "overrides", "docs", "mkdocs.yml")

#: No clone is dated before this day.
EARLIEST = dt.date(2012, 1, 1)

_SYLLABLES = (
    "ash",
    "bar",
    "bel",
    "bro",
    "cal",
    "cor",
    "dal",
    "den",
    "fen",
    "gar",
    "hal",
    "har",
    "kel",
    "lan",
    "mar",
    "mel",
    "nor",
    "pen",
    "ral",
    "ros",
    "sal",
    "tan",
    "ter",
    "val",
    "wen",
    "wil",
    "york",
    "ton",
    "ley",
    "by",
    "ford",
    "field",
    "ham",
    "stow",
    "wick",
    "worth",
    "mere",
    "dale",
)


@dataclass(frozen=True)
class _Source:
    """One public item of the source project, as raw front matter and body."""

    id: str
    collection: str
    meta: dict[str, Any]
    body: str
    refs: frozenset[str]


def _split(text: str, path: Path) -> tuple[dict[str, Any], str]:
    if not text.startswith("---"):
        raise ValueError(f"{path}: no front matter")
    _, front, body = text.split("---\n", 2)
    meta = yaml.safe_load(front)
    if not isinstance(meta, dict):
        raise ValueError(f"{path}: front matter is not a mapping")
    return meta, body


def _references(meta: dict[str, Any]) -> frozenset[str]:
    """Ids that an item must have beside it (a brief's source reviews and disseminations)."""
    refs = set(meta.get("reviews") or [])
    refs.update(str(d).partition("#")[0] for d in meta.get("disseminates") or [])
    return frozenset(refs)


def load_sources(src_root: Path) -> list[_Source]:
    """The public items of ``src_root``, reviews before briefs, oldest first."""
    site = load_site(src_root)
    if site.errors:
        first = site.errors[0].format()
        raise SystemExit(f"the source content has {len(site.errors)} error(s), first: {first}")
    sources = []
    for item in sorted(site.public, key=lambda i: (i.collection != "review", i.id)):
        meta, body = _split(
            (site.root / site.source_path(item)).read_text(encoding="utf-8"),
            Path(site.source_path(item)),
        )
        sources.append(_Source(item.id, item.collection, meta, body, _references(meta)))
    if not sources:
        raise SystemExit(f"{src_root} has no public reviews or briefs to clone")
    return sources


def _shift_dates(value: Any, offset: dt.timedelta) -> Any:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value + offset
    if isinstance(value, dict):
        return {k: _shift_dates(v, offset) for k, v in value.items()}
    if isinstance(value, list):
        return [_shift_dates(v, offset) for v in value]
    return value


def _made_up_word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3)))


def _variation(rng: random.Random) -> str:
    words = [_made_up_word(rng) for _ in range(8)]
    return (
        "\n\nPlaces and services named in this review: "
        + ", ".join(w.capitalize() for w in words)
        + ".\n"
    )


def clone(
    source: _Source,
    new_id: str,
    rename: dict[str, str],
    rng: random.Random,
    vocab: dict[str, list[str]],
    number: int,
) -> tuple[dict[str, Any], str]:
    """The front matter and body of one clone of ``source``."""
    meta = dict(source.meta)
    start = meta.get("published") or meta.get("publish_on")
    if isinstance(start, dt.date):
        back = rng.randint(0, max(0, (start - EARLIEST).days))
        meta = _shift_dates(meta, dt.timedelta(days=-back))
    meta["id"] = new_id
    meta["title"] = f"{source.meta['title']} (synthetic {number})"
    meta["themes"] = rng.sample(vocab["themes"], k=rng.randint(1, min(4, len(vocab["themes"]))))
    if source.collection == "brief" and vocab["audience"]:
        meta["audience"] = rng.sample(vocab["audience"], k=rng.randint(1, 2))
    if meta.get("reviews"):
        meta["reviews"] = [rename[r] for r in meta["reviews"]]
    if meta.get("disseminates"):
        meta["disseminates"] = [
            rename[r.partition("#")[0]] + r.partition("#")[1] + r.partition("#")[2]
            for r in meta["disseminates"]
        ]
    if meta.get("related"):
        kept = [rename[r] for r in meta["related"] if r in rename]
        if kept:
            meta["related"] = kept
        else:
            del meta["related"]
    body = source.body
    if source.collection == "review":
        body = body.rstrip("\n") + _variation(rng)
    return meta, body


def copy_project(src_root: Path, dest_root: Path) -> None:
    """Copy everything but the content: data, glue, templates, pages and the configuration."""
    dest_root.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = src_root / part
        dest = dest_root / part
        if src.is_dir():
            shutil.copytree(src, dest, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.exists():
            shutil.copy2(src, dest)


def make_library(src_root: Path | str, dest_root: Path | str, n: int, seed: int = 0) -> list[str]:
    """Write a project at ``dest_root`` holding ``n`` public items cloned from ``src_root``.

    ``dest_root`` must not exist yet. Returns the ids written, in the order written. The same
    ``seed`` gives the same library.
    """
    src_root, dest_root = Path(src_root).resolve(), Path(dest_root)
    if n < 1:
        raise ValueError("n must be at least 1")
    if dest_root.exists():
        raise FileExistsError(f"{dest_root} exists: choose a new folder")
    sources = load_sources(src_root)
    site_vocab = load_site(src_root).vocab
    vocab = {
        "themes": site_vocab.themes.keys(),
        "audience": site_vocab["audience"].keys(),
    }
    rng = random.Random(seed)
    copy_project(src_root, dest_root)
    for folder in COLLECTION_PATHS.values():
        (dest_root / folder / "synthetic").mkdir(parents=True, exist_ok=True)
    written: list[str] = []
    round_number = 0
    while len(written) < n:
        round_number += 1
        rename: dict[str, str] = {}
        made_this_round = 0
        for source in sources:
            if len(written) >= n:
                break
            if not all(ref in rename for ref in source.refs):
                continue
            new_id = f"{source.id}-s{round_number:05d}"
            rename[source.id] = new_id
            meta, body = clone(source, new_id, rename, rng, vocab, len(written) + 1)
            front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True)
            folder = COLLECTION_PATHS[source.collection]
            path = dest_root / folder / "synthetic" / f"{new_id}.md"
            path.write_text(f"---\n{front}---\n{body}", encoding="utf-8")
            written.append(new_id)
            made_this_round += 1
        if made_this_round == 0:
            raise RuntimeError("no item could be cloned: every item refers to a missing one")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--src", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--dest", type=Path, required=True)
    parser.add_argument("--n", type=int, required=True)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    ids = make_library(args.src, args.dest, args.n, args.seed)
    print(f"wrote {len(ids)} items to {args.dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
