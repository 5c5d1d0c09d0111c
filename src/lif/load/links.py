"""The permanent-link record (``links/published.yml``) and redirects (``links/redirects.yml``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from lif.model.links import RECORD_FILE, REDIRECTS_FILE, LinkData, RecordEntry, Redirect
from lif.model.problems import Problem

#: The C parser when PyYAML has it: the record grows with the library.
_FastLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _compose(path: Path, rel: str) -> tuple[yaml.Node | None, list[Problem]]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None, [Problem(rel, 1, 1, "file", "is not UTF-8 text: save it as UTF-8")]
    try:
        return yaml.compose(text, Loader=_FastLoader), []
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = exc.problem or "the YAML cannot be read"
        return None, [
            Problem(
                rel,
                line,
                column,
                "file",
                f"broken YAML: {reason}; check the indentation and colons on this line",
            )
        ]


def _scalar(node: yaml.Node, loader: Any) -> Any:
    return loader.construct_object(node, deep=True)


def _mapping_pairs(
    node: yaml.Node | None, rel: str, what: str
) -> tuple[list[tuple[yaml.Node, yaml.Node]], list[Problem]]:
    """The key/value nodes of a top-level mapping; duplicate keys are problems."""
    if node is None:
        return [], []
    if not isinstance(node, yaml.MappingNode):
        line = node.start_mark.line + 1
        return [], [Problem(rel, line, 1, "file", f"must be a list of '{what}' lines")]
    seen: dict[str, int] = {}
    pairs: list[tuple[yaml.Node, yaml.Node]] = []
    problems: list[Problem] = []
    for key_node, value_node in node.value:
        key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else ""
        line = key_node.start_mark.line + 1
        if key in seen:
            problems.append(
                Problem(
                    rel,
                    line,
                    1,
                    key,
                    f"'{key}' is listed twice (also on line {seen[key]}): keep one entry",
                )
            )
            continue
        seen[key] = line
        pairs.append((key_node, value_node))
    return pairs, problems


def _parse_record(node: yaml.Node | None, rel: str) -> tuple[dict[str, RecordEntry], list[Problem]]:
    pairs, problems = _mapping_pairs(node, rel, "id: {path: ..., since: ..., anchors: [...]}")
    record: dict[str, RecordEntry] = {}
    loader = _FastLoader("")
    for key_node, value_node in pairs:
        key = str(key_node.value)
        line = key_node.start_mark.line + 1
        value = _scalar(value_node, loader)
        if not isinstance(value, dict) or not isinstance(value.get("path"), str):
            problems.append(
                Problem(
                    rel,
                    line,
                    1,
                    key,
                    "each entry needs a 'path' (like 'reviews/<id>/'): "
                    "run 'lif permalinks --update' to rewrite the record",
                )
            )
            continue
        since = value.get("since")
        if since is not None and not isinstance(since, dt.date):
            problems.append(
                Problem(rel, line, 1, f"{key}.since", f"'{since}' is not a date: write YYYY-MM-DD")
            )
            since = None
        anchors = value.get("anchors") or []
        if not isinstance(anchors, list) or not all(isinstance(a, str) for a in anchors):
            problems.append(
                Problem(
                    rel,
                    line,
                    1,
                    f"{key}.anchors",
                    "must be a list of anchors, like [learning-lp-1, recommendation-rec-1]",
                )
            )
            anchors = []
        record[key] = RecordEntry(key, value["path"], since, tuple(anchors), line)
    return record, problems


def _split(value: str) -> tuple[str, str | None]:
    item_id, sep, anchor = value.strip().partition("#")
    return item_id.strip(), (anchor.strip() or None) if sep else None


def _parse_redirects(node: yaml.Node | None, rel: str) -> tuple[list[Redirect], list[Problem]]:
    pairs, problems = _mapping_pairs(node, rel, "old-id: new-id")
    redirects: list[Redirect] = []
    loader = _FastLoader("")
    for key_node, value_node in pairs:
        key = str(key_node.value)
        line = key_node.start_mark.line + 1
        value = _scalar(value_node, loader)
        if not isinstance(value, str) or not value.strip():
            problems.append(
                Problem(
                    rel,
                    line,
                    1,
                    key,
                    "give the new id, like 'old-id: new-id' (or "
                    "'review-id#learning-old: review-id#learning-new' for a learning point)",
                )
            )
            continue
        source, source_anchor = _split(key)
        target, target_anchor = _split(value)
        redirects.append(Redirect(source, source_anchor, target, target_anchor, line))
    return redirects, problems


def load_link_data(root: Path) -> LinkData:
    """Read ``links/published.yml`` and ``links/redirects.yml`` (each may be absent)."""
    root = Path(root)
    record: dict[str, RecordEntry] | None = None
    redirects: list[Redirect] = []
    problems: list[Problem] = []
    record_path = root / RECORD_FILE
    if record_path.is_file():
        node, found = _compose(record_path, RECORD_FILE)
        problems += found
        record, found = _parse_record(node, RECORD_FILE)
        problems += found
    redirects_path = root / REDIRECTS_FILE
    if redirects_path.is_file():
        node, found = _compose(redirects_path, REDIRECTS_FILE)
        problems += found
        redirects, found = _parse_redirects(node, REDIRECTS_FILE)
        problems += found
    if any(p.field == "file" for p in problems):
        # A file that cannot be read at all: report that alone, not every link it would cover.
        return LinkData(record=None, redirects=[], problems=problems)
    return LinkData(record=record, redirects=redirects, problems=problems)
