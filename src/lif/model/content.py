"""The content models: a review and a brief, every field of the design, validated by pydantic."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import PurePosixPath
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

#: Fields whose values come from a vocabulary, per model, with the vocabulary's name.
VOCAB_FIELDS: dict[str, str] = {
    "review_type": "review_type",
    "board": "board",
    "kind": "kind",
    "themes": "theme",
    "methodology": "methodology",
    "agencies": "agency",
    "audience": "audience",
}


SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=80)]


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


Status = Literal["draft", "published", "withdrawn"]


Stage = Literal["identified", "disseminated", "embedded", "evaluated"]


Rag = Literal["red", "amber", "green"]


Scope = Literal["local", "regional", "national"]


HoldReason = Literal["criminal-proceedings", "coroner", "family-wishes", "other"]


#: The learning cycle of LIF §2.1, in order.
STAGES: tuple[Stage, ...] = ("identified", "disseminated", "embedded", "evaluated")


#: Fields that hold lists; a single string given for one of them becomes a one-item list.
LIST_FIELDS = frozenset(
    {
        "methodology",
        "themes",
        "agencies",
        "audience",
        "reviews",
        "questions",
        "related",
        "disseminates",
    }
)


# One run of spaces before the optional '/' and one after it: written as '<\s*/?\s*', the two runs
# can share the spaces of a '<' followed by many, and a search takes the square of their number.
_HTML_TAG = re.compile(r"<\s*+(?:/\s*+)?[a-zA-Z!?]|&(?:#\d++|#x[0-9a-fA-F]++|[a-zA-Z]++);")


def _plain_text(value: str) -> str:
    """Refuse markup in a plain-text field: pages escape it, but the source should not hold it."""
    if _HTML_TAG.search(value):
        raise ValueError(
            "must be plain text, without HTML tags or entities; write the words themselves"
        )
    return value


#: Text shown on pages: never HTML (pages escape it all the same).
PlainText = Annotated[Text, AfterValidator(_plain_text)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    @model_validator(mode="before")
    @classmethod
    def _normalise(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        out = {}
        for key, value in data.items():
            if isinstance(value, str) and value.strip() == "" and key not in {"body"}:
                value = None
            if key in LIST_FIELDS and isinstance(value, str):
                value = [value]
            out[key] = value
        return {k: v for k, v in out.items() if v is not None}


class LearningPoint(_Model):
    """A key learning point; its ``id`` gives it a stable anchor on the review page."""

    id: Slug
    text: PlainText
    title: PlainText | None = None


class Action(_Model):
    """One action of a recommendation's action plan."""

    text: PlainText
    lead_agency: str | None = None
    due: dt.date | None = None
    completed: dt.date | None = None


class ProgressUpdate(_Model):
    """A dated progress note on a recommendation, recording stage and RAG at that date."""

    date: dt.date
    note: PlainText
    stage: Stage | None = None
    rag: Rag | None = None


class Recommendation(_Model):
    """A recommendation tracked through the learning cycle (LIF §2.1)."""

    id: Slug
    text: PlainText
    lead_agency: str | None = None
    scope: Scope | None = None
    stage: Stage = "identified"
    rag: Rag | None = None
    due: dt.date | None = None
    evidence: PlainText | None = None
    actions: list[Action] = Field(default_factory=list)
    updates: list[ProgressUpdate] = Field(default_factory=list)
    not_taken_forward: PlainText | None = None


_SAFE_URL = re.compile(r"^(?:https?://[^\s<>\"']++|/[^\s<>\"']*+|[a-zA-Z0-9_.][^\s:<>\"']*+)$")


class Document(_Model):
    """A document of a review: the full report, an executive summary, an action plan, a letter."""

    title: PlainText
    kind: str
    url: str
    format: str | None = None

    @field_validator("url")
    @classmethod
    def _safe_url(cls, value: str) -> str:
        if not _SAFE_URL.match(value):
            raise ValueError(
                "must be an https:// or http:// address, or a path on this site "
                "(no javascript:, data: or other schemes, no spaces or quotes)"
            )
        return value

    @property
    def file_format(self) -> str:
        """The stated format, or the one the address ends with (PDF, DOCX, HTML)."""
        if self.format:
            return self.format.upper()
        suffix = PurePosixPath(self.url.split("?", 1)[0].split("#", 1)[0]).suffix.lstrip(".")
        return suffix.upper() if suffix and len(suffix) <= 5 else "HTML"


class Approvals(_Model):
    """Approval dates that allow publication of some review types."""

    home_office_qa: dt.date | None = None
    strategic_management_board: dt.date | None = None
    board: dt.date | None = None
    family_informed: dt.date | None = None


class Hold(_Model):
    """A publication hold, for example while criminal or coroner proceedings are ongoing."""

    reason: HoldReason
    until: dt.date | None = None
    note: PlainText | None = None


class _Item(_Model):
    """Fields shared by reviews and briefs."""

    id: Slug
    title: PlainText
    board: str
    status: Status
    published: dt.date | None = None
    publish_on: dt.date | None = None
    updated: dt.date | None = None
    withdrawn_on: dt.date | None = None
    themes: list[str] = Field(min_length=1)
    summary: PlainText
    hold: Hold | None = None
    related: list[Slug] = Field(default_factory=list)
    retention_review: dt.date | None = None


class Review(_Item):
    """A published (or draft) review: one file in ``reviews/``."""

    collection: Literal["review"] = "review"
    review_type: str
    subject: PlainText | None = None
    author: PlainText | None = None
    methodology: list[str] = Field(default_factory=list)
    agencies: list[str] = Field(default_factory=list)
    learning: list[LearningPoint] = Field(min_length=1)
    recommendations: list[Recommendation] = Field(default_factory=list)
    documents: list[Document] = Field(default_factory=list)
    approvals: Approvals = Field(default_factory=Approvals)
    content_warning: PlainText | None = None


class Brief(_Item):
    """An executive summary, seven-minute briefing or thematic note: one file in ``briefs/``."""

    collection: Literal["brief"] = "brief"
    kind: str
    reviews: list[Slug] = Field(default_factory=list)
    audience: list[str] = Field(default_factory=list)
    questions: list[PlainText] = Field(default_factory=list)
    disseminates: list[str] = Field(default_factory=list)


Item = Review | Brief


#: Every field name a review or brief may hold, for "did you mean" on unknown keys.
REVIEW_FIELDS = frozenset(Review.model_fields) - {"collection"}


BRIEF_FIELDS = frozenset(Brief.model_fields) - {"collection"}
