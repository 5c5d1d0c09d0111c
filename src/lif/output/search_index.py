"""The search index: Pagefind over the built pages, and the small browse index for facets."""

from __future__ import annotations

import base64
import gzip
import json
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Sequence
from html.parser import HTMLParser
from itertools import accumulate
from pathlib import Path
from typing import Any, Self

from lif.index.catalogue import (
    CATALOGUE_PATH,
    CATALOGUE_VERSION,
    GUIDE_KIND,
    GUIDE_KIND_LABEL,
    GUIDE_SECTIONS,
    SearchRecord,
    build_catalogue,
    catalogue_labels,
    item_record,
)
from lif.index.site import Site
from lif.model.characters import plain
from lif.output.files import confined, make_folder, page_file, remove_folder, write_page, write_text
from lif.render.templating import render_template, trusted_html

#: Where Pagefind's bundle is written, under the site root (the browser loads it from here).
BUNDLE_DIR = "pagefind"


#: Parts of a page's content that say nothing about its subject, left out of the index: the
#: content warning and disclaimer repeated on every item, "Link" buttons, learning-cycle step
#: names, heading anchors, and listings of other items (they belong to those items' pages); the
#: catalogue record (its labels, "Review type", "Board", are page furniture, and its values are
#: the search page's filters) and a recommendation's facts line ("Lead: ... · Due: ..."), the
#: route to a briefing, print buttons and the printed address. Snippets of results then come
#: from the content only.
EXCLUDED_SELECTORS = (
    ".lif-warning",
    ".lif-disclaimer",
    ".lif-catalogue",
    ".lif-facts",
    ".lif-callout",
    ".lif-print-actions",
    ".lif-print-source",
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


def render_catalogue(site: Site) -> str:
    """The catalogue as compact JSON (one item a line, so a diff between builds reads well)."""
    catalogue = build_catalogue(site)
    items = catalogue.pop("items")
    head = json.dumps(catalogue, ensure_ascii=False, separators=(",", ":"))
    lines = ",\n".join(json.dumps(i, ensure_ascii=False, separators=(",", ":")) for i in items)
    return head[:-1] + ',"items":[\n' + lines + "\n]}\n"


def write_catalogue(site: Site, site_dir: Path) -> None:
    """Output writer: ``search/catalogue.json`` in the built site."""
    write_text(site_dir, CATALOGUE_PATH, render_catalogue(site))


class _Reader(HTMLParser):
    """An HTML parser that knows where in the text each tag it reports starts.

    :meth:`read` parses a whole text and returns the parser; a subclass that has found what it
    wants raises :class:`_Found` to stop early.
    """

    def __init__(self, *, text: bool = False) -> None:
        # A reader that does not read text leaves character references alone (faster).
        super().__init__(convert_charrefs=text)
        self._line_starts = [0]

    def read(self, text: str) -> Self:
        self._line_starts = [0, *accumulate(len(line) + 1 for line in text.split("\n"))]
        try:
            self.feed(text)
            self.close()
        except _Found:
            pass
        return self

    def position(self) -> int:
        """Where in the text the tag being reported starts."""
        line, column = self.getpos()
        return self._line_starts[line - 1] + column


class _Found(Exception):
    """Raised by a reader that has what it was looking for."""


class _ContentArticle(_Reader):
    """Finds the theme's ``md-content__inner`` article: where its content starts and ends."""

    def __init__(self) -> None:
        super().__init__()
        self.start: int | None = None
        self.end: int | None = None
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "article":
            return
        if self.start is not None:
            self._depth += 1
        elif "md-content__inner" in (dict(attrs).get("class") or "").split():
            self.start = self.position() + len(self.get_starttag_text() or "")
            self._depth = 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "article" and self.start is not None:
            self._depth -= 1
            if self._depth == 0:
                self.end = self.position()
                raise _Found


def extract_content(page_html: str) -> str | None:
    """The content of a built page (the theme's ``md-content__inner`` article), or None.

    Everything outside it (header, navigation, table of contents, footer) stays out. Returns
    the article's inner HTML as it is in the page, or None if the page has no such article
    or it is not closed.
    """
    # The parser starts at the article's own tag when the class name shows where it is, so the
    # header and navigation before it (most of a page) are not parsed; else it reads it all.
    marker = page_html.find("md-content__inner")
    begin = page_html.rfind("<article", 0, marker) if marker != -1 else -1
    for text in ([page_html[begin:]] if begin != -1 else []) + [page_html]:
        article = _ContentArticle().read(text)
        if article.start is not None and article.end is not None:
            return text[article.start : article.end]
    return None


#: Elements whose end closes a block of text: a term and its definition, two table cells.
BLOCK_ELEMENTS = frozenset(
    {"p", "li", "dt", "dd", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6"}
    | {"div", "section", "aside", "summary", "figcaption"}
)


class _BlockEnds(_Reader):
    """Finds where the end tag of each block element starts."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[int] = []

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCK_ELEMENTS:
            self.found.append(self.position())


def separate_blocks(content: str) -> str:
    """``content`` with a space before each block's end tag, so that the text of adjacent
    blocks (a term and its definition, two table cells) is not read as one word."""
    parts, last = [], 0
    for at in _BlockEnds().read(content).found:
        parts += [content[last:at], " "]
        last = at
    return "".join(parts) + content[last:]


class _Description(_Reader):
    """Finds the page's ``<meta name="description">`` and reads its content as text."""

    def __init__(self) -> None:
        super().__init__()
        self.text: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "meta" and (values.get("name") or "").lower() == "description":
            self.text = values.get("content") or ""
            raise _Found


def page_description(page_html: str) -> str | None:
    """The page's description (its ``<meta name="description">``), as text; None if it has
    none or it is empty."""
    return (_Description().read(page_html).text or "").strip() or None


class _ElementText(_Reader):
    """Reads the text of the first element with the given name (its descendants' too); the
    text is None unless the element is there and closed."""

    def __init__(self, name: str) -> None:
        super().__init__(text=True)
        self.name = name
        self.text: str | None = None
        self._read: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == self.name and self._read is None:
            self._read = []

    def handle_data(self, data: str) -> None:
        if self._read is not None:
            self._read.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == self.name and self._read is not None:
            self.text = "".join(self._read)
            raise _Found


def page_title(page_html: str, content: str) -> str:
    """A page's title as text: its first heading, else its ``<title>`` up to the site name
    (Material writes "Page - Site"); empty if it has neither."""
    heading = _ElementText("h1").read(content).text
    if heading is not None:
        return " ".join(heading.split())
    title = _ElementText("title").read(page_html).text or ""
    return " ".join(title.rsplit(" - ", 1)[0].split())


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
    fields (Pagefind's meta) and facet values (its filters), which are not indexed as words.

    ``content`` is the content article of a page of the built site (see
    :func:`extract_content`). Returns the document from ``search/document.html``.
    """
    return render_template(
        "search/document.html",
        meta=list(record.meta().items()),
        filters=[(key, value) for key, values in record.facets.items() for value in values],
        # The built site's own page, made by this library's build.
        # Pasted spaces, invisible characters and Unicode hyphens are indexed as the ordinary
        # characters they stand for (the page keeps them as written).
        content=trusted_html(plain(separate_blocks(content)).replace("&nbsp;", " ")),
    )


class SearchIndexError(Exception):
    """The search index could not be built; the message says why and what to do."""


def load_catalogue(site_dir: Path) -> dict[str, Any]:
    """The catalogue the build wrote into ``site_dir``. Raises :class:`SearchIndexError`, saying
    what to do, if it is missing, not JSON or not of :data:`CATALOGUE_VERSION`."""
    path = confined(site_dir, CATALOGUE_PATH)
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
    missing is an error (:class:`SearchIndexError`): the catalogue and the pages come from the
    same build.
    """
    records: list[SearchRecord] = []
    catalogue = load_catalogue(site_dir)
    labels = catalogue_labels(catalogue)
    for entry in catalogue["items"]:
        page = page_file(site_dir, entry["url"])
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
        write_page(out_dir, record.url, search_document(record, content))
        records.append(record)
    for section in GUIDE_SECTIONS:
        for page in sorted((site_dir / section).rglob("index.html")):
            page_html = page.read_text(encoding="utf-8")
            content = extract_content(page_html)
            if content is None:
                continue
            url = page.parent.relative_to(site_dir).as_posix() + "/"
            record = guide_record(url, page_html, content)
            write_page(out_dir, url, search_document(record, content))
            records.append(record)
    return records


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
    make_folder(remove_folder(site_dir, BROWSE_DIR))
    write_text(site_dir, f"{BROWSE_DIR}/facets.json", _compact(build_browse_index(records)))
    for number, start in enumerate(range(0, len(records), SHARD_SIZE)):
        shard = browse_shard(records[start : start + SHARD_SIZE])
        write_text(site_dir, f"{BROWSE_DIR}/{number}.json", _compact(shard))


def _compact(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


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


def index_site(site_dir: Path) -> int:
    """Post-build step: index the built site's items and guides into ``site_dir/pagefind``.

    Returns how many pages were indexed; raises :class:`SearchIndexError` if it cannot index.
    """
    site_dir = Path(site_dir)
    output = confined(site_dir, BUNDLE_DIR)
    with tempfile.TemporaryDirectory(prefix="lif-search-") as temp:
        documents = Path(temp)
        records = prepare_documents(site_dir, documents)
        remove_folder(site_dir, BUNDLE_DIR)
        if not records:
            # Nothing to search yet (Pagefind refuses an empty site): browsing shows no results.
            write_browse_index(site_dir, records)
            return 0
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
    return len(records)


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
