"""mkdocs-macros glue: thin wrappers that hand the loaded site to pure ``lif`` renderers.

Only pages with ``render_macros: true`` in their front matter are rendered
(``render_by_default: false``), so ``{{`` in a review is shown as text. The site is fetched when a
macro runs, never at import time: mkdocs-macros keeps this module between ``mkdocs serve`` builds.
"""

from __future__ import annotations

from typing import Any

from lif import listings
from lif.site import Site, site_from


def define_env(env: Any) -> None:
    """Register the macros."""

    def site() -> Site:
        return site_from(env.conf.extra)

    @env.macro
    def latest_learning(count: int = 6) -> str:
        """The newest published reviews and briefs, as a list with summaries."""
        return listings.render_latest(site(), env.page.url, count)
