"""The "learning in practice" pages: where every recommendation is in the learning cycle."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator, Sequence

from lif.index.site import Site
from lif.index.tracker import build_tracker, track_review
from lif.model.content import STAGES, Review
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
from lif.model.publication import fmt_date, publication_date
from lif.render.charts import Row, Series, chart_figure
from lif.render.fragments import esc, link, page_front_matter, time_tag

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


NOT_RECORDED = "Not recorded"


def dashboard_pages(site: Site) -> Iterator[GeneratedPage]:
    """The overview page and one page per board of the vocabulary."""
    tracker = build_tracker(site)
    yield GeneratedPage(f"{SECTION}/index.md", render_overview(site, tracker))
    for term in site.vocab.boards:
        yield GeneratedPage(f"{SECTION}/{term.key}.md", render_board_page(site, tracker, term.key))


def render_overview(site: Site, tracker: Tracker) -> str:
    """The Markdown source of the overview page."""
    page = section_path()
    meta = {
        "title": "Learning in practice",
        "description": (
            "What happened to every recommendation of the published reviews: identified, "
            "disseminated, embedded and evaluated for impact."
        ),
    }
    boards = "".join(
        f"<li>{link(page, section_path(t.key), t.label)}</li>" for t in site.vocab.boards
    )
    parts = [
        page_front_matter(meta),
        "# Learning in practice\n\n",
        '<p class="lif-lead">The boards ask one question of every review: <em>what difference '
        "have we made?</em> Each recommendation is tracked through the learning cycle: "
        "<strong>identified</strong> in the review, <strong>disseminated</strong> to the people "
        "who need it, <strong>embedded</strong> in everyday practice and "
        "<strong>evaluated</strong> for its impact on children and adults.</p>\n\n",
        _key_figures(site, tracker),
        f'<nav class="lif-board-links" aria-label="Each board"><p>Each board:</p>'
        f"<ul>{boards}</ul></nav>\n\n",
        _rule_note(),
        "## Where the recommendations are {#stages}\n\n",
        _overall_chart(tracker, "lip-overall"),
        "## By board {#by-board}\n\n",
        _breakdown_chart(site, tracker, page, "board", "lip-board", "Board"),
        _common_sections(site, tracker, page, "lip"),
        _export_note(),
    ]
    return "".join(parts)


def render_board_page(site: Site, tracker: Tracker, board: str) -> str:
    """The Markdown source of one board's page."""
    page = section_path(board)
    label = site.vocab.boards.label(board)
    mine = tracker.for_board(board)
    meta = {
        "title": f"Learning in practice: {label}",
        "description": f"What happened to the recommendations of reviews led by the {label}.",
    }
    parts = [
        page_front_matter(meta),
        f"# Learning in practice: {esc(label)}\n\n",
        f'<p class="lif-lead">The recommendations of the published reviews led by the '
        f"{esc(label)}, and where each is in the learning cycle. "
        f"{link(page, section_path(), 'All boards together')}.</p>\n\n",
        _key_figures(site, mine),
        _rule_note(),
        "## Where the recommendations are {#stages}\n\n",
        _overall_chart(mine, f"lip-{board}-overall"),
        _common_sections(site, mine, page, f"lip-{board}"),
        _export_note(board),
    ]
    return "".join(parts)


def _common_sections(site: Site, tracker: Tracker, page: str, prefix: str) -> str:
    return "".join(
        [
            "## By review type {#by-review-type}\n\n",
            _breakdown_chart(site, tracker, page, "review_type", f"{prefix}-type", "Review type"),
            "## By theme {#by-theme}\n\n",
            _breakdown_chart(
                site,
                tracker,
                page,
                "theme",
                f"{prefix}-theme",
                "Theme",
                note="A review usually has several themes: each recommendation is counted once "
                "under every theme of its review, so these rows add up to more than the total.",
            ),
            "## By lead agency {#by-lead-agency}\n\n",
            _breakdown_chart(site, tracker, page, "lead_agency", f"{prefix}-agency", "Lead agency"),
            "## Overdue {#overdue}\n\n",
            _overdue_section(site, tracker, page),
            "## Rated red or amber {#red-amber}\n\n",
            _rag_section(site, tracker, page),
            "## Progress of each review {#reviews}\n\n",
            _reviews_table(site, tracker, page),
        ]
    )


def _key_figures(site: Site, tracker: Tracker) -> str:
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
    items = "".join(
        f'<div><dt>{esc(term)}</dt><dd data-lip-figure="{esc(_slug(term))}">{esc(value)}</dd></div>'
        for term, value in rows
    )
    return (
        f'<p class="lif-as-at">Figures as at {time_tag(tracker.today)}, the day this site was '
        "built.</p>\n\n"
        f'<dl class="lif-key-figures">{items}</dl>\n\n'
    )


def _slug(text: str) -> str:
    return "-".join(text.lower().split())


