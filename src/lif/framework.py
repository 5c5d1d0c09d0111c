"""The framework as data: review-type and methodology guides, comparison and appendix tables.

One source of truth: ``data/review_types.yml`` and ``data/methodologies.yml`` hold, for every
review type and methodology of the Learning and Improvement Framework (LIF, 2017), both the guide
text and the framework's own appendix points. The guide pages (one per term), the "which review
fits this case?" comparison and the tables of Appendices A, B and C are all rendered from them here,
so they cannot disagree; the lists of published reviews come from the content, so a new review
appears on its type's and methodology's guides without anyone editing a page.

Everything here is a pure function of the loaded :class:`~lif.site.Site` (or its vocabularies). Page
addresses are site paths in directory form (``review-types/peer-review/``); links are relative to
the page that holds them, and every value from data or front matter is escaped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .models import Approvals, Brief, PlainText, Review
from .pages import GeneratedPage
from .problems import Problem
from .publication import publication_date
from .render import esc, external_link, item_path, link, page_front_matter, time_tag
from .urls import methodology_path, review_type_path
from .vocab import Term, Vocabularies, VocabularyError

if TYPE_CHECKING:
    from .site import Site

#: The data files this module reads (through the vocabularies), as named in messages.
REVIEW_TYPES_FILE = "data/review_types.yml"
METHODOLOGIES_FILE = "data/methodologies.yml"

#: Site paths of the hand-written pages the generated ones link to.
FRAMEWORK_PATH = "framework/"
REVIEWS_OF_PRACTICE_PATH = "framework/reviews-of-practice/"
CHANGES_PATH = "framework/changes-since-2017/"
REVIEW_TYPES_PATH = "review-types/"
METHODOLOGIES_PATH = "methodologies/"

AppendixKey = Literal["A", "B", "C"]

#: Each appendix: its caption, the heading of its first two columns, and the page it is on.
APPENDICES: dict[str, dict[str, str]] = {
    "A": {
        "caption": "Appendix A: summary of the types of statutory review process",
        "type_heading": "Type",
        "points_heading": "Review process (framework, 2017)",
        "path": "framework/appendix-a/",
    },
    "B": {
        "caption": "Appendix B: summary of the types of non-statutory review process",
        "type_heading": "Type",
        "points_heading": "Review process (framework, 2017)",
        "path": "framework/appendix-b/",
    },
    "C": {
        "caption": "Appendix C: types of review methodology",
        "type_heading": "Method",
        "points_heading": "Features of this methodology (framework, 2017)",
        "path": "framework/appendix-c/",
    },
}

#: Other names the macros accept for an appendix: ``appendix_table("statutory")``.
APPENDIX_ALIASES = {
    "a": "A",
    "statutory": "A",
    "b": "B",
    "non-statutory": "B",
    "nonstatutory": "B",
    "c": "C",
    "methodologies": "C",
    "methods": "C",
}


class FrameworkDataError(VocabularyError, ValueError):
    """The review-type or methodology data does not fit its schema; lists every problem."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(p.format() for p in problems))


# --- Schema ---------------------------------------------------------------------------------


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class AppendixPoint(_Entry):
    """A bullet point of an appendix that has points of its own."""

    text: PlainText
    points: list[PlainText] = Field(min_length=1)


class PracticeChange(_Entry):
    """Where current practice differs from the 2017 framework (shown as a note on the pages)."""

    title: PlainText
    text: PlainText


class Technique(_Entry):
    """A technique of a methodology, such as the five whys of root cause analysis."""

    name: PlainText
    description: PlainText


class Link(_Entry):
    """A link to further reading."""

    title: PlainText
    url: str = Field(pattern=r"^https?://[^\s<>\"']+$")


Point = PlainText | AppendixPoint


