"""The learning cycle in practice: where every recommendation is, and what is late.

LIF §2.1 tracks learning as it is identified, disseminated, embedded and evaluated for impact.
Each recommendation of a review carries its stage as typed by the board office; this module works
out its *effective* stage (the typed stage, raised to at least "disseminated" when a public
briefing disseminates it), its dated history, and the figures the dashboard and the annual
action-plan export show. It also holds the checker's rules for recommendations.

Everything here is a pure function of the loaded content and a date.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from .models import STAGES, Action, Brief, Item, Rag, Recommendation, Review, Stage
from .publication import is_public, publication_date

if TYPE_CHECKING:
    from .checker import CheckContext
    from .problems import Problem
    from .site import Site

#: What a recommendation's status can be: a stage of the cycle, or closed without action.
Status = Literal["identified", "disseminated", "embedded", "evaluated", "not-taken-forward"]

NOT_TAKEN_FORWARD: Status = "not-taken-forward"

#: Every status, in the order the dashboard shows them.
STATUSES: tuple[Status, ...] = (*STAGES, NOT_TAKEN_FORWARD)

STATUS_LABELS: dict[Status, str] = {
    "identified": "Identified",
    "disseminated": "Disseminated",
    "embedded": "Embedded",
    "evaluated": "Evaluated",
    "not-taken-forward": "Not taken forward",
}

#: Stages at which a recommendation still needs work before its target date.
UNFINISHED_STAGES: frozenset[Stage] = frozenset({"identified", "disseminated"})

#: The rule the dashboard states, in the words board staff read it in.
EFFECTIVE_STAGE_RULE = (
    "A recommendation's stage is the one recorded in its review. When a published briefing on "
    "this site lists the recommendation under 'disseminates' (or names the whole review there), "
    "the recommendation counts as at least disseminated from the day the briefing was "
    "published, even if the review still says identified. A recommendation the board decided "
    "not to take forward is counted apart, as not taken forward, whatever the briefings say."
)


def stage_index(stage: Stage) -> int:
    return STAGES.index(stage)


def later_stage(a: Stage, b: Stage) -> Stage:
    return a if stage_index(a) >= stage_index(b) else b


def dissemination_index(
    reviews: Iterable[Review], briefs: Iterable[Brief]
) -> dict[tuple[str, str], list[Brief]]:
    """The briefings that disseminate each ``(review id, recommendation id)``, oldest first.

    A ``disseminates`` entry ``review-id#recommendation-id`` names one recommendation; a bare
    ``review-id`` names every recommendation of that review.
    """
    rec_ids = {r.id: [rec.id for rec in r.recommendations] for r in reviews}
    out: dict[tuple[str, str], list[Brief]] = {}
    for brief in briefs:
        for ref in dict.fromkeys(brief.disseminates):
            review_id, _, rec_id = ref.partition("#")
            targets = [rec_id] if rec_id else rec_ids.get(review_id, [])
            for target in targets:
                found = out.setdefault((review_id, target), [])
                if all(b.id != brief.id for b in found):
                    found.append(brief)
    for found in out.values():
        found.sort(key=lambda b: (publication_date(b) or dt.date.min, b.id))
    return out


@dataclass(frozen=True)
class StageEvent:
    """A dated step in a recommendation's history."""

    date: dt.date
    note: str
    stage: Stage | None = None
    rag: Rag | None = None
    #: "review" (identified on publication), "update" (a progress update) or "brief".
    source: Literal["review", "update", "brief"] = "update"
    brief: Brief | None = None


