"""The one loader: reads every content file under ``reviews/`` and ``briefs/``.

It returns the valid items together with every problem found, each placed at the file, line and
column of the field concerned, so that one bad file never hides another and nothing valid is
lost because something else is broken. Only this module reads content from disk.
"""

from __future__ import annotations

import datetime as dt
import difflib
import gc
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from frontmatter.default_handlers import YAMLHandler
from pydantic import ValidationError

from lif.load.yaml_reader import format_loc, read_yaml
from lif.model.collector import settle
from lif.model.content import BRIEF_FIELDS, REVIEW_FIELDS, VOCAB_FIELDS, Brief, Item, Review
from lif.model.forked import PARALLEL_FROM, ForkedWork, ForkedWorkError, fork_available
from lif.model.library import COLLECTIONS, Library, Path_, Source
from lif.model.memo import Identity, remembered_by
from lif.model.problems import Problem
from lif.model.vocab import Vocabularies, Vocabulary, normalise_term


def content_files(root: Path) -> list[Path]:
    """Every Markdown file of the collections, in a stable order."""
    files: list[Path] = []
    for folder in COLLECTIONS:
        base = root / folder
        if base.is_dir():
            files.extend(
                p for p in base.rglob("*.md") if p.is_file() and p.name.lower() != "readme.md"
            )
    return sorted(files)


#: How many files the forked copy of :func:`load_library` reads at a time, each batch sent back
#: as soon as it is read.
LOAD_BATCH = 50


