"""Addresses of the library's listing pages, and the ids they reserve.

Listings of reviews live beside the reviews themselves (``reviews/by-year/2024/`` next to
``reviews/<id>/``), so an item whose id is one of :data:`RESERVED_IDS` would take a listing's
address. The checker refuses such an id (:func:`rule_id_not_reserved`). This module imports
nothing from the rest of the library at run time, so the checker can register the rule.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .checker import CheckContext
    from .problems import Problem

#: How many items a listing page holds before it continues on a next page.
PER_PAGE = 50

REVIEWS = "reviews/"
BRIEFINGS = "briefings/"
THEMES = "themes/"

#: Folder names under ``reviews/`` (and ``briefs/``) that listing pages use.
RESERVED_IDS = frozenset({"index", "by-year", "by-type", "by-kind", "by-audience", "by-theme"})


def _paged(base: str, page: int) -> str:
    return base if page <= 1 else f"{base}page/{page}/"


def years_path() -> str:
    return "reviews/by-year/"


def year_path(year: int, page: int = 1) -> str:
    """Reviews published in ``year``: ``reviews/by-year/2024/`` (page 2: ``.../page/2/``)."""
    return _paged(f"reviews/by-year/{year}/", page)


def review_types_path() -> str:
    return "reviews/by-type/"


def review_type_listing_path(key: str, page: int = 1) -> str:
    """The reviews of one type: ``reviews/by-type/<key>/``."""
    return _paged(f"reviews/by-type/{key}/", page)


def kinds_path() -> str:
    return "briefings/by-kind/"


def kind_listing_path(key: str, page: int = 1) -> str:
    """The briefs of one kind: ``briefings/by-kind/seven-minute-briefing/``."""
    return _paged(f"briefings/by-kind/{key}/", page)


def audiences_path() -> str:
    return "briefings/by-audience/"


def audience_listing_path(key: str, page: int = 1) -> str:
    """The briefs written for one audience: ``briefings/by-audience/practitioners/``."""
    return _paged(f"briefings/by-audience/{key}/", page)


def theme_group_path(theme: str, group: str, page: int = 1) -> str:
    """All items of one kind on a theme, when there are too many for the theme page."""
    return _paged(f"themes/{theme}/{group}/", page)


def source_uri(path: str) -> str:
    """The Markdown source path a generated page at site ``path`` is mounted from."""
    return path.rstrip("/") + ".md"


def rule_id_not_reserved(ctx: CheckContext) -> Iterator[Problem]:
    """An item's id must not be a folder name that the library's listings use."""
    for item in ctx.library.items:
        if item.id in RESERVED_IDS:
            yield ctx.problem(
                item,
                ("id",),
                f"the id '{item.id}' is reserved for the library's listing pages (its address "
                f"would replace one): choose another id, such as '{item.id}-review', and rename "
                "the file to match",
            )
