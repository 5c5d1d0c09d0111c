"""The learning library: item pages, listings, themes and the home page.

Most tests render from a small project written here (the repository's data, a few items made
with ``write_item``), so they do not depend on the example content. One real build of that
project checks the templates and the HTML; the tests over the example site compute what they
expect from ``load_site(REPO)``, independently of the rendered pages.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest
from support import (
    REPO,
    SEVEN_SECTIONS,
    brief_data,
    copy_project,
    review_data,
    run_build,
    write_item,
)

from lif.index.listings import pager_numbers
from lif.index.site import Site, load_site
from lif.index.themes import GROUP_LIMIT, alias_redirects, build_theme_index
from lif.model.content import Review
from lif.model.paths import (
    RESERVED_IDS,
    item_path,
    kind_listing_path,
    review_type_listing_path,
    year_path,
)
from lif.output.redirects import write_theme_aliases
from lif.render.item import DISCLAIMER, TEMPLATES, render_item_page
from lif.render.listings import (
    briefing_listing_pages,
    listing_pages,
    render_cards,
    render_latest,
    render_latest_briefings,
    render_latest_reviews,
    render_pager,
    render_user_routes,
    review_listing_pages,
)
from lif.render.pages import generated_pages
from lif.render.themes import (
    render_theme_browser,
    render_theme_index,
    render_theme_page,
    theme_pages,
)

TODAY = dt.date(2026, 11, 26)

#: A seven-minute briefing body whose third section is a list and whose headings are numbered.
BRIEFING_BODY = SEVEN_SECTIONS.replace(
    "Text of section 3.", "- First finding.\n- Second finding with [a link](https://example.org)."
)

REVIEW_Y = review_data(
    id="lcspr-child-y-2024",
    title="Local child safeguarding practice review: Child Y",
    review_type="child-safeguarding-practice-review",
    board="children",
    subject="Child Y",
    published="2024-06-01",
    themes=["neglect", "dv"],
    summary="Child Y was not seen by anyone for months. Nobody asked about the new partner.",
    content_warning="This review describes the neglect of a young child.",
    learning=[
        {"id": "see-the-child", "title": "See the child", "text": "Always see the child alone."},
        {"id": "new-partner", "text": "Ask who lives in the home."},
    ],
    recommendations=[
        {"id": "rec-1", "text": "Train staff in home visits.", "stage": "embedded"},
    ],
    documents=[
        {"title": "Overview report", "kind": "full-report", "url": "https://example.org/y.pdf"}
    ],
)
REVIEW_Z = review_data(
    themes=["neglect", "self-neglect"],
    methodology=["systems-approach"],
    agencies=["police"],
    learning=[
        {"id": "ask-twice", "text": "Ask a second time when someone says no."},
        {"id": "share-early", "title": "Share early", "text": "Share what you know early."},
    ],
)
BRIEFING = brief_data(
    id="7mb-adult-z",
    title="Seven-minute briefing: Adult Z",
    kind="seven-minute-briefing",
    published="2025-04-01",
    audience=["practitioners"],
    questions=["What would you do next time?", "Who else should know?"],
    themes=["self-neglect"],
)
EXEC_SUMMARY = brief_data()
THEMATIC = brief_data(
    id="tn-neglect",
    title="Thematic note: neglect in two reviews",
    kind="thematic-note",
    board="both",
    published="2025-05-01",
    reviews=["sar-adult-z-2025", "lcspr-child-y-2024"],
    audience=["managers"],
)


def write_library(root: Path) -> None:
    write_item(root, REVIEW_Y, body="## What happened\n\nThe review's own text.\n")
    write_item(root, REVIEW_Z)
    write_item(root, BRIEFING, body=BRIEFING_BODY)
    write_item(root, EXEC_SUMMARY, body="## Findings\n\nWhat the review found.\n")
    write_item(root, THEMATIC, body="## Common threads\n\nBoth reviews.\n")


def site_of(root: Path) -> Site:
    site = load_site(root, TODAY)
    assert [p.format() for p in site.errors] == []
    return site


@pytest.fixture
def library(project: Path) -> Site:
    write_library(project)
    return site_of(project)


def panel_ids(html: str) -> list[str]:
    """The ids of the briefing's panels, in document order (attributes in any order)."""
    ids = []
    for tag in re.findall(r"<section\b[^>]*>", html):
        if re.search(r'\bclass="lif-panel"', tag):
            found = re.search(r'\bid="([^"]+)"', tag)
            ids.append(found.group(1) if found else "")
    return ids


