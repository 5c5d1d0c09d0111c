"""mkdocs glue: load and check the content once per build, mount the generated pages, convert
about half of them in a second process on the other processor core, index them for search as
they are written; in the local preview, watch the content and let the preview reload its pages.

This file is the only place, with ``macros/main.py``, that knows about mkdocs. Everything it
mounts comes from :func:`lif.render.pages.generated_pages`; the search index is built by
:class:`lif.output.search_index.SearchIndex` while the pages are written; everything else it
writes after the build comes from :func:`lif.output.site_files.write_outputs`. So ``mkdocs build``,
``mkdocs serve`` and ``mkdocs gh-deploy`` all make the whole site, search included.
"""

from __future__ import annotations

import logging
import os
import zlib
from pathlib import Path
from typing import Any, Literal

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure import StructureItem
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents
from mkdocs.utils.templates import TemplateContext

from lif.index.site import SITE_KEY, Site, load_site, site_from
from lif.index.sitemap import page_changed
from lif.load.pictures import item_pictures
from lif.model.paths import item_source_uri, nav_section
from lif.model.policy import preview_page
from lif.model.preview import WATCHED_FOLDERS
from lif.model.settings import SettingError, parallel_from_env
from lif.model.vocab import VocabularyError
from lif.output.background import BackgroundWriters
from lif.output.files import OutputError
from lif.output.forked import ForkedWork, ForkedWorkError, cores, fork_available
from lif.output.search_index import SearchIndex, SearchIndexError, site_catalogue
from lif.output.site_files import start_background_outputs, write_outputs
from lif.render.glossary import mark_abbreviations
from lif.render.pages import generated_pages

log = logging.getLogger("mkdocs.hooks.lif")

#: The key under ``config.extra`` of the search index being built (see :func:`on_files`).
SEARCH_KEY = "lif_search_index"

#: The key under ``config.extra`` of the writers running in the background (see :func:`on_files`).
BACKGROUND_KEY = "lif_background_writers"

#: The key under ``config.extra`` of the pages converted by a second process (see :func:`on_nav`).
WORKER_KEY = "lif_page_worker"

#: The HTML of each page read and not yet written, compressed (see :func:`on_page_content`).
_held: dict[str, bytes] = {}

#: Search indexes and background writers started and not yet finished: a failed build stops
#: them (``on_build_error`` is not given the configuration).
_running: list[SearchIndex | BackgroundWriters | ForkedWork] = []

#: Set in the second process that converts pages (see :func:`on_nav`): there the pages are
#: converted for real, and its log messages are sent to the build with each page.
_converter: dict[str, list[tuple[str, int, str]]] = {}

# mkdocs-macros reports at INFO the module it loads (twice, as "local" then "external") and
# every variable, macro and filter it registers: noise that reads like a problem. Its warnings
# and errors still show, and all of it with `mkdocs build --verbose`.
_macros_log = logging.getLogger("mkdocs.plugins.mkdocs_macros")
if not _macros_log.isEnabledFor(logging.DEBUG):
    _macros_log.setLevel(logging.WARNING)


#: The command this process runs, set once by :func:`on_startup`. mkdocs loads this module
#: once per process and keeps it between the preview's rebuilds, so the preview is known to
#: every build it makes; a built site ('build', 'gh-deploy') never gets the preview's changes.
_command: dict[str, str] = {}


