"""Training packs and newsletter digests: the published learning, ready for course material.

A *pack* gathers the learning of one scope (a theme, a review type, a board, a date range, or
several of these together): each item's title, summary, key learning points and reflective
questions, every one with its permanent link. It is written as Markdown, CSV, JSON and a Word
document. A *digest* lists what was published (or updated) in a date range, for a newsletter, as
Markdown and as e-mail-safe HTML.

``lif export`` writes them for board staff; the site build writes a pack per theme into
``packs/`` (:func:`write_theme_packs`) and a one-document print view per theme
(:func:`theme_print_pages`). Only public items ever reach a pack: they come from
:attr:`lif.site.Site.public`, never from the library itself.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .models import Brief, Item, Review
from .pages import GeneratedPage
from .permalinks import item_path, learning_anchor, permanent_url, site_settings
from .publication import publication_date
from .render import esc, fmt_date, page_front_matter, time_tag
from .sheets import spreadsheet_cell
from .urls import relative_url, theme_path
from .vocab import Vocabulary
from .worddoc import Link, Run, WordDocument

if TYPE_CHECKING:
    from .site import Site

#: The formats a pack can be written in, by file extension.
PACK_FORMATS = ("md", "csv", "json", "docx")

#: Labels of the formats, for download links, in the order the links are offered.
FORMAT_LABELS = {
    "docx": "Word document (.docx)",
    "md": "Markdown (.md)",
    "csv": "Spreadsheet (.csv)",
    "json": "Data (.json)",
}

#: A board whose items belong to every board's pack and feed (learning shared by both).
JOINT_BOARD = "both"

#: Where the site's packs are, below the site root.
PACKS_DIR = "packs"

#: The most items a theme's print view holds (the newest); its training pack holds them all.
PRINT_LIMIT = 60

#: The anchor of a brief's reflective questions on its page.
QUESTIONS_ANCHOR = "reflective-questions"

#: The version of the JSON layout of a pack; it changes only when a field changes meaning.
JSON_VERSION = 1


class ExportError(Exception):
    """A bad option of ``lif export``: the message says what to give instead."""


# --------------------------------------------------------------------------------------------
# Scope
# --------------------------------------------------------------------------------------------


def board_includes(item_board: str, board: str) -> bool:
    """True if an item of ``item_board`` belongs to ``board``'s learning (joint items do)."""
    return item_board == board or (item_board == JOINT_BOARD and board != JOINT_BOARD)


@dataclass(frozen=True)
class Scope:
    """Which published items a pack or digest takes: every given condition must hold."""

    theme: str | None = None
    review_type: str | None = None
    board: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None

    def matches(self, site: Site, item: Item) -> bool:
        if self.theme and self.theme not in item.themes:
            return False
        if self.board and not board_includes(item.board, self.board):
            return False
        if self.review_type and self.review_type not in review_types_of(site, item):
            return False
        date = publication_date(item)
        if self.start and (date is None or date < self.start):
            return False
        return not (self.end and (date is None or date > self.end))

    def label(self, site: Site) -> str:
        """The scope in words: "Neglect · Safeguarding adults reviews · 2024"."""
        vocab = site.vocab
        parts = []
        if self.theme:
            parts.append(vocab.themes.label(self.theme))
        if self.review_type:
            parts.append(vocab.review_types.label(self.review_type))
        if self.board:
            parts.append(vocab.boards.label(self.board))
        if self.start or self.end:
            parts.append(date_range_label(self.start, self.end))
        return " · ".join(parts) or "All published learning"

    def slug(self) -> str:
        """A file name stem for the scope: ``theme-neglect_board-adults`` (``all`` if none)."""
        parts = [
            f"{name}-{value}"
            for name, value in (
                ("theme", self.theme),
                ("type", self.review_type),
                ("board", self.board),
                ("from", self.start.isoformat() if self.start else None),
                ("to", self.end.isoformat() if self.end else None),
            )
            if value
        ]
        return "_".join(parts) or "all"


def review_types_of(site: Site, item: Item) -> set[str]:
    """A review's type; for a brief, the types of the public reviews it draws on."""
    if isinstance(item, Review):
        return {item.review_type}
    assert isinstance(item, Brief)
    return {r.review_type for ref in item.reviews if isinstance(r := site.by_id.get(ref), Review)}


