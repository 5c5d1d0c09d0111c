"""The search index: Pagefind over the built pages, and the small browse index for facets."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from itertools import accumulate
from pathlib import Path, PurePosixPath
from typing import Any, Self

import cbor2

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
from lif.output.files import (
    confined,
    make_folder,
    page_file,
    remove_folder,
    write_bytes,
    write_text,
)
from lif.output.pagefind_service import PagefindError, PagefindService
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


def site_catalogue(site: Site) -> dict[str, Any]:
    """The site's catalogue (:func:`lif.index.catalogue.build_catalogue`), computed once per
    site: the search index and ``search/catalogue.json`` read the same one. Not to be changed."""
    return site.cached("search catalogue", lambda: build_catalogue(site))


def render_catalogue(site: Site) -> str:
    """The catalogue as compact JSON (one item a line, so a diff between builds reads well)."""
    catalogue = dict(site_catalogue(site))
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


#: An article's start or end tag (group 1 is "/" for an end tag).
_ARTICLE_TAG = re.compile(r"<(/?)article\b[^>]*>", re.IGNORECASE)


def _content_article(page_html: str) -> str | None:
    """The inner HTML of the ``md-content__inner`` article found by its tags alone: the start
    tag that carries the class, then the end tag that closes it (counting articles inside it).
    None if the class is not in an article's start tag or the article is not closed."""
    marker = page_html.find("md-content__inner")
    begin = page_html.rfind("<article", 0, marker) if marker != -1 else -1
    opening = _ARTICLE_TAG.match(page_html, begin) if begin != -1 else None
    if opening is None or opening.end() <= marker:
        return None
    depth = 1
    for tag in _ARTICLE_TAG.finditer(page_html, opening.end()):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return page_html[opening.end() : tag.start()]
    return None


def extract_content(page_html: str) -> str | None:
    """The content of a built page (the theme's ``md-content__inner`` article), or None.

    Everything outside it (header, navigation, table of contents, footer) stays out. Returns
    the article's inner HTML as it is in the page, or None if the page has no such article
    or it is not closed.
    """
    # The theme writes the article's start tag with the class, so the article is found by its
    # tags (a page is 30 KB, and this runs for every page of the build); a page where the class
    # is written otherwise is read by the HTML parser.
    found = _content_article(page_html)
    if found is not None:
        return found
    article = _ContentArticle().read(page_html)
    if article.start is not None and article.end is not None:
        return page_html[article.start : article.end]
    return None


#: Elements whose end closes a block of text: a term and its definition, two table cells.
BLOCK_ELEMENTS = frozenset(
    {"p", "li", "dt", "dd", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6"}
    | {"div", "section", "aside", "summary", "figcaption"}
)


#: The end tag of a block element.
_BLOCK_END = re.compile(r"</(?:" + "|".join(sorted(BLOCK_ELEMENTS)) + r")\s*>", re.IGNORECASE)


def separate_blocks(content: str) -> str:
    """``content`` with a space before each block's end tag, so that the text of adjacent
    blocks (a term and its definition, two table cells) is not read as one word.

    ``content`` is HTML this library's build wrote (a page's content article), where an end tag
    only stands as markup: in text and attributes ``<`` is written ``&lt;``.
    """
    return _BLOCK_END.sub(lambda end: " " + end.group(0), content)


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


@dataclass(frozen=True)
class SearchEntry:
    """A searchable page as Pagefind is given it: its site address, its result's record and its
    document (:func:`search_document`)."""

    url: str
    record: SearchRecord
    document: str


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
            f"{path} is missing: the build writes it (lif.output.search_index.write_catalogue "
            "in lif.output.site_files.WRITERS); is macros/hooks.py listed under 'hooks' in "
            "mkdocs.yml?"
        ) from None
    except json.JSONDecodeError as exc:
        raise SearchIndexError(f"{path} is not valid JSON ({exc})") from None
    if not isinstance(data, dict) or data.get("version") != CATALOGUE_VERSION:
        raise SearchIndexError(
            f"{path} is not a version {CATALOGUE_VERSION} catalogue: rebuild the site"
        )
    return data


def guide_section(url: str) -> int | None:
    """Which of :data:`GUIDE_SECTIONS` the page at ``url`` (``framework/principles/``) is in,
    as its position; None for a page outside them."""
    for position, section in enumerate(GUIDE_SECTIONS):
        if url == f"{section}/" or url.startswith(f"{section}/"):
            return position
    return None


