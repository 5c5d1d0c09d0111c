"""The search page with its facets."""

from __future__ import annotations

from collections.abc import Iterable

from lif.index.catalogue import FACETS, GUIDE_KIND, facet_counts, facet_labels
from lif.index.site import Site
from lif.model.pages import GeneratedPage
from lif.render.fragments import esc, page_front_matter

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
    groups start folded, so a keyboard reaches the results in a few steps.
    """
    counts = facet_counts(site.public)
    labels = facet_labels(site)
    groups = []
    for facet in FACETS:
        rows = []
        for value, label in labels[facet.key].items():
            count = counts[facet.key].get(value, 0)
            if count == 0 and value != GUIDE_KIND:
                continue
            shown = f"({count})" if value != GUIDE_KIND else ""
            rows.append(
                f'<li><label><input type="checkbox" form="lif-search-form" '
                f'name="{esc(facet.key)}" value="{esc(value)}"> '
                f'<span class="lif-facet__label">{esc(label)}</span> '
                f'<span class="lif-facet__count" data-lif-count>{shown}</span></label></li>'
            )
        if not rows:
            continue
        opened = " open" if facet.key in OPEN_FACETS else ""
        groups.append(
            f'<details class="lif-facet" data-lif-facet="{esc(facet.key)}"{opened}>'
            f'<summary>{esc(facet.label)} <span class="lif-facet__chosen" data-lif-chosen>'
            "</span></summary>"
            f'<fieldset><legend class="lif-visually-hidden">{esc(facet.label)}</legend>'
            f'<ul class="lif-facet__values">{"".join(rows)}</ul></fieldset></details>'
        )
    return '<div class="lif-facets__groups">\n' + "\n".join(groups) + "\n</div>\n"


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
