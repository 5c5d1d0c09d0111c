"""A check shared between two processes: each runs the rules that look at one file at a time
on its share of the files (lif.check.rules.check_library); the problems are the same, in the
same order, as one process finds them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from support import (
    brief_data,
    counted_forks,
    result_of_a_stopped_copy,
    review_data,
    write_item,
)

from lif.check import rules
from lif.check.body import rendered_bodies
from lif.load.content import load_library
from lif.load.data import load_vocabularies
from lif.model.forked import ForkedWork
from lif.model.library import CheckContext, Library, Share
from lif.model.problems import Problem
from lif.model.vocab import Vocabularies

TODAY = dt.date(2026, 11, 30)

#: A body with a heading whose anchor only rendering gives (not one of the page's own sections).
HEADED = "## What the agencies knew\n\nText.\n"


def _messy_project(project: Path) -> None:
    """Reviews and briefs with problems of every kind the file rules find, a file whose front
    matter is broken, a broken allowlist, and links by id to anchors of other bodies."""
    for number in range(8):
        body = HEADED if number % 2 else "Plain text.\n"
        write_item(project, review_data(id=f"sar-adult-z{number}-2025"), body)
    write_item(
        project,
        review_data(id="sar-adult-x-2025", summary="Her NHS number is 9434\u200b765919."),
        '<img src="x" onerror="alert(1)" alt="x">\n\nCall 07700 900123.\n',
    )
    write_item(
        project,
        review_data(id="sar-adult-w-2025", status="published"),
        "Left as it was: [[fill in: what happened]]\n\n[nowhere](../nowhere.md)\n",
    )
    links = "".join(
        f"- [heading](id:sar-adult-z{n}-2025#what-the-agencies-knew)\n"
        f"- [missing](id:sar-adult-z{n}-2025#not-there)\n"
        for n in range(1, 8, 2)
    )
    for number in range(4):
        write_item(
            project,
            brief_data(id=f"es-adult-z{number}", reviews=[f"sar-adult-z{number}-2025"]),
            links + "\nWrite to jane&commat;example.org.\n",
        )
    broken = project / "reviews" / "broken.md"
    broken.write_text("---\nid: [unclosed\n---\nPhone 07700 900456.\n", encoding="utf-8")
    (project / "data" / "allowlist.yml").write_text("entries:\n  - value: [unclosed\n")


def _loaded(project: Path) -> tuple[Library, Vocabularies]:
    vocab = load_vocabularies(project / "data")
    return load_library(project, vocab), vocab


def _checked_both_ways(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[list[Problem], list[Problem], list[int]]:
    library, vocab = _loaded(project)
    one = rules.check_library(library, vocab, TODAY, project, parallel=False)
    forks: list[int] = []
    monkeypatch.setattr(rules, "PARALLEL_FROM", 1)
    monkeypatch.setattr(rules, "ForkedWork", counted_forks(forks))
    two = rules.check_library(library, vocab, TODAY, project, parallel=True)
    return one, two, forks


def test_a_check_shared_between_two_processes_finds_the_same_problems_in_the_same_order(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _messy_project(project)
    one, two, forks = _checked_both_ways(project, monkeypatch)
    assert forks == [1]
    assert two == one
    messages = [(p.path, p.message) for p in one]
    # Every file rule found something, in both shares.
    expected = [
        ("data/allowlist.yml", "broken YAML"),
        ("reviews/sar-adult-x-2025.md", "NHS number"),
        ("reviews/sar-adult-x-2025.md", "onerror"),
        ("reviews/sar-adult-x-2025.md", "phone number"),
        ("reviews/sar-adult-w-2025.md", "placeholder"),
        ("reviews/sar-adult-w-2025.md", "leads nowhere"),
        ("reviews/broken.md", "phone number"),
        ("briefs/es-adult-z0.md", "e-mail address"),
        ("briefs/es-adult-z3.md", "no anchor '#not-there'"),
    ]
    for path, words in expected:
        assert any(p == path and words in m for p, m in messages), (path, words)
    assert sum(p.path == "data/allowlist.yml" for p in one) == 1
    # The anchors that only rendering gives are found in either share's bodies.
    assert not any("no anchor '#what-the-agencies-knew'" in m for _, m in messages)
    assert all("what-the-agencies-knew" in m for _, m in messages if "#not-there" in m)


def test_the_shares_take_turns_and_hold_every_file_once(project: Path) -> None:
    _messy_project(project)
    library, _vocab = _loaded(project)
    sources = [library.sources[item.id] for item in library.items] + library.rejected
    lead, rest = rules._shares(sources)
    assert lead.lead and not rest.lead
    assert lead.paths.isdisjoint(rest.paths)
    assert lead.paths | rest.paths == {source.path for source in sources}
    # Files of both kinds, and the links' targets, are in each share.
    for share in (lead, rest):
        assert any(path.startswith("briefs/") for path in share.paths)
        assert any(path.startswith("reviews/sar-adult-z") for path in share.paths)


def test_a_body_outside_the_share_is_rendered_only_for_an_anchor_a_link_needs(
    project: Path,
) -> None:
    _messy_project(project)
    library, vocab = _loaded(project)
    briefs = frozenset(s.path for s in library.sources.values() if s.path.startswith("briefs/"))
    ctx = CheckContext(
        library=library, vocab=vocab, today=TODAY, root=project, share=Share(briefs, True)
    )
    problems = list(rules.rule_body_as_rendered(ctx))
    rendered = set(rendered_bodies(ctx).rendered)
    # The briefs, and the reviews whose body anchors the briefs' links name; no other review.
    assert {f"es-adult-z{n}" for n in range(4)} <= rendered
    assert {f"sar-adult-z{n}-2025" for n in range(1, 8, 2)} <= rendered
    assert "sar-adult-z0-2025" not in rendered
    assert "sar-adult-x-2025" not in rendered
    assert {p.path for p in problems} <= briefs
    assert any("no anchor '#not-there'" in p.message for p in problems)


def test_a_failed_copy_leaves_its_share_checked_by_this_process(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _messy_project(project)
    monkeypatch.setattr(ForkedWork, "result", result_of_a_stopped_copy)
    one, two, forks = _checked_both_ways(project, monkeypatch)
    assert forks == [1]
    assert two == one
    assert len(one) > 10
