"""The data files under ``data/``: vocabularies, the framework data, the personal-data allowlist
and the private list of names.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from lif.load.yaml_reader import read_yaml, read_yaml_file
from lif.model.framework import Framework, FrameworkDataError, parse_framework
from lif.model.memo import remembered_by
from lif.model.privacy import (
    ALLOWLIST_FILE,
    KIND_LABELS,
    PRIVATE_NAMES_FILE,
    PRIVATE_NAMES_VARIABLE,
    AllowEntry,
    Allowlist,
    PrivateNames,
    _name_key,
    _name_regex,
    too_broad,
)
from lif.model.problems import Problem
from lif.model.vocab import (
    VOCABULARY_FILES,
    Vocabularies,
    Vocabulary,
    VocabularyError,
    parse_vocabulary,
)


def load_framework(vocab: Vocabularies) -> Framework:
    """The parsed framework data; raise :class:`FrameworkDataError` listing every problem."""
    framework, problems = parse_framework(vocab)
    if problems:
        raise FrameworkDataError(problems)
    return framework


def parse_allowlist(text: str, path: str = ALLOWLIST_FILE) -> tuple[Allowlist, list[Problem]]:
    """Read the allowlist file's text; every malformed entry is a problem at its line."""
    document = read_yaml(text, path, whole="allowlist")
    problems = list(document.problems)
    data = document.value
    if data is None:
        return Allowlist(), problems
    raw_entries = data.get("entries") if isinstance(data, dict) else None
    if not isinstance(raw_entries, list):
        line, column = document.position(("entries",))
        msg = "expected 'entries:' followed by a list of entries, each with 'value' and 'reason'"
        problems.append(Problem(path, line, column, "allowlist", msg))
        return Allowlist(), problems
    entries: list[AllowEntry] = []
    for index, raw in enumerate(raw_entries):
        line, column = document.position(("entries", index))
        entry, message = _parse_entry(raw)
        if entry is None:
            problems.append(Problem(path, line, column, f"entries[{index}]", message))
        else:
            entries.append(entry)
    return Allowlist(tuple(entries)), problems


def _parse_entry(raw: Any) -> tuple[AllowEntry | None, str]:
    if not isinstance(raw, dict):
        return None, "each entry is a set of fields: 'value' (or 'pattern'), 'reason', 'kinds'"
    unknown = sorted(set(raw) - {"value", "pattern", "reason", "kinds"})
    if unknown:
        return None, f"unknown field(s) {', '.join(unknown)}: use value, pattern, reason, kinds"
    reason = raw.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        return None, "every entry needs a 'reason': say what the value is and why it may appear"
    value, pattern = raw.get("value"), raw.get("pattern")
    if (value is None) == (pattern is None):
        return None, "give exactly one of 'value' (the exact text) or 'pattern' (a regex)"
    kinds = raw.get("kinds") or []
    if isinstance(kinds, str):
        kinds = [kinds]
    bad = [k for k in kinds if k not in KIND_LABELS]
    if bad or not isinstance(kinds, list):
        return None, f"unknown kind(s) {', '.join(map(str, bad))}: use {', '.join(KIND_LABELS)}"
    compiled = None
    if pattern is not None:
        try:
            compiled = re.compile(str(pattern), re.IGNORECASE)
        except re.error as exc:
            return None, f"'pattern' is not a valid regular expression: {exc}"
        probe = too_broad(compiled)
        if probe is not None:
            shown = f"'{probe}'" if probe else "empty text"
            return None, (
                f"'pattern' matches ordinary text or any value of its kind (it matches {shown}), "
                "which would turn the personal-data check off: give the exact 'value', or a "
                "pattern that matches only the reviewed value"
            )
    return (
        AllowEntry(
            reason=reason.strip(),
            value=None if value is None else str(value),
            pattern=compiled,
            kinds=frozenset(kinds),
        ),
        "",
    )


def load_allowlist(root: Path | None) -> tuple[Allowlist, list[Problem]]:
    """The project's allowlist (empty if the project has none)."""
    if root is None:
        return Allowlist(), []
    path = root / ALLOWLIST_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Allowlist(), []
    except (OSError, UnicodeDecodeError) as exc:
        return Allowlist(), [Problem(ALLOWLIST_FILE, 1, 1, "allowlist", f"cannot be read: {exc}")]
    return parse_allowlist(text, ALLOWLIST_FILE)


