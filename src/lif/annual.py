"""The action-plan export for a board's annual report: ``lif action-plan``.

Working Together and the Care Act ask each board to say in its annual report what it learned
from its reviews, what it did, and why any recommendation was not taken forward. This command
writes that for one board and one year from the same content the site is built from: a CSV
table (one row per recommendation, for a spreadsheet) and a Markdown summary.

The year is the financial year boards report on (1 April to 31 March), or with
``--calendar-year`` January to December. Only public items are exported, as on the site.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .cycle import (
    NOT_TAKEN_FORWARD,
    STATUS_LABELS,
    STATUSES,
    StageEvent,
    Status,
    TrackedRecommendation,
    build_tracker,
)
from .models import Rag, Review
from .publication import publication_date
from .render import fmt_date
from .sheets import spreadsheet_cell
from .site import Site, item_path, load_site

#: The board key that means "both boards": its reviews belong in each board's report too.
JOINT_BOARD = "both"


@dataclass(frozen=True)
class ReportYear:
    """A reporting period: its first and last day and how reports name it."""

    start: dt.date
    end: dt.date
    label: str
    financial: bool

    def contains(self, date: dt.date | None) -> bool:
        return date is not None and self.start <= date <= self.end

    @property
    def slug(self) -> str:
        return self.label.replace("/", "-")


def financial_year(first: int) -> ReportYear:
    """The financial year starting 1 April ``first``: 2025 is 1 April 2025 to 31 March 2026."""
    return ReportYear(
        dt.date(first, 4, 1), dt.date(first + 1, 3, 31), f"{first}/{(first + 1) % 100:02d}", True
    )


def calendar_year(year: int) -> ReportYear:
    return ReportYear(dt.date(year, 1, 1), dt.date(year, 12, 31), str(year), False)


_YEAR = re.compile(r"^\s*(\d{4})(?:\s*[-/]\s*(\d{2}|\d{4}))?\s*$")


def parse_year(text: str, calendar: bool = False) -> ReportYear:
    """``2025``, ``2025/26``, ``2025-26`` or ``2025-2026`` as a reporting year.

    Raises ValueError with a message for board staff if the text is not a year.
    """
    match = _YEAR.match(text)
    if match is None:
        raise ValueError(
            f"'{text}' is not a year: write the year the period starts in, like 2025 "
            "(the financial year 2025/26), or 2025/26"
        )
    first = int(match.group(1))
    second = match.group(2)
    if second is not None:
        if calendar:
            raise ValueError(
                f"'{text}' is a financial year; with --calendar-year give one year, like 2025"
            )
        expected = first + 1 if len(second) == 4 else (first + 1) % 100
        if int(second) != expected:
            raise ValueError(
                f"'{text}' is not a financial year: the second year follows the first, "
                f"as in {first}/{(first + 1) % 100:02d}"
            )
    if not 1900 <= first <= 2999:
        raise ValueError(f"'{text}' is not a plausible year")
    return calendar_year(first) if calendar else financial_year(first)


# What goes in the report -----------------------------------------------------------------------


@dataclass(frozen=True)
class PlanRow:
    """One recommendation in the report, with what happened to it in the period."""

    tracked: TrackedRecommendation
    as_at: dt.date
    stage_at: Status
    rag_at: Rag | None
    overdue_at: bool
    activity: tuple[StageEvent, ...]
    completed_actions: tuple[tuple[dt.date, str], ...]

    @property
    def review(self) -> Review:
        return self.tracked.review


def report_date(year: ReportYear, today: dt.date) -> dt.date:
    """The day the status is reported at: the end of the year, or today if that is earlier."""
    return min(year.end, today)


def in_report(tracked: TrackedRecommendation, year: ReportYear, today: dt.date) -> bool:
    """True if the recommendation belongs in the year's report.

    It does if its review was published by the end of the year and: the review was published
    in the year; or something happened to it in the year (a progress update, an action
    completed, a briefing published); or it was still open when the year began.
    """
    published = publication_date(tracked.review)
    if published is None or published > year.end:
        return False
    if year.contains(published) or _activity(tracked, year):
        return True
    if any(year.contains(a.completed) for a in tracked.rec.actions):
        return True
    if tracked.not_taken_forward:
        return False
    return tracked.stage_on(year.start, today) != "evaluated"


def _activity(tracked: TrackedRecommendation, year: ReportYear) -> list[StageEvent]:
    return [e for e in tracked.history() if e.source != "review" and year.contains(e.date)]


def plan_rows(
    site: Site, board: str, year: ReportYear, include_joint: bool = True
) -> list[PlanRow]:
    """The recommendations of the board's public reviews that belong in the year's report."""
    boards = {board}
    if include_joint and board != JOINT_BOARD:
        boards.add(JOINT_BOARD)
    tracker = build_tracker(site).filter(lambda t: t.review.board in boards)
    as_at = report_date(year, site.today)
    rows: list[PlanRow] = []
    for tracked in tracker.recommendations:
        if not in_report(tracked, year, site.today):
            continue
        completed = tuple(
            (a.completed, a.text)
            for a in tracked.rec.actions
            if a.completed is not None and year.contains(a.completed)
        )
        rows.append(
            PlanRow(
                tracked=tracked,
                as_at=as_at,
                stage_at=tracked.stage_on(as_at, site.today),
                rag_at=tracked.rag_on(as_at, site.today),
                overdue_at=_overdue_on(tracked, as_at, site.today),
                activity=tuple(_activity(tracked, year)),
                completed_actions=completed,
            )
        )
    return sorted(
        rows,
        key=lambda r: (publication_date(r.review) or dt.date.min, r.review.id),
    )


def _overdue_on(tracked: TrackedRecommendation, date: dt.date, today: dt.date) -> bool:
    status = tracked.stage_on(date, today)
    return (
        status in {"identified", "disseminated"}
        and tracked.rec.due is not None
        and tracked.rec.due < date
    )


# CSV -------------------------------------------------------------------------------------------

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
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(table)


# Markdown summary ------------------------------------------------------------------------------


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


# The command -----------------------------------------------------------------------------------


def export_action_plan(
    site: Site,
    board: str,
    year: ReportYear,
    out: Path,
    include_joint: bool = True,
    site_url: str = "",
) -> tuple[Path, Path, int]:
    """Write the CSV and the Markdown summary into ``out``; returns both paths and the row count."""
    rows = plan_rows(site, board, year, include_joint)
    out.mkdir(parents=True, exist_ok=True)
    stem = f"action-plan-{board}-{year.slug}"
    csv_path = out / f"{stem}.csv"
    md_path = out / f"{stem}.md"
    write_csv(csv_path, csv_rows(site, rows, site_url))
    md_path.write_text(render_summary(site, board, year, rows, include_joint), encoding="utf-8")
    return csv_path, md_path, len(rows)


def configured_site_url(root: Path) -> str:
    """The site's address from ``mkdocs.yml`` (``site_url:``), or "" if there is none."""
    config = root / "mkdocs.yml"
    if not config.is_file():
        return ""
    match = re.search(r"^site_url:\s*['\"]?([^'\"\s#]+)", config.read_text(encoding="utf-8"), re.M)
    return match.group(1) if match else ""


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "action-plan",
        help="write a board's action-plan status for a year (CSV and Markdown) for its "
        "annual report",
        description=(
            "Write the action-plan status of a board's published reviews for one year: a CSV "
            "table (one row per recommendation: what was learned, what was done, its stage, "
            "RAG rating and evidence, and the reason for any recommendation not taken forward) "
            "and a Markdown summary for the annual report. The year is the financial year "
            "boards report on, 1 April to 31 March: --year 2025 (or 2025/26) means 1 April "
            "2025 to 31 March 2026. The status is given at the end of the year, or today if "
            "the year is not over."
        ),
    )
    parser.add_argument(
        "--root",
        type=Path,
        default=Path.cwd(),
        help="the project folder (the one holding reviews/, briefs/ and data/); default: here",
    )
    parser.add_argument(
        "--board",
        required=True,
        help="the board: a key of data/boards.yml, such as children, adults or both",
    )
    parser.add_argument(
        "--year",
        required=True,
        help="the financial year by the year it starts in: 2025 or 2025/26 is 1 April 2025 to "
        "31 March 2026",
    )
    parser.add_argument(
        "--calendar-year",
        action="store_true",
        help="read --year as a calendar year, 1 January to 31 December",
    )
    parser.add_argument(
        "--no-joint",
        action="store_true",
        help="leave out joint reviews (board: both); by default they are in both boards' reports",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path.cwd(),
        help="the folder to write into (created if needed); default: here",
    )
    parser.add_argument(
        "--site-url",
        default=None,
        help="the site's address, for links to each recommendation; default: site_url of "
        "mkdocs.yml",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    root: Path = args.root.resolve()
    try:
        year = parse_year(args.year, calendar=args.calendar_year)
    except ValueError as exc:
        print(f"lif action-plan: --year: {exc}", file=sys.stderr)
        return 1
    site = load_site(root)
    board = site.vocab.boards.resolve(args.board)
    if board is None:
        allowed = ", ".join(site.vocab.boards.keys())
        print(
            f"lif action-plan: --board: unknown board '{args.board}'; allowed: {allowed}",
            file=sys.stderr,
        )
        return 1
    if site.errors:
        for problem in site.errors:
            print(problem.format(), file=sys.stderr)
        print(
            f"lif action-plan: {len(site.errors)} error(s) in the content (listed above): fix "
            "them first ('lif check' lists the same). Nothing was written.",
            file=sys.stderr,
        )
        return 1
    site_url = args.site_url if args.site_url is not None else configured_site_url(root)
    csv_path, md_path, count = export_action_plan(
        site, board, year, args.out.resolve(), include_joint=not args.no_joint, site_url=site_url
    )
    print(f"{csv_path}\n{md_path}")
    print(
        f"lif action-plan: {count} recommendation(s) for {site.vocab.boards.label(board)}, "
        f"{year.label}.",
        file=sys.stderr,
    )
    return 0
