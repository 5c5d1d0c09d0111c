"""mkdocs-macros glue: thin wrappers that hand the loaded site to pure ``lif`` renderers.

Only pages with ``render_macros: true`` in their front matter are rendered
(``render_by_default: false``), so ``{{`` in a review is shown as text. The site is fetched when a
macro runs, never at import time: mkdocs-macros keeps this module between ``mkdocs serve`` builds.
"""

from __future__ import annotations

from typing import Any

from lif.index.site import Site, site_from
from lif.render.feeds import render_feed_list
from lif.render.framework import (
    render_appendix_table,
    render_methodology_index,
    render_practice_changes,
    render_review_type_comparison,
)
from lif.render.listings import (
    render_audience_links,
    render_kind_links,
    render_latest,
    render_latest_briefings,
    render_latest_reviews,
    render_review_type_links,
    render_user_routes,
    render_year_links,
)
from lif.render.packs import render_pack_index
from lif.render.themes import render_theme_browser, render_theme_index


def define_env(env: Any) -> None:
    """Register the macros."""

    def site() -> Site:
        return site_from(env.conf.extra)

    @env.macro
    def latest_learning(count: int = 6) -> str:
        """The newest published reviews and briefs, as a list with summaries."""
        return render_latest(site(), env.page.url, count)

    # --- The learning library (issue 4): listings, themes, the home page's routes -----------
    # The per-year, per-type, per-kind and per-theme pages are generated (lif.pages.PROVIDERS).

    @env.macro
    def latest_reviews(count: int = 10) -> str:
        """The newest published reviews, as cards."""
        return render_latest_reviews(site(), env.page.url, count)

    @env.macro
    def latest_briefings(count: int = 10, kind: str | None = None) -> str:
        """The newest briefs (of one kind, if given), as cards."""
        return render_latest_briefings(site(), env.page.url, count, kind)

    @env.macro
    def review_years() -> str:
        """Each year with published reviews, linking to its listing, with counts."""
        return render_year_links(site(), env.page.url)

    @env.macro
    def review_type_links(include_empty: bool = False) -> str:
        """Each review type in use, linking to its listing, with counts."""
        return render_review_type_links(site(), env.page.url, include_empty)

    @env.macro
    def briefing_kinds() -> str:
        """Each kind of brief, linking to its listing, with counts."""
        return render_kind_links(site(), env.page.url)

    @env.macro
    def audience_links(include_empty: bool = False) -> str:
        """Each audience that briefs are written for, linking to its listing, with counts."""
        return render_audience_links(site(), env.page.url, include_empty)

    @env.macro
    def theme_index() -> str:
        """Every theme in use, grouped, with its description and counts."""
        return render_theme_index(site(), env.page.url)

    @env.macro
    def theme_browser(count: int = 12) -> str:
        """The most used themes, with counts, and a link to all themes."""
        return render_theme_browser(site(), env.page.url, count)

    @env.macro
    def user_routes() -> str:
        """Short routes for practitioners, board staff and trainers."""
        return render_user_routes(env.page.url)

    # --- Framework knowledge (issue 3): comparison, appendix tables, methods, changes -----------
    # The guides themselves are generated pages (lif.pages.framework_guide_pages).

    @env.macro
    def review_type_comparison() -> str:
        """The current review types side by side: "which review fits this case?"."""
        return render_review_type_comparison(site(), env.page.url)

    @env.macro
    def appendix_table(appendix: str) -> str:
        """Appendix A, B or C of the framework ("A"/"statutory", "B", "C"/"methodologies")."""
        return render_appendix_table(site(), env.page.url, appendix)

    @env.macro
    def methodology_index() -> str:
        """Every review methodology, with what it is for and how many reviews used it."""
        return render_methodology_index(site(), env.page.url)

    @env.macro
    def practice_changes() -> str:
        """Where current practice differs from the 2017 framework, from the data."""
        return render_practice_changes(site(), env.page.url)

    # --- For trainers (issue 7): feeds and training packs --------------------------------------

    @env.macro
    def feed_list() -> str:
        """The site's feeds (all learning, and per board), RSS and JSON Feed."""
        return render_feed_list(site(), env.page.url)

    @env.macro
    def training_packs() -> str:
        """Every theme's training pack downloads and print view."""
        return render_pack_index(site(), env.page.url)
