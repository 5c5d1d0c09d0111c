"""Search and faceted discovery: the catalogue, the search page, Pagefind's index and the
browse index.

Three steps, each a plain function, registered where the build looks for them:

1. :func:`write_catalogue` (an output writer) writes ``search/catalogue.json``: one compact record
   per public item (no bodies), with the labels of every facet value. It is the public,
   machine-readable list of the library, and it is what step 3 reads.
2. :func:`search_pages` (a page provider) generates the search page, ``search/``: the facets and
   their values with labels and counts, for the template ``lif/search.html`` to put beside the
   results.
3. :func:`index_site` (a post-build step) runs Pagefind over the built pages. It indexes only the
   pages' content (never the header, navigation or footer), from copies that carry each page's
   filters and result fields, so the pages themselves need no search markup. It then writes the
   browse index (``search/browse/``): a bitset per facet value and the results' fields in
   shards of ten.

The browser (``docs/assets/search.js``) loads Pagefind's index chunks only for the words typed.
Browsing by facet without words uses the browse index alone: Pagefind would load every chunk
of its word index to answer a search without words.
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .models import Brief, Item, Review
from .publication import publication_date
from .render import esc, fmt_date, page_front_matter

if TYPE_CHECKING:
    from .pages import GeneratedPage
    from .site import Site

#: Where the catalogue is written, under the site root.
CATALOGUE_PATH = "search/catalogue.json"

#: The catalogue's format; a consumer checks it before reading.
CATALOGUE_VERSION = 1

#: Where Pagefind's bundle is written, under the site root (the browser loads it from here).
BUNDLE_DIR = "pagefind"

#: Sections of the site, besides the items, whose pages are searchable: the framework in plain
#: language and the guides to each review type and methodology.
GUIDE_SECTIONS = ("framework", "review-types", "methodologies")

#: The kind given to the pages of :data:`GUIDE_SECTIONS`.
GUIDE_KIND = "framework"
GUIDE_KIND_LABEL = "Framework and guides"

#: Parts of a page's content that say nothing about its subject, left out of the index: the
#: content warning and disclaimer repeated on every item, "Link" buttons, learning-cycle step
#: names, heading anchors, and listings of other items (they belong to those items' pages).
EXCLUDED_SELECTORS = (
    ".lif-warning",
    ".lif-disclaimer",
    ".lif-permalink",
    ".lif-stages",
    ".headerlink",
    ".lif-cards",
    ".lif-listing",
    "nav",
    "form",
)

#: Pagefind's browser files that the site does not use (its ready-made interfaces).
UNUSED_BUNDLE_FILES = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)


# --------------------------------------------------------------------------- facets


@dataclass(frozen=True)
class Facet:
    """One way to narrow the results: its URL parameter, its name, and an item's values."""

    key: str
    label: str
    values: Callable[[Item], list[str]]


def _kind(item: Item) -> list[str]:
    return ["review"] if isinstance(item, Review) else [item.kind]


def _review_type(item: Item) -> list[str]:
    return [item.review_type] if isinstance(item, Review) else []


def _board(item: Item) -> list[str]:
    # A joint item is learning for each board: it is found under either, and under "joint".
    return ["children", "adults", "both"] if item.board == "both" else [item.board]


def _year(item: Item) -> list[str]:
    date = publication_date(item)
    return [str(date.year)] if date else []


def _themes(item: Item) -> list[str]:
    return list(item.themes)


def _methodology(item: Item) -> list[str]:
    return list(item.methodology) if isinstance(item, Review) else []


def _audience(item: Item) -> list[str]:
    return list(item.audience) if isinstance(item, Brief) else []


#: The facets, in the order the search page shows them. Each key is a URL parameter of the
#: search page (``search/?q=hoarding&type=safeguarding-adults-review&year=2024``) and a
#: Pagefind filter name. Values of one facet widen the results (any of them); facets narrow
#: them (all of them).
FACETS: tuple[Facet, ...] = (
    Facet("kind", "Kind", _kind),
    Facet("type", "Review type", _review_type),
    Facet("board", "Board", _board),
    Facet("year", "Year", _year),
    Facet("theme", "Theme", _themes),
    Facet("methodology", "Methodology", _methodology),
    Facet("audience", "Audience", _audience),
)

FACET_KEYS = tuple(f.key for f in FACETS)


