"""Listing pages and macros: the newest learning, reviews by year and type, briefs by kind and
audience, and the home page's routes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from lif.index.listings import (
    GroupOf,
    _by_year,
    briefs_by_audience,
    briefs_by_kind,
    pager_numbers,
    paginate,
    reviews_by_type,
    reviews_by_year,
)
from lif.index.site import Site
from lif.model.content import Item, Review
from lif.model.pages import GeneratedPage
from lif.model.paths import (
    PER_PAGE,
    THEMES,
    audience_listing_path,
    audiences_path,
    item_path,
    kind_listing_path,
    kinds_path,
    review_type_listing_path,
    review_type_path,
    review_types_path,
    source_uri,
    year_path,
    years_path,
)
from lif.model.publication import publication_date
from lif.render.fragments import (
    BRIEFINGS_CRUMB,
    HOME,
    REVIEWS_CRUMB,
    kind_plural,
    page_front_matter,
)
from lif.render.templating import render_template, trusted_html


def item_kind_label(site: Site, item: Item) -> str:
    """What an item is, in words: its review type or its kind of brief."""
    if isinstance(item, Review):
        return site.vocab.review_types.label(item.review_type)
    return site.vocab.kinds.label(item.kind)


def board_short(site: Site, key: str) -> str:
    """A board's short name (its ``short`` field, else its label; the key if it is unknown)."""
    term = site.vocab.boards.terms.get(key)
    if term is None:
        return key
    return str(term.get("short") or term.label)


def _card(site: Site, page: str, item: Item) -> dict[str, Any]:
    """What a card shows of ``item`` on ``page``, and the route onward from it: a review's
    briefings (``also``), or the reviews a brief draws on (``sources``)."""
    also: list[dict[str, str]] = []
    sources: list[tuple[str, str]] = []
    if isinstance(item, Review):
        also = [
            {"path": item_path(b), "label": site.vocab.kinds.label(b.kind), "title": b.title}
            for b in site.briefs_by_review.get(item.id, [])
            if item_path(b) != page
        ]
    else:
        sources = [
            (item_path(site.by_id[r]), site.by_id[r].title)
            for r in dict.fromkeys(item.reviews)
            if r in site.by_id
        ]
    return {
        "kind": "review" if isinstance(item, Review) else item.kind,
        "id": item.id,
        "path": item_path(item),
        "title": item.title,
        "kind_label": item_kind_label(site, item),
        "board": board_short(site, item.board),
        "published": publication_date(item),
        "withdrawn": item.status == "withdrawn",
        "summary": item.summary,
        "themes": ", ".join(site.vocab.themes.label(t) for t in dict.fromkeys(item.themes)),
        "also": also,
        "sources": sources,
    }


def render_item_card(site: Site, page: str, item: Item, heading_level: int = 3) -> str:
    """One item in a listing: title link, what it is, board, date, themes and summary."""
    return render_template(
        "listings/card.html",
        page=page,
        entry=_card(site, page, item),
        heading_level=heading_level,
    )


def render_cards(site: Site, page: str, items: Sequence[Item], heading_level: int = 3) -> str:
    """Items as a list of cards; a sentence when there are none."""
    return render_template(
        "listings/cards.html",
        page=page,
        entries=_cards(site, page, items),
        heading_level=heading_level,
    )


def _cards(site: Site, page: str, items: Sequence[Item]) -> list[dict[str, Any]]:
    return [_card(site, page, i) for i in items]


def render_latest(site: Site, page: str, count: int = 6) -> str:
    """The newest ``count`` public items."""
    return render_cards(site, page, site.public[:count])


def render_latest_reviews(site: Site, page: str, count: int = 10) -> str:
    """Cards of the newest ``count`` public reviews, for the page at site path ``page``."""
    return render_cards(site, page, site.reviews[:count])


def render_latest_briefings(site: Site, page: str, count: int = 10, kind: str | None = None) -> str:
    """Cards of the newest ``count`` public briefs (of ``kind`` only, if given), for the page
    at site path ``page``."""
    briefs = [b for b in site.briefs if kind is None or b.kind == kind]
    return render_cards(site, page, briefs[:count])


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _link_list(
    page: str, rows: Iterable[tuple[str, str, str]], variant: str, or_nothing: bool = True
) -> str:
    """Links with a count after each: ``(path, text, count text)``, in a list of the class
    ``variant``; when there are none, a sentence saying so (``or_nothing``) or nothing."""
    return render_template(
        "listings/browse.html", page=page, rows=list(rows), variant=variant, or_nothing=or_nothing
    )


def render_year_links(site: Site, page: str) -> str:
    """Every year with published reviews, with how many."""
    rows = [
        (year_path(year), str(year), _count(len(items), "review", "reviews"))
        for year, items in reviews_by_year(site).items()
    ]
    return _link_list(page, rows, "lif-browse--years")


