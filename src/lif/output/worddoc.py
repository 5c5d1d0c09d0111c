"""A small Word (.docx) writer: headings, paragraphs, bold text and links, nothing more.

Training packs need a document that trainers open in Word (or LibreOffice, or Google Docs) and
paste from. The Office Open XML needed for that is a handful of short XML parts in a zip file,
so this module writes them with the standard library rather than adding python-docx and its
compiled lxml dependency for a fraction of what they do. The output is reproducible: the same
content gives the same bytes.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from io import BytesIO
from xml.sax.saxutils import escape, quoteattr

#: A fixed timestamp for every part of the zip, so that a rebuild gives identical files.
_ZIP_TIME = (2000, 1, 1, 0, 0, 0)


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


_HYPERLINK_TYPE = f"{_R}/hyperlink"


# Characters XML 1.0 cannot hold at all.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: str) -> str:
    return escape(_INVALID_XML.sub("", value))


@dataclass(frozen=True)
class Run:
    """Text, optionally bold."""

    text: str
    bold: bool = False


@dataclass(frozen=True)
class Link:
    """Link text and the absolute address it opens."""

    text: str
    url: str


Inline = Run | Link | str


@dataclass
class WordDocument:
    """A document built paragraph by paragraph, then saved with :meth:`to_bytes`."""

    title: str
    _paragraphs: list[str] = field(default_factory=list)
    _links: dict[str, str] = field(default_factory=dict)

    def _link_id(self, url: str) -> str:
        if url not in self._links:
            self._links[url] = f"rLink{len(self._links) + 1}"
        return self._links[url]

    def _runs(self, parts: list[Inline]) -> str:
        out: list[str] = []
        for part in parts:
            if isinstance(part, str):
                part = Run(part)
            if isinstance(part, Link):
                rid = self._link_id(part.url)
                out.append(
                    f'<w:hyperlink r:id="{rid}" w:history="1"><w:r><w:rPr>'
                    '<w:rStyle w:val="Hyperlink"/></w:rPr>'
                    f'<w:t xml:space="preserve">{_text(part.text)}</w:t></w:r></w:hyperlink>'
                )
            else:
                bold = "<w:rPr><w:b/></w:rPr>" if part.bold else ""
                out.append(f'<w:r>{bold}<w:t xml:space="preserve">{_text(part.text)}</w:t></w:r>')
        return "".join(out)

    def paragraph(self, *parts: Inline, style: str | None = None) -> None:
        """A paragraph of text runs and links, in the named paragraph style."""
        props = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
        self._paragraphs.append(f"<w:p>{props}{self._runs(list(parts))}</w:p>")

    def heading(self, level: int, *parts: Inline) -> None:
        """A heading (level 0 is the document's title), shown in Word's navigation pane."""
        self.paragraph(*parts, style="Title" if level == 0 else f"Heading{min(level, 3)}")

    def numbered(self, number: int, *parts: Inline) -> None:
        """A numbered list entry; the number is text, so it survives copying and pasting."""
        self.paragraph(f"{number}. ", *parts, style="ListNumbered")

    def to_bytes(self) -> bytes:
        """The .docx file."""
        buffer = BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, content in self._parts().items():
                info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, content)
        return buffer.getvalue()

    def _parts(self) -> dict[str, str]:
        head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        body = "".join(self._paragraphs)
        document = (
            f'{head}<w:document xmlns:w="{_W}" xmlns:r="{_R}"><w:body>{body}'
            '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
            '<w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="709" '
            'w:footer="709" w:gutter="0"/></w:sectPr></w:body></w:document>'
        )
        links = "".join(
            f'<Relationship Id="{rid}" Type="{_HYPERLINK_TYPE}" Target={quoteattr(url)} '
            'TargetMode="External"/>'
            for url, rid in self._links.items()
        )
        rels_ns = "http://schemas.openxmlformats.org/package/2006/relationships"
        office = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        return {
            "[Content_Types].xml": (
                f'{head}<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                'content-types"><Default Extension="rels" ContentType="application/'
                'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
                'ContentType="application/xml"/><Override PartName="/word/document.xml" '
                'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
                'document.main+xml"/><Override PartName="/word/styles.xml" ContentType='
                '"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
                '<Override PartName="/docProps/core.xml" ContentType="application/'
                'vnd.openxmlformats-package.core-properties+xml"/></Types>'
            ),
            "_rels/.rels": (
                f'{head}<Relationships xmlns="{rels_ns}"><Relationship Id="rId1" '
                f'Type="{office}/officeDocument" Target="word/document.xml"/>'
                '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
                'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
                "</Relationships>"
            ),
            "docProps/core.xml": (
                f'{head}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/'
                '2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
                f"<dc:title>{_text(self.title)}</dc:title><dc:language>en-GB</dc:language>"
                "</cp:coreProperties>"
            ),
            "word/document.xml": document,
            "word/_rels/document.xml.rels": (
                f'{head}<Relationships xmlns="{rels_ns}"><Relationship Id="rStyles" '
                f'Type="{office}/styles" Target="styles.xml"/>{links}</Relationships>'
            ),
            "word/styles.xml": head + _STYLES,
        }


def _paragraph_style(
    style_id: str, name: str, size: int, bold: bool, space: int, outline: int | None = None
) -> str:
    outline_xml = f'<w:outlineLvl w:val="{outline}"/>' if outline is not None else ""
    bold_xml = "<w:b/>" if bold else ""
    return (
        f'<w:style w:type="paragraph" w:styleId="{style_id}"><w:name w:val="{name}"/>'
        '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>'
        f'<w:pPr><w:keepNext/><w:spacing w:before="{space}" w:after="120"/>{outline_xml}</w:pPr>'
        f'<w:rPr>{bold_xml}<w:sz w:val="{size}"/></w:rPr></w:style>'
    )


_STYLES = (
    f'<w:styles xmlns:w="{_W}">'
    '<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" '
    'w:cs="Arial"/><w:sz w:val="24"/><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault>'
    '<w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="276" w:lineRule="auto"/></w:pPr>'
    "</w:pPrDefault></w:docDefaults>"
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
    "<w:qFormat/></w:style>"
    + _paragraph_style("Title", "Title", 44, True, 0)
    + _paragraph_style("Heading1", "heading 1", 32, True, 360, outline=0)
    + _paragraph_style("Heading2", "heading 2", 28, True, 240, outline=1)
    + _paragraph_style("Heading3", "heading 3", 24, True, 200, outline=2)
    + '<w:style w:type="paragraph" w:styleId="ListNumbered"><w:name w:val="List Number"/>'
    '<w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="120"/>'
    '<w:ind w:left="425" w:hanging="425"/></w:pPr></w:style>'
    '<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/>'
    '<w:rPr><w:color w:val="1A4F9C"/><w:u w:val="single"/></w:rPr></w:style>'
    "</w:styles>"
)