def facet_labels(site: Site) -> dict[str, dict[str, str]]:
    """For each facet, its values in display order with their labels.

    Every value of the vocabularies is listed (a value without items gets a count of 0), years
    newest first from the items themselves.
    """
    vocab = site.vocab
    boards = {term.key: str(term.get("short") or term.label) for term in vocab.boards}
    years = sorted({y for item in site.public for y in _year(item)}, reverse=True)
    kinds = {"review": "Review"}
    kinds.update({term.key: term.label for term in vocab.kinds})
    kinds[GUIDE_KIND] = GUIDE_KIND_LABEL
    return {
        "kind": kinds,
        "type": {term.key: term.label for term in vocab.review_types},
        "board": boards,
        "year": {y: y for y in years},
        "theme": {term.key: term.label for term in vocab.themes},
        "methodology": {term.key: term.label for term in vocab.methodologies},
        "audience": {term.key: term.label for term in vocab["audience"]},
    }


def item_facets(item: Item) -> dict[str, list[str]]:
    """The facet values of one item (facets without a value are left out)."""
    out: dict[str, list[str]] = {}
    for facet in FACETS:
        values = list(dict.fromkeys(facet.values(item)))
        if values:
            out[facet.key] = values
    return out


def facet_counts(items: Iterable[Item]) -> dict[str, Counter[str]]:
    """How many of ``items`` have each value of each facet."""
    counts: dict[str, Counter[str]] = {f.key: Counter() for f in FACETS}
    for item in items:
        for key, values in item_facets(item).items():
            counts[key].update(values)
    return counts


# --------------------------------------------------------------------------- catalogue


def catalogue_record(item: Item) -> dict[str, Any]:
    """One item of the catalogue: what a result shows and what the facets need, no body.

    Facet values are keys; their labels are in the catalogue's ``facets`` list, once.
    """
    from .site import item_path

    date = publication_date(item)
    record: dict[str, Any] = {
        "id": item.id,
        "url": item_path(item),
        "title": item.title,
        "date": date.isoformat() if date else None,
        "summary": item.summary,
        "facets": item_facets(item),
    }
    if item.status == "withdrawn":
        record["withdrawn"] = True
    return record


def build_catalogue(site: Site) -> dict[str, Any]:
    """The catalogue of the public items, newest first, with the labels of the facets."""
    labels = facet_labels(site)
    return {
        "version": CATALOGUE_VERSION,
        "facets": [{"key": f.key, "label": f.label, "values": labels[f.key]} for f in FACETS],
        "items": [catalogue_record(item) for item in site.public],
    }


def render_catalogue(site: Site) -> str:
    """The catalogue as compact JSON (one item a line, so a diff between builds reads well)."""
    catalogue = build_catalogue(site)
    items = catalogue.pop("items")
    head = json.dumps(catalogue, ensure_ascii=False, separators=(",", ":"))
    lines = ",\n".join(json.dumps(i, ensure_ascii=False, separators=(",", ":")) for i in items)
    return head[:-1] + ',"items":[\n' + lines + "\n]}\n"


def write_catalogue(site: Site, site_dir: Path) -> None:
    """Output writer: ``search/catalogue.json`` in the built site."""
    path = site_dir / CATALOGUE_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_catalogue(site), encoding="utf-8")


# --------------------------------------------------------------------------- search page

#: The search page's template (in ``overrides/``): the search box, then this page's facets
#: beside the results.
SEARCH_TEMPLATE = "lif/search.html"


#: Facets shown unfolded on the search page (short lists); the others unfold when chosen.
OPEN_FACETS = frozenset({"kind", "board"})