def render_review_type_links(site: Site, page: str, include_empty: bool = False) -> str:
    """Each review type (those in use, unless ``include_empty``) with its count of reviews."""
    rows = [
        (
            review_type_listing_path(key),
            site.vocab.review_types.label(key),
            _count(len(items), "review", "reviews"),
        )
        for key, items in reviews_by_type(site).items()
        if items or include_empty
    ]
    return _link_list(page, rows, "lif-browse--types")


def render_kind_links(site: Site, page: str) -> str:
    """Each kind of brief with its count."""
    rows = [
        (kind_listing_path(key), kind_plural(site, key), _count(len(items), "item", "items"))
        for key, items in briefs_by_kind(site).items()
    ]
    return _link_list(page, rows, "lif-browse--kinds", or_nothing=False)


def render_audience_links(site: Site, page: str, include_empty: bool = False) -> str:
    """Each audience that briefs are written for, with its count."""
    rows = [
        (
            audience_listing_path(key),
            site.vocab["audience"].label(key),
            _count(len(items), "briefing", "briefings"),
        )
        for key, items in briefs_by_audience(site).items()
        if items or include_empty
    ]
    return _link_list(page, rows, "lif-browse--audiences")


#: Short routes for the three kinds of reader: (heading, description, [(path, text)]).
ROUTES: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    (
        "I work with children, adults or families",
        "Social workers, nurses, police officers, teachers, GPs and others.",
        (
            (kind_listing_path("seven-minute-briefing"), "Seven-minute briefings for your team"),
            (THEMES, "Learning by theme"),
            (audience_listing_path("practitioners"), "Briefings written for practitioners"),
        ),
    ),
    (
        "I work for a safeguarding board",
        "Board office staff, managers and board members.",
        (
            ("how-to-publish/", "How to publish a review or briefing"),
            ("learning-in-practice/", "What has changed since each review"),
            (review_types_path(), "Reviews by type"),
        ),
    ),
    (
        "I train or teach",
        "Trainers and educators who use the learning in courses.",
        (
            ("for-trainers/", "Training packs, feeds and how to link"),
            (years_path(), "Reviews by year"),
            (kinds_path(), "Briefings by kind"),
        ),
    ),
)


def render_user_routes(page: str) -> str:
    """Three short routes into the site, one for each kind of reader (:data:`ROUTES`)."""
    return render_template("listings/routes.html", page=page, readers=ROUTES)


def _pager_nav(path_for: Callable[[int], str], current: int, total: int) -> dict[str, Any]:
    """What the pager of page ``current`` of ``total`` shows: the numbers of
    :func:`pager_numbers`, each with its address and whether a gap comes before it."""
    shown = pager_numbers(current, total) if total > 1 else []
    return {
        "current": current,
        "total": total,
        "previous": path_for(current - 1) if current > 1 else None,
        "next": path_for(current + 1) if current < total else None,
        "steps": [
            {"number": number, "path": path_for(number), "gap": number - previous > 1}
            for previous, number in zip([0, *shown], shown, strict=False)
        ],
    }


def render_pager(page: str, path_for: Callable[[int], str], current: int, total: int) -> str:
    """Previous / numbered / next links between the pages of one listing, then a blank line.

    Nothing for a listing of one page.
    """
    return render_template(
        "listings/pager.html", page=page, nav=_pager_nav(path_for, current, total)
    )


def listing_pages(
    site: Site,
    *,
    path_for: Callable[[int], str],
    title: str,
    intro_html: str,
    items: Sequence[Item],
    trail: Sequence[tuple[str, str]],
    group_of: GroupOf | None = None,
    per_page: int = PER_PAGE,
) -> list[GeneratedPage]:
    """A listing of ``items`` (already in order) as pages of ``per_page`` cards.

    ``path_for(n)`` is the site path of page ``n``; ``group_of`` gives each item a heading and
    anchor, so a long list reads as years or kinds rather than one column.
    """
    chunks = paginate(items, per_page)
    pages = []
    for number, chunk in enumerate(chunks, start=1):
        page = path_for(number)
        page_title = title if len(chunks) == 1 else f"{title} (page {number} of {len(chunks)})"
        meta: dict[str, Any] = {
            "title": page_title,
            "description": _plain(intro_html)[:200] or title,
            "lif_listing": True,
            "search": {"exclude": True},
        }
        groups = None
        if group_of is not None and chunk:
            groups = [
                {"heading": heading, "anchor": anchor, "entries": _cards(site, page, group)}
                for heading, anchor, group in _groups(chunk, group_of)
            ]
        content = render_template(
            "listings/listing.md",
            page=page,
            trail=list(trail),
            title=page_title,
            intro=trusted_html(intro_html) if number == 1 else None,
            nav=_pager_nav(path_for, number, len(chunks)),
            entries=_cards(site, page, chunk),
            groups=groups,
        )
        pages.append(GeneratedPage(source_uri(page), page_front_matter(meta) + content))
    return pages


def _groups(items: Sequence[Item], group_of: GroupOf) -> list[tuple[str, str, list[Item]]]:
    """Consecutive runs of items with the same group, in their order."""
    out: list[tuple[str, str, list[Item]]] = []
    for item in items:
        heading, anchor = group_of(item)
        if out and out[-1][1] == anchor:
            out[-1][2].append(item)
        else:
            out.append((heading, anchor, [item]))
    return out


