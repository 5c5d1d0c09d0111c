"""The "learning in practice" pages: where every recommendation is in the learning cycle.

This module works out what the pages show (figures, rows, labels, links and charts); the markup
is in the templates ``dashboard/overview.md`` and ``dashboard/board.md`` (Markdown pages with
HTML blocks, their pieces in ``dashboard/macros.html``), ``dashboard/progress_line.html`` and
``dashboard/rag_badge.html``. Autoescape escapes every value from the content there.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from lif.index.site import Site
from lif.index.tracker import build_tracker, track_review
from lif.model.content import STAGES, ProgressUpdate, Rag, Review
from lif.model.cycle import (
    EFFECTIVE_STAGE_RULE,
    STATUS_LABELS,
    STATUSES,
    Status,
    TrackedRecommendation,
    Tracker,
    stage_index,
)
from lif.model.pages import GeneratedPage
from lif.model.paths import SECTION, item_path, relative_url, section_path
from lif.model.publication import publication_date
from lif.render.charts import Row, Series, chart_figure
from lif.render.fragments import HOME, LEARNING_IN_PRACTICE_CRUMB, breadcrumbs, page_front_matter
from lif.render.templating import render_template, trusted_html

#: How each status is drawn: a fill and a pattern, told apart in greyscale print too.
STATUS_SERIES: tuple[Series, ...] = (
    Series("identified", STATUS_LABELS["identified"], "#f0f0f0"),
    Series("disseminated", STATUS_LABELS["disseminated"], "#c6dbef", "hatch", "#08519c"),
    Series("embedded", STATUS_LABELS["embedded"], "#6baed6", "dots", "#08306b"),
    Series("evaluated", STATUS_LABELS["evaluated"], "#08519c"),
    Series("not-taken-forward", STATUS_LABELS["not-taken-forward"], "#ffffff", "cross", "#595959"),
)


#: Themes and lead agencies can be many: the charts draw the largest, the tables list them all.
CHART_ROWS = 12


RAG_LABELS = {"red": "Red", "amber": "Amber", "green": "Green"}


NOT_RATED = "Not rated"


NOT_RECORDED = "Not recorded"


@dataclass(frozen=True)
class _Link:
    """A link: its address relative to the page, and its text."""

    href: str
    text: str


@dataclass(frozen=True)
class _KeyFigure:
    """One of the figures at the top of a page; ``slug`` names it for scripts and tests."""

    term: str
    slug: str
    value: str


@dataclass(frozen=True)
class _RecommendationCell:
    """A recommendation, linked, and the review it comes from."""

    recommendation: _Link
    review: _Link


@dataclass(frozen=True)
class _OverdueRecommendation:
    cell: _RecommendationCell
    agency: str
    due: dt.date | None
    stage: str
    days: int | None


@dataclass(frozen=True)
class _OverdueAction:
    text: str
    recommendation: _Link
    agency: str
    due: dt.date | None
    days: int


@dataclass(frozen=True)
class _RatedRecommendation:
    cell: _RecommendationCell
    rag: Rag | None
    rag_label: str
    stage: str
    agency: str
    latest: ProgressUpdate | None


@dataclass(frozen=True)
class _ReviewProgress:
    review: _Link
    board: str
    published: dt.date | None
    counts: list[int]
    total: int
    overdue: int
    red: int
    amber: int


@dataclass(frozen=True)
class _Sections:
    """What every dashboard page shows, for the overview or one board's recommendations.

    The charts are HTML rendered by :func:`lif.render.charts.chart_figure`.
    """

    today: dt.date
    figures: list[_KeyFigure]
    rule: str
    overall: str
    by_review_type: str
    by_theme: str
    by_lead_agency: str
    overdue_recommendations: list[_OverdueRecommendation]
    overdue_actions: list[_OverdueAction]
    rated: list[_RatedRecommendation]
    progress: list[_ReviewProgress]
    stages: list[str]


@dataclass(frozen=True)
class _Stage:
    """One stage of a recommendation's progress line; ``reached`` is the date, where recorded."""

    state: str
    name: str
    reached: dt.date | None
    current: bool


@dataclass(frozen=True)
class _SharedBrief:
    href: str
    text: str
    published: dt.date | None


def dashboard_pages(site: Site) -> Iterator[GeneratedPage]:
    """The overview page and one page per board of the vocabulary."""
    tracker = build_tracker(site)
    yield GeneratedPage(f"{SECTION}/index.md", render_overview(site, tracker))
    for term in site.vocab.boards:
        yield GeneratedPage(f"{SECTION}/{term.key}.md", render_board_page(site, tracker, term.key))


