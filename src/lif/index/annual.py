"""The action plan for a board's annual report: which recommendations fall in a report year."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from lif.index.site import Site
from lif.index.tracker import build_tracker
from lif.model.content import Rag, Review
from lif.model.cycle import StageEvent, Status, TrackedRecommendation
from lif.model.publication import publication_date

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
        """True if ``date`` falls in the period (its first and last day included)."""
        return date is not None and self.start <= date <= self.end

    @property
    def slug(self) -> str:
        """The label as a file name stem: ``2025-26`` for ``2025/26``."""
        return self.label.replace("/", "-")


def financial_year(first: int) -> ReportYear:
    """The financial year starting 1 April ``first``: 2025 is 1 April 2025 to 31 March 2026."""
    return ReportYear(
        dt.date(first, 4, 1), dt.date(first + 1, 3, 31), f"{first}/{(first + 1) % 100:02d}", True
    )


def calendar_year(year: int) -> ReportYear:
    """The calendar year ``year``: 1 January to 31 December."""
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
        """The review the recommendation belongs to."""
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
