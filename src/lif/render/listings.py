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
    BRIEFINGS,
    PER_PAGE,
    REVIEWS,
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
from lif.render.fragments import breadcrumbs, esc, kind_plural, link, page_front_matter, time_tag


def item_kind_label(site: Site, item: Item) -> str:
    """What an item is, in words: its review type or its kind of brief."""
    if isinstance(item, Review):
        return site.vocab.review_types.label(item.review_type)
    return site.vocab.kinds.label(item.kind)


def board_short(site: Site, key: str) -> str:
    term = site.vocab.boards.terms.get(key)
    if term is None:
        return key
    return str(term.get("short") or term.label)


def _card_links(site: Site, page: str, item: Item) -> str:
    """The route onward from a card: a review's briefings, or the reviews a brief draws on."""
    if isinstance(item, Review):
        briefs = [b for b in site.briefs_by_review.get(item.id, []) if item_path(b) != page]
        if not briefs:
            return ""
        links = ", ".join(
            link(page, item_path(b), site.vocab.kinds.label(b.kind), f'title="{esc(b.title)}"')
            for b in briefs
        )
        return f'<p class="lif-card-links">Also: {links}</p>'
    reviews = [site.by_id[r] for r in dict.fromkeys(item.reviews) if r in site.by_id]
    if not reviews:
        return ""
    if len(reviews) > 2:
        return f'<p class="lif-card-links">Draws on {len(reviews)} reviews</p>'
    links = "; ".join(link(page, item_path(r), r.title) for r in reviews)
    return f'<p class="lif-card-links">From: {links}</p>'


def render_item_card(site: Site, page: str, item: Item, heading_level: int = 3) -> str:
    """One item in a listing: title link, what it is, board, date, themes and summary."""
    h = f"h{heading_level}"
    facts = [
        esc(item_kind_label(site, item)),
        esc(board_short(site, item.board)),
        time_tag(publication_date(item)),
    ]
    if item.status == "withdrawn":
        facts.append('<span class="lif-badge">Documents withdrawn</span>')
    themes = ", ".join(site.vocab.themes.label(t) for t in dict.fromkeys(item.themes))
    kind = "review" if isinstance(item, Review) else item.kind
    return (
        f'<li class="lif-card lif-card--{esc(kind)}" data-lif-id="{esc(item.id)}">'
        f'<{h} class="lif-card-title">{link(page, item_path(item), item.title)}</{h}>'
        f'<p class="lif-card-meta">{" · ".join(facts)}</p>'
        f'<p class="lif-card-summary">{esc(item.summary)}</p>'
        f'<p class="lif-card-themes"><span class="lif-aside">Themes:</span> {esc(themes)}</p>'
        f"{_card_links(site, page, item)}</li>"
    )


def render_cards(site: Site, page: str, items: Sequence[Item], heading_level: int = 3) -> str:
    """Items as a list of cards; a sentence when there are none."""
    if not items:
        return '<p class="lif-empty">Nothing published here yet.</p>'
    cards = "".join(render_item_card(site, page, i, heading_level) for i in items)
    return f'<ul class="lif-cards">{cards}</ul>'


def render_latest(site: Site, page: str, count: int = 6) -> str:
    """The newest ``count`` public items."""
    return render_cards(site, page, site.public[:count])


def render_latest_reviews(site: Site, page: str, count: int = 10) -> str:
    return render_cards(site, page, site.reviews[:count])


def render_latest_briefings(site: Site, page: str, count: int = 10, kind: str | None = None) -> str:
    briefs = [b for b in site.briefs if kind is None or b.kind == kind]
    return render_cards(site, page, briefs[:count])


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _link_list(page: str, rows: Iterable[tuple[str, str, str]], cls: str) -> str:
    """Links with a count after each: ``(path, text, count text)``."""
    items = "".join(
        f'<li>{link(page, path, text)} <span class="lif-count">{esc(count)}</span></li>'
        for path, text, count in rows
    )
    return f'<ul class="lif-browse {cls}">{items}</ul>' if items else ""


def render_year_links(site: Site, page: str) -> str:
    """Every year with published reviews, with how many."""
    rows = [
        (year_path(year), str(year), _count(len(items), "review", "reviews"))
        for year, items in reviews_by_year(site).items()
    ]
    return _link_list(page, rows, "lif-browse--years") or _nothing()


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
    return _link_list(page, rows, "lif-browse--types") or _nothing()


def render_kind_links(site: Site, page: str) -> str:
    """Each kind of brief with its count."""
    rows = [
        (kind_listing_path(key), kind_plural(site, key), _count(len(items), "item", "items"))
        for key, items in briefs_by_kind(site).items()
    ]
    return _link_list(page, rows, "lif-browse--kinds")


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
    return _link_list(page, rows, "lif-browse--audiences") or _nothing()


def _nothing() -> str:
    return '<p class="lif-empty">Nothing published here yet.</p>'


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
    """Three short routes into the site, one for each kind of reader."""
    cards = []
    for number, (heading, description, links) in enumerate(ROUTES, start=1):
        items = "".join(f"<li>{link(page, path, text)}</li>" for path, text in links)
        cards.append(
            f'<section class="lif-route" aria-labelledby="route-{number}">'
            f'<h3 id="route-{number}">{esc(heading)}</h3>'
            f'<p class="lif-aside">{esc(description)}</p><ul>{items}</ul></section>'
        )
    return f'<div class="lif-routes">{"".join(cards)}</div>'