def render_overview(site: Site, tracker: Tracker) -> str:
    """The Markdown source of the overview page, from ``dashboard/overview.md``."""
    page = section_path()
    meta = {
        "title": "Learning in practice",
        "description": (
            "What happened to every recommendation of the published reviews: identified, "
            "disseminated, embedded and evaluated for impact."
        ),
    }
    body = render_template(
        "dashboard/overview.md",
        breadcrumbs=trusted_html(breadcrumbs(page, [HOME]).strip()),
        s=_sections(site, tracker, page, "lip"),
        boards=[_Link(relative_url(page, section_path(t.key)), t.label) for t in site.vocab.boards],
        by_board=_breakdown_chart(site, tracker, page, "board", "lip-board", "Board"),
    )
    return page_front_matter(meta) + body


def render_board_page(site: Site, tracker: Tracker, board: str) -> str:
    """The Markdown source of one board's page, from ``dashboard/board.md``."""
    page = section_path(board)
    label = site.vocab.boards.label(board)
    meta = {
        "title": f"Learning in practice: {label}",
        "description": f"What happened to the recommendations of reviews led by the {label}.",
    }
    body = render_template(
        "dashboard/board.md",
        breadcrumbs=trusted_html(breadcrumbs(page, [HOME, LEARNING_IN_PRACTICE_CRUMB]).strip()),
        s=_sections(site, tracker.for_board(board), page, f"lip-{board}"),
        label=label,
        all_boards=_Link(relative_url(page, section_path()), "All boards together"),
    )
    return page_front_matter(meta) + body


def _sections(site: Site, tracker: Tracker, page: str, prefix: str) -> _Sections:
    """Everything a dashboard page shows of ``tracker``'s recommendations; ``prefix`` makes the
    ids of its charts unique on the page."""
    return _Sections(
        today=tracker.today,
        figures=_key_figures(tracker),
        rule=EFFECTIVE_STAGE_RULE,
        overall=_overall_chart(tracker, f"{prefix}-overall"),
        by_review_type=_breakdown_chart(
            site, tracker, page, "review_type", f"{prefix}-type", "Review type"
        ),
        by_theme=_breakdown_chart(
            site,
            tracker,
            page,
            "theme",
            f"{prefix}-theme",
            "Theme",
            note="A review usually has several themes: each recommendation is counted once "
            "under every theme of its review, so these rows add up to more than the total.",
        ),
        by_lead_agency=_breakdown_chart(
            site, tracker, page, "lead_agency", f"{prefix}-agency", "Lead agency"
        ),
        overdue_recommendations=[
            _OverdueRecommendation(
                _recommendation_cell(page, t),
                _agency(site, t.lead_agency),
                t.rec.due,
                STATUS_LABELS[t.status],
                (tracker.today - t.rec.due).days if t.rec.due else None,
            )
            for t in tracker.overdue_recommendations()
        ],
        overdue_actions=[
            _OverdueAction(
                o.action.text,
                _recommendation_link(page, o.tracked),
                _agency(site, o.lead_agency),
                o.action.due,
                o.days,
            )
            for o in tracker.overdue_actions()
        ],
        rated=[
            _RatedRecommendation(
                _recommendation_cell(page, t),
                t.rag,
                rag_label(t.rag),
                STATUS_LABELS[t.status],
                _agency(site, t.lead_agency),
                _latest_update(t),
            )
            for t in tracker.with_rag("red", "amber")
        ],
        progress=[
            _ReviewProgress(
                _Link(relative_url(page, item_path(p.review) + "#recommendations"), p.review.title),
                site.vocab.boards.label(p.review.board),
                publication_date(p.review),
                [p.counts[s] for s in STATUSES],
                p.total,
                p.overdue,
                p.red,
                p.amber,
            )
            for p in tracker.review_progress()
        ],
        stages=[STATUS_LABELS[s] for s in STATUSES],
    )


def _key_figures(tracker: Tracker) -> list[_KeyFigure]:
    counts = tracker.counts()
    total = sum(counts.values())
    overdue = len(tracker.overdue_recommendations())
    actions = len(tracker.overdue_actions())
    rated = Counter(t.rag for t in tracker.recommendations)
    evaluated = counts["evaluated"]
    share = f" ({round(100 * evaluated / total)}%)" if total else ""
    rows = [
        ("Recommendations tracked", str(total)),
        ("From published reviews", str(len(tracker.reviews))),
        ("Evaluated for impact", f"{evaluated}{share}"),
        ("Recommendations overdue", str(overdue)),
        ("Actions overdue", str(actions)),
        ("Rated red", str(rated["red"])),
        ("Rated amber", str(rated["amber"])),
    ]
    return [_KeyFigure(term, _slug(term), value) for term, value in rows]


def _slug(text: str) -> str:
    return "-".join(text.lower().split())


def _status_row(label: str, counts: Counter[Status], href: str | None = None) -> Row:
    return Row(label, {s: counts[s] for s in STATUSES}, href)


def _overall_chart(tracker: Tracker, chart_id: str) -> str:
    counts = tracker.counts()
    rows = [Row(STATUS_LABELS[s], {s: counts[s]}) for s in STATUSES]
    return trusted_html(
        chart_figure(
            chart_id,
            "Recommendations at each stage of the learning cycle",
            STATUS_SERIES,
            rows,
            "Stage",
            compact=True,
        )
    )


