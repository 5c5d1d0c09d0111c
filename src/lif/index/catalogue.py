"""The search catalogue: facets (review type, board, year, theme, methodology, kind,
audience) and one record per public item, computed once from the site.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from lif.index.site import Site
from lif.model.content import Brief, Item, Review
from lif.model.paths import item_path
from lif.model.publication import fmt_date, publication_date

#: Where the catalogue is written, under the site root.
CATALOGUE_PATH = "search/catalogue.json"


#: The catalogue's format; a consumer checks it before reading.
CATALOGUE_VERSION = 1


#: Sections of the site, besides the items, whose pages are searchable: the framework in plain
#: language and the guides to each review type and methodology.
GUIDE_SECTIONS = ("framework", "review-types", "methodologies")


#: The kind given to the pages of :data:`GUIDE_SECTIONS`.
GUIDE_KIND = "framework"


GUIDE_KIND_LABEL = "Framework and guides"


@dataclass(frozen=True)
class Facet:
    """One way to narrow the results: its URL parameter, its name, and an item's values."""

    key: str
    label: str
    values: Callable[[Item], list[str]]


def _kind(item: Item) -> list[str]:
    return ["review"] if isinstance(item, Review) else [item.kind]


def _review_type(item: Item) -> list[str]:
    return [item.review_type] if isinstance(item, Review) else []


def _board(item: Item) -> list[str]:
    # A joint item is learning for each board: it is found under either, and under "joint".
    return ["children", "adults", "both"] if item.board == "both" else [item.board]


def _year(item: Item) -> list[str]:
    date = publication_date(item)
    return [str(date.year)] if date else []


def _themes(item: Item) -> list[str]:
    return list(item.themes)


def _methodology(item: Item) -> list[str]:
    return list(item.methodology) if isinstance(item, Review) else []


def _audience(item: Item) -> list[str]:
    return list(item.audience) if isinstance(item, Brief) else []


#: The facets, in the order the search page shows them. Each key is a URL parameter of the
#: search page (``search/?q=hoarding&type=safeguarding-adults-review&year=2024``) and a
#: Pagefind filter name. Values of one facet widen the results (any of them); facets narrow
#: them (all of them).
FACETS: tuple[Facet, ...] = (
    Facet("kind", "Kind", _kind),
    Facet("type", "Review type", _review_type),
    Facet("board", "Board", _board),
    Facet("year", "Year", _year),
    Facet("theme", "Theme", _themes),
    Facet("methodology", "Methodology", _methodology),
    Facet("audience", "Audience", _audience),
)


FACET_KEYS = tuple(f.key for f in FACETS)


def facet_labels(site: Site) -> dict[str, dict[str, str]]:
    """For each facet, its values in display order with their labels.

    Every value of the vocabularies is listed (a value without items gets a count of 0), years
    newest first from the items themselves.
    """
    vocab = site.vocab
    boards = {term.key: str(term.get("short") or term.label) for term in vocab.boards}
    years = sorted({y for item in site.public for y in _year(item)}, reverse=True)
    kinds = {"review": "Review"}
    kinds.update({term.key: term.label for term in vocab.kinds})
    kinds[GUIDE_KIND] = GUIDE_KIND_LABEL
    return {
        "kind": kinds,
        "type": {term.key: term.label for term in vocab.review_types},
        "board": boards,
        "year": {y: y for y in years},
        "theme": {term.key: term.label for term in vocab.themes},
        "methodology": {term.key: term.label for term in vocab.methodologies},
        "audience": {term.key: term.label for term in vocab["audience"]},
    }


def item_facets(item: Item) -> dict[str, list[str]]:
    """The facet values of one item (facets without a value are left out)."""
    out: dict[str, list[str]] = {}
    for facet in FACETS:
        values = list(dict.fromkeys(facet.values(item)))
        if values:
            out[facet.key] = values
    return out


def facet_counts(items: Iterable[Item]) -> dict[str, Counter[str]]:
    """How many of ``items`` have each value of each facet."""
    counts: dict[str, Counter[str]] = {f.key: Counter() for f in FACETS}
    for item in items:
        for key, values in item_facets(item).items():
            counts[key].update(values)
    return counts


def catalogue_record(item: Item) -> dict[str, Any]:
    """One item of the catalogue: what a result shows and what the facets need, no body.

    Facet values are keys; their labels are in the catalogue's ``facets`` list, once.
    """

    date = publication_date(item)
    record: dict[str, Any] = {
        "id": item.id,
        "url": item_path(item),
        "title": item.title,
        "date": date.isoformat() if date else None,
        "summary": item.summary,
        "facets": item_facets(item),
    }
    if item.status == "withdrawn":
        record["withdrawn"] = True
    return record


def build_catalogue(site: Site) -> dict[str, Any]:
    """The catalogue of the public items, newest first, with the labels of the facets."""
    labels = facet_labels(site)
    return {
        "version": CATALOGUE_VERSION,
        "facets": [{"key": f.key, "label": f.label, "values": labels[f.key]} for f in FACETS],
        "items": [catalogue_record(item) for item in site.public],
    }


@dataclass(frozen=True)
class SearchRecord:
    """One searchable page: what its result shows and the facet values it is found under."""

    url: str
    title: str
    kind: str
    type: str
    date: str
    summary: str
    facets: Mapping[str, Sequence[str]]

    def meta(self) -> dict[str, str]:
        """The fields a result shows (Pagefind's "meta"), without the empty ones."""
        fields = {
            "title": self.title,
            "kind": self.kind,
            "type": self.type,
            "date": self.date,
            "summary": self.summary,
        }
        return {key: value for key, value in fields.items() if value}


def item_record(entry: Mapping[str, Any], labels: Mapping[str, Mapping[str, str]]) -> SearchRecord:
    """The search record of a catalogue item; ``labels`` are the catalogue's facet labels."""
    date = entry.get("date")
    facets = entry["facets"]
    kind = facets["kind"][0]
    types = facets.get("type") or []
    return SearchRecord(
        url=str(entry["url"]),
        title=str(entry["title"]),
        kind=labels["kind"].get(kind, kind),
        type=labels["type"].get(types[0], types[0]) if types else "",
        date=fmt_date(dt.date.fromisoformat(date)) if date else "",
        summary=str(entry["summary"]),
        facets=facets,
    )


def catalogue_labels(catalogue: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """The labels of the facet values of a catalogue, by facet."""
    labels: dict[str, dict[str, str]] = {key: {} for key in FACET_KEYS}
    for facet in catalogue["facets"]:
        labels[facet["key"]] = dict(facet["values"])
    return labels