def date_range_label(start: dt.date | None, end: dt.date | None) -> str:
    if start and end:
        return f"{fmt_date(start)} to {fmt_date(end)}"
    if start:
        return f"from {fmt_date(start)}"
    return f"up to {fmt_date(end)}"


# --------------------------------------------------------------------------------------------
# Packs
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PackPoint:
    """A learning point or a question, numbered as on the page, with its permanent link."""

    number: int
    id: str | None
    title: str | None
    text: str
    url: str


@dataclass(frozen=True)
class PackItem:
    """One item of a pack: what it is, its summary and learning, and where it lives."""

    item: Item
    url: str
    kind_label: str
    board_label: str
    citation: str
    learning: tuple[PackPoint, ...] = ()
    questions: tuple[PackPoint, ...] = ()

    @property
    def published(self) -> dt.date | None:
        return publication_date(self.item)

    @property
    def meta_line(self) -> str:
        """ "Safeguarding adults review · Safeguarding Adults Board · published 10 October 2019"."""
        parts = [self.kind_label, self.board_label]
        if self.published:
            parts.append(f"published {fmt_date(self.published)}")
        if self.item.updated:
            parts.append(f"updated {fmt_date(self.item.updated)}")
        if self.item.status == "withdrawn":
            parts.append("withdrawn (the documents are no longer online; the learning stays)")
        return " · ".join(parts)


@dataclass(frozen=True)
class Pack:
    """The learning of one scope, in the order of the site's listings (newest first)."""

    title: str
    scope: Scope
    scope_label: str
    site_name: str
    base_url: str
    exported: dt.date
    items: tuple[PackItem, ...] = field(default_factory=tuple)

    @property
    def counts(self) -> str:
        """ "3 reviews and 1 briefing", "1 review", "no published learning"."""
        reviews = sum(isinstance(p.item, Review) for p in self.items)
        briefs = len(self.items) - reviews
        parts = [_plural(n, noun) for n, noun in ((reviews, "review"), (briefs, "briefing")) if n]
        return " and ".join(parts) or "No published learning"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def run_in(title: str) -> str:
    """A learning point's title as a run-in heading: "Neglect builds up slowly." before its text."""
    return title if title.endswith((".", "?", "!", ":")) else f"{title}."


def kind_label(site: Site, item: Item) -> str:
    if isinstance(item, Review):
        return site.vocab.review_types.label(item.review_type)
    assert isinstance(item, Brief)
    return site.vocab.kinds.label(item.kind)


def citation(site: Site, item: Item, site_name: str, url: str) -> str:
    """How to cite an item: board, year, title, site, address."""
    date = publication_date(item)
    year = f" ({date.year})" if date else ""
    return f"{site.vocab.boards.label(item.board)}{year}. {item.title}. {site_name}. {url}"


def pack_item(site: Site, item: Item, base_url: str, site_name: str) -> PackItem:
    url = permanent_url(base_url, item)
    learning: tuple[PackPoint, ...] = ()
    questions: tuple[PackPoint, ...] = ()
    if isinstance(item, Review):
        learning = tuple(
            PackPoint(
                n, p.id, p.title, p.text, permanent_url(base_url, item, learning_anchor(p.id))
            )
            for n, p in enumerate(item.learning, start=1)
        )
    if isinstance(item, Brief) and item.questions:
        q_url = permanent_url(base_url, item, QUESTIONS_ANCHOR)
        questions = tuple(
            PackPoint(n, None, None, q, q_url) for n, q in enumerate(item.questions, start=1)
        )
    return PackItem(
        item=item,
        url=url,
        kind_label=kind_label(site, item),
        board_label=site.vocab.boards.label(item.board),
        citation=citation(site, item, site_name, url),
        learning=learning,
        questions=questions,
    )


def build_pack(
    site: Site,
    scope: Scope,
    base_url: str,
    title: str | None = None,
    candidates: Iterable[Item] | None = None,
) -> Pack:
    """The pack of ``scope``: every public item it matches, newest first.

    ``candidates`` narrows the public items looked at (in the site's order), when the caller
    has already grouped them, as the site's theme packs do.
    """
    settings = site_settings(site.root)
    items = tuple(
        pack_item(site, item, base_url, settings.site_name)
        for item in (site.public if candidates is None else candidates)
        if scope.matches(site, item)
    )
    label = scope.label(site)
    return Pack(
        title=title or f"Training pack: {label}",
        scope=scope,
        scope_label=label,
        site_name=settings.site_name,
        base_url=base_url,
        exported=site.today,
        items=items,
    )


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>])")


