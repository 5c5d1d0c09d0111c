"""The live preview's memory of its last build, and the work it does after a build, in the
background, while the edited page is already shown.

``lif serve`` runs the generator's preview server with dirty builds (``mkdocs serve --dirty``):
after an edit, the glue (``macros/hooks.py``) renders again only the pages whose source changed,
by comparing each page's source with the one of the last build kept here
(:class:`PreviewMemory`). The search index and the theme packs are brought up to date after the
build, outside the time the reader waits for the page: :class:`PreviewSearch` indexes again,
reading from disk only the pages written since it last read them, and swaps the new index in
whole; :class:`PreviewPacks` writes the packs again in a process of their own once the content
they are made from changed. Until they are done, the previous index and packs stay in place.

This module lives for the whole preview process (the generator loads its glue afresh), so what
it keeps is there for the next build. A published build (``lif build``) never uses it.
"""

from __future__ import annotations

import hashlib
import shutil
import threading
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

from lif.index.catalogue import GUIDE_SECTIONS, SearchRecord, catalogue_labels, item_record
from lif.index.site import Site
from lif.output.background import BackgroundWriters
from lif.output.files import OutputError, confined, page_file, remove_folder, write_bytes
from lif.output.pagefind_service import PagefindError, PagefindService
from lif.output.search_index import (
    BUNDLE_DIR,
    EXCLUDED_SELECTORS,
    UNUSED_BUNDLE_FILES,
    extract_content,
    guide_record,
    guide_section,
    search_document,
    stable_filters,
    write_browse_index,
)
from lif.output.site_files import start_background_outputs

#: Where the next search bundle is written before it takes the place of the one in use.
NEXT_BUNDLE_DIR = ".pagefind-next"

#: Where the bundle in use goes while the next one takes its place, before it is removed.
OLD_BUNDLE_DIR = ".pagefind-old"