# --- Item pages (rendered Markdown) -------------------------------------------------------


def test_review_page_has_catalogue_warning_anchors_and_backlinks(library: Site) -> None:
    review = library.by_id["lcspr-child-y-2024"]
    page = render_item_page(library, review)
    assert "template: lif/review.html" in page
    # Catalogue: type linked to its guide, board, date, pseudonym, author, themes as links.
    assert 'href="../../review-types/child-safeguarding-practice-review/"' in page
    assert "<dt>Pseudonym</dt><dd>Child Y</dd>" in page
    assert "<dt>Author</dt><dd>Independent reviewer</dd>" in page
    assert '<time datetime="2024-06-01">1 June 2024</time>' in page
    # An alias in the front matter ("dv") links to the canonical theme.
    assert 'href="../../themes/domestic-abuse/"' in page
    assert 'href="../../themes/neglect/"' in page
    # The review's own warning, and where to get support.
    assert "This review describes the neglect of a young child." in page
    assert 'href="tel:116123"' in page
    # Every learning point has its anchor and a copy-link control to it.
    for point in review.learning:
        anchor = f"learning-{point.id}"
        assert f'<li id="{anchor}" class="lif-learning-point">' in page
        assert f'data-lif-copy="{anchor}"' in page
    assert 'id="recommendation-rec-1"' in page
    assert 'aria-current="step">' in page
    assert "(Full report, PDF)" in page
    # Backlink computed from the brief: the review file never names it.
    assert 'href="../../briefs/tn-neglect/"' in page
    assert "tn-neglect" not in (library.root / "reviews/lcspr-child-y-2024.md").read_text()


def test_review_without_a_warning_gets_the_default_and_support(library: Site) -> None:
    page = render_item_page(library, library.by_id["sar-adult-z-2025"])
    assert "death or serious harm of a child or an adult" in page
    assert "Samaritans" in page
    assert 'href="../../methodologies/systems-approach/"' in page
    # The seven-minute briefing is offered first to a reader short of time.
    callout = page[page.index('class="lif-callout"') :]
    assert 'href="../../briefs/7mb-adult-z/"' in callout[: callout.index("</p>")]


def test_briefing_has_seven_panels_in_order_with_questions_source_and_disclaimer(
    library: Site,
) -> None:
    page = render_item_page(library, library.by_id["7mb-adult-z"])
    assert f"template: {TEMPLATES['seven-minute-briefing']}" in page
    assert panel_ids(page) == [f"section-{n}" for n in range(1, 8)]
    titles = re.findall(r'<span class="lif-panel-title">([^<]+)</span>', page)
    assert titles[0] == "Background" and titles[-1] == "What to do"
    assert len(titles) == 7
    # Panels come before the questions, which come before the disclaimer.
    assert page.index('id="section-7"') < page.index('id="reflective-questions"')
    assert page.index('id="reflective-questions"') < page.index(DISCLAIMER)
    assert "<li>What would you do next time?</li>" in page
    assert 'href="../../reviews/sar-adult-z-2025/"' in page
    # The panels' Markdown is rendered by the page build (md_in_html on every wrapper).
    assert '<div class="lif-panels" markdown="1">' in page


@pytest.mark.parametrize("item_id", ["es-adult-z", "tn-neglect"])
def test_summaries_and_notes_link_every_review_they_draw_on(library: Site, item_id: str) -> None:
    brief = library.by_id[item_id]
    page = render_item_page(library, brief)
    assert f"template: {TEMPLATES[brief.kind]}" in page  # type: ignore[union-attr]
    assert "{#source-reviews}" in page
    for review_id in brief.reviews:  # type: ignore[union-attr]
        review = library.by_id[review_id]
        assert f'href="../../{item_path(review)}"' in page
        assert review.summary.split(".")[0] in page
        # ...and each of those reviews links back.
        assert f'href="../../{item_path(brief)}"' in render_item_page(library, review)
    assert DISCLAIMER in page


# --- Themes --------------------------------------------------------------------------------


def expected_theme_counts(site: Site) -> dict[str, tuple[int, int]]:
    """Reviews and briefs per theme, counted straight from the loaded items."""
    reviews: Counter[str] = Counter()
    briefs: Counter[str] = Counter()
    for item in site.public:
        for key in set(item.themes):
            (reviews if isinstance(item, Review) else briefs)[key] += 1
    return {k: (reviews[k], briefs[k]) for k in set(reviews) | set(briefs)}