def md_text(value: str) -> str:
    """Plain text made safe for Markdown: its punctuation is shown, never read as markup."""
    text = _MD_SPECIAL.sub(r"\\\1", value)
    return re.sub(r"^([#>+-]|\d+[.)])(\s)", r"\\\1\2", text)


def render_pack_markdown(pack: Pack) -> str:
    """The pack as Markdown: headings, summaries, numbered learning with links."""
    out = [
        f"# {md_text(pack.title)}",
        "",
        f"{pack.counts} from the {md_text(pack.site_name)} "
        f"(<{pack.base_url}>), exported {fmt_date(pack.exported)}.",
        "",
        "Every title links to the item's permanent page and every learning point to its own "
        "place on that page. These links do not change: use them in slides and handouts.",
        "",
    ]
    if not pack.items:
        out += ["Nothing published matches this pack yet.", ""]
    for entry in pack.items:
        out += [
            f"## [{md_text(entry.item.title)}]({entry.url})",
            "",
            f"*{md_text(entry.meta_line)}*",
            "",
            md_text(entry.item.summary),
            "",
        ]
        if entry.learning:
            out += ["### Key learning", ""]
            for point in entry.learning:
                title = f"**{md_text(run_in(point.title))}** " if point.title else ""
                out.append(f"{point.number}. {title}{md_text(point.text)} ([link]({point.url}))")
            out.append("")
        if entry.questions:
            out += [f"### Questions for your team ([link]({entry.questions[0].url}))", ""]
            out += [f"{q.number}. {md_text(q.text)}" for q in entry.questions]
            out.append("")
        out += [f"Cite as: {md_text(entry.citation)}", ""]
    return "\n".join(out)


#: Columns of a pack's CSV file: one row per summary, learning point or question.
CSV_COLUMNS = (
    "item_id",
    "item_title",
    "item_kind",
    "board",
    "published",
    "part",
    "number",
    "point_id",
    "heading",
    "text",
    "link",
)