def load_library(
    root: Path,
    vocab: Vocabularies,
    paths: Iterable[Path] | None = None,
    parallel: bool = False,
) -> Library:
    """Read the content files of the project at ``root`` (or only ``paths``).

    With ``parallel``, a project of :data:`lif.model.forked.PARALLEL_FROM` files or more has
    about half of them read by a forked copy of this process while this one reads the rest
    (:func:`_loaded`); the library is the same. The garbage collector is paused while the files
    are read: reading makes hundreds of thousands of objects that live on, and each collection
    would go over all of those made so far; they are then put in its oldest generation
    (:func:`lif.model.collector.settle`). Returns the library: a problem in a file is one of
    its ``problems``, never an exception.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        library = _library(root, vocab, paths, parallel)
        settle()
        return library
    finally:
        if collecting:
            gc.enable()


def _library(
    root: Path, vocab: Vocabularies, paths: Iterable[Path] | None, parallel: bool
) -> Library:
    items: list[Item] = []
    sources: dict[str, Source] = {}
    problems: list[Problem] = []
    rejected: list[Source] = []
    files = content_files(root) if paths is None else sorted(Path(p).resolve() for p in paths)
    root = root.resolve()
    read: set[str] = set()
    for item, source, found in _loaded(files, root, vocab, parallel):
        # A link to a file of the project is that file, named by where it leads: it is read
        # once, under that name.
        path = source.path if source is not None else (found[0].path if found else None)
        if path is not None and path in read:
            continue
        if path is not None:
            read.add(path)
        problems.extend(found)
        if item is None:
            if source is not None:
                rejected.append(source)
            continue
        assert source is not None
        owner = sources.get(item.id)
        if owner is not None:
            line, column = source.position(("id",))
            msg = (
                f"id '{item.id}' is already used by {owner.path}: ids must be unique across "
                "reviews and briefs; choose another id"
            )
            problems.append(Problem(source.path, line, column, "id", msg))
            # Not an item, but its body and fields are checked like those of a file whose
            # front matter has problems.
            rejected.append(source)
            continue
        items.append(item)
        sources[item.id] = source
    return Library(items=items, sources=sources, problems=problems, rejected=rejected)


def _loaded(
    files: list[Path], root: Path, vocab: Vocabularies, parallel: bool
) -> Iterator[tuple[Item | None, Source | None, list[Problem]]]:
    """:func:`load_file` of each of ``files``, in order. With ``parallel`` and enough files,
    the files are taken in batches of :data:`LOAD_BATCH`, each read by a forked copy of this
    process or by this one, whichever has read fewer bytes so far; if the copy fails, this
    process reads its batches too."""

    folders: dict[Path, Path] = {}

    def read(batch: list[Path]) -> list[tuple[Item | None, Source | None, list[Problem]]]:
        return [load_file(path, _relative(path, root, folders), vocab) for path in batch]

    if not parallel or len(files) < PARALLEL_FROM or not fork_available():
        yield from read(files)
        return
    batches = [files[start : start + LOAD_BATCH] for start in range(0, len(files), LOAD_BATCH)]
    theirs: list[str] = []
    copied = own = 0
    for number, batch in enumerate(batches):
        size = sum(_size(path) for path in batch)
        if copied <= own:
            theirs.append(str(number))
            copied += size
        else:
            own += size
    try:
        copy = ForkedWork(lambda key: read(batches[int(key)]), theirs)
    except ForkedWorkError:
        yield from read(files)
        return
    try:
        for number, batch in enumerate(batches):
            if str(number) not in copy.keys:
                yield from read(batch)
                continue
            try:
                yield from copy.result(str(number))
            except ForkedWorkError:
                yield from read(batch)
    finally:
        copy.close()


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _relative(path: Path, root: Path, folders: dict[Path, Path]) -> str:
    """``path`` relative to the project folder ``root`` (resolved once by the caller) as
    problems name it. The path is resolved first, so a link to a file outside the project is
    outside it (and refused, unread, by :func:`load_file`); a path outside stays whole.
    ``folders`` keeps each folder resolved, for the files of one load: a file that is not a
    link is then resolved with one look at the file itself."""
    if path.is_symlink():
        resolved = path.resolve()
    else:
        folder = folders.get(path.parent)
        if folder is None:
            folder = folders[path.parent] = path.parent.resolve()
        resolved = folder / path.name
    try:
        return resolved.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def collection_of(rel: str) -> str | None:
    """The collection a project-relative path belongs to, or None."""
    first = rel.split("/", 1)[0]
    return first if first in COLLECTIONS else None


def load_file(
    path: Path, rel: str, vocab: Vocabularies
) -> tuple[Item | None, Source | None, list[Problem]]:
    """Read one content file: the item if it is valid, its source, and its problems.

    The source is returned whenever the front matter could be read, valid or not, so that the
    rules on the body still run on a file whose fields have problems.
    """
    collection = collection_of(rel)
    if collection is None:
        msg = "content files belong in reviews/ or briefs/: move the file into one of them"
        return None, None, [Problem(rel, 1, 1, "file", msg)]
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, None, [Problem(rel, 1, 1, "file", f"cannot be read: {exc.strerror}")]
    return parse_text(raw, rel, COLLECTIONS[collection], vocab)


def _decode(raw: bytes, rel: str) -> tuple[str | None, list[Problem]]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        msg = (
            f"byte 0x{raw[exc.start]:02x} is not UTF-8 text; save the file as UTF-8 "
            "(in most editors: Save with encoding, UTF-8)"
        )
        return None, [Problem(rel, line, column, "file", msg)]
    return text.removeprefix("\ufeff").replace("\r\n", "\n"), []


def read_front_matter(raw: bytes, rel: str) -> tuple[Any, Source | None, list[Problem]]:
    """The front matter of a content file's bytes as read (not yet checked against a model),
    the file's source (body and field positions), and the problems found reading them.

    The source is None when the text is not UTF-8. Without the two '---' lines, the whole text
    is the source's body (so that the rules on the body still read it) and there are no fields.
    """
    text, problems = _decode(raw, rel)
    if text is None:
        return None, None, problems
    handler = YAMLHandler()
    boundary = handler.FM_BOUNDARY
    first = boundary.match(text)
    second = boundary.search(text, first.end()) if first else None
    if first is None or second is None:
        msg = (
            "no front matter: the file must start with a line '---', then the fields, "
            "then another line '---' before the text"
        )
        whole = Source(path=rel, body=text, body_line=1, positions={(): (1, 1)})
        return None, whole, [Problem(rel, 1, 1, "front matter", msg)]
    fm_text = text[first.end() : second.start()]
    base_line = text.count("\n", 0, first.end()) + 1
    closing_line = text.count("\n", 0, second.start()) + 1
    body_start = second.end()
    body = text[body_start:].lstrip("\n")
    body_line = text.count("\n", 0, len(text) - len(body)) + 1

    document = read_yaml(fm_text, rel, whole="front matter", first_line=base_line)
    problems.extend(document.problems)
    positions = document.positions
    # A field missing from the front matter is placed on the closing '---', where it is added.
    positions[()] = (closing_line, 1)
    data = document.value
    source = Source(
        path=rel,
        body=body,
        body_line=body_line,
        positions=positions,
        front_matter={str(k): v for k, v in data.items()} if isinstance(data, dict) else {},
        texts=document.texts,
    )
    if not isinstance(data, dict) and (data is not None or not document.problems):
        msg = "the front matter must be a list of 'field: value' lines"
        problems.append(Problem(rel, base_line, 1, "front matter", msg))
    return data, source, problems


@remembered_by(lambda raw, rel, model, vocab: (raw, rel, model, Identity(vocab)))
def parse_text(
    raw: bytes, rel: str, model: type[Review] | type[Brief], vocab: Vocabularies
) -> tuple[Item | None, Source | None, list[Problem]]:
    """Parse the bytes of one content file as ``model``."""
    data, source, problems = read_front_matter(raw, rel)
    if source is None or not isinstance(data, dict):
        return None, source, problems

    data, vocab_problems = _apply_vocabularies(data, model, vocab, source)
    problems.extend(vocab_problems)
    source.front_matter = data
    try:
        item: Item = _validate(model, data, source.texts)
    except ValidationError as exc:
        problems.extend(_validation_problems(exc, model, source))
        return None, source, problems
    if problems:
        return None, source, problems
    return item, source, problems


def _validate(
    model: type[Review] | type[Brief], data: dict[str, Any], texts: Mapping[Path_, str]
) -> Item:
    """Validate ``data`` as ``model``; where text is expected and YAML read an unquoted word as
    a yes/no, a number or a date, take the text as written (``title: No``, ``note: 12:30``),
    as YAML 1.2 and the editor mean it. Raises :class:`pydantic.ValidationError`."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        meant = [
            tuple(error["loc"])
            for error in exc.errors()
            if error["type"] == "string_type" and tuple(error["loc"]) in texts
        ]
        if not meant:
            raise
    for loc in meant:
        data = _replaced(data, loc, texts[loc])
    return model.model_validate(data)


