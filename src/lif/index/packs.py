"""Training packs and newsletter digests as data: what learning a scope holds, and its citation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from lif.index.site import Site
from lif.index.tracker import track_review
from lif.load.settings import site_settings
from lif.model.content import Brief, Item, Review
from lif.model.cycle import STATUS_LABELS
from lif.model.paths import (
    QUESTIONS_ANCHOR,
    learning_anchor,
    permanent_url,
    recommendation_anchor,
)
from lif.model.publication import fmt_date, publication_date

#: A board whose items belong to every board's pack and feed (learning shared by both).
JOINT_BOARD = "both"


class ExportError(Exception):
    """A bad option of ``lif export``: the message says what to give instead."""


def board_includes(item_board: str, board: str) -> bool:
    """True if an item of ``item_board`` belongs to ``board``'s learning (joint items do)."""
    return item_board == board or (item_board == JOINT_BOARD and board != JOINT_BOARD)


@dataclass(frozen=True)
class Scope:
    """Which published items a pack or digest takes: every given condition must hold."""

    theme: str | None = None
    review_type: str | None = None
    board: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None

    def matches(self, site: Site, item: Item) -> bool:
        """True if ``item`` meets every condition the scope gives (the board's learning includes
        joint items; dates are publication dates, the range's ends included)."""
        if self.theme and self.theme not in item.themes:
            return False
        if self.board and not board_includes(item.board, self.board):
            return False
        if self.review_type and self.review_type not in review_types_of(site, item):
            return False
        date = publication_date(item)
        if self.start and (date is None or date < self.start):
            return False
        return not (self.end and (date is None or date > self.end))

    def label(self, site: Site) -> str:
        """The scope in words: "Neglect · Safeguarding adults reviews · 2024"."""
        vocab = site.vocab
        parts = []
        if self.theme:
            parts.append(vocab.themes.label(self.theme))
        if self.review_type:
            parts.append(vocab.review_types.label(self.review_type))
        if self.board:
            parts.append(vocab.boards.label(self.board))
        if self.start or self.end:
            parts.append(date_range_label(self.start, self.end))
        return " · ".join(parts) or "All published learning"

    def slug(self) -> str:
        """A file name stem for the scope: ``theme-neglect_board-adults`` (``all`` if none)."""
        parts = [
            f"{name}-{value}"
            for name, value in (
                ("theme", self.theme),
                ("type", self.review_type),
                ("board", self.board),
                ("from", self.start.isoformat() if self.start else None),
                ("to", self.end.isoformat() if self.end else None),
            )
            if value
        ]
        return "_".join(parts) or "all"


def review_types_of(site: Site, item: Item) -> set[str]:
    """A review's type; for a brief, the types of the public reviews it draws on."""
    if isinstance(item, Review):
        return {item.review_type}
    assert isinstance(item, Brief)
    return {r.review_type for ref in item.reviews if isinstance(r := site.by_id.get(ref), Review)}


def date_range_label(start: dt.date | None, end: dt.date | None) -> str:
    """A date range in words: "5 March 2024 to 4 April 2024", "from ..." or "up to ..."."""
    if start and end:
        return f"{fmt_date(start)} to {fmt_date(end)}"
    if start:
        return f"from {fmt_date(start)}"
    return f"up to {fmt_date(end)}"


@dataclass(frozen=True)
class PackPoint:
    """A learning point or a question, numbered as on the page, with its permanent link."""

    number: int
    id: str | None
    title: str | None
    text: str
    url: str


@dataclass(frozen=True)
class PackRecommendation:
    """A recommendation of a review, numbered as on the page, with where it has reached.

    ``stage`` is the effective status in the learning cycle (LIF section 2.1): the stage typed
    in the review, raised to disseminated by a published briefing, or "Not taken forward".
    """

    number: int
    text: str
    lead_agency: str
    stage: str
    url: str