def render_pack_csv(pack: Pack) -> str:
    """The pack as CSV (UTF-8 with a byte-order mark, so that Excel reads accents)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for entry in pack.items:
        item = entry.item
        base = [
            item.id,
            item.title,
            entry.kind_label,
            entry.board_label,
            entry.published.isoformat() if entry.published else "",
        ]
        writer.writerow(
            [spreadsheet_cell(v) for v in [*base, "summary", "", "", "", item.summary, entry.url]]
        )
        for point in entry.learning:
            writer.writerow(
                [
                    spreadsheet_cell(v)
                    for v in [
                        *base,
                        "key learning",
                        point.number,
                        point.id,
                        point.title,
                        point.text,
                        point.url,
                    ]
                ]
            )
        for q in entry.questions:
            writer.writerow(
                [spreadsheet_cell(v) for v in [*base, "question", q.number, "", "", q.text, q.url]]
            )
    return "\ufeff" + buffer.getvalue()


def pack_data(pack: Pack) -> dict[str, Any]:
    """The pack as JSON-ready data."""
    scope = pack.scope
    return {
        "format": "lif-training-pack",
        "version": JSON_VERSION,
        "title": pack.title,
        "scope": {
            "label": pack.scope_label,
            "theme": scope.theme,
            "review_type": scope.review_type,
            "board": scope.board,
            "from": scope.start.isoformat() if scope.start else None,
            "to": scope.end.isoformat() if scope.end else None,
        },
        "site": {"name": pack.site_name, "url": pack.base_url},
        "exported": pack.exported.isoformat(),
        "items": [_item_data(entry) for entry in pack.items],
    }


def _item_data(entry: PackItem) -> dict[str, Any]:
    item = entry.item
    return {
        "id": item.id,
        "collection": item.collection,
        "kind": entry.kind_label,
        "title": item.title,
        "url": entry.url,
        "board": item.board,
        "board_label": entry.board_label,
        "published": entry.published.isoformat() if entry.published else None,
        "updated": item.updated.isoformat() if item.updated else None,
        "status": item.status,
        "themes": list(item.themes),
        "summary": item.summary,
        "learning": [
            {"id": p.id, "number": p.number, "title": p.title, "text": p.text, "url": p.url}
            for p in entry.learning
        ],
        "questions": [{"number": q.number, "text": q.text, "url": q.url} for q in entry.questions],
        "citation": entry.citation,
    }


def render_pack_json(pack: Pack) -> str:
    """The pack as JSON, one line (the compact form is written many times faster)."""
    return json.dumps(pack_data(pack), ensure_ascii=False) + "\n"


def render_pack_docx(pack: Pack) -> bytes:
    """The pack as a Word document: headings for items, numbered learning with links."""
    doc = WordDocument(pack.title)
    doc.heading(0, pack.title)
    doc.paragraph(
        f"{pack.counts} from the {pack.site_name} (",
        Link(pack.base_url, pack.base_url),
        f"), exported {fmt_date(pack.exported)}.",
    )
    doc.paragraph(
        "Every title links to the item's permanent page and every learning point to its own "
        "place on that page. These links do not change: use them in slides and handouts."
    )
    if not pack.items:
        doc.paragraph("Nothing published matches this pack yet.")
    for entry in pack.items:
        doc.heading(1, Link(entry.item.title, entry.url))
        doc.paragraph(Run(entry.meta_line))
        doc.paragraph(entry.item.summary)
        if entry.learning:
            doc.heading(2, "Key learning")
            for point in entry.learning:
                title = [Run(run_in(point.title) + " ", bold=True)] if point.title else []
                doc.numbered(point.number, *title, point.text + " ", Link("Link", point.url))
        if entry.questions:
            doc.heading(2, "Questions for your team")
            for q in entry.questions:
                doc.numbered(q.number, q.text)
            doc.paragraph(Link("The questions on the site", entry.questions[0].url))
        doc.paragraph(Run("Cite as: ", bold=True), entry.citation)
    return doc.to_bytes()


def render_pack(pack: Pack, fmt: str) -> bytes:
    """The pack in one of :data:`PACK_FORMATS`, as the bytes of its file."""
    if fmt == "docx":
        return render_pack_docx(pack)
    text = {"md": render_pack_markdown, "csv": render_pack_csv, "json": render_pack_json}[fmt](pack)
    return text.encode("utf-8")


# --------------------------------------------------------------------------------------------
# Digest for newsletters
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Digest:
    """What was published, and what was updated, in a date range."""

    title: str
    start: dt.date
    end: dt.date
    site_name: str
    base_url: str
    new: tuple[PackItem, ...]
    updated: tuple[PackItem, ...]


def build_digest(site: Site, scope: Scope, base_url: str) -> Digest:
    """The digest of ``scope``'s date range (its other conditions filter the items too)."""
    start = scope.start or dt.date.min
    end = scope.end or site.today
    settings = site_settings(site.root)
    rest = Scope(theme=scope.theme, review_type=scope.review_type, board=scope.board)
    new: list[PackItem] = []
    updated: list[PackItem] = []
    for item in site.public:
        if item.status == "withdrawn" or not rest.matches(site, item):
            continue
        date = publication_date(item)
        if date is not None and start <= date <= end:
            new.append(pack_item(site, item, base_url, settings.site_name))
        elif item.updated is not None and start <= item.updated <= end:
            updated.append(pack_item(site, item, base_url, settings.site_name))
    updated.sort(key=lambda p: (-(p.item.updated or dt.date.min).toordinal(), p.item.id))
    label = rest.label(site) if rest != Scope() else "New learning"
    return Digest(
        title=f"{label}: {date_range_label(scope.start, end)}",
        start=start,
        end=end,
        site_name=settings.site_name,
        base_url=base_url,
        new=tuple(new),
        updated=tuple(updated),
    )


def _key_learning(entry: PackItem) -> list[str]:
    """The key learning in a line each: a point's title, or its text if it has none."""
    return [p.title or p.text for p in entry.learning]


def render_digest_markdown(digest: Digest) -> str:
    out = [f"# {md_text(digest.title)}", ""]
    if not digest.new and not digest.updated:
        out += ["Nothing new was published in this period.", ""]
    for heading, entries in (("New", digest.new), ("Updated", digest.updated)):
        if not entries:
            continue
        out += [f"## {heading}", ""]
        for entry in entries:
            out += [
                f"### [{md_text(entry.item.title)}]({entry.url})",
                "",
                f"*{md_text(entry.meta_line)}*",
                "",
                md_text(entry.item.summary),
                "",
            ]
            points = _key_learning(entry)
            if points:
                out += ["Key learning:", ""]
                out += [f"- {md_text(p)}" for p in points]
                out.append("")
            out += [f"[Read the learning]({entry.url})", ""]
    out += [f"All the learning: <{digest.base_url}>", ""]
    return "\n".join(out)


