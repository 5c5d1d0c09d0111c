"""An item (review or brief) as the Markdown source of its page."""

from __future__ import annotations

import re
from typing import Any

from lif.index.site import Site
from lif.model.content import Brief, Item, Review
from lif.model.paths import (
    BRIEFINGS,
    REVIEWS,
    item_path,
    kind_listing_path,
    methodology_path,
    review_type_listing_path,
    review_type_path,
)
from lif.model.publication import publication_date
from lif.model.sections import body_sections
from lif.render.dashboard import progress_lines
from lif.render.fragments import (
    _dl_row,
    breadcrumbs,
    copy_link_button,
    esc,
    external_link,
    kind_plural,
    link,
    page_front_matter,
    theme_links,
    time_tag,
)
from lif.render.listings import render_cards

#: Shown on every review page, after the content warning: where to get support.
SUPPORT_HTML = (
    "If reading this raises difficult feelings, talk to your manager or supervisor, or to your "
    "employee assistance programme. Samaritans are there any time, free, on "
    '<a href="tel:116123">116 123</a>.'
)


#: The content warning when a review gives none of its own.
DEFAULT_WARNING = "This review describes the death or serious harm of a child or an adult."


#: Kept for callers that show the support line as plain text.
SUPPORT_TEXT = re.sub(r"<[^>]+>", "", SUPPORT_HTML)


DISCLAIMER = (
    "Names, ages, family details and other identifying details in this briefing have been "
    "changed to protect the people involved."
)


#: The page template chosen for each kind of item.
TEMPLATES = {
    "review": "lif/review.html",
    "seven-minute-briefing": "lif/seven-minute-briefing.html",
    "executive-summary": "lif/executive-summary.html",
    "thematic-note": "lif/thematic-note.html",
}


def item_breadcrumbs(site: Site, item: Item) -> str:
    page = item_path(item)
    if isinstance(item, Review):
        label = site.vocab.review_types.label(item.review_type)
        return breadcrumbs(
            page,
            [
                ("", "Home"),
                (REVIEWS, "Reviews"),
                (review_type_listing_path(item.review_type), label),
            ],
        )
    return breadcrumbs(
        page,
        [
            ("", "Home"),
            (BRIEFINGS, "Briefings"),
            (kind_listing_path(item.kind), kind_plural(site, item.kind)),
        ],
    )


def catalogue_panel(site: Site, item: Item) -> str:
    """The catalogue record: what kind of item this is, whose, when, and what it is about."""
    page = item_path(item)
    vocab = site.vocab
    rows: list[str] = []
    if isinstance(item, Review):
        rows.append(
            _dl_row(
                "Review type",
                link(
                    page,
                    review_type_path(item.review_type),
                    vocab.review_types.label(item.review_type),
                )
                + ' <span class="lif-aside">(what this type of review is)</span>',
            )
        )
    else:
        rows.append(_dl_row("Kind", esc(vocab.kinds.label(item.kind))))
    rows.append(_dl_row("Board", esc(vocab.boards.label(item.board))))
    rows.append(_dl_row("Published", time_tag(publication_date(item))))
    if item.updated:
        rows.append(_dl_row("Updated", time_tag(item.updated)))
    if item.status == "withdrawn":
        rows.append(_dl_row("Withdrawn", time_tag(item.withdrawn_on)))
    if isinstance(item, Review):
        if item.subject:
            rows.append(_dl_row("Pseudonym", esc(item.subject)))
        if item.author:
            rows.append(_dl_row("Author", esc(item.author)))
        if item.methodology:
            rows.append(
                _dl_row(
                    "Methodology",
                    ", ".join(
                        link(page, methodology_path(m), vocab.methodologies.label(m))
                        for m in item.methodology
                    ),
                )
            )
    else:
        if item.audience:
            rows.append(
                _dl_row("For", esc(", ".join(vocab["audience"].label(a) for a in item.audience)))
            )
        if item.kind != "seven-minute-briefing":
            rows.append(
                _dl_row(
                    "Draws on",
                    "; ".join(
                        link(page, item_path(r), r.title) for r in _source_reviews(site, item)
                    ),
                )
            )
    rows.append(_dl_row("Themes", theme_links(site, page, item.themes)))
    if isinstance(item, Review) and item.agencies:
        rows.append(
            _dl_row("Agencies", esc(", ".join(vocab.agencies.label(a) for a in item.agencies)))
        )
    return (
        '<section class="lif-catalogue" aria-label="Catalogue record">\n'
        f'<dl class="lif-meta">{"".join(rows)}</dl>\n</section>\n'
    )


