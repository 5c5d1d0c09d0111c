"""HTML the library rendered itself is set aside whole by the site's Markdown, and the page it
becomes is the one the Markdown's own HTML block reader gives, cleaned the same way."""

from __future__ import annotations

import pytest
from mkdocs.structure.pages import _RawHTMLPreprocessor

from lif.model.markdown import HTML_END, HTML_START, new_markdown, set_aside
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


def test_mkdocs_reads_the_anchors_of_set_aside_html_for_its_link_checks() -> None:
    md = new_markdown()
    anchors = _RawHTMLPreprocessor()
    anchors._register(md)
    md.convert("Intro.\n\n" + set_aside('<ol><li id="learning-a">A</li></ol>') + "\n")
    assert "learning-a" in anchors.present_anchor_ids