# Inline styles only: e-mail programs drop style sheets, scripts and classes.
_FONT = "font-family:Arial,Helvetica,sans-serif;"
_STYLE = {
    "h1": f"{_FONT}font-size:24px;line-height:1.3;color:#1a1a1a;margin:0 0 16px;",
    "h2": f"{_FONT}font-size:20px;line-height:1.3;color:#1a1a1a;margin:24px 0 8px;",
    "h3": f"{_FONT}font-size:18px;line-height:1.3;margin:20px 0 4px;",
    "p": f"{_FONT}font-size:16px;line-height:1.5;color:#1a1a1a;margin:0 0 12px;",
    "meta": f"{_FONT}font-size:14px;line-height:1.4;color:#4d4d4d;margin:0 0 8px;",
    "ul": f"{_FONT}font-size:16px;line-height:1.5;color:#1a1a1a;margin:0 0 12px;padding-left:24px;",
    "a": "color:#1a4f9c;text-decoration:underline;",
}


def _a(url: str, text: str) -> str:
    return f'<a href="{esc(url)}" style="{_STYLE["a"]}">{esc(text)}</a>'


def render_digest_html(digest: Digest) -> str:
    """The digest as e-mail-safe HTML: one column, inline styles, absolute links, no scripts."""
    rows: list[str] = [f'<h1 style="{_STYLE["h1"]}">{esc(digest.title)}</h1>']
    if not digest.new and not digest.updated:
        rows.append(f'<p style="{_STYLE["p"]}">Nothing new was published in this period.</p>')
    for heading, entries in (("New", digest.new), ("Updated", digest.updated)):
        if not entries:
            continue
        rows.append(f'<h2 style="{_STYLE["h2"]}">{heading}</h2>')
        for entry in entries:
            rows.append(f'<h3 style="{_STYLE["h3"]}">{_a(entry.url, entry.item.title)}</h3>')
            rows.append(f'<p style="{_STYLE["meta"]}">{esc(entry.meta_line)}</p>')
            rows.append(f'<p style="{_STYLE["p"]}">{esc(entry.item.summary)}</p>')
            points = _key_learning(entry)
            if points:
                rows.append(f'<p style="{_STYLE["p"]}"><strong>Key learning:</strong></p>')
                items = "".join(f"<li>{esc(p)}</li>" for p in points)
                rows.append(f'<ul style="{_STYLE["ul"]}">{items}</ul>')
            rows.append(f'<p style="{_STYLE["p"]}">{_a(entry.url, "Read the learning")}</p>')
    rows.append(
        f'<p style="{_STYLE["meta"]}">All the learning: {_a(digest.base_url, digest.site_name)}</p>'
    )
    content = "\n".join(rows)
    return (
        "<!doctype html>\n"
        '<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{esc(digest.title)}</title>\n</head>\n"
        '<body style="margin:0;padding:0;background:#ffffff;">\n'
        "<!-- Copy from here into the newsletter -->\n"
        '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0">'
        '<tr><td style="padding:16px;">\n'
        '<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" '
        'style="max-width:600px;width:100%;"><tr><td>\n'
        f"{content}\n"
        "</td></tr></table>\n</td></tr></table>\n"
        "<!-- Copy to here -->\n"
        "</body>\n</html>\n"
    )


# --------------------------------------------------------------------------------------------
# The site: a pack per theme, download links on theme pages, a print view per theme
# --------------------------------------------------------------------------------------------


def items_by_theme(site: Site) -> dict[str, list[Item]]:
    """The public items of each theme that has any, newest first, in the vocabulary's order."""
    grouped: dict[str, list[Item]] = {}
    for item in site.public:
        for theme in dict.fromkeys(item.themes):
            grouped.setdefault(theme, []).append(item)
    return {term.key: grouped[term.key] for term in site.vocab.themes if term.key in grouped}


def themes_with_learning(site: Site) -> list[str]:
    """The themes that have at least one public item, in the vocabulary's order."""
    return list(items_by_theme(site))