@dataclass(frozen=True)
class TrackedRecommendation:
    """A recommendation of a public review, with its effective stage and history."""

    review: Review
    rec: Recommendation
    briefs: tuple[Brief, ...] = ()

    @property
    def key(self) -> str:
        return f"{self.review.id}#{self.rec.id}"

    @property
    def not_taken_forward(self) -> bool:
        return self.rec.not_taken_forward is not None

    @property
    def stage(self) -> Stage:
        """The effective stage: the typed stage, raised to "disseminated" by a briefing."""
        if self.briefs and not self.not_taken_forward:
            return later_stage(self.rec.stage, "disseminated")
        return self.rec.stage

    @property
    def derived(self) -> bool:
        """True when a briefing, not the review file, puts the recommendation at its stage."""
        return self.stage != self.rec.stage

    @property
    def status(self) -> Status:
        return NOT_TAKEN_FORWARD if self.not_taken_forward else self.stage

    @property
    def rag(self) -> Rag | None:
        """The RAG rating typed on the recommendation, else the latest update's."""
        if self.rec.rag is not None:
            return self.rec.rag
        for update in sorted(self.rec.updates, key=lambda u: u.date, reverse=True):
            if update.rag is not None:
                return update.rag
        return None

    @property
    def lead_agency(self) -> str:
        """The lead agency's key, or "" when none is recorded."""
        return self.rec.lead_agency or ""

    def history(self) -> list[StageEvent]:
        """Every dated event, oldest first: publication, progress updates, briefings."""
        events: list[StageEvent] = []
        published = publication_date(self.review)
        if published is not None:
            events.append(StageEvent(published, "Review published", "identified", source="review"))
        events += [
            StageEvent(u.date, u.note, u.stage, u.rag, source="update") for u in self.rec.updates
        ]
        if not self.not_taken_forward:
            for brief in self.briefs:
                date = publication_date(brief)
                if date is not None:
                    events.append(
                        StageEvent(date, brief.title, "disseminated", source="brief", brief=brief)
                    )
        order = {"review": 0, "update": 1, "brief": 2}
        return sorted(events, key=lambda e: (e.date, order[e.source]))

    def stage_dates(self) -> dict[Stage, dt.date | None]:
        """The first date each stage up to the effective one was reached, where recorded.

        A stage counts as reached on the first event that records it or a later stage.
        """
        dates: dict[Stage, dt.date | None] = {}
        events = [e for e in self.history() if e.stage is not None]
        for stage in STAGES[: stage_index(self.stage) + 1]:
            reached = [
                e.date for e in events if e.stage and stage_index(e.stage) >= stage_index(stage)
            ]
            dates[stage] = min(reached) if reached else None
        return dates

    def stage_on(self, date: dt.date, today: dt.date) -> Status:
        """The status on ``date``: the effective one from today on, else from dated history."""
        if self.not_taken_forward:
            return NOT_TAKEN_FORWARD
        if date >= today:
            return self.stage
        reached: Stage = "identified"
        for event in self.history():
            if event.date > date:
                break
            if event.stage is not None:
                # A progress update may record a step back (a re-audit found the change had not
                # held); publication and briefings only ever raise the stage.
                reached = (
                    event.stage if event.source == "update" else later_stage(reached, event.stage)
                )
        return reached

    def rag_on(self, date: dt.date, today: dt.date) -> Rag | None:
        """The RAG rating on ``date``: the current one from today on, else the latest dated."""
        if date >= today:
            return self.rag
        rag: Rag | None = None
        for update in sorted(self.rec.updates, key=lambda u: u.date):
            if update.date > date:
                break
            if update.rag is not None:
                rag = update.rag
        return rag

    def open_actions(self) -> list[tuple[int, Action]]:
        """The actions not yet completed, with their index in the recommendation."""
        return [(i, a) for i, a in enumerate(self.rec.actions) if a.completed is None]

    def overdue_on(self, date: dt.date) -> bool:
        """True if the recommendation's target date has passed and it is not yet embedded."""
        return (
            not self.not_taken_forward
            and self.rec.due is not None
            and self.rec.due < date
            and self.stage in UNFINISHED_STAGES
        )


@dataclass(frozen=True)
class OverdueAction:
    """An action past its target date and not completed."""

    tracked: TrackedRecommendation
    index: int
    action: Action
    days: int

    @property
    def lead_agency(self) -> str:
        return self.action.lead_agency or self.tracked.lead_agency


@dataclass(frozen=True)
class ReviewProgress:
    """The state of one review's recommendations."""

    review: Review
    counts: Counter[Status]
    overdue: int
    red: int
    amber: int

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def count_statuses(recs: Iterable[TrackedRecommendation]) -> Counter[Status]:
    """How many recommendations have each status (every status present, zero included)."""
    counts: Counter[Status] = Counter(dict.fromkeys(STATUSES, 0))
    for tracked in recs:
        counts[tracked.status] += 1
    return counts


def group_statuses(
    recs: Iterable[TrackedRecommendation],
    keys_of: Callable[[TrackedRecommendation], Iterable[str]],
) -> dict[str, Counter[Status]]:
    """Status counts per group; a recommendation counts once in each group ``keys_of`` gives."""
    groups: dict[str, Counter[Status]] = {}
    for tracked in recs:
        status = tracked.status
        for key in dict.fromkeys(keys_of(tracked)):
            if key not in groups:
                groups[key] = Counter(dict.fromkeys(STATUSES, 0))
            groups[key][status] += 1
    return groups


#: The dimensions the dashboard breaks the figures down by, and each recommendation's keys.
DIMENSIONS: dict[str, Callable[[TrackedRecommendation], Sequence[str]]] = {
    "board": lambda t: [t.review.board],
    "review_type": lambda t: [t.review.review_type],
    "theme": lambda t: t.review.themes,
    "lead_agency": lambda t: [t.lead_agency],
}