def _plain(html: str) -> str:
    """Text of an HTML fragment, for a page's description."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _index_page(
    path: str, title: str, trail: Sequence[tuple[str, str]], links: str, lead: str | None = None
) -> GeneratedPage:
    """A page that lists listings: ``links`` (HTML of :func:`_link_list`) under ``lead``."""
    meta = {"title": title, "lif_listing": True, "search": {"exclude": True}}
    content = render_template(
        "listings/index.md",
        page=path,
        trail=list(trail),
        title=title,
        lead=lead,
        links=trusted_html(links),
    )
    return GeneratedPage(source_uri(path), page_front_matter(meta) + content)


def _intro(
    page: str,
    lead: str | None = None,
    sentence: str | None = None,
    guide: tuple[str, str] | None = None,
) -> str:
    """The introduction of a listing: a lead paragraph, then a sentence that may end with a
    link to the guide of a review type (``guide``: path and text)."""
    return render_template(
        "listings/intro.html",
        page=page,
        lead=lead,
        sentence=sentence,
        guide={"path": guide[0], "text": guide[1]} if guide else None,
    )


def review_listing_pages(site: Site) -> list[GeneratedPage]:
    """Reviews by year (one listing per year) and by type (one per type in the vocabulary)."""
    pages = [
        _index_page(
            years_path(),
            "Reviews by year",
            [HOME, REVIEWS_CRUMB],
            render_year_links(site, years_path()),
            lead="Every year in which the boards published a review.",
        ),
        _index_page(
            review_types_path(),
            "Reviews by type",
            [HOME, REVIEWS_CRUMB],
            render_review_type_links(site, review_types_path(), include_empty=True),
            lead="Each type of review in the Learning and Improvement Framework, with how many "
            "the boards have published.",
        ),
    ]
    trail_year = [HOME, REVIEWS_CRUMB, (years_path(), "By year")]
    for year, reviews in reviews_by_year(site).items():
        pages += listing_pages(
            site,
            path_for=lambda n, y=year: year_path(y, n),  # type: ignore[misc]
            title=f"Reviews published in {year}",
            intro_html=_intro(
                year_path(year),
                lead=f"{_count(len(reviews), 'review', 'reviews')} published in {year}, "
                "newest first.",
            ),
            items=reviews,
            trail=trail_year,
        )
    trail_type = [HOME, REVIEWS_CRUMB, (review_types_path(), "By type")]
    for key, reviews in reviews_by_type(site).items():
        term = site.vocab.review_types.terms.get(key)
        label = term.label if term else key
        first = review_type_listing_path(key)
        intro = _intro(
            first,
            lead=term.description if term and term.description else None,
            sentence=f"{_count(len(reviews), 'review', 'reviews')}, newest first.",
            guide=(review_type_path(key), "About this type of review"),
        )
        pages += listing_pages(
            site,
            path_for=lambda n, k=key: review_type_listing_path(k, n),  # type: ignore[misc]
            title=f"{label}: published reviews",
            intro_html=intro,
            items=reviews,
            trail=trail_type,
            group_of=_by_year,
        )
    return pages


def briefing_listing_pages(site: Site) -> list[GeneratedPage]:
    """Briefs by kind and by audience, one paginated listing each."""
    pages = [
        _index_page(
            kinds_path(),
            "Briefings by kind",
            [HOME, BRIEFINGS_CRUMB],
            render_kind_links(site, kinds_path()),
        ),
        _index_page(
            audiences_path(),
            "Briefings by audience",
            [HOME, BRIEFINGS_CRUMB],
            render_audience_links(site, audiences_path(), include_empty=True),
        ),
    ]
    trail_kind = [HOME, BRIEFINGS_CRUMB, (kinds_path(), "By kind")]
    for key, briefs in briefs_by_kind(site).items():
        term = site.vocab.kinds.terms.get(key)
        pages += listing_pages(
            site,
            path_for=lambda n, k=key: kind_listing_path(k, n),  # type: ignore[misc]
            title=kind_plural(site, key),
            intro_html=_intro(
                kind_listing_path(key),
                lead=term.description if term else None,
                sentence=f"{len(briefs)} published, newest first.",
            ),
            items=briefs,
            trail=trail_kind,
            group_of=_by_year,
        )
    trail_audience = [HOME, BRIEFINGS_CRUMB, (audiences_path(), "By audience")]
    for key, briefs in briefs_by_audience(site).items():
        term = site.vocab["audience"].terms.get(key)
        label = term.label if term else key
        pages += listing_pages(
            site,
            path_for=lambda n, k=key: audience_listing_path(k, n),  # type: ignore[misc]
            title=f"{label}: briefings",
            intro_html=_intro(
                audience_listing_path(key),
                lead=term.description if term else None,
                sentence=f"{_count(len(briefs), 'briefing', 'briefings')}, newest first.",
            ),
            items=briefs,
            trail=trail_audience,
            group_of=_by_year,
        )
    return pages