def pack_path(theme_key: str, fmt: str) -> str:
    """The site path of a theme's pack in one format: ``packs/neglect.docx``."""
    return f"{PACKS_DIR}/{theme_key}.{fmt}"


def print_path(theme_key: str) -> str:
    """The site path of a theme's one-document print view: ``themes/neglect/print/``."""
    return f"{theme_path(theme_key)}print/"


def site_base_url(site: Site) -> str:
    """The site's public address (``site_url``); ExportError if mkdocs.yml has none."""
    url = site_settings(site.root).site_url
    if not url:
        raise ExportError(
            "mkdocs.yml has no 'site_url': training packs and feeds need the site's public "
            "address for their permanent links; add 'site_url: https://...' to mkdocs.yml"
        )
    return url


def theme_pack(
    site: Site,
    theme_key: str,
    base_url: str | None = None,
    candidates: Iterable[Item] | None = None,
) -> Pack:
    """The pack of one theme, as the site offers it for download."""
    label = site.vocab.themes.label(theme_key)
    return build_pack(
        site,
        Scope(theme=theme_key),
        base_url or site_base_url(site),
        f"Training pack: {label}",
        candidates,
    )


def write_theme_packs(site: Site, site_dir: Path) -> None:
    """Write ``packs/<theme>.<format>`` for every theme with published learning."""
    base_url = site_base_url(site)
    out = site_dir / PACKS_DIR
    out.mkdir(parents=True, exist_ok=True)
    for key, items in items_by_theme(site).items():
        pack = theme_pack(site, key, base_url, items)
        for fmt in PACK_FORMATS:
            (out / f"{key}.{fmt}").write_bytes(render_pack(pack, fmt))


def pack_links_html(site: Site, page: str, theme_key: str) -> str:
    """The download links of a theme's training pack, for the theme's page (empty if none)."""
    if theme_key not in themes_with_learning(site):
        return ""
    label = site.vocab.themes.label(theme_key)
    links = "".join(
        f'<li><a href="{esc(relative_url(page, pack_path(theme_key, fmt)))}" download>'
        f'{esc(text)}<span class="lif-visually-hidden">: {esc(label)} training pack</span></a></li>'
        for fmt, text in FORMAT_LABELS.items()
    )
    print_link = (
        f'<a href="{esc(relative_url(page, print_path(theme_key)))}">Print this theme'
        f'<span class="lif-visually-hidden">: {esc(label)}</span></a>'
    )
    return (
        f'<section class="lif-packs" aria-labelledby="training-pack-{esc(theme_key)}">\n'
        f'<h2 id="training-pack-{esc(theme_key)}">Training pack</h2>\n'
        "<p>The learning on this theme in one file, with permanent links to every item and "
        "learning point, for course material and handouts. "
        f"{print_link} gives it as one document to print.</p>\n"
        f'<ul class="lif-pack-links">{links}</ul>\n</section>\n'
    )


def render_print_page(site: Site, theme_key: str, candidates: Iterable[Item] | None = None) -> str:
    """The Markdown source of a theme's print view: all its learning in one document."""
    page = print_path(theme_key)
    base_url = site_base_url(site)
    pack = theme_pack(site, theme_key, base_url, candidates)
    label = site.vocab.themes.label(theme_key)
    meta = {
        "title": f"{label}: the learning in one document",
        "description": f"All the published learning on {label.lower()}, to print as a handout.",
        "hide": ["navigation", "toc"],
    }
    parts = [
        page_front_matter(meta),
        f"# {esc(label)}: the learning in one document\n\n",
        '<div class="lif-print-theme" data-pagefind-ignore="all">\n',
        f'<p class="lif-print-intro">{esc(pack.counts)} on {esc(label.lower())} from the '
        f"{esc(pack.site_name)}, as of {time_tag(site.today)}. The addresses printed below are "
        "permanent: readers can type them to find each item and learning point.</p>\n",
        '<p class="lif-print-actions">'
        '<button type="button" class="md-button md-button--primary" data-lif-print hidden>'
        "Print this page</button> "
        f"{_page_link(page, theme_path(theme_key), f'Back to {label}')}</p>\n",
    ]
    shown = pack.items[:PRINT_LIMIT]
    if len(shown) < len(pack.items):
        word = _page_link(page, pack_path(theme_key, "docx"), "Word document of the training pack")
        parts.append(
            f'<p class="lif-print-limit">This view has the newest {len(shown)} of the '
            f"{len(pack.items)} items on {esc(label.lower())}: a handout longer than that is "
            f"not read. The {word} has them all.</p>\n"
        )
    for entry in shown:
        parts.append(_print_item(page, entry))
    parts.append("</div>\n")
    return "".join(parts)


