"""Tables in a page's Markdown sit in a named region that can scroll sideways and take keyboard
focus (lif.model.markdown, the site's dialect), as the tables the site makes do."""

from __future__ import annotations

from lif.model.markdown import render_markdown

TABLE = "| kind | folder |\n|---|---|\n| review | reviews/ |\n"


def convert(text: str) -> str:
    return render_markdown(text)


def test_a_table_is_in_a_focusable_region_named_by_the_heading_above_it() -> None:
    html = convert(f"# Publishing\n\n## Where files go\n\n{TABLE}\nAfter the table.\n")
    start = html.index("<div ")
    region = html[start : html.index(">", start)]
    for attribute in ('role="region"', 'tabindex="0"', 'aria-label="Table: Where files go"'):
        assert attribute in region
    assert "lif-scroll" in region
    assert html.index(region) < html.index("<table>") < html.index("</table></div>")
    assert html.rstrip().endswith("<p>After the table.</p>")


def test_a_table_without_a_heading_is_still_named() -> None:
    assert 'aria-label="Table"' in convert(TABLE)


def test_each_table_gets_one_region() -> None:
    html = convert(f"## One\n\n{TABLE}\n## Two\n\n{TABLE}")
    assert html.count('role="region"') == 2
    assert 'aria-label="Table: One"' in html and 'aria-label="Table: Two"' in html