class _FrameworkEntry(_Entry):
    """Fields shared by review types and methodologies."""

    label: PlainText
    description: PlainText
    aliases: list[str] = Field(default_factory=list)
    practice_change: PracticeChange | None = None
    appendix_row: int | None = Field(default=None, ge=1)
    appendix_title: PlainText | None = None
    appendix_points: list[Point] = Field(default_factory=list)

    @model_validator(mode="after")
    def _appendix_complete(self) -> _FrameworkEntry:
        appendix = getattr(self, "appendix", None)
        given = [
            self.appendix_row is not None,
            self.appendix_title is not None,
            bool(self.appendix_points),
        ]
        if appendix and not all(given):
            raise ValueError(
                f"an entry of Appendix {appendix} needs appendix_row, appendix_title and "
                "appendix_points (the framework's bullet points)"
            )
        if not appendix and any(given):
            raise ValueError(
                "appendix_row, appendix_title and appendix_points belong to an entry with "
                "'appendix' set"
            )
        return self


class ReviewTypeEntry(_FrameworkEntry):
    """One entry of ``data/review_types.yml``: the checker's fields and the guide's."""

    statutory: bool
    board: str
    case_record: bool
    requires_author: bool
    requires_subject: bool
    approval: str | None = None
    current: bool
    replaced_by: str | None = None
    replaces: str | None = None
    appendix: Literal["A", "B"] | None = None
    acronym: PlainText | None = None
    framework_section: str | None = Field(default=None, pattern=r"^\d+(\.\d+)*$")
    legal_basis: PlainText
    when_required: list[PlainText] = Field(min_length=1)
    fits_when: PlainText
    commissioned_by: PlainText
    led_by: PlainText
    process: list[PlainText] = Field(min_length=1)
    sharing: list[PlainText] = Field(min_length=1)
    publication: PlainText
    publication_short: PlainText
    methodologies: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> ReviewTypeEntry:
        if self.appendix == "A" and not self.statutory:
            raise ValueError("Appendix A lists statutory reviews: set 'statutory: true'")
        if self.appendix == "B" and self.statutory:
            raise ValueError("Appendix B lists non-statutory reviews: set 'statutory: false'")
        if not self.current and not self.replaced_by:
            raise ValueError("a type that is no longer current needs 'replaced_by'")
        return self


class MethodologyEntry(_FrameworkEntry):
    """One entry of ``data/methodologies.yml``."""

    variant_of: str | None = None
    appendix: Literal["C"] | None = None
    how_it_works: list[PlainText] = Field(min_length=1)
    best_for: PlainText
    techniques: list[Technique] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)


def review_type_schema() -> dict[str, Any]:
    """The JSON schema of a review-type entry (for editors and for the data tests)."""
    return ReviewTypeEntry.model_json_schema()


def methodology_schema() -> dict[str, Any]:
    """The JSON schema of a methodology entry."""
    return MethodologyEntry.model_json_schema()


@dataclass(frozen=True)
class Framework:
    """The parsed review types and methodologies, in the order of their data files."""

    review_types: Mapping[str, ReviewTypeEntry]
    methodologies: Mapping[str, MethodologyEntry]

    def appendix_rows(self, appendix: str) -> list[tuple[str, ReviewTypeEntry | MethodologyEntry]]:
        """The entries of one appendix, in the framework's order."""
        entries: Iterable[tuple[str, ReviewTypeEntry | MethodologyEntry]]
        entries = self.methodologies.items() if appendix == "C" else self.review_types.items()
        rows = [(k, e) for k, e in entries if e.appendix == appendix]
        return sorted(rows, key=lambda row: row[1].appendix_row or 0)

    def variants(self, key: str) -> list[str]:
        """The methodologies that are versions of ``key``."""
        return [k for k, m in self.methodologies.items() if m.variant_of == key]

    def types_using(self, methodology: str) -> list[str]:
        """The review types whose guides name ``methodology`` as a method they can use."""
        return [k for k, t in self.review_types.items() if methodology in t.methodologies]


