"""Word (.docx) documents over python-docx: lists, links, header rows and reproducible files.

python-docx writes the document, its styles, numbering and properties. It has no call for an
external hyperlink, a list that restarts at 1, or a table row that repeats as a header or may
not break across pages; those are a few WordprocessingML elements (ECMA-376 Part 1:
``w:hyperlink``, ``w:num`` with ``w:lvlOverride``, ``w:tblHeader``, ``w:cantSplit``), added here
over its ``oxml`` layer and nowhere else.

A pack holds thousands of paragraphs. python-docx looks a style up by name among all the
template's styles for every paragraph given a style, scans every relationship of the document
for every link, and reads the page size from the whole body for every table: time that grows
with the square of the document. The functions here (:func:`add_paragraph`, :func:`add_heading`,
:func:`add_table`, :func:`add_hyperlink`, :func:`add_list_paragraph`) look each of those up once
per document and write the same elements python-docx writes.

The same item is in several packs. :func:`write_fragment` writes a part of a document once, with
python-docx, in a scratch document; :func:`add_fragment` copies its elements into a document and
remakes there what they refer to outside themselves (each link's relationship, each list's
numbering instance), in the order writing them there would have made them: the document is the
same, to the byte, as one written directly.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import weakref
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import docx
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Emu, Length, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree  # type: ignore[import-untyped]  # python-docx's own XML library

#: The character style of links (Word's built-in name, so Word treats it as its own).
HYPERLINK_STYLE = "Hyperlink"


#: The colour of link text: dark blue, 8.6:1 against white (WCAG 2.2 AA asks for 4.5:1).
HYPERLINK_COLOUR = RGBColor(0x1A, 0x4F, 0x9C)


#: The colour of headings: the template's Heading 1 blue, 6.6:1 against white. The template's
#: lighter Heading 2 and 3 blue (4F81BD, 4.0:1) is too pale for text of their size.
HEADING_COLOUR = RGBColor(0x36, 0x5F, 0x91)


#: A fixed time for every part of the zip, so that the same content gives the same bytes.
ZIP_TIME = (2000, 1, 1, 0, 0, 0)


# Characters XML 1.0 cannot hold at all; python-docx refuses text that has any.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


#: Parts of python-docx's template that a pack has no use for: a thumbnail picture of an empty
#: page (file browsers would show it for every pack), Word 2010's duplicate of the styles, and an
#: empty store of bibliography sources. Each is optional in a package (ECMA-376 Part 2).
UNUSED_TEMPLATE_PARTS = frozenset(
    {
        RELATIONSHIP_TYPE.THUMBNAIL,
        "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
        RELATIONSHIP_TYPE.CUSTOM_XML,
    }
)


def new_document() -> Document:
    """A document on python-docx's default template, less :data:`UNUSED_TEMPLATE_PARTS`."""
    document = docx.Document()
    for rels in (document.part.package.rels, document.part.rels):
        for rel_id, rel in list(rels.items()):
            if rel.reltype in UNUSED_TEMPLATE_PARTS:
                del rels[rel_id]
    return document


def xml_text(value: str) -> str:
    """Text without the control characters that XML 1.0 cannot hold."""
    return _INVALID_XML.sub("", value)


def add_hyperlink_style(document: Document) -> None:
    """Add the "Hyperlink" character style (underlined, dark blue) if the template lacks it."""
    if any(style.name == HYPERLINK_STYLE for style in document.styles):
        return
    style = document.styles.add_style(HYPERLINK_STYLE, WD_STYLE_TYPE.CHARACTER)
    style.font.underline = True
    style.font.color.rgb = HYPERLINK_COLOUR


def darken_headings(document: Document) -> None:
    """Give Heading 1 to 3 :data:`HEADING_COLOUR` (WCAG 2.2, 1.4.3 Contrast (Minimum))."""
    for level in (1, 2, 3):
        document.styles[f"Heading {level}"].font.color.rgb = HEADING_COLOUR


@dataclass
class _Lookups:
    """What a document's helpers look up once: style ids by name, list numbering by style,
    link relationships by address, and the width of the text block."""

    style_ids: dict[tuple[str, Any], str | None] = field(default_factory=dict)
    num_ids: dict[str, int] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)
    next_rel: int = 1
    block_width: Length | None = None


#: The lookups of each document being written, by its main part (dropped with the document).
_LOOKUPS: weakref.WeakKeyDictionary[Any, _Lookups] = weakref.WeakKeyDictionary()


def _lookups(document: Document) -> _Lookups:
    part = document.part
    found = _LOOKUPS.get(part)
    if found is None:
        found = _LOOKUPS[part] = _Lookups()
    return found


def _style_id(document: Document, name: str, kind: WD_STYLE_TYPE) -> str | None:
    """The id of the style called ``name`` (None for the default style of its kind), as
    python-docx finds it, once per document."""
    ids = _lookups(document).style_ids
    if (name, kind) not in ids:
        ids[(name, kind)] = document.part.get_style_id(name, kind)  # type: ignore[no-untyped-call]
    return ids[(name, kind)]


