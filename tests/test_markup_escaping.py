"""Hostile titles, summaries and labels are shown as text in the print view, the newsletter
digest, the redirect pages and the search page: the templates' autoescape holds even when the
checker is bypassed (the values go straight into the renderers)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from html.parser import HTMLParser
from pathlib import Path

import pytest
from support import TODAY, review_data, write_item

from lif.index.packs import Digest, pack_item
from lif.index.redirects import RedirectPage
from lif.index.site import Site, load_site
from lif.model.content import Item, LearningPoint
from lif.output.digest import render_digest_html
from lif.render.packs import render_print_page
from lif.render.redirects import render_redirect_page, render_theme_alias_page
from lif.render.search import search_pages

HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'


class Page(HTMLParser):
    """What a browser would make of a page: its elements, their attributes, and its text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str]] = []
        self.text = ""
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [(name, value or "") for name, value in attrs]

    def handle_data(self, data: str) -> None:
        self.text += data


def assert_shown_as_text(html: str, times: int, scripts: int = 0) -> Page:
    """``HOSTILE`` is in the page's text ``times`` times and made no element or handler."""
    page = Page(html)
    assert "img" not in page.tags
    assert page.tags.count("script") == scripts
    assert [name for name, _ in page.attributes if name.startswith("on")] == []
    assert page.text.count(HOSTILE) == times
    assert "<script>alert(1)" not in html
    return page


@pytest.fixture
def site(project: Path) -> Site:
    """A project with one review on neglect, the theme labelled ``HOSTILE`` in memory (past
    the loader, which refuses markup in the data files)."""
    write_item(project, review_data())
    site = load_site(project, dt.date.fromisoformat(TODAY))
    assert site.errors == [], "\n".join(p.format() for p in site.errors)
    terms = dict(site.vocab.themes.terms)
    terms["neglect"] = dataclasses.replace(terms["neglect"], label=HOSTILE)
    object.__setattr__(site.vocab.themes, "terms", terms)
    return site


@pytest.fixture
def hostile(site: Site) -> Item:
    """The site's review with a hostile title, summary and learning point, unchecked."""
    review = site.by_id["sar-adult-z-2025"]
    point = LearningPoint.model_construct(id="ask-twice", title=HOSTILE, text=HOSTILE)
    return review.model_copy(update={"title": HOSTILE, "summary": HOSTILE, "learning": [point]})


def test_the_print_view_shows_hostile_values_as_text(site: Site, hostile: Item) -> None:
    html = render_print_page(site, "neglect", [hostile])
    body = html.split("---\n", 2)[2]
    # The theme's label (heading, introduction, link back), the item's title, summary, learning
    # point (title and text) and citation (which holds the title).
    assert_shown_as_text(body, times=8)
    assert 'id="print-sar-adult-z-2025"' in body


def test_the_digest_shows_hostile_values_as_text(site: Site, hostile: Item) -> None:
    entry = pack_item(site, hostile, "https://learning.example.org.uk/", "Hub")
    digest = Digest(
        title=HOSTILE,
        start=dt.date(2025, 1, 1),
        end=dt.date(2025, 12, 31),
        site_name=HOSTILE,
        base_url="https://learning.example.org.uk/",
        new=(entry,),
        updated=(entry,),
    )
    # <title> and <h1>, the site's name, and title, summary and key learning of each entry.
    page = assert_shown_as_text(render_digest_html(digest), times=9)
    assert ("href", "https://learning.example.org.uk/reviews/sar-adult-z-2025/") in (
        page.attributes
    )


def test_a_redirect_page_shows_hostile_values_as_text(site: Site, hostile: Item) -> None:
    old = RedirectPage(
        path="reviews/sar-adult-z-old/",
        target=hostile,
        target_anchor=None,
        anchors={HOSTILE: "learning-ask-twice"},
    )
    html = render_redirect_page(site, old, "https://learning.example.org.uk/")
    # The <title> and the link; the one script is the site's own file.
    page = assert_shown_as_text(html, times=2, scripts=1)
    assert ("src", "../../assets/trainers.js") in page.attributes
    anchors = dict(page.attributes)["data-lif-anchors"]
    assert HOSTILE.replace('"', '\\"') in anchors


def test_a_theme_alias_page_shows_a_hostile_label_as_text(site: Site) -> None:
    html = render_theme_alias_page(site, "themes/neglect-old/", "themes/neglect/")
    page = assert_shown_as_text(html, times=2)
    assert ("href", "../neglect/") in page.attributes


def test_the_search_page_shows_a_hostile_facet_label_as_text(site: Site) -> None:
    (search,) = search_pages(site)
    body = search.content.split("---\n", 2)[2]
    # The theme's checkbox label.
    page = assert_shown_as_text(body, times=1)
    assert ("value", "neglect") in page.attributes
