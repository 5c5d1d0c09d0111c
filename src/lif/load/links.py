"""The permanent-link record (``links/published.yml``) and redirects (``links/redirects.yml``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from lif.load.yaml_reader import YamlDocument, read_yaml_bytes
from lif.model.links import RECORD_FILE, REDIRECTS_FILE, LinkData, RecordEntry, Redirect
from lif.model.problems import Problem


def _read(raw: bytes, rel: str, what: str) -> tuple[dict[str, Any] | None, YamlDocument]:
    """The file's top-level mapping (keys as text), or None if it cannot be read; its document."""
    document = read_yaml_bytes(raw, rel)
    value = document.value
    if value is None:
        return (None if document.problems else {}), document
    if not isinstance(value, dict):
        line, column = document.position(())
        document.problems.append(
            Problem(rel, line, column, "file", f"must be a list of '{what}' lines")
        )
        return None, document
    return {str(key): entry for key, entry in value.items()}, document


def _parse_record(
    entries: dict[str, Any], document: YamlDocument, rel: str
) -> tuple[dict[str, RecordEntry], list[Problem]]:
    problems: list[Problem] = []
    record: dict[str, RecordEntry] = {}
    for key, value in entries.items():
        line, column = document.position((key,))
        if not isinstance(value, dict) or not isinstance(value.get("path"), str):
            problems.append(
                Problem(
                    rel,
                    line,
                    column,
                    key,
                    "each entry needs a 'path' (like 'reviews/<id>/'): "
                    "run 'lif permalinks --update' to rewrite the record",
                )
            )
            continue
        since = value.get("since")
        if since is not None and not isinstance(since, dt.date):
            at_line, at_column = document.position((key, "since"))
            problems.append(
                Problem(
                    rel,
                    at_line,
                    at_column,
                    f"{key}.since",
                    f"'{since}' is not a date: write YYYY-MM-DD",
                )
            )
            since = None
        anchors = value.get("anchors") or []
        if not isinstance(anchors, list) or not all(isinstance(a, str) for a in anchors):
            at_line, at_column = document.position((key, "anchors"))
            problems.append(
                Problem(
                    rel,
                    at_line,
                    at_column,
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


def _parse_redirects(
    entries: dict[str, Any], document: YamlDocument, rel: str
) -> tuple[list[Redirect], list[Problem]]:
    problems: list[Problem] = []
    redirects: list[Redirect] = []
    for key, value in entries.items():
        line, column = document.position((key,))
        if not isinstance(value, str) or not value.strip():
            problems.append(
                Problem(
                    rel,
                    line,
                    column,
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
    """Read ``links/published.yml`` and ``links/redirects.yml`` (each may be absent).

    A file that cannot be read at all is reported alone (not every address it would have
    covered) and the record is then None: nothing is known about what was published.
    """
    root = Path(root)
    texts: dict[str, bytes | None] = {}
    problems: list[Problem] = []
    for rel in (RECORD_FILE, REDIRECTS_FILE):
        try:
            texts[rel] = (root / rel).read_bytes() if (root / rel).is_file() else None
        except OSError as exc:
            message = f"cannot be read ({exc.strerror}): check the file may be read"
            problems.append(Problem(rel, 1, 1, "file", message))
            return LinkData(record=None, redirects=[], problems=problems, readable=False)
    return parse_link_data(texts[RECORD_FILE], texts[REDIRECTS_FILE])


def parse_link_data(record_raw: bytes | None, redirects_raw: bytes | None) -> LinkData:
    """The record and redirects from the bytes of their files (None for a file that is absent),
    as :func:`load_link_data` reads them from the project or ``lif check --base`` from git."""
    record: dict[str, RecordEntry] | None = None
    redirects: list[Redirect] = []
    problems: list[Problem] = []
    readable = True
    if record_raw is not None:
        entries, document = _read(record_raw, RECORD_FILE, "id: {path: ..., anchors: [...]}")
        problems += document.problems
        readable = readable and entries is not None
        record, found = _parse_record(entries or {}, document, RECORD_FILE)
        problems += found
    if redirects_raw is not None:
        entries, document = _read(redirects_raw, REDIRECTS_FILE, "old-id: new-id")
        problems += document.problems
        readable = readable and entries is not None
        redirects, found = _parse_redirects(entries or {}, document, REDIRECTS_FILE)
        problems += found
    if not readable:
        return LinkData(record=None, redirects=[], problems=problems, readable=False)
    return LinkData(record=record, redirects=redirects, problems=problems)