def add_paragraph(document: Document, text: str = "", style: str | None = None) -> Paragraph:
    """A paragraph added at the end of the document, with ``text`` in one run and the paragraph
    style called ``style`` (as ``document.add_paragraph(text, style)``)."""
    paragraph = document.add_paragraph(text)
    if style is not None:
        paragraph._p.style = _style_id(document, style, WD_STYLE_TYPE.PARAGRAPH)
    return paragraph


def add_heading(document: Document, text: str = "", level: int = 1) -> Paragraph:
    """A heading added at the end of the document: "Title" for level 0, else "Heading <level>"
    (as ``document.add_heading(text, level)``)."""
    return add_paragraph(document, text, "Title" if level == 0 else f"Heading {level}")


def add_table(document: Document, rows: int, cols: int, style: str) -> Table:
    """A table of ``rows`` by ``cols`` added at the end of the document, as wide as the text
    block, with the table style called ``style`` (as ``document.add_table`` and
    ``table.style``). Set the page size and margins before the first table."""
    lookups = _lookups(document)
    if lookups.block_width is None:
        section = document.sections[-1]
        width = (section.page_width or 0) - (section.left_margin or 0)
        lookups.block_width = Emu(width - (section.right_margin or 0))
    table: Table = document._body.add_table(rows, cols, lookups.block_width)
    table._tbl.tblStyle_val = _style_id(document, style, WD_STYLE_TYPE.TABLE)
    return table


def _link_rel(part: Any, url: str) -> str:
    """The id of the external relationship of the document ``part`` to ``url``: the one made
    before for the same address, else a new one with the lowest free ``rId<n>`` (as
    python-docx's ``relate_to`` names them)."""
    lookups = _LOOKUPS.get(part) or _LOOKUPS.setdefault(part, _Lookups())
    if url not in lookups.links:
        rels = part.rels
        while f"rId{lookups.next_rel}" in rels:
            lookups.next_rel += 1
        rel_id = f"rId{lookups.next_rel}"
        rels.add_relationship(RELATIONSHIP_TYPE.HYPERLINK, url, rel_id, is_external=True)
        lookups.links[url] = rel_id
    return lookups.links[url]


def add_hyperlink(paragraph: Paragraph, text: str, url: str) -> None:
    """Append a link to ``url`` (an absolute address), shown as ``text``, to ``paragraph``.

    The address is an external relationship of the document part, one per address; the run
    carries the "Hyperlink" character style (see :func:`add_hyperlink_style`).
    """
    rel_id = _link_rel(paragraph.part, url)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel_id)
    link.set(qn("w:history"), "1")
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), HYPERLINK_STYLE.replace(" ", ""))
    props.append(style)
    run.append(props)
    content = OxmlElement("w:t")
    content.set(qn("xml:space"), "preserve")
    content.text = xml_text(text)
    run.append(content)
    link.append(run)
    paragraph._p.append(link)


def _style_num_id(document: Document, style_name: str) -> int:
    """The numbering instance that a list style of the template names."""
    num_ids = _lookups(document).num_ids
    if style_name not in num_ids:
        props = document.styles[style_name].element.pPr
        if props is None or props.numPr is None or props.numPr.numId is None:
            raise ValueError(f"the template's {style_name!r} style has no numbering")
        num_ids[style_name] = int(props.numPr.numId.val)
    return num_ids[style_name]


def new_numbered_list(document: Document, style_name: str = "List Number") -> int:
    """A new numbering instance of the list style's definition, restarting at 1: its ``numId``.

    Each list of learning points gets its own, so that every list counts from 1.
    """
    numbering = document.part.numbering_part.element
    abstract_id = numbering.num_having_numId(_style_num_id(document, style_name)).abstractNumId.val
    return _restarted_list(document, int(abstract_id))


def _restarted_list(document: Document, abstract_id: int) -> int:
    """A new numbering instance of the definition ``abstract_id``, restarting at 1."""
    num = document.part.numbering_part.element.add_num(abstract_id)
    num.add_lvlOverride(ilvl=0).add_startOverride(1)
    return int(num.numId)


def add_list_paragraph(document: Document, style_name: str, num_id: int | None = None) -> Paragraph:
    """A paragraph of a list style ("List Number", "List Bullet") with its numbering set.

    ``num_id`` is the list it belongs to (from :func:`new_numbered_list`); by default the style's
    own. The paragraph names its numbering (``w:numPr``) itself, so readers that ignore the
    style's numbering still see a list.
    """
    paragraph = add_paragraph(document, style=style_name)
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = (
        num_id if num_id is not None else _style_num_id(document, style_name)
    )
    return paragraph


@dataclass(frozen=True)
class Fragment:
    """Body elements (paragraphs, tables) written once, to be copied into documents.

    ``xml`` holds each element as XML text (a few kilobytes; the elements themselves take ten
    times that, and a build holds the entries of thousands of items between the packs that
    take them). ``links`` gives the address of each link's relationship id in the scratch
    document, and ``lists`` the numbering definition of each list the fragment made for itself
    (:func:`new_numbered_list`), by its numbering id; both are remade in each document it is
    copied into.
    """

    xml: tuple[bytes, ...]
    links: dict[str, str]
    lists: dict[int, int]


