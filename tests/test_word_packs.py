"""Word training packs, read back with python-docx: lists, headings, table, links, properties."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from support import PATHWAY_RECOMMENDATIONS, TODAY, brief_data, review_data, write_item

from lif.index.packs import Pack, Scope, build_pack
from lif.index.site import load_site
from lif.output.packs import RECOMMENDATION_COLUMNS, render_pack_docx

BASE = "https://learning.example.org.uk/"

#: Link texts that do not say where a link goes (WCAG 2.2, 2.4.4 Link purpose).
VAGUE_LINK_TEXTS = {"link", "here", "click here", "read more", "more", "this"}


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIF_TODAY", TODAY)


@pytest.fixture
def pack(project: Path) -> Pack:
    """Two reviews (one with recommendations, one disseminated by a brief) and the brief."""
    write_item(
        project,
        review_data(
            learning=[
                {"id": "ask-twice", "title": "Ask twice", "text": "Ask again when told no."},
                {"id": "share-early", "text": "Share concerns early; do not wait."},
                {"id": "think-family", "text": "Ask who else lives in the home."},
            ],
            recommendations=PATHWAY_RECOMMENDATIONS,
        ),
    )
    write_item(
        project,
        review_data(
            id="sar-adult-y-2024",
            title="Safeguarding adults review: Adult Y",
            subject="Adult Y",
            published="2024-02-01",
            learning=[
                {"id": "listen", "text": "Listen to the person."},
                {"id": "record", "text": "Record what they said."},
            ],
        ),
    )
    write_item(
        project,
        brief_data(
            questions=["What do you do when someone says no?", "Who else should know?"],
            disseminates=["sar-adult-z-2025#pathway"],
        ),
    )
    site = load_site(project)
    assert site.errors == []
    return build_pack(site, Scope(theme="neglect"), BASE)


def read(pack: Pack) -> Document:
    return docx.Document(io.BytesIO(render_pack_docx(pack)))


def style(paragraph: Paragraph) -> str:
    return paragraph.style.name if paragraph.style is not None else ""


def num_id(paragraph: Paragraph) -> int | None:
    """The list a paragraph is numbered in (its own ``w:numPr``), or None."""
    found = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
    return None if found is None else int(found.get(qn("w:val")))


def hyperlinks(document: Document) -> list[tuple[str, str]]:
    """Every link in the body: (its text, the address its relationship points at)."""
    rels = document.part.rels
    out = []
    for link in document.element.body.iter(qn("w:hyperlink")):
        text = "".join(t.text or "" for t in link.iter(qn("w:t")))
        rel = rels[link.get(qn("r:id"))]
        assert rel.is_external
        out.append((text, rel.target_ref))
    return out


def test_learning_points_are_real_numbered_lists_restarting_for_each_review(pack: Pack) -> None:
    document = read(pack)
    points = [p for p in document.paragraphs if style(p) == "List Number"]
    expected = [p.text for entry in pack.items for p in entry.learning]
    learning = [p for p in points if any(t in p.text for t in expected)]
    assert len(learning) == len(expected) == 5
    assert all(not p.text[:1].isdigit() for p in learning), "the number is not typed text"
    ids = [num_id(p) for p in learning]
    assert None not in ids
    # One list per review: three points in one, two in another.
    assert ids[0] == ids[1] == ids[2] != ids[3] == ids[4]
    numbering = document.part.numbering_part.element
    for value in {ids[0], ids[3]}:
        num = numbering.num_having_numId(value)
        start = num.find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}")
        assert start is not None and start.get(qn("w:val")) == "1"


def test_the_pack_facts_are_a_bulleted_list(pack: Pack) -> None:
    bullets = [p for p in read(pack).paragraphs if style(p) == "List Bullet"]
    assert [p.text.split(":")[0] for p in bullets] == ["Scope", "Contents", "Exported", "From"]
    assert all(num_id(p) is not None for p in bullets)


def test_headings_are_in_the_document_outline(pack: Pack) -> None:
    headings = [(style(p), p.text) for p in read(pack).paragraphs if style(p) != "Normal"]
    outline = [h for h in headings if h[0] == "Title" or h[0].startswith("Heading")]
    assert outline[0] == ("Title", "Training pack: Neglect")
    assert [t for s, t in outline if s == "Heading 1"] == [e.item.title for e in pack.items]
    assert ("Heading 2", "Key learning") in outline
    assert ("Heading 2", "Recommendations") in outline
    assert ("Heading 2", "Questions for your team") in outline


def test_recommendations_are_a_table_with_a_repeated_header_row(pack: Pack) -> None:
    [table] = read(pack).tables
    header = table.rows[0]
    assert tuple(c.text for c in header.cells) == RECOMMENDATION_COLUMNS
    flag = header._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}")
    assert flag is not None and flag.get(qn("w:val")) in {"true", "1", None}
    whole = f"{qn('w:trPr')}/{qn('w:cantSplit')}"
    assert all(row._tr.find(whole) is not None for row in table.rows)
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    # The brief disseminates the first: its effective stage is raised from identified.
    assert rows == [
        ["1", "Agree a shared self-neglect pathway.", "Adult social care", "Disseminated"],
        ["2", "Audit the pathway after a year.", "Not recorded", "Embedded"],
    ]


def test_every_link_says_where_it_goes_and_every_point_is_linked(pack: Pack) -> None:
    links = hyperlinks(read(pack))
    texts = [text for text, _ in links]
    assert not [t for t in texts if t.strip().lower() in VAGUE_LINK_TEXTS]
    assert all(t.strip() for t in texts)
    targets = dict(links)
    review = next(e for e in pack.items if e.item.id == "sar-adult-z-2025")
    assert targets[review.item.title] == review.url
    assert targets[f"Read point 1 of {review.item.title}"] == review.learning[0].url
    assert {url for _, url in links} >= {p.url for e in pack.items for p in e.learning}


def test_the_citation_links_to_the_items_permanent_address(pack: Pack) -> None:
    document = read(pack)
    citations = [p for p in document.paragraphs if p.text.startswith("Cite as: ")]
    assert [p.text for p in citations] == [f"Cite as: {e.citation}" for e in pack.items]
    for paragraph, entry in zip(citations, pack.items, strict=True):
        [link] = paragraph._p.findall(qn("w:hyperlink"))
        rel = document.part.rels[link.get(qn("r:id"))]
        assert rel.target_ref == entry.url
        assert "".join(t.text for t in link.iter(qn("w:t"))) == entry.url


def test_document_properties_name_the_pack_and_its_day(pack: Pack) -> None:
    props = read(pack).core_properties
    assert props.title == "Training pack: Neglect"
    assert props.subject == "Neglect"
    assert props.author == "LLR Safeguarding Learning Hub"
    assert props.language == "en-GB"
    day = dt.datetime.combine(dt.date.fromisoformat(TODAY), dt.time(), tzinfo=dt.UTC)
    assert props.created == day and props.modified == day
    assert "python-docx" not in (props.comments or "")


def test_the_same_pack_gives_the_same_bytes(pack: Pack) -> None:
    assert render_pack_docx(pack) == render_pack_docx(pack)


def test_text_is_kept_as_text(project: Path) -> None:
    title = 'Adult Z: a review of 3 < 5 & "more"\x07'
    write_item(project, review_data(title=title))
    pack = build_pack(load_site(project), Scope(), BASE)
    document = read(pack)
    assert 'Adult Z: a review of 3 < 5 & "more"' in [t for t, _ in hyperlinks(document)]


def test_headings_are_dark_enough_to_read(pack: Pack) -> None:
    document = read(pack)
    for level in (1, 2, 3):
        colour = document.styles[f"Heading {level}"].font.color.rgb
        assert colour is not None
        assert contrast_with_white(str(colour)) >= 4.5, (level, colour)


def contrast_with_white(hex_colour: str) -> float:
    """The WCAG 2.2 contrast ratio of a colour (``RRGGBB``) against white."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(int(hex_colour[i : i + 2], 16)) for i in (0, 2, 4))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return 1.05 / (luminance + 0.05)
