"""Permanent links: the record of published addresses, redirects, and anchors across builds."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from support import REPO, TODAY, copy_project, review_data, run_build, write_item
from trainers_project import SAR_Q, UNPUBLISHED, write_trainers_content

from lif.cli.main import main as lif
from lif.index.site import load_site
from lif.load.links import load_link_data
from lif.load.settings import site_settings
from lif.model.content import Review
from lif.model.links import RECORD_FILE, REDIRECTS_FILE, recorded_anchors
from lif.model.paths import item_path, learning_anchor


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIF_TODAY", TODAY)


def link_problems(root: Path) -> list[str]:
    """Every problem the checker reports, formatted, for the project at ``root``."""
    return [p.format() for p in load_site(root).problems]


def errors(root: Path) -> list[str]:
    return [p.format() for p in load_site(root).errors]


def update(root: Path) -> int:
    return lif(["permalinks", "--root", str(root), "--update"])


def write_redirects(root: Path, text: str) -> None:
    (root / REDIRECTS_FILE).write_text(text, encoding="utf-8")


def rename(root: Path, old: str, new: str, **changes: object) -> None:
    """Rename a review's file and id (as staff would), optionally changing other fields."""
    path = root / "reviews" / f"{old}.md"
    text = path.read_text(encoding="utf-8")
    front, body = text.split("\n---\n", 1)
    data = yaml.safe_load(front.removeprefix("---\n"))
    data["id"] = new
    data.update(changes)
    path.unlink()
    write_item(root, data, body)


@pytest.fixture
def published(project: Path) -> Path:
    """The trainers' project with its record written, as after a first publication."""
    write_trainers_content(project)
    assert update(project) == 0
    return project


# --- The record ------------------------------------------------------------------------------


def test_a_project_without_a_record_has_no_link_checks(project: Path) -> None:
    write_trainers_content(project)
    assert not (project / RECORD_FILE).exists()
    assert link_problems(project) == []


def test_update_records_every_published_item_with_its_anchors(published: Path) -> None:
    record = yaml.safe_load((published / RECORD_FILE).read_text(encoding="utf-8"))
    assert record["sar-adult-q-2024"] == {
        "path": "reviews/sar-adult-q-2024/",
        "since": dt.date(2024, 5, 1),
        "anchors": ["learning-ask-twice", "learning-share-early", "recommendation-rec-1"],
    }
    assert record["7mb-neglect-adult-q"]["path"] == "briefs/7mb-neglect-adult-q/"
    assert record["sar-adult-old-2019"]["path"] == "reviews/sar-adult-old-2019/"  # withdrawn
    # Neither an embargoed item nor a draft has been public: their addresses are not recorded.
    assert "embargo-neglect-marker" not in record
    assert "draft-neglect-marker" not in record
    assert (published / RECORD_FILE).read_text(encoding="utf-8").startswith("# ")
    assert errors(published) == []


