"""The action plan written for a board's annual report: CSV and Markdown."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from lif.index.annual import JOINT_BOARD, PlanRow, ReportYear, plan_rows, report_date
from lif.index.site import Site
from lif.model.content import Review
from lif.model.cycle import (
    NOT_TAKEN_FORWARD,
    STATUS_LABELS,
    STATUSES,
    StageEvent,
    TrackedRecommendation,
)
from lif.model.paths import item_path
from lif.model.publication import fmt_date, publication_date
from lif.output.files import confined, output_folder, write_text
from lif.output.sheets import spreadsheet_cell

CSV_COLUMNS = (
    "Review",
    "Review ID",
    "Review type",
    "Board",
    "Published",
    "Recommendation ID",
    "Recommendation",
    "Scope",
    "Lead agency",
    "Actions",
    "Target date",
    "Report date",
    "Stage at report date",
    "RAG at report date",
    "Overdue at report date",
    "Stage now",
    "RAG now",
    "Done in the period",
    "Disseminated through",
    "Evidence of impact",
    "Reason not taken forward",
    "Link",
)


def _iso(date: dt.date | None) -> str:
    return date.isoformat() if date else ""


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def _actions_text(site: Site, tracked: TrackedRecommendation) -> str:
    lines = []
    for action in tracked.rec.actions:
        facts = []
        if action.lead_agency:
            facts.append(site.vocab.agencies.label(action.lead_agency))
        if action.due:
            facts.append(f"due {action.due.isoformat()}")
        facts.append(
            f"completed {action.completed.isoformat()}" if action.completed else "not completed"
        )
        lines.append(f"{action.text} ({'; '.join(facts)})")
    return "\n".join(lines)


def _done_text(row: PlanRow) -> str:
    entries: list[tuple[dt.date, str]] = [
        (e.date, f"{e.date.isoformat()}: {_event_text(e)}") for e in row.activity
    ]
    entries += [
        (d, f"{d.isoformat()}: action completed: {text}") for d, text in row.completed_actions
    ]
    return "\n".join(text for _, text in sorted(entries, key=lambda p: p[0]))


def _event_text(event: StageEvent) -> str:
    if event.source == "brief":
        return f"briefing published: {event.note}"
    stage = f" (stage: {event.stage})" if event.stage else ""
    return f"{event.note}{stage}"


def _link(site_url: str, tracked: TrackedRecommendation) -> str:
    path = f"{item_path(tracked.review)}#recommendation-{tracked.rec.id}"
    return f"{site_url.rstrip('/')}/{path}" if site_url else path


def csv_rows(site: Site, rows: Sequence[PlanRow], site_url: str = "") -> list[list[str]]:
    """The CSV table, header first."""
    vocab = site.vocab
    out = [list(CSV_COLUMNS)]
    for row in rows:
        t = row.tracked
        rec = t.rec
        out.append(
            [
                spreadsheet_cell(v)
                for v in (
                    t.review.title,
                    t.review.id,
                    vocab.review_types.label(t.review.review_type),
                    vocab.boards.label(t.review.board),
                    _iso(publication_date(t.review)),
                    rec.id,
                    rec.text,
                    rec.scope or "",
                    vocab.agencies.label(rec.lead_agency) if rec.lead_agency else "",
                    _actions_text(site, t),
                    _iso(rec.due),
                    row.as_at.isoformat(),
                    STATUS_LABELS[row.stage_at],
                    row.rag_at or "",
                    _yes_no(row.overdue_at),
                    STATUS_LABELS[t.status],
                    t.rag or "",
                    _done_text(row),
                    "\n".join(f"{b.title} ({_iso(publication_date(b))})" for b in t.briefs)
                    if not t.not_taken_forward
                    else "",
                    rec.evidence or "",
                    rec.not_taken_forward or "",
                    _link(site_url, t),
                )
            ]
        )
    return out


def write_csv(path: Path, table: Iterable[Sequence[str]]) -> None:
    """Write a CSV that spreadsheets open as UTF-8 (with a byte-order mark)."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(table)
    write_text(path.parent, path.name, buffer.getvalue(), encoding="utf-8-sig")


def _md(text: str) -> str:
    """Text safe in a Markdown paragraph or table cell."""
    text = " ".join(str(text).split())
    text = re.sub(r"([\\`*_\[\]<>|#])", r"\\\1", text)
    return text


def _period_sentence(year: ReportYear) -> str:
    kind = "financial year" if year.financial else "calendar year"
    return f"{fmt_date(year.start)} to {fmt_date(year.end)} (the {kind} {year.label})"


