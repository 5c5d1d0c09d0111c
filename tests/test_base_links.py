"""``lif check --base``: every address public on the base branch stays reachable.

Each test makes a git repository in ``tmp_path``: the trainers' project committed on ``main``
without any record of published addresses (as just after a merge, before the deployment records
them), then a change on a branch, as a pull request would bring it.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from support import TODAY, copy_project, review_data, write_item
from test_permalinks import rename, write_redirects
from trainers_project import SAR_Q, write_trainers_content

from lif.cli.main import main as lif
from lif.index.site import load_site
from lif.load.base import load_base
from lif.load.git import GitError, changed_files, files_at
from lif.model.links import RECORD_FILE, base_addresses


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIF_TODAY", TODAY)


def git(root: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid", *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The trainers' project committed on 'main' (no record), checked out on a branch."""
    root = copy_project(tmp_path / "project")
    write_trainers_content(root)
    (root / "links").mkdir()
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Publish")
    git(root, "checkout", "-q", "-b", "change")
    assert not (root / RECORD_FILE).exists()
    return root


def check(root: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    capsys.readouterr()
    status = lif(["check", "--root", str(root), *extra])
    captured = capsys.readouterr()
    return status, captured.out + captured.err


def test_the_base_is_read_through_git_without_checking_it_out(repo: Path) -> None:
    (repo / "reviews/sar-adult-q-2024.md").unlink()  # the working tree no longer has it
    base = load_base(repo, "main")
    assert base.ref == "main"
    assert base.items["sar-adult-q-2024"].file == "reviews/sar-adult-q-2024.md"
    assert base.items["sar-adult-q-2024"].anchors == (
        "learning-ask-twice",
        "learning-share-early",
        "recommendation-rec-1",
    )
    addresses = base_addresses(base, load_site(repo).today)
    assert addresses["sar-adult-q-2024"].path == "reviews/sar-adult-q-2024/"
    assert "7mb-neglect-adult-q" in addresses
    # Not public on the base: a draft and an embargoed item may still be renamed freely.
    assert "draft-neglect-marker" not in addresses
    assert "embargo-neglect-marker" not in addresses


def test_a_new_item_passes_alone_against_the_base(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_item(repo, review_data(id="sar-adult-new-2026", published="2026-11-01"))
    status, output = check(repo, capsys, "--base", "main")
    assert status == 0, output
    assert not (repo / RECORD_FILE).exists()


def test_a_rename_of_an_address_public_on_the_base_fails_without_a_redirect(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rename(repo, "lcspr-child-v-2025", "lcspr-child-v-2025-review")
    # Without the base (and without a record) nothing knows the old address was public.
    assert check(repo, capsys)[0] == 0
    status, output = check(repo, capsys, "--base", "main")
    assert status == 1
    assert (
        "reviews/lcspr-child-v-2025.md:1:1: lcspr-child-v-2025: 'lcspr-child-v-2025' is public "
        "at reviews/lcspr-child-v-2025/ on main" in output
    )
    assert "'lcspr-child-v-2025: <new id>' to links/redirects.yml" in output
    write_redirects(repo, "lcspr-child-v-2025: lcspr-child-v-2025-review\n")
    status, output = check(repo, capsys, "--base", "main")
    assert status == 0, output


def test_a_removed_learning_point_public_on_the_base_needs_a_redirect(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_item(repo, {**SAR_Q, "learning": [SAR_Q["learning"][1]]})
    status, output = check(repo, capsys, "--base", "main")
    assert status == 1
    assert (
        "learning point 'ask-twice' is public at reviews/sar-adult-q-2024/#learning-ask-twice"
        in (output)
    )
    write_redirects(repo, "sar-adult-q-2024#learning-ask-twice: sar-adult-q-2024#key-learning\n")
    assert check(repo, capsys, "--base", "main")[0] == 0


def test_a_redirect_of_the_base_must_stay(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rename(repo, "malr-joint-w-2025", "malr-joint-w-2025-review")
    write_redirects(repo, "malr-joint-w-2025: malr-joint-w-2025-review\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Rename with a redirect")
    git(repo, "checkout", "-q", "-b", "later")
    write_redirects(repo, "")  # a later change drops the redirect line
    status, output = check(repo, capsys, "--base", "change")
    assert status == 1
    assert "'malr-joint-w-2025' is public at reviews/malr-joint-w-2025/ on change" in output


def test_an_item_embargoed_on_the_base_may_be_renamed(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rename(repo, "embargo-neglect-marker", "embargo-neglect-marker-renamed")
    status, output = check(repo, capsys, "--base", "main")
    assert status == 0, output


def test_the_record_and_the_base_are_not_reported_twice(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert lif(["permalinks", "--root", str(repo), "--update"]) == 0
    rename(repo, "lcspr-child-v-2025", "lcspr-child-v-2025-review")
    status, output = check(repo, capsys, "--base", "main")
    assert status == 1
    assert output.count("'lcspr-child-v-2025' was published") == 1
    assert "'lcspr-child-v-2025' is public" not in output


def test_an_unknown_base_is_a_clear_message_not_a_traceback(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, output = check(repo, capsys, "--base", "origin/no-such-branch")
    assert status == 1
    assert (
        "--base origin/no-such-branch: 'origin/no-such-branch' is not a branch or commit" in output
    )
    assert "fetch-depth: 0" in output and "Traceback" not in output
    outside = copy_project(tmp_path / "not-a-repository")
    status, output = check(outside, capsys, "--base", "main")
    assert status == 1 and "is not in a git repository" in output


def test_files_at_reads_only_the_folders_asked_for(repo: Path) -> None:
    files = files_at(repo, "main", ["reviews"])
    assert "reviews/sar-adult-q-2024.md" in files
    assert not [name for name in files if not name.startswith("reviews/")]
    assert files["reviews/sar-adult-q-2024.md"].startswith(b"---\n")
    with pytest.raises(GitError):
        files_at(repo, "--output=x", ["reviews"])


def test_changed_files_are_those_of_the_branch(repo: Path) -> None:
    assert changed_files(repo, "main") == set()
    write_item(repo, review_data(id="sar-adult-new-2026"))
    brief = repo / "briefs/7mb-neglect-adult-q.md"
    brief.write_text(brief.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    assert changed_files(repo, "main") == {
        "reviews/sar-adult-new-2026.md",
        "briefs/7mb-neglect-adult-q.md",
    }