@dataclass(frozen=True)
class PackItem:
    """One item of a pack: what it is, its summary and learning, and where it lives."""

    item: Item
    url: str
    kind_label: str
    board_label: str
    citation: str
    learning: tuple[PackPoint, ...] = ()
    questions: tuple[PackPoint, ...] = ()
    recommendations: tuple[PackRecommendation, ...] = ()

    @property
    def published(self) -> dt.date | None:
        """The item's publication date (its embargo date for an item not yet published)."""
        return publication_date(self.item)

    @property
    def meta_line(self) -> str:
        """ "Safeguarding adults review · Safeguarding Adults Board · published 10 October 2019"."""
        parts = [self.kind_label, self.board_label]
        if self.published:
            parts.append(f"published {fmt_date(self.published)}")
        if self.item.updated:
            parts.append(f"updated {fmt_date(self.item.updated)}")
        if self.item.status == "withdrawn":
            parts.append("withdrawn (the documents are no longer online; the learning stays)")
        return " · ".join(parts)


@dataclass(frozen=True)
class Pack:
    """The learning of one scope, in the order of the site's listings (newest first)."""

    title: str
    scope: Scope
    scope_label: str
    site_name: str
    base_url: str
    exported: dt.date
    items: tuple[PackItem, ...] = field(default_factory=tuple)

    @property
    def counts(self) -> str:
        """ "3 reviews and 1 briefing", "1 review", "no published learning"."""
        reviews = sum(isinstance(p.item, Review) for p in self.items)
        briefs = len(self.items) - reviews
        parts = [_plural(n, noun) for n, noun in ((reviews, "review"), (briefs, "briefing")) if n]
        return " and ".join(parts) or "No published learning"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def run_in(title: str) -> str:
    """A learning point's title as a run-in heading: "Neglect builds up slowly." before its text."""
    return title if title.endswith((".", "?", "!", ":")) else f"{title}."


def kind_label(site: Site, item: Item) -> str:
    """What the item is, in words: its review type's label, or its kind of brief's."""
    if isinstance(item, Review):
        return site.vocab.review_types.label(item.review_type)
    assert isinstance(item, Brief)
    return site.vocab.kinds.label(item.kind)


def citation(site: Site, item: Item, site_name: str, url: str) -> str:
    """How to cite an item: board, year, title, site, address."""
    date = publication_date(item)
    year = f" ({date.year})" if date else ""
    return f"{site.vocab.boards.label(item.board)}{year}. {item.title}. {site_name}. {url}"


def pack_item(site: Site, item: Item, base_url: str, site_name: str) -> PackItem:
    """One item as a pack shows it: its learning points, reflective questions and
    recommendations, each with its permanent link under ``base_url``."""
    url = permanent_url(base_url, item)
    learning: tuple[PackPoint, ...] = ()
    questions: tuple[PackPoint, ...] = ()
    recommendations: tuple[PackRecommendation, ...] = ()
    if isinstance(item, Review):
        recommendations = pack_recommendations(site, item, base_url)
        learning = tuple(
            PackPoint(
                n, p.id, p.title, p.text, permanent_url(base_url, item, learning_anchor(p.id))
            )
            for n, p in enumerate(item.learning, start=1)
        )
    if isinstance(item, Brief) and item.questions:
        q_url = permanent_url(base_url, item, QUESTIONS_ANCHOR)
        questions = tuple(
            PackPoint(n, None, None, q, q_url) for n, q in enumerate(item.questions, start=1)
        )
    return PackItem(
        item=item,
        url=url,
        kind_label=kind_label(site, item),
        board_label=site.vocab.boards.label(item.board),
        citation=citation(site, item, site_name, url),
        learning=learning,
        questions=questions,
        recommendations=recommendations,
    )


def pack_recommendations(
    site: Site, review: Review, base_url: str
) -> tuple[PackRecommendation, ...]:
    """A review's recommendations with their lead agency (its label) and effective status."""
    return tuple(
        PackRecommendation(
            number=n,
            text=tracked.rec.text,
            lead_agency=(
                site.vocab.agencies.label(tracked.lead_agency) if tracked.lead_agency else ""
            ),
            stage=STATUS_LABELS[tracked.status],
            url=permanent_url(base_url, review, recommendation_anchor(tracked.rec.id)),
        )
        for n, tracked in enumerate(track_review(site, review), start=1)
    )


