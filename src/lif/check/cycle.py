"""Learning-cycle rules (LIF section 2.1): evidence for "evaluated", dates in order, late work."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator

from lif.model.content import Brief
from lif.model.cycle import TrackedRecommendation, _reviews, dissemination_index, stage_index
from lif.model.library import CheckContext
from lif.model.problems import Problem
from lif.model.publication import is_public


def _public_dissemination(ctx: CheckContext) -> dict[tuple[str, str], list[Brief]]:
    items = ctx.library.items
    briefs = [i for i in items if isinstance(i, Brief) and is_public(i, ctx.today)]
    return dissemination_index(_reviews(items), briefs)


def _rec_loc(index: int, *rest: str | int) -> tuple[str | int, ...]:
    return ("recommendations", index, *rest)


def rule_evaluated_needs_evidence(ctx: CheckContext) -> Iterator[Problem]:
    """A recommendation evaluated for impact says what the evidence of impact is (LIF
    section 2.1: learning is evaluated for its direct impact on outcomes; section 13)."""
    for review in _reviews(ctx.library.items):
        for i, rec in enumerate(review.recommendations):
            if rec.stage == "evaluated" and not rec.evidence:
                yield ctx.problem(
                    review,
                    _rec_loc(i, "stage"),
                    f"recommendation '{rec.id}' is at stage 'evaluated' but has no 'evidence': "
                    "add 'evidence:' saying what showed the impact (for example a re-audit "
                    "result), or set the stage back to 'embedded'",
                )


def rule_not_taken_forward_is_final(ctx: CheckContext) -> Iterator[Problem]:
    """A recommendation not taken forward cannot also be moving through the cycle."""
    not_taken: set[tuple[str, str]] = set()
    for review in _reviews(ctx.library.items):
        for i, rec in enumerate(review.recommendations):
            if rec.not_taken_forward is None:
                continue
            not_taken.add((review.id, rec.id))
            if rec.stage != "identified":
                yield ctx.problem(
                    review,
                    _rec_loc(i, "not_taken_forward"),
                    f"recommendation '{rec.id}' has 'not_taken_forward' but its stage is "
                    f"'{rec.stage}': a recommendation not taken forward stays at 'identified'; "
                    "remove one or the other",
                )
    for brief in ctx.library.items:
        if not isinstance(brief, Brief):
            continue
        for j, ref in enumerate(brief.disseminates):
            review_id, _, rec_id = ref.partition("#")
            if rec_id and (review_id, rec_id) in not_taken:
                yield ctx.problem(
                    brief,
                    ("disseminates", j),
                    f"'{ref}' was not taken forward (see 'not_taken_forward' in the review): "
                    "remove it from 'disseminates', or remove 'not_taken_forward' from the review",
                )


def rule_progress_dates(ctx: CheckContext) -> Iterator[Problem]:
    """Progress updates are in date order and none is in the future; no action completes later."""
    for review in _reviews(ctx.library.items):
        for i, rec in enumerate(review.recommendations):
            previous: dt.date | None = None
            for k, update in enumerate(rec.updates):
                if update.date > ctx.today:
                    yield ctx.problem(
                        review,
                        _rec_loc(i, "updates", k, "date"),
                        f"progress update dated {update.date.isoformat()} is in the future: "
                        "record progress once it has happened",
                    )
                if previous is not None and update.date < previous:
                    yield ctx.problem(
                        review,
                        _rec_loc(i, "updates", k, "date"),
                        f"progress update dated {update.date.isoformat()} comes after one dated "
                        f"{previous.isoformat()}: list updates oldest first",
                    )
                previous = max(previous or update.date, update.date)
            for k, action in enumerate(rec.actions):
                if action.completed is not None and action.completed > ctx.today:
                    yield ctx.problem(
                        review,
                        _rec_loc(i, "actions", k, "completed"),
                        f"action completed on {action.completed.isoformat()}, a date in the "
                        "future: record the completion date once the action is done",
                    )


def rule_overdue(ctx: CheckContext) -> Iterator[Problem]:
    """Report (as warnings) actions and recommendations past their target date."""
    dissemination = _public_dissemination(ctx)
    for review in _reviews(ctx.library.items):
        for i, rec in enumerate(review.recommendations):
            if rec.not_taken_forward is not None:
                continue
            for k, action in enumerate(rec.actions):
                if action.completed is None and action.due is not None and action.due < ctx.today:
                    yield ctx.problem(
                        review,
                        _rec_loc(i, "actions", k, "due"),
                        f"an action of recommendation '{rec.id}' was due on "
                        f"{action.due.isoformat()} and is not completed: add 'completed: "
                        "YYYY-MM-DD' when it is done, or agree and record a new 'due' date",
                        severity="warning",
                    )
            briefs = tuple(dissemination.get((review.id, rec.id), ()))
            tracked = TrackedRecommendation(review, rec, briefs)
            if tracked.overdue_on(ctx.today):
                assert rec.due is not None
                yield ctx.problem(
                    review,
                    _rec_loc(i, "due"),
                    f"recommendation '{rec.id}' was due on {rec.due.isoformat()} and is still at "
                    f"stage '{tracked.stage}': add a progress update, move the stage on, or "
                    "agree and record a new 'due' date",
                    severity="warning",
                )


def rule_stage_is_recorded(ctx: CheckContext) -> Iterator[Problem]:
    """A stage past "identified" has a record behind it, and agrees with the latest update.

    Learning is shared in many ways besides this site (training, workshops, board meetings: LIF
    section 12.3), so a missing record is a warning: the fix is a dated progress update saying
    how it was shared.
    """
    dissemination = _public_dissemination(ctx)
    for review in _reviews(ctx.library.items):
        for i, rec in enumerate(review.recommendations):
            if rec.not_taken_forward is not None:
                continue
            staged = [u for u in rec.updates if u.stage is not None]
            recorded = any(stage_index(u.stage) >= 1 for u in staged if u.stage)
            if (
                stage_index(rec.stage) >= 1
                and not recorded
                and (review.id, rec.id) not in dissemination
            ):
                yield ctx.problem(
                    review,
                    _rec_loc(i, "stage"),
                    f"recommendation '{rec.id}' is at stage '{rec.stage}' but nothing records "
                    "how it was shared: add a progress update (date, note, stage: disseminated) "
                    "or list it under 'disseminates' in the briefing that shares it",
                    severity="warning",
                )
            if staged:
                # The last one listed wins among updates of the same day.
                _, latest = max(enumerate(staged), key=lambda p: (p[1].date, p[0]))
                if latest.stage != rec.stage:
                    yield ctx.problem(
                        review,
                        _rec_loc(i, "stage"),
                        f"the latest progress update of recommendation '{rec.id}' "
                        f"({latest.date.isoformat()}) records stage '{latest.stage}' but "
                        f"'stage' is '{rec.stage}': make them agree",
                        severity="warning",
                    )


#: The learning-cycle rules, in the order they run (listed in lif.check.rules.RULES).
CYCLE_RULES: list[Callable[[CheckContext], Iterable[Problem]]] = [
    rule_evaluated_needs_evidence,
    rule_not_taken_forward_is_final,
    rule_progress_dates,
    rule_overdue,
    rule_stage_is_recorded,
]
