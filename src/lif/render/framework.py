"""The framework pages: review-type and methodology guides, comparison and appendix tables.

Python gathers what each page shows; the templates in ``templates/framework/`` decide the
markup, and autoescape turns every value from the data files into text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from lif.index.framework import briefs_about, reviews_of_type, reviews_using
from lif.index.site import Site
from lif.load.data import load_framework
from lif.model.content import Brief, Review
from lif.model.framework import (
    APPENDICES,
    Framework,
    MethodologyEntry,
    Point,
    PracticeChange,
    ReviewTypeEntry,
    appendix_key,
)
from lif.model.pages import GeneratedPage
from lif.model.paths import REVIEWS_OF_PRACTICE_PATH, item_path, methodology_path, review_type_path
from lif.model.publication import publication_date
from lif.render.fragments import (
    HOME,
    METHODS_CRUMB,
    REVIEW_TYPES_CRUMB,
    breadcrumbs,
    external_link,
    link,
    page_front_matter,
    time_tag,
)
from lif.render.templating import render_template, trusted_html


@dataclass(frozen=True)
class _Term:
    """A review type or methodology as a page links to it: its guide, label and description."""

    path: str
    label: str
    description: str = ""


@dataclass(frozen=True)
class _Brief:
    """A briefing as a page lists it."""

    path: str
    title: str
    kind: str
    published: dt.date | None


@dataclass(frozen=True)
class _Card:
    """A published review as a card: pseudonym, board, date, summary and its briefings."""

    path: str
    title: str
    subject: str | None
    board: str
    published: dt.date | None
    withdrawn: bool
    summary: str
    briefs: list[_Brief]


@dataclass(frozen=True)
class _AppendixRow:
    """A row of an appendix table: the framework's title for it and what it says."""

    path: str
    title: str
    now_called: str | None
    points: list[Point]
    change: PracticeChange | None
    variants: list[_Term]


@dataclass(frozen=True)
class _TypeRow:
    """A current review type in the comparison table."""

    path: str
    name: str
    board: str
    entry: ReviewTypeEntry
    count: int


@dataclass(frozen=True)
class _OlderType:
    """A review type no longer commissioned, and the type that replaced it."""

    path: str
    label: str
    now: _Term
    change: PracticeChange | None


@dataclass(frozen=True)
class _MethodRow:
    """A methodology in the index table, with the method it is a version of."""

    path: str
    entry: MethodologyEntry
    parent: _Term | None
    count: int


@dataclass(frozen=True)
class _Change:
    """A recorded difference from the 2017 framework, on a review type or a methodology."""

    path: str
    label: str
    change: PracticeChange


def _link(from_page: str, to_path: str, text: str) -> Markup:
    """:func:`lif.render.fragments.link` (which escapes its text), marked as the library's own."""
    return trusted_html(link(from_page, to_path, text))


def _time_tag(value: dt.date | None) -> Markup:
    """:func:`lif.render.fragments.time_tag`, marked as the library's own HTML."""
    return trusted_html(time_tag(value))


def _external_link(url: str, text: str) -> Markup:
    """:func:`lif.render.fragments.external_link`, marked as the library's own HTML."""
    return trusted_html(external_link(url, text))


def _render(template: str, page: str, **context: Any) -> str:
    """Render ``framework/<template>`` for ``page``, with the fragments it links through."""
    return render_template(
        f"framework/{template}",
        page=page,
        link=_link,
        time_tag=_time_tag,
        external_link=_external_link,
        **context,
    )


def _type_name(entry: ReviewTypeEntry) -> str:
    """The label with its acronym, unless the label already ends in brackets."""
    if entry.acronym and not entry.label.endswith(")"):
        return f"{entry.label} ({entry.acronym})"
    return entry.label


def _cards(site: Site, reviews: list[Review]) -> list[_Card]:
    """Each review as a card, with the briefs that draw on it."""
    return [
        _Card(
            path=item_path(review),
            title=review.title,
            subject=review.subject,
            board=site.vocab.boards.label(review.board),
            published=publication_date(review),
            withdrawn=review.status == "withdrawn",
            summary=review.summary,
            briefs=_briefs(site, site.briefs_by_review.get(review.id, [])),
        )
        for review in reviews
    ]


