"""The local preview of the site (``lif serve``): what it watches for edits.

The generator's preview server watches ``docs/`` and ``mkdocs.yml`` itself; the hub's pages are
made from other folders too, and an edit in any of them must rebuild the preview.
"""

from __future__ import annotations

#: The project's folders the preview watches besides ``docs/`` and ``mkdocs.yml``: the reviews
#: and briefs, the data and link files they are checked against, and the page templates.
WATCHED_FOLDERS: tuple[str, ...] = ("reviews", "briefs", "data", "links", "overrides")