def theme_counts_in(html: str) -> dict[str, tuple[int, int]]:
    rows = re.findall(r'data-theme="([^"]+)" data-reviews="(\d+)" data-briefs="(\d+)"', html)
    return {key: (int(r), int(b)) for key, r, b in rows}


def test_theme_index_counts_equal_the_content(library: Site) -> None:
    html = render_theme_index(library, "themes/")
    counts = theme_counts_in(html)
    assert counts == expected_theme_counts(library)
    assert counts["neglect"] == (2, 2)
    assert counts["domestic-abuse"] == (1, 0)
    assert "Abusive, threatening or controlling behaviour" in html  # the description
    assert "Themes with nothing published yet" in html


def test_theme_page_groups_newest_first_by_kind(library: Site) -> None:
    entry = build_theme_index(library)["neglect"]
    page = render_theme_page(library, entry)
    headings = re.findall(r"^## (.+?) \{#([a-z-]+)\}$", page, flags=re.M)
    assert [slug for _, slug in headings] == ["reviews", "executive-summary", "thematic-note"]
    reviews_part = page[page.index("{#reviews}") : page.index("{#executive-summary}")]
    assert reviews_part.index("sar-adult-z-2025") < reviews_part.index("lcspr-child-y-2024")
    assert "Also known as:" in page


def test_long_theme_groups_continue_on_their_own_listing(project: Path) -> None:
    for n in range(GROUP_LIMIT + 3):
        write_item(
            project,
            review_data(id=f"sar-adult-n{n}-2025", subject=f"Adult N{n}", themes=["hoarding"]),
        )
    site = site_of(project)
    entry = build_theme_index(site)["hoarding"]
    page = render_theme_page(site, entry)
    assert page.count('class="lif-card ') == GROUP_LIMIT
    assert 'href="reviews/"' in page
    listing = {p.src_uri: p.content for p in theme_pages(site)}
    assert listing["themes/hoarding/reviews.md"].count('class="lif-card ') == GROUP_LIMIT + 3


def test_aliases_lead_to_the_canonical_theme(library: Site, tmp_path: Path) -> None:
    redirects = alias_redirects(library)
    assert redirects["themes/dv/"] == "themes/domestic-abuse/"
    assert redirects["themes/child-neglect/"] == "themes/neglect/"
    assert not set(redirects) & {f"themes/{k}/" for k in library.vocab.themes.terms}
    write_theme_aliases(library, tmp_path)
    stub = (tmp_path / "themes/dv/index.html").read_text()
    assert 'content="0; url=../domestic-abuse/"' in stub
    assert '<a href="../domestic-abuse/">Domestic abuse and coercive control</a>' in stub
    assert "<script" not in stub


# --- Listings ------------------------------------------------------------------------------


def test_listing_pages_paginate_and_link_each_page(library: Site) -> None:
    items = library.public
    pages = listing_pages(
        library,
        path_for=lambda n: year_path(2025, n),
        title="Everything",
        intro_html="<p>All of it.</p>",
        items=items,
        trail=[("", "Home")],
        per_page=2,
    )
    assert [p.src_uri for p in pages] == [
        "reviews/by-year/2025.md",
        "reviews/by-year/2025/page/2.md",
        "reviews/by-year/2025/page/3.md",
    ]
    shown = [re.findall(r'data-lif-id="([^"]+)"', p.content) for p in pages]
    assert [len(s) for s in shown] == [2, 2, 1]
    assert [i for ids in shown for i in ids] == [i.id for i in items]
    assert "(page 2 of 3)" in pages[1].content
    assert 'href="../../"' in pages[1].content  # back to page 1 from page 2
    assert 'aria-current="page">2<' in pages[1].content
    assert "<p>All of it.</p>" in pages[0].content
    assert "<p>All of it.</p>" not in pages[1].content


def test_long_listings_show_a_short_pager() -> None:
    assert pager_numbers(1, 20) == [1, 2, 3, 20]
    assert pager_numbers(10, 20) == [1, 8, 9, 10, 11, 12, 20]
    assert pager_numbers(2, 3) == [1, 2, 3]
    html = render_pager("x/page/10/", lambda n: f"x/page/{n}/", 10, 20)
    assert html.count("lif-pager-gap") == 2
    assert 'aria-current="page">10<' in html
    assert 'href="../20/"' in html and 'href="../5/"' not in html