def parse_private_names(text: str) -> PrivateNames:
    """One name a line; blank lines and lines starting with '#' are ignored."""
    names: list[str] = []
    index: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        name = line.strip()
        if not name or name.startswith("#") or len(name) < 2:
            continue
        names.append(name)
        index.setdefault(_name_key(name), number)
    if not names:
        return PrivateNames()
    alternatives = sorted({_name_regex(n) for n in names}, key=lambda p: (-len(p), p))
    pattern = re.compile(r"(?<![^\W_])(?:" + "|".join(alternatives) + r")(?![^\W_])", re.IGNORECASE)
    return PrivateNames(tuple(names), pattern, index)


def private_names_path(root: Path | None) -> Path | None:
    """Where the private list is: ``LIF_PRIVATE_NAMES`` if set, else the project's own file."""
    value = os.environ.get(PRIVATE_NAMES_VARIABLE, "").strip()
    if value:
        return Path(value).expanduser()
    return root / PRIVATE_NAMES_FILE if root is not None else None


def load_private_names(root: Path | None) -> tuple[PrivateNames, list[Problem]]:
    """The private list; a list named by the variable but unreadable is an error, never skipped."""
    path = private_names_path(root)
    if path is None:
        return PrivateNames(), []
    explicit = bool(os.environ.get(PRIVATE_NAMES_VARIABLE, "").strip())
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        if not explicit:
            return PrivateNames(), []
        msg = (
            f"{PRIVATE_NAMES_VARIABLE} names this file but it does not exist: fix the path, or "
            "unset the variable to use .lif-private-names.txt at the project root"
        )
        return PrivateNames(), [Problem(str(path), 1, 1, "private names", msg)]
    except (OSError, UnicodeDecodeError) as exc:
        msg = f"the private list of names cannot be read ({exc}); the name check cannot run"
        if explicit:
            msg = (
                f"the environment variable {PRIVATE_NAMES_VARIABLE} names this, which cannot be "
                f"read ({exc}): set it to the private list's file (UTF-8 text, one name a line), "
                "or unset it to use .lif-private-names.txt at the project root"
            )
        return PrivateNames(), [Problem(str(path), 1, 1, "private names", msg)]
    return parse_private_names(text), []


def _vocabulary_texts(data_dir: Path) -> tuple[Path, tuple[bytes | None, ...]]:
    """What :func:`load_vocabularies` reads: the folder and each vocabulary file's bytes
    (None for a file that cannot be read), the key of what the preview keeps of it."""
    texts: list[bytes | None] = []
    for filename in VOCABULARY_FILES.values():
        try:
            texts.append((data_dir / filename).read_bytes())
        except OSError:
            texts.append(None)
    return data_dir, tuple(texts)


@remembered_by(_vocabulary_texts)
def load_vocabularies(data_dir: Path) -> Vocabularies:
    """Read every vocabulary file from ``data_dir`` (the project's ``data/`` folder).

    Every file is read and every term checked before anything is reported, so one run names
    every bad file and every bad term, each at its line.

    Raises :class:`VocabularyError` listing every problem if any file is missing, unreadable or
    holds a term that is not valid.
    """
    by_name: dict[str, Vocabulary] = {}
    problems: list[Problem] = []
    for name, filename in VOCABULARY_FILES.items():
        rel = f"{data_dir.name}/{filename}"
        try:
            document = read_yaml_file(data_dir / filename, rel, whole=name)
        except FileNotFoundError:
            msg = (
                f"the vocabulary file is missing: every project needs {rel}; "
                "restore it from the project's repository"
            )
            problems.append(Problem(rel, 1, 1, name, msg))
            continue
        problems.extend(document.problems)
        if document.value is None and document.problems:
            continue
        by_name[name], found = parse_vocabulary(name, document.value, rel, document.positions)
        problems.extend(found)
    if problems:
        raise VocabularyError(problems)
    return Vocabularies(by_name=by_name)