def _rule_note() -> str:
    return (
        '<div class="admonition info lif-rule">'
        '<p class="admonition-title">How a recommendation\'s stage is counted</p>'
        f"<p>{esc(EFFECTIVE_STAGE_RULE)}</p>"
        "<p>A recommendation is <strong>overdue</strong> when its target date has passed and it "
        "is not yet embedded; an action is overdue when its target date has passed and it is "
        "not marked completed. Ratings are the board's own: <strong>green</strong> on target, "
        "<strong>amber</strong> a potential concern, <strong>red</strong> a definite concern "
        "(red and amber go to the board).</p></div>\n\n"
    )


def _status_row(label: str, counts: Counter[Status], href: str | None = None) -> Row:
    return Row(label, {s: counts[s] for s in STATUSES}, href)


def _overall_chart(tracker: Tracker, chart_id: str) -> str:
    counts = tracker.counts()
    rows = [Row(STATUS_LABELS[s], {s: counts[s]}) for s in STATUSES]
    return (
        chart_figure(
            chart_id,
            "Recommendations at each stage of the learning cycle",
            STATUS_SERIES,
            rows,
            "Stage",
            compact=True,
        )
        + "\n\n"
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
    rows = breakdown_rows(site, tracker, dimension, page)
    title = f"Recommendations by {row_header.lower()} and stage"
    return (
        chart_figure(
            chart_id, title, STATUS_SERIES, rows, row_header, chart_rows=CHART_ROWS, note=note
        )
        + "\n\n"
    )


def _rec_link(page: str, tracked: TrackedRecommendation) -> str:
    target = f"{item_path(tracked.review)}#recommendation-{tracked.rec.id}"
    return link(page, target, tracked.rec.text)


def _review_link(page: str, review: Review) -> str:
    return link(page, item_path(review), review.title)


def _agency(site: Site, key: str) -> str:
    return esc(site.vocab.agencies.label(key)) if key else NOT_RECORDED


def rag_badge(rag: str | None) -> str:
    """A RAG rating as a word with a marker: the word carries it, the colour only adds."""
    if rag is None:
        return '<span class="lif-rag-badge">Not rated</span>'
    return f'<span class="lif-rag-badge lif-rag-badge--{esc(rag)}">{esc(RAG_LABELS[rag])}</span>'


def _table(
    caption: str, head: Sequence[str], rows: Sequence[str], empty: str, numeric: bool = False
) -> str:
    if not rows:
        return f'<p class="lif-empty">{esc(empty)}</p>\n\n'
    cols = "".join(f'<th scope="col">{esc(h)}</th>' for h in head)
    kind = "lif-data-table" if numeric else "lif-data-table lif-list-table"
    return (
        f'<div class="lif-table-wrap" role="region" tabindex="0" aria-label="{esc(caption)}">'
        f'<table class="{kind}">'
        f"<caption>{esc(caption)}</caption><thead><tr>{cols}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div>\n\n"
    )


def _rec_cell(page: str, tracked: TrackedRecommendation) -> str:
    """A recommendation, linked, with the review it comes from beneath it."""
    return (
        f'<th scope="row">{_rec_link(page, tracked)}<span class="lif-table-sub">From '
        f"{_review_link(page, tracked.review)}</span></th>"
    )


def _overdue_section(site: Site, tracker: Tracker, page: str) -> str:
    recs = [
        f"<tr>{_rec_cell(page, t)}<td>{_agency(site, t.lead_agency)}</td>"
        f"<td>{time_tag(t.rec.due)}</td><td>{esc(STATUS_LABELS[t.status])}</td>"
        f"<td>{(tracker.today - t.rec.due).days if t.rec.due else ''}</td></tr>"
        for t in tracker.overdue_recommendations()
    ]
    actions = [
        f'<tr><th scope="row">{esc(o.action.text)}<span class="lif-table-sub">For '
        f"{_rec_link(page, o.tracked)}</span></th><td>{_agency(site, o.lead_agency)}</td>"
        f"<td>{time_tag(o.action.due)}</td><td>{o.days}</td></tr>"
        for o in tracker.overdue_actions()
    ]
    return "".join(
        [
            _table(
                "Recommendations past their target date and not yet embedded",
                ["Recommendation", "Lead agency", "Target date", "Stage", "Days overdue"],
                recs,
                "No recommendation is past its target date.",
            ),
            _table(
                "Actions past their target date and not completed",
                ["Action", "Lead agency", "Target date", "Days overdue"],
                actions,
                "No action is past its target date.",
            ),
        ]
    )


def _latest_note(tracked: TrackedRecommendation) -> str:
    updates = sorted(tracked.rec.updates, key=lambda u: u.date)
    if not updates:
        return ""
    last = updates[-1]
    return f"{time_tag(last.date)}: {esc(last.note)}"


def _rag_section(site: Site, tracker: Tracker, page: str) -> str:
    rows = [
        f"<tr>{_rec_cell(page, t)}<td>{rag_badge(t.rag)}</td>"
        f"<td>{esc(STATUS_LABELS[t.status])}</td><td>{_agency(site, t.lead_agency)}</td>"
        f"<td>{_latest_note(t)}</td></tr>"
        for t in tracker.with_rag("red", "amber")
    ]
    return _table(
        "Recommendations rated red or amber",
        ["Recommendation", "Rating", "Stage", "Lead agency", "Latest progress"],
        rows,
        "No recommendation is rated red or amber.",
    )


def _reviews_table(site: Site, tracker: Tracker, page: str) -> str:
    rows = []
    for progress in tracker.review_progress():
        review = progress.review
        title = link(page, item_path(review) + "#recommendations", review.title)
        cells = "".join(f"<td>{progress.counts[s]}</td>" for s in STATUSES)
        rows.append(
            f'<tr><th scope="row">{title}<span class="lif-table-sub">'
            f"{esc(site.vocab.boards.label(review.board))}, "
            f"{time_tag(publication_date(review))}</span></th>{cells}"
            f"<td>{progress.total}</td><td>{progress.overdue}</td>"
            f"<td>{progress.red}</td><td>{progress.amber}</td></tr>"
        )
    head = [
        "Review",
        *(STATUS_LABELS[s] for s in STATUSES),
        "Total",
        "Overdue",
        "Red",
        "Amber",
    ]
    return _table(
        "Each review's recommendations by stage",
        head,
        rows,
        "No published review has recommendations yet.",
        numeric=True,
    )


def _export_note(board: str | None = None) -> str:
    example = board or "adults"
    return (
        "## For the annual report {#annual-report}\n\n"
        "<p>Board office staff can write this status for a board and a year as an action-plan "
        "table (CSV, for a spreadsheet) and a Markdown summary: what was learned, what was "
        "done, and why any recommendation was not taken forward. Run, in the project "
        "folder:</p>\n\n"
        f"<p><code>lif action-plan --board {esc(example)} --year 2025 --out reports</code></p>"
        "\n\n<p>The year is the financial year the boards report on, April to March: 2025 "
        "means 1 April 2025 to 31 March 2026.</p>\n"
    )


def _short_date(value: dt.date) -> str:
    return f'<time datetime="{value.isoformat()}">{value.day} {value:%b %Y}</time>'


def progress_line(site: Site, tracked: TrackedRecommendation) -> str:
    """The learning cycle of one recommendation: each stage, the date it was reached (where
    recorded), the current stage marked, and the briefings that disseminated it."""
    page = item_path(tracked.review)
    dates = tracked.stage_dates()
    steps: list[str] = []
    if tracked.not_taken_forward:
        identified = dates.get("identified")
        when = f" {_short_date(identified)}" if identified else ""
        steps.append(
            '<li class="lif-stage lif-stage--done"><span class="lif-stage-name">Identified</span>'
            f'<span class="lif-sr"> (reached)</span>{when}</li>'
            '<li class="lif-stage lif-stage--closed" aria-current="step">'
            '<span class="lif-stage-name">Not taken forward</span></li>'
        )
        label = "Learning cycle: not taken forward"
    else:
        current = stage_index(tracked.stage)
        for index, stage in enumerate(STAGES):
            state = "done" if index < current else ("current" if index == current else "todo")
            aria = ' aria-current="step"' if state == "current" else ""
            hidden = {"done": " (reached)", "current": " (current stage)", "todo": " (not yet)"}
            date = dates.get(stage)
            when = f" {_short_date(date)}" if date else ""
            steps.append(
                f'<li class="lif-stage lif-stage--{state}"{aria}>'
                f'<span class="lif-stage-name">{esc(STATUS_LABELS[stage])}</span>'
                f'<span class="lif-sr">{hidden[state]}</span>{when}</li>'
            )
        label = f"Learning cycle stage: {tracked.stage}"
    note = ""
    if tracked.briefs and not tracked.not_taken_forward:
        shared = ", ".join(
            f"{link(page, item_path(b), b.title)}"
            + (f" ({esc(fmt_date(publication_date(b)))})" if publication_date(b) else "")
            for b in tracked.briefs
        )
        derived = " (this is what makes it disseminated)" if tracked.derived else ""
        note = f'<p class="lif-cycle-shared">Disseminated through {shared}{esc(derived)}.</p>'
    return (
        f'<div class="lif-cycle"><ol class="lif-stages" aria-label="{esc(label)}">'
        f"{''.join(steps)}</ol>{note}</div>"
    )


def progress_lines(site: Site, review: Review) -> dict[str, str]:
    """The progress line of each recommendation of ``review``, by recommendation id."""
    return {t.rec.id: progress_line(site, t) for t in track_review(site, review)}
