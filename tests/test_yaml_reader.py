"""The one YAML reader: values with positions, and the rules every YAML file the library reads
follows (no repeated keys, no anchors or aliases, no tags beyond YAML's plain types)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from lif.load.yaml_reader import read_yaml, read_yaml_file

#: The "billion laughs" document: nine levels of nine aliases, 9**9 strings once expanded.
BILLION_LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{name}: &{name} [{','.join(['*' + below] * 9)}]\n"
    for below, name in zip("abcdefgh", "bcdefghi", strict=True)
)


def test_every_key_and_item_has_its_line_and_column() -> None:
    document = read_yaml(
        "id: x\nlearning:\n  - id: a\n    text: One.\n  - {id: b, text: Two.}\n", "f.yml"
    )
    assert document.problems == []
    assert document.value["learning"][1] == {"id": "b", "text": "Two."}
    assert document.positions[("id",)] == (1, 1)
    assert document.positions[("learning",)] == (2, 1)
    assert document.positions[("learning", 0)] == (3, 5)
    assert document.positions[("learning", 0, "text")] == (4, 5)
    assert document.positions[("learning", 1, "text")] == (5, 13)
    assert document.position(("learning", 1, "text", "missing")) == (5, 13)


def test_lines_count_from_where_the_text_starts_in_its_file() -> None:
    document = read_yaml("\nid: x\nthemes: [a\n", "r.md", whole="front matter", first_line=1)
    [problem] = document.problems
    assert (problem.path, problem.line, problem.field) == ("r.md", 4, "front matter")
    assert "broken YAML" in problem.message
    assert read_yaml("\nid: x\n", "r.md", first_line=5).positions[("id",)] == (6, 1)


def test_a_repeated_key_is_an_error_naming_both_lines() -> None:
    text = "id: x\nstatus: draft\ntitle: T\nlearning:\n  - id: a\n    id: b\nstatus: published\n"
    document = read_yaml(text, "reviews/x.md", whole="front matter")
    first, second = document.problems
    assert (second.line, second.column, second.field) == (7, 1, "status")
    assert "'status' is listed twice (also on line 2)" in second.message
    assert "keep one" in second.message
    assert (first.line, first.field) == (6, "learning[0].id")
    assert "also on line 5" in first.message
    assert document.value["status"] == "draft"  # never silently the last one
    assert document.positions[("status",)] == (2, 1)


def test_the_same_key_in_different_mappings_is_not_repeated() -> None:
    document = read_yaml("a: {id: 1}\nb: {id: 1}\nc: [{id: 1}, {id: 2}]\n", "f.yml")
    assert document.problems == []


@pytest.mark.parametrize(
    ("text", "line", "column", "field", "words"),
    [
        ("a: &x [1]\n", 1, 4, "a", "anchors ('&x') are not allowed"),
        ("a: 1\nb: *x\n", 2, 4, "b", "aliases ('*x') are not allowed"),
        ("a:\n  - &one 1\n", 2, 5, "a[0]", "anchors ('&one')"),
    ],
)
def test_anchors_and_aliases_are_refused(
    text: str, line: int, column: int, field: str, words: str
) -> None:
    document = read_yaml(text, "f.yml")
    [problem] = document.problems
    assert (problem.line, problem.column, problem.field) == (line, column, field)
    assert words in problem.message and "write the value out in full" in problem.message
    assert document.value is None


def test_the_billion_laughs_is_refused_at_its_first_anchor_before_any_expansion() -> None:
    document = read_yaml(BILLION_LAUGHS, "reviews/lol.md", whole="front matter")
    [problem] = document.problems
    assert (problem.path, problem.line, problem.field) == ("reviews/lol.md", 1, "a")
    assert "anchors ('&a') are not allowed" in problem.message
    assert document.value is None
    # Reading stopped at the first anchor: nothing after it was even looked at.
    assert ("b",) not in document.positions


@pytest.mark.parametrize(
    ("tag", "shown"),
    [
        ("!!python/object/apply:os.system ['echo hi']", "!!python/object/apply:os.system"),
        ("!!python/name:os.system", "!!python/name:os.system"),
        ("!foo bar", "!foo"),
        ("!!binary aGk=", "!!binary"),
        ("!!set {a}", "!!set"),
        ("!!str [a]", "!!str"),
        ("!ENV HOME", "!ENV"),
    ],
)
def test_tags_beyond_yamls_plain_types_are_refused(tag: str, shown: str) -> None:
    document = read_yaml(f"id: x\nsummary: {tag}\n", "f.yml")
    [problem] = document.problems
    assert (problem.line, problem.column, problem.field) == (2, 10, "summary")
    assert f"the tag '{shown}' is not allowed" in problem.message
    assert f"remove '{shown}'" in problem.message
    assert document.value is None


def test_yamls_plain_tags_are_read_as_their_types() -> None:
    document = read_yaml("a: !!str 12\nb: !!int '12'\nc: !!map {d: 1}\n", "f.yml")
    assert document.problems == []
    assert document.value == {"a": "12", "b": 12, "c": {"d": 1}}


def test_a_value_that_does_not_fit_its_tag_is_a_problem_not_a_traceback() -> None:
    [problem] = read_yaml("count: !!int many\n", "f.yml").problems
    assert (problem.line, problem.field) == (1, "count")
    assert "'many' is not a whole number" in problem.message


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("title: !!bool x\n", "'x' is not yes or no"),
        ("!!bool x: 1\n", "'x' is not yes or no"),
        ('title: !!int ""\n', "'' is not a whole number"),
        ("title: !!float abc\n", "'abc' is not a number"),
    ],
)
def test_every_value_that_does_not_fit_its_tag_is_a_problem_not_a_traceback(
    text: str, says: str
) -> None:
    [problem] = read_yaml(text, "f.yml").problems
    assert problem.line == 1 and says in problem.message


def test_a_tagged_key_that_is_not_a_date_stays_text() -> None:
    document = read_yaml("!!timestamp x: 1\n", "f.yml")
    assert (document.value, document.problems) == ({"x": 1}, [])


def test_dates_are_read_as_the_loader_always_read_them() -> None:
    document = read_yaml("a: 2024-03-31\nb: 2024-13-01\nc: '2024-03-31'\n", "f.yml")
    assert document.value == {"a": dt.date(2024, 3, 31), "b": "2024-13-01", "c": "2024-03-31"}


def test_keys_that_are_lists_and_merge_keys_are_refused() -> None:
    [complex_key] = read_yaml("? [a, b]\n: 1\n", "f.yml").problems
    assert "a key must be a single word or text" in complex_key.message
    [merge] = read_yaml("<<: {a: 1}\n", "f.yml").problems
    assert "merge keys" in merge.message


def test_a_second_document_is_refused() -> None:
    [problem] = read_yaml("a: 1\n---\nb: 2\n", "f.yml").problems
    assert problem.line == 2 and "a second document starts here" in problem.message


def test_an_empty_document_is_nothing_without_a_problem() -> None:
    document = read_yaml("# only a comment\n", "f.yml")
    assert (document.value, document.problems) == (None, [])


def test_a_configuration_file_keeps_its_own_tags_and_anchors() -> None:
    text = (
        "site_url: !ENV [LIF_UNSET_VARIABLE, 'https://default.example/']\n"
        "emoji: !!python/name:material.extensions.emoji.twemoji\n"
        "base: &base {a: 1}\nother: *base\n"
    )
    document = read_yaml(text, "mkdocs.yml", config_tags={"!ENV": lambda value: value[-1]})
    assert document.problems == []
    assert document.value["site_url"] == "https://default.example/"
    assert document.value["emoji"] is None
    assert document.value["other"] is document.value["base"]  # the same value, never a copy


def test_a_file_that_is_not_utf8_is_a_problem_at_its_byte(tmp_path: Path) -> None:
    path = tmp_path / "themes.yml"
    path.write_bytes(b"neglect:\n  label: Caf\xe9\n")
    [problem] = read_yaml_file(path, "data/themes.yml").problems
    assert (problem.path, problem.line, problem.column) == ("data/themes.yml", 2, 13)
    assert "UTF-8" in problem.message
    with pytest.raises(FileNotFoundError):
        read_yaml_file(tmp_path / "absent.yml", "data/absent.yml")
