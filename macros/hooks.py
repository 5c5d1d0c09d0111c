"""mkdocs glue: load and check the content once per build, mount the generated pages, convert
about half of them in a second process on the other processor core and write half in another,
index them for search as they are written; in the local preview, watch the content and let the
preview reload its pages.

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
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import jinja2
from mkdocs.commands.build import _build_page
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure import StructureItem
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents
from mkdocs.utils.templates import TemplateContext

from lif.index.site import SITE_KEY, Site, load_site, site_from
from lif.index.sitemap import page_changed
from lif.load.pictures import item_pictures
from lif.load.stamps import file_stamps
from lif.model import memo
from lif.model.forked import ForkedWork, ForkedWorkError, cores, fork_available
from lif.model.markdown import set_aside_anchor_ids
from lif.model.pages import GeneratedPage
from lif.model.paths import item_source_uri, nav_section
from lif.model.policy import preview_page
from lif.model.preview import WATCHED_FOLDERS
from lif.model.settings import SettingError, parallel_from_env
from lif.model.vocab import VocabularyError
from lif.output.background import BackgroundWriters
from lif.output.files import OutputError
from lif.output.preview import PREVIEW, PreviewPlan, source_digest
from lif.output.search_index import SearchEntry, SearchIndex, SearchIndexError, site_catalogue
from lif.output.site_files import start_background_outputs, write_outputs
from lif.render.glossary import mark_abbreviations
from lif.render.item import render_item_page
from lif.render.pages import generated_pages, library_fields_digest

log = logging.getLogger("mkdocs.hooks.lif")

#: The key under ``config.extra`` of the search index being built (see :func:`on_files`).
SEARCH_KEY = "lif_search_index"

#: The key under ``config.extra`` of the writers running in the background (see :func:`on_files`).
BACKGROUND_KEY = "lif_background_writers"

#: The key under ``config.extra`` of the pages converted by a second process (see :func:`on_nav`).
WORKER_KEY = "lif_page_worker"

#: The key under ``config.extra`` of the pages written by a second process: the files, from
#: :func:`on_env`, until :func:`on_pre_template` starts it.
WRITER_KEY = "lif_page_writer"

#: The key under ``config.extra`` of the site's navigation, for the process that writes pages.
NAV_KEY = "lif_navigation"

#: The template this process renders for a page the second process writes: nothing, so mkdocs
#: writes no file for it (the copy writes it).
WRITTEN_ELSEWHERE = "lif-written-elsewhere.html"

#: The HTML of each page read and not yet written, compressed (see :func:`on_page_content`).
_held: dict[str, bytes] = {}

#: Search indexes and background writers started and not yet finished: a failed build stops
#: them (``on_build_error`` is not given the configuration).
_running: list[SearchIndex | BackgroundWriters | ForkedWork] = []

#: Set in a second process that converts or writes pages (see :func:`on_nav` and
#: :func:`on_pre_template`): "messages" holds its log messages, sent to the build with each
#: page, and "entry" what the search index takes of the page it has just written.
_copy: dict[str, Any] = {}

#: The pages of the search index in the order mkdocs writes them, each with its entry (None if
#: not searchable) or, for a page the second process writes, ``True`` until its entry comes.
_search_queue: deque[tuple[str, SearchEntry | Literal[True] | None]] = deque()

#: mkdocs' message for each page the second process writes, which this process skips.
_skipped: set[str] = set()

#: Why the second process that writes pages failed, reported when this process has written its
#: pages (see :func:`_feed_search`).
_writer_failed: list[str] = []

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
    """Remember whether this process builds the site or serves the preview, and whether the
    preview renders again only what changed (``mkdocs serve --dirty``, as ``lif serve`` runs it:
    see :func:`previewing`)."""
    _command["name"] = command
    _command["dirty"] = "yes" if dirty else ""
    if previewing():
        memo.remember_between_builds()
        PREVIEW.search.report = lambda message: log.warning(f"lif: {message}")
        logging.getLogger("mkdocs.commands.build").addFilter(_no_dirty_warning)


def serving() -> bool:
    """True in the local preview (``lif serve``, ``mkdocs serve``), never in a build."""
    return _command.get("name") == "serve"


def previewing() -> bool:
    """True in the preview that renders again only what an edit changed (``lif serve``, which
    runs ``mkdocs serve --dirty``). Each build then compares every page's source with the last
    build's (:data:`lif.output.preview.PREVIEW`, kept for the whole process) and renders only
    the pages that differ: the edited item's page and every listing, theme or index page that
    shows it. The pages the others show in their navigation keep their titles, and a change to
    the settings, templates, data or a titled page of the navigation renders every page again.
    Plain ``mkdocs serve`` builds the whole site every time, like ``mkdocs build``."""
    return serving() and _command.get("dirty") == "yes"


def _no_dirty_warning(record: logging.LogRecord) -> bool:
    """mkdocs warns at every dirty build that the navigation may be wrong; the preview keeps
    it right (see :func:`previewing`), so the warning is left out."""
    return not record.getMessage().startswith("A 'dirty' build is being performed")


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
        site = load_site(root, parallel=not serving() and _parallel())
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
    plan = _preview_plan(config, site) if previewing() else None
    if plan is not None and plan.again:
        # The search index and the packs are brought up to date after the build (on_post_build).
        PREVIEW.search.stop()
        PREVIEW.packs.pause(plan.packs_from)
    else:
        try:
            packs = start_background_outputs(site, Path(config.site_dir))
        except OutputError as exc:
            raise Abort(f"lif: {exc}") from None
        config.extra[BACKGROUND_KEY] = packs
        _running.append(packs)
    for page in _generated_pages(site):
        existing = files.get_file_from_path(page.src_uri)
        if existing is not None:
            files.remove(existing)
        if plan is None:
            files.append(File.generated(config, page.src_uri, content=page.content))
        else:
            files.append(_PreviewFile.of_page(config, plan, page.src_uri, page.content))
    if plan is not None and plan.again:
        files = _mount_docs_pages(files, plan)
    root = Path(config.config_file_path).parent
    for item in site.public:
        folder = item_source_uri(item).removesuffix(".md")
        for picture in item_pictures(root, site.source_path(item), item.id):
            uri = f"{folder}/{picture.name}"
            if files.get_file_from_path(uri) is None:
                files.append(File.generated(config, uri, abs_src_path=str(picture)))
    return files


def _two_processes() -> bool:
    """Whether this build shares its work with forked copies of itself: a build (never the
    preview, whose server runs threads), on two or more cores, unless ``LIF_PARALLEL=0``."""
    return not serving() and _parallel() and cores() > 1 and fork_available()


def _generated_pages(site: Site) -> list[GeneratedPage]:
    """The generated pages (:func:`lif.render.pages.generated_pages`). In a build on two or
    more cores, a forked copy of the build makes the item pages' Markdown while this process
    makes the listings, theme pages, guides and dashboard; the pages are the same."""
    if not _two_processes():
        return generated_pages(site)
    items = {item.id: item for item in site.public}
    try:
        worker = ForkedWork(lambda key: render_item_page(site, items[key]), list(items))
    except ForkedWorkError:
        return generated_pages(site)
    _running.append(worker)
    try:
        return generated_pages(site, lambda item: str(worker.result(item.id)))
    except ForkedWorkError as exc:
        raise Abort(f"lif: making the item pages: {exc}") from None
    finally:
        worker.close()
        _running.remove(worker)


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """Start the second process that converts a share of the generated pages (see
    :func:`_start_page_worker`), then the search index that the pages go into as they are
    written (its reading thread is started after the fork, so the copy has none)."""
    if _two_processes():
        _start_page_worker(config, files)
    config.extra[NAV_KEY] = nav
    plan = config.extra.get(PLAN_KEY)
    if not isinstance(plan, PreviewPlan) or not plan.again:
        # In the preview's builds after its first, the index is brought up to date after the
        # build instead (on_post_build).
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
            _reported(lambda uri: _convert_page(uri, config, files)), share, start=_copy_started
        )
    except ForkedWorkError as exc:
        log.info(f"lif: converting pages on one processor core ({exc})")
        return
    config.extra[WORKER_KEY] = worker
    _running.append(worker)
    log.debug(f"lif: {len(share)} pages converted by a second process")


class _Collector(logging.Handler):
    """In the second process: keeps each log message, to be sent with its page."""

    def emit(self, record: logging.LogRecord) -> None:
        _copy.setdefault("messages", []).append((record.name, record.levelno, record.getMessage()))


def _copy_started() -> None:
    """In the second process, before its first page: its messages are collected, not
    printed (the build prints them, and counts the warnings of a strict build)."""
    _copy["messages"] = []
    logging.getLogger("mkdocs").handlers = [_Collector()]


def _in_copy() -> bool:
    """True in a second process that converts or writes pages for the build."""
    return "messages" in _copy


def _copy_messages() -> list[tuple[str, int, str]]:
    """In the second process: the log messages since the last page, to send with this one."""
    messages: list[tuple[str, int, str]] = _copy.get("messages", [])
    _copy["messages"] = []
    return messages


def _log_messages(messages: Iterable[tuple[str, int, str]]) -> None:
    """Print here, in the build, the log messages of a page of the second process."""
    for name, level, message in messages:
        logging.getLogger(name).log(level, message)


def _reported(work: Callable[[str], Any]) -> Callable[[str], tuple[bool, Any, Any]]:
    """``work`` for the second process: each page's result, or what failed, sent with the log
    messages of that page (those logged before a failure often say what caused it)."""

    def run(uri: str) -> tuple[bool, Any, Any]:
        try:
            result = work(uri)
        except Exception as exc:  # sent to the build, which reports it
            return False, f"{type(exc).__name__}: {exc}", _copy_messages()
        return True, result, _copy_messages()

    return run


class _CopyFailed(Exception):
    """The second process failed on a page, or stopped; the message says which and why."""


def _copy_result(worker: ForkedWork, uri: str, doing: str) -> Any:
    """What the second process made of the page at ``uri``, its log messages printed here.
    Raises :class:`_CopyFailed` saying what it was ``doing`` ("converting", "writing") and what
    went wrong, or that it stopped and what to do."""
    try:
        ok, result, messages = worker.result(uri)
    except ForkedWorkError as exc:
        raise _CopyFailed(
            f"lif: {exc}: build again, or set LIF_PARALLEL=0 to build in one process"
        ) from None
    _log_messages(messages)
    if not ok:
        raise _CopyFailed(f"lif: {doing} {uri}: {result}")
    return result


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
    return (
        _held.pop(uri),
        page.toc,
        page._title_from_render,
        page.present_anchor_ids,
        None if links is None else {target.src_uri: found for target, found in links.items()},
    )


def _take_converted(worker: ForkedWork, page: Page, files: Files) -> None:
    """Give ``page`` what the second process made of it: its HTML (held until written), table
    of contents, title, anchors and links; print its log messages here."""
    uri = page.file.src_uri
    try:
        html, toc, title, anchors, links = _copy_result(worker, uri, "converting")
    except _CopyFailed as exc:
        raise Abort(str(exc)) from None
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


def _start_page_writer(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> None:
    """Fork a copy of this build, once every page is converted and the static files are copied
    (a page replaces a static file of the same address, as mkdocs writes them), that writes
    every other page (Material's templates rendered with the navigation, the file written, the
    page's entry in the search index made) while this process writes the rest. This process
    renders nothing for the copy's pages (:data:`WRITTEN_ELSEWHERE`), so mkdocs writes no file
    for them, and gives their entries to the search index in their turn (:func:`_feed_search`).
    The files are the same as when one process writes them all (``LIF_PARALLEL=0``).
    """
    nav = config.extra.get(NAV_KEY)
    if not isinstance(nav, Navigation):
        return
    doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
    share = [file for file in doc_files[1::2] if file.page is not None]
    if not share:
        return
    try:
        writer = ForkedWork(
            _reported(lambda uri: _write_page(uri, env, config, files, nav, doc_files)),
            [file.src_uri for file in share],
            start=_copy_started,
        )
    except ForkedWorkError as exc:
        log.info(f"lif: writing pages on one processor core ({exc})")
        return
    config.extra[WRITER_KEY] = writer
    _running.append(writer)
    env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({WRITTEN_ELSEWHERE: ""}), env.loader])
    for file in share:
        assert file.page is not None
        file.page.meta["template"] = WRITTEN_ELSEWHERE
        _skipped.add(f"Page skipped: '{file.src_uri}'. Generated empty output.")
    logging.getLogger("mkdocs.commands.build").addFilter(_not_skipped)
    log.debug(f"lif: {len(share)} pages written by a second process")


def _not_skipped(record: logging.LogRecord) -> bool:
    """mkdocs says it skipped each page the second process writes; that message is left out,
    once for each page (a page that is empty in the copy too is reported once, as when one
    process builds the site)."""
    if not _skipped:
        return True
    message = record.getMessage()
    if message not in _skipped:
        return True
    _skipped.discard(message)
    return False


def _write_page(
    uri: str,
    env: jinja2.Environment,
    config: MkDocsConfig,
    files: Files,
    nav: Navigation,
    doc_files: Sequence[File],
) -> SearchEntry | None:
    """In the second process: write the page at ``uri`` as mkdocs does, with every plugin's
    events; return its entry in the search index (made by :func:`on_post_page`)."""
    file = files.get_file_from_path(uri)
    if file is None or file.page is None:
        raise KeyError(f"no page {uri}")
    _copy.pop("entry", None)
    _build_page(file.page, config, doc_files, nav, env, excluded=file.inclusion.is_excluded())
    entry: SearchEntry | None = _copy.pop("entry", None)
    return entry


# --- The preview that renders again only what changed (see previewing) ----------------------

#: The key under ``config.extra`` of this build's :class:`PreviewPlan`.
PLAN_KEY = "lif_preview_plan"

#: The project's files and folders that every page is made with: the settings (navigation
#: included), the page templates, the glue, and the data (the glossary marks every page).
SITE_INPUTS = ("mkdocs.yml", "overrides", "macros", "data", "links")

#: The folders of the content.
CONTENT_INPUTS = ("reviews", "briefs")


def _untitled_nav_pages(nav: Any) -> Iterable[str]:
    """The pages of the configured navigation that take their title from their own text (a
    page named without a title): every page shows it in its navigation."""
    if isinstance(nav, str):
        yield nav
    elif isinstance(nav, list):
        for entry in nav:
            yield from _untitled_nav_pages(entry)
    elif isinstance(nav, Mapping):
        for value in nav.values():
            if isinstance(value, list):
                yield from _untitled_nav_pages(value)


def _preview_plan(config: MkDocsConfig, site: Site) -> PreviewPlan:
    """Compare this build's inputs with the last build's (:data:`PREVIEW`)."""
    root = Path(config.config_file_path).parent
    untitled = [
        str(Path(config.docs_dir, uri))
        for uri in _untitled_nav_pages(config.nav or [])
        if uri.endswith(".md") and "://" not in uri
    ]
    site_stamps = file_stamps(root, [*SITE_INPUTS, *untitled])
    PREVIEW.next_sources, PREVIEW.next_pages = {}, {}
    PREVIEW.unsure = True
    listed_from = (site.today, library_fields_digest(site))
    again = PREVIEW.builds > 0
    plan = PreviewPlan(
        again=again,
        site_stamps=site_stamps,
        everything=not again or site_stamps != PREVIEW.site_stamps,
        listed_from=listed_from,
        listing_changed=listed_from != PREVIEW.listed_from,
        packs_from=(site_stamps, file_stamps(root, CONTENT_INPUTS)),
    )
    config.extra[PLAN_KEY] = plan
    return plan


class _PreviewFile(File):
    """A page of the preview that is rendered again only if it changed since the last build
    (``changed``): mkdocs skips a page of a dirty build whose file says it is not modified."""

    changed: bool = True

    def is_modified(self) -> bool:
        return self.changed

    @classmethod
    def of_page(
        cls, config: MkDocsConfig, plan: PreviewPlan, src_uri: str, content: str
    ) -> _PreviewFile:
        """A generated page, changed if its source differs from the last build's or its
        output is missing. An unchanged page is not read, so its source is not kept."""
        digest = source_digest(content)
        PREVIEW.next_sources[src_uri] = digest
        file = cls.generated(config, src_uri, content=content)
        file.changed = (
            plan.everything
            or PREVIEW.sources.get(src_uri) != digest
            or src_uri not in PREVIEW.pages
            or not os.path.isfile(file.abs_dest_path)
        )
        if not file.changed:
            file.content_string = ""
        return file


def _mount_docs_pages(files: Files, plan: PreviewPlan) -> Files:
    """The files with each page of docs/ mounted as a :class:`_PreviewFile`, in its place:
    changed if its file was saved since its page was written, or if it lists the content (a
    page with macros) and the content changed."""
    mounted: list[File] = []
    for file in files:
        if (
            not file.is_documentation_page()
            or file.generated_by is not None
            or file.abs_src_path is None
        ):
            mounted.append(file)
            continue
        changed = plan.everything or file.src_uri not in PREVIEW.pages or file.is_modified()
        if not changed and plan.listing_changed:
            text = Path(file.abs_src_path).read_text(encoding="utf-8", errors="replace")
            changed = "{{" in text or "{%" in text
        page = _PreviewFile(
            file.src_uri,
            file.src_dir,
            file.dest_dir,
            file.use_directory_urls,
            dest_uri=file.dest_uri,
            inclusion=file.inclusion,
        )
        page.changed = changed
        mounted.append(page)
    return Files(mounted)


def _shown(page: Page) -> dict[str, Any]:
    """What other pages of a build show or check of ``page``: its title (the navigation), its
    front matter, its date (the sitemap) and its anchors (links to them)."""
    return {
        "title": page.title,
        "meta": dict(page.meta),
        "update_date": page.update_date,
        "anchors": page.present_anchor_ids,
    }


def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    """In the preview (see :func:`previewing`), once every page to render again is read: give
    each page that is not read this time what the last build read of it, and keep what this
    build read for the next; the page templates compiled by the last build are used again.
    In a build on two or more cores, the second process that writes half of the pages is
    started once the static files are copied (:func:`on_pre_template`)."""
    plan = config.extra.get(PLAN_KEY)
    if not isinstance(plan, PreviewPlan):
        if _two_processes():
            config.extra[WRITER_KEY] = files
        return env
    env.bytecode_cache = PREVIEW.templates
    for file in files.documentation_pages():
        page = file.page
        if page is None:
            continue
        if isinstance(file, _PreviewFile) and not file.changed:
            shown = PREVIEW.pages[file.src_uri]
            page.title = shown["title"]
            page.meta = dict(shown["meta"])
            page.update_date = shown["update_date"]
            page.present_anchor_ids = shown["anchors"]
        PREVIEW.next_pages[file.src_uri] = _shown(page)
        plan.written[file.src_uri] = file.abs_dest_path
    return env


def _preview_built(config: MkDocsConfig, plan: PreviewPlan) -> None:
    """After a build of the preview: keep what it made, remove the pages of removed items, and
    bring the search index and theme packs up to date in the background."""
    site_dir = Path(config.site_dir)
    gone = PREVIEW.build_done(plan.site_stamps, plan.listed_from, plan.written)
    for path in map(Path, gone):
        if path.resolve().is_relative_to(site_dir.resolve()):
            path.unlink(missing_ok=True)
    memo.build_finished()
    if not plan.again:
        PREVIEW.packs.written(plan.packs_from)
        return
    site = site_of(config)
    PREVIEW.search.update(site_dir, site_catalogue(site))
    try:
        failure = PREVIEW.packs.refresh(site, site_dir, plan.packs_from)
    except OutputError as exc:
        failure = str(exc)
    if failure is not None:
        log.warning(f"lif: the theme packs were not brought up to date: {failure}")


def on_shutdown() -> None:
    """The preview is ending: stop what it does in the background."""
    if previewing():
        PREVIEW.close()


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
    return _elsewhere(page, config, WORKER_KEY)


def _written_elsewhere(page: Page, config: MkDocsConfig) -> ForkedWork | None:
    """The second process, if it writes ``page`` and this is the build."""
    return _elsewhere(page, config, WRITER_KEY)


def _elsewhere(page: Page, config: MkDocsConfig, key: str) -> ForkedWork | None:
    worker = config.extra.get(key)
    if _in_copy() or not isinstance(worker, ForkedWork):
        return None
    return worker if page.file.src_uri in worker.keys else None


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Let go of a generated page's source once mkdocs has read it (the page has its copy).
    A page the second process converts is given nothing to convert here."""
    if page.file.generated_by is not None:
        page.file.content_string = ""
    if _converted_elsewhere(page, config) is not None:
        page.__class__ = _ConvertedElsewhere
        return ""
    return markdown


class _ConvertedElsewhere(Page):
    """A page the second process converts: mkdocs' conversion of it, which would make a
    Markdown converter for nothing, is skipped; its HTML, table of contents, title and anchors
    come from that process (:func:`on_page_content`)."""

    def render(self, config: MkDocsConfig, files: Files) -> None:
        self.content = ""


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Mark the first use of each glossary abbreviation (it says what it stands for), then hold
    the page's HTML compressed until its turn to be written, without its Markdown.

    mkdocs converts every page before it writes any, so it would hold the Markdown and the HTML
    of the whole site at once (about 1 GB at 5,000 items); the HTML compresses to a sixth.
    """
    worker = _converted_elsewhere(page, config)
    if worker is not None:
        page.markdown = None
        _take_converted(worker, page, files)
        return ""
    if page.present_anchor_ids is not None and page.markdown:
        page.present_anchor_ids |= set_aside_anchor_ids(page.markdown)
    page.markdown = None
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
    if _written_elsewhere(page, config) is not None:
        return context
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
    keeps the published policy.

    The pages go to the index in the order mkdocs writes them, those the second process wrote
    included (:func:`_feed_search`), so the index is the same whichever process wrote a page.
    """
    index = config.extra.get(SEARCH_KEY)
    uri = page.file.src_uri
    try:
        if _in_copy():
            _copy["entry"] = (
                index.entry(page.url, output) if isinstance(index, SearchIndex) else None
            )
        elif _written_elsewhere(page, config) is not None:
            _search_queue.append((uri, True))
        elif isinstance(index, SearchIndex):
            _search_queue.append((uri, index.entry(page.url, output)))
        _feed_search(config, wait=False)
    except SearchIndexError as exc:
        raise Abort(f"lif: search index: {exc}") from None
    page.content = None
    return _previewed(output, uri) if serving() else output


def _feed_search(config: MkDocsConfig, wait: bool) -> None:
    """Give the search index every page of :data:`_search_queue` whose entry is ready, in
    order: up to the first page the second process has not yet written, or, if ``wait``, all
    of them. Print the log messages of each page the second process wrote. Raises
    :class:`SearchIndexError` if Pagefind cannot be started; with ``wait``, :class:`Abort` if
    the second process failed on a page. A failure found before is kept until then
    (:data:`_writer_failed`): raised in another page's events, mkdocs would name that page."""
    index = config.extra.get(SEARCH_KEY)
    writer = config.extra.get(WRITER_KEY)
    while _search_queue and not _writer_failed:
        uri, entry = _search_queue[0]
        if entry is True:
            if not isinstance(writer, ForkedWork):
                _writer_failed.append(f"lif: {uri} was not written: the second process stopped")
                break
            if not wait and not writer.ready(uri):
                return
            try:
                entry = _copy_result(writer, uri, "writing")
            except _CopyFailed as exc:
                _writer_failed.append(str(exc))
                break
        _search_queue.popleft()
        if entry is not None and isinstance(index, SearchIndex):
            index.add(entry)
    if wait and _writer_failed:
        raise Abort(_writer_failed[0])


def on_pre_template(
    template: jinja2.Template, template_name: str, config: MkDocsConfig
) -> jinja2.Template:
    """At the first of the theme's own pages (``sitemap.xml``, ``404.html``), which mkdocs
    renders after it has copied the static files and before the site's pages: start the second
    process that writes half of the pages (:func:`_start_page_writer`), if :func:`on_env` said
    to (it left the files under :data:`WRITER_KEY`)."""
    files = config.extra.get(WRITER_KEY)
    if isinstance(files, Files):
        del config.extra[WRITER_KEY]
        _start_page_writer(template.environment, config, files)
    return template


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    """The theme's own pages (the 404 page) in the preview, as :func:`on_post_page`."""
    if not serving() or 'http-equiv="Content-Security-Policy"' not in output_content:
        return output_content
    return _previewed(output_content, template_name)


def on_post_build(config: MkDocsConfig) -> None:
    """Write the outputs that are not pages (feeds, redirects, catalogue), then wait for the
    search index and the theme packs. In the preview's builds after its first, the search
    index and the packs are brought up to date after the build instead (see
    :func:`_preview_built`)."""
    site_dir = Path(config.site_dir)
    try:
        _feed_search(config, wait=True)
    except SearchIndexError as exc:
        raise Abort(f"lif: search index: {exc}") from None
    index = config.extra.pop(SEARCH_KEY, None)
    packs = config.extra.pop(BACKGROUND_KEY, None)
    for key in (WORKER_KEY, WRITER_KEY, NAV_KEY):
        config.extra.pop(key, None)
    plan = config.extra.pop(PLAN_KEY, None)
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
    if isinstance(plan, PreviewPlan):
        _preview_built(config, plan)


def on_build_error(error: Exception | None) -> None:
    """Stop the search index and the background writers of a build that failed (the index is
    not written); after a build, stop what is left of them. A build of the preview that failed
    after its pages were mounted may have written some of them: the next renders them all."""
    if error is not None and previewing() and PREVIEW.unsure:
        PREVIEW.site_stamps = None
    for work in _running:
        if isinstance(work, SearchIndex | ForkedWork):
            work.close()
        else:
            work.stop()
    _running.clear()
    _held.clear()
    _search_queue.clear()
    _skipped.clear()
    _writer_failed.clear()
