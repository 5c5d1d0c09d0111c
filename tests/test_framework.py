"""The framework's pages: review-type and methodology guides, comparison and appendix tables.

Pure renderers are tested on a small project in ``tmp_path`` (the repository's data and a few
reviews written here); one real build checks that a new review file appears on its guides.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from support import REPO, brief_data, review_data, run_build, write_item
from test_framework_data import APPENDIX_A, APPENDIX_B, APPENDIX_C

from lif.index.site import Site, load_site
from lif.load.data import load_framework
from lif.model.framework import FrameworkDataError
from lif.render.framework import (
    framework_pages,
    render_appendix_table,
    render_methodology_index,
    render_practice_changes,
    render_review_type_comparison,
    render_review_type_guide,
)
from lif.render.pages import generated_pages

TODAY = dt.date(2026, 11, 26)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A project with the repository's data and no content."""
    (tmp_path / "data").mkdir()
    for source in (REPO / "data").glob("*.yml"):
        (tmp_path / "data" / source.name).write_text(source.read_text("utf-8"), "utf-8")
    (tmp_path / "reviews").mkdir()
    (tmp_path / "briefs").mkdir()
    return tmp_path


def site_of(root: Path) -> Site:
    site = load_site(root, TODAY)
    assert [p.format() for p in site.errors] == []
    return site


def pages_by_path(site: Site) -> dict[str, str]:
    return {page.src_uri: page.content for page in framework_pages(site)}


def front_matter(content: str) -> dict[str, Any]:
    _, front, _ = content.split("---\n", 2)
    return yaml.safe_load(front)


def sar(**changes: Any) -> dict[str, Any]:
    return review_data(**changes)


# --- One page per term --------------------------------------------------------------------------


def test_one_guide_per_review_type_and_per_methodology(root: Path) -> None:
    site = site_of(root)
    pages = pages_by_path(site)
    for key, term in ((t.key, t) for t in site.vocab.review_types):
        content = pages[f"review-types/{key}.md"]
        assert front_matter(content)["title"] == term.label
    for term in site.vocab.methodologies:
        assert front_matter(pages[f"methodologies/{term.key}.md"])["title"] == term.label
    assert len(pages) == len(site.vocab.review_types) + len(site.vocab.methodologies)


def test_the_guides_are_mounted_with_the_other_generated_pages(project: Path) -> None:
    # The whole project (mkdocs.yml included): other page providers read the site's settings.
    write_item(project, sar())
    paths = {page.src_uri for page in generated_pages(site_of(project))}
    assert "review-types/safeguarding-adults-review.md" in paths
    assert "methodologies/case-mapping.md" in paths
    assert "reviews/sar-adult-z-2025.md" in paths


def test_every_type_and_method_named_in_the_appendices_has_a_page(root: Path) -> None:
    pages = pages_by_path(site_of(root))
    for _, key, _ in APPENDIX_A + APPENDIX_B:
        assert f"review-types/{key}.md" in pages
    for _, key, _ in APPENDIX_C:
        assert f"methodologies/{key}.md" in pages
    for key in ("scie-learning-together", "silp"):
        assert f"methodologies/{key}.md" in pages


def test_a_type_added_to_the_data_gets_a_guide_and_a_row(root: Path) -> None:
    path = root / "data" / "review_types.yml"
    types = yaml.safe_load(path.read_text("utf-8"))
    # A copy, not shared lists: the data files are read without YAML anchors and aliases.
    new = dict(
        copy.deepcopy(types["peer-review"]),
        label="Practice week review",
        aliases=[],
        appendix_row=4,
        appendix_title="Practice week",
        appendix_points=["Staff shadow each other."],
    )
    types["practice-week-review"] = new
    path.write_text(yaml.safe_dump(types, sort_keys=False), "utf-8")
    site = site_of(root)
    assert "review-types/practice-week-review.md" in pages_by_path(site)
    table = render_appendix_table(site, "framework/appendix-b/", "B")
    assert "Practice week" in table and "Staff shadow each other." in table


# --- A review type's guide ---------------------------------------------------------------------


def test_the_guide_lists_its_published_reviews_newest_first(root: Path) -> None:
    write_item(root, sar(id="sar-older", title="SAR older", published="2024-01-10"))
    write_item(root, sar(id="sar-newer", title="SAR newer", published="2025-06-01"))
    write_item(root, sar(id="sar-draft", title="SAR draft", status="draft", published=None))
    write_item(
        root,
        sar(
            id="sar-embargoed",
            title="SAR embargoed",
            published="2027-01-05",
            publish_on="2027-01-05",
        ),
    )
    write_item(
        root,
        review_data(
            id="malr-other", title="MALR other", review_type="multi-agency-learning-review"
        ),
    )
    guide = render_review_type_guide(site_of(root), "safeguarding-adults-review")
    listing = guide[guide.index("## Published reviews") :]
    assert listing.index("SAR newer") < listing.index("SAR older")
    assert 'href="../../reviews/sar-newer/"' in listing
    assert "2 published, newest first." in listing
    for absent in ("SAR draft", "SAR embargoed", "sar-draft", "sar-embargoed", "MALR other"):
        assert absent not in guide


