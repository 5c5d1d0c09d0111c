"""The framework's data types: review types (LIF section 5, Appendices A and B) and
methodologies (Appendix C), parsed and validated from their data files.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from lif.model.content import Approvals, PlainText
from lif.model.problems import Problem
from lif.model.vocab import Term, Vocabularies, VocabularyError

#: The data files this module reads (through the vocabularies), as named in messages.
REVIEW_TYPES_FILE = "data/review_types.yml"


METHODOLOGIES_FILE = "data/methodologies.yml"


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
    plural: PlainText | None = None
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
    #: What is published in place of a review of this type, when no review of it is ever
    #: published as a case record, whatever its fields (an individual child death review).
    published_instead: PlainText | None = None
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
        if self.published_instead and self.case_record:
            raise ValueError(
                "'published_instead' belongs to a type whose single cases are never published: "
                "set 'case_record: false', or remove 'published_instead'"
            )
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


def _validation_problems(path: str, term: Term, exc: ValidationError) -> list[Problem]:
    out = []
    for error in exc.errors():
        loc = ".".join(str(part) for part in error["loc"])
        line, column = term.position(error["loc"])
        name = f"{term.key}.{loc}" if loc else term.key
        out.append(Problem(path, line, column, name, error["msg"]))
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
            problems.extend(_validation_problems(REVIEW_TYPES_FILE, term, exc))
    for term in vocab.methodologies:
        try:
            methods[term.key] = MethodologyEntry.model_validate(_raw_entry(term))
        except ValidationError as exc:
            problems.extend(_validation_problems(METHODOLOGIES_FILE, term, exc))

    def problem(path: str, key: str, field: str, message: str) -> None:
        terms = vocab.methodologies if path == METHODOLOGIES_FILE else vocab.review_types
        line, column = terms[key].position((field,)) if key in terms else (1, 1)
        problems.append(Problem(path, line, column, f"{key}.{field}", message))

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


def appendix_key(name: str) -> str:
    """``"A"``, ``"B"`` or ``"C"`` for an appendix name (``a``, ``statutory``, ``methods``, ...).

    Raises ValueError naming the allowed names for any other.
    """
    key = APPENDIX_ALIASES.get(name.strip().lower())
    if key is None:
        allowed = ", ".join(sorted(set(APPENDIX_ALIASES) | set(APPENDICES)))
        raise ValueError(f"unknown appendix {name!r}; use one of: {allowed}")
    return key
