"""Every sectioning element on the built site has a heading (the W3C checker warns 'Section lacks
heading' otherwise): a part without one is a plain block."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytestmark = pytest.mark.build


class _Sections(HTMLParser):
    """The sections and articles of a page that hold no h1-h6, by class."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[list[object]] = []
        self.without_heading: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"section", "article"}:
            self.open.append([f"<{tag} class='{dict(attrs).get('class') or ''}'>", False])
        elif re.fullmatch(r"h[1-6]", tag):
            for element in self.open:
                element[1] = True

    def handle_endtag(self, tag: str) -> None:
        if tag in {"section", "article"} and self.open:
            name, has_heading = self.open.pop()
            if not has_heading:
                self.without_heading.append(str(name))


def test_every_section_of_every_page_has_a_heading(built_site: Path) -> None:
    found = []
    for path in sorted(built_site.rglob("index.html")):
        if path.relative_to(built_site).parts[0] == "r":
            continue
        parser = _Sections()
        parser.feed(path.read_text(encoding="utf-8"))
        found += [f"{path.relative_to(built_site)}: {s}" for s in parser.without_heading]
    assert not found, "sections without a heading:\n" + "\n".join(found[:20])


def test_an_executive_summary_links_the_easy_read_summary_it_mentions(built_site: Path) -> None:
    page = (built_site / "briefs/es-sar-adult-p-2022/index.html").read_text(encoding="utf-8")
    easy_read = "https://www.lrsb.org.uk/uploads/sar-adult-p-easy-read.pdf"
    assert re.search(rf'<a href="{re.escape(easy_read)}"[^>]*>easy read summary</a>', page)
    documents = page[page.index('id="review-documents"') :]
    assert easy_read in documents[: documents.index("</ul>")]
    assert "(Easy read summary, PDF)" in documents