@dataclass(frozen=True)
class Tracker:
    """Every tracked recommendation of the public reviews, on a given day."""

    today: dt.date
    recommendations: tuple[TrackedRecommendation, ...] = field(default_factory=tuple)

    def filter(self, keep: Callable[[TrackedRecommendation], bool]) -> Tracker:
        return Tracker(self.today, tuple(t for t in self.recommendations if keep(t)))

    def for_board(self, board: str) -> Tracker:
        return self.filter(lambda t: t.review.board == board)

    @property
    def reviews(self) -> list[Review]:
        """The reviews that have recommendations, in the order given."""
        seen: dict[str, Review] = {}
        for tracked in self.recommendations:
            seen.setdefault(tracked.review.id, tracked.review)
        return list(seen.values())

    def counts(self) -> Counter[Status]:
        return count_statuses(self.recommendations)

    def breakdown(self, dimension: str) -> dict[str, Counter[Status]]:
        """Status counts by ``board``, ``review_type``, ``theme`` or ``lead_agency``."""
        return group_statuses(self.recommendations, DIMENSIONS[dimension])

    def overdue_actions(self) -> list[OverdueAction]:
        """Unfinished actions past their target date, longest overdue first."""
        out = [
            OverdueAction(t, i, a, (self.today - a.due).days)
            for t in self.recommendations
            if not t.not_taken_forward
            for i, a in t.open_actions()
            if a.due is not None and a.due < self.today
        ]
        return sorted(out, key=lambda o: (-o.days, o.tracked.key, o.index))

    def overdue_recommendations(self) -> list[TrackedRecommendation]:
        """Recommendations past their target date and not yet embedded, longest overdue first."""
        out = [t for t in self.recommendations if t.overdue_on(self.today)]
        return sorted(out, key=lambda t: (t.rec.due or dt.date.max, t.key))

    def with_rag(self, *ratings: Rag) -> list[TrackedRecommendation]:
        """Recommendations rated with one of ``ratings`` (red first, then amber), then by key."""
        order = {rating: i for i, rating in enumerate(ratings)}
        out = [t for t in self.recommendations if t.rag in order]
        return sorted(out, key=lambda t: (order[t.rag] if t.rag else 0, t.key))

    def review_progress(self) -> list[ReviewProgress]:
        """One line per review with recommendations, in the tracker's review order."""
        by_review: dict[str, list[TrackedRecommendation]] = {}
        for tracked in self.recommendations:
            by_review.setdefault(tracked.review.id, []).append(tracked)
        out: list[ReviewProgress] = []
        for review in self.reviews:
            recs = by_review[review.id]
            out.append(
                ReviewProgress(
                    review=review,
                    counts=count_statuses(recs),
                    overdue=sum(t.overdue_on(self.today) for t in recs),
                    red=sum(t.rag == "red" for t in recs),
                    amber=sum(t.rag == "amber" for t in recs),
                )
            )
        return out


def track(reviews: Sequence[Review], briefs: Iterable[Brief], today: dt.date) -> Tracker:
    """Track every recommendation of ``reviews``, disseminated by ``briefs``."""
    index = dissemination_index(reviews, briefs)
    return Tracker(
        today,
        tuple(
            TrackedRecommendation(review, rec, tuple(index.get((review.id, rec.id), ())))
            for review in reviews
            for rec in review.recommendations
        ),
    )


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


# Checker rules ---------------------------------------------------------------------------------
#
# Registered in lif.checker.RULES. They look at every item, public or not, so that a draft is
# checked before it is published; only public briefings count as disseminating, as on the site.


def _reviews(items: Iterable[Item]) -> Iterator[Review]:
    return (i for i in items if isinstance(i, Review))


def _public_dissemination(ctx: CheckContext) -> dict[tuple[str, str], list[Brief]]:
    items = ctx.library.items
    briefs = [i for i in items if isinstance(i, Brief) and is_public(i, ctx.today)]
    return dissemination_index(_reviews(items), briefs)


def _rec_loc(index: int, *rest: str | int) -> tuple[str | int, ...]:
    return ("recommendations", index, *rest)


def rule_evaluated_needs_evidence(ctx: CheckContext) -> Iterator[Problem]:
    """A recommendation evaluated for impact says what the evidence of impact is."""
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

    Learning is shared in many ways besides this site (training, workshops, board meetings), so a
    missing record is a warning: the fix is a dated progress update saying how it was shared.
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


#: The learning-cycle rules, in the order they run (listed in lif.checker.RULES).
CYCLE_RULES: list[Callable[[CheckContext], Iterable[Problem]]] = [
    rule_evaluated_needs_evidence,
    rule_not_taken_forward_is_final,
    rule_progress_dates,
    rule_overdue,
    rule_stage_is_recorded,
]