def _briefs(site: Site, briefs: list[Brief]) -> list[_Brief]:
    return [
        _Brief(item_path(b), b.title, site.vocab.kinds.label(b.kind), publication_date(b))
        for b in briefs
    ]


def _review_type(fw: Framework, key: str) -> _Term:
    """The guide of the review type ``key`` of the data."""
    entry = fw.review_types[key]
    return _Term(review_type_path(key), entry.label, entry.description)


def _methodology(fw: Framework, key: str) -> _Term:
    """The guide of the methodology ``key`` of the data."""
    entry = fw.methodologies[key]
    return _Term(methodology_path(key), entry.label, entry.description)


def _review_type_if_known(fw: Framework, key: str | None) -> _Term | None:
    """The guide of the review type ``key``, or None for no key or a key not in the data."""
    return _review_type(fw, key) if key and key in fw.review_types else None


def _methodology_if_known(fw: Framework, key: str | None) -> _Term | None:
    """The guide of the methodology ``key``, or None for no key or a key not in the data."""
    return _methodology(fw, key) if key and key in fw.methodologies else None


def _appendix_path(appendix: str | None) -> str | None:
    return APPENDICES[appendix]["path"] if appendix else None


def render_review_type_guide(site: Site, key: str, framework: Framework | None = None) -> str:
    """The Markdown source (front matter included) of one review type's guide page.

    Takes the site, the review type's key in ``data/review_types.yml`` and the parsed framework
    (loaded from the site's data when not given); raises ``KeyError`` for an unknown key. The
    sections follow LIF section 5 and Appendices A and B.
    """
    fw = framework or load_framework(site.vocab)
    entry = fw.review_types[key]
    page = review_type_path(key)
    front = page_front_matter(
        {
            "title": entry.label,
            "description": entry.description,
            "lif_kind": "review-type-guide",
            "lif_review_type": key,
        }
    )
    reviews = reviews_of_type(site, key)
    body = _render(
        "review_type_guide.md",
        page,
        breadcrumbs=trusted_html(breadcrumbs(page, [HOME, REVIEW_TYPES_CRUMB]).strip()),
        entry=entry,
        type_name=_type_name(entry),
        board=site.vocab.boards.label(entry.board),
        replaced_by=_review_type_if_known(fw, entry.replaced_by),
        replaces=_review_type_if_known(fw, entry.replaces),
        section_path=REVIEWS_OF_PRACTICE_PATH if entry.framework_section else None,
        appendix_path=_appendix_path(entry.appendix),
        methods=[_methodology(fw, m) for m in entry.methodologies if m in fw.methodologies],
        cards=_cards(site, reviews),
        briefs=_briefs(site, briefs_about(site, reviews)),
    )
    return f"{front}\n\n{body}"


def review_type_guide_pages(site: Site) -> list[GeneratedPage]:
    """One guide page per review type of the data, at ``review-types/<key>.md``."""
    fw = load_framework(site.vocab)
    return [
        GeneratedPage(
            f"{review_type_path(key).rstrip('/')}.md", render_review_type_guide(site, key, fw)
        )
        for key in fw.review_types
    ]