def _replaced(value: Any, loc: Path_, text: str) -> Any:
    """``value`` with the item at ``loc`` replaced by ``text`` (copies along the way)."""
    if not loc:
        return text
    head, rest = loc[0], loc[1:]
    if isinstance(value, dict) and head in value:
        return {**value, head: _replaced(value[head], rest, text)}
    if isinstance(value, list) and isinstance(head, int) and 0 <= head < len(value):
        return [*value[:head], _replaced(value[head], rest, text), *value[head + 1 :]]
    return value


def _apply_vocabularies(
    data: dict[str, Any], model: type[Review] | type[Brief], vocab: Vocabularies, source: Source
) -> tuple[dict[str, Any], list[Problem]]:
    """Check vocabulary terms, replacing aliases by their keys."""
    problems: list[Problem] = []
    out = dict(data)
    fields = model.model_fields
    for name, vocab_name in VOCAB_FIELDS.items():
        if name not in fields or name not in data or data[name] is None:
            continue
        terms = vocab[vocab_name]
        value = data[name]
        if isinstance(value, list):
            resolved: list[Any] = []
            for index, term in enumerate(value):
                resolved.append(_resolve(term, terms, (name, index), name, source, problems))
            out[name] = resolved
        elif isinstance(value, str):
            out[name] = _resolve(value, terms, (name,), name, source, problems)
    # Nested vocabulary terms: lead agencies of recommendations, kinds of documents.
    for list_name, key, terms in (
        ("recommendations", "lead_agency", vocab.agencies),
        ("documents", "kind", vocab["document_kind"]),
    ):
        entries = data.get(list_name)
        if not isinstance(entries, list):
            continue
        resolved_entries: list[Any] = []
        for index, entry in enumerate(entries):
            if isinstance(entry, dict) and isinstance(entry.get(key), str):
                entry_loc: Path_ = (list_name, index, key)
                term = _resolve(
                    entry[key], terms, entry_loc, format_loc(entry_loc), source, problems
                )
                entry = {**entry, key: term}
            resolved_entries.append(entry)
        out[list_name] = resolved_entries
    # Lead agencies of the actions of each recommendation.
    for rec_index, rec in enumerate(out.get("recommendations") or []):
        if not isinstance(rec, dict) or not isinstance(rec.get("actions"), list):
            continue
        actions: list[Any] = []
        for index, action in enumerate(rec["actions"]):
            if isinstance(action, dict) and isinstance(action.get("lead_agency"), str):
                action_loc: Path_ = ("recommendations", rec_index, "actions", index, "lead_agency")
                agency = _resolve(
                    action["lead_agency"],
                    vocab.agencies,
                    action_loc,
                    format_loc(action_loc),
                    source,
                    problems,
                )
                action = {**action, "lead_agency": agency}
            actions.append(action)
        out["recommendations"][rec_index] = {**rec, "actions": actions}
    return out, problems


