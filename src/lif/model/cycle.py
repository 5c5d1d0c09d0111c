"""The learning cycle (LIF section 2.1): stages, the effective stage of each recommendation and
the tracker types computed from reviews and the briefings that disseminate them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal

from lif.model.content import STAGES, Action, Brief, Item, Rag, Recommendation, Review, Stage
from lif.model.publication import publication_date

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
    """The position of ``stage`` in the learning cycle of LIF §2.1 (identified 0 to evaluated 3)."""
    return STAGES.index(stage)


def later_stage(a: Stage, b: Stage) -> Stage:
    """Whichever of ``a`` and ``b`` comes later in the learning cycle (LIF §2.1)."""
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
        """``review-id#recommendation-id``: the recommendation's key across the site."""
        return f"{self.review.id}#{self.rec.id}"

    @property
    def not_taken_forward(self) -> bool:
        """True if the board decided not to take the recommendation forward."""
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
        """The effective stage, or "not taken forward", which counts apart from every stage."""
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
        """The action's lead agency, else its recommendation's (``""`` when neither records one)."""
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
        """How many recommendations the review has, whatever their status."""
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
        """A tracker of the same day holding only the recommendations ``keep`` is true for."""
        return Tracker(self.today, tuple(t for t in self.recommendations if keep(t)))

    def for_board(self, board: str) -> Tracker:
        """A tracker of the recommendations of ``board``'s reviews (its key)."""
        return self.filter(lambda t: t.review.board == board)

    @property
    def reviews(self) -> list[Review]:
        """The reviews that have recommendations, in the order given."""
        seen: dict[str, Review] = {}
        for tracked in self.recommendations:
            seen.setdefault(tracked.review.id, tracked.review)
        return list(seen.values())

    def counts(self) -> Counter[Status]:
        """How many recommendations have each status (every status present, zero included)."""
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


def _reviews(items: Iterable[Item]) -> Iterator[Review]:
    return (i for i in items if isinstance(i, Review))