def on_startup(command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
    """Remember whether this process builds the site or serves the preview."""
    _command["name"] = command


def serving() -> bool:
    """True in the local preview (``lif serve``, ``mkdocs serve``), never in a build."""
    return _command.get("name") == "serve"


def site_of(config: MkDocsConfig) -> Site:
    """The site loaded for this build (by :func:`on_config`)."""
    try:
        return site_from(config.extra)
    except RuntimeError as exc:
        raise Abort(str(exc)) from None


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load and check every review and brief; stop the build on any error, naming each one."""
    root = Path(config.config_file_path).parent
    try:
        site = load_site(root)
    except VocabularyError as exc:
        for problem in exc.problems:
            log.error(problem.format())
        raise Abort(
            f"lif: {len(exc.problems)} problem(s) in the data files (listed above); "
            "run 'lif check' for the same list. Nothing was built."
        ) from None
    except SettingError as exc:
        raise Abort(f"lif: {exc}") from None
    if site.warnings:
        count = len(site.warnings)
        log.info(
            f"lif: {count} warning{'' if count == 1 else 's'} in the content; "
            "run 'lif check' to list them"
        )
    if site.errors:
        for problem in site.errors:
            log.error(problem.format())
        raise Abort(
            f"lif: {len(site.errors)} problem(s) in the content (listed above); "
            "run 'lif check' for the same list. Nothing was built."
        )
    config.extra[SITE_KEY] = site
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Mount the published items and the generated pages at their permanent addresses, and each
    published item's pictures beside its page; start
    the theme packs in a process of their own, and the search index that the pages go into as
    they are written."""
    site = site_of(config)
    try:
        packs = start_background_outputs(site, Path(config.site_dir))
    except OutputError as exc:
        raise Abort(f"lif: {exc}") from None
    config.extra[BACKGROUND_KEY] = packs
    _running.append(packs)
    for page in generated_pages(site):
        existing = files.get_file_from_path(page.src_uri)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, page.src_uri, content=page.content))
    root = Path(config.config_file_path).parent
    for item in site.public:
        folder = item_source_uri(item).removesuffix(".md")
        for picture in item_pictures(root, site.source_path(item), item.id):
            uri = f"{folder}/{picture.name}"
            if files.get_file_from_path(uri) is None:
                files.append(File.generated(config, uri, abs_src_path=str(picture)))
    return files


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """Start the second process that converts a share of the item pages (see
    :func:`_start_page_worker`), then the search index that the pages go into as they are
    written (its reading thread is started after the fork, so the copy has none)."""
    if not serving() and _parallel() and cores() > 1 and fork_available():
        _start_page_worker(config, files)
    index = SearchIndex(site_catalogue(site_of(config)))
    config.extra[SEARCH_KEY] = index
    _running.append(index)
    return nav


def _parallel() -> bool:
    try:
        return parallel_from_env(os.environ)
    except SettingError as exc:
        raise Abort(f"lif: {exc}") from None


def _start_page_worker(config: MkDocsConfig, files: Files) -> None:
    """Fork a copy of this build that converts about half of the generated pages (Markdown to
    HTML, with the glossary marked) while this process converts the rest, so the two processor
    cores share the largest part of the build. The copy has the loaded content, the files and
    the settings already; each page comes back, with its table of contents, anchors and log
    messages, when :func:`on_page_content` reaches it. The pages are the same as when one
    process converts them all (``LIF_PARALLEL=0``).

    The pages are shared out in the order mkdocs converts them, each to whichever process has
    the fewer bytes of Markdown to convert so far, so the two keep pace.
    """
    share: list[str] = []
    mine = theirs = 0
    for file in files.documentation_pages():
        if file.generated_by is None:
            continue
        size = len(file.content_string)
        if theirs < mine:
            share.append(file.src_uri)
            theirs += size
        else:
            mine += size
    if not share:
        return
    try:
        worker = ForkedWork(
            lambda uri: _convert_page(uri, config, files), share, start=_converter_started
        )
    except ForkedWorkError as exc:
        log.info(f"lif: converting pages on one processor core ({exc})")
        return
    config.extra[WORKER_KEY] = worker
    _running.append(worker)


class _Collector(logging.Handler):
    """In the second process: keeps each log message, to be sent with its page."""

    def emit(self, record: logging.LogRecord) -> None:
        _converter.setdefault("messages", []).append(
            (record.name, record.levelno, record.getMessage())
        )


