"""The search page with its facets (markup in ``search/facets.html``)."""

from __future__ import annotations

from collections.abc import Iterable

from lif.index.catalogue import FACETS, GUIDE_KIND, facet_counts, facet_labels
from lif.index.site import Site
from lif.model.pages import GeneratedPage
from lif.render.fragments import page_front_matter
from lif.render.templating import render_template

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
    groups start folded, so a keyboard reaches the results in a few steps. Returns the groups
    as an HTML block, from ``search/facets.html``.
    """
    counts = facet_counts(site.public)
    labels = facet_labels(site)
    groups = []
    for facet in FACETS:
        choices = [
            {
                "value": value,
                "label": label,
                "count": None if value == GUIDE_KIND else counts[facet.key].get(value, 0),
            }
            for value, label in labels[facet.key].items()
            if value == GUIDE_KIND or counts[facet.key].get(value, 0)
        ]
        if choices:
            groups.append(
                {
                    "key": facet.key,
                    "label": facet.label,
                    "open": facet.key in OPEN_FACETS,
                    "choices": choices,
                }
            )
    return render_template("search/facets.html", groups=groups)


def search_pages(site: Site) -> Iterable[GeneratedPage]:
    """Page provider: the search page at ``search/``."""

    meta = {
        "title": "Search",
        "description": "Search reviews, briefings and the framework, and narrow the results by "
        "kind, review type, board, year, theme, methodology and audience.",
        "template": SEARCH_TEMPLATE,
        "hide": ["toc", "navigation"],
    }
    yield GeneratedPage("search.md", page_front_matter(meta) + render_facets(site))
