"""HTML the library rendered itself is set aside whole by the site's Markdown, and the page it
becomes is the one the Markdown's own HTML block reader gives, cleaned the same way."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from mkdocs.structure.pages import _RawHTMLPreprocessor
from support import review_data, write_item

from lif.model.markdown import (
    HTML_END,
    HTML_START,
    new_markdown,
    set_aside,
    set_aside_anchor_ids,
)
from lif.render.templating import environment

BLOCKS = [
    '<nav class="n" aria-label="Breadcrumb"><ol><li><a href="../">Home</a></li></ol></nav>',
    '<aside class="w">\n<p class="t" id="w">Content warning</p>\n'
    "<p>Text &amp; more &#x27;x&#x27;</p>\n</aside>",
    '<ol class="l">\n<li id="a"><strong>One</strong> <span>Text</span></li>'
    '<li id="b">Two</li>\n</ol>',
    '<p class="lif-summary">A summary.</p>',
]


def _pages(marked: bool) -> list[str]:
    def block(html: str) -> str:
        return set_aside(html) if marked else html + "\n"

    return [
        "\n".join(block(html) + "\n" for html in BLOCKS),
        "# Title\n\n" + block(BLOCKS[1]) + "\n## Key learning {#key}\n\n" + block(BLOCKS[2]) + "\n",
        "Intro.\n\n" + block(BLOCKS[0]) + "\n" + block(BLOCKS[3]),
        "- a list\n- of two\n\n" + block(BLOCKS[2]) + "\nAfter *it*.\n",
    ]


@pytest.mark.parametrize("clean", [True, False])
def test_set_aside_html_becomes_what_the_html_block_reader_makes_of_it(clean: bool) -> None:
    for marked, plain in zip(_pages(True), _pages(False), strict=True):
        assert HTML_START in marked
        assert new_markdown(clean=clean).convert(marked) == new_markdown(clean=clean).convert(plain)


def test_set_aside_html_is_still_cleaned() -> None:
    page = set_aside('<div onclick="steal()"><script>steal()</script><p>Kept</p></div>')
    html = new_markdown().convert(page)
    assert "onclick" not in html
    assert "<script" not in html
    assert "<p>Kept</p>" in html


def test_the_marks_are_not_what_an_author_could_guess() -> None:
    assert set_aside("") == ""
    guessed = "<!-- lif-html 0 -->\n<p>x</p>\n<!-- /lif-html 0 -->\n"
    assert new_markdown().convert(guessed) == "<p>x</p>"
    assert len(HTML_START) > 40 and HTML_START != HTML_END


def test_a_start_without_an_end_leaves_the_text_as_it_is() -> None:
    text = HTML_START + "\n<p>x</p>\n\nMore *text*.\n"
    html = new_markdown().convert(text)
    assert html.startswith("<p>x</p>")
    assert html.endswith("<p>More <em>text</em>.</p>")


def test_the_template_filter_escapes_what_is_not_already_html() -> None:
    rendered = environment().from_string("{{ text | html_block }}").render(text="<b>x</b>")
    assert rendered == set_aside("&lt;b&gt;x&lt;/b&gt;")


def _mkdocs_anchors(page: str) -> set[str]:
    """The anchors mkdocs' own reader of raw HTML finds in ``page`` as the site converts it."""
    md = new_markdown()
    reader = _RawHTMLPreprocessor()
    reader._register(md)
    md.convert(page)
    return reader.present_anchor_ids


def test_the_anchors_of_set_aside_html_are_those_mkdocs_reads_from_the_same_html() -> None:
    extra = [
        '<p><a name="old-style">x</a> <span id="a&amp;b">y</span> id="not-an-anchor"</p>',
        '<svg role="img"><g id="chart-bars"><rect width="1" height="1"/></g></svg>',
        '<!-- a comment --><div><p id="q">Quoted</p></div>',
    ]
    found: set[str] = set()
    for marked, plain in zip(_pages(True), _pages(False), strict=True):
        assert set_aside_anchor_ids(marked) == _mkdocs_anchors(plain)
        found |= set_aside_anchor_ids(marked)
    assert found == {"w", "a", "b"}
    for html in extra:
        assert set_aside_anchor_ids(set_aside(html)) == _mkdocs_anchors(html + "\n")
    assert set_aside_anchor_ids(set_aside(extra[0])) == {"old-style", "a&b"}


def test_mkdocs_reader_does_not_parse_set_aside_html_again() -> None:
    # The set-aside HTML is out of the text before mkdocs' reader, which parses raw HTML tag
    # by tag with Python's HTMLParser; the glue gives mkdocs its anchors instead.
    page = "Intro.\n\n" + set_aside('<ol><li id="learning-a">A</li></ol>')
    assert _mkdocs_anchors(page) == set()
    assert set_aside_anchor_ids(page) == {"learning-a"}
    assert set_aside_anchor_ids("<p id='x'>Markdown's own HTML is mkdocs' to read</p>") == set()


@pytest.mark.build
def test_a_link_to_an_anchor_of_the_library_s_html_passes_the_strict_build(
    project: Path, build: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    write_item(project, review_data(id="sar-adult-b-2025", title="Review of Adult B"))
    body = "See [the first point of Adult B's review](id:sar-adult-b-2025#ask-twice).\n"
    write_item(project, review_data(), body)
    result = build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    page = (project / "site" / "reviews" / "sar-adult-z-2025" / "index.html").read_text()
    assert 'href="../sar-adult-b-2025/#learning-ask-twice"' in page
