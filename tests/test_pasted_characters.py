"""Characters pasted from Word and web pages (issue 14): front matter reads them as the ordinary
characters where the meaning is plain; bodies keep them as written, while search and the
personal-data scan read them as what they stand for."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from support import review_data, write_item

from lif.index.catalogue import SearchRecord
from lif.index.site import load_site
from lif.load.yaml_reader import read_yaml, structural_spaces
from lif.model.characters import plain, plain_same_length
from lif.model.markdown import render_markdown
from lif.output.search_index import search_document

NBSP, ZWSP, SHY = "\u00a0", "\u200b", "\u00ad"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"board:{NBSP}adults\n", {"board": "adults"}),
        (f"board{NBSP}: adults\n", {"board": "adults"}),
        (f"{ZWSP}board: adults\n", {"board": "adults"}),
        (f"learning:\n  - id: a\n  {NBSP} text: b\n", {"learning": [{"id": "a", "text": "b"}]}),
        (f"themes:\n  -{NBSP}neglect\n", {"themes": ["neglect"]}),
        ("review_type: child\u2011death\u2011review\n", {"review_type": "child-death-review"}),
        (f"id: sar\u2010adult{ZWSP}\n", {"id": "sar-adult"}),
        ("published: 2025\u201103\u201101\n", {"published": dt.date(2025, 3, 1)}),
        # Prose keeps what was written: the page shows it as the author typed it.
        (f"title: Adult{NBSP}Z at home\n", {"title": f"Adult{NBSP}Z at home"}),
        (f'title: "Time:{NBSP}10 am"\n', {"title": f"Time:{NBSP}10 am"}),
    ],
)
def test_front_matter_reads_pasted_characters_where_the_meaning_is_plain(
    text: str, expected: dict[str, object]
) -> None:
    document = read_yaml(text, "x.md", whole="front matter")
    assert document.problems == []
    assert document.value == expected


def test_structural_spaces_keep_lines_and_columns() -> None:
    text = f"a:{NBSP}1\n{NBSP}{NBSP}b: 2\n"
    assert len(structural_spaces(text)) == len(text)
    assert structural_spaces(text).count("\n") == text.count("\n")


def test_an_item_with_pasted_keys_and_terms_is_valid(project: Path) -> None:
    path = write_item(project, review_data())
    text = path.read_text(encoding="utf-8")
    text = text.replace("board: adults", f"board:{NBSP}adults").replace(
        "safeguarding-adults-review", "safeguarding\u2011adults\u2011review"
    )
    path.write_text(text, encoding="utf-8")
    assert load_site(project, today=dt.date(2026, 11, 26)).problems == []


def test_the_characters_are_read_as_ordinary_ones() -> None:
    text = f"safe{SHY}guarding{NBSP}and\u2010more{ZWSP}"
    assert plain(text) == "safeguarding and-more"
    assert plain_same_length(text) == "safe guarding and-more "


def test_the_page_keeps_them_and_search_reads_them_plain() -> None:
    html = render_markdown(f"Safe{SHY}guarding{NBSP}adults\n")
    assert SHY in html and (NBSP in html or "&nbsp;" in html)
    record = SearchRecord(url="x/", title="x", kind="", type="", date="", summary="", facets={})
    document = search_document(record, html)
    assert "Safeguarding adults" in document
    assert SHY not in document and NBSP not in document and "&nbsp;" not in document


def test_a_number_with_pasted_separators_is_found_in_a_body(project: Path) -> None:
    write_item(project, review_data(), body=f"## Background\n\nNHS 943{NBSP}476\u20115919.\n")
    [problem] = load_site(project, today=dt.date(2026, 11, 26)).errors
    assert "looks like an NHS number" in problem.message
