"""Publication guard rails: what must never be published, and what must be true before it is.

The rules here run with the other checker rules (:data:`GUARD_RULES` is part of
:data:`lif.check.rules.RULES`), so ``lif check``, the pull-request checks and the build refuse
the same things:

- personal data in any field or the body: NHS numbers (valid check digit), National Insurance
  numbers, full postcodes, phone numbers, e-mail addresses and dates of birth; each message names
  the file, line and what was found, partly masked, and an explicit allowlist
  (``data/allowlist.yml``) lets reviewed false positives through;
- real names from a private list that is never committed (``LIF_PRIVATE_NAMES`` or
  ``.lif-private-names.txt``);
- approvals that some review types need before publication, read from the review-type data;
- review types whose single cases are never published (individual child death reviews);
- scaffold placeholders left in an item that is about to be published;
- holds, drafts with a past embargo date, and retention review dates.

Drafts, embargoes and holds themselves are enforced by :mod:`lif.publication`: an item that is
not public is never mounted or exported.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from lif.check.body import RenderedBodies, rendered_bodies
from lif.load.data import load_allowlist, load_private_names
from lif.model.characters import INVISIBLE, plain
from lif.model.content import Approvals, Item, Review
from lif.model.library import CheckContext, Source
from lif.model.markdown import render_limits, render_markdown
from lif.model.memo import Identity, remembered, remembered_by
from lif.model.privacy import (
    APPROVAL_LABELS,
    KIND_FIXES,
    KIND_LABELS,
    PLACEHOLDER,
    RETENTION_YEARS,
    Finding,
    Loc,
    find_personal_data,
    has_birth_word,
    mask_name,
    reader_segments,
    retention_review_date,
)
from lif.model.problems import Problem
from lif.model.publication import publication_date
from lif.model.sanitize import clean_page


def text_fields(item: Item) -> list[tuple[Loc, str]]:
    """Every string in an item's front matter, with the field path it sits at, in order."""
    return _strings(item.model_dump(exclude={"collection"}), ())


def _strings(value: Any, loc: Loc) -> list[tuple[Loc, str]]:
    found: list[tuple[Loc, str]] = []
    _gather(value, loc, found)
    return found


def _gather(value: Any, loc: Loc, found: list[tuple[Loc, str]]) -> None:
    if isinstance(value, str):
        found.append((loc, value))
        return
    children: Iterable[tuple[str | int, Any]]
    if isinstance(value, Mapping):
        children = value.items()
    elif isinstance(value, Sequence):
        children = enumerate(value)
    else:
        return  # a number, a date, a yes or no, or nothing
    for part, child in children:
        if isinstance(child, str):
            found.append(((*loc, part), child))
        elif not (child is None or isinstance(child, int | float | dt.date)):
            _gather(child, (*loc, part), found)


@lru_cache(maxsize=4)
def _line_starts(body: str) -> list[int]:
    starts = [0]
    position = body.find("\n")
    while position >= 0:
        starts.append(position + 1)
        position = body.find("\n", position + 1)
    return starts


def _body_position(body: str, body_line: int, offset: int) -> tuple[int, int]:
    starts = _line_starts(body)
    index = bisect_right(starts, offset) - 1
    return body_line + index, offset - starts[index] + 1