def content_warning(review: Review) -> str:
    """What the review describes, and where to get support."""
    text = review.content_warning or DEFAULT_WARNING
    return (
        '<aside class="lif-warning admonition warning" aria-labelledby="content-warning">\n'
        '<p class="admonition-title" id="content-warning">Content warning</p>\n'
        f'<p>{esc(text)}</p>\n<p class="lif-support">{SUPPORT_HTML}</p>\n</aside>\n'
    )


def briefing_callout(site: Site, review: Review) -> str:
    """A short route for a busy reader: the review's seven-minute briefings, first."""
    page = item_path(review)
    briefings = [
        b for b in site.briefs_by_review.get(review.id, []) if b.kind == "seven-minute-briefing"
    ]
    if not briefings:
        return ""
    links = " or ".join(link(page, item_path(b), b.title) for b in briefings)
    return (
        '<p class="lif-callout"><span class="lif-callout-label">Short on time?</span> '
        f"Read the seven-minute briefing: {links}.</p>\n"
    )


def learning_section(review: Review) -> str:
    """The key learning points, each with its own stable anchor and a copy-link control."""
    points = []
    for number, point in enumerate(review.learning, start=1):
        anchor = f"learning-{point.id}"
        title = (
            f'<strong class="lif-learning-title">{esc(point.title)}</strong> '
            if point.title
            else ""
        )
        label = f"learning point {number}" + (f": {point.title}" if point.title else "")
        points.append(
            f'<li id="{esc(anchor)}" class="lif-learning-point">{title}'
            f"<span>{esc(point.text)}</span> {copy_link_button(anchor, label)}</li>"
        )
    return (
        "## Key learning {#key-learning}\n\n"
        f'<ol class="lif-learning">\n{"".join(points)}\n</ol>\n'
    )


def recommendations_section(site: Site, review: Review) -> str:
    """Each recommendation with where it has reached in the learning cycle."""
    if not review.recommendations:
        return ""
    # The learning-cycle line (dates reached, dissemination derived from briefings): lif.dashboard.

    lines = progress_lines(site, review)
    rows = []
    for number, rec in enumerate(review.recommendations, start=1):
        anchor = f"recommendation-{rec.id}"
        facts = []
        if rec.lead_agency:
            facts.append(f"Lead: {esc(site.vocab.agencies.label(rec.lead_agency))}")
        if rec.scope:
            facts.append(f"Scope: {esc(rec.scope)}")
        if rec.due:
            facts.append(f"Due: {time_tag(rec.due)}")
        if rec.rag:
            facts.append(
                f'<span class="lif-rag lif-rag--{esc(rec.rag)}">RAG: {esc(rec.rag)}</span>'
            )
        evidence = (
            f'<p class="lif-evidence">Evidence of impact: {esc(rec.evidence)}</p>'
            if rec.evidence
            else ""
        )
        not_taken = (
            f'<p class="lif-not-taken">Not taken forward: {esc(rec.not_taken_forward)}</p>'
            if rec.not_taken_forward
            else ""
        )
        history = ""
        if rec.updates:
            entries = "".join(
                f"<li>{time_tag(u.date)}: {esc(u.note)}"
                + (f" (stage: {esc(u.stage)})" if u.stage else "")
                + "</li>"
                for u in sorted(rec.updates, key=lambda u: u.date)
            )
            history = (
                '<details class="lif-history"><summary>Progress history</summary>'
                f"<ul>{entries}</ul></details>"
            )
        facts_html = f'<p class="lif-facts">{" · ".join(facts)}</p>' if facts else ""
        rows.append(
            f'<li id="{esc(anchor)}" class="lif-recommendation">'
            f"<p>{esc(rec.text)} {copy_link_button(anchor, f'recommendation {number}')}</p>"
            f"{lines[rec.id]}{facts_html}{evidence}{not_taken}{history}</li>"
        )
    return (
        "## Recommendations {#recommendations}\n\n"
        f'<ol class="lif-recommendations">\n{"".join(rows)}\n</ol>\n'
    )


