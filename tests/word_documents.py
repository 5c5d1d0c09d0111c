"""Word documents for the import tests, made with python-docx as a board officer's would be.

python-docx writes headings, list paragraphs (Word's "List Bullet 2" and "List Number 2" styles
are the second level), tables and pictures itself; hyperlinks and footnotes are added here as the
WordprocessingML that Word writes for them (ECMA-376 Part 1, 17.16.22 and 17.11).
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from pathlib import Path

import docx
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.text.paragraph import Paragraph

#: The seven headings of a seven-minute briefing, as a board officer writes them in Word.
SEVEN_HEADINGS = (
    "Background",
    "Why it matters",
    "What was found",
    "Key learning",
    "Things to remember",
    "Questions to reflect on",
    "What to do",
)

#: A one-pixel PNG, for a document with a picture.
PIXEL_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)

_FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"

#: Word's multilevel lists: a list is a ``w:num`` over an abstract numbering with a format per
#: level, and a paragraph says its level with ``w:ilvl`` (Word sets it when Tab is pressed).
_LIST_FORMATS = {"bullet": ("bullet", "\u2022"), "number": ("decimal", "%1.")}
_LIST_IDS = {"bullet": 90, "number": 91}


def _add_list_numbering(document: Document) -> None:
    numbering = document.part.numbering_part.element
    if numbering.find(qn("w:num") + "[@" + qn("w:numId") + '="90"]') is not None:
        return
    first_num = numbering.find(qn("w:num"))
    for kind, number_id in _LIST_IDS.items():
        fmt, text = _LIST_FORMATS[kind]
        levels = "".join(
            f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text.replace("1", str(level + 1))}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{720 * (level + 1)}" w:hanging="360"/></w:pPr></w:lvl>'
            for level in range(3)
        )
        abstract = parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{number_id}">'
            f'<w:multiLevelType w:val="hybridMultilevel"/>{levels}</w:abstractNum>'
        )
        first_num.addprevious(abstract)
        numbering.append(
            parse_xml(
                f'<w:num {nsdecls("w")} w:numId="{number_id}">'
                f'<w:abstractNumId w:val="{number_id}"/></w:num>'
            )
        )


def add_list_item(document: Document, text: str, kind: str = "bullet", level: int = 0) -> None:
    """A paragraph of a bulleted or numbered list at ``level`` (0 or 1), as Word writes it."""
    _add_list_numbering(document)
    paragraph = document.add_paragraph(text, style="List Paragraph")
    paragraph._p.get_or_add_pPr().append(
        parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/>'
            f'<w:numId w:val="{_LIST_IDS[kind]}"/></w:numPr>'
        )
    )


def add_hyperlink(paragraph: Paragraph, text: str, url: str) -> None:
    """Append a link to ``url`` reading ``text`` (a ``w:hyperlink`` with an external target)."""
    r_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = parse_xml(
        f'<w:hyperlink {nsdecls("w", "r")} r:id="{r_id}"><w:r><w:rPr>'
        f'<w:rStyle w:val="Hyperlink"/></w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>'
        "</w:hyperlink>"
    )
    paragraph._p.append(link)


def add_footnotes(document: Document, paragraph: Paragraph, notes: Sequence[str]) -> None:
    """Give ``paragraph`` a footnote reference for each note, and the document its footnotes."""
    bodies = "".join(
        f'<w:footnote w:id="{n}"><w:p><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/>'
        f'</w:rPr><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {text}</w:t></w:r>'
        "</w:p></w:footnote>"
        for n, text in enumerate(notes, start=1)
    )
    xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes {nsdecls("w")}>'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
        '</w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
        f"<w:continuationSeparator/></w:r></w:p></w:footnote>{bodies}</w:footnotes>"
    )
    part = Part(
        PackURI("/word/footnotes.xml"), _FOOTNOTES_TYPE, xml.encode("utf-8"), document.part.package
    )
    document.part.relate_to(part, RT.FOOTNOTES)
    for n in range(1, len(notes) + 1):
        paragraph._p.append(
            parse_xml(
                f'<w:r {nsdecls("w")}><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
                f'<w:footnoteReference w:id="{n}"/></w:r>'
            )
        )


def set_core(document: Document, title: str = "") -> None:
    """Clear the author python-docx's template names, and set the document's title."""
    document.core_properties.author = ""
    document.core_properties.last_modified_by = ""
    document.core_properties.title = title


def seven_minute_briefing(
    path: Path,
    *,
    title: str = "Seven-minute briefing: Adult K",
    body_lines: Sequence[str] = (),
    picture: bool = False,
) -> Path:
    """A seven-minute briefing as board staff write one: a title, the seven headings (Heading 1)
    each with a paragraph, bulleted and numbered lists nested two levels, a table, a link and
    footnotes. ``body_lines`` are extra paragraphs under "What was found"."""
    document = docx.Document()
    set_core(document)
    document.add_heading(title, level=0)
    for number, heading in enumerate(SEVEN_HEADINGS, start=1):
        document.add_heading(f"{number}. {heading}", level=1)
        paragraph = document.add_paragraph(f"Text of section {number}, {heading.lower()}.")
        if heading == "Background":
            paragraph.add_run(" See the ")
            add_hyperlink(paragraph, "multi-agency procedures", "https://example.org/procedures")
            paragraph.add_run(".")
            add_footnotes(document, paragraph, ["Procedures as they stood in 2024."])
        if heading == "What was found":
            for line in body_lines:
                document.add_paragraph(line)
            add_list_item(document, "Self-neglect went unrecognised")
            add_list_item(document, "Carers were refused entry", level=1)
            add_list_item(document, "No one asked why", level=1)
            add_list_item(document, "Information was not shared")
            if picture:
                document.add_picture(io.BytesIO(PIXEL_PNG))
        if heading == "Key learning":
            table = document.add_table(rows=3, cols=2)
            for row, cells in zip(
                table.rows,
                [("Agency", "Learning"), ("Police", "Record refusals"), ("GP", "Ask twice")],
                strict=True,
            ):
                for cell, text in zip(row.cells, cells, strict=True):
                    cell.text = text
        if heading == "What to do":
            add_list_item(document, "Read the review", "number")
            add_list_item(document, "Note what applies to you", "number", level=1)
            add_list_item(document, "Talk it through with your team", "number")
    document.save(str(path))
    return path


def simple_document(path: Path, paragraphs: Sequence[str], *, title: str = "") -> Path:
    """A document of a title (when given) and plain paragraphs."""
    document = docx.Document()
    set_core(document, title)
    if title:
        document.add_heading(title, level=0)
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))
    return path


def has_footnote_part(path: Path) -> bool:
    """True if the saved document at ``path`` has footnotes (a sanity check of this helper)."""
    document = docx.Document(str(path))
    return any(rel.reltype == RT.FOOTNOTES for rel in document.part.rels.values()) and bool(
        document.element.body.findall(".//" + qn("w:footnoteReference"))
    )