def render_facets(site: Site) -> str:
    """The facet checkboxes, one foldable group per facet, with labels and counts over the items.

    The checkboxes belong to the search form (``form="lif-search-form"``), so their names and
    values make the search page's address; the browser script keeps the counts up to date.
    Values that no item has yet are left out, except the kind of the framework pages. Long
    groups start folded, so a keyboard reaches the results in a few steps.
    """
    counts = facet_counts(site.public)
    labels = facet_labels(site)
    groups = []
    for facet in FACETS:
        rows = []
        for value, label in labels[facet.key].items():
            count = counts[facet.key].get(value, 0)
            if count == 0 and value != GUIDE_KIND:
                continue
            shown = f"({count})" if value != GUIDE_KIND else ""
            rows.append(
                f'<li><label><input type="checkbox" form="lif-search-form" '
                f'name="{esc(facet.key)}" value="{esc(value)}"> '
                f'<span class="lif-facet__label">{esc(label)}</span> '
                f'<span class="lif-facet__count" data-lif-count>{shown}</span></label></li>'
            )
        if not rows:
            continue
        opened = " open" if facet.key in OPEN_FACETS else ""
        groups.append(
            f'<details class="lif-facet" data-lif-facet="{esc(facet.key)}"{opened}>'
            f'<summary>{esc(facet.label)} <span class="lif-facet__chosen" data-lif-chosen>'
            "</span></summary>"
            f'<fieldset><legend class="lif-visually-hidden">{esc(facet.label)}</legend>'
            f'<ul class="lif-facet__values">{"".join(rows)}</ul></fieldset></details>'
        )
    return '<div class="lif-facets__groups">\n' + "\n".join(groups) + "\n</div>\n"


def search_pages(site: Site) -> Iterable[GeneratedPage]:
    """Page provider: the search page at ``search/``."""
    from .pages import GeneratedPage

    meta = {
        "title": "Search",
        "description": "Search reviews, briefings and the framework, and narrow the results by "
        "kind, review type, board, year, theme, methodology and audience.",
        "template": SEARCH_TEMPLATE,
        "hide": ["toc", "navigation"],
    }
    yield GeneratedPage("search.md", page_front_matter(meta) + render_facets(site))


# --------------------------------------------------------------------------- the index

_ARTICLE = re.compile(r'<article\b[^>]*\bclass="[^"]*\bmd-content__inner\b[^"]*"[^>]*>')
_ARTICLE_TAG = re.compile(r"<(/?)article\b[^>]*>", re.IGNORECASE)
_DESCRIPTION = re.compile(r'<meta\s+name="description"\s+content="([^"]*)"', re.IGNORECASE)


def extract_content(page_html: str) -> str | None:
    """The content of a built page (the theme's ``md-content__inner`` article), or None.

    Everything outside it (header, navigation, table of contents, footer) stays out.
    """
    start = _ARTICLE.search(page_html)
    if start is None:
        return None
    depth = 1
    for tag in _ARTICLE_TAG.finditer(page_html, start.end()):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return page_html[start.end() : tag.start()]
    return None


_BLOCK_END = re.compile(r"(</(?:p|li|dt|dd|td|th|h[1-6]|div|section|aside|summary|figcaption)>)")


def separate_blocks(content: str) -> str:
    """``content`` with a space before each block's end tag, so that the text of adjacent
    blocks (a term and its definition, two table cells) is not read as one word."""
    return _BLOCK_END.sub(r" \1", content)


def page_description(page_html: str) -> str | None:
    """The page's description (its ``<meta name="description">``), as text."""
    from html import unescape

    found = _DESCRIPTION.search(page_html)
    if found is None:
        return None
    return unescape(found.group(1)).strip() or None


@dataclass(frozen=True)
class SearchRecord:
    """One searchable page: what its result shows and the facet values it is found under."""

    url: str
    title: str
    kind: str
    type: str
    date: str
    summary: str
    facets: Mapping[str, Sequence[str]]

    def meta(self) -> dict[str, str]:
        """The fields a result shows (Pagefind's "meta"), without the empty ones."""
        fields = {
            "title": self.title,
            "kind": self.kind,
            "type": self.type,
            "date": self.date,
            "summary": self.summary,
        }
        return {key: value for key, value in fields.items() if value}


def item_record(entry: Mapping[str, Any], labels: Mapping[str, Mapping[str, str]]) -> SearchRecord:
    """The search record of a catalogue item; ``labels`` are the catalogue's facet labels."""
    date = entry.get("date")
    facets = entry["facets"]
    kind = facets["kind"][0]
    types = facets.get("type") or []
    return SearchRecord(
        url=str(entry["url"]),
        title=str(entry["title"]),
        kind=labels["kind"].get(kind, kind),
        type=labels["type"].get(types[0], types[0]) if types else "",
        date=fmt_date(dt.date.fromisoformat(date)) if date else "",
        summary=str(entry["summary"]),
        facets=facets,
    )


