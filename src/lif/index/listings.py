"""Listings of items: reviews by year and by type, briefs by kind and audience, and paging."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from lif.index.site import Site
from lif.model.content import Brief, Item, Review
from lif.model.paths import PER_PAGE
from lif.model.publication import publication_date

T = TypeVar("T")


#: Heading and path of a group of items inside a listing page.
GroupOf = Callable[[Item], tuple[str, str]]


def reviews_by_year(site: Site) -> dict[int, list[Review]]:
    """Public reviews by year of publication, newest year first."""
    out: dict[int, list[Review]] = {}
    for review in site.reviews:
        date = publication_date(review)
        if date is not None:
            out.setdefault(date.year, []).append(review)
    return dict(sorted(out.items(), reverse=True))


def reviews_by_type(site: Site) -> dict[str, list[Review]]:
    """Public reviews by review type, in the vocabulary's order (every type, used or not)."""
    out: dict[str, list[Review]] = {key: [] for key in site.vocab.review_types.terms}
    for review in site.reviews:
        out.setdefault(review.review_type, []).append(review)
    return out


def briefs_by_kind(site: Site) -> dict[str, list[Brief]]:
    """Public briefs by kind, in the vocabulary's order (every kind, used or not)."""
    out: dict[str, list[Brief]] = {key: [] for key in site.vocab.kinds.terms}
    for brief in site.briefs:
        out.setdefault(brief.kind, []).append(brief)
    return out


def briefs_by_audience(site: Site) -> dict[str, list[Brief]]:
    """Public briefs by audience, in the vocabulary's order (every audience, used or not);
    a brief written for several audiences is under each."""
    out: dict[str, list[Brief]] = {key: [] for key in site.vocab["audience"].terms}
    for brief in site.briefs:
        for key in dict.fromkeys(brief.audience):
            out.setdefault(key, []).append(brief)
    return out


def paginate(items: Sequence[T], per_page: int = PER_PAGE) -> list[Sequence[T]]:
    """Items in pages of at most ``per_page``; an empty listing is one empty page.

    Raises ValueError if ``per_page`` is less than 1.
    """
    if per_page < 1:
        raise ValueError("per_page must be at least 1")
    return [items[i : i + per_page] for i in range(0, len(items), per_page)] or [items[:0]]


def pager_numbers(current: int, total: int, around: int = 2) -> list[int]:
    """The page numbers a pager shows: the first, the last, and those near the current one."""
    near = range(max(1, current - around), min(total, current + around) + 1)
    return sorted({1, total, *near})


def _by_year(item: Item) -> tuple[str, str]:
    date = publication_date(item)
    year = str(date.year) if date else "Undated"
    return year, f"year-{year.lower()}"