class SearchIndex:
    """The site's search index, built while the site is: each page goes in as it is written.

    ``catalogue`` is the site's catalogue (:func:`lif.index.catalogue.build_catalogue`): its
    items are searchable, and so are the pages of :data:`GUIDE_SECTIONS`. Each searchable page
    given to :meth:`add_page` is sent to Pagefind at once, which indexes it in its own process
    while the build goes on; :meth:`write` writes the bundle and the browse index, and
    :meth:`close` stops Pagefind without writing (a failed build).
    """

    def __init__(self, catalogue: Mapping[str, Any]) -> None:
        labels = catalogue_labels(catalogue)
        entries = catalogue["items"]
        self._items = {str(e["url"]): (n, item_record(e, labels)) for n, e in enumerate(entries)}
        self._ids = [str(e["id"]) for e in entries]
        self._found: list[SearchRecord | None] = [None] * len(entries)
        self._guides: list[tuple[tuple[int, tuple[str, ...]], SearchRecord]] = []
        self._service: PagefindService | None = None

    def add_page(self, url: str, page_html: str) -> bool:
        """Index the built page at the site address ``url`` (``reviews/<id>/``) if it is
        searchable; True if it was. Raises :class:`SearchIndexError` for an item's page without
        the theme's content article, or if Pagefind cannot be started."""
        entry = self.entry(url, page_html)
        if entry is None:
            return False
        self.add(entry)
        return True

    def entry(self, url: str, page_html: str) -> SearchEntry | None:
        """What :meth:`add` indexes of the built page at ``url``: None if the page is not
        searchable. Changes nothing, so another process of the build (a forked copy writing
        pages) can make it and hand it back. Raises :class:`SearchIndexError` for an item's
        page without the theme's content article."""
        item = self._items.get(url)
        section = guide_section(url) if item is None else None
        if item is None and section is None:
            return None
        content = extract_content(page_html)
        if content is None:
            if item is not None:
                raise SearchIndexError(
                    f"the page of {url} has no content article: is the theme Material?"
                )
            return None
        record = item[1] if item is not None else guide_record(url, page_html, content)
        return SearchEntry(url, record, search_document(record, content))

    def add(self, entry: SearchEntry) -> None:
        """Send ``entry`` (from :meth:`entry`) to Pagefind, which indexes it in its own process.
        Pagefind numbers pages in the order they come, so a build gives them in the order of
        its pages for the same files every time. Raises :class:`SearchIndexError` if Pagefind
        cannot be started."""
        item = self._items.get(entry.url)
        if item is not None:
            self._found[item[0]] = entry.record
        else:
            section = guide_section(entry.url)
            assert section is not None
            self._guides.append(
                ((section, PurePosixPath(entry.url, "index.html").parts), entry.record)
            )
        self._pagefind().add_html_file("/" + entry.url, entry.document)

    def records(self) -> list[SearchRecord]:
        """The records of the pages indexed: the items newest first, then the guides by
        section and address. Raises :class:`SearchIndexError` naming an item of the catalogue
        whose page was not given: the catalogue and the pages come from the same build."""
        missing = [i for i, record in zip(self._ids, self._found, strict=True) if record is None]
        if missing:
            named = ", ".join(missing[:3]) + (
                f" and {len(missing) - 3} more" if missing[3:] else ""
            )
            raise SearchIndexError(
                f"the catalogue lists {named} but the build wrote no page for "
                f"{'it' if len(missing) == 1 else 'them'}: rebuild the site"
            )
        items = [record for record in self._found if record is not None]
        return items + [record for _, record in sorted(self._guides, key=lambda g: g[0])]

    def write(self, site_dir: Path) -> int:
        """Write Pagefind's bundle into ``site_dir/pagefind`` and the browse index beside it.

        Returns how many pages were indexed. Raises :class:`SearchIndexError` if an item of
        the catalogue has no page or Pagefind failed; Pagefind is stopped either way.
        """
        try:
            records = self.records()
            output = remove_folder(site_dir, BUNDLE_DIR)
            if self._service is None:
                # Nothing to search yet (Pagefind writes no bundle for no pages): browsing shows
                # no results.
                write_browse_index(site_dir, records)
                return 0
            try:
                _, files = self._service.get_files()
            except PagefindError as exc:
                raise SearchIndexError(f"Pagefind failed: {exc}") from None
        finally:
            self.close()
        for name, data in sorted(stable_filters(files).items()):
            if name not in UNUSED_BUNDLE_FILES:
                write_bytes(output, name, data)
        write_browse_index(site_dir, records)
        return len(records)

    def close(self) -> None:
        """Stop Pagefind, if it was started; nothing is written."""
        if self._service is not None:
            self._service.close()
            self._service = None

    def _pagefind(self) -> PagefindService:
        if self._service is None:
            try:
                self._service = PagefindService(EXCLUDED_SELECTORS, language="en")
            except PagefindError as exc:
                raise SearchIndexError(
                    f"Pagefind could not start ({exc}). "
                    "Is the 'pagefind[bin]' package installed in this environment?"
                ) from None
        return self._service


def index_site(site_dir: Path) -> int:
    """Index the items and guides of a site already built into ``site_dir``, from its files.

    The build indexes its pages as it writes them (:class:`SearchIndex`, from the glue); this
    does the same afterwards. Returns how many pages were indexed; raises
    :class:`SearchIndexError` if it cannot index.
    """
    site_dir = Path(site_dir)
    catalogue = load_catalogue(site_dir)
    index = SearchIndex(catalogue)
    try:
        for entry in catalogue["items"]:
            page = page_file(site_dir, entry["url"])
            try:
                page_html = page.read_text(encoding="utf-8")
            except FileNotFoundError:
                raise SearchIndexError(
                    f"the catalogue lists {entry['id']} but {page} does not exist: rebuild the site"
                ) from None
            index.add_page(str(entry["url"]), page_html)
        for section in GUIDE_SECTIONS:
            for page in sorted((site_dir / section).rglob("index.html")):
                url = page.parent.relative_to(site_dir).as_posix() + "/"
                index.add_page(url, page.read_text(encoding="utf-8"))
        return index.write(site_dir)
    finally:
        index.close()


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


