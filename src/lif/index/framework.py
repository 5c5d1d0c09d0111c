"""The framework guides' listings: public reviews of a type or using a method, and their briefs."""

from __future__ import annotations

from collections.abc import Iterable

from lif.index.site import Site
from lif.model.content import Brief, Review
from lif.model.framework import Framework


def reviews_of_type(site: Site, key: str) -> list[Review]:
    """The public reviews of one review type, newest first."""
    return [r for r in site.reviews if r.review_type == key]


def reviews_using(site: Site, framework: Framework, key: str) -> list[Review]:
    """The public reviews that used a methodology or one of its variants, newest first."""
    keys = {key, *framework.variants(key)}
    return [r for r in site.reviews if keys.intersection(r.methodology)]


def briefs_about(site: Site, reviews: Iterable[Review]) -> list[Brief]:
    """The public briefs that draw on any of ``reviews``, newest first, each once."""
    ids = {r.id for r in reviews}
    return [b for b in site.briefs if ids.intersection(b.reviews)]