def render_summary(
    site: Site, board: str, year: ReportYear, rows: Sequence[PlanRow], include_joint: bool
) -> str:
    """The Markdown summary: figures, what was learned, what was done, what was not taken
    forward and why, and what is overdue or rated red or amber."""
    label = site.vocab.boards.label(board)
    as_at = report_date(year, site.today)
    lines = [
        f"# Learning from reviews: {_md(label)}, {year.label}",
        "",
        f"Period: {_period_sentence(year)}. Status at {fmt_date(as_at)}"
        + (
            " (the end of the period)."
            if as_at == year.end
            else " (today; the period is not over)."
        ),
        "",
    ]
    if include_joint and board != JOINT_BOARD:
        joint = site.vocab.boards.label(JOINT_BOARD)
        lines += [f"Includes the reviews of the {_md(joint)}.", ""]
    lines += [
        f"Generated on {fmt_date(site.today)} from the published reviews and briefings of the "
        "learning hub. Drafts and embargoed reviews are not included.",
        "",
        "## Summary",
        "",
    ]
    reviews = {r.review.id for r in rows}
    new_reviews = [r for r in _unique_reviews(rows) if year.contains(publication_date(r))]
    counts = {s: sum(1 for r in rows if r.stage_at == s) for s in STATUSES}
    overdue = [r for r in rows if r.overdue_at]
    lines += [
        f"- Recommendations in this report: {len(rows)}, from {len(reviews)} review(s).",
        f"- Reviews published in the period: {len(new_reviews)}.",
        f"- Overdue at the report date: {len(overdue)}.",
        f"- Rated red: {sum(r.rag_at == 'red' for r in rows)}; "
        f"amber: {sum(r.rag_at == 'amber' for r in rows)}.",
        "",
        "| Stage at the report date | Recommendations |",
        "| --- | ---: |",
        *(f"| {STATUS_LABELS[s]} | {counts[s]} |" for s in STATUSES),
        f"| **All** | **{len(rows)}** |",
        "",
        "## What we learned",
        "",
    ]
    if not new_reviews:
        lines += ["No review was published in this period.", ""]
    for review in new_reviews:
        lines += [
            f"### {_md(review.title)}",
            "",
            f"{_md(site.vocab.review_types.label(review.review_type))}, published "
            f"{fmt_date(publication_date(review))}.",
            "",
            *(f"- {_md(p.title + ': ' if p.title else '')}{_md(p.text)}" for p in review.learning),
            "",
        ]
    lines += ["## What we did", ""]
    done = [r for r in rows if r.activity or r.completed_actions]
    if not done:
        lines += ["No progress was recorded in this period.", ""]
    for row in done:
        lines += [
            f"- **{_md(row.review.title)}**, recommendation {_md(row.tracked.rec.id)}: "
            f"{_md(row.tracked.rec.text)}",
        ]
        lines += [f"    - {_md(text)}" for text in _done_text(row).splitlines()]
    lines += ["", "## Evidence of impact", ""]
    evaluated = [r for r in rows if r.stage_at == "evaluated" and r.tracked.rec.evidence]
    if not evaluated:
        lines += ["No recommendation in this report was evaluated for impact by the report date."]
    for row in evaluated:
        lines.append(
            f"- **{_md(row.review.title)}**, {_md(row.tracked.rec.text)} "
            f"Evidence: {_md(row.tracked.rec.evidence or '')}"
        )
    lines += ["", "## Recommendations not taken forward", ""]
    not_taken = [r for r in rows if r.stage_at == NOT_TAKEN_FORWARD]
    if not not_taken:
        lines += ["Every recommendation in this report was taken forward."]
    for row in not_taken:
        lines.append(
            f"- **{_md(row.review.title)}**, {_md(row.tracked.rec.text)} "
            f"Reason: {_md(row.tracked.rec.not_taken_forward or '')}"
        )
    lines += ["", "## Overdue, red and amber at the report date", ""]
    concerns = [r for r in rows if r.overdue_at or r.rag_at in {"red", "amber"}]
    if not concerns:
        lines += ["None."]
    else:
        lines += [
            "| Review | Recommendation | Lead agency | Target date | Stage | RAG | Overdue |",
            "| --- | --- | --- | --- | --- | --- | --- |",
        ]
        lines += [_concern_row(site, r) for r in concerns]
    lines += [
        "",
        "## Every recommendation",
        "",
        "| Review | Recommendation | Lead agency | Target date | Stage | RAG |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        rec = row.tracked.rec
        lines.append(
            f"| {_md(row.review.title)} | {_md(rec.text)} | {_md(_agency(site, rec.lead_agency))} "
            f"| {_iso(rec.due)} | {STATUS_LABELS[row.stage_at]} | {row.rag_at or ''} |"
        )
    return "\n".join(lines) + "\n"


def _agency(site: Site, key: str | None) -> str:
    return site.vocab.agencies.label(key) if key else "not recorded"


def _concern_row(site: Site, row: PlanRow) -> str:
    rec = row.tracked.rec
    return (
        f"| {_md(row.review.title)} | {_md(rec.text)} | {_md(_agency(site, rec.lead_agency))} | "
        f"{_iso(rec.due)} | {STATUS_LABELS[row.stage_at]} | {row.rag_at or ''} | "
        f"{_yes_no(row.overdue_at)} |"
    )


def _unique_reviews(rows: Sequence[PlanRow]) -> list[Review]:
    seen: dict[str, Review] = {}
    for row in rows:
        seen.setdefault(row.review.id, row.review)
    return list(seen.values())


def export_action_plan(
    site: Site,
    board: str,
    year: ReportYear,
    out: Path,
    include_joint: bool = True,
    site_url: str = "",
) -> tuple[Path, Path, int]:
    """Write the CSV and the Markdown summary into ``out``; returns both paths and the row count.

    Raises :class:`lif.output.files.OutputError` if ``out`` is a file or cannot be written.
    """
    rows = plan_rows(site, board, year, include_joint)
    out = output_folder(out)
    stem = f"action-plan-{board}-{year.slug}"
    csv_path = confined(out, f"{stem}.csv")
    write_csv(csv_path, csv_rows(site, rows, site_url))
    md_path = write_text(out, f"{stem}.md", render_summary(site, board, year, rows, include_joint))
    return csv_path, md_path, len(rows)