def _raw_entry(term: Term) -> dict[str, Any]:
    return {
        "label": term.label,
        "description": term.description,
        "aliases": list(term.aliases),
        **term.data,
    }


def _validation_problems(path: str, key: str, exc: ValidationError) -> list[Problem]:
    out = []
    for error in exc.errors():
        loc = ".".join(str(part) for part in error["loc"])
        out.append(Problem(path, 1, 1, f"{key}.{loc}" if loc else key, error["msg"]))
    return out


def parse_framework(vocab: Vocabularies) -> tuple[Framework, list[Problem]]:
    """Validate the review-type and methodology entries; return what parsed and every problem.

    Cross-references are checked too: boards, approvals, replaced_by / replaces (both ways),
    the methods a review type names and the method a variant belongs to.
    """
    problems: list[Problem] = []
    types: dict[str, ReviewTypeEntry] = {}
    methods: dict[str, MethodologyEntry] = {}
    for term in vocab.review_types:
        try:
            types[term.key] = ReviewTypeEntry.model_validate(_raw_entry(term))
        except ValidationError as exc:
            problems.extend(_validation_problems(REVIEW_TYPES_FILE, term.key, exc))
    for term in vocab.methodologies:
        try:
            methods[term.key] = MethodologyEntry.model_validate(_raw_entry(term))
        except ValidationError as exc:
            problems.extend(_validation_problems(METHODOLOGIES_FILE, term.key, exc))

    def problem(path: str, key: str, field: str, message: str) -> None:
        problems.append(Problem(path, 1, 1, f"{key}.{field}", message))

    approvals = sorted(Approvals.model_fields)
    for key, entry in types.items():
        if entry.board not in vocab.boards:
            problem(
                REVIEW_TYPES_FILE,
                key,
                "board",
                f"unknown board {entry.board!r}; allowed: {', '.join(vocab.boards.keys())}",
            )
        if entry.approval and entry.approval not in approvals:
            problem(
                REVIEW_TYPES_FILE,
                key,
                "approval",
                f"unknown approval {entry.approval!r}; allowed: {', '.join(approvals)}",
            )
        for field, other, back in (
            ("replaced_by", entry.replaced_by, "replaces"),
            ("replaces", entry.replaces, "replaced_by"),
        ):
            if other is None:
                continue
            if other not in vocab.review_types:
                problem(REVIEW_TYPES_FILE, key, field, f"unknown review type {other!r}")
            elif other in types and getattr(types[other], back) != key:
                problem(
                    REVIEW_TYPES_FILE, key, field, f"{other!r} should say '{back}: {key}' in return"
                )
        for method in entry.methodologies:
            if method not in vocab.methodologies:
                hint = vocab.methodologies.suggest(method)
                problem(
                    REVIEW_TYPES_FILE,
                    key,
                    "methodologies",
                    f"unknown methodology {method!r}"
                    + (f"; did you mean {hint!r}?" if hint else ""),
                )
    for key, method_entry in methods.items():
        parent = method_entry.variant_of
        if parent is not None and (parent not in methods or methods[parent].variant_of):
            problem(
                METHODOLOGIES_FILE,
                key,
                "variant_of",
                f"{parent!r} must be a methodology that is not itself a variant",
            )
    framework = Framework(review_types=types, methodologies=methods)
    for appendix in APPENDICES:
        path = METHODOLOGIES_FILE if appendix == "C" else REVIEW_TYPES_FILE
        seen: dict[int, str] = {}
        for key, row_entry in framework.appendix_rows(appendix):
            row = row_entry.appendix_row or 0
            if row in seen:
                problem(
                    path,
                    key,
                    "appendix_row",
                    f"row {row} of Appendix {appendix} is also used by {seen[row]!r}",
                )
            seen[row] = key
    return framework, problems


