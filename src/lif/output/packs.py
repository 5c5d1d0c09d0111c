"""Training packs written in their formats: Markdown, CSV, JSON and Word."""

from __future__ import annotations

import csv
import dataclasses
import gc
import io
import json
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from docx.document import Document as DocxDocument
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

from lif.index.packs import Pack, PackItem, items_by_theme, run_in, site_base_url, theme_pack
from lif.index.site import Site
from lif.model.paths import PACK_FORMATS, PACKS_DIR, pack_path
from lif.model.publication import fmt_date
from lif.output.files import confined, make_folder, write_bytes
from lif.output.sheets import spreadsheet_cell
from lif.output.word import (
    Fragment,
    add_fragment,
    add_heading,
    add_hyperlink,
    add_hyperlink_style,
    add_list_paragraph,
    add_table,
    darken_headings,
    document_bytes,
    keep_rows_whole,
    new_document,
    new_numbered_list,
    repeat_header_row,
    set_column_widths,
    set_properties,
    write_fragment,
    xml_text,
)

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


#: The columns of a review's recommendations table in a Word pack.
RECOMMENDATION_COLUMNS = ("No.", "Recommendation", "Lead agency", "Stage")


#: Widths of those columns, in centimetres: together the text width of the page (A4, 2 cm margins).
RECOMMENDATION_WIDTHS = (1.2, 9.0, 3.6, 3.2)


def render_pack_docx(pack: Pack, entries: WordEntries | None = None) -> bytes:
    """The pack as a Word document, written with python-docx.

    The title and each item's sections are headings (Word's navigation pane and a screen
    reader's heading list show them); learning points and questions are numbered lists that
    restart at 1 for each item; a review's recommendations are a table with a repeated header
    row; every link's text says where it goes; the citation's address is a link. The same pack
    gives the same bytes.

    ``entries`` holds item entries written once for several packs (:class:`WordEntries`); the
    document is the same, to the byte, as without it.
    """
    doc = new_document()
    set_properties(
        doc,
        title=pack.title,
        subject=pack.scope_label,
        description=f"{pack.counts} from the {pack.site_name}, exported {fmt_date(pack.exported)}.",
        author=pack.site_name,
        date=pack.exported,
        language="en-GB",
    )
    add_hyperlink_style(doc)
    darken_headings(doc)
    _set_page(doc)
    add_heading(doc, xml_text(pack.title), level=0)
    for label, value in (
        ("Scope", pack.scope_label),
        ("Contents", pack.counts),
        ("Exported", fmt_date(pack.exported)),
    ):
        _labelled(add_list_paragraph(doc, "List Bullet"), label, value)
    source = add_list_paragraph(doc, "List Bullet")
    source.add_run("From: ").bold = True
    add_hyperlink(source, pack.site_name, pack.base_url)
    source.add_run(f" ({pack.base_url})")
    doc.add_paragraph(
        "Every title links to the item's permanent page and every learning point to its own "
        "place on that page. These links do not change: use them in slides and handouts."
    )
    if not pack.items:
        doc.add_paragraph("Nothing published matches this pack yet.")
    for entry in pack.items:
        if entries is None:
            _docx_item(doc, entry)
        else:
            entries.add(doc, entry)
    return document_bytes(doc)


def _set_page(doc: DocxDocument) -> None:
    """A pack's page: A4 with 2 cm margins; its text Arial 12 pt."""
    page = doc.sections[0]
    page.page_width, page.page_height = Cm(21), Cm(29.7)
    page.left_margin = page.right_margin = page.top_margin = page.bottom_margin = Cm(2)
    body = doc.styles["Normal"].font
    body.name, body.size = "Arial", Pt(12)


class WordEntries:
    """The entry of each item in Word packs, written once and copied into every pack that
    holds the item (python-docx's work is most of a pack's time; an item is in two or three
    theme packs on average).

    ``uses`` counts, by item id, the packs that will take each item: after its last use an
    entry is let go of. Items without a count are kept until this object is. The entries of
    one item must be the same in every pack (packs of one site and address, as the site's theme
    packs are).
    """

    def __init__(self, uses: Counter[str] | None = None) -> None:
        self._scratch = new_document()
        _set_page(self._scratch)
        self._uses: Counter[str] = Counter(uses or {})
        self._written: dict[str, Fragment] = {}

    def add(self, doc: DocxDocument, entry: PackItem) -> None:
        """Add the item's entry at the end of ``doc``, as :func:`render_pack_docx` writes it."""
        key = entry.item.id
        fragment = self._written.get(key)
        if fragment is None:
            fragment = write_fragment(self._scratch, lambda scratch: _docx_item(scratch, entry))
            self._written[key] = fragment
        add_fragment(doc, fragment)
        if key in self._uses:
            self._uses[key] -= 1
            if self._uses[key] <= 0:
                del self._uses[key], self._written[key]