def test_every_review_is_in_its_year_and_type_listing(library: Site) -> None:
    pages = {p.src_uri: p.content for p in review_listing_pages(library)}
    for review in library.reviews:
        assert review.published is not None
        year_page = pages[year_path(review.published.year).rstrip("/") + ".md"]
        type_page = pages[review_type_listing_path(review.review_type).rstrip("/") + ".md"]
        assert f'data-lif-id="{review.id}"' in year_page
        assert f'data-lif-id="{review.id}"' in type_page
    # Every review type has a listing, used or not, so its address never breaks.
    for key in library.vocab.review_types.terms:
        assert review_type_listing_path(key).rstrip("/") + ".md" in pages
    assert "Reviews published in 2024" in pages["reviews/by-year/2024.md"]


def test_briefs_are_listed_by_kind_and_audience(library: Site) -> None:
    pages = {p.src_uri: p.content for p in briefing_listing_pages(library)}
    kind_page = pages[kind_listing_path("seven-minute-briefing").rstrip("/") + ".md"]
    assert re.findall(r'data-lif-id="([^"]+)"', kind_page) == ["7mb-adult-z"]
    assert 'data-lif-id="7mb-adult-z"' in pages["briefings/by-audience/practitioners.md"]
    assert 'data-lif-id="tn-neglect"' in pages["briefings/by-audience/managers.md"]


def test_cards_escape_front_matter(project: Path) -> None:
    write_item(project, review_data(summary='Ages 3 < 5 & "quoted" text'))
    site = site_of(project)
    html = render_cards(site, "reviews/", site.public)
    assert "Ages 3 &lt; 5 &amp; &quot;quoted&quot; text" in html


def test_home_routes_serve_three_kinds_of_reader() -> None:
    html = render_user_routes("")
    assert html.count('class="lif-route"') == 3
    for path in ("briefings/by-kind/seven-minute-briefing/", "how-to-publish/", "for-trainers/"):
        assert f'href="{path}"' in html


# --- A new item needs no other file --------------------------------------------------------


def everything(site: Site) -> dict[str, str]:
    """Every generated page and every listing fragment the section pages show."""
    out = {p.src_uri: p.content for p in generated_pages(site)}
    out["home: latest"] = render_latest(site, "", 6)
    out["home: themes"] = render_theme_browser(site, "", 100)
    out["reviews: latest"] = render_latest_reviews(site, "reviews/", 10)
    out["briefings: latest"] = render_latest_briefings(site, "briefings/", 10)
    out["themes: index"] = render_theme_index(site, "themes/")
    return out


def test_a_new_item_appears_in_every_listing_theme_page_and_backlink(project: Path) -> None:
    write_library(project)
    before = everything(site_of(project))
    new_review = review_data(
        id="sar-adult-q-2026",
        subject="Adult Q",
        published="2026-11-01",
        themes=["hoarding", "neglect"],
    )
    new_brief = brief_data(
        id="7mb-adult-q",
        kind="seven-minute-briefing",
        published="2026-11-02",
        reviews=["sar-adult-q-2026"],
        questions=["What now?"],
        audience=["trainers"],
        themes=["hoarding"],
    )
    write_item(project, new_review)
    write_item(project, new_brief, body=SEVEN_SECTIONS)
    after = everything(site_of(project))

    def holds(key: str, item_id: str) -> bool:
        return f'data-lif-id="{item_id}"' in after[key] and item_id not in before.get(key, "")

    for key in (
        "home: latest",
        "reviews: latest",
        "reviews/by-year/2026.md",
        "reviews/by-type/safeguarding-adults-review.md",
        "themes/hoarding.md",
        "themes/neglect.md",
    ):
        assert holds(key, "sar-adult-q-2026"), key
    for key in (
        "home: latest",
        "briefings: latest",
        "briefings/by-kind/seven-minute-briefing.md",
        "briefings/by-audience/trainers.md",
        "themes/hoarding.md",
    ):
        assert holds(key, "7mb-adult-q"), key
    assert 'href="../../briefs/7mb-adult-q/"' in after["reviews/sar-adult-q-2026.md"]
    assert theme_counts_in(after["themes: index"])["hoarding"] == (1, 1)
    assert "hoarding" not in theme_counts_in(before["themes: index"])


# --- The checker keeps listing addresses free --------------------------------------------


@pytest.mark.parametrize("reserved", sorted(RESERVED_IDS))
def test_an_id_that_would_take_a_listing_address_is_refused(project: Path, reserved: str) -> None:
    path = write_item(project, review_data(id=reserved))
    site = load_site(project, TODAY)
    messages = [p.format() for p in site.errors if "reserved" in p.message]
    assert len(messages) == 1
    assert messages[0].startswith(f"{path.relative_to(project).as_posix()}:2:")
    assert f"'{reserved}'" in messages[0]