def _resolve(
    value: Any,
    terms: Vocabulary,
    loc: Path_,
    label: str,
    source: Source,
    problems: list[Problem],
) -> Any:
    if not isinstance(value, str):
        return value  # the model reports the wrong type
    key = terms.resolve(value)
    if key is not None:
        return key
    line, column = source.position(loc)
    problems.append(Problem(source.path, line, column, label, terms.unknown_message(value)))
    return value


def _validation_problems(
    exc: ValidationError, model: type[Review] | type[Brief], source: Source
) -> list[Problem]:
    problems: list[Problem] = []
    known = REVIEW_FIELDS if model is Review else BRIEF_FIELDS
    for error in exc.errors():
        loc = tuple(error["loc"])
        kind = error["type"]
        label = format_loc(loc, "front matter")
        line, column = source.position(loc)
        problems.append(
            Problem(source.path, line, column, label, _message(error, kind, loc, known))
        )
    return problems


def _message(error: Mapping[str, Any], kind: str, loc: Path_, known: frozenset[str]) -> str:
    name = str(loc[-1]) if loc else ""
    if kind == "missing":
        where = " (above its closing '---')" if len(loc) == 1 else ""
        return f"required field is missing: add a line '{name}: …' to the front matter{where}"
    if kind == "extra_forbidden":
        close = difflib.get_close_matches(normalise_term(name).replace("-", "_"), known, n=1)
        hint = f"did you mean '{close[0]}'? " if close and len(loc) == 1 else ""
        return f"unknown field '{name}'; {hint}check the spelling or remove it"
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return f"'{error.get('input')}' is not allowed here; use one of: {expected}"
    if kind.startswith("date"):
        return f"'{error.get('input')}' is not a date: write it as YYYY-MM-DD, like 2024-03-31"
    if kind == "string_pattern_mismatch":
        return (
            f"'{error.get('input')}' is not a valid id: use lowercase letters, digits and single "
            "hyphens, like 'sar-adult-d-2024'"
        )
    if kind == "too_short":
        return "needs at least one entry"
    if kind == "string_too_short":
        return "must not be empty"
    if kind in {"list_type", "dict_type", "model_type"}:
        want = {"list_type": "a list", "dict_type": "a set of 'field: value' lines"}.get(
            kind, "a set of 'field: value' lines"
        )
        return f"must be {want}, not {_describe(error.get('input'))}"
    if kind in {"string_type", "bool_type", "int_type"}:
        return f"must be text, not {_describe(error.get('input'))}"
    if kind == "value_error":
        return str(error.get("msg", "")).removeprefix("Value error, ")
    return str(error.get("msg", "invalid value"))


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a set of fields"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return f"yes/no ({value})"
    if isinstance(value, dt.date):
        return f"a date ({value.isoformat()})"
    if value is None:
        return "nothing"
    return f"'{value}'"