def _group_label(site: Site, dimension: str, key: str) -> str:
    if dimension == "lead_agency" and not key:
        return NOT_RECORDED
    vocab = {
        "board": site.vocab.boards,
        "review_type": site.vocab.review_types,
        "theme": site.vocab.themes,
        "lead_agency": site.vocab.agencies,
    }[dimension]
    return vocab.label(key)


def _group_href(site: Site, dimension: str, key: str, page: str) -> str | None:
    if dimension == "board":
        return relative_url(page, section_path(key))
    return None


def breakdown_rows(site: Site, tracker: Tracker, dimension: str, page: str) -> list[Row]:
    """The rows of a breakdown: in the vocabulary's order for boards and review types, largest
    first (then by name) for themes and lead agencies."""
    groups = tracker.breakdown(dimension)
    rows = [
        _status_row(
            _group_label(site, dimension, key), counts, _group_href(site, dimension, key, page)
        )
        for key, counts in groups.items()
    ]
    if dimension in {"board", "review_type"}:
        order = {
            key: i
            for i, key in enumerate(
                (site.vocab.boards if dimension == "board" else site.vocab.review_types).keys()
            )
        }
        keyed = sorted(zip(groups, rows, strict=True), key=lambda p: order.get(p[0], len(order)))
        return [row for _, row in keyed]
    return sorted(rows, key=lambda r: (-sum(r.values.values()), r.label.lower()))


def _breakdown_chart(
    site: Site,
    tracker: Tracker,
    page: str,
    dimension: str,
    chart_id: str,
    row_header: str,
    note: str = "",
) -> str:
    """A chart figure of the recommendations by ``dimension`` and stage, marked as trusted HTML
    (rendered by the chart templates, every label escaped there)."""
    rows = breakdown_rows(site, tracker, dimension, page)
    title = f"Recommendations by {row_header.lower()} and stage"
    return trusted_html(
        chart_figure(
            chart_id, title, STATUS_SERIES, rows, row_header, chart_rows=CHART_ROWS, note=note
        )
    )


def _recommendation_link(page: str, tracked: TrackedRecommendation) -> _Link:
    target = f"{item_path(tracked.review)}#recommendation-{tracked.rec.id}"
    return _Link(relative_url(page, target), tracked.rec.text)


def _recommendation_cell(page: str, tracked: TrackedRecommendation) -> _RecommendationCell:
    review = _Link(relative_url(page, item_path(tracked.review)), tracked.review.title)
    return _RecommendationCell(_recommendation_link(page, tracked), review)


def _agency(site: Site, key: str) -> str:
    return site.vocab.agencies.label(key) if key else NOT_RECORDED


def _latest_update(tracked: TrackedRecommendation) -> ProgressUpdate | None:
    updates = sorted(tracked.rec.updates, key=lambda u: u.date)
    return updates[-1] if updates else None


def rag_label(rag: Rag | None) -> str:
    """The word for a RAG rating ("Red", "Amber", "Green"), or "Not rated"."""
    return RAG_LABELS[rag] if rag else NOT_RATED


def rag_badge(rag: Rag | None) -> str:
    """A RAG rating as a word with a marker: the word carries it, the colour only adds.

    Returns the HTML of ``dashboard/rag_badge.html``, the badge the dashboard's tables show.
    """
    return render_template("dashboard/rag_badge.html", rag=rag, label=rag_label(rag))


def progress_line(site: Site, tracked: TrackedRecommendation) -> str:
    """The learning cycle of one recommendation: each stage, the date it was reached (where
    recorded), the current stage marked, and the briefings that disseminated it.

    Returns the HTML of ``dashboard/progress_line.html``.
    """
    page = item_path(tracked.review)
    dates = tracked.stage_dates()
    stages: list[_Stage]
    if tracked.not_taken_forward:
        stages = [
            _Stage("done", STATUS_LABELS["identified"], dates.get("identified"), current=False),
            _Stage("closed", STATUS_LABELS["not-taken-forward"], None, current=True),
        ]
        label = "Learning cycle: not taken forward"
    else:
        current = stage_index(tracked.stage)
        stages = [
            _Stage(
                "done" if index < current else ("current" if index == current else "todo"),
                STATUS_LABELS[stage],
                dates.get(stage),
                current=index == current,
            )
            for index, stage in enumerate(STAGES)
        ]
        label = f"Learning cycle stage: {tracked.stage}"
    briefs = (
        []
        if tracked.not_taken_forward
        else [
            _SharedBrief(relative_url(page, item_path(b)), b.title, publication_date(b))
            for b in tracked.briefs
        ]
    )
    return render_template(
        "dashboard/progress_line.html",
        label=label,
        stages=stages,
        briefs=briefs,
        derived=tracked.derived,
    )


def progress_lines(site: Site, review: Review) -> dict[str, str]:
    """The progress line of each recommendation of ``review``, by recommendation id."""
    return {t.rec.id: progress_line(site, t) for t in track_review(site, review)}