# --- One real build of the small project ---------------------------------------------------


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("library")
    copy_project(root)
    write_library(root)
    result = run_build(root, root / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    return root / "site"


def read(site_dir: Path, path: str) -> str:
    return (site_dir / path / "index.html").read_text(encoding="utf-8")


@pytest.mark.build
def test_built_pages_use_their_templates(small_site: Path) -> None:
    assert 'class="lif-item lif-item--review"' in read(small_site, "reviews/sar-adult-z-2025")
    assert 'class="lif-item lif-item--briefing"' in read(small_site, "briefs/7mb-adult-z")
    assert "lif-item--executive-summary" in read(small_site, "briefs/es-adult-z")
    assert "lif-item--thematic-note" in read(small_site, "briefs/tn-neglect")


@pytest.mark.build
def test_built_briefing_has_seven_rendered_panels_in_order(small_site: Path) -> None:
    html = read(small_site, "briefs/7mb-adult-z")
    assert panel_ids(html) == [f"section-{n}" for n in range(1, 8)]
    third = html[html.index('id="section-3"') : html.index('id="section-4"')]
    assert "<li>First finding.</li>" in third
    assert 'href="https://example.org"' in third
    assert "lif-print-source" in html
    assert "https://learning.example.org.uk/briefs/7mb-adult-z/" in html


@pytest.mark.build
def test_built_review_has_anchors_and_links_both_ways(small_site: Path) -> None:
    review = read(small_site, "reviews/lcspr-child-y-2024")
    assert re.findall(r'<li id="(learning-[a-z-]+)"', review) == [
        "learning-see-the-child",
        "learning-new-partner",
    ]
    assert 'href="../../briefs/tn-neglect/"' in review
    assert 'href="../../reviews/lcspr-child-y-2024/"' in read(small_site, "briefs/tn-neglect")


@pytest.mark.build
def test_built_listings_themes_and_home(small_site: Path) -> None:
    site = site_of(small_site.parent)
    theme_index = read(small_site, "themes")
    assert theme_counts_in(theme_index) == expected_theme_counts(site)
    for path in (
        "reviews/by-year/2024",
        "reviews/by-type/child-safeguarding-practice-review",
        "themes/domestic-abuse",
    ):
        assert 'data-lif-id="lcspr-child-y-2024"' in read(small_site, path), path
    home = read(small_site, "")
    form = re.search(r'<form class="lif-search" role="search" action="([^"]+)"', home)
    assert form is not None and form.group(1) == "search/"
    assert '<input type="search" id="lif-search-q" name="q"' in home
    assert home.count('class="lif-route"') == 3
    assert 'data-lif-id="7mb-adult-z"' in home
    assert 'href="themes/neglect/"' in home
    assert 'href="reviews/by-type/safeguarding-adults-review/"' in home
    assert 'href="briefings/by-audience/practitioners/"' in home
    alias = (small_site / "themes/dv/index.html").read_text()
    assert "url=../domestic-abuse/" in alias
    # Listings and theme pages stay out of the navigation copied into every page.
    nav = home[home.index("md-sidebar--primary") : home.index("md-sidebar--secondary")]
    assert "by-year" not in nav and "themes/neglect" not in nav


# --- The example content -------------------------------------------------------------------


@pytest.fixture(scope="module")
def example() -> Site:
    site = load_site(REPO)
    assert site.errors == [], [p.format() for p in site.errors]
    return site


def test_example_theme_counts_equal_the_content(built_site: Path, example: Site) -> None:
    assert theme_counts_in(read(built_site, "themes")) == expected_theme_counts(example)


def test_example_items_are_on_each_of_their_theme_pages(built_site: Path, example: Site) -> None:
    for item in example.public:
        for key in set(item.themes):
            assert f'data-lif-id="{item.id}"' in read(built_site, f"themes/{key}"), (item.id, key)


def test_example_briefings_and_reviews_have_their_structure(
    built_site: Path, example: Site
) -> None:
    briefings = [b for b in example.briefs if b.kind == "seven-minute-briefing"]
    assert briefings, "the example content has seven-minute briefings"
    for brief in briefings:
        html = read(built_site, item_path(brief))
        assert panel_ids(html) == [f"section-{n}" for n in range(1, 8)], brief.id
    for review in example.reviews:
        html = read(built_site, item_path(review))
        for point in review.learning:
            assert f'id="learning-{point.id}"' in html, (review.id, point.id)
        for brief in example.briefs_by_review.get(review.id, []):
            assert f'href="../../{item_path(brief)}"' in html, (review.id, brief.id)