def source_digest(content: str | bytes) -> bytes:
    """A short digest of a page's source, to tell whether it changed since the last build."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    return hashlib.blake2b(data, digest_size=20).digest()


@dataclass
class _Document:
    """A page as given to Pagefind, with what it was made from."""

    stamp: tuple[int, int]
    record: SearchRecord
    document: str


class PreviewSearch:
    """The preview's search index, made again in a thread after each build.

    :meth:`update` starts the work and returns at once (or waits, with ``wait``); a new
    :meth:`update` or :meth:`stop` stops work under way first. ``report`` is called with a
    message when the index cannot be made (the previous one then stays).
    """

    def __init__(self, report: Callable[[str], None] = lambda message: None) -> None:
        self.report = report
        self._documents: dict[str, _Document] = {}
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self._service: PagefindService | None = None
        self._lock = threading.Lock()

    def update(self, site_dir: Path, catalogue: Mapping[str, Any], *, wait: bool = False) -> None:
        """Index the searchable pages of ``site_dir``: the items of ``catalogue`` (the site's,
        :func:`lif.output.search_index.site_catalogue`) and the guides, then put the new index
        in place of the old."""
        self.stop()
        self._stopping = threading.Event()
        self._thread = threading.Thread(
            target=self._run,
            args=(Path(site_dir), catalogue, self._stopping),
            name="lif preview search",
            daemon=True,
        )
        self._thread.start()
        if wait:
            self._thread.join()

    def stop(self) -> None:
        """Stop the work under way, if any; the index in place stays."""
        self._stopping.set()
        with self._lock:
            if self._service is not None:
                self._service.close()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def wait(self) -> None:
        """Wait for the work under way, if any, to finish."""
        if self._thread is not None:
            self._thread.join()

    def _run(self, site_dir: Path, catalogue: Mapping[str, Any], stopping: threading.Event) -> None:
        try:
            self._index(site_dir, catalogue, stopping)
        except (OutputError, PagefindError, OSError) as exc:
            if not stopping.is_set():
                self.report(f"the search index was not brought up to date: {exc}")

    def _pages(
        self, site_dir: Path, catalogue: Mapping[str, Any]
    ) -> list[tuple[str, SearchRecord | None]]:
        """The searchable pages: each item with its record, then each guide (its record comes
        from its page)."""
        labels = catalogue_labels(catalogue)
        pages: list[tuple[str, SearchRecord | None]] = [
            (str(entry["url"]), item_record(entry, labels)) for entry in catalogue["items"]
        ]
        for section in GUIDE_SECTIONS:
            for path in sorted((site_dir / section).rglob("index.html")):
                pages.append((path.parent.relative_to(site_dir).as_posix() + "/", None))
        return pages

    def _document(self, site_dir: Path, url: str, record: SearchRecord | None) -> _Document | None:
        """The page at ``url`` as Pagefind's document, read again only if it changed."""
        path = page_file(site_dir, url)
        try:
            status = path.stat()
        except FileNotFoundError:
            return None
        stamp = (status.st_size, status.st_mtime_ns)
        known = self._documents.get(url)
        if known is not None and known.stamp == stamp and record in (None, known.record):
            return known
        page_html = path.read_text(encoding="utf-8")
        content = extract_content(page_html)
        if content is None:
            return None
        if record is None:
            record = guide_record(url, page_html, content)
        return _Document(stamp, record, search_document(record, content))

    def _index(
        self, site_dir: Path, catalogue: Mapping[str, Any], stopping: threading.Event
    ) -> None:
        documents: dict[str, _Document] = {}
        for url, record in self._pages(site_dir, catalogue):
            if stopping.is_set():
                return
            document = self._document(site_dir, url, record)
            if document is not None:
                # Kept at once: work stopped by the next build is not done again.
                documents[url] = self._documents[url] = document
        self._documents = documents
        with self._lock:
            if stopping.is_set():
                return
            service = self._service = PagefindService(EXCLUDED_SELECTORS, language="en")
        try:
            for url, document in documents.items():
                if stopping.is_set():
                    return
                service.add_html_file("/" + url, document.document)
            _, files = service.get_files()
        finally:
            with self._lock:
                service.close()
                self._service = None
        if stopping.is_set():
            return
        items = [d.record for url, d in documents.items() if guide_section(url) is None]
        guides = sorted(
            (
                ((section, PurePosixPath(url, "index.html").parts), d.record)
                for url, d in documents.items()
                if (section := guide_section(url)) is not None
            ),
            key=lambda guide: guide[0],
        )
        _swap_bundle(site_dir, files)
        write_browse_index(site_dir, items + [record for _, record in guides])


def _swap_bundle(site_dir: Path, files: Mapping[str, bytes]) -> None:
    """Write Pagefind's ``files`` beside the bundle in use, then put them in its place."""
    following = remove_folder(site_dir, NEXT_BUNDLE_DIR)
    for name, data in sorted(stable_filters(files).items()):
        if name not in UNUSED_BUNDLE_FILES:
            write_bytes(following, name, data)
    current = confined(site_dir, BUNDLE_DIR)
    old = remove_folder(site_dir, OLD_BUNDLE_DIR)
    if current.exists():
        current.rename(old)
    following.rename(current)
    shutil.rmtree(old, ignore_errors=True)


class PreviewPacks:
    """The theme packs of the preview, written again in the background once the content they
    are made from changed (:func:`lif.output.site_files.start_background_outputs`)."""

    def __init__(self) -> None:
        self._running: BackgroundWriters | None = None
        self._running_for: Hashable = None
        #: What the packs in the site folder were last written from (None: nothing yet).
        self.written_for: Hashable = None

    def written(self, made_from: Hashable) -> None:
        """The packs of the site folder were written (by the build) from ``made_from``."""
        self.written_for = made_from

    def pause(self, made_from: Hashable) -> None:
        """Stop the packs being written from other content than ``made_from`` (a build of
        newer content is starting: it needs the processor more, and they would be out of
        date); :meth:`refresh` starts them again after it."""
        if self._running is not None and self._running_for != made_from:
            self._running.stop()
            self._running = None

    def refresh(self, site: Site, site_dir: Path, made_from: Hashable) -> str | None:
        """Write the packs again from ``site`` in the background, unless they are written
        from ``made_from`` already or being written from it; returns a message if the last
        run failed, else None."""
        failure = self._collect()
        self.pause(made_from)
        if self._running is None and made_from != self.written_for:
            self._running = start_background_outputs(site, site_dir)
            self._running_for = made_from
        return failure

    def stop(self) -> None:
        """Stop the packs being written (the preview is ending)."""
        if self._running is not None:
            self._running.stop()
            self._running = None

    def _collect(self) -> str | None:
        """Note packs that finished since; a message if they failed."""
        running = self._running
        if running is None or running.running():
            return None
        self._running = None
        try:
            running.finish()
        except OutputError as exc:
            return str(exc)
        self.written_for = self._running_for
        return None