def test_the_guide_lists_the_briefs_of_its_reviews(root: Path) -> None:
    write_item(root, sar())
    write_item(root, brief_data())
    guide = render_review_type_guide(site_of(root), "safeguarding-adults-review")
    briefings = guide[guide.index("## Briefings") :]
    assert 'href="../../briefs/es-adult-z/"' in briefings
    card = guide[guide.index("## Published reviews") : guide.index("## Briefings")]
    assert "Briefings: " in card and "Executive summary: Adult Z" in card


def test_the_guide_sets_out_the_data_fields(root: Path) -> None:
    site = site_of(root)
    entry = load_framework(site.vocab).review_types["safeguarding-adults-review"]
    guide = render_review_type_guide(site, "safeguarding-adults-review")
    for heading in (
        "## At a glance",
        "## When is it needed?",
        "## Who commissions it",
        "## How it works, step by step",
        "## How the learning is shared",
        "## Publication",
        "## Methods it can use",
        "## What the 2017 framework says",
        "## Published reviews",
        "## Briefings",
    ):
        assert heading in guide
    assert entry.legal_basis in guide
    assert 'href="../../methodologies/systems-approach/"' in guide
    assert 'href="../../framework/appendix-a/"' in guide
    assert "Care Act 2014 criteria for adult Serious Case Review met." in guide
    assert "No reviews of this type have been published here yet." in guide


def test_practice_changes_show_as_a_note_and_old_and_new_names_link(root: Path) -> None:
    site = site_of(root)
    scr = render_review_type_guide(site, "serious-case-review")
    assert 'class="admonition info lif-practice-change"' in scr
    assert "Since 2018: replaced by local child safeguarding practice reviews" in scr
    assert 'href="../child-safeguarding-practice-review/"' in scr
    lcspr = render_review_type_guide(site, "child-safeguarding-practice-review")
    assert 'href="../serious-case-review/"' in lcspr
    assert "Not in the 2017 framework" in lcspr
    dhr = render_review_type_guide(site, "domestic-homicide-review")
    assert "domestic abuse related death reviews" in dhr


def test_the_guide_names_the_appendix_title_when_it_differs(root: Path) -> None:
    guide = render_review_type_guide(site_of(root), "multi-agency-learning-review")
    assert "It calls this review “Multi-agency case review”." in guide


def test_values_from_content_are_escaped(root: Path) -> None:
    write_item(root, sar(summary='Ages 3 < 5 & "quoted" here', subject='Adult "Z"'))
    guide = render_review_type_guide(site_of(root), "safeguarding-adults-review")
    assert "Ages 3 &lt; 5 &amp; &quot;quoted&quot; here" in guide
    assert "Adult &quot;Z&quot;" in guide
    assert "3 < 5" not in guide


def test_a_type_not_published_as_cases_says_so(root: Path) -> None:
    guide = render_review_type_guide(site_of(root), "child-death-review")
    assert "Single cases of this kind are not published." in guide


# --- Methodology guides -----------------------------------------------------------------------


def test_a_methodology_guide_lists_reviews_that_used_it_or_a_version_of_it(root: Path) -> None:
    write_item(root, sar(id="sar-silp", title="SAR with SILP", methodology=["silp"]))
    write_item(root, sar(id="sar-rca", title="SAR with RCA", methodology=["rca"]))
    site = site_of(root)
    pages = pages_by_path(site)
    assert "SAR with SILP" in pages["methodologies/silp.md"]
    assert "SAR with SILP" in pages["methodologies/systems-approach.md"]
    assert "SAR with SILP" not in pages["methodologies/root-cause-analysis.md"]
    assert "SAR with RCA" in pages["methodologies/root-cause-analysis.md"]  # alias resolved
    assert (
        "No published review here has used this method yet."
        in pages["methodologies/case-mapping.md"]
    )


def test_a_methodology_guide_has_its_techniques_versions_and_framework_text(root: Path) -> None:
    pages = pages_by_path(site_of(root))
    rca = pages["methodologies/root-cause-analysis.md"]
    assert "<dt>Five whys</dt>" in rca
    assert "Cause and effect (fishbone)." in rca  # the framework's own sub-point
    systems = pages["methodologies/systems-approach.md"]
    assert 'href="../silp/"' in systems and 'href="../scie-learning-together/"' in systems
    assert 'rel="noopener noreferrer external"' in systems
    silp = pages["methodologies/silp.md"]
    assert 'href="../systems-approach/"' in silp
    assert "of which this is one version" in silp
    assert 'href="../../review-types/safeguarding-adults-review/"' in silp
    imr = pages["methodologies/independent-management-review.md"]
    assert "lif-practice-change" in imr