def check_framework_data(vocab: Vocabularies) -> list[Problem]:
    """Every problem in the review-type and methodology data (for ``lif check`` and the build)."""
    return parse_framework(vocab)[1]


def load_framework(vocab: Vocabularies) -> Framework:
    """The parsed framework data; raise :class:`FrameworkDataError` listing every problem."""
    framework, problems = parse_framework(vocab)
    if problems:
        raise FrameworkDataError(problems)
    return framework


# --- Content lookups ------------------------------------------------------------------------


def reviews_of_type(site: Site, key: str) -> list[Review]:
    """The public reviews of one review type, newest first."""
    return [r for r in site.reviews if r.review_type == key]


def reviews_using(site: Site, framework: Framework, key: str) -> list[Review]:
    """The public reviews that used a methodology or one of its variants, newest first."""
    keys = {key, *framework.variants(key)}
    return [r for r in site.reviews if keys.intersection(r.methodology)]


def briefs_about(site: Site, reviews: Iterable[Review]) -> list[Brief]:
    """The public briefs that draw on any of ``reviews``, newest first, each once."""
    ids = {r.id for r in reviews}
    return [b for b in site.briefs if ids.intersection(b.reviews)]


# --- Small HTML helpers ---------------------------------------------------------------------


def _ul(items: Iterable[str], cls: str = "") -> str:
    """An HTML list of already-escaped items."""
    attr = f' class="{cls}"' if cls else ""
    return f"<ul{attr}>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


