"""The framework pages: review-type and methodology guides, comparison and appendix tables."""

from __future__ import annotations

from collections.abc import Iterable

from lif.index.framework import briefs_about, reviews_of_type, reviews_using
from lif.index.site import Site
from lif.load.data import load_framework
from lif.model.content import Brief, Review
from lif.model.framework import (
    APPENDICES,
    AppendixPoint,
    Framework,
    Point,
    PracticeChange,
    ReviewTypeEntry,
    appendix_key,
)
from lif.model.pages import GeneratedPage
from lif.model.paths import REVIEWS_OF_PRACTICE_PATH, item_path, methodology_path, review_type_path
from lif.model.publication import publication_date
from lif.render.fragments import esc, external_link, link, page_front_matter, time_tag


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
