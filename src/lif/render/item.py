"""An item (review or brief) as the Markdown source of its page.

The functions here choose what each part of the page shows; the templates in
``templates/item/`` decide how it looks.
"""

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
    breadcrumbs,
    kind_plural,
    page_front_matter,
    theme_pairs,
)
from lif.render.listings import render_cards
from lif.render.templating import render_template, trusted_html

#: The content warning when a review gives none of its own.
DEFAULT_WARNING = "This review describes the death or serious harm of a child or an adult."


#: The support line shown on every review page after the content warning, as plain text (the
#: page shows it from ``templates/item/support.html``, with the telephone number as a link).
SUPPORT_TEXT = re.sub(r"<[^>]+>", "", render_template("item/support.html"))


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


def _trail(site: Site, item: Item) -> list[tuple[str, str]]:
    """The breadcrumb trail of an item: home, reviews or briefings, its type or kind."""
    if isinstance(item, Review):
        label = site.vocab.review_types.label(item.review_type)
        return [
            ("", "Home"),
            (REVIEWS, "Reviews"),
            (review_type_listing_path(item.review_type), label),
        ]
    return [
        ("", "Home"),
        (BRIEFINGS, "Briefings"),
        (kind_listing_path(item.kind), kind_plural(site, item.kind)),
    ]


def item_breadcrumbs(site: Site, item: Item) -> str:
    """The breadcrumbs of an item's page, followed by a blank line."""
    return breadcrumbs(item_path(item), _trail(site, item))


def catalogue_panel(site: Site, item: Item) -> str:
    """The catalogue record: what kind of item this is, whose, when, and what it is about."""
    page = item_path(item)
    vocab = site.vocab
    record: dict[str, Any] = {
        "review_type": None,
        "kind": "",
        "subject": "",
        "author": "",
        "methodologies": [],
        "audience": "",
        "draws_on": [],
        "agencies": "",
    }
    if isinstance(item, Review):
        record["review_type"] = {
            "path": review_type_path(item.review_type),
            "label": vocab.review_types.label(item.review_type),
        }
        record["subject"] = item.subject or ""
        record["author"] = item.author or ""
        record["methodologies"] = [
            (methodology_path(m), vocab.methodologies.label(m)) for m in item.methodology
        ]
        record["agencies"] = ", ".join(vocab.agencies.label(a) for a in item.agencies)
    else:
        record["kind"] = vocab.kinds.label(item.kind)
        record["audience"] = ", ".join(vocab["audience"].label(a) for a in item.audience)
        if item.kind != "seven-minute-briefing":
            record["draws_on"] = [(item_path(r), r.title) for r in _source_reviews(site, item)]
    return render_template(
        "item/catalogue.html",
        page=page,
        board=vocab.boards.label(item.board),
        published=publication_date(item),
        updated=item.updated,
        withdrawn_on=item.withdrawn_on if item.status == "withdrawn" else None,
        themes=theme_pairs(site, item.themes),
        **record,
    )


def content_warning(review: Review) -> str:
    """What the review describes, and where to get support."""
    return render_template(
        "item/content_warning.html", text=review.content_warning or DEFAULT_WARNING
    )


def briefing_callout(site: Site, review: Review) -> str:
    """A short route for a busy reader: the review's seven-minute briefings, first."""
    briefings = [
        (item_path(b), b.title)
        for b in site.briefs_by_review.get(review.id, [])
        if b.kind == "seven-minute-briefing"
    ]
    return render_template("item/callout.html", page=item_path(review), briefings=briefings)


def learning_section(review: Review) -> str:
    """The key learning points, each with its own stable anchor and a copy-link control."""
    points = [
        {
            "anchor": f"learning-{point.id}",
            "title": point.title,
            "text": point.text,
            "label": f"learning point {number}" + (f": {point.title}" if point.title else ""),
        }
        for number, point in enumerate(review.learning, start=1)
    ]
    return render_template("item/learning.html", points=points)


def recommendations_section(site: Site, review: Review) -> str:
    """Each recommendation with where it has reached in the learning cycle."""
    if not review.recommendations:
        return ""
    # The learning-cycle line (dates reached, dissemination derived from briefings): lif.dashboard.
    lines = progress_lines(site, review)
    recommendations = []
    for number, rec in enumerate(review.recommendations, start=1):
        facts: list[tuple[str, Any]] = []
        if rec.lead_agency:
            facts.append(("Lead", site.vocab.agencies.label(rec.lead_agency)))
        if rec.scope:
            facts.append(("Scope", rec.scope))
        if rec.due:
            facts.append(("Due", rec.due))
        if rec.rag:
            facts.append(("RAG", rec.rag))
        recommendations.append(
            {
                "anchor": f"recommendation-{rec.id}",
                "label": f"recommendation {number}",
                "text": rec.text,
                "progress": trusted_html(lines[rec.id]),
                "facts": facts,
                "evidence": rec.evidence,
                "not_taken_forward": rec.not_taken_forward,
                "updates": sorted(rec.updates, key=lambda u: u.date),
            }
        )
    return render_template("item/recommendations.html", recommendations=recommendations)