def _labelled(paragraph: Paragraph, label: str, value: str) -> None:
    paragraph.add_run(f"{label}: ").bold = True
    paragraph.add_run(xml_text(value))


def _docx_item(doc: DocxDocument, entry: PackItem) -> None:
    """One item of a Word pack: its linked title, facts, summary, learning and citation."""
    title = xml_text(entry.item.title)
    add_hyperlink(add_heading(doc, level=1), title, entry.url)
    doc.add_paragraph().add_run(xml_text(entry.meta_line)).italic = True
    doc.add_paragraph(xml_text(entry.item.summary))
    if entry.learning:
        add_heading(doc, "Key learning", level=2)
        num_id = new_numbered_list(doc)
        for point in entry.learning:
            paragraph = add_list_paragraph(doc, "List Number", num_id)
            if point.title:
                paragraph.add_run(xml_text(run_in(point.title)) + " ").bold = True
            paragraph.add_run(xml_text(point.text) + " ")
            add_hyperlink(paragraph, f"Read point {point.number} of {title}", point.url)
    if entry.recommendations:
        add_heading(doc, "Recommendations", level=2)
        _docx_recommendations(doc, entry)
    if entry.questions:
        add_heading(doc, "Questions for your team", level=2)
        num_id = new_numbered_list(doc)
        for q in entry.questions:
            add_list_paragraph(doc, "List Number", num_id).add_run(xml_text(q.text))
        add_hyperlink(doc.add_paragraph(), f"The questions on the page of {title}", q.url)
    cite = doc.add_paragraph()
    cite.paragraph_format.space_before = Pt(12)
    cite.add_run("Cite as: ").bold = True
    cite.add_run(xml_text(entry.citation.removesuffix(entry.url)))
    add_hyperlink(cite, entry.url, entry.url)


def _docx_recommendations(doc: DocxDocument, entry: PackItem) -> None:
    """A review's recommendations as a table: number, text, lead agency, effective stage."""
    table = add_table(doc, 1, len(RECOMMENDATION_COLUMNS), "Table Grid")
    table.autofit = False
    for cell, heading in zip(table.rows[0].cells, RECOMMENDATION_COLUMNS, strict=True):
        cell.paragraphs[0].add_run(heading).bold = True
    repeat_header_row(table)
    for rec in entry.recommendations:
        row = table.add_row().cells  # type: ignore[no-untyped-call]
        row[0].text = str(rec.number)
        row[1].text = xml_text(rec.text)
        row[2].text = xml_text(rec.lead_agency) or "Not recorded"
        row[3].text = rec.stage
    keep_rows_whole(table)
    set_column_widths(table, [Cm(width) for width in RECOMMENDATION_WIDTHS])


def render_pack(pack: Pack, fmt: str) -> bytes:
    """The pack in one of :data:`PACK_FORMATS`, as the bytes of its file."""
    if fmt == "docx":
        return render_pack_docx(pack)
    text = {"md": render_pack_markdown, "csv": render_pack_csv, "json": render_pack_json}[fmt](pack)
    return text.encode("utf-8")


def theme_packs(site: Site) -> list[tuple[str, Pack]]:
    """The pack of every theme with published learning, by theme key, in the vocabulary's
    order. An item's entry is one object in every pack that holds it (they are equal), so that
    it is held, and pickled, once. Raises :class:`lif.index.packs.ExportError` if
    ``mkdocs.yml`` has no ``site_url``."""
    base_url = site_base_url(site)
    shared: dict[str, PackItem] = {}
    packs = []
    for key, items in items_by_theme(site).items():
        pack = theme_pack(site, key, base_url, items)
        entries = tuple(shared.setdefault(entry.item.id, entry) for entry in pack.items)
        packs.append((key, dataclasses.replace(pack, items=entries)))
    return packs


def write_theme_packs(site: Site, site_dir: Path) -> None:
    """Write ``packs/<theme>.<format>`` for every theme with published learning."""
    write_packs(theme_packs(site), site_dir)


def write_packs(packs: Iterable[tuple[str, Pack]], site_dir: Path) -> None:
    """Write ``packs/<key>.<format>`` for each pack, by its key; each item's Word entry is
    written once for all the packs that hold it (:class:`WordEntries`).

    A python-docx document is a cycle of objects, freed only by the garbage collector, which
    otherwise keeps several packs' documents at once: the objects alive before the packs are
    set aside (``gc.freeze``) and each Word pack is collected once written, a collection that
    then looks at that pack's objects only.
    """
    packs = list(packs)
    make_folder(confined(site_dir, PACKS_DIR))
    entries = WordEntries(Counter(entry.item.id for _, pack in packs for entry in pack.items))
    gc.freeze()
    try:
        for key, pack in packs:
            for fmt in PACK_FORMATS:
                if fmt == "docx":
                    data = render_pack_docx(pack, entries)
                    gc.collect()
                else:
                    data = render_pack(pack, fmt)
                write_bytes(site_dir, pack_path(key, fmt), data)
    finally:
        gc.unfreeze()
