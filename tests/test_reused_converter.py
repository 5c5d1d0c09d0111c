"""The checker's and the guards' converters are made once and reset between texts: each text
renders as a fresh converter renders it, whatever was rendered before it."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from lif.check.body import render_body
from lif.model.markdown import new_markdown, render_markdown
from lif.model.sanitize import inspect_content

TEXTS = [
    "A [link](../reviews/a.md) and ![](pic.png) and ![a picture](b.png).\n\n*[SAR]: Review\n\nSAR",
    "Text with a footnote[^1].\n\n[^1]: The note.\n\n## Heading\n\n## Heading\n",
    '1. one\n2. two\n\n    - nested\n\n<div markdown="1">**bold**</div>\n',
    "Plain text, no links.",
]


def test_each_body_records_only_its_own_links() -> None:
    first = render_body(TEXTS[0])
    assert first.markdown_links == ["../reviews/a.md", "pic.png", "b.png"]
    assert first.without_alt == ["pic.png"]
    assert render_body(TEXTS[3]).markdown_links == []
    assert render_body(TEXTS[3]).without_alt == []


@pytest.mark.parametrize("clean", [True, False])
def test_a_reused_converter_renders_as_a_fresh_one(clean: bool) -> None:
    for text in TEXTS * 2:
        fresh = new_markdown(clean=clean).convert(text)
        if clean:
            assert render_markdown(text) == fresh
        else:
            assert render_body(text).inspection == inspect_content(fresh)


def test_a_text_too_deep_to_render_leaves_no_state_behind() -> None:
    deep = "*" * 3000 + "x" + "*" * 3000 + "\n"
    expected = new_markdown().convert(TEXTS[2])
    for render in (render_markdown, render_body):
        with pytest.raises(RecursionError):
            render(deep)
    assert render_markdown(TEXTS[2]) == expected
    assert render_body(TEXTS[0]).markdown_links == ["../reviews/a.md", "pic.png", "b.png"]


def test_the_one_inspector_reports_each_text_alone_from_several_threads() -> None:
    texts = [
        '<img src="x" onerror="alert(1)">',
        "<p>Plain</p>",
        '<a href="javascript:alert(2)">x</a> <span id="here">y</span>',
        "<script>alert(3)</script>",
    ] * 25
    alone = [inspect_content(text) for text in texts]
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(inspect_content, texts))
    assert together == alone
    assert alone[1].removals == [] and alone[1].anchors == set()
    assert alone[2].anchors == {"here"}
    assert {r.tag for r in alone[0].removals} == {"img"}