def _documents(site: Site, review: Review) -> list[dict[str, str]]:
    """The review's documents as the pages list them: address, title, kind and file format."""
    return [
        {
            "url": d.url,
            "title": d.title,
            "kind": site.vocab["document_kind"].label(d.kind),
            "file_format": d.file_format,
        }
        for d in review.documents
    ]


def documents_section(site: Site, review: Review) -> str:
    """The review's documents, each with its kind and file format."""
    if not review.documents:
        return ""
    return render_template(
        "item/documents.html",
        withdrawn=review.status == "withdrawn",
        documents=_documents(site, review),
    )


def briefs_section(site: Site, review: Review) -> str:
    """The briefs that draw on this review (computed: the review's file never lists them)."""
    briefs = [
        {
            "path": item_path(b),
            "title": b.title,
            "kind": site.vocab.kinds.label(b.kind),
            "published": publication_date(b),
        }
        for b in site.briefs_by_review.get(review.id, [])
    ]
    if not briefs:
        return ""
    return render_template("item/briefs.html", page=item_path(review), briefs=briefs)


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
        return render_template(
            "item/sources.html",
            inline=True,
            page=page,
            reviews=[(item_path(r), r.title) for r in reviews],
        )
    title = (
        "The review this summarises"
        if brief.kind == "executive-summary"
        else f"The {len(reviews)} reviews this note draws on"
    )
    # An executive summary stands for one review: its documents (an easy read summary, the
    # full report) are offered here too, unless the review's are withdrawn.
    documents = (
        _documents(site, reviews[0])
        if brief.kind == "executive-summary"
        and len(reviews) == 1
        and reviews[0].status != "withdrawn"
        else []
    )
    return render_template(
        "item/sources.html",
        inline=False,
        title=title,
        cards=trusted_html(render_cards(site, page, list(reviews))),
        documents=documents,
    )


_NUMBER_PREFIX = re.compile(r"^\s*\d+[.):]?\s*")


def seven_panels(body: str) -> str:
    """The seven sections of a briefing as numbered panels, in reading order.

    The panels follow each other in the document, so a screen reader reads them in the same
    order as they appear on screen and on paper; the layout never reorders them. Each panel's
    Markdown stands as it is between the panel's opening and closing markup.
    """
    lines = body.splitlines()
    sections = body_sections(body)
    if not sections:
        return body
    intro = "\n".join(lines[: sections[0][0]]).strip()
    out = [intro + "\n\n"] if intro else []
    for number, (offset, heading) in enumerate(sections, start=1):
        end = sections[number][0] if number < len(sections) else len(lines)
        text = "\n".join(lines[offset + 1 : end]).strip()
        title = _NUMBER_PREFIX.sub("", heading)
        anchor = f"section-{number}"
        out.append(
            render_template(
                "item/panel_start.html",
                first=number == 1,
                anchor=anchor,
                number=number,
                title=title,
            )
        )
        out.append(text)
        out.append(
            render_template(
                "item/panel_end.html",
                last=number == len(sections),
                anchor=anchor,
                label=f"section {number}: {title}",
            )
        )
    return "".join(out)


def questions_section(brief: Brief) -> str:
    """A brief's reflective questions for a team (nothing when it has none)."""
    return render_template("item/questions.html", questions=brief.questions)


def disclaimer() -> str:
    """The note that names and details in a briefing have been changed."""
    return render_template("item/disclaimer.html", text=DISCLAIMER)


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
    """The full Markdown source (front matter included) of an item's page.

    The parts around the body come from ``item/review.md`` or ``item/brief_start.md`` and
    ``item/brief_end.md``; the body (the author's Markdown) stands between them as it is.
    """
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
    page = item_path(item)
    body = site.body(item)
    common = {"page": page, "trail": _trail(site, item), "item": item}
    if isinstance(item, Review):
        start = render_template(
            "item/review.md",
            **common,
            content_warning=trusted_html(content_warning(item)),
            callout=trusted_html(briefing_callout(site, item)),
            catalogue=trusted_html(catalogue_panel(site, item)),
            learning=trusted_html(learning_section(item)),
            recommendations=trusted_html(recommendations_section(site, item)),
            documents=trusted_html(documents_section(site, item)),
            briefs=trusted_html(briefs_section(site, item)),
            has_body=bool(body.strip()),
        )
        rest = _demote(body) + "\n" if body.strip() else ""
        return page_front_matter(meta) + start + rest
    # A seven-minute briefing shows its sources before its panels; other briefs after the body.
    sources_first = item.kind == "seven-minute-briefing"
    sources = trusted_html(sources_section(site, item))
    start = render_template(
        "item/brief_start.md",
        **common,
        catalogue=trusted_html(catalogue_panel(site, item)),
        printable=item.kind == "seven-minute-briefing",
        sources_first=sources_first,
        sources=sources,
    )
    middle = seven_panels(body) + "\n" if sources_first else body + "\n\n"
    end = render_template(
        "item/brief_end.md",
        questions=trusted_html(questions_section(item)),
        sources_first=sources_first,
        sources=sources,
        disclaimer=trusted_html(disclaimer()),
    )
    return page_front_matter(meta) + start + middle + end