def load_browse_count(site_dir: Path) -> int:
    """How many pages the search index of the site built into ``site_dir`` holds (the count
    of its browse index); :class:`SearchIndexError` if the build wrote none."""
    path = confined(site_dir, f"{BROWSE_DIR}/facets.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SearchIndexError(
            f"{path} is missing: the build writes the search index (macros/hooks.py); is it "
            "listed under 'hooks' in mkdocs.yml?"
        ) from None
    except json.JSONDecodeError as exc:
        raise SearchIndexError(f"{path} is not valid JSON ({exc})") from None
    if not isinstance(data, dict) or data.get("version") != BROWSE_VERSION:
        raise SearchIndexError(f"{path} is not a version {BROWSE_VERSION} index: rebuild the site")
    return int(data.get("count", 0))


def _compact(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


#: Pagefind's files are gzip-compressed and, once decompressed, start with this signature.
BUNDLE_SIGNATURE = b"pagefind_dcd"


def read_bundle_file(path: Path) -> bytes:
    """The content of one of Pagefind's index files (decompressed, signature removed)."""
    return unpack_bundle_bytes(path.read_bytes())


def unpack_bundle_bytes(data: bytes) -> bytes:
    """The content of one of Pagefind's index files from its bytes (decompressed, signature
    removed)."""
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data.removeprefix(BUNDLE_SIGNATURE)


def _bundle_bytes(content: bytes) -> bytes:
    """An index file as Pagefind writes one: the signature, then ``content``, compressed (with
    no time in the gzip header, so the same content gives the same bytes)."""
    return gzip.compress(BUNDLE_SIGNATURE + content, mtime=0)


def _content_name(prefix: str, content: bytes, length: int, taken: Iterable[str] = ()) -> str:
    """A file name from a hash of ``content``: ``<prefix>_<hex digits>``, longer on a clash."""
    digest = hashlib.sha256(content).hexdigest()
    taken = set(taken)
    while f"{prefix}_{digest[:length]}" in taken and length < len(digest):
        length += 1
    return f"{prefix}_{digest[:length]}"


def stable_filters(files: Mapping[str, bytes]) -> dict[str, bytes]:
    """Pagefind's files (by path in the bundle) with its filter files and metadata rewritten,
    so that the same pages give the same files.

    Pagefind (1.x) writes the values of each filter, and the list of filters in its metadata,
    in the order of a hash table that is seeded afresh in every run; the file names are hashes
    of the contents, so they change from build to build although the index is the same, and a
    deploy uploads them again. Here each filter's values are put in order of value, the
    filters in order of name, and the files named from a hash of the new contents (the browser
    finds them through the metadata, and the metadata through ``pagefind-entry.json``). The
    files are CBOR, as Pagefind writes them: a filter is ``[name, [[value, [page, ...]], ...]]``
    and the metadata ``[version, pages, word chunks, [[filter name, file hash], ...]]``.
    """
    out = dict(files)
    if "pagefind-entry.json" not in out:
        return out
    entry = json.loads(out["pagefind-entry.json"])
    for language in entry.get("languages", {}).values():
        prefix = str(language["hash"]).split("_", 1)[0]
        meta = cbor2.loads(unpack_bundle_bytes(out.pop(f"pagefind.{language['hash']}.pf_meta")))
        filters: list[list[str]] = []
        for name, old in sorted(meta[3], key=lambda f: f[0]):
            packed = out.pop(f"filter/{old}.pf_filter")
            filter_name, values = cbor2.loads(unpack_bundle_bytes(packed))
            content = cbor2.dumps([filter_name, sorted(values, key=lambda v: v[0])])
            new = _content_name(prefix, content, 7, (f[1] for f in filters))
            out[f"filter/{new}.pf_filter"] = _bundle_bytes(content)
            filters.append([name, new])
        meta[3] = filters
        content = cbor2.dumps(meta)
        language["hash"] = _content_name(prefix, content, 10)
        out[f"pagefind.{language['hash']}.pf_meta"] = _bundle_bytes(content)
    text = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
    out["pagefind-entry.json"] = text.encode("utf-8")
    return out


def indexed_pages(site_dir: Path) -> list[dict[str, Any]]:
    """Every page in the built site's search index, as Pagefind stores it (``url``,
    ``content``, ``meta``, ``filters``), sorted by address."""
    fragments = (Path(site_dir) / BUNDLE_DIR / "fragment").glob("*.pf_fragment")
    pages = [json.loads(read_bundle_file(path)) for path in fragments]
    return sorted(pages, key=lambda page: str(page.get("url")))
