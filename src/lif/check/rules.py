"""Rules that look across an item's fields, across files and at the Markdown body.

The loader has already checked each file against its model and the vocabularies; the rules here
need the whole library (ids, cross-references) or the body. Each rule is a small function that
yields problems; :data:`RULES` lists them in the order they run. The build and ``lif check`` call
:func:`check_library` alike, so they can never disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path, PurePosixPath

from lif.check.body import rule_body_as_rendered
from lif.check.cycle import CYCLE_RULES
from lif.check.guards import GUARD_RULES, rule_personal_data, rule_placeholders, rule_private_names
from lif.check.permalinks import rule_permanent_links
from lif.model.collector import set_aside_from_collector
from lif.model.content import Brief, Review
from lif.model.forked import PARALLEL_FROM, ForkedWork, ForkedWorkError, fork_available
from lif.model.library import CheckContext, Library, Rule, Share, Source
from lif.model.links import BaseSnapshot
from lif.model.paths import RESERVED_IDS
from lif.model.problems import Problem
from lif.model.publication import why_unpublished
from lif.model.sections import SEVEN_MINUTE_SECTIONS, body_sections, compare_sections
from lif.model.vocab import Vocabularies


def rule_id_matches_filename(ctx: CheckContext) -> Iterator[Problem]:
    """The file is named after the id, so a file is easy to find from its page address."""
    for item in ctx.library.items:
        stem = PurePosixPath(ctx.source(item).path).stem
        if stem != item.id:
            yield ctx.problem(
                item,
                ("id",),
                f"id '{item.id}' does not match the file name '{stem}.md': "
                f"rename the file to '{item.id}.md' or change the id",
            )


def rule_cross_references(ctx: CheckContext) -> Iterator[Problem]:
    """Every id a file mentions names an item that exists, of the right collection."""
    by_id = ctx.library.by_id()
    # An id of a file whose front matter has problems: that file is reported on its own.
    unread = ctx.library.rejected_ids()
    for item in ctx.library.items:
        for index, ref in enumerate(item.related):
            if ref not in by_id and ref not in unread:
                yield ctx.problem(
                    item, ("related", index), f"no review or brief has the id '{ref}'"
                )
        if isinstance(item, Brief):
            for index, ref in enumerate(item.reviews):
                target = by_id.get(ref)
                if target is None and ref in unread:
                    continue
                if target is None:
                    yield ctx.problem(
                        item,
                        ("reviews", index),
                        f"no review has the id '{ref}': check the spelling against the "
                        "review's file name in reviews/",
                    )
                elif not isinstance(target, Review):
                    yield ctx.problem(item, ("reviews", index), f"'{ref}' is a brief, not a review")
            for index, ref in enumerate(item.disseminates):
                review_id, _, rec_id = ref.partition("#")
                target = by_id.get(review_id)
                if target is None and review_id in unread:
                    continue
                if isinstance(target, Review) and not rec_id:
                    first = target.recommendations[0].id if target.recommendations else "rec-1"
                    yield ctx.problem(
                        item,
                        ("disseminates", index),
                        f"'{ref}' names no recommendation: write 'review-id#recommendation-id', "
                        f"like '{review_id}#{first}'",
                    )
                elif isinstance(target, Review) and review_id not in item.reviews:
                    yield ctx.problem(
                        item,
                        ("disseminates", index),
                        f"'{review_id}' is not among this brief's 'reviews': add it there, "
                        "since a brief that spreads a review's recommendation draws on that review",
                    )
                if not isinstance(target, Review):
                    yield ctx.problem(
                        item,
                        ("disseminates", index),
                        f"'{ref}' must name a review and one of its recommendations, "
                        "as 'review-id#recommendation-id'",
                    )
                elif rec_id and rec_id not in {r.id for r in target.recommendations}:
                    known = ", ".join(r.id for r in target.recommendations) or "none"
                    yield ctx.problem(
                        item,
                        ("disseminates", index),
                        f"review '{review_id}' has no recommendation '{rec_id}'; it has: {known}",
                    )


def rule_status_dates(ctx: CheckContext) -> Iterator[Problem]:
    """Published and withdrawn items carry a publication date; dates are in a sensible order."""
    for item in ctx.library.items:
        if item.status in {"published", "withdrawn"} and not (item.published or item.publish_on):
            yield ctx.problem(
                item,
                ("status",),
                f"status is '{item.status}' but there is no 'published' date: add "
                "'published: YYYY-MM-DD' (or 'publish_on:' for an embargo)",
            )
        if item.status == "withdrawn" and item.withdrawn_on is None:
            yield ctx.problem(
                item,
                ("status",),
                "a withdrawn item needs 'withdrawn_on: YYYY-MM-DD' (the date it was withdrawn)",
            )
        if item.withdrawn_on is not None and item.status != "withdrawn":
            yield ctx.problem(
                item,
                ("withdrawn_on",),
                "'withdrawn_on' is set but status is not 'withdrawn': set 'status: withdrawn' "
                "or remove the date",
            )
        start = item.published or item.publish_on
        if item.updated is not None and start is not None and item.updated < start:
            yield ctx.problem(item, ("updated",), "'updated' is earlier than the publication date")
        if item.published and item.publish_on and item.published < item.publish_on:
            yield ctx.problem(
                item,
                ("published",),
                f"'published' ({item.published}) is before the embargo date 'publish_on' "
                f"({item.publish_on}): make 'published' the day the embargo lifts or later",
            )


def rule_seven_sections(ctx: CheckContext) -> Iterator[Problem]:
    """A seven-minute briefing has exactly seven numbered sections (design: "A seven-minute
    briefing"); a missing or extra one is named, by likeness to the usual seven headings.

    It runs on briefings whose front matter has problems too, so that one run reports both.
    """
    sources = [
        ctx.source(item)
        for item in ctx.library.items
        if isinstance(item, Brief) and item.kind == "seven-minute-briefing"
    ]
    sources += [
        source
        for source in ctx.library.rejected
        if source.path.startswith("briefs/")
        and source.front_matter.get("kind") == "seven-minute-briefing"
    ]
    for source in sources:
        yield from _section_problems(source)


def _section_problems(source: Source) -> Iterator[Problem]:
    found = body_sections(source.body)
    if len(found) == len(SEVEN_MINUTE_SECTIONS):
        return
    usual = ", ".join(f"{n}. {text}" for n, text in enumerate(SEVEN_MINUTE_SECTIONS, start=1))
    count = (
        "a seven-minute briefing has exactly seven sections ('## ' headings); "
        f"this one has {len(found)}"
    )
    difference = compare_sections(found)
    if not found:
        yield Problem(
            source.path,
            source.body_line,
            1,
            "body",
            f"{count}: add them, as '## 1. Background' and so on; the usual seven are: {usual}",
        )
        return
    if difference.missing:
        names = " and ".join(f"'{n}. {text}'" for n, text in difference.missing)
        verb = "seems" if len(difference.missing) == 1 else "seem"
        first = difference.missing[0][0]
        before = (first - 1) - sum(1 for n, _ in difference.missing if n < first)
        if before < len(found):
            offset, heading = found[before]
            where = f"before '## {heading}'"
        else:
            offset, heading = found[-1]
            where = f"after '## {heading}'"
        yield Problem(
            source.path,
            source.body_line + offset,
            1,
            "body",
            f"{count}: {names} {verb} to be missing ({where}); add it, or split a section in "
            f"two. The usual seven are: {usual}",
        )
    for offset, heading in difference.extra:
        which = "the extra one" if len(difference.extra) == 1 else "one of the extra ones"
        yield Problem(
            source.path,
            source.body_line + offset,
            1,
            "body",
            f"{count}, and '## {heading}' seems to be {which}: merge it into the section before "
            f"it, or make it a sub-heading ('### '). The usual seven are: {usual}",
        )


def rule_brief_kinds(ctx: CheckContext) -> Iterator[Problem]:
    """Kind-specific rules: one or more source reviews, reflective questions."""
    for item in ctx.library.items:
        if not isinstance(item, Brief):
            continue
        if item.kind == "seven-minute-briefing":
            if not item.questions:
                yield ctx.problem(
                    item,
                    ("kind",),
                    "a seven-minute briefing needs 'questions': the reflective questions for "
                    "the team discussion",
                    label="questions",
                )
        elif item.kind == "executive-summary" and len(item.reviews) != 1:
            yield ctx.problem(
                item,
                ("reviews",) if item.reviews else ("kind",),
                f"an executive summary names exactly one review in 'reviews'; "
                f"this one names {len(item.reviews)}",
                label="reviews",
            )
        elif item.kind == "thematic-note" and len(item.reviews) < 2:
            yield ctx.problem(
                item,
                ("reviews",) if item.reviews else ("kind",),
                f"a thematic note draws on two or more reviews in 'reviews'; "
                f"this one names {len(item.reviews)}",
                label="reviews",
            )


def rule_review_type_fields(ctx: CheckContext) -> Iterator[Problem]:
    """Fields that a review type needs: an author for statutory reviews, a pseudonym for cases."""
    for item in ctx.library.items:
        if not isinstance(item, Review) or item.review_type not in ctx.vocab.review_types:
            continue
        term = ctx.vocab.review_types[item.review_type]
        if term.get("requires_author") and not item.author:
            yield ctx.problem(
                item,
                ("review_type",),
                f"a {term.label.lower()} needs 'author': the independent reviewer or author",
                label="author",
            )
        if term.get("requires_subject") and not item.subject:
            yield ctx.problem(
                item,
                ("review_type",),
                f"a {term.label.lower()} needs 'subject': the pseudonym used in the report, "
                "like 'Child A' or 'Adult D' (never a real name)",
                label="subject",
            )


def rule_public_items_link_only_public_items(ctx: CheckContext) -> Iterator[Problem]:
    """A public page must not link to (and so reveal) an item that is not public yet."""
    by_id = ctx.library.by_id()
    for item in ctx.library.items:
        if why_unpublished(item, ctx.today) is not None:
            continue
        refs: list[tuple[tuple[str | int, ...], str]] = [
            (("related", i), ref) for i, ref in enumerate(item.related)
        ]
        if isinstance(item, Brief):
            refs += [(("reviews", i), ref) for i, ref in enumerate(item.reviews)]
            refs += [
                (("disseminates", i), ref.partition("#")[0])
                for i, ref in enumerate(item.disseminates)
            ]
        for loc, ref in refs:
            target = by_id.get(ref)
            if target is None:
                continue
            reason = why_unpublished(target, ctx.today)
            if reason is not None:
                yield ctx.problem(
                    item,
                    loc,
                    f"'{ref}' is not public ({reason}) but this item is: hold this item too "
                    "(status: draft, or publish_on on the same day) or remove the reference",
                )


def rule_id_not_reserved(ctx: CheckContext) -> Iterator[Problem]:
    """An item's id must not be a folder name that the library's listings use."""
    for item in ctx.library.items:
        if item.id in RESERVED_IDS:
            yield ctx.problem(
                item,
                ("id",),
                f"the id '{item.id}' is reserved for the library's listing pages (its address "
                f"would replace one): choose another id, such as '{item.id}-review', and rename "
                "the file to match",
            )


RULES: list[Rule] = [
    rule_id_matches_filename,
    rule_id_not_reserved,
    rule_cross_references,
    rule_status_dates,
    rule_seven_sections,
    rule_brief_kinds,
    rule_review_type_fields,
    rule_public_items_link_only_public_items,
    rule_body_as_rendered,
    *CYCLE_RULES,
    rule_permanent_links,
    *GUARD_RULES,
]

#: The rules that look at one file at a time, and only at the files of the check's share
#: (:class:`lif.model.library.Share`): the costliest, which render and scan every body. A check
#: shared between two processes runs them on part of the files in each.
FILE_RULES: frozenset[Rule] = frozenset(
    {rule_body_as_rendered, rule_personal_data, rule_private_names, rule_placeholders}
)

#: What checking a file costs besides rendering its body, in characters of body: for each of
#: its fields (scanned for personal data and placeholders), and for the file itself.
_FIELD_COST = 10
_FILE_COST = 500

#: The part of the files' work kept by the process that also runs every other rule.
_LEAD_PART = 0.48


def check_library(
    library: Library,
    vocab: Vocabularies,
    today: dt.date,
    root: Path | None = None,
    base: BaseSnapshot | None = None,
    parallel: bool = False,
) -> list[Problem]:
    """Run every rule over the loaded library; the loader's own problems are not repeated.

    ``base`` is the branch a change is compared with, whose public addresses must stay. With
    ``parallel``, a library of :data:`PARALLEL_FROM` files or more is checked on two processor
    cores: a forked copy of this process runs the rules of :data:`FILE_RULES` on part of the
    files while this one runs them on the rest, and every other rule (:func:`_shares`). The
    problems are the same, in the same order, and if the copy fails its files are checked here
    instead.
    """
    # The library stays as it is while it is checked: the collector need not go through it.
    with set_aside_from_collector():
        return _checked(library, vocab, today, root, base, parallel)


def _checked(
    library: Library,
    vocab: Vocabularies,
    today: dt.date,
    root: Path | None,
    base: BaseSnapshot | None,
    parallel: bool,
) -> list[Problem]:
    ctx = CheckContext(library=library, vocab=vocab, today=today, root=root, base=base)
    sources = [ctx.source(item) for item in library.items] + library.rejected
    forked = None
    if parallel and len(sources) >= PARALLEL_FROM and fork_available():
        lead, rest = _shares(sources)
        ctx = replace(ctx, share=lead)
        other = replace(ctx, share=rest)
        file_rules = [rule for rule in RULES if rule in FILE_RULES]
        try:
            forked = ForkedWork(
                lambda _: [list(rule(other)) for rule in file_rules], ["other share"]
            )
        except ForkedWorkError:
            forked = None
    found = [list(rule(ctx)) for rule in RULES]
    if forked is not None:
        try:
            results = forked.result("other share")
        except ForkedWorkError:
            results = [list(rule(other)) for rule in file_rules]
        finally:
            forked.close()
        # Each file rule reports file by file, in the library's order: the two shares' problems
        # are put back in that order (first what belongs to no content file, such as a broken
        # data/allowlist.yml, which only the lead share reports).
        order = {source.path: index for index, source in enumerate(sources)}
        for rule, problems in zip(file_rules, results, strict=True):
            index = RULES.index(rule)
            found[index] = sorted(found[index] + problems, key=lambda p: order.get(p.path, -1))
    return [problem for problems in found for problem in problems]


def _shares(sources: list[Source]) -> tuple[Share, Share]:
    """The files shared between two processes, each file going in turn to the one with less
    work so far, so that each gets a like mix of long and short files: the lead share, for
    the process that also runs every other rule, gets :data:`_LEAD_PART` of the work."""
    lead: list[str] = []
    rest: list[str] = []
    lead_work = rest_work = 0.0
    for source in sources:
        cost = len(source.body) + _FIELD_COST * len(source.positions) + _FILE_COST
        if lead_work / _LEAD_PART <= rest_work / (1 - _LEAD_PART):
            lead.append(source.path)
            lead_work += cost
        else:
            rest.append(source.path)
            rest_work += cost
    return Share(frozenset(lead), lead=True), Share(frozenset(rest), lead=False)
