"""mkdocs glue: load and check the content once per build, mount the generated pages; in the
local preview, watch the content and let the preview reload its pages.

This file is the only place, with ``macros/main.py``, that knows about mkdocs. Everything it
mounts comes from :func:`lif.pages.generated_pages`; everything it writes after the build comes
from :func:`lif.outputs.write_outputs`.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Literal

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure import StructureItem
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from lif.index.site import SITE_KEY, Site, load_site, site_from
from lif.load.pictures import item_pictures
from lif.model.paths import item_source_uri, nav_section
from lif.model.policy import preview_page
from lif.model.preview import WATCHED_FOLDERS
from lif.model.settings import SettingError
from lif.model.vocab import VocabularyError
from lif.output.files import OutputError
from lif.output.search_index import SearchIndexError, index_site
from lif.output.site_files import write_outputs
from lif.render.glossary import mark_abbreviations
from lif.render.pages import generated_pages

log = logging.getLogger("mkdocs.hooks.lif")

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
    """Mount the published items and the generated pages at their permanent addresses, and
    each published item's pictures beside its page."""
    site = site_of(config)
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


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
    """The preview rebuilds after an edit to the content, data, links or templates too."""
    root = Path(config.config_file_path).parent
    for name in WATCHED_FOLDERS:
        if (root / name).is_dir():
            server.watch(str(root / name))
    return server


def _previewed(html: str, name: str) -> str:
    """A page of the preview, with the policy that lets the preview reload it."""
    try:
        return preview_page(html)
    except ValueError as exc:
        log.warning(f"lif: {name}: {exc}; the preview will not reload this page by itself")
        return html


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """In the preview only, let the preview server's reload script run (see
    :data:`lif.model.policy.PREVIEW_POLICY`); a built page keeps the published policy."""
    return _previewed(output, page.file.src_uri) if serving() else output


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    """The theme's own pages (the 404 page) in the preview, as :func:`on_post_page`."""
    if not serving() or 'http-equiv="Content-Security-Policy"' not in output_content:
        return output_content
    return _previewed(output_content, template_name)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """The first use of each abbreviation of the glossary on the page says what it stands for."""
    return mark_abbreviations(html, site_of(config).vocab.glossary)


def _entry_url(item: StructureItem) -> str | None:
    """The site path a top-level entry of the navigation opens: its page, or a section's first."""
    while isinstance(item, Section) and item.children:
        item = item.children[0]
    return item.url if isinstance(item, Page) else None


def on_page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation
) -> dict[str, Any]:
    """Wayfinding: the section of a page outside the navigation is marked as current, and the
    left sidebar is hidden on wide screens wherever its section has no pages to list in it.

    A review, brief, guide, theme or board page is not in the navigation (DESIGN.md), so the
    theme marks no tab for it: its section (by :func:`lif.model.paths.nav_section`) is marked
    active here, for the tabs and the phone's menu alike. Pages are built one after another with
    the same navigation, so a mark left by the page before is taken off first.
    """
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


def on_post_build(config: MkDocsConfig) -> None:
    """Write the outputs that are not pages (feeds, packs, catalogue) into the built site; in
    the preview, index it for search too (``lif build`` does that after the generator)."""
    try:
        write_outputs(site_of(config), Path(config.site_dir))
    except OutputError as exc:
        raise Abort(f"lif: {exc}") from None
    if serving():
        try:
            index_site(Path(config.site_dir))
        except (SearchIndexError, OutputError, OSError) as exc:  # the preview goes on
            log.warning(f"lif: search in the preview is not available ({exc})")