class TemplateCodeCache(BytecodeCache):
    """The page templates compiled by one build, for the next (the generator makes a new
    template environment for every build, which would compile every template again). Jinja2
    checks each template's source against the code kept, so an edited template is compiled
    afresh."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        """Give ``bucket`` the code kept for its template, if any (Jinja2 checks it)."""
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Keep the code of the template just compiled into ``bucket``."""
        self._code[bucket.key] = bucket.bytecode_to_string()


@dataclass
class PreviewPlan:
    """What one build of the preview renders again, decided by the glue before any page is
    read."""

    #: False for the preview's first build (everything is rendered).
    again: bool
    #: The stamps of the files every page is made with (the settings, templates, data).
    site_stamps: Hashable
    #: Every page is rendered again (a setting, template, or the data changed).
    everything: bool
    #: What the pages that list the content (the hand-written pages with macros) are made
    #: from.
    listed_from: Hashable
    #: The content they list changed since the last build.
    listing_changed: bool
    #: What the theme packs are made from.
    packs_from: Hashable
    #: Each page's output file, by source path (filled as the build goes).
    written: dict[str, str] = field(default_factory=dict)


@dataclass
class PreviewMemory:
    """What the preview keeps of its last build, for the next (see the module's description).

    The glue fills :attr:`next_sources` and :attr:`next_pages` during a build and calls
    :meth:`build_done` when it succeeded; a build that fails leaves the memory as it was.
    """

    #: How many builds succeeded.
    builds: int = 0
    #: The stamps of the files that every page depends on (settings, templates, data).
    site_stamps: Hashable = None
    #: What the pages that list content were made from (see the glue).
    listed_from: Hashable = None
    #: Each generated page's source digest (:func:`source_digest`), by source path.
    sources: dict[str, bytes] = field(default_factory=dict)
    #: What other pages show of each page (its title, ...), by source path; opaque here.
    pages: dict[str, Mapping[str, Any]] = field(default_factory=dict)
    #: Each page's output file, by source path.
    written: dict[str, str] = field(default_factory=dict)
    #: A build is under way whose pages may differ from what is kept (it failed if it ends
    #: without :meth:`build_done`).
    unsure: bool = False
    next_sources: dict[str, bytes] = field(default_factory=dict)
    next_pages: dict[str, Mapping[str, Any]] = field(default_factory=dict)
    search: PreviewSearch = field(default_factory=PreviewSearch)
    packs: PreviewPacks = field(default_factory=PreviewPacks)
    templates: TemplateCodeCache = field(default_factory=TemplateCodeCache)

    def build_done(
        self, site_stamps: Hashable, listed_from: Hashable, written: dict[str, str]
    ) -> list[str]:
        """A build succeeded: keep what it made. Returns the output files of the last build's
        pages that this build has no page for (a removed item), for the caller to remove."""
        gone = [path for uri, path in self.written.items() if uri not in written]
        self.builds += 1
        self.unsure = False
        self.site_stamps = site_stamps
        self.listed_from = listed_from
        self.sources, self.next_sources = self.next_sources, {}
        self.pages, self.next_pages = self.next_pages, {}
        self.written = written
        return gone

    def close(self) -> None:
        """Stop the work in the background (the preview is ending)."""
        self.search.stop()
        self.packs.stop()


#: The memory of this process's preview.
PREVIEW = PreviewMemory()
