"""The loader: every problem in every file, placed at its file, line and field; valid items kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import REPO, brief_data, review_data, write_item
from test_yaml_reader import BILLION_LAUGHS

from lif.check import rules
from lif.index.site import load_site
from lif.load import content
from lif.load.data import load_vocabularies


@pytest.fixture(scope="module")
def vocab():
    return load_vocabularies(REPO / "data")


def write_raw(root: Path, rel: str, text: str | bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def problems_of(root: Path) -> list[str]:
    return [p.format() for p in load_site(root).problems]


def test_valid_review_and_brief_load_without_problems(project: Path) -> None:
    write_item(project, review_data())
    write_item(project, brief_data())
    site = load_site(project)
    assert site.problems == []
    assert sorted(i.id for i in site.public) == ["es-adult-z", "sar-adult-z-2025"]


def test_broken_yaml_reports_the_line(project: Path) -> None:
    write_raw(
        project,
        "reviews/bad.md",
        "---\nid: bad\ntitle: A title: with a colon\nthemes: [neglect\n---\nBody\n",
    )
    [problem] = load_site(project).problems
    assert problem.path == "reviews/bad.md"
    assert problem.field == "front matter"
    assert problem.line == 3
    assert "broken YAML" in problem.message


def test_missing_front_matter(project: Path) -> None:
    write_raw(project, "reviews/plain.md", "# Just a heading\n\nNo fields.\n")
    [problem] = load_site(project).problems
    assert (problem.path, problem.line, problem.field) == ("reviews/plain.md", 1, "front matter")
    assert "no front matter" in problem.message


def test_undecodable_bytes_name_line_and_column(project: Path) -> None:
    write_raw(project, "briefs/latin1.md", b"---\nid: x\ntitle: Caf\xe9\n---\n")
    [problem] = load_site(project).problems
    assert (problem.line, problem.column) == (3, 11)
    assert "UTF-8" in problem.message


def test_a_link_to_a_file_outside_the_project_is_refused_unread(
    project: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("outside") / "secret.md"
    outside.write_text("---\nid: a-secret-value\n---\nPrivate text.\n", encoding="utf-8")
    (project / "reviews").mkdir(exist_ok=True)
    (project / "reviews" / "link.md").symlink_to(outside)
    problems = load_site(project).problems
    assert [p.field for p in problems] == ["file"]
    assert "content files belong in reviews/ or briefs/" in problems[0].message
    assert "a-secret-value" not in " ".join(p.format() for p in problems)


@pytest.mark.parametrize("parallel", [False, True])
def test_a_link_to_a_file_of_the_project_reads_that_file_once(
    project: Path, monkeypatch: pytest.MonkeyPatch, parallel: bool
) -> None:
    monkeypatch.setattr(content, "PARALLEL_FROM", 1)
    monkeypatch.setattr(rules, "PARALLEL_FROM", 1)
    target = write_item(project, review_data(), "NHS number 943 476 5919.\n")
    for name in ("alias.md", "another-alias.md"):
        (project / "reviews" / name).symlink_to(target.name)
    problems = load_site(project, parallel=parallel).problems
    assert [(p.path, p.field, p.message.split(" (")[0]) for p in problems] == [
        ("reviews/sar-adult-z-2025.md", "body", "looks like an NHS number")
    ]


def test_missing_required_fields_are_each_reported(project: Path) -> None:
    write_item(project, review_data(summary=None, learning=None))
    messages = problems_of(project)
    assert any(": summary: required field is missing" in m for m in messages)
    assert any(": learning: required field is missing" in m for m in messages)


def test_wrong_type_and_bad_date_point_at_their_lines(project: Path) -> None:
    path = write_item(project, review_data(published="2025-02-30", learning="one point"))
    lines = path.read_text().splitlines()
    site = load_site(project)
    by_field = {p.field: p for p in site.problems}
    assert "not a date" in by_field["published"].message
    assert lines[by_field["published"].line - 1].startswith("published:")
    assert "must be a list" in by_field["learning"].message


def test_single_string_is_accepted_as_a_one_item_list(project: Path) -> None:
    write_item(project, review_data(themes="neglect", agencies="police"))
    site = load_site(project)
    assert site.problems == []
    assert site.reviews[0].themes == ["neglect"]
    assert site.reviews[0].agencies == ["police"]


def test_unknown_vocabulary_term_suggests_the_nearest_and_says_where_all_are(
    project: Path,
) -> None:
    write_item(project, review_data(themes=["neglet"], review_type="sarr", board="adult"))
    by_field = {p.field: p.message for p in load_site(project).problems}
    themes = by_field["themes"]
    assert themes.startswith("unknown theme 'neglet'; did you mean 'neglect'? Also close: ")
    assert "'self-neglect'" in themes
    # Not the fifty themes on one line: where to find them all.
    assert "professional-curiosity" not in themes
    count = len(load_vocabularies(project / "data").themes)
    assert themes.endswith(
        f"All {count} themes are listed in data/themes.yml and on the site's Themes page (themes/)"
    )
    assert "did you mean 'safeguarding-adults-review'?" in by_field["review_type"]
    assert "review types are listed in data/review_types.yml" in by_field["review_type"]
    # A short vocabulary is listed whole.
    assert by_field["board"].endswith("did you mean 'adults'? allowed: children, adults, both")


def test_an_unknown_term_far_from_every_term_says_so(project: Path) -> None:
    write_item(project, review_data(themes=["zzzz"]))
    [problem] = load_site(project).problems
    assert problem.message.startswith("unknown theme 'zzzz'; no theme is close to it: all ")
    assert problem.message.endswith(
        "themes are listed in data/themes.yml and on the site's Themes page (themes/)"
    )


def test_aliases_are_normalised_to_their_key(project: Path) -> None:
    write_item(project, review_data(review_type="SAR", board="adults"))
    site = load_site(project)
    assert site.problems == []
    assert site.reviews[0].review_type == "safeguarding-adults-review"


def test_unknown_field_gets_a_did_you_mean(project: Path) -> None:
    write_item(project, review_data(sumary="typo"))
    [problem] = load_site(project).problems
    assert problem.field == "sumary"
    assert "did you mean 'summary'?" in problem.message


def test_bad_id_is_reported(project: Path) -> None:
    write_raw(project, "reviews/Bad_Id.md", "")
    write_item(project, review_data(id="Bad_Id"))
    messages = problems_of(project)
    assert any(": id: 'Bad_Id' is not a valid id" in m for m in messages)


def test_duplicate_ids_across_collections(project: Path) -> None:
    write_item(project, review_data(id="same-id"))
    write_item(project, brief_data(id="same-id", reviews=["same-id"]))
    messages = problems_of(project)
    dup = [m for m in messages if "already used by" in m]
    assert len(dup) == 1 and dup[0].startswith("reviews/same-id.md:")


def test_every_problem_in_every_file_in_one_run_and_valid_items_kept(project: Path) -> None:
    write_item(project, review_data())
    write_item(project, review_data(id="bad-one", themes=["nope"], published="never"))
    write_raw(project, "briefs/broken.md", "---\nid: [\n---\n")
    site = load_site(project)
    paths = {p.path for p in site.problems}
    assert paths == {"reviews/bad-one.md", "briefs/broken.md"}
    assert [i.id for i in site.public] == ["sar-adult-z-2025"]


def test_html_in_plain_text_fields_is_refused(project: Path) -> None:
    write_item(project, review_data(title="<script>alert(1)</script> Adult Z"))
    [problem] = load_site(project).problems
    assert problem.field == "title" and "plain text" in problem.message


def test_javascript_document_url_is_refused(project: Path) -> None:
    docs = [{"title": "Report", "kind": "full-report", "url": "javascript:alert(1)"}]
    write_item(project, review_data(documents=docs))
    [problem] = load_site(project).problems
    assert problem.field == "documents[0].url"


def test_missing_required_fields_are_placed_on_the_closing_delimiter(project: Path) -> None:
    path = write_item(project, review_data(summary=None))
    lines = path.read_text().splitlines()
    [problem] = load_site(project).problems
    assert problem.field == "summary"
    assert problem.line > 1 and lines[problem.line - 1] == "---"
    assert problem.line == lines.index("---", 1) + 1  # the closing one, where fields are added
    assert "add a line 'summary: …' to the front matter" in problem.message


def test_a_repeated_field_is_an_error_naming_both_lines_and_nothing_goes_live(
    project: Path,
) -> None:
    path = write_item(project, review_data(status="draft"))
    text = path.read_text()
    path.write_text(text.replace("\n---\n", "\nstatus: published\n---\n", 1))
    lines = path.read_text().splitlines()
    [problem] = load_site(project).problems
    assert problem.field == "status" and lines[problem.line - 1] == "status: published"
    first = lines.index("status: draft") + 1
    assert f"'status' is listed twice (also on line {first})" in problem.message
    assert load_site(project).public == []


def test_billion_laughs_front_matter_is_refused(project: Path) -> None:
    write_item(project, review_data())
    write_raw(project, "reviews/lol.md", f"---\n{BILLION_LAUGHS}---\nBody\n")
    site = load_site(project)
    [problem] = site.problems
    assert (problem.path, problem.line, problem.column) == ("reviews/lol.md", 2, 4)
    assert "anchors ('&a') are not allowed" in problem.message
    assert [i.id for i in site.public] == ["sar-adult-z-2025"]


@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system ['id']", "!secret x"])
def test_tags_in_front_matter_are_refused(project: Path, tag: str) -> None:
    path = write_item(project, review_data())
    path.write_text(path.read_text().replace("author: Independent reviewer", f"author: {tag}"))
    [problem] = load_site(project).problems
    assert problem.field == "author" and "is not allowed" in problem.message