def _converter_started() -> None:
    """In the second process, before its first page: its messages are collected, not
    printed (the build prints them, and counts the warnings of a strict build)."""
    _converter["messages"] = []
    logging.getLogger("mkdocs").handlers = [_Collector()]


def _convert_page(uri: str, config: MkDocsConfig, files: Files) -> tuple[Any, ...]:
    """In the second process: the page at ``uri`` read and converted as mkdocs does it, with
    every plugin's page events; what :func:`_take_converted` needs of it."""
    file = files.get_file_from_path(uri)
    if file is None:
        raise KeyError(f"no file {uri}")
    page = file.page if file.page is not None else Page(None, file, config)
    page = config.plugins.on_pre_page(page, config=config, files=files)
    page.read_source(config)
    assert page.markdown is not None
    page.markdown = config.plugins.on_page_markdown(
        page.markdown, page=page, config=config, files=files
    )
    page.render(config, files)
    assert page.content is not None
    config.plugins.on_page_content(page.content, page=page, config=config, files=files)
    links = page.links_to_anchors
    messages = _converter.get("messages", [])
    _converter["messages"] = []
    return (
        _held.pop(uri),
        page.toc,
        page._title_from_render,
        page.present_anchor_ids,
        None if links is None else {target.src_uri: found for target, found in links.items()},
        messages,
    )


def _take_converted(worker: ForkedWork, page: Page, files: Files) -> None:
    """Give ``page`` what the second process made of it: its HTML (held until written), table
    of contents, title, anchors and links; print its log messages here."""
    uri = page.file.src_uri
    try:
        html, toc, title, anchors, links, messages = worker.result(uri)
    except ForkedWorkError as exc:
        raise Abort(f"lif: converting {uri}: {exc}") from None
    for name, level, message in messages:
        logging.getLogger(name).log(level, message)
    _held[uri] = html
    page.toc = toc if isinstance(toc, TableOfContents) else page.toc
    page._title_from_render = title
    page.present_anchor_ids = anchors
    if links is not None:
        page.links_to_anchors = {
            target: found
            for target_uri, found in links.items()
            if (target := files.get_file_from_path(target_uri)) is not None
        }


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
    """The preview rebuilds after an edit to the content, data, links or templates too."""
    root = Path(config.config_file_path).parent
    for name in WATCHED_FOLDERS:
        if (root / name).is_dir():
            server.watch(str(root / name))
    return server


def on_pre_page(page: Page, config: MkDocsConfig, files: Files) -> Page:
    """Date the page, for the sitemap, by when its content last changed (not the build day)."""
    changed = page_changed(site_of(config), page.file.src_uri)
    if changed is not None:
        page.update_date = changed.isoformat()
    return page


def _converted_elsewhere(page: Page, config: MkDocsConfig) -> ForkedWork | None:
    """The second process, if it converts ``page`` and this is the build."""
    worker = config.extra.get(WORKER_KEY)
    if "messages" in _converter or not isinstance(worker, ForkedWork):
        return None
    return worker if page.file.src_uri in worker.keys else None


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Let go of a generated page's source once mkdocs has read it (the page has its copy).
    A page the second process converts is given nothing to convert here."""
    if page.file.generated_by is not None:
        page.file.content_string = ""
    if _converted_elsewhere(page, config) is not None:
        return ""
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Mark the first use of each glossary abbreviation (it says what it stands for), then hold
    the page's HTML compressed until its turn to be written, without its Markdown.

    mkdocs converts every page before it writes any, so it would hold the Markdown and the HTML
    of the whole site at once (about 1 GB at 5,000 items); the HTML compresses to a sixth.
    """
    worker = _converted_elsewhere(page, config)
    page.markdown = None
    if worker is not None:
        _take_converted(worker, page, files)
        return ""
    html = mark_abbreviations(html, site_of(config).vocab.glossary)
    _held[page.file.src_uri] = zlib.compress(html.encode("utf-8"), 1)
    return ""


