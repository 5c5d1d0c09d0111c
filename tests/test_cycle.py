"""The learning cycle: effective stage, history, figures, overdue lists and the checker's rules."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

import pytest
from support import brief_data, review_data, write_item

from lif.index.site import load_site
from lif.index.tracker import build_tracker
from lif.model.content import STAGES, Brief, Review
from lif.model.cycle import STATUSES, TrackedRecommendation, dissemination_index, track
from lif.model.problems import Problem

TODAY = dt.date(2026, 11, 26)


def review(**changes: Any) -> Review:
    return Review.model_validate(review_data(**changes))


def brief(**changes: Any) -> Brief:
    return Brief.model_validate(brief_data(**changes))


def rec(rec_id: str = "r1", **fields: Any) -> dict[str, Any]:
    return {"id": rec_id, "text": f"Recommendation {rec_id}.", **fields}


def only(tracker_recs: tuple[TrackedRecommendation, ...]) -> TrackedRecommendation:
    [tracked] = tracker_recs
    return tracked


# Effective stage -------------------------------------------------------------------------------


def test_a_briefing_raises_an_identified_recommendation_to_disseminated() -> None:
    r = review(recommendations=[rec("r1"), rec("r2")])
    b = brief(disseminates=["sar-adult-z-2025#r1"])
    tracker = track([r], [b], TODAY)
    first, second = tracker.recommendations
    assert (first.rec.stage, first.stage, first.derived) == ("identified", "disseminated", True)
    assert [x.id for x in first.briefs] == ["es-adult-z"]
    assert (second.stage, second.derived, second.briefs) == ("identified", False, ())


def test_a_briefing_never_lowers_a_later_typed_stage() -> None:
    r = review(recommendations=[rec(stage="embedded", updates=[_update("2025-04-01", "embedded")])])
    tracked = only(track([r], [brief(disseminates=["sar-adult-z-2025#r1"])], TODAY).recommendations)
    assert tracked.stage == "embedded" and not tracked.derived


def test_a_bare_review_id_disseminates_every_recommendation() -> None:
    r = review(recommendations=[rec("r1"), rec("r2")])
    index = dissemination_index([r], [brief(disseminates=["sar-adult-z-2025"])])
    assert sorted(index) == [("sar-adult-z-2025", "r1"), ("sar-adult-z-2025", "r2")]


def test_briefings_are_listed_once_and_oldest_first() -> None:
    r = review(recommendations=[rec("r1")])
    late = brief(id="late", published="2025-06-01", disseminates=["sar-adult-z-2025#r1"])
    early = brief(
        id="early",
        published="2025-04-01",
        disseminates=["sar-adult-z-2025#r1", "sar-adult-z-2025"],
    )
    index = dissemination_index([r], [late, early])
    assert [b.id for b in index[("sar-adult-z-2025", "r1")]] == ["early", "late"]


def test_not_taken_forward_is_counted_apart_and_never_raised() -> None:
    r = review(recommendations=[rec(not_taken_forward="Funding was withdrawn.")])
    tracked = only(track([r], [brief(disseminates=["sar-adult-z-2025#r1"])], TODAY).recommendations)
    assert tracked.status == "not-taken-forward"
    assert tracked.stage == "identified"
    assert all(e.source != "brief" for e in tracked.history())


def test_only_public_briefings_disseminate_on_the_site(project: Path) -> None:
    write_item(project, review_data(recommendations=[rec("r1"), rec("r2")]))
    write_item(project, brief_data(status="draft", disseminates=["sar-adult-z-2025#r1"]))
    write_item(
        project,
        brief_data(
            id="es-later",
            published=None,
            publish_on="2030-01-01",
            disseminates=["sar-adult-z-2025#r2"],
        ),
    )
    site = load_site(project, today=TODAY)
    assert not site.errors, site.errors
    assert [t.stage for t in build_tracker(site).recommendations] == ["identified", "identified"]


# History ---------------------------------------------------------------------------------------


def _update(date: str, stage: str | None = None, rag: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"date": date, "note": f"Progress on {date}."}
    if stage:
        out["stage"] = stage
    if rag:
        out["rag"] = rag
    return out


def test_stage_dates_come_from_publication_updates_and_briefings() -> None:
    updates = [_update("2025-09-01", "embedded", "amber")]
    r = review(recommendations=[rec(stage="embedded", updates=updates)])
    b = brief(published="2025-05-10", disseminates=["sar-adult-z-2025#r1"])
    tracked = only(track([r], [b], TODAY).recommendations)
    assert tracked.stage_dates() == {
        "identified": dt.date(2025, 3, 1),
        "disseminated": dt.date(2025, 5, 10),
        "embedded": dt.date(2025, 9, 1),
    }
    assert [e.source for e in tracked.history()] == ["review", "brief", "update"]


def test_a_stage_reached_without_a_dated_record_has_no_date() -> None:
    r = review(recommendations=[rec(stage="embedded", updates=[_update("2025-09-01", "embedded")])])
    tracked = only(track([r], [], TODAY).recommendations)
    # Embedded on 1 September implies disseminated by then: the first record of a later stage.
    assert tracked.stage_dates()["disseminated"] == dt.date(2025, 9, 1)
    bare = only(track([review(recommendations=[rec(stage="embedded")])], [], TODAY).recommendations)
    assert bare.stage_dates()["embedded"] is None


def test_stage_on_a_past_day_follows_the_dated_history_including_a_step_back() -> None:
    updates = [
        _update("2025-04-01", "embedded", "green"),
        _update("2025-10-01", "disseminated", "red"),
    ]
    r = review(recommendations=[rec(stage="disseminated", updates=updates)])
    tracked = only(track([r], [], TODAY).recommendations)
    assert tracked.stage_on(dt.date(2025, 3, 31), TODAY) == "identified"
    assert tracked.stage_on(dt.date(2025, 6, 30), TODAY) == "embedded"
    assert tracked.rag_on(dt.date(2025, 6, 30), TODAY) == "green"
    assert tracked.stage_on(dt.date(2025, 12, 31), TODAY) == "disseminated"
    assert tracked.rag_on(dt.date(2025, 12, 31), TODAY) == "red"


def test_rag_falls_back_to_the_latest_update() -> None:
    updates = [_update("2025-04-01", rag="green"), _update("2025-08-01", rag="amber")]
    tracked = only(
        track([review(recommendations=[rec(updates=updates)])], [], TODAY).recommendations
    )
    assert tracked.rag == "amber"
    typed = review(recommendations=[rec(rag="red", updates=updates)])
    assert only(track([typed], [], TODAY).recommendations).rag == "red"


# Figures ---------------------------------------------------------------------------------------


def random_library(seed: int) -> tuple[list[Review], list[Brief]]:
    """Reviews with recommendations at random stages, and briefings disseminating some."""
    rng = random.Random(seed)
    boards = ["children", "adults", "both"]
    themes = ["neglect", "self-neglect", "domestic-abuse", "professional-curiosity"]
    agencies = ["police", "gp", "housing", None]
    reviews = []
    for n in range(8):
        recs = []
        for m in range(rng.randint(0, 4)):
            fields: dict[str, Any] = {"stage": rng.choice(STAGES)}
            if fields["stage"] == "evaluated":
                fields["evidence"] = "A re-audit."
            if rng.random() < 0.15:
                fields = {"not_taken_forward": "Not agreed by the board."}
            agency = rng.choice(agencies)
            if agency:
                fields["lead_agency"] = agency
            recs.append(rec(f"r{m}", **fields))
        reviews.append(
            review(
                id=f"review-{n}",
                board=rng.choice(boards),
                themes=rng.sample(themes, rng.randint(1, 3)),
                recommendations=recs,
            )
        )
    refs = [f"{r.id}#{x.id}" for r in reviews for x in r.recommendations]
    briefs = [
        brief(id=f"brief-{n}", reviews=[], disseminates=rng.sample(refs, min(3, len(refs))))
        for n in range(3)
    ]
    return reviews, briefs


def expected_status(r: Review, x: Any, briefs: list[Brief]) -> str:
    if x.not_taken_forward:
        return "not-taken-forward"
    shared = any(f"{r.id}#{x.id}" in b.disseminates for b in briefs)
    if shared and x.stage == "identified":
        return "disseminated"
    return str(x.stage)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_counts_and_breakdowns_equal_a_plain_count_of_the_content(seed: int) -> None:
    reviews, briefs = random_library(seed)
    tracker = track(reviews, briefs, TODAY)
    overall = dict.fromkeys(STATUSES, 0)
    by_board: dict[str, dict[str, int]] = {}
    by_theme: dict[str, dict[str, int]] = {}
    by_agency: dict[str, dict[str, int]] = {}
    for r in reviews:
        for x in r.recommendations:
            status = expected_status(r, x, briefs)
            overall[status] += 1
            by_board.setdefault(r.board, dict.fromkeys(STATUSES, 0))[status] += 1
            for theme in r.themes:
                by_theme.setdefault(theme, dict.fromkeys(STATUSES, 0))[status] += 1
            agency = x.lead_agency or ""
            by_agency.setdefault(agency, dict.fromkeys(STATUSES, 0))[status] += 1
    assert dict(tracker.counts()) == overall
    assert {k: dict(v) for k, v in tracker.breakdown("board").items()} == by_board
    assert {k: dict(v) for k, v in tracker.breakdown("theme").items()} == by_theme
    assert {k: dict(v) for k, v in tracker.breakdown("lead_agency").items()} == by_agency
    progress = {p.review.id: p.total for p in tracker.review_progress()}
    assert progress == {r.id: len(r.recommendations) for r in reviews if r.recommendations}


def test_overdue_actions_and_recommendations() -> None:
    recs = [
        rec(
            "late",
            due="2026-01-31",
            actions=[
                {"text": "Open and late.", "due": "2026-02-01"},
                {"text": "Done late.", "due": "2026-02-01", "completed": "2026-03-01"},
                {"text": "Due today.", "due": "2026-11-26"},
                {"text": "Later.", "due": "2027-01-01"},
            ],
        ),
        rec(
            "embedded",
            stage="embedded",
            due="2025-01-01",
            updates=[_update("2025-01-01", "embedded")],
        ),
        rec("dropped", due="2025-01-01", not_taken_forward="Superseded by a national change."),
        rec("future", due="2027-01-01"),
    ]
    tracker = track([review(recommendations=recs)], [], TODAY)
    assert [t.rec.id for t in tracker.overdue_recommendations()] == ["late"]
    [overdue] = tracker.overdue_actions()
    assert (overdue.action.text, overdue.index, overdue.days) == ("Open and late.", 0, 298)


def test_red_before_amber_then_by_key() -> None:
    recs = [rec("a", rag="amber"), rec("b", rag="red"), rec("c", rag="green"), rec("d", rag="red")]
    tracker = track([review(recommendations=recs)], [], TODAY)
    assert [t.rec.id for t in tracker.with_rag("red", "amber")] == ["b", "d", "a"]


# Checker rules ---------------------------------------------------------------------------------


def cycle_problems(root: Path) -> list[Problem]:
    return [
        p
        for p in load_site(root, today=TODAY).problems
        if p.field.startswith(("recommendations", "disseminates"))
    ]


def test_evaluated_needs_evidence(project: Path) -> None:
    updates = [_update("2025-06-01", "evaluated")]
    path = write_item(
        project, review_data(recommendations=[rec(stage="evaluated", updates=updates)])
    )
    [problem] = cycle_problems(project)
    assert problem.is_error and problem.field == "recommendations.0.stage"
    assert "has no 'evidence'" in problem.message
    assert problem.line == _line_of(path, "stage: evaluated")
    write_item(
        project,
        review_data(
            recommendations=[rec(stage="evaluated", evidence="Re-audit: 90%.", updates=updates)]
        ),
    )
    assert cycle_problems(project) == []


def test_not_taken_forward_contradicts_a_later_stage(project: Path) -> None:
    updates = [_update("2025-06-01", "disseminated")]
    bad = rec(stage="disseminated", updates=updates, not_taken_forward="No funding.")
    write_item(project, review_data(recommendations=[bad]))
    [problem] = cycle_problems(project)
    assert problem.is_error and problem.field == "recommendations.0.not_taken_forward"
    write_item(project, review_data(recommendations=[rec(not_taken_forward="No funding.")]))
    assert cycle_problems(project) == []
    write_item(project, brief_data(disseminates=["sar-adult-z-2025#r1"]))
    [problem] = cycle_problems(project)
    assert problem.is_error and problem.field == "disseminates.0"
    assert "was not taken forward" in problem.message


def test_progress_updates_in_date_order_and_not_in_the_future(project: Path) -> None:
    updates = [_update("2025-06-01"), _update("2025-05-01"), _update("2027-01-01")]
    write_item(project, review_data(recommendations=[rec(updates=updates)]))
    problems = cycle_problems(project)
    assert [(p.field, p.is_error) for p in problems] == [
        ("recommendations.0.updates.1.date", True),
        ("recommendations.0.updates.2.date", True),
    ]
    assert "list updates oldest first" in problems[0].message
    assert "in the future" in problems[1].message
    same_day = [_update("2025-06-01"), _update("2025-06-01")]
    write_item(project, review_data(recommendations=[rec(updates=same_day)]))
    assert cycle_problems(project) == []


def test_completed_in_the_future_is_an_error(project: Path) -> None:
    actions = [{"text": "Train staff.", "due": "2026-12-01", "completed": "2026-12-01"}]
    write_item(project, review_data(recommendations=[rec(actions=actions)]))
    [problem] = cycle_problems(project)
    assert problem.is_error and problem.field == "recommendations.0.actions.0.completed"


def test_overdue_work_is_a_warning_that_does_not_block(project: Path) -> None:
    actions = [
        {"text": "Late.", "due": "2026-01-01"},
        {"text": "Done.", "due": "2026-01-01", "completed": "2026-02-01"},
        {"text": "Not yet due.", "due": "2026-11-26"},
    ]
    write_item(project, review_data(recommendations=[rec(due="2026-06-30", actions=actions)]))
    problems = cycle_problems(project)
    assert [(p.field, p.severity) for p in problems] == [
        ("recommendations.0.due", "warning"),
        ("recommendations.0.actions.0.due", "warning"),
    ]
    assert "still at stage 'identified'" in problems[0].message
    assert "is not completed" in problems[1].message
    assert load_site(project, today=TODAY).errors == []


def test_an_embedded_recommendation_is_not_overdue(project: Path) -> None:
    updates = [_update("2026-05-01", "embedded")]
    write_item(
        project,
        review_data(recommendations=[rec(stage="embedded", due="2026-01-01", updates=updates)]),
    )
    assert cycle_problems(project) == []


def test_a_stage_past_identified_needs_a_record_of_sharing(project: Path) -> None:
    write_item(project, review_data(recommendations=[rec(stage="embedded")]))
    [problem] = cycle_problems(project)
    assert problem.severity == "warning" and "nothing records how it was shared" in problem.message
    # A public briefing that disseminates it is such a record.
    write_item(project, brief_data(disseminates=["sar-adult-z-2025#r1"]))
    assert cycle_problems(project) == []


def test_a_draft_briefing_is_no_record_of_sharing(project: Path) -> None:
    write_item(project, review_data(recommendations=[rec(stage="disseminated")]))
    write_item(project, brief_data(status="draft", disseminates=["sar-adult-z-2025#r1"]))
    [problem] = cycle_problems(project)
    assert "nothing records how it was shared" in problem.message


def test_the_latest_update_agrees_with_the_stage(project: Path) -> None:
    updates = [_update("2025-04-01", "disseminated"), _update("2025-09-01", "embedded")]
    write_item(project, review_data(recommendations=[rec(stage="disseminated", updates=updates)]))
    [problem] = cycle_problems(project)
    assert problem.severity == "warning" and "records stage 'embedded'" in problem.message
    write_item(project, review_data(recommendations=[rec(stage="embedded", updates=updates)]))
    assert cycle_problems(project) == []


def _line_of(path: Path, text: str) -> int:
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if text in line:
            return number
    raise AssertionError(f"{text!r} not in {path}")
