"""Render an item (review or brief) as the Markdown source of its page.

The page is Markdown with HTML blocks for the structured parts (catalogue panel, learning
points, recommendations). Every value from front matter is escaped here; the author's body is
Markdown that the checker has already cleared of active content. Links are relative to the page,
so the output works under any base address.
"""

from __future__ import annotations

import datetime as dt
import re
from html import escape
from typing import TYPE_CHECKING, Any

import yaml

from .checker import body_sections
from .models import STAGES, Brief, Item, Review
from .publication import publication_date
from .urls import methodology_path, relative_url, review_type_path, theme_path

if TYPE_CHECKING:
    from .site import Site

#: Where to get support, shown with the content warning on every review page.
SUPPORT_TEXT = (
    "This review describes the death or serious harm of a child or adult. If it raises "
    "difficult feelings, talk to your manager or supervisor, your employee assistance "
    "programme, or Samaritans (free, any time, on 116 123)."
)


def esc(value: Any) -> str:
    """Escape any value for HTML text or a quoted attribute."""
    return escape(str(value), quote=True)


def fmt_date(value: dt.date | None) -> str:
    """A date as people read it: 5 March 2024."""
    return f"{value.day} {value:%B %Y}" if value else ""


def time_tag(value: dt.date | None) -> str:
    if value is None:
        return ""
    return f'<time datetime="{value.isoformat()}">{esc(fmt_date(value))}</time>'


def page_front_matter(meta: dict[str, Any]) -> str:
    """YAML front matter for a generated page."""
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n"


def item_path(item: Item) -> str:
    from .site import item_path as _item_path

    return _item_path(item)


def link(from_page: str, to_path: str, text: str, attrs: str = "") -> str:
    """An ``<a>`` element with a page-relative ``href`` and escaped text."""
    extra = f" {attrs}" if attrs else ""
    return f'<a href="{esc(relative_url(from_page, to_path))}"{extra}>{esc(text)}</a>'


def external_link(url: str, text: str) -> str:
    """A link to a document: off-site links open safely (no opener, no referrer)."""
    if url.startswith(("http://", "https://")):
        return (
            f'<a href="{esc(url)}" rel="noopener noreferrer external">{esc(text)}</a>'
        )
    return f'<a href="{esc(url)}">{esc(text)}</a>'


def copy_link_button(anchor: str, label: str) -> str:
    """A visible, keyboard-operable control that copies the permanent link to ``#anchor``."""
    return (
        f'<a class="lif-permalink" href="#{esc(anchor)}" data-lif-copy="{esc(anchor)}" '
        f'aria-label="Link to {esc(label)}" title="Copy link">Link</a>'
    )


def _dl_row(term: str, value_html: str) -> str:
    return f"<div><dt>{esc(term)}</dt><dd>{value_html}</dd></div>" if value_html else ""


def theme_links(site: Site, page: str, keys: list[str]) -> str:
    items = "".join(
        f"<li>{link(page, theme_path(k), site.vocab.themes.label(k))}</li>" for k in keys
    )
    return f'<ul class="lif-tags">{items}</ul>'