def _page_link(page: str, to: str, text: str) -> str:
    return f'<a href="{esc(relative_url(page, to))}">{esc(text)}</a>'


def _print_url(url: str) -> str:
    return f'<span class="lif-print-url">{esc(url)}</span>'


def _print_item(page: str, entry: PackItem) -> str:
    item = entry.item
    path = item_path(item)
    out = [
        f'<article class="lif-print-item" aria-labelledby="print-{esc(item.id)}">\n',
        f'<h2 id="print-{esc(item.id)}">{_page_link(page, path, item.title)}</h2>\n',
        f'<p class="lif-print-meta">{esc(entry.meta_line)}</p>\n',
        f'<p class="lif-print-address">{_print_url(entry.url)}</p>\n',
        f"<p>{esc(item.summary)}</p>\n",
    ]
    if entry.learning:
        points = "".join(
            "<li>"
            + (f"<strong>{esc(run_in(p.title))}</strong> " if p.title else "")
            + f"{esc(p.text)} {_print_url(p.url)}</li>"
            for p in entry.learning
        )
        out.append(f"<h3>Key learning</h3>\n<ol>{points}</ol>\n")
    if entry.questions:
        questions = "".join(f"<li>{esc(q.text)}</li>" for q in entry.questions)
        out.append(f"<h3>Questions for your team</h3>\n<ol>{questions}</ol>\n")
    out.append(f'<p class="lif-print-cite">Cite as: {esc(entry.citation)}</p>\n</article>\n')
    return "".join(out)


def theme_print_pages(site: Site) -> Iterable[GeneratedPage]:
    """One print view per theme with published learning, at ``themes/<key>/print/``."""
    for key, items in items_by_theme(site).items():
        yield GeneratedPage(
            f"{print_path(key).rstrip('/')}.md", render_print_page(site, key, items)
        )


# --------------------------------------------------------------------------------------------
# ``lif export``
# --------------------------------------------------------------------------------------------


def _term(vocab: Vocabulary, value: str | None, option: str) -> str | None:
    if value is None:
        return None
    key = vocab.resolve(value)
    if key is not None:
        return key
    raise ExportError(f"{option}: {vocab.unknown_message(value)}")


def _date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ExportError(
            f"{option}: '{value}' is not a date; write it as YYYY-MM-DD, like 2024-03-31"
        ) from None


def scope_from_args(site: Site, args: argparse.Namespace) -> Scope:
    """The scope the options name, with vocabulary aliases resolved; ExportError if bad."""
    vocab = site.vocab
    scope = Scope(
        theme=_term(vocab.themes, args.theme, "--theme"),
        review_type=_term(vocab.review_types, args.review_type, "--review-type"),
        board=_term(vocab.boards, args.board, "--board"),
        start=_date(args.date_from, "--from"),
        end=_date(args.date_to, "--to"),
    )
    if scope.start and scope.end and scope.start > scope.end:
        raise ExportError(f"--from {scope.start} is after --to {scope.end}")
    return scope