def test_update_is_idempotent_and_the_check_mode_agrees(
    published: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = (published / RECORD_FILE).read_text(encoding="utf-8")
    assert lif(["permalinks", "--root", str(published)]) == 0
    assert update(published) == 0
    assert (published / RECORD_FILE).read_text(encoding="utf-8") == before
    assert "up to date" in capsys.readouterr().err


def test_a_new_published_item_passes_alone(published: Path) -> None:
    before = (published / RECORD_FILE).read_text(encoding="utf-8")
    write_item(published, review_data(id="sar-adult-new-2026", published="2026-11-01"))
    assert errors(published) == []
    assert link_problems(published) == []
    assert (published / RECORD_FILE).read_text(encoding="utf-8") == before


def test_a_review_copied_with_a_new_id_passes_in_the_example_project(tmp_path: Path) -> None:
    """The case of the issue: a published review of the repository copied with a new id."""
    root = copy_project(tmp_path / "project")
    for folder in ("reviews", "briefs", "links"):
        shutil.rmtree(root / folder, ignore_errors=True)
        shutil.copytree(REPO / folder, root / folder)
    site = load_site(root)
    assert site.errors == []
    review = next(r for r in site.reviews if r.status == "published")
    source = root / site.source_path(review)
    copy = source.with_name("sar-copied-with-a-new-id-2026.md")
    copy.write_text(
        source.read_text(encoding="utf-8").replace(
            f"id: {review.id}\n", "id: sar-copied-with-a-new-id-2026\n", 1
        ),
        encoding="utf-8",
    )
    after = load_site(root)
    assert "sar-copied-with-a-new-id-2026" in after.by_id
    assert after.errors == []


def test_an_embargoed_item_is_not_called_published_nor_recorded(published: Path) -> None:
    write_item(
        published,
        review_data(id="sar-adult-later-2099", published="2099-01-01", publish_on="2099-01-01"),
    )
    site = load_site(published)
    assert not [p for p in site.problems if "sar-adult-later-2099" in p.path + p.message]
    assert update(published) == 0
    assert "sar-adult-later-2099" not in (published / RECORD_FILE).read_text(encoding="utf-8")


def test_a_held_item_is_recorded_on_the_day_its_hold_ends(
    published: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    held = review_data(
        id="sar-adult-held-2026",
        published="2026-01-01",
        hold={"reason": "criminal-proceedings", "until": "2027-01-01"},
    )
    write_item(published, held)
    assert update(published) == 0
    assert "sar-adult-held-2026" not in (published / RECORD_FILE).read_text(encoding="utf-8")
    monkeypatch.setenv("LIF_TODAY", "2027-01-01")
    assert update(published) == 0
    record = yaml.safe_load((published / RECORD_FILE).read_text(encoding="utf-8"))
    assert record["sar-adult-held-2026"]["path"] == "reviews/sar-adult-held-2026/"


def test_the_check_mode_lists_what_is_missing_and_fails(
    published: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_item(published, review_data(id="sar-adult-new-2026", published="2026-11-01"))
    capsys.readouterr()
    assert lif(["permalinks", "--root", str(published)]) == 1
    listed = capsys.readouterr().out
    assert "+ sar-adult-new-2026 (reviews/sar-adult-new-2026/, 1 anchor(s))" in listed
    assert "sar-adult-new-2026" not in (published / RECORD_FILE).read_text(encoding="utf-8")


def test_a_new_learning_point_passes_alone_and_is_protected_once_recorded(
    published: Path,
) -> None:
    learning = [*SAR_Q["learning"], {"id": "new-point", "text": "A point added later."}]
    write_item(published, {**SAR_Q, "learning": learning})
    assert errors(published) == []
    assert update(published) == 0  # what the site workflow does after the deployment
    write_item(published, SAR_Q)  # the new point removed again, without a redirect
    found = errors(published)
    assert len(found) == 1 and "learning point 'new-point' was published" in found[0]


# --- Renames ---------------------------------------------------------------------------------


def test_a_renamed_id_without_a_redirect_fails_the_checker(
    published: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rename(published, "lcspr-child-v-2025", "lcspr-child-v-2025-review")
    assert update(published) == 0  # records the new id; the old one stays
    found = errors(published)
    assert len(found) == 1
    assert found[0].startswith(f"{RECORD_FILE}:")
    assert "'lcspr-child-v-2025' was published at reviews/lcspr-child-v-2025/" in found[0]
    assert f"'lcspr-child-v-2025: <new id>' to {REDIRECTS_FILE}" in found[0]
    capsys.readouterr()
    assert lif(["check", "--root", str(published)]) == 1
    assert "lcspr-child-v-2025" in capsys.readouterr().out


def test_a_renamed_id_with_a_redirect_passes(published: Path) -> None:
    rename(published, "lcspr-child-v-2025", "lcspr-child-v-2025-review")
    update(published)
    write_redirects(published, "lcspr-child-v-2025: lcspr-child-v-2025-review\n")
    assert errors(published) == []


def test_a_renamed_learning_point_needs_an_anchor_redirect(published: Path) -> None:
    learning = [{**SAR_Q["learning"][0], "id": "ask-again"}, SAR_Q["learning"][1]]
    write_item(published, {**SAR_Q, "learning": learning})
    update(published)
    found = errors(published)
    assert len(found) == 1
    assert found[0].startswith("reviews/sar-adult-q-2024.md:")
    assert "learning point 'ask-twice'" in found[0]
    assert "sar-adult-q-2024#learning-ask-twice: sar-adult-q-2024#learning-<new id>" in found[0]
    write_redirects(
        published, "sar-adult-q-2024#learning-ask-twice: sar-adult-q-2024#learning-ask-again\n"
    )
    assert errors(published) == []


def test_a_rename_keeps_learning_point_links_only_if_their_ids_stay(published: Path) -> None:
    rename(
        published, "sar-adult-q-2024", "sar-adult-q-2024-review", learning=[SAR_Q["learning"][1]]
    )
    (published / "briefs/7mb-neglect-adult-q.md").write_text(
        (published / "briefs/7mb-neglect-adult-q.md")
        .read_text(encoding="utf-8")
        .replace("- sar-adult-q-2024\n", "- sar-adult-q-2024-review\n"),
        encoding="utf-8",
    )
    update(published)
    write_redirects(published, "sar-adult-q-2024: sar-adult-q-2024-review\n")
    found = errors(published)
    assert len(found) == 1 and "learning point 'ask-twice'" in found[0]
    write_redirects(
        published,
        "sar-adult-q-2024: sar-adult-q-2024-review\n"
        "sar-adult-q-2024#learning-ask-twice: sar-adult-q-2024-review#key-learning\n",
    )
    assert errors(published) == []


def test_redirect_chains_are_followed_and_loops_refused(published: Path) -> None:
    rename(published, "lcspr-child-v-2025", "lcspr-child-v-2026")
    update(published)
    write_redirects(
        published,
        "lcspr-child-v-2025: lcspr-child-v-interim\nlcspr-child-v-interim: lcspr-child-v-2026\n",
    )
    assert errors(published) == []
    write_redirects(published, "lcspr-child-v-2025: loop-a\nloop-a: loop-b\nloop-b: loop-a\n")
    found = errors(published)
    assert any("no review or brief has the id 'loop-a'" in p for p in found)
    assert any("'lcspr-child-v-2025' was published" in p for p in found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("old-id: no-such-item\n", "no review or brief has the id 'no-such-item'"),
        ("sar-adult-q-2024: lcspr-child-v-2025\n", "'sar-adult-q-2024' is the id of reviews/"),
        (
            "old-id: sar-adult-q-2024#learning-nope\n",
            "'sar-adult-q-2024' has no anchor 'learning-nope'; its anchors are: ",
        ),
        ("old-id:\n", "give the new id, like 'old-id: new-id'"),
        (
            "old-id: sar-adult-q-2024\nold-id: lcspr-child-v-2025\n",
            "'old-id' is listed twice (also on line 1)",
        ),
        ("old-id: [a\n", "broken YAML"),
    ],
)
def test_bad_redirects_are_reported_with_file_and_line(
    published: Path, text: str, expected: str
) -> None:
    write_redirects(published, text)
    found = [p for p in errors(published) if p.startswith(f"{REDIRECTS_FILE}:")]
    assert len(found) == 1, found
    assert expected in found[0]
    assert re.match(rf"{REDIRECTS_FILE}:\d+:\d+: ", found[0])


def test_a_redirect_to_an_item_that_is_not_public_is_a_warning(published: Path) -> None:
    write_redirects(published, "old-id: embargo-neglect-marker\n")
    problems = load_site(published).problems
    assert not [p for p in problems if p.is_error]
    assert any("is not public" in p.message and p.severity == "warning" for p in problems)


def test_a_broken_record_is_reported_not_raised(published: Path) -> None:
    (published / RECORD_FILE).write_text("sar-adult-q-2024: {path: [\n", encoding="utf-8")
    found = errors(published)
    assert len(found) == 1  # the broken file alone, not every address it would have covered
    assert found[0].startswith(f"{RECORD_FILE}:2:1: file: broken YAML")
    (published / RECORD_FILE).write_text("sar-adult-q-2024: reviews/x/\n", encoding="utf-8")
    assert any("each entry needs a 'path'" in p for p in errors(published))
    assert update(published) == 1  # the command refuses to rewrite a record it cannot read


# --- Taking things off the site --------------------------------------------------------------


def test_withdrawing_an_item_keeps_its_links(published: Path) -> None:
    write_item(published, {**SAR_Q, "status": "withdrawn", "withdrawn_on": "2026-11-01"})
    assert errors(published) == []


def test_unpublishing_an_item_is_a_warning(published: Path) -> None:
    write_item(published, {**SAR_Q, "hold": {"reason": "coroner"}}, "Body text.\n")
    brief = published / "briefs/7mb-neglect-adult-q.md"
    brief.write_text(brief.read_text().replace("status: published", "status: draft"))
    site = load_site(published)
    assert site.errors == []
    assert any(
        "no longer public" in p.message and p.path == "reviews/sar-adult-q-2024.md"
        for p in site.warnings
    )


def test_an_item_never_public_may_be_removed_and_leaves_the_record(published: Path) -> None:
    (published / "reviews/embargo-neglect-marker.md").unlink()
    assert errors(published) == []
    assert update(published) == 0
    assert "embargo-neglect-marker" not in (published / RECORD_FILE).read_text(encoding="utf-8")


def test_a_deleted_published_item_fails_even_when_other_files_are_broken(published: Path) -> None:
    (published / "reviews/malr-joint-w-2025.md").unlink()
    (published / "reviews/sar-adult-old-2019.md").write_text("---\nid: [\n---\n")
    found = errors(published)
    assert any("'malr-joint-w-2025' was published" in p for p in found)
    # A file that failed to load is reported on its own, not as a deleted address.
    assert not any("'sar-adult-old-2019' was published" in p for p in found)


# --- Settings ---------------------------------------------------------------------------------


def test_site_settings_read_env_tags_and_ignore_python_tags(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Hub\nsite_url: !ENV [LIF_TEST_SITE_URL, 'https://default.example/']\n"
        "markdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n",
        encoding="utf-8",
    )
    assert site_settings(tmp_path).site_url == "https://default.example/"
    monkeypatch.setenv("LIF_TEST_SITE_URL", "https://preview.example/")
    assert site_settings(tmp_path).site_url == "https://preview.example/"
    assert site_settings(tmp_path).site_name == "Hub"


# --- The repository's own record and pages -----------------------------------------------------


def test_the_repository_record_is_readable_and_every_address_in_it_leads_somewhere() -> None:
    links = load_link_data(REPO)
    assert links.record, f"{RECORD_FILE} is missing or empty"
    assert links.problems == []
    site = load_site(REPO)
    assert [p for p in site.errors if p.path in {RECORD_FILE, REDIRECTS_FILE}] == []


def test_every_learning_point_of_every_published_review_has_an_anchor_and_a_copy_link(
    built_site: Path,
) -> None:
    site = load_site(REPO)
    assert site.reviews
    for review in site.reviews:
        html = (built_site / item_path(review) / "index.html").read_text(encoding="utf-8")
        for anchor in recorded_anchors(review):  # learning points, then recommendations
            assert f'id="{anchor}"' in html, (review.id, anchor)
            assert f'data-lif-copy="{anchor}"' in html, (review.id, anchor)
        assert learning_anchor(review.learning[0].id) in recorded_anchors(review)
    briefings = [b for b in site.briefs if b.kind == "seven-minute-briefing"]
    assert briefings
    for brief in briefings:
        html = (built_site / item_path(brief) / "index.html").read_text(encoding="utf-8")
        for number in range(1, 8):
            assert f'id="section-{number}"' in html, (brief.id, number)
            assert f'data-lif-copy="section-{number}"' in html, (brief.id, number)


# --- Builds: anchors across rebuilds, redirect pages ------------------------------------------


def page_anchors(html: str) -> set[str]:
    return set(re.findall(r'id="((?:learning|recommendation)-[^"]+)"', html))


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """Build the project, then rename items, add one and build again: (root, first, second)."""
    root = copy_project(tmp_path_factory.mktemp("links") / "project")
    write_trainers_content(root)
    env = {"LIF_TODAY": TODAY}
    with pytest.MonkeyPatch.context() as mp:
        for key, value in env.items():
            mp.setenv(key, value)
        assert update(root) == 0
        first = root.parent / "first"
        result = run_build(root, first)
        assert result.returncode == 0, result.stderr
        # A rename with a redirect, a learning point renamed in place, and an unrelated new item.
        rename(
            root,
            "lcspr-child-v-2025",
            "lcspr-child-v-2025-review",
            learning=[{"id": "not-brought", "text": "A child is not brought."}],
        )
        malr = root / "reviews/malr-joint-w-2025.md"
        malr.write_text(malr.read_text().replace("id: think-family", "id: think-whole-family"))
        write_item(root, review_data(id="sar-adult-new-2026", published="2026-11-20"))
        write_redirects(
            root,
            "lcspr-child-v-2025: lcspr-child-v-2025-review\n"
            "lcspr-child-v-2025#learning-was-not-brought: "
            "lcspr-child-v-2025-review#learning-not-brought\n"
            "malr-joint-w-2025#learning-think-family: "
            "malr-joint-w-2025#learning-think-whole-family\n",
        )
        assert update(root) == 0
        second = root.parent / "second"
        result = run_build(root, second)
        assert result.returncode == 0, result.stderr
    return root, first, second


@pytest.mark.build
def test_anchors_of_unchanged_items_are_the_same_after_a_rebuild(
    two_builds: tuple[Path, Path, Path],
) -> None:
    root, first, second = two_builds
    site = load_site(root)
    review = site.by_id["sar-adult-q-2024"]
    assert isinstance(review, Review)
    path = item_path(review) + "index.html"
    before = page_anchors((first / path).read_text(encoding="utf-8"))
    after = page_anchors((second / path).read_text(encoding="utf-8"))
    assert before == after == set(recorded_anchors(review))


@pytest.mark.build
def test_an_old_address_leads_to_the_new_one_keeping_the_anchor(
    two_builds: tuple[Path, Path, Path],
) -> None:
    _, _, second = two_builds
    page = (second / "reviews/lcspr-child-v-2025/index.html").read_text(encoding="utf-8")
    assert 'data-lif-redirect="../lcspr-child-v-2025-review/"' in page
    assert 'src="../../assets/trainers.js"' in page
    anchors = re.search(r'data-lif-anchors="([^"]*)"', page)
    assert anchors is not None
    assert json.loads(anchors.group(1).replace("&quot;", '"')) == {
        "learning-was-not-brought": "learning-not-brought"
    }
    assert 'url=../lcspr-child-v-2025-review/"' in page  # without script: a plain refresh
    assert "Content-Security-Policy" in page and "<script>" not in page
    assert "lcspr-child-v-2025/" not in (second / "sitemap.xml").read_text().replace(
        "lcspr-child-v-2025-review/", ""
    )
    assert (second / "assets/trainers.js").is_file()


@pytest.mark.build
def test_renamed_anchors_of_a_page_are_in_the_sites_map(
    two_builds: tuple[Path, Path, Path],
) -> None:
    _, _, second = two_builds
    data = json.loads((second / "redirects.json").read_text(encoding="utf-8"))
    assert data == {
        "reviews/malr-joint-w-2025/": {
            "learning-think-family": "reviews/malr-joint-w-2025/#learning-think-whole-family"
        }
    }


@pytest.mark.build
def test_unpublished_items_have_no_redirect_or_record_in_the_site(
    two_builds: tuple[Path, Path, Path],
) -> None:
    _, _, second = two_builds
    for path in second.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".json", ".xml", ".md", ".csv"}:
            text = path.read_text(encoding="utf-8", errors="ignore")
            for marker in UNPUBLISHED:
                assert marker not in text, (marker, path)
    assert not (second / "links").exists()


@pytest.mark.build
def test_a_rename_without_a_redirect_stops_the_build(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    write_trainers_content(root)
    assert update(root) == 0
    rename(root, "malr-joint-w-2025", "malr-joint-w-2025-renamed")
    assert update(root) == 0
    result = run_build(root, tmp_path / "site")
    assert result.returncode != 0
    assert "'malr-joint-w-2025' was published" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_impossible_since_date_in_the_record_is_a_problem_at_its_line(published: Path) -> None:
    record = published / RECORD_FILE
    text = record.read_text(encoding="utf-8")
    first_since = text.index("  since: ")
    line = text.count("\n", 0, first_since) + 1
    end = text.index("\n", first_since)
    record.write_text(text[:first_since] + "  since: 2024-13-01" + text[end:], encoding="utf-8")
    found = [p for p in errors(published) if p.startswith(f"{RECORD_FILE}:")]
    assert len(found) == 1 and found[0].startswith(f"{RECORD_FILE}:{line}:3: ")
    assert ".since: '2024-13-01' is not a date: write YYYY-MM-DD" in found[0]


def test_aliases_in_the_record_are_refused_and_nothing_is_trusted(published: Path) -> None:
    record = published / RECORD_FILE
    record.write_text(
        record.read_text(encoding="utf-8") + "old-one: &same {path: reviews/x/}\nold-two: *same\n",
        encoding="utf-8",
    )
    assert load_link_data(published).record is None
    found = [p for p in errors(published) if p.startswith(f"{RECORD_FILE}:")]
    assert len(found) == 1 and "anchors ('&same') are not allowed" in found[0]