def catalogue_labels(catalogue: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """The labels of the facet values of a catalogue, by facet."""
    labels: dict[str, dict[str, str]] = {key: {} for key in FACET_KEYS}
    for facet in catalogue["facets"]:
        labels[facet["key"]] = dict(facet["values"])
    return labels


_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.IGNORECASE | re.DOTALL)
_TITLE = re.compile(r"<title>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def page_title(page_html: str, content: str) -> str:
    """A page's title as text: its first heading, else its ``<title>`` up to the site name."""
    from html import unescape

    found = _H1.search(content)
    if found:
        return " ".join(unescape(_TAG.sub("", found.group(1))).split())
    found = _TITLE.search(page_html)
    title = unescape(found.group(1)).rsplit(" - ", 1)[0] if found else ""
    return " ".join(title.split())


def guide_record(url: str, page_html: str, content: str) -> SearchRecord:
    """The search record of a framework page or guide."""
    return SearchRecord(
        url=url,
        title=page_title(page_html, content),
        kind=GUIDE_KIND_LABEL,
        type="",
        date="",
        summary=page_description(page_html) or "",
        facets={"kind": [GUIDE_KIND]},
    )


def search_document(record: SearchRecord, content: str) -> str:
    """A page for Pagefind: ``content`` plus hidden elements carrying the record's result
    fields (Pagefind's meta) and facet values (its filters), which are not indexed as words."""
    tags = [
        f'<span data-pagefind-meta="{esc(key)}">{esc(value)}</span>'
        for key, value in record.meta().items()
    ]
    tags += [
        f'<span data-pagefind-filter="{esc(key)}">{esc(value)}</span>'
        for key, values in record.facets.items()
        for value in values
    ]
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"></head>\n'
        f"<body><main data-pagefind-body>\n<div data-pagefind-ignore hidden>{''.join(tags)}</div>\n"
        f"{separate_blocks(content)}\n</main></body></html>\n"
    )


class SearchIndexError(Exception):
    """The search index could not be built; the message says why and what to do."""


def load_catalogue(site_dir: Path) -> dict[str, Any]:
    """The catalogue the build wrote into ``site_dir``; a clear error if it is missing."""
    path = site_dir / CATALOGUE_PATH
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SearchIndexError(
            f"{path} is missing: the build writes it (lif.search.write_catalogue in "
            "lif.outputs.WRITERS); is macros/hooks.py listed under 'hooks' in mkdocs.yml?"
        ) from None
    except json.JSONDecodeError as exc:
        raise SearchIndexError(f"{path} is not valid JSON ({exc})") from None
    if not isinstance(data, dict) or data.get("version") != CATALOGUE_VERSION:
        raise SearchIndexError(
            f"{path} is not a version {CATALOGUE_VERSION} catalogue: rebuild the site"
        )
    return data


def prepare_documents(site_dir: Path, out_dir: Path) -> list[SearchRecord]:
    """Write the pages Pagefind indexes into ``out_dir``, at the same paths as in the site.

    Returns their records: the items newest first, then the guides. An item whose page is
    missing is an error: the catalogue and the pages come from the same build.
    """
    records: list[SearchRecord] = []
    catalogue = load_catalogue(site_dir)
    labels = catalogue_labels(catalogue)
    for entry in catalogue["items"]:
        page = site_dir / entry["url"] / "index.html"
        try:
            page_html = page.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise SearchIndexError(
                f"the catalogue lists {entry['id']} but {page} does not exist: rebuild the site"
            ) from None
        content = extract_content(page_html)
        if content is None:
            raise SearchIndexError(f"{page} has no content article: is the theme Material?")
        record = item_record(entry, labels)
        _write(out_dir / record.url / "index.html", search_document(record, content))
        records.append(record)
    for section in GUIDE_SECTIONS:
        for page in sorted((site_dir / section).rglob("index.html")):
            page_html = page.read_text(encoding="utf-8")
            content = extract_content(page_html)
            if content is None:
                continue
            url = page.parent.relative_to(site_dir).as_posix() + "/"
            record = guide_record(url, page_html, content)
            _write(out_dir / url / "index.html", search_document(record, content))
            records.append(record)
    return records


# --------------------------------------------------------------------------- browsing

#: Where the browse index is written, under the site root: ``facets.json`` and the shards.
BROWSE_DIR = "search/browse"

#: Records per shard: a browse loads only the shards that hold the results it shows.
SHARD_SIZE = 10