def render_methodology_guide(site: Site, key: str, framework: Framework | None = None) -> str:
    """The Markdown source (front matter included) of one methodology's guide page.

    Takes the site, the methodology's key in ``data/methodologies.yml`` and the parsed framework
    (loaded from the site's data when not given); raises ``KeyError`` for an unknown key. A
    version of a method that Appendix C describes quotes its parent's row.
    """
    fw = framework or load_framework(site.vocab)
    entry = fw.methodologies[key]
    page = methodology_path(key)
    front = page_front_matter(
        {
            "title": entry.label,
            "description": entry.description,
            "lif_kind": "methodology-guide",
            "lif_methodology": key,
        }
    )
    described_by = entry if entry.appendix else fw.methodologies.get(entry.variant_of or "")
    if described_by is not None and not described_by.appendix:
        described_by = None
    body = _render(
        "methodology_guide.md",
        page,
        breadcrumbs=trusted_html(breadcrumbs(page, [HOME, METHODS_CRUMB]).strip()),
        entry=entry,
        parent=_methodology_if_known(fw, entry.variant_of),
        variants=[_methodology(fw, v) for v in fw.variants(key)],
        types=[_review_type(fw, t) for t in fw.types_using(key)],
        described_by=described_by,
        appendix_path=_appendix_path(described_by.appendix if described_by else None),
        cards=_cards(site, reviews_using(site, fw, key)),
    )
    return f"{front}\n\n{body}"


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


def render_appendix_table(site: Site, page: str, appendix: str) -> str:
    """Appendix A, B or C of the framework as an HTML table, from the data.

    Takes the site, the page the table is on and the appendix (``A``, ``B``, ``C`` or a name
    such as ``statutory``; raises ``ValueError`` for another). Each row links to its guide,
    lists every bullet point of the framework, and says what has changed since 2017 where the
    data records a change.
    """
    key = appendix_key(appendix)
    fw = load_framework(site.vocab)
    meta = APPENDICES[key]
    rows = []
    for term, entry in fw.appendix_rows(key):
        title = entry.appendix_title or entry.label
        rows.append(
            _AppendixRow(
                path=methodology_path(term) if key == "C" else review_type_path(term),
                title=title,
                now_called=entry.label if title.casefold() != entry.label.casefold() else None,
                points=list(entry.appendix_points),
                change=entry.practice_change,
                variants=[_methodology(fw, v) for v in fw.variants(term)] if key == "C" else [],
            )
        )
    return _render(
        "appendix_table.html",
        page,
        caption=meta["caption"],
        headings=[meta["type_heading"], meta["points_heading"], "What has changed since 2017"],
        cls=f"lif-appendix lif-appendix-{key.lower()}",
        rows=rows,
    )


def render_review_type_comparison(site: Site, page: str) -> str:
    """The current review types side by side (a decision aid), then the older names."""
    fw = load_framework(site.vocab)
    rows = []
    for key, entry in fw.review_types.items():
        if not entry.current:
            continue
        board = site.vocab.boards.terms.get(entry.board)
        rows.append(
            _TypeRow(
                path=review_type_path(key),
                name=_type_name(entry),
                board=(board.get("short") or board.label) if board else entry.board,
                entry=entry,
                count=len(reviews_of_type(site, key)),
            )
        )
    older = []
    for key, entry in fw.review_types.items():
        now = _review_type_if_known(fw, entry.replaced_by)
        if entry.current or now is None:
            continue
        older.append(
            _OlderType(review_type_path(key), _type_name(entry), now, entry.practice_change)
        )
    return _render("comparison.html", page, rows=rows, older=older)


def render_methodology_index(site: Site, page: str) -> str:
    """Every methodology with what it does, when to use it and how many reviews used it."""
    fw = load_framework(site.vocab)
    rows = [
        _MethodRow(
            path=methodology_path(key),
            entry=entry,
            parent=_methodology_if_known(fw, entry.variant_of),
            count=len(reviews_using(site, fw, key)),
        )
        for key, entry in fw.methodologies.items()
    ]
    return _render("methodology_index.html", page, rows=rows)


def render_practice_changes(site: Site, page: str) -> str:
    """Every recorded difference between the 2017 framework and current practice, as a list."""
    fw = load_framework(site.vocab)
    changes = [
        _Change(review_type_path(key), entry.label, entry.practice_change)
        for key, entry in fw.review_types.items()
        if entry.practice_change
    ] + [
        _Change(methodology_path(key), method.label, method.practice_change)
        for key, method in fw.methodologies.items()
        if method.practice_change
    ]
    return _render("practice_changes.html", page, changes=changes)
