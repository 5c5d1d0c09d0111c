"""Word entries written once and copied into every pack that holds them: each pack is the same,
to the byte, as a pack written directly, item by item."""

from __future__ import annotations

import io
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from docx.oxml.ns import qn
from docx.shared import Cm
from lxml import etree  # type: ignore[import-untyped]
from support import PATHWAY_RECOMMENDATIONS, TODAY, brief_data, review_data, write_item

from lif.index.packs import Pack, Scope, build_pack, theme_pack
from lif.index.site import load_site
from lif.output.packs import WordEntries, render_pack_docx, theme_packs
from lif.output.word import (
    add_fragment,
    add_hyperlink,
    add_list_paragraph,
    add_paragraph,
    add_table,
    document_bytes,
    new_document,
    new_numbered_list,
    set_column_widths,
    write_fragment,
)

BASE = "https://learning.example.org.uk/"


@pytest.fixture
def packs(project: Path, monkeypatch: pytest.MonkeyPatch) -> list[Pack]:
    """Packs that share items: two reviews (learning, recommendations) and a brief (questions)."""
    monkeypatch.setenv("LIF_TODAY", TODAY)
    write_item(
        project,
        review_data(
            themes=["neglect", "self-neglect"],
            learning=[
                {"id": "ask-twice", "title": "Ask twice", "text": "Ask again when told no."},
                {"id": "share-early", "text": 'Share concerns early & do not wait; ask "why".'},
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
            learning=[{"id": "listen", "text": "Listen to the person. Écoutez."}],
        ),
    )
    write_item(
        project,
        brief_data(
            themes=["neglect", "self-neglect"],
            questions=["What do you do when someone says no?", "Who else should know?"],
        ),
    )
    site = load_site(project)
    assert site.errors == []
    scopes = [Scope(theme="neglect"), Scope(theme="self-neglect"), Scope(board="adults"), Scope()]
    return [build_pack(site, scope, BASE) for scope in scopes]


def _document_xml(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as docx_file:
        return docx_file.read("word/document.xml")


def test_packs_sharing_entries_are_the_bytes_of_packs_written_directly(packs: list[Pack]) -> None:
    uses = Counter(entry.item.id for pack in packs for entry in pack.items)
    assert max(uses.values()) == 4  # an item is in every pack
    entries = WordEntries(uses)
    shared = [render_pack_docx(pack, entries) for pack in packs]
    direct = [render_pack_docx(pack) for pack in packs]
    assert shared == direct
    body = _document_xml(direct[0])
    assert body.count(b"<w:hyperlink ") > 5 and body.count(b"<w:tbl>") == 1


def test_an_entry_used_more_often_than_counted_is_written_again(packs: list[Pack]) -> None:
    entries = WordEntries(Counter(entry.item.id for entry in packs[0].items))
    shared = [render_pack_docx(pack, entries) for pack in [*packs, *packs]]
    assert shared == [render_pack_docx(pack) for pack in [*packs, *packs]]


def _linked_list(document: object, url: str, points: list[str]) -> None:
    """A paragraph with a link, then a numbered list of its own."""
    add_hyperlink(add_paragraph(document, "See "), url, url)  # type: ignore[arg-type]
    num_id = new_numbered_list(document)  # type: ignore[arg-type]
    for point in points:
        paragraph = add_list_paragraph(document, "List Number", num_id)  # type: ignore[arg-type]
        paragraph.add_run(point)
        add_hyperlink(paragraph, f"{url} again", url)


def test_a_fragment_gets_the_documents_own_links_and_lists() -> None:
    parts = [
        ("https://a.example/", ["one", "two"]),
        ("https://b.example/", ["three"]),
        ("https://a.example/", ["four", "five"]),
    ]
    direct = new_document()
    add_hyperlink(add_paragraph(direct, "Site "), "site", "https://site.example/")
    for url, points in parts:
        _linked_list(direct, url, points)
    scratch = new_document()
    fragments = [
        write_fragment(scratch, lambda doc, url=url, points=points: _linked_list(doc, url, points))
        for url, points in parts
    ]
    copied = new_document()
    add_hyperlink(add_paragraph(copied, "Site "), "site", "https://site.example/")
    for fragment in fragments:
        add_fragment(copied, fragment)
    assert document_bytes(copied) == document_bytes(direct)
    lists = {int(n.get(qn("w:val"))) for n in copied.element.body.iter(qn("w:numId"))}
    assert len(lists) == 3  # each list restarts at 1 in its own numbering instance
    # the scratch document keeps none of what the fragments made
    assert len(scratch.element.body) == 1
    assert not any(rel.is_external for rel in scratch.part.rels.values())


def test_column_widths_are_set_as_python_docx_sets_them() -> None:
    widths = [Cm(1.2), Cm(9.0), Cm(3.6), Cm(3.2)]
    tables = []
    for _ in range(2):
        document = new_document()
        table = add_table(document, 1, len(widths), "Table Grid")
        for number in range(3):
            table.add_row().cells[0].text = str(number)  # type: ignore[no-untyped-call]
        tables.append(table)
    by_python_docx, here = tables
    for column, width in zip(by_python_docx.columns, widths, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width
    set_column_widths(here, widths)
    assert etree.tostring(here._tbl) == etree.tostring(by_python_docx._tbl)
    nine_cm = f'w:w="{Cm(9.0).twips}"'.encode()
    assert etree.tostring(here._tbl).count(nine_cm) == 4 + 1  # each row's cell, and the grid


def test_theme_packs_hold_each_items_entry_once(project: Path, packs: list[Pack]) -> None:
    site = load_site(project)
    by_theme = dict(theme_packs(site))
    assert set(by_theme) == {"neglect", "self-neglect"}
    for key, pack in by_theme.items():
        assert pack == theme_pack(site, key)
    neglect, self_neglect = by_theme["neglect"].items, by_theme["self-neglect"].items
    shared = {entry.item.id for entry in neglect} & {entry.item.id for entry in self_neglect}
    assert shared == {"sar-adult-z-2025", "es-adult-z"}
    first = {entry.item.id: entry for entry in neglect}
    assert all(entry is first[entry.item.id] for entry in self_neglect)