def catalogue_panel(site: Site, item: Item) -> str:
    """The catalogue record: what kind of item this is, whose, when, and what it is about."""
    page = item_path(item)
    vocab = site.vocab
    rows: list[str] = []
    if isinstance(item, Review):
        rows.append(
            _dl_row(
                "Review type",
                link(page, review_type_path(item.review_type),
                     vocab.review_types.label(item.review_type)),
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
        if item.agencies:
            rows.append(
                _dl_row("Agencies", esc(", ".join(vocab.agencies.label(a) for a in item.agencies)))
            )
    else:
        if item.audience:
            rows.append(
                _dl_row("For", esc(", ".join(vocab["audience"].label(a) for a in item.audience)))
            )
    rows.append(_dl_row("Themes", theme_links(site, page, item.themes)))
    return (
        '<section class="lif-catalogue" aria-label="Catalogue record">\n'
        f'<dl class="lif-meta">{"".join(rows)}</dl>\n</section>\n'
    )


def content_warning(review: Review) -> str:
    text = review.content_warning or SUPPORT_TEXT
    return (
        '<aside class="lif-warning admonition warning" aria-label="Content warning">\n'
        f'<p class="admonition-title">Content warning</p>\n<p>{esc(text)}</p>\n</aside>\n'
    )


def learning_section(review: Review) -> str:
    points = []
    for point in review.learning:
        anchor = f"learning-{point.id}"
        title = f"<strong>{esc(point.title)}</strong> " if point.title else ""
        label = point.title or f"learning point {point.id}"
        points.append(
            f'<li id="{esc(anchor)}" class="lif-learning-point">{title}{esc(point.text)} '
            f"{copy_link_button(anchor, label)}</li>"
        )
    return (
        '## Key learning {#key-learning}\n\n'
        f'<ol class="lif-learning">\n{"".join(points)}\n</ol>\n'
    )


def stage_line(stage: str) -> str:
    """The learning cycle as a progress line, the current stage marked for everyone."""
    reached = STAGES.index(stage)  # type: ignore[arg-type]
    steps = []
    for index, name in enumerate(STAGES):
        state = "done" if index < reached else ("current" if index == reached else "todo")
        current = ' aria-current="step"' if index == reached else ""
        steps.append(f'<li class="lif-stage lif-stage--{state}"{current}>{esc(name.title())}</li>')
    return (
        f'<ol class="lif-stages" aria-label="Learning cycle stage: {esc(stage)}">'
        f'{"".join(steps)}</ol>'
    )


def recommendations_section(site: Site, review: Review) -> str:
    if not review.recommendations:
        return ""
    rows = []
    for rec in review.recommendations:
        anchor = f"recommendation-{rec.id}"
        facts = []
        if rec.lead_agency:
            facts.append(f"Lead: {esc(site.vocab.agencies.label(rec.lead_agency))}")
        if rec.scope:
            facts.append(f"Scope: {esc(rec.scope)}")
        if rec.due:
            facts.append(f"Due: {time_tag(rec.due)}")
        if rec.rag:
            facts.append(f'<span class="lif-rag lif-rag--{esc(rec.rag)}">RAG: {esc(rec.rag)}</span>')
        evidence = f'<p class="lif-evidence">Evidence of impact: {esc(rec.evidence)}</p>' if rec.evidence else ""
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
            history = f'<details class="lif-history"><summary>Progress history</summary><ul>{entries}</ul></details>'
        rows.append(
            f'<li id="{esc(anchor)}" class="lif-recommendation">'
            f'<p>{esc(rec.text)} {copy_link_button(anchor, "recommendation " + rec.id)}</p>'
            f'{stage_line(rec.stage)}<p class="lif-facts">{" · ".join(facts)}</p>'
            f"{evidence}{not_taken}{history}</li>"
        )
    return (
        "## Recommendations {#recommendations}\n\n"
        f'<ol class="lif-recommendations">\n{"".join(rows)}\n</ol>\n'
    )


def documents_section(site: Site, review: Review) -> str:
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
    briefs = site.briefs_by_review.get(review.id, [])
    if not briefs:
        return ""
    page = item_path(review)
    rows = "".join(
        f"<li>{link(page, item_path(b), b.title)} "
        f'<span class="lif-doc-meta">({esc(site.vocab.kinds.label(b.kind))})</span></li>'
        for b in briefs
    )
    return f'## Briefings on this review {{#briefings}}\n\n<ul class="lif-briefs">\n{rows}\n</ul>\n'


def sources_section(site: Site, brief: Brief) -> str:
    if not brief.reviews:
        return ""
    page = item_path(brief)
    rows = "".join(
        f"<li>{link(page, item_path(site.by_id[r]), site.by_id[r].title)}</li>"
        for r in brief.reviews
        if r in site.by_id
    )
    return (
        '<section class="lif-sources" aria-labelledby="source-reviews">\n'
        '<h2 id="source-reviews">Source reviews</h2>\n'
        f"<ul>{rows}</ul>\n</section>\n"
    )


_NUMBER_PREFIX = re.compile(r"^\s*\d+[.)]?\s*")


def seven_panels(body: str) -> str:
    """The seven sections of a briefing as numbered panels, in reading order."""
    lines = body.splitlines()
    sections = body_sections(body)
    if not sections:
        return body
    intro = "\n".join(lines[: sections[0][0]]).strip()
    out = [intro + "\n"] if intro else []
    out.append('<div class="lif-panels">\n')
    for number, (offset, heading) in enumerate(sections, start=1):
        end = sections[number][0] if number < len(sections) else len(lines)
        text = "\n".join(lines[offset + 1 : end]).strip()
        title = _NUMBER_PREFIX.sub("", heading)
        anchor = f"section-{number}"
        out.append(
            f'<section class="lif-panel" id="{anchor}" aria-labelledby="{anchor}-title" markdown="1">\n'
            f'<h2 id="{anchor}-title"><span class="lif-panel-number">{number}</span> '
            f"{esc(title)} {copy_link_button(anchor, 'section ' + str(number))}</h2>\n\n"
            f"{text}\n\n</section>\n"
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


DISCLAIMER = (
    "Names, ages, family details and other identifying details in this briefing have been "
    "changed to protect the people involved."
)

#: The page template chosen for each kind of item.
TEMPLATES = {
    "review": "lif/review.html",
    "seven-minute-briefing": "lif/seven-minute-briefing.html",
    "executive-summary": "lif/brief.html",
    "thematic-note": "lif/brief.html",
}


def render_item_page(site: Site, item: Item) -> str:
    """The full Markdown source (front matter included) of an item's page."""
    kind = "review" if isinstance(item, Review) else item.kind
    meta: dict[str, Any] = {
        "title": item.title,
        "description": item.summary,
        "template": TEMPLATES[kind],
        "lif_id": item.id,
        "lif_kind": kind,
    }
    parts = [page_front_matter(meta), f"# {esc(item.title)}\n\n"]
    parts.append(f'<p class="lif-summary">{esc(item.summary)}</p>\n\n')
    parts.append(catalogue_panel(site, item) + "\n")
    body = site.body(item)
    if isinstance(item, Review):
        parts.append(content_warning(item) + "\n")
        parts.append(learning_section(item) + "\n")
        parts.append(recommendations_section(site, item) + "\n")
        parts.append(documents_section(site, item) + "\n")
        parts.append(briefs_section(site, item) + "\n")
        if body.strip():
            parts.append("## The review {#the-review}\n\n" + _demote(body) + "\n")
    else:
        parts.append(sources_section(site, item) + "\n")
        if item.kind == "seven-minute-briefing":
            parts.append(seven_panels(body) + "\n")
        else:
            parts.append(body + "\n")
        parts.append(questions_section(item) + "\n")
        parts.append(f'<p class="lif-disclaimer">{esc(DISCLAIMER)}</p>\n')
    return "".join(parts)


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