def render_pager(page: str, path_for: Callable[[int], str], current: int, total: int) -> str:
    """Previous / numbered / next links between the pages of one listing."""
    if total <= 1:
        return ""
    parts = []
    if current > 1:
        parts.append(
            f'<li class="lif-pager-prev">{link(page, path_for(current - 1), "Previous page")}</li>'
        )
    shown = pager_numbers(current, total)
    for previous, number in zip([0, *shown], shown, strict=False):
        if number - previous > 1:
            parts.append('<li class="lif-pager-gap" aria-hidden="true">…</li>')
        if number == current:
            parts.append(f'<li><span aria-current="page">{number}</span></li>')
        else:
            label = f'aria-label="Page {number}"'
            parts.append(f"<li>{link(page, path_for(number), str(number), label)}</li>")
    if current < total:
        parts.append(
            f'<li class="lif-pager-next">{link(page, path_for(current + 1), "Next page")}</li>'
        )
    return (
        f'<nav class="lif-pager" aria-label="Pages of this list (page {current} of {total})">'
        f"<ol>{''.join(parts)}</ol></nav>\n\n"
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
        pager = render_pager(page, path_for, number, len(chunks))
        parts = [page_front_matter(meta), breadcrumbs(page, trail), f"# {esc(page_title)}\n\n"]
        if number == 1:
            parts.append(intro_html + "\n\n")
        parts.append(pager)
        if group_of is None or not chunk:
            parts.append(render_cards(site, page, chunk, heading_level=2) + "\n\n")
        else:
            for heading, anchor, group in _groups(chunk, group_of):
                parts.append(f"## {esc(heading)} {{#{anchor}}}\n\n")
                parts.append(render_cards(site, page, group) + "\n\n")
        parts.append(pager)
        pages.append(GeneratedPage(source_uri(page), "".join(parts)))
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


def _lower_first(label: str) -> str:
    """'Frontline practitioners' -> 'frontline practitioners'; acronyms stay as they are."""
    if len(label) > 1 and label[1].islower():
        return label[0].lower() + label[1:]
    return label


def _index_page(
    path: str, title: str, trail: Sequence[tuple[str, str]], html: str
) -> GeneratedPage:
    meta = {"title": title, "lif_listing": True, "search": {"exclude": True}}
    content = page_front_matter(meta) + breadcrumbs(path, trail) + f"# {esc(title)}\n\n{html}\n"
    return GeneratedPage(source_uri(path), content)


HOME = ("", "Home")


REVIEWS_CRUMB = (REVIEWS, "Reviews")


BRIEFINGS_CRUMB = (BRIEFINGS, "Briefings")


def review_listing_pages(site: Site) -> list[GeneratedPage]:
    """Reviews by year (one listing per year) and by type (one per type in the vocabulary)."""
    pages = [
        _index_page(
            years_path(),
            "Reviews by year",
            [HOME, REVIEWS_CRUMB],
            '<p class="lif-lead">Every year in which the boards published a review.</p>\n'
            + render_year_links(site, years_path()),
        ),
        _index_page(
            review_types_path(),
            "Reviews by type",
            [HOME, REVIEWS_CRUMB],
            '<p class="lif-lead">Each type of review in the Learning and Improvement '
            "Framework, with how many the boards have published.</p>\n"
            + render_review_type_links(site, review_types_path(), include_empty=True),
        ),
    ]
    trail_year = [HOME, REVIEWS_CRUMB, (years_path(), "By year")]
    for year, reviews in reviews_by_year(site).items():
        pages += listing_pages(
            site,
            path_for=lambda n, y=year: year_path(y, n),  # type: ignore[misc]
            title=f"Reviews published in {year}",
            intro_html=f'<p class="lif-lead">{esc(_count(len(reviews), "review", "reviews"))} '
            f"published in {year}, newest first.</p>",
            items=reviews,
            trail=trail_year,
        )
    trail_type = [HOME, REVIEWS_CRUMB, (review_types_path(), "By type")]
    for key, reviews in reviews_by_type(site).items():
        term = site.vocab.review_types.terms.get(key)
        label = term.label if term else key
        first = review_type_listing_path(key)
        about = (
            f'<p class="lif-lead">{esc(term.description)}</p>\n'
            if term and term.description
            else ""
        )
        intro = (
            f"{about}<p>{esc(_count(len(reviews), 'review', 'reviews'))}, newest first. "
            f"{link(first, review_type_path(key), f'About {_lower_first(label)}')}: "
            "when it is used and who carries it out.</p>"
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
        about = f'<p class="lif-lead">{esc(term.description)}</p>\n' if term else ""
        pages += listing_pages(
            site,
            path_for=lambda n, k=key: kind_listing_path(k, n),  # type: ignore[misc]
            title=kind_plural(site, key),
            intro_html=f"{about}<p>{esc(len(briefs))} published, newest first.</p>",
            items=briefs,
            trail=trail_kind,
            group_of=_by_year,
        )
    trail_audience = [HOME, BRIEFINGS_CRUMB, (audiences_path(), "By audience")]
    for key, briefs in briefs_by_audience(site).items():
        term = site.vocab["audience"].terms.get(key)
        label = term.label if term else key
        about = f'<p class="lif-lead">{esc(term.description)}</p>\n' if term else ""
        pages += listing_pages(
            site,
            path_for=lambda n, k=key: audience_listing_path(k, n),  # type: ignore[misc]
            title=f"Briefings for {_lower_first(label)}",
            intro_html=f"{about}<p>{esc(_count(len(briefs), 'briefing', 'briefings'))}, "
            "newest first.</p>",
            items=briefs,
            trail=trail_audience,
            group_of=_by_year,
        )
    return pages