# --- Tables -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("appendix", "expected"), [("A", APPENDIX_A), ("B", APPENDIX_B), ("C", APPENDIX_C)]
)
def test_the_appendix_table_has_every_row_and_point_in_order(
    root: Path, appendix: str, expected: list[tuple[str, str, list[str]]]
) -> None:
    page = f"framework/appendix-{appendix.lower()}/"
    table = render_appendix_table(site_of(root), page, appendix)
    assert table.count('<th scope="row">') == len(expected)
    assert "<caption id=" in table and table.count('<th scope="col">') == 3
    assert "What has changed since 2017" in table
    positions = []
    for title, key, phrases in expected:
        folder = "methodologies" if appendix == "C" else "review-types"
        anchor = f'href="../../{folder}/{key}/">{title}</a>'
        assert anchor in table
        positions.append(table.index(anchor))
        for phrase in phrases:
            assert phrase.replace('"', "&quot;") in table, phrase
    assert positions == sorted(positions)


def test_the_appendix_tables_show_what_changed(root: Path) -> None:
    site = site_of(root)
    table_a = render_appendix_table(site, "framework/appendix-a/", "statutory")
    assert "Since 2018: replaced by local child safeguarding practice reviews" in table_a
    assert "Not a board review" in table_a  # mental health homicide and SFO reviews
    assert "Guide: Safeguarding adults review" in table_a  # the framework's name differs
    table_c = render_appendix_table(site, "framework/appendix-c/", "methodologies")
    assert "Versions: " in table_c and 'href="../../methodologies/silp/"' in table_c


def test_an_unknown_appendix_names_the_allowed_ones(root: Path) -> None:
    with pytest.raises(ValueError, match=r"unknown appendix 'D'; use one of: .*statutory"):
        render_appendix_table(site_of(root), "framework/appendix-a/", "D")


def test_the_comparison_shows_current_types_and_lists_older_names(root: Path) -> None:
    write_item(root, sar())
    table = render_review_type_comparison(site_of(root), "review-types/")
    rows = table[: table.index("</table>")]
    assert 'href="safeguarding-adults-review/">Safeguarding adults review (SAR)</a>' in rows
    assert 'href="serious-case-review/"' not in rows
    assert 'href="domestic-homicide-review/"' not in rows
    older = table[table.index("</table>") :]
    assert 'href="serious-case-review/"' in older
    assert 'href="child-safeguarding-practice-review/"' in older
    sar_row = rows[rows.index("safeguarding-adults-review/") :]
    assert sar_row[: sar_row.index("</tr>")].endswith('<td data-label="Reviews here">1</td>')


def test_the_methodology_index_and_practice_changes(root: Path) -> None:
    site = site_of(root)
    index = render_methodology_index(site, "methodologies/")
    assert index.count('<th scope="row">') == len(site.vocab.methodologies)
    assert "A version of Multi-agency systems approach" in index
    changes = render_practice_changes(site, "framework/changes-since-2017/")
    fw = load_framework(site.vocab)
    expected = [
        e
        for e in list(fw.review_types.values()) + list(fw.methodologies.values())
        if e.practice_change
    ]
    assert changes.count("<li>") == len(expected)
    assert 'href="../../review-types/serious-case-review/"' in changes


# --- Bad data fails loudly, through the checker -------------------------------------------------


def test_bad_framework_data_is_a_problem_of_the_site_and_stops_the_renderers(root: Path) -> None:
    path = root / "data" / "methodologies.yml"
    methods = yaml.safe_load(path.read_text("utf-8"))
    del methods["case-mapping"]["best_for"]
    path.write_text(yaml.safe_dump(methods), "utf-8")
    site = load_site(root, TODAY)
    assert any(
        p.path == "data/methodologies.yml" and p.field == "case-mapping.best_for"
        for p in site.errors
    )
    with pytest.raises(FrameworkDataError, match=r"case-mapping\.best_for"):
        framework_pages(site)


# --- A real build --------------------------------------------------------------------------------


@pytest.mark.build
def test_a_new_review_file_appears_on_its_guides_in_a_build(project: Path) -> None:
    if not (project / "mkdocs.yml").exists() or not (project / "macros" / "main.py").exists():
        pytest.skip("the mkdocs glue is not in this tree")
    write_item(project, review_data(methodology=["appreciative-inquiry"]))
    result = run_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    site = project / "site"
    guide = (site / "review-types/safeguarding-adults-review/index.html").read_text("utf-8")
    assert 'href="../../reviews/sar-adult-z-2025/"' in guide
    assert "Safeguarding adults review: Adult Z" in guide
    method = (site / "methodologies/appreciative-inquiry/index.html").read_text("utf-8")
    assert 'href="../../reviews/sar-adult-z-2025/"' in method
    assert (site / "reviews/sar-adult-z-2025/index.html").exists()
    for appendix, rows in (("a", APPENDIX_A), ("b", APPENDIX_B), ("c", APPENDIX_C)):
        html = (site / f"framework/appendix-{appendix}/index.html").read_text("utf-8")
        assert html.count('<th scope="row">') == len(rows)
    comparison = (site / "review-types/index.html").read_text("utf-8")
    assert 'href="safeguarding-adults-review/"' in comparison
    for page in (
        "framework/index.html",
        "framework/changes-since-2017/index.html",
        "methodologies/index.html",
    ):
        assert (site / page).exists(), page