#: The browse index's format; the browser script checks it.
BROWSE_VERSION = 1


def encode_bitset(positions: Iterable[int], size: int) -> str:
    """Positions (0 to size-1) as a bitset: bit ``i % 8`` of byte ``i // 8``, in base64."""
    data = bytearray((size + 7) // 8)
    for i in positions:
        data[i // 8] |= 1 << (i % 8)
    return base64.b64encode(bytes(data)).decode("ascii")


def build_browse_index(records: Sequence[SearchRecord]) -> dict[str, Any]:
    """For each facet value, the records that have it, as a bitset over ``records``."""
    positions: dict[str, dict[str, list[int]]] = {}
    for index, record in enumerate(records):
        for key, values in record.facets.items():
            for value in values:
                positions.setdefault(key, {}).setdefault(value, []).append(index)
    return {
        "version": BROWSE_VERSION,
        "count": len(records),
        "shard": SHARD_SIZE,
        "facets": {
            key: {value: encode_bitset(found, len(records)) for value, found in values.items()}
            for key, values in positions.items()
        },
    }


def browse_shard(records: Sequence[SearchRecord]) -> list[list[str]]:
    """Records as rows: address (from the site root), title, kind, type, date, summary."""
    return [[r.url, r.title, r.kind, r.type, r.date, r.summary] for r in records]


def write_browse_index(site_dir: Path, records: Sequence[SearchRecord]) -> None:
    """Write ``facets.json`` and one ``<n>.json`` per :data:`SHARD_SIZE` records.

    Browsing by facet without words uses these alone: it counts and picks records from the
    bitsets, then loads only the shards of the results it shows (never the word index).
    """
    folder = site_dir / BROWSE_DIR
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    (folder / "facets.json").write_text(_compact(build_browse_index(records)), encoding="utf-8")
    for number, start in enumerate(range(0, len(records), SHARD_SIZE)):
        shard = browse_shard(records[start : start + SHARD_SIZE])
        (folder / f"{number}.json").write_text(_compact(shard), encoding="utf-8")


def _compact(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def pagefind_command(documents: Path, output: Path) -> list[str]:
    """The Pagefind command line that indexes ``documents`` into ``output``."""
    return [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(documents),
        "--output-path",
        str(output),
        "--exclude-selectors",
        ", ".join(EXCLUDED_SELECTORS),
        "--force-language",
        "en",
        "--quiet",
    ]


def index_site(site_dir: Path) -> None:
    """Post-build step: index the built site's items and guides into ``site_dir/pagefind``."""
    site_dir = Path(site_dir)
    output = site_dir / BUNDLE_DIR
    with tempfile.TemporaryDirectory(prefix="lif-search-") as temp:
        documents = Path(temp)
        records = prepare_documents(site_dir, documents)
        if output.exists():
            shutil.rmtree(output)
        if not records:
            # Nothing to search yet (Pagefind refuses an empty site): browsing shows no results.
            write_browse_index(site_dir, records)
            return
        result = subprocess.run(
            pagefind_command(documents, output),
            capture_output=True,
            text=True,
            check=False,
        )
    if result.returncode != 0:
        lines = [line for line in (result.stderr + result.stdout).splitlines() if line.strip()]
        detail = " / ".join(lines[-2:]) or "no message"
        raise SearchIndexError(
            f"Pagefind failed (status {result.returncode}): {detail}. "
            "Is the 'pagefind[bin]' package installed in this environment?"
        )
    for name in UNUSED_BUNDLE_FILES:
        (output / name).unlink(missing_ok=True)
    write_browse_index(site_dir, records)


#: Pagefind's files are gzip-compressed and, once decompressed, start with this signature.
BUNDLE_SIGNATURE = b"pagefind_dcd"


def read_bundle_file(path: Path) -> bytes:
    """The content of one of Pagefind's index files (decompressed, signature removed)."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data.removeprefix(BUNDLE_SIGNATURE)


def indexed_pages(site_dir: Path) -> list[dict[str, Any]]:
    """Every page in the built site's search index, as Pagefind stores it (``url``,
    ``content``, ``meta``, ``filters``), sorted by address."""
    fragments = (Path(site_dir) / BUNDLE_DIR / "fragment").glob("*.pf_fragment")
    pages = [json.loads(read_bundle_file(path)) for path in fragments]
    return sorted(pages, key=lambda page: str(page.get("url")))