def _ol(items: Iterable[str], cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return f"<ol{attr}>" + "".join(f"<li>{i}</li>" for i in items) + "</ol>"


def _points_html(points: Iterable[Point]) -> str:
    """An appendix's bullet points (with any sub-points) as a nested HTML list."""
    items = []
    for point in points:
        if isinstance(point, AppendixPoint):
            items.append(esc(point.text) + _ul(esc(p) for p in point.points))
        else:
            items.append(esc(point))
    return _ul(items)


def _note(change: PracticeChange, kind: str = "info") -> str:
    """A practice-change note as a Material admonition, with escaped text."""
    return (
        f'<aside class="admonition {kind} lif-practice-change" aria-label="Current practice">\n'
        f'<p class="admonition-title">{esc(change.title)}</p>\n<p>{esc(change.text)}</p>\n'
        "</aside>"
    )


def _meta(rows: Iterable[tuple[str, str]]) -> str:
    """A definition list of facts: (term, escaped HTML value); empty values are left out."""
    body = "".join(f"<div><dt>{esc(t)}</dt><dd>{v}</dd></div>" for t, v in rows if v)
    return f'<dl class="lif-meta lif-guide-facts">{body}</dl>'


def _yes_no(value: bool) -> str:
    return "Yes" if value else "No"


def _type_name(entry: ReviewTypeEntry) -> str:
    """The label with its acronym, unless the label already ends in brackets."""
    if entry.acronym and not entry.label.endswith(")"):
        return f"{entry.label} ({entry.acronym})"
    return entry.label


def _review_cards(site: Site, page: str, reviews: list[Review]) -> str:
    """Reviews with pseudonym, board, date, summary and the briefs that draw on each."""
    if not reviews:
        return ""
    cards = []
    for review in reviews:
        facts = [esc(review.subject)] if review.subject else []
        facts.append(esc(site.vocab.boards.label(review.board)))
        facts.append(time_tag(publication_date(review)))
        if review.status == "withdrawn":
            facts.append("Documents withdrawn")
        briefs = site.briefs_by_review.get(review.id, [])
        brief_line = ""
        if briefs:
            brief_line = (
                '<p class="lif-card-briefs">Briefings: '
                + ", ".join(
                    f"{link(page, item_path(b), b.title)} ({esc(site.vocab.kinds.label(b.kind))})"
                    for b in briefs
                )
                + "</p>"
            )
        cards.append(
            '<li class="lif-card">'
            f'<h3 class="lif-card-title">{link(page, item_path(review), review.title)}</h3>'
            f'<p class="lif-card-meta">{" · ".join(facts)}</p>'
            f'<p class="lif-card-summary">{esc(review.summary)}</p>{brief_line}</li>'
        )
    return f'<ul class="lif-cards">{"".join(cards)}</ul>'


def _brief_list(site: Site, page: str, briefs: list[Brief]) -> str:
    return _ul(
        f"{link(page, item_path(b), b.title)} "
        f'<span class="lif-doc-meta">({esc(site.vocab.kinds.label(b.kind))}, '
        f"{time_tag(publication_date(b))})</span>"
        for b in briefs
    )


def _empty(text: str) -> str:
    return f'<p class="lif-empty">{esc(text)}</p>'


def _appendix_link(page: str, appendix: str, text: str | None = None) -> str:
    return link(page, APPENDICES[appendix]["path"], text or f"Appendix {appendix} of the framework")


# --- Review-type guides ---------------------------------------------------------------------


def render_review_type_guide(site: Site, key: str, framework: Framework | None = None) -> str:
    """The Markdown source (front matter included) of one review type's guide page."""
    fw = framework or load_framework(site.vocab)
    entry = fw.review_types[key]
    page = review_type_path(key)
    types = fw.review_types
    parts = [
        page_front_matter(
            {
                "title": entry.label,
                "description": entry.description,
                "lif_kind": "review-type-guide",
                "lif_review_type": key,
            }
        ),
        f"# {esc(_type_name(entry))}",
        f'<p class="lif-summary">{esc(entry.description)}</p>',
    ]
    if entry.practice_change:
        parts.append(_note(entry.practice_change))
    related = []
    if entry.replaced_by and entry.replaced_by in types:
        related.append(
            "New reviews of this kind are now "
            + link(page, review_type_path(entry.replaced_by), types[entry.replaced_by].label)
            + "."
        )
    if entry.replaces and entry.replaces in types:
        related.append(
            "Older reviews of this kind are listed under "
            + link(page, review_type_path(entry.replaces), types[entry.replaces].label)
            + "."
        )
    if related:
        parts.append(f'<p class="lif-see-also">{" ".join(related)}</p>')

    section = ""
    if entry.framework_section:
        section = link(
            page,
            REVIEWS_OF_PRACTICE_PATH,
            f"Section {entry.framework_section}: reviews of practice",
        )
    in_appendix = ""
    if entry.appendix:
        in_appendix = _appendix_link(page, entry.appendix, f"Appendix {entry.appendix}")
    if not section and not in_appendix:
        section = esc("Not in the 2017 framework (see the note above)")
    parts.append("## At a glance {#at-a-glance}")
    parts.append(
        _meta(
            [
                ("Short name", esc(entry.acronym or "")),
                ("Required by law (statutory)", esc(_yes_no(entry.statutory))),
                ("Board", esc(site.vocab.boards.label(entry.board))),
                ("Legal basis", esc(entry.legal_basis)),
                ("Commissioned by", esc(entry.commissioned_by)),
                ("Led by", esc(entry.led_by)),
                ("Published", esc(entry.publication_short)),
                ("In the framework", ", ".join(x for x in (section, in_appendix) if x)),
            ]
        )
    )
    parts.append("## When is it needed? {#when-needed}")
    parts.append(_ul(esc(x) for x in entry.when_required))
    parts.append("## Who commissions it and who leads it? {#who}")
    parts.append(
        f"<p><strong>Commissioned by:</strong> {esc(entry.commissioned_by)}</p>\n"
        f"<p><strong>Led by:</strong> {esc(entry.led_by)}</p>"
    )
    parts.append("## How it works, step by step {#process}")
    parts.append(_ol([esc(x) for x in entry.process], "lif-steps"))
    parts.append("## How the learning is shared {#sharing}")
    parts.append(_ul(esc(x) for x in entry.sharing))
    parts.append("## Publication {#publication}")
    parts.append(f"<p>{esc(entry.publication)}</p>")
    parts.append("## Methods it can use {#methodologies}")
    methods = [m for m in entry.methodologies if m in fw.methodologies]
    if methods:
        parts.append(
            _ul(
                link(page, methodology_path(m), fw.methodologies[m].label)
                + f": {esc(fw.methodologies[m].description)}"
                for m in methods
            )
        )
    else:
        parts.append(_empty("No review method is named for this process."))
    if entry.appendix and entry.appendix_title:
        parts.append("## What the 2017 framework says {#framework}")
        named = ""
        if entry.appendix_title.casefold() != entry.label.casefold():
            named = f" It calls this review “{esc(entry.appendix_title)}”."
        parts.append(
            f"<p>This is how {_appendix_link(page, entry.appendix)} summarises the review "
            f"process, in the framework's own words.{named}</p>"
        )
        parts.append(_points_html(entry.appendix_points))

    reviews = reviews_of_type(site, key)
    parts.append("## Published reviews {#published-reviews}")
    if reviews:
        parts.append(f"<p>{len(reviews)} published, newest first.</p>")
        parts.append(_review_cards(site, page, reviews))
    elif not entry.case_record:
        parts.append(
            _empty(
                "Single cases of this kind are not published. Learning from them "
                "is shared in briefings and thematic notes."
            )
        )
    else:
        parts.append(_empty("No reviews of this type have been published here yet."))
    parts.append("## Briefings {#briefings}")
    briefs = briefs_about(site, reviews)
    if briefs:
        parts.append(_brief_list(site, page, briefs))
    else:
        parts.append(_empty("No briefings about reviews of this type yet."))
    return "\n\n".join(parts) + "\n"


def review_type_guide_pages(site: Site) -> list[GeneratedPage]:
    """One guide page per review type of the data, at ``review-types/<key>.md``."""
    fw = load_framework(site.vocab)
    return [
        GeneratedPage(
            f"{review_type_path(key).rstrip('/')}.md", render_review_type_guide(site, key, fw)
        )
        for key in fw.review_types
    ]


# --- Methodology guides ---------------------------------------------------------------------


def render_methodology_guide(site: Site, key: str, framework: Framework | None = None) -> str:
    """The Markdown source (front matter included) of one methodology's guide page."""
    fw = framework or load_framework(site.vocab)
    entry = fw.methodologies[key]
    page = methodology_path(key)
    parts = [
        page_front_matter(
            {
                "title": entry.label,
                "description": entry.description,
                "lif_kind": "methodology-guide",
                "lif_methodology": key,
            }
        ),
        f"# {esc(entry.label)}",
        f'<p class="lif-summary">{esc(entry.description)}</p>',
    ]
    if entry.practice_change:
        parts.append(_note(entry.practice_change))
    parent = entry.variant_of
    if parent and parent in fw.methodologies:
        parts.append(
            f'<p class="lif-see-also">This is one version of the '
            f"{link(page, methodology_path(parent), fw.methodologies[parent].label)}.</p>"
        )
    parts.append("## How it works {#how-it-works}")
    parts.append(_ol([esc(x) for x in entry.how_it_works], "lif-steps"))
    parts.append("## When to use it {#when-to-use}")
    parts.append(f"<p>{esc(entry.best_for)}</p>")
    if entry.techniques:
        parts.append("## Techniques {#techniques}")
        parts.append(
            '<dl class="lif-techniques">'
            + "".join(
                f"<dt>{esc(t.name)}</dt><dd>{esc(t.description)}</dd>" for t in entry.techniques
            )
            + "</dl>"
        )
    variants = fw.variants(key)
    if variants:
        parts.append("## Versions of this approach {#variants}")
        parts.append(
            _ul(
                link(page, methodology_path(v), fw.methodologies[v].label)
                + f": {esc(fw.methodologies[v].description)}"
                for v in variants
            )
        )
    types = fw.types_using(key)
    parts.append("## Review types that can use it {#review-types}")
    if types:
        parts.append(_ul(link(page, review_type_path(t), fw.review_types[t].label) for t in types))
    else:
        parts.append(_empty("No review type guide names this method yet."))
    described_by = entry if entry.appendix else fw.methodologies.get(parent or "")
    if described_by is not None and described_by.appendix:
        parts.append("## What the 2017 framework says {#framework}")
        lead = f"This is how {_appendix_link(page, described_by.appendix)} describes "
        if described_by is entry:
            lead += "this method, in the framework's own words."
        else:
            lead += f"the {esc(described_by.label)}, of which this is one version."
        parts.append(f"<p>{lead}</p>")
        parts.append(_points_html(described_by.appendix_points))
    if entry.links:
        parts.append("## Further reading {#further-reading}")
        parts.append(_ul(external_link(x.url, x.title) for x in entry.links))
    reviews = reviews_using(site, fw, key)
    parts.append("## Published reviews that used it {#published-reviews}")
    if reviews:
        parts.append(f"<p>{len(reviews)} published, newest first.</p>")
        parts.append(_review_cards(site, page, reviews))
    else:
        parts.append(_empty("No published review here has used this method yet."))
    return "\n\n".join(parts) + "\n"


def methodology_guide_pages(site: Site) -> list[GeneratedPage]:
    """One guide page per methodology of the data, at ``methodologies/<key>.md``."""
    fw = load_framework(site.vocab)
    return [
        GeneratedPage(
            f"{methodology_path(key).rstrip('/')}.md", render_methodology_guide(site, key, fw)
        )
        for key in fw.methodologies
    ]


def framework_pages(site: Site) -> list[GeneratedPage]:
    """Every page this module generates: the review-type guides, then the methodology guides."""
    return review_type_guide_pages(site) + methodology_guide_pages(site)


# --- Tables and lists for the macros ---------------------------------------------------------


def _table(caption: str, headings: list[str], rows: list[tuple[str, list[str]]], cls: str) -> str:
    """An accessible table: a caption, column headings, and a row heading per row.

    No class on the ``<table>`` itself: Material styles only tables without one.
    """
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in headings)
    body = "".join(
        f'<tr><th scope="row">{row_head}</th>' + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"
        for row_head, cells in rows
    )
    return (
        f'<div class="lif-table {cls}">\n<table>\n<caption>{esc(caption)}</caption>\n'
        f"<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>\n</div>"
    )


