"""Hostile values come out of the item and listing templates as text, in every place they land.

The models are built without validation (the checker would refuse these values), so what is
tested is the templates' escaping alone: each page or fragment is parsed as a browser would, and
every hostile value must come back as the very same text, in the element's text or in the
attribute it was put in, with no element or attribute made from it. The renderers of items,
listings and fragments keep no markup of their own in Python: it is all in the templates.
"""

from __future__ import annotations

import ast
import datetime as dt
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from support import REPO

from lif.index.site import Site, load_site
from lif.model.content import Brief, Document, LearningPoint, ProgressUpdate, Recommendation, Review
from lif.model.markdown import new_markdown
from lif.render.fragments import link
from lif.render.item import render_item_page
from lif.render.listings import listing_pages, render_cards, render_item_card

#: Closes an attribute and opens an element; closes a text and opens a script.
BREAKS_ATTRIBUTE = '"><img src=x onerror=alert(1)>'
BREAKS_TEXT = "<script>alert(2)</script>"
#: Both, with an apostrophe and an ampersand for the other quoting and escaping rules.
HOSTILE = f"{BREAKS_TEXT}{BREAKS_ATTRIBUTE}'&amp;"


class Parsed(HTMLParser):
    """The elements, attribute values and text of an HTML document, as a browser reads them."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str]] = []
        self.text: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [(name, value or "") for name, value in attrs]

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def in_text(self, value: str) -> int:
        return "".join(self.text).count(value)

    def in_attribute(self, name: str, value: str) -> int:
        return sum(1 for n, v in self.attributes if n == name and value in v)


def assert_nothing_made_of(parsed: Parsed) -> None:
    """No element and no attribute came from a hostile value."""
    assert "script" not in parsed.tags
    assert "img" not in parsed.tags
    assert [n for n, _ in parsed.attributes if n.startswith("on")] == []


def _markdown_to_html(page: str) -> str:
    """A generated page (front matter, Markdown and HTML blocks) as the site's Markdown makes it,
    without the sanitizer that ends the real pipeline: the templates' escaping is on its own."""
    body = page.split("---\n", 2)[2]
    return new_markdown(clean=False).convert(body)


def _item(**fields: Any) -> dict[str, Any]:
    return {
        "board": "adults",
        "status": "published",
        "themes": ["neglect"],
        "updated": None,
        "withdrawn_on": None,
        "publish_on": None,
        "hold": None,
        "related": [],
        "retention_review": None,
        **fields,
    }


def _review() -> Review:
    return Review.model_construct(
        **_item(
            id="sar-hostile",
            title=HOSTILE,
            summary=HOSTILE,
            published=dt.date(2025, 1, 1),
            collection="review",
            review_type="safeguarding-adults-review",
            subject=HOSTILE,
            author=HOSTILE,
            methodology=[],
            agencies=[],
            content_warning=HOSTILE,
            learning=[LearningPoint.model_construct(id="one", text=HOSTILE, title=HOSTILE)],
            recommendations=[
                Recommendation.model_construct(
                    id="first",
                    text=HOSTILE,
                    lead_agency=None,
                    scope=HOSTILE,
                    stage="identified",
                    rag=HOSTILE,
                    due=dt.date(2026, 1, 1),
                    evidence=HOSTILE,
                    actions=[],
                    updates=[
                        ProgressUpdate.model_construct(
                            date=dt.date(2025, 6, 1), note=HOSTILE, stage="disseminated", rag=None
                        )
                    ],
                    not_taken_forward=HOSTILE,
                )
            ],
            documents=[
                Document.model_construct(
                    title=HOSTILE, kind="full-report", url="report.pdf", format=None
                )
            ],
        )
    )


def _brief(brief_id: str, kind: str, published: dt.date) -> Brief:
    return Brief.model_construct(
        **_item(
            id=brief_id,
            title=HOSTILE,
            summary=HOSTILE,
            published=published,
            collection="brief",
            kind=kind,
            reviews=["sar-hostile"],
            audience=[],
            questions=[HOSTILE],
            disseminates=[],
        )
    )


#: A briefing body whose section headings (the panels' titles) are hostile.
PANELS = "\n".join(f"## {n}. {HOSTILE}\n\nText of section {n}.\n" for n in range(1, 8))


