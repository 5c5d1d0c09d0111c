"""The vocabulary data files: every bad file and term reported in one run, each at its line;
labels and descriptions are plain text; the framework data's problems are placed at their field.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support import REPO, TODAY, build_env, review_data, run_build, write_item

from lif.load.data import load_vocabularies
from lif.load.yaml_reader import read_yaml
from lif.model.framework import parse_framework
from lif.model.vocab import VocabularyError, parse_vocabulary

HTML_LABEL = 'Hoarding</title><meta http-equiv="refresh" content="0;url=/x/">'


def data_dir(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(REPO / "data", target)
    return target


def replace(path: Path, old: str, new: str) -> int:
    """Replace ``old`` (once) in the file; return the 1-based line it was on."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return line


def problems_of(data: Path) -> list:
    with pytest.raises(VocabularyError) as info:
        load_vocabularies(data)
    return info.value.problems


def test_the_repositorys_vocabularies_load_without_problems() -> None:
    vocab = load_vocabularies(REPO / "data")
    assert vocab.themes["hoarding"].label == "Hoarding"
    line, column = vocab.themes["hoarding"].position(("label",))
    lines = (REPO / "data/themes.yml").read_text(encoding="utf-8").splitlines()
    assert lines[line - 1][column - 1 :].startswith("label: Hoarding")


def test_a_label_with_html_is_refused_at_its_line(tmp_path: Path) -> None:
    data = data_dir(tmp_path)
    line = replace(data / "themes.yml", "label: Hoarding\n", f"label: '{HTML_LABEL}'\n")
    [problem] = problems_of(data)
    assert (problem.path, problem.line, problem.column) == ("data/themes.yml", line, 3)
    assert problem.field == "hoarding.label"
    assert "must be plain text, without HTML tags" in problem.message


def test_a_description_with_html_is_refused(tmp_path: Path) -> None:
    data = data_dir(tmp_path)
    line = replace(
        data / "boards.yml",
        "description: Learning from reviews about adults",
        "description: <b>Learning</b> from reviews about adults",
    )
    [problem] = problems_of(data)
    assert (problem.path, problem.line, problem.field) == (
        "data/boards.yml",
        line,
        "adults.description",
    )
    assert "plain text" in problem.message


def test_every_bad_data_file_is_reported_in_one_run_at_its_lines(tmp_path: Path) -> None:
    data = data_dir(tmp_path)
    label_line = replace(data / "themes.yml", "label: Hoarding\n", f"label: '{HTML_LABEL}'\n")
    audiences = data / "audiences.yml"
    text = audiences.read_text(encoding="utf-8")
    audiences.write_text(text + "broken: 'unclosed\n", encoding="utf-8")
    broken_line = text.count("\n") + 1
    (data / "brief_kinds.yml").write_text(
        "# Read by: the checker.\nexecutive-summary:\n  label: One\n  plural: Ones\n"
        "seven-minute-briefing:\n  label: Two\n  plural: Twos\n"
        "executive-summary:\n  label: Three\n  plural: Threes\n",
        encoding="utf-8",
    )
    (data / "document_kinds.yml").unlink()
    by_path = {p.path: p for p in problems_of(data)}
    assert set(by_path) == {
        "data/themes.yml",
        "data/audiences.yml",
        "data/brief_kinds.yml",
        "data/document_kinds.yml",
    }
    assert by_path["data/themes.yml"].line == label_line
    assert by_path["data/audiences.yml"].line == broken_line + 1  # the end, where it is found
    assert f"starts on line {broken_line}" in by_path["data/audiences.yml"].message
    assert "broken YAML" in by_path["data/audiences.yml"].message
    repeated = by_path["data/brief_kinds.yml"]
    assert repeated.line == 8 and "listed twice (also on line 2)" in repeated.message
    assert "missing" in by_path["data/document_kinds.yml"].message


