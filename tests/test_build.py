"""Real strict builds: items mounted at permanent addresses, nothing unpublished in any output."""

from __future__ import annotations

import re
from pathlib import Path

from support import REPO, SEVEN_SECTIONS, brief_data, review_data, run_build, write_item
from test_yaml_reader import BILLION_LAUGHS

from lif.index.site import load_site
from lif.model.paths import item_path


def test_small_site_builds_and_mounts_items_at_their_ids(project: Path) -> None:
    write_item(project, review_data(), body="## Background\n\nShown {{ as text }}.\n")
    write_item(project, brief_data())
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    review = (project / "site/reviews/sar-adult-z-2025/index.html").read_text()
    assert "Shown {{ as text }}." in review
    assert 'id="learning-ask-twice"' in review
    brief = (project / "site/briefs/es-adult-z/index.html").read_text()
    assert 'href="../../reviews/sar-adult-z-2025/"' in brief
    assert 'href="../../briefs/es-adult-z/"' in review


def test_invalid_content_fails_the_build_with_the_checkers_message(project: Path) -> None:
    write_item(project, review_data(themes=["neglet"]))
    result = run_build(project)
    assert result.returncode != 0
    assert "reviews/sar-adult-z-2025.md:" in result.stderr
    assert "themes: unknown theme 'neglet'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "site/reviews/sar-adult-z-2025").exists()


def test_front_matter_is_escaped_in_pages(project: Path) -> None:
    write_item(project, review_data(summary="Ages 3 < 5 & \"quoted\" 'text' > here"))
    assert run_build(project).returncode == 0
    page = (project / "site/reviews/sar-adult-z-2025/index.html").read_text()
    # The cleaner writes the text as it parsed it: quotes need no escaping in text.
    assert "Ages 3 &lt; 5 &amp; \"quoted\" 'text' &gt; here" in page


def test_items_stay_out_of_the_navigation(project: Path) -> None:
    write_item(project, review_data())
    assert run_build(project).returncode == 0
    home = (project / "site/index.html").read_text()
    start = home.index("md-sidebar--primary")
    nav = home[start : home.index("md-sidebar--secondary", start)]
    assert 'aria-label="Navigation"' in nav
    assert "sar-adult-z-2025" not in nav
    assert "sar-adult-z-2025" in home  # the home page lists it among the latest learning


def test_unpublished_items_leave_no_trace_and_publish_on_the_day(project: Path) -> None:
    write_item(project, review_data())
    write_item(project, review_data(id="draft-marker-review", status="draft", published=None))
    embargoed = review_data(
        id="embargo-marker-review", publish_on="2027-01-05", published="2027-01-05"
    )
    write_item(project, embargoed)
    brief = brief_data(
        id="7mb-embargo-marker",
        kind="seven-minute-briefing",
        questions=["Why?"],
        publish_on="2027-01-05",
        published="2027-01-05",
        reviews=["embargo-marker-review"],
    )
    write_item(project, brief, body=SEVEN_SECTIONS)
    assert run_build(project).returncode == 0
    for path in (project / "site").rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for marker in (b"draft-marker", b"embargo-marker"):
                assert marker not in data, f"{marker!r} leaked into {path}"
    on_the_day = run_build(project, project / "site2", LIF_TODAY="2027-01-05")
    assert on_the_day.returncode == 0
    assert (project / "site2/reviews/embargo-marker-review/index.html").is_file()
    assert (project / "site2/briefs/7mb-embargo-marker/index.html").is_file()
    assert not (project / "site2/reviews/draft-marker-review").exists()


def test_output_contract_every_public_item_has_exactly_one_page(built_site: Path) -> None:
    """The example content: one page per public item, none for the others."""
    site = load_site(REPO)
    assert site.errors == [], [p.format() for p in site.errors]
    pages = {
        p.parent.relative_to(built_site).as_posix() + "/"
        for p in built_site.rglob("index.html")
        if p.parent.parent.name in {"reviews", "briefs"}
    }
    expected = {item_path(i) for i in site.public}
    mounted = {p for p in pages if p.split("/")[1] in {i.id for i in site.library.items}}
    assert mounted == expected
    hidden = [i for i in site.library.items if i.id not in site.public_ids]
    assert hidden, "the example content has a draft and an embargoed item"
    for item in hidden:
        marker = re.compile(re.escape(item.id).encode())
        for path in built_site.rglob("*"):
            if path.is_file():
                assert not marker.search(path.read_bytes()), f"{item.id} leaked into {path}"


def test_markdown_in_a_title_stays_text_and_the_page_has_one_heading(project: Path) -> None:
    write_item(project, review_data(title="Adult Z [click](javascript:alert(1)) *bold*"))
    assert run_build(project).returncode == 0
    page = (project / "site/reviews/sar-adult-z-2025/index.html").read_text()
    assert page.count("<h1") == 1
    assert "Adult Z [click](javascript:alert(1)) *bold*</h1>" in page
    assert 'href="javascript:' not in page


def test_refused_yaml_fails_the_build_with_the_checkers_message(project: Path) -> None:
    (project / "reviews").mkdir(exist_ok=True)
    (project / "reviews" / "lol.md").write_text(f"---\n{BILLION_LAUGHS}---\nBody\n")
    path = write_item(project, review_data(status="draft"))
    path.write_text(path.read_text().replace("\n---\n", "\nstatus: published\n---\n", 1))
    result = run_build(project)
    assert result.returncode != 0
    assert "reviews/lol.md:2:4: a: anchors ('&a') are not allowed" in result.stderr
    assert "'status' is listed twice" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "site/reviews/sar-adult-z-2025").exists()