def appendix_key(name: str) -> str:
    """``"A"``, ``"B"`` or ``"C"`` for an appendix name; ValueError naming the allowed ones."""
    key = APPENDIX_ALIASES.get(name.strip().lower())
    if key is None:
        allowed = ", ".join(sorted(set(APPENDIX_ALIASES) | set(APPENDICES)))
        raise ValueError(f"unknown appendix {name!r}; use one of: {allowed}")
    return key


def render_appendix_table(site: Site, page: str, appendix: str) -> str:
    """Appendix A, B or C of the framework as an HTML table, from the data.

    Each row links to its guide, lists every bullet point of the framework, and says what has
    changed since 2017 where the data records a change.
    """
    key = appendix_key(appendix)
    fw = load_framework(site.vocab)
    meta = APPENDICES[key]
    rows: list[tuple[str, list[str]]] = []
    for term, entry in fw.appendix_rows(key):
        target = methodology_path(term) if key == "C" else review_type_path(term)
        title = entry.appendix_title or entry.label
        head = link(page, target, title)
        if title.casefold() != entry.label.casefold():
            head += f'<br><span class="lif-now-called">Guide: {esc(entry.label)}</span>'
        change = "No change recorded."
        if entry.practice_change:
            title, text = entry.practice_change.title, entry.practice_change.text
            change = f"<strong>{esc(title)}.</strong> {esc(text)}"
        if key == "C":
            variants = fw.variants(term)
            if variants:
                change += "<br>Versions: " + ", ".join(
                    link(page, methodology_path(v), fw.methodologies[v].label) for v in variants
                )
        rows.append((head, [_points_html(entry.appendix_points), change]))
    return _table(
        meta["caption"],
        [meta["type_heading"], meta["points_heading"], "What has changed since 2017"],
        rows,
        f"lif-appendix lif-appendix-{key.lower()}",
    )