def parse_formats(value: str) -> list[str]:
    formats = [f.strip().lower().lstrip(".") for f in value.split(",") if f.strip()]
    unknown = [f for f in formats if f not in PACK_FORMATS]
    if unknown or not formats:
        raise ExportError(
            f"--format: unknown format {', '.join(unknown) or '(none)'}; "
            f"give one or more of {','.join(PACK_FORMATS)}, separated by commas"
        )
    return list(dict.fromkeys(formats))


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "export",
        help="write a training pack (or, with --digest, a newsletter digest) of published learning",
        description=(
            "Write the published learning of a theme, review type, board or date range as a "
            "training pack (Markdown, CSV, JSON, Word), each item and learning point with its "
            "permanent link. With --digest, write what was published in the date range as "
            "Markdown and e-mail-safe HTML for a newsletter. Drafts and embargoed items are "
            "never included."
        ),
    )
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the project folder")
    parser.add_argument("--theme", help="a theme key or alias, like 'neglect'")
    parser.add_argument(
        "--review-type", help="a review type key, like 'safeguarding-adults-review'"
    )
    parser.add_argument("--board", help="a board key: children, adults or both")
    parser.add_argument(
        "--from", dest="date_from", metavar="YYYY-MM-DD", help="published on or after this date"
    )
    parser.add_argument(
        "--to",
        dest="date_to",
        metavar="YYYY-MM-DD",
        help="published on or before this date (digest default: today)",
    )
    parser.add_argument(
        "--format",
        default=",".join(PACK_FORMATS),
        help=f"pack formats, comma-separated (default: {','.join(PACK_FORMATS)})",
    )
    parser.add_argument(
        "--digest",
        action="store_true",
        help="write a newsletter digest of the date range instead of a pack",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("exports"),
        help="the folder to write into (default: ./exports)",
    )
    parser.add_argument(
        "--base-url",
        help="the site's public address for links (default: site_url in mkdocs.yml)",
    )
    parser.set_defaults(func=run_export)


def run_export(args: argparse.Namespace) -> int:
    from .site import load_site

    root: Path = args.root.resolve()
    site = load_site(root)
    if site.errors:
        print(
            f"lif export: the content has {len(site.errors)} error(s); run 'lif check' and fix "
            "them first. Nothing was exported.",
            file=sys.stderr,
        )
        return 1
    try:
        scope = scope_from_args(site, args)
        formats = parse_formats(args.format)
        base_url = args.base_url or site_base_url(site)
    except ExportError as exc:
        print(f"lif export: {exc}", file=sys.stderr)
        return 1
    if not base_url.startswith(("https://", "http://")):
        print(f"lif export: --base-url '{base_url}' must start with https://", file=sys.stderr)
        return 1
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    if args.digest:
        if scope.start is None:
            scope = Scope(
                scope.theme,
                scope.review_type,
                scope.board,
                (scope.end or site.today) - dt.timedelta(days=30),
                scope.end,
            )
        digest = build_digest(site, scope, base_url)
        stem = f"digest-{digest.start.isoformat()}-to-{digest.end.isoformat()}"
        if scope.theme or scope.review_type or scope.board:
            stem += "_" + Scope(scope.theme, scope.review_type, scope.board).slug()
        for name, text in (
            (f"{stem}.md", render_digest_markdown(digest)),
            (f"{stem}.html", render_digest_html(digest)),
        ):
            (out / name).write_text(text, encoding="utf-8")
            written.append(out / name)
        count = f"{len(digest.new)} new, {len(digest.updated)} updated"
    else:
        pack = build_pack(site, scope, base_url)
        stem = f"training-pack-{scope.slug()}"
        for fmt in formats:
            (out / f"{stem}.{fmt}").write_bytes(render_pack(pack, fmt))
            written.append(out / f"{stem}.{fmt}")
        count = f"{len(pack.items)} item(s)"
    for path in written:
        print(path)
    print(f"lif export: {count}; wrote {len(written)} file(s) in {out}", file=sys.stderr)
    return 0


def render_pack_index(site: Site, page: str) -> str:
    """Every theme's training pack and print view, as a table for the trainers' page."""
    keys = themes_with_learning(site)
    if not keys:
        return '<p class="lif-empty">No learning has been published yet.</p>'
    rows = []
    for key in keys:
        label = site.vocab.themes.label(key)
        count = sum(key in item.themes for item in site.public)
        downloads = " · ".join(
            f'<a href="{esc(relative_url(page, pack_path(key, fmt)))}" download>.{fmt}'
            f'<span class="lif-visually-hidden">: {esc(label)} training pack, '
            f"{esc(FORMAT_LABELS[fmt])}</span></a>"
            for fmt in FORMAT_LABELS
        )
        rows.append(
            f'<tr><th scope="row">{_page_link(page, theme_path(key), label)}</th>'
            f"<td>{count}</td><td>{downloads}</td>"
            f"<td>{_page_link(page, print_path(key), 'Print view')}"
            f'<span class="lif-visually-hidden">: {esc(label)}</span></td></tr>'
        )
    return (
        '<table class="lif-pack-index"><thead><tr><th scope="col">Theme</th>'
        '<th scope="col">Items</th><th scope="col">Training pack</th>'
        f'<th scope="col">Print</th></tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )
