"""The recommendation tracker of a site, built once per build and shared by every page."""

from __future__ import annotations

from lif.index.site import Site
from lif.model.content import Review
from lif.model.cycle import TrackedRecommendation, Tracker, track


def build_tracker(site: Site) -> Tracker:
    """The tracker of the site's public reviews and briefings, on the site's day (built once)."""
    return site.cached("cycle.tracker", lambda: track(site.reviews, site.briefs, site.today))


def track_review(site: Site, review: Review) -> list[TrackedRecommendation]:
    """The tracked recommendations of one review (for its page), from the site's one tracker."""

    def by_review() -> dict[str, list[TrackedRecommendation]]:
        out: dict[str, list[TrackedRecommendation]] = {}
        for tracked in build_tracker(site).recommendations:
            out.setdefault(tracked.review.id, []).append(tracked)
        return out

    if site.by_id.get(review.id) is not review:  # a review that is not among the site's own
        return list(track([review], site.briefs, site.today).recommendations)
    return list(site.cached("cycle.by_review", by_review).get(review.id, []))