def render_review_type_comparison(site: Site, page: str) -> str:
    """The current review types side by side (a decision aid), then the older names."""
    fw = load_framework(site.vocab)
    rows = []
    for key, entry in fw.review_types.items():
        if not entry.current:
            continue
        count = len(reviews_of_type(site, key))
        board = site.vocab.boards.terms.get(entry.board)
        board_name = (board.get("short") or board.label) if board else entry.board
        # Few columns: the table must stay readable in the content column and on a phone;
        # who commissions and leads each review is on its guide.
        rows.append(
            (
                link(page, review_type_path(key), _type_name(entry))
                + f'<br><span class="lif-board">Board: {esc(board_name)}</span>',
                [
                    esc(_yes_no(entry.statutory)),
                    esc(entry.fits_when),
                    esc(entry.publication_short),
                    esc(str(count)),
                ],
            )
        )
    table = _table(
        "Review types compared: which review fits this case?",
        ["Review type", "Statutory", "Use it when", "Published", "Reviews here"],
        rows,
        "lif-comparison",
    )
    older = []
    for key, entry in fw.review_types.items():
        now = entry.replaced_by
        if entry.current or now is None or now not in fw.review_types:
            continue
        older.append(
            link(page, review_type_path(key), _type_name(entry))
            + " – now "
            + link(page, review_type_path(now), fw.review_types[now].label)
            + (f". {esc(entry.practice_change.title)}." if entry.practice_change else ".")
        )
    if not older:
        return table
    return (
        f"{table}\n\n<p>Older names, kept for the reviews published under them:</p>\n\n"
        f"{_ul(older, 'lif-older-names')}"
    )