def build_pack(
    site: Site,
    scope: Scope,
    base_url: str,
    title: str | None = None,
    candidates: Iterable[Item] | None = None,
) -> Pack:
    """The pack of ``scope``: every public item it matches, newest first.

    ``candidates`` narrows the public items looked at (in the site's order), when the caller
    has already grouped them, as the site's theme packs do.
    """
    settings = site_settings(site.root)
    items = tuple(
        pack_item(site, item, base_url, settings.site_name)
        for item in (site.public if candidates is None else candidates)
        if scope.matches(site, item)
    )
    label = scope.label(site)
    return Pack(
        title=title or f"Training pack: {label}",
        scope=scope,
        scope_label=label,
        site_name=settings.site_name,
        base_url=base_url,
        exported=site.today,
        items=items,
    )


@dataclass(frozen=True)
class Digest:
    """What was published, and what was updated, in a date range."""

    title: str
    start: dt.date
    end: dt.date
    site_name: str
    base_url: str
    new: tuple[PackItem, ...]
    updated: tuple[PackItem, ...]


def build_digest(site: Site, scope: Scope, base_url: str) -> Digest:
    """The digest of ``scope``'s date range (its other conditions filter the items too)."""
    start = scope.start or dt.date.min
    end = scope.end or site.today
    settings = site_settings(site.root)
    rest = Scope(theme=scope.theme, review_type=scope.review_type, board=scope.board)
    new: list[PackItem] = []
    updated: list[PackItem] = []
    for item in site.public:
        if item.status == "withdrawn" or not rest.matches(site, item):
            continue
        date = publication_date(item)
        if date is not None and start <= date <= end:
            new.append(pack_item(site, item, base_url, settings.site_name))
        elif item.updated is not None and start <= item.updated <= end:
            updated.append(pack_item(site, item, base_url, settings.site_name))
    updated.sort(key=lambda p: (-(p.item.updated or dt.date.min).toordinal(), p.item.id))
    label = rest.label(site) if rest != Scope() else "New learning"
    return Digest(
        title=f"{label}: {date_range_label(scope.start, end)}",
        start=start,
        end=end,
        site_name=settings.site_name,
        base_url=base_url,
        new=tuple(new),
        updated=tuple(updated),
    )


def _key_learning(entry: PackItem) -> list[str]:
    """The key learning in a line each: a point's title, or its text if it has none."""
    return [p.title or p.text for p in entry.learning]


def items_by_theme(site: Site) -> dict[str, list[Item]]:
    """The public items of each theme that has any, newest first, in the vocabulary's order."""
    grouped: dict[str, list[Item]] = {}
    for item in site.public:
        for theme in dict.fromkeys(item.themes):
            grouped.setdefault(theme, []).append(item)
    return {term.key: grouped[term.key] for term in site.vocab.themes if term.key in grouped}


def themes_with_learning(site: Site) -> list[str]:
    """The themes that have at least one public item, in the vocabulary's order."""
    return list(items_by_theme(site))


def site_base_url(site: Site) -> str:
    """The site's public address (``site_url`` of ``mkdocs.yml``).

    Raises :class:`ExportError` if ``mkdocs.yml`` has none: packs and feeds need it for their
    permanent links.
    """
    url = site_settings(site.root).site_url
    if not url:
        raise ExportError(
            "mkdocs.yml has no 'site_url': training packs and feeds need the site's public "
            "address for their permanent links; add 'site_url: https://...' to mkdocs.yml"
        )
    return url


def theme_pack(
    site: Site,
    theme_key: str,
    base_url: str | None = None,
    candidates: Iterable[Item] | None = None,
) -> Pack:
    """The pack of one theme, as the site offers it for download.

    Raises :class:`ExportError` if no ``base_url`` is given and ``mkdocs.yml`` has no
    ``site_url`` (see :func:`site_base_url`).
    """
    label = site.vocab.themes.label(theme_key)
    return build_pack(
        site,
        Scope(theme=theme_key),
        base_url or site_base_url(site),
        f"Training pack: {label}",
        candidates,
    )