def _label(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


@dataclass(frozen=True)
class Hit:
    """A place in an item: a field (``loc``) or the body (``offset``), and what was found there."""

    loc: Loc | None
    offset: int
    what: str


@remembered_by(Identity)
def _item_texts(item: Item) -> tuple[tuple[Loc, str], ...]:
    """:func:`text_fields` of an item, all at once."""
    return tuple(text_fields(item))


def _fields(ctx: CheckContext, item: Item) -> tuple[tuple[Loc, str], ...]:
    """:func:`text_fields` of ``item``, read once for all the rules of the check ``ctx``."""
    kept: dict[str, tuple[tuple[Loc, str], ...]] = ctx.shared_work.setdefault("fields", {})
    if item.id not in kept:
        kept[item.id] = _item_texts(item)
    return kept[item.id]


def _texts(ctx: CheckContext) -> Iterator[tuple[str, Source, Iterable[tuple[Loc, str]]]]:
    """Every file's key, source and the text of its fields: the valid items' fields (by id),
    and the front matter as read of files whose front matter has problems (by path, so that
    one run finds all); only the files this check looks at (:meth:`CheckContext.checks`)."""
    for item in ctx.library.items:
        source = ctx.source(item)
        if ctx.checks(source):
            yield item.id, source, _fields(ctx, item)
    for source in ctx.library.rejected:
        if ctx.checks(source):
            yield source.path, source, _strings(source.front_matter, ())


def _scan(
    fields: Iterable[tuple[Loc, str]],
    body: str,
    find: Callable[[str], Iterable[tuple[int, str]]],
    find_in_body: Callable[[str], Iterable[tuple[int, str]]] | None = None,
) -> Iterator[Hit]:
    for loc, text in fields:
        for _, what in find(text):
            yield Hit(loc, 0, what)
    for offset, what in (find_in_body or find)(body):
        yield Hit(None, offset, what)


def _place(source: Source, hit: Hit, message: str) -> Problem:
    if hit.loc is not None:
        line, column = source.position(hit.loc)
        return Problem(source.path, line, column, _label(hit.loc) or "front matter", message)
    line, column = _body_position(source.body, source.body_line, hit.offset)
    return Problem(source.path, line, column, "body", message)


#: The characters Markdown and HTML read specially, so that what a reader sees may differ from
#: what is written: markup, character references, emphasis, code, links, escapes, tables.
_MARKUP = frozenset("<&*_`[]\\|~")

#: What Markdown changes besides markup: line breaks and the blocks a line may start, tabs (made
#: spaces) and the two control characters it removes.
_LAYOUT = frozenset("\n\r\t\x02\x03")

#: What makes a reader's text differ from the text as written wherever it is: markup, invisible
#: characters, tabs, a carriage return (a line break to Markdown), the control characters
#: Markdown removes.
_READ_DIFFERENTLY = _MARKUP | INVISIBLE | (_LAYOUT - {"\n"})

#: What a text needs for a reader to see personal data in it: a digit or an ``@``, or what
#: rendering may turn into one (a character reference, a footnote's number).
_MAY_SHOW = re.compile(r"[\d@&]|\[\^")


def _read_differently(text: str) -> bool:
    """True if a reader may find personal data in ``text`` rendered that the scan of the text as
    written (pasted spaces and dashes read as ordinary ones) does not."""
    if _MAY_SHOW.search(text) is None:
        return False
    if not _READ_DIFFERENTLY.isdisjoint(text):
        return True
    # A line may start a block (a quote, a heading, a list item, a pasted Word bullet): its
    # marker is not in the reader's text, where a date of birth may run on from the line
    # before it ("Date of birth:" then "> 3 March 2011").
    return "\n" in text and has_birth_word(text)


#: A character without which a text holds no personal data, as written or as a reader sees it:
#: a digit or an ``@`` (every kind has one: :func:`lif.model.privacy.find_personal_data`), or
#: markup or an invisible character, which may change what a reader sees
#: (:func:`_reader_findings`).
_MAY_HOLD_PERSONAL_DATA = re.compile(
    "[\\d@" + "".join(re.escape(c) for c in sorted(_MARKUP | INVISIBLE)) + "]"
)


@remembered
def _reader_findings(text: str) -> list[Finding]:
    """What in ``text`` (Markdown) looks like personal data once rendered as the site renders
    it, read as the reader reads it (:func:`reader_segments`). Empty for text the site does not
    render in bounded time (the body check reports it)."""
    if _MARKUP.isdisjoint(text) and _LAYOUT.isdisjoint(text):
        # One line without a character that Markdown or HTML reads specially: a reader sees it
        # as it is written, pasted characters read as ordinary ones; as the scan of the source
        # reads it, except that an invisible character is nothing to a reader and a space to
        # that scan (which keeps every position in the text).
        return [] if INVISIBLE.isdisjoint(text) else find_personal_data(plain(text))
    if not _read_differently(text) or render_limits(text):
        return []
    try:
        rendered = render_markdown(text)
    except RecursionError:
        return []
    return [f for segment in reader_segments(rendered) for f in find_personal_data(segment)]


def _body_reader_findings(bodies: RenderedBodies, key: str, body: str) -> list[Finding]:
    """:func:`_reader_findings` of the body of the file ``key``, from the check's one rendering
    of it (:func:`lif.check.body.rendered_bodies`: its links written as the page has them),
    cleaned as the build cleans it."""
    rendered = bodies.rendered.get(key)
    if rendered is None or not _read_differently(body):
        return []
    page = clean_page(rendered.html)
    return [f for segment in reader_segments(page) for f in find_personal_data(segment)]


def _line_of(body: str, finding: Finding) -> int:
    """Where in ``body`` a value found in its rendered text is written: the start of the first
    line holding the value's first and last runs of letters and digits, else its last run (a
    date under a "DOB" heading), else its first; else the start of the body."""
    runs = [r.lower() for r in _RUNS.split(plain(finding.text)) if r]
    if not runs:
        return 0
    starts = _line_starts(body)
    lines = body.lower().split("\n")
    first, last = runs[0], runs[-1]
    for wanted in ((first, last), (last,), (first,), (first[:3], last[-3:]), (first[:3],)):
        for index, line in enumerate(lines):
            if all(run in line for run in wanted):
                return starts[index]
    return 0


_RUNS = re.compile(r"[^0-9A-Za-z@]+")

#: At most this many values found only in a text's rendered form are reported for one text.
MAX_READER_FINDINGS = 20


def rule_personal_data(ctx: CheckContext) -> Iterator[Problem]:
    """No NHS or National Insurance number, postcode, phone, e-mail or date of birth in content,
    in the text as written or as a reader sees it once rendered (entities decoded, markup and
    comments removed, link addresses read, pasted characters read as ordinary ones)."""
    allowlist, problems = load_allowlist(ctx.root)
    if ctx.leads:
        yield from problems
    bodies = rendered_bodies(ctx)

    def message(finding: Finding) -> str:
        label, fix = KIND_LABELS[finding.kind], KIND_FIXES[finding.kind]
        # What a reader's text holds across blocks is shown on one line, as the message is.
        shown = " ".join(finding.masked.split())
        return f"{label} ('{shown}'): {fix}"

    def find(
        text: str, read: Callable[[], list[Finding]] | None = None
    ) -> Iterator[tuple[int, str]]:
        if _MAY_HOLD_PERSONAL_DATA.search(text) is None:
            return
        found = [f for f in find_personal_data(text) if not allowlist.allows(f)]
        for finding in found:
            yield finding.start, message(finding)
        if text:
            seen = {f.key for f in found}
            for finding in read() if read is not None else _reader_findings(text):
                if len(seen) > len(found) + MAX_READER_FINDINGS:
                    break
                if finding.key not in seen and not allowlist.allows(finding):
                    seen.add(finding.key)
                    yield _line_of(text, finding), message(finding)

    for key, source, fields in _texts(ctx):

        def find_in_body(body: str, key: str = key) -> Iterator[tuple[int, str]]:
            return find(body, lambda: _body_reader_findings(bodies, key, body))

        for hit in _scan(fields, source.body, find, find_in_body):
            yield _place(source, hit, f"looks like {hit.what}")


def rule_private_names(ctx: CheckContext) -> Iterator[Problem]:
    """No name from the private list of real names, anywhere in any item."""
    names, problems = load_private_names(ctx.root)
    if ctx.leads:
        yield from problems
    if names.pattern is None:
        return

    def find(text: str) -> Iterator[tuple[int, str]]:
        for start, end, number in names.find(text):
            masked = mask_name(text[start:end])
            yield (
                start,
                f"a real name from the private list (line {number}, '{masked}') is in the "
                "content: replace it with the pseudonym used in the report",
            )

    for _key, source, fields in _texts(ctx):
        for hit in _scan(fields, source.body, find):
            yield _place(source, hit, hit.what)


def lower_first(label: str) -> str:
    """A label in the middle of a sentence: 'Child death review' becomes 'child death review',
    an acronym stays ('MAPPA serious case review')."""
    if len(label) > 1 and label[:2].isupper():
        return label
    return label[:1].lower() + label[1:]


def _approvals_needed(term_value: Any) -> list[str]:
    if isinstance(term_value, str):
        return [term_value]
    if isinstance(term_value, list):
        return [str(v) for v in term_value]
    return []


def rule_approvals(ctx: CheckContext) -> Iterator[Problem]:
    """Review types that need an approval (``approval:`` in their data) are not published without
    it, and no approval is dated after publication."""
    for item in ctx.library.items:
        if not isinstance(item, Review):
            continue
        term = ctx.vocab.review_types.terms.get(item.review_type)
        needed = _approvals_needed(term.get("approval")) if term else []
        if item.status != "draft" and term is not None:
            for name in needed:
                if name not in Approvals.model_fields:
                    msg = (
                        f"review type '{item.review_type}' in data/review_types.yml needs "
                        f"approval '{name}', which is not a field of 'approvals' (use one of: "
                        f"{', '.join(Approvals.model_fields)})"
                    )
                    yield ctx.problem(item, ("review_type",), msg)
                elif getattr(item.approvals, name) is None:
                    loc: Loc = ("approvals",) if "approvals" in _present(ctx, item) else ("status",)
                    msg = (
                        f"a {lower_first(term.label)} is published only with "
                        f"{APPROVAL_LABELS.get(name, name)}: add its date under 'approvals:' as "
                        f"'{name}: YYYY-MM-DD', or keep 'status: draft' until it comes"
                    )
                    yield ctx.problem(item, loc, msg, label=f"approvals.{name}")
        published = publication_date(item)
        if published is None or item.status == "draft":
            continue
        for name in Approvals.model_fields:
            when = getattr(item.approvals, name)
            if when is None or when <= published:
                continue
            label = APPROVAL_LABELS.get(name, name)
            if name == "family_informed":
                msg = (
                    f"the family was told on {when}, after publication on {published}: the "
                    "family should hear before the review is published; check both dates"
                )
                yield ctx.problem(item, ("approvals", name), msg, severity="warning")
            else:
                msg = (
                    f"{label} is dated {when}, after publication on {published}: nothing is "
                    "published before it is approved; check both dates (or delay publication "
                    "with 'publish_on')"
                )
                yield ctx.problem(item, ("approvals", name), msg)


def _present(ctx: CheckContext, item: Item) -> set[str]:
    """Top-level fields written in the item's file."""
    return {str(k[0]) for k in ctx.source(item).positions if len(k) == 1}


def rule_case_records(ctx: CheckContext) -> Iterator[Problem]:
    """Review types whose single cases are never published (``case_record: false``) appear only
    as learning across cases, never about one subject. A type that says what is published in
    its place (``published_instead``, such as the individual child death review: Child Death
    Review Statutory and Operational Guidance (England), 2018, and the framework's section 5.2)
    is never published as a review at all, whatever fields the item has: the rule follows the
    review type, not the presence of a subject."""
    for item in ctx.library.items:
        if not isinstance(item, Review):
            continue
        term = ctx.vocab.review_types.terms.get(item.review_type)
        if term is None or term.get("case_record", True) is not False:
            continue
        instead = term.get("published_instead")
        label = lower_first(term.label)
        if instead and item.status != "draft":
            yield ctx.problem(
                item,
                ("review_type",),
                f"a {label} is never published as a review on the site, whatever its fields "
                f"(single cases are not published): publish instead {instead}; keep this file "
                "as 'status: draft' or remove it",
            )
        elif not instead and item.subject:
            yield ctx.problem(
                item,
                ("subject",),
                f"{term.label}: single cases are not published, only thematic or annual learning "
                "across cases: remove 'subject' and write the learning across cases, or publish "
                "it as a thematic note in briefs/",
            )


def rule_placeholders(ctx: CheckContext) -> Iterator[Problem]:
    """Nothing is published with the scaffold's '[[fill in: …]]' placeholders still in it."""

    def find(text: str) -> Iterator[tuple[int, str]]:
        start = text.find(PLACEHOLDER)
        while start != -1:
            # `lif import` asks for a picture's alt text with the placeholder as the alt text.
            if text.endswith("![", 0, start):
                yield start, "a picture has no description (alt text) yet"
            else:
                yield start, "the scaffold's placeholder text is still here"
            start = text.find(PLACEHOLDER, start + 1)

    for item in ctx.library.items:
        source = ctx.source(item)
        if item.status == "draft" or not ctx.checks(source):
            continue
        for hit in _scan(_fields(ctx, item), source.body, find):
            yield _place(
                source,
                hit,
                f"{hit.what}: replace every '{PLACEHOLDER}: …]]' with your own text "
                "before publishing (or keep 'status: draft')",
            )


def rule_retention(ctx: CheckContext) -> Iterator[Problem]:
    """Published items whose retention review date has come are reported (a warning)."""
    for item in ctx.library.items:
        if item.status != "published":
            continue
        due = retention_review_date(item)
        published = publication_date(item)
        if item.retention_review is not None and published and item.retention_review < published:
            yield ctx.problem(
                item,
                ("retention_review",),
                f"'retention_review' ({item.retention_review}) is before the publication date "
                f"({published}): give the date the board will decide whether it stays online",
            )
            continue
        if due is None or due > ctx.today:
            continue
        own = item.retention_review is not None
        yield ctx.problem(
            item,
            ("retention_review",) if own else ("published",),
            f"its retention review was due on {due}"
            + ("" if own else f" ({RETENTION_YEARS} years after publication)")
            + ": decide whether it stays online; to keep it, set 'retention_review' to the next "
            "review date; to take its documents down, set 'status: withdrawn' and 'withdrawn_on'",
            severity="warning",
            label="retention_review",
        )


def rule_holds_and_embargoes(ctx: CheckContext) -> Iterator[Problem]:
    """A hold says why; a draft whose embargo date has passed is pointed out (it stays hidden)."""
    for item in ctx.library.items:
        if item.hold is not None and item.hold.reason == "other" and not item.hold.note:
            yield ctx.problem(
                item,
                ("hold", "reason"),
                "a hold for reason 'other' needs a 'note' saying why publication is held "
                "(the note is never published)",
            )
        if item.status == "draft" and item.publish_on is not None and item.publish_on <= ctx.today:
            yield ctx.problem(
                item,
                ("publish_on",),
                f"the embargo date {item.publish_on} has come but the status is still 'draft', "
                "so it is not published: set 'status: published' when it is ready",
                severity="warning",
            )


#: The guard rules, in the order they run (appended to :data:`lif.check.rules.RULES`).
GUARD_RULES: list[Callable[[CheckContext], Iterable[Problem]]] = [
    rule_personal_data,
    rule_private_names,
    rule_approvals,
    rule_case_records,
    rule_placeholders,
    rule_retention,
    rule_holds_and_embargoes,
]