@pytest.mark.parametrize(
    ("entry", "field", "message"),
    [
        ("Bad_Key:\n  label: X\n", "Bad_Key", "lowercase words joined by hyphens"),
        ("no-label:\n  description: X\n", "no-label.label", "needs a 'label'"),
        ("just-text: Hoarding\n", "just-text", "needs its fields indented below it"),
        ("odd-aliases:\n  label: X\n  aliases: hoard\n", "odd-aliases.aliases", "must be a list"),
        ("dup-alias:\n  label: X\n  aliases: [clutter]\n", "dup-alias.aliases[0]", "hoarding"),
        ("self-alias:\n  label: X\n  aliases: [neglect]\n", "self-alias.aliases", "key of another"),
    ],
)
def test_each_bad_term_is_a_problem_at_its_line(entry: str, field: str, message: str) -> None:
    text = (REPO / "data/themes.yml").read_text(encoding="utf-8") + entry
    first_line = text.count("\n", 0, len(text) - len(entry)) + 1
    document = read_yaml(text, "data/themes.yml")
    vocabulary, problems = parse_vocabulary(
        "theme", document.value, "data/themes.yml", document.positions
    )
    [problem] = problems
    assert problem.field == field and message in problem.message
    assert first_line <= problem.line <= first_line + 2
    assert "neglect" in vocabulary and "hoarding" in vocabulary  # the good terms are kept


def test_framework_problems_are_placed_at_their_field(tmp_path: Path) -> None:
    data = data_dir(tmp_path)
    path = data / "review_types.yml"
    text = path.read_text(encoding="utf-8")
    start = text.index("\npeer-review:\n")
    board = text.index("  board: ", start)
    line = text.count("\n", 0, board) + 1
    path.write_text(text[:board] + "  board: parents\n" + text[text.index("\n", board) + 1 :])
    [problem] = parse_framework(load_vocabularies(data))[1]
    assert (problem.path, problem.line, problem.column) == ("data/review_types.yml", line, 3)
    assert problem.field == "peer-review.board" and "unknown board 'parents'" in problem.message


def test_lif_check_reports_every_data_problem_in_its_own_format(project: Path) -> None:
    replace(project / "data/themes.yml", "label: Hoarding\n", f"label: '{HTML_LABEL}'\n")
    replace(project / "data/boards.yml", "\n", "\n!!python/object:os.system x: 1\n")
    write_item(project, review_data())
    for fmt, prefix in (("text", "data/"), ("github", "::error file=data/")):
        result = subprocess.run(
            [sys.executable, "-m", "lif.cli", "check", "--format", fmt],
            cwd=project,
            env=build_env(LIF_TODAY=TODAY),
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 1
        lines = result.stdout.splitlines()
        assert len(lines) == 2 and all(line.startswith(prefix) for line in lines)
        assert "Traceback" not in result.stdout + result.stderr
    assert "data/boards.yml" in result.stdout and "data/themes.yml" in result.stdout


@pytest.mark.build
def test_the_build_reports_every_data_problem_and_stops(project: Path) -> None:
    replace(project / "data/themes.yml", "label: Hoarding\n", f"label: '{HTML_LABEL}'\n")
    replace(project / "data/agencies.yml", "\n", "\nbroken: [\n")
    write_item(project, review_data())
    result = run_build(project)
    assert result.returncode != 0
    assert "data/themes.yml:" in result.stderr and "hoarding.label" in result.stderr
    assert "data/agencies.yml:" in result.stderr and "broken YAML" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "site/reviews/sar-adult-z-2025").exists()


def test_every_kind_of_brief_has_its_plural_from_the_data() -> None:
    """Headings of groups of briefs use the data's plural: 'Executive summaries', never '...s'."""
    kinds = load_vocabularies(REPO / "data").kinds
    assert kinds.plural("executive-summary") == "Executive summaries"
    assert kinds.plural("seven-minute-briefing") == "Seven-minute briefings"
    assert all(term.plural for term in kinds)


def test_a_plural_the_data_does_not_give_is_an_error_not_a_guess() -> None:
    themes = load_vocabularies(REPO / "data").themes
    with pytest.raises(KeyError, match="no plural label for 'neglect'"):
        themes.plural("neglect")


def test_a_kind_of_brief_without_a_plural_is_a_problem_at_its_line(tmp_path: Path) -> None:
    data = data_dir(tmp_path)
    line = replace(data / "brief_kinds.yml", "  plural: Executive summaries\n", "")
    [problem] = problems_of(data)
    assert (problem.path, problem.field) == ("data/brief_kinds.yml", "executive-summary.plural")
    assert problem.line == line - 2  # the term's key, two lines above where its plural was
    assert "needs a 'plural'" in problem.message and "Executive summaries" in problem.message


def test_a_plural_with_html_is_refused(tmp_path: Path) -> None:
    data = data_dir(tmp_path)
    line = replace(
        data / "brief_kinds.yml",
        "plural: Executive summaries",
        "plural: <i>Executive summaries</i>",
    )
    [problem] = problems_of(data)
    assert (problem.line, problem.field) == (line, "executive-summary.plural")
    assert "plain text" in problem.message