def documents_section(site: Site, review: Review) -> str:
    """The review's documents, each with its kind and file format."""
    if not review.documents:
        return ""
    if review.status == "withdrawn":
        return (
            "## Documents {#documents}\n\n"
            '<p class="lif-withdrawn">The documents of this review have been removed from the '
            "website under the board's retention policy. The catalogue record stays. "
            "Ask the board office for a copy.</p>\n"
        )
    rows = "".join(
        f"<li>{external_link(d.url, d.title)} "
        f'<span class="lif-doc-meta">({esc(site.vocab["document_kind"].label(d.kind))}, '
        f"{esc(d.file_format)})</span></li>"
        for d in review.documents
    )
    return f'## Documents {{#documents}}\n\n<ul class="lif-documents">\n{rows}\n</ul>\n'


def briefs_section(site: Site, review: Review) -> str:
    """The briefs that draw on this review (computed: the review's file never lists them)."""
    briefs = site.briefs_by_review.get(review.id, [])
    if not briefs:
        return ""
    page = item_path(review)
    rows = "".join(
        f"<li>{link(page, item_path(b), b.title)} "
        f'<span class="lif-doc-meta">({esc(site.vocab.kinds.label(b.kind))}, '
        f"{time_tag(publication_date(b))})</span></li>"
        for b in briefs
    )
    return f'## Briefings on this review {{#briefings}}\n\n<ul class="lif-briefs">\n{rows}\n</ul>\n'


def _source_reviews(site: Site, brief: Brief) -> list[Review]:
    out = []
    for review_id in dict.fromkeys(brief.reviews):
        target = site.by_id.get(review_id)
        if isinstance(target, Review):
            out.append(target)
    return out


def sources_section(site: Site, brief: Brief) -> str:
    """Links to every review a brief draws on: with summaries, except on a briefing's one page."""
    reviews = _source_reviews(site, brief)
    if not reviews:
        return ""
    page = item_path(brief)
    if brief.kind == "seven-minute-briefing":
        title = "Source review" if len(reviews) == 1 else "Source reviews"
        links = "; ".join(link(page, item_path(r), r.title) for r in reviews)
        return (
            '<section class="lif-sources lif-sources--inline" aria-labelledby="source-reviews">\n'
            f'<p><strong id="source-reviews">{title}:</strong> {links}</p>\n</section>\n'
        )

    title = (
        "The review this summarises"
        if brief.kind == "executive-summary"
        else f"The {len(reviews)} reviews this note draws on"
    )
    return f"## {esc(title)} {{#source-reviews}}\n\n{render_cards(site, page, list(reviews))}\n"


_NUMBER_PREFIX = re.compile(r"^\s*\d+[.):]?\s*")


