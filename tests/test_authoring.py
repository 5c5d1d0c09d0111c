"""Content as authors write it: Markdown read as GitHub's preview shows it, through the one
dialect the build and the checker share (issue 14, first table rows)."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import review_data, write_item

from lif.index.site import load_site
from lif.model.markdown import authored_lists, render_markdown, word_bullet


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # A list right after a paragraph line.
        (
            "Agencies should:\n- first point\n- second point\n",
            "<p>Agencies should:</p>\n<ul>\n<li>first point</li>\n<li>second point</li>\n</ul>",
        ),
        # An ordered list starting at 1 after a paragraph line, with ')' markers.
        (
            "Agencies:\n1) Health visiting\n2) Midwifery\n",
            "<p>Agencies:</p>\n<ol>\n<li>Health visiting</li>\n<li>Midwifery</li>\n</ol>",
        ),
        # Two-space nesting under '- ', three-space nesting under '1. '.
        (
            "- Talk to both parents\n  - including partners who do not live there\n- Record it\n",
            "<ul>\n<li>Talk to both parents<ul>\n<li>including partners who do not live "
            "there</li>\n</ul>\n</li>\n<li>Record it</li>\n</ul>",
        ),
        (
            "1. Ask\n   - twice\n2. Record\n",
            "<ol>\n<li>Ask<ul>\n<li>twice</li>\n</ul>\n</li>\n<li>Record</li>\n</ol>",
        ),
        # A numbered list keeps its numbers (recommendations numbered as in the report).
        (
            "5. Commissioners should act.\n6. Commissioners and the regulator should agree.\n",
            '<ol start="5">\n<li>Commissioners should act.</li>\n<li>Commissioners and the '
            "regulator should agree.</li>\n</ol>",
        ),
        # Word bullets pasted with a tab, and with spaces, and the Symbol-font bullet.
        (
            "We found:\n•\tno plan\n•\tno review\n",
            "<p>We found:</p>\n<ul>\n<li>no plan</li>\n<li>no review</li>\n</ul>",
        ),
        ("\uf0b7  one\n\uf0b7  two\n", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"),
        # A definition list and a table, as GitHub's readers expect from the report.
        ("Term\n:   What it means\n", "<dl>\n<dt>Term</dt>\n<dd>What it means</dd>\n</dl>"),
        (
            "| a | b |\n| --- | --- |\n| 1 | 2 |\n",
            '<div aria-label="Table" class="lif-scroll lif-content-table" role="region" '
            'tabindex="0"><table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n'
            "<tbody>\n<tr>\n<td>1</td>\n<td>2</td>\n</tr>\n</tbody>\n</table></div>",
        ),
    ],
)
def test_lists_render_as_githubs_preview_shows_them(source: str, expected: str) -> None:
    assert render_markdown(source) == expected


@pytest.mark.parametrize(
    "source",
    [
        # An ordered list that does not start at 1 does not interrupt a paragraph (CommonMark).
        "In the year\n2019. was a hard one\n",
        # Letters are not list markers in GitHub's Markdown.
        "A. Smith said so\nB. Jones agreed\n",
        # '#' without a space is not a heading.
        "#safeguarding matters\n",
    ],
)
def test_text_that_only_looks_like_a_list_stays_a_paragraph(source: str) -> None:
    assert render_markdown(source).startswith("<p>")


def test_code_keeps_its_lines_as_written() -> None:
    html = render_markdown("Example:\n\n```\nIntro\n- not a list\n• not a bullet\n```\n")
    assert "<code>Intro\n- not a list\n• not a bullet\n</code>" in html


def test_lists_written_for_python_markdown_are_left_as_they_are() -> None:
    lines = ["- a", "    - b", "        - c", "", "    more of a", "", "Text"]
    assert authored_lists(lines) == lines


def test_a_new_item_after_a_paragraph_inside_an_item_starts_a_new_item() -> None:
    html = render_markdown("1. Ask\n\n   Then ask again.\n2. Record\n")
    assert html.count("<li>") == 2
    assert "<p>Record</p>" in html


def test_word_bullet_finds_the_text_after_the_bullet() -> None:
    assert word_bullet("•\tText") == 2
    assert word_bullet("  ◦   Text") == 6
    assert word_bullet("•Text") == -1
    assert word_bullet("Text • more") == -1


def test_footnotes_render_and_survive_the_cleaner() -> None:
    html = render_markdown("Care Act 2014[^1] applies.\n\n[^1]: Section 44 sets out the duty.\n")
    assert '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>' in html
    assert '<div class="footnote">' in html
    assert '<li id="fn:1">' in html
    assert 'class="footnote-backref" href="#fnref:1"' in html
    assert "[^1]" not in html


def test_the_checker_accepts_footnotes_and_lists_as_authors_write_them(project: Path) -> None:
    body = (
        "## Background\n\nThe Care Act 2014[^1] applies. Agencies should:\n"
        "- Talk to both parents\n  - including partners who do not live there\n"
        "•\tRecord what was said\n\n"
        "5. Commissioners should act.\n6. Commissioners and the regulator should agree.\n\n"
        "[^1]: Section 44 sets out the duty to review.\n"
    )
    write_item(project, review_data(), body=body)
    assert load_site(project).problems == []
