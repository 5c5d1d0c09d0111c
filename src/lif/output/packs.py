"""Training packs written in their formats: Markdown, CSV, JSON and Word."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

from lif.index.packs import Pack, PackItem, items_by_theme, run_in, site_base_url, theme_pack
from lif.index.site import Site
from lif.model.paths import PACK_FORMATS, PACKS_DIR, pack_path
from lif.model.publication import fmt_date
from lif.output.files import confined, make_folder, write_bytes
from lif.output.sheets import spreadsheet_cell
from lif.output.worddoc import Link, Run, WordDocument

#: The version of the JSON layout of a pack; it changes only when a field changes meaning.
JSON_VERSION = 1


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


def write_theme_packs(site: Site, site_dir: Path) -> None:
    """Write ``packs/<theme>.<format>`` for every theme with published learning."""
    base_url = site_base_url(site)
    make_folder(confined(site_dir, PACKS_DIR))
    for key, items in items_by_theme(site).items():
        pack = theme_pack(site, key, base_url, items)
        for fmt in PACK_FORMATS:
            write_bytes(site_dir, pack_path(key, fmt), render_pack(pack, fmt))