@pytest.fixture
def site(tmp_path: Path) -> Site:
    """A site of one hostile review, a seven-minute briefing and a thematic note on it."""
    shutil.copytree(REPO / "data", tmp_path / "data")
    (tmp_path / "reviews").mkdir()
    (tmp_path / "briefs").mkdir()
    site = load_site(tmp_path, dt.date(2026, 11, 26))
    site.__dict__["public"] = [
        _brief("7mb-hostile", "seven-minute-briefing", dt.date(2025, 3, 1)),
        _brief("tn-hostile", "thematic-note", dt.date(2025, 2, 1)),
        _review(),
    ]
    bodies = {"7mb-hostile": PANELS, "tn-hostile": "Plain body.", "sar-hostile": ""}
    site.__dict__["body"] = lambda item: bodies[item.id]
    return site


def test_a_hostile_review_page_shows_every_value_as_text(site: Site) -> None:
    page = Parsed(_markdown_to_html(render_item_page(site, site.by_id["sar-hostile"])))
    assert_nothing_made_of(page)
    # Title, summary, warning, pseudonym, author, learning title and text, recommendation text,
    # scope, RAG, evidence, not taken forward, update note, document title, and the briefs on
    # the review (the seven-minute briefing in the callout, both in the list of briefings).
    assert page.in_text(HOSTILE) == 17
    # A learning point's title is also in its copy-link control's label.
    assert page.in_attribute("aria-label", f"Copy link to learning point 1: {HOSTILE}") == 1
    # A recommendation's RAG rating is also in the class of its badge.
    assert page.in_attribute("class", f"lif-rag--{HOSTILE}") == 1


def test_a_hostile_seven_minute_briefing_shows_every_value_as_text(site: Site) -> None:
    page = Parsed(_markdown_to_html(render_item_page(site, site.by_id["7mb-hostile"])))
    assert_nothing_made_of(page)
    # Title, summary, the source review, seven panel titles, the question.
    assert page.in_text(HOSTILE) == 11
    for number in range(1, 8):
        assert page.in_attribute("aria-label", f"Copy link to section {number}: {HOSTILE}") == 1


def test_a_hostile_thematic_note_shows_every_value_as_text(site: Site) -> None:
    page = Parsed(_markdown_to_html(render_item_page(site, site.by_id["tn-hostile"])))
    assert_nothing_made_of(page)
    # Title, summary, the question, the review it draws on (catalogue, card title and summary).
    assert page.in_text(HOSTILE) == 6


def test_hostile_values_in_cards_stay_text_and_attribute_values(site: Site) -> None:
    html = render_cards(site, "reviews/", site.public)
    cards = Parsed(html)
    assert_nothing_made_of(cards)
    # Each card's title and summary; the briefs' routes to the review they draw on.
    assert cards.in_text(HOSTILE) == 8
    # The review's card links to its briefs by kind, with each brief's title as the link title.
    review_card = Parsed(render_item_card(site, "reviews/", site.by_id["sar-hostile"]))
    assert review_card.in_attribute("title", HOSTILE) == 2
    assert_nothing_made_of(review_card)


def test_a_hostile_listing_title_and_intro_stay_text(site: Site) -> None:
    pages = listing_pages(
        site,
        path_for=lambda n: "hostile/" if n == 1 else f"hostile/page/{n}/",
        title=HOSTILE,
        intro_html="<p>Trusted introduction.</p>",
        items=site.public,
        trail=[("", HOSTILE)],
        per_page=2,
    )
    parsed = [Parsed(_markdown_to_html(p.content)) for p in pages]
    for page in parsed:
        assert_nothing_made_of(page)
    # The breadcrumb and the heading on each page; each card's title and summary, and a brief's
    # route to the review it draws on (the two briefs first, then the review).
    assert [page.in_text(HOSTILE) for page in parsed] == [2 + 6, 2 + 2]


def test_a_link_escapes_its_text_and_attributes_as_esc_does() -> None:
    html = link("reviews/", "briefs/x/", 'A "quoted" <title> & it\'s', {"title": BREAKS_ATTRIBUTE})
    assert html == (
        '<a href="../briefs/x/" title="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;">'
        "A &quot;quoted&quot; &lt;title&gt; &amp; it&#x27;s</a>"
    )


#: An opening tag in a string literal.
_TAG = re.compile(r"<(?:a|p|li|ul|ol|div|span|section|nav|h[1-6]|dl|dt|dd|time|strong|aside)[\s>/]")


@pytest.mark.parametrize("module", ["item", "listings", "fragments"])
def test_the_item_listing_and_fragment_renderers_leave_markup_to_templates(module: str) -> None:
    source = REPO / "src" / "lif" / "render" / f"{module}.py"
    literals = [
        node.lineno
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and _TAG.search(node.value)
    ]
    assert literals == [], f"markup in string literals of {source.name}, lines {literals}"