def write_fragment(scratch: Document, write: Callable[[Document], None]) -> Fragment:
    """What ``write`` adds at the end of the ``scratch`` document's body, taken out of it.

    ``scratch`` is a document made as the documents the fragment goes into (the same template,
    page size and margins); what ``write`` made there for the fragment (its elements, its links'
    relationships, its lists) is removed again, so that the scratch document stays small.
    """
    body = scratch.element.body
    numbering = scratch.part.numbering_part.element
    lists_before = {num.numId for num in numbering.num_lst}
    count_before = len(body)
    write(scratch)
    added = len(body) - count_before
    last = body[-1]
    end = len(body) - 1 if last.tag == qn("w:sectPr") else len(body)
    elements = tuple(body[end - added : end])
    for element in elements:
        body.remove(element)
    rels = scratch.part.rels
    links: dict[str, str] = {}
    for element in elements:
        for link in element.iter(qn("w:hyperlink")):
            rel_id = link.get(qn("r:id"))
            links[rel_id] = rels[rel_id].target_ref
    for rel_id in links:
        del rels[rel_id]
    lookups = _lookups(scratch)
    lookups.links.clear()
    lookups.next_rel = 1
    own_lists: dict[int, int] = {}
    for num in numbering.num_lst:
        if num.numId not in lists_before:
            own_lists[int(num.numId)] = int(num.abstractNumId.val)
            numbering.remove(num)
    xml = tuple(etree.tostring(element, encoding="UTF-8") for element in elements)
    return Fragment(xml, links, own_lists)


def add_fragment(document: Document, fragment: Fragment) -> None:
    """Add a copy of the fragment's elements at the end of the document's body.

    Each link gets the document's relationship to its address, and each of the fragment's own
    lists a new numbering instance of the document (restarting at 1), made in the order they
    come, as writing the elements into the document would have made them.
    """
    elements = [parse_xml(xml) for xml in fragment.xml]
    part = document.part
    renumbered: dict[int, int] = {}
    for element in elements:
        for link in element.iter(qn("w:hyperlink")):
            link.set(qn("r:id"), _link_rel(part, fragment.links[link.get(qn("r:id"))]))
        for num_id in element.iter(qn("w:numId")):
            old = int(num_id.get(qn("w:val")))
            if old in fragment.lists:
                if old not in renumbered:
                    renumbered[old] = _restarted_list(document, fragment.lists[old])
                num_id.set(qn("w:val"), str(renumbered[old]))
    body = document.element.body
    end = body.sectPr
    for element in elements:
        if end is None:
            body.append(element)
        else:
            end.addprevious(element)


def repeat_header_row(table: Table) -> None:
    """Mark the table's first row as its header, repeated at the top of every page it spans."""
    row_props = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row_props.append(header)


def set_column_widths(table: Table, widths: Sequence[Length]) -> None:
    """Give the table's columns ``widths``: each column of its grid (which LibreOffice reads)
    and each cell of every row (which Word reads), as python-docx's ``column.width`` and
    ``cell.width`` do, for a table without merged cells. python-docx finds a column's cells by
    laying out the whole table again for each column; the cells here are taken row by row."""
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row._tr.tc_lst, widths, strict=True):
            cell.width = width


def keep_rows_whole(table: Table) -> None:
    """Let no row of the table break across a page (``w:cantSplit``)."""
    for row in table.rows:
        whole = OxmlElement("w:cantSplit")
        whole.set(qn("w:val"), "true")
        row._tr.get_or_add_trPr().append(whole)


def set_properties(
    document: Document,
    *,
    title: str,
    subject: str,
    description: str,
    author: str,
    date: dt.date,
    language: str,
) -> None:
    """The document's core properties and language; the template's own are replaced.

    Created and modified are midnight (UTC) of ``date``, so a rebuild on the same day gives the
    same file. ``language`` (a BCP 47 tag, "en-GB") is also the text's default language, which
    spelling checkers and screen readers use.
    """
    props = document.core_properties
    moment = dt.datetime.combine(date, dt.time(), tzinfo=dt.UTC)
    props.title = xml_text(title)
    props.subject = xml_text(subject)
    props.comments = xml_text(description)
    props.author = xml_text(author)
    props.last_modified_by = xml_text(author)
    props.language = language
    props.created = moment
    props.modified = moment
    props.revision = 1
    path = "/".join(qn(tag) for tag in ("w:docDefaults", "w:rPrDefault", "w:rPr", "w:lang"))
    lang = document.styles.element.find(path)
    if lang is not None:
        lang.set(qn("w:val"), language)


def document_bytes(document: Document) -> bytes:
    """The .docx file, its zip entries stamped with :data:`ZIP_TIME` (reproducible)."""
    saved = io.BytesIO()
    document.save(saved)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(saved) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(entry))
    return out.getvalue()