def _entry_url(item: StructureItem) -> str | None:
    """The site path a top-level entry of the navigation opens: its page, or a section's first."""
    while isinstance(item, Section) and item.children:
        item = item.children[0]
    return item.url if isinstance(item, Page) else None


def on_page_context(
    context: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation
) -> TemplateContext:
    """Wayfinding: the section of a page outside the navigation is marked as current, and the
    left sidebar is hidden on wide screens wherever its section has no pages to list in it.

    A review, brief, guide, theme or board page is not in the navigation (DESIGN.md), so the
    theme marks no tab for it: its section (by :func:`lif.model.paths.nav_section`) is marked
    active here, for the tabs and the phone's menu alike. Pages are built one after another with
    the same navigation, so a mark left by the page before is taken off first. The page gets
    its HTML back for its template here too (see :func:`on_page_content`).
    """
    held = _held.pop(page.file.src_uri, None)
    if held is not None:
        page.content = zlib.decompress(held).decode("utf-8")
    ancestors = set()
    node: StructureItem | None = page
    while node is not None:
        ancestors.add(id(node))
        node = node.parent
    for item in nav.items:
        if isinstance(item, Page | Section) and id(item) not in ancestors:
            item.active = False
    if not any(item.active for item in nav.items):
        entries = {url: item for item in nav.items if (url := _entry_url(item)) is not None}
        section = nav_section(page.url, entries)
        if section is not None:
            entries[section].active = True
    current = next((item for item in nav.items if item.active), None)
    if current is None or not current.children:
        page.meta["hide"] = [*page.meta.get("hide", []), "navigation"]
    return context


def _previewed(html: str, name: str) -> str:
    """A page of the preview, with the policy that lets the preview reload it."""
    try:
        return preview_page(html)
    except ValueError as exc:
        log.warning(f"lif: {name}: {exc}; the preview will not reload this page by itself")
        return html


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Give the written page to the search index (Pagefind indexes it in the background), and
    let go of its HTML (the file written holds it). In the preview only, let the preview
    server's reload script run (see :data:`lif.model.policy.PREVIEW_POLICY`); a built page
    keeps the published policy."""
    index = config.extra.get(SEARCH_KEY)
    if isinstance(index, SearchIndex):
        try:
            index.add_page(page.url, output)
        except SearchIndexError as exc:
            raise Abort(f"lif: search index: {exc}") from None
    page.content = None
    return _previewed(output, page.file.src_uri) if serving() else output


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    """The theme's own pages (the 404 page) in the preview, as :func:`on_post_page`."""
    if not serving() or 'http-equiv="Content-Security-Policy"' not in output_content:
        return output_content
    return _previewed(output_content, template_name)


def on_post_build(config: MkDocsConfig) -> None:
    """Write the outputs that are not pages (feeds, redirects, catalogue), then wait for the
    search index and the theme packs."""
    site_dir = Path(config.site_dir)
    index = config.extra.pop(SEARCH_KEY, None)
    packs = config.extra.pop(BACKGROUND_KEY, None)
    config.extra.pop(WORKER_KEY, None)
    try:
        write_outputs(site_of(config), site_dir)
        if isinstance(index, SearchIndex):
            count = index.write(site_dir)
            log.debug(f"lif: search index written ({count} pages)")
        if isinstance(packs, BackgroundWriters):
            packs.finish()
    except (OutputError, SearchIndexError) as exc:
        raise Abort(f"lif: {exc}") from None
    finally:
        on_build_error(None)


def on_build_error(error: Exception | None) -> None:
    """Stop the search index and the background writers of a build that failed (the index is
    not written); after a build, stop what is left of them."""
    for work in _running:
        if isinstance(work, SearchIndex | ForkedWork):
            work.close()
        else:
            work.stop()
    _running.clear()
    _held.clear()