def render_methodology_index(site: Site, page: str) -> str:
    """Every methodology with what it does, when to use it and how many reviews used it."""
    fw = load_framework(site.vocab)
    rows = []
    for key, entry in fw.methodologies.items():
        head = link(page, methodology_path(key), entry.label)
        if entry.variant_of in fw.methodologies:
            parent = fw.methodologies[entry.variant_of or ""]
            head += f'<br><span class="lif-variant-of">A version of {esc(parent.label)}</span>'
        rows.append(
            (
                head,
                [
                    esc(entry.description),
                    esc(entry.best_for),
                    esc(str(len(reviews_using(site, fw, key)))),
                ],
            )
        )
    return _table(
        "Review methodologies",
        ["Method", "What it does", "Best for", "Reviews here"],
        rows,
        "lif-methodologies",
    )


def render_practice_changes(site: Site, page: str) -> str:
    """Every recorded difference between the 2017 framework and current practice, as a list."""
    fw = load_framework(site.vocab)
    items: list[str] = []
    for key, entry in fw.review_types.items():
        if entry.practice_change:
            items.append(
                f"<strong>{link(page, review_type_path(key), entry.label)}</strong>: "
                f"{esc(entry.practice_change.title)}. {esc(entry.practice_change.text)}"
            )
    for key, method in fw.methodologies.items():
        if method.practice_change:
            items.append(
                f"<strong>{link(page, methodology_path(key), method.label)}</strong>: "
                f"{esc(method.practice_change.title)}. {esc(method.practice_change.text)}"
            )
    if not items:
        return _empty("No changes recorded.")
    return _ul(items, "lif-practice-changes")