def seven_panels(body: str) -> str:
    """The seven sections of a briefing as numbered panels, in reading order.

    The panels follow each other in the document, so a screen reader reads them in the same
    order as they appear on screen and on paper; the layout never reorders them.
    """
    lines = body.splitlines()
    sections = body_sections(body)
    if not sections:
        return body
    intro = "\n".join(lines[: sections[0][0]]).strip()
    out = [intro + "\n"] if intro else []
    out.append('<div class="lif-panels" markdown="1">\n')
    for number, (offset, heading) in enumerate(sections, start=1):
        end = sections[number][0] if number < len(sections) else len(lines)
        text = "\n".join(lines[offset + 1 : end]).strip()
        title = _NUMBER_PREFIX.sub("", heading)
        anchor = f"section-{number}"
        out.append(
            f'<section class="lif-panel" id="{anchor}" aria-labelledby="{anchor}-title" '
            'markdown="1">\n'
            f'<h2 id="{anchor}-title"><span class="lif-panel-number">{number}</span> '
            f'<span class="lif-panel-title">{esc(title)}</span></h2>\n\n'
            f"{text}\n\n"
            f'<p class="lif-panel-link">{copy_link_button(anchor, f"section {number}: {title}")}'
            "</p>\n\n</section>\n"
        )
    out.append("</div>\n")
    return "\n".join(out)


def questions_section(brief: Brief) -> str:
    if not brief.questions:
        return ""
    rows = "".join(f"<li>{esc(q)}</li>" for q in brief.questions)
    return (
        '<section class="lif-questions" aria-labelledby="reflective-questions">\n'
        '<h2 id="reflective-questions">Questions for your team</h2>\n'
        f"<ol>{rows}</ol>\n</section>\n"
    )


def disclaimer() -> str:
    return f'<p class="lif-disclaimer">{esc(DISCLAIMER)}</p>\n'


def _demote(body: str) -> str:
    """Headings of a review's body sit below the page's own sections."""
    out = []
    in_fence = False
    for line in body.splitlines():
        if line.startswith(("```", "~~~")):
            in_fence = not in_fence
        if not in_fence and re.match(r"^#{1,5}\s", line):
            line = "#" + line
        out.append(line)
    return "\n".join(out)


def item_kind(item: Item) -> str:
    """``review`` or the kind of brief: the key of :data:`TEMPLATES`."""
    return "review" if isinstance(item, Review) else item.kind


def render_item_page(site: Site, item: Item) -> str:
    """The full Markdown source (front matter included) of an item's page."""
    kind = item_kind(item)
    meta: dict[str, Any] = {
        "title": item.title,
        "description": item.summary,
        "template": TEMPLATES.get(kind, "lif/brief.html"),
        "lif_id": item.id,
        "lif_kind": kind,
    }
    if kind == "seven-minute-briefing":
        # The panels need the width; the seven sections are short enough to scroll through.
        meta["hide"] = ["toc"]
    # An HTML heading, not a Markdown one: Markdown in a title must stay text.
    title = f'<h1 id="{esc(item.id)}-title">{esc(item.title)}</h1>\n\n'
    parts = [page_front_matter(meta), item_breadcrumbs(site, item), title]
    body = site.body(item)
    if isinstance(item, Review):
        parts.append(content_warning(item) + "\n")
        parts.append(f'<p class="lif-summary">{esc(item.summary)}</p>\n\n')
        parts.append(briefing_callout(site, item) + "\n")
        parts.append(catalogue_panel(site, item) + "\n")
        parts.append(learning_section(item) + "\n")
        parts.append(recommendations_section(site, item) + "\n")
        parts.append(documents_section(site, item) + "\n")
        parts.append(briefs_section(site, item) + "\n")
        if body.strip():
            parts.append("## The review {#the-review}\n\n" + _demote(body) + "\n")
        return "".join(parts)
    parts.append(f'<p class="lif-summary">{esc(item.summary)}</p>\n\n')
    if item.kind == "seven-minute-briefing":
        parts.append(catalogue_panel(site, item) + "\n")
        parts.append(sources_section(site, item) + "\n")
        parts.append(seven_panels(body) + "\n")
        parts.append(questions_section(item) + "\n")
    else:
        parts.append(catalogue_panel(site, item) + "\n")
        parts.append(body + "\n\n")
        parts.append(questions_section(item) + "\n")
        parts.append(sources_section(site, item) + "\n")
    parts.append(disclaimer())
    return "".join(parts)
