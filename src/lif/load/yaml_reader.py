"""The one YAML reader: every YAML document the library reads comes through :func:`read_yaml`.

Front matter, the data files of ``data/``, the link files of ``links/`` and the settings taken
from ``mkdocs.yml`` are all read here, so they all follow the same rules and every value comes
with the line and column it was written on.

PyYAML's parser (its C parser when PyYAML was built with libyaml) turns the text into events;
this module builds the values from those events itself rather than through PyYAML's composer, so
that it can refuse, at the first event concerned and before anything is expanded:

- a key given twice in one mapping (YAML would keep the last one silently: a ``status: draft``
  near the top would lose to a ``status: published`` lower down);
- anchors and aliases (``&name``, ``*name``): content needs none, and nested aliases expand
  exponentially (the "billion laughs" document: a few kilobytes that take gigabytes to walk);
- tags other than YAML's plain types (``!!python/object``, ``!foo``), which name code or types
  the library does not know.

Scalars are resolved and constructed by PyYAML's safe constructors, as ``yaml.safe_load`` would,
except that a date that cannot exist (``2024-13-01``) stays text so that the model reports it.

Text pasted from Word or a web page brings characters that look like ordinary ones
(:mod:`lif.model.characters`). Where their meaning is plain they are read as what they stand for:
a non-breaking or zero-width space in a line's indentation, after a list's ``-`` or after a key's
``:`` (YAML would not see the structure); around or inside a key; and in a value that is a single
word such as an id, a vocabulary term or a date (``child\u2011death\u2011review``). Prose keeps
them as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from lif.model.characters import HYPHENS, INVISIBLE, SPACES, plain
from lif.model.problems import Loc, Problem, position_of

#: Pasted characters read as a space where YAML looks for one.
_PASTED = SPACES | INVISIBLE

#: A character that may make a value read differently once pasted characters are read as what
#: they stand for and the ends are trimmed (:func:`lif.model.characters.plain`).
_PASTED_OR_SPACE = re.compile("[" + "".join(sorted(_PASTED | HYPHENS)) + "]|^\\s|\\s$")

#: Any pasted character (a search over the whole text at once).
_ANY_PASTED = re.compile("[" + "".join(sorted(_PASTED)) + "]")

#: A value that is one word: an id, a vocabulary term, a date, a number, an address.
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:/+-]*")


def structural_spaces(text: str) -> str:
    """``text`` (YAML) with the pasted spaces of :data:`lif.model.characters.SPACES` and the
    invisible characters of :data:`~lif.model.characters.INVISIBLE` read as spaces where YAML
    needs a space to see the structure: in a line's indentation, after a list item's ``-`` and
    after the ``:`` that ends a key. One character for one, so lines and columns stay."""
    if _ANY_PASTED.search(text) is None:
        return text
    lines = text.split("\n")
    for index, line in enumerate(lines):
        chars = list(line)
        position = 0
        while position < len(chars):
            char = chars[position]
            if char in _PASTED:
                chars[position] = " "
            elif char == "-" and position + 1 < len(chars) and chars[position + 1] in _PASTED:
                chars[position + 1] = " "
            elif char not in " \t-":
                break
            position += 1
        rest = "".join(chars[position:])
        colon = rest.find(":")
        key = rest[:colon]
        if (
            colon > 0
            and colon + 1 < len(rest)
            and rest[colon + 1] in _PASTED
            and not key.startswith(("'", '"', "#"))
        ):
            rest = rest[: colon + 1] + " " + rest[colon + 2 :]
        lines[index] = "".join(chars[:position]) + rest
    return "\n".join(lines)


#: PyYAML's C parser when PyYAML has it: front matter, data and the link record all grow with the
#: library, and the C parser reads several times faster.
_Parser: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_YAML = "tag:yaml.org,2002:"
_STR = _YAML + "str"
_SEQ = _YAML + "seq"
_MAP = _YAML + "map"
_TIMESTAMP = _YAML + "timestamp"
_MERGE = _YAML + "merge"
_VALUE = _YAML + "value"

#: The tags a document may write explicitly: YAML's plain types (YAML 1.1 types repository).
ALLOWED_TAGS = frozenset(
    _YAML + name for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
)

_SCALAR_TAGS = ALLOWED_TAGS - {_SEQ, _MAP}

#: How a problem names what a tagged value should have been.
_KINDS = {
    _YAML + "int": "a whole number",
    _YAML + "float": "a number",
    _YAML + "bool": "yes or no (true or false)",
    _YAML + "null": "empty",
}

_RESOLVER = Resolver()


@lru_cache(maxsize=16384)
def _plain_tag(value: str) -> str:
    """The type YAML gives ``value`` written without quotes (PyYAML's resolver, YAML 1.1):
    content repeats the same few words (statuses, terms, dates) thousands of times."""
    return str(_RESOLVER.resolve(yaml.ScalarNode, value, (True, False)))  # type: ignore[no-untyped-call]


#: What a tag of a configuration file another program owns turns a value into.
TagHandler = Callable[[Any], Any]


@dataclass
class YamlDocument:
    """What :func:`read_yaml` read: the value, where each key and item is, and the problems.

    ``value`` is None when the document is empty or could not be read (then ``problems`` says
    why). ``positions`` maps the path of every mapping key and list item (``("learning", 0,
    "text")``) to its 1-based line and column in the file; ``()`` is the document's first line.
    ``texts`` maps the path of every value written without quotes that YAML read as something
    other than text (``yes``, ``12:30``, ``2024-01-01``) to the text as written, for a reader that
    expects text there: YAML 1.2 writers (the editor's among them) leave such words unquoted,
    where YAML 1.1, which this reader follows, reads a yes/no or a number.
    """

    value: Any
    positions: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    texts: dict[Loc, str] = field(default_factory=dict)

    def position(self, loc: Iterable[str | int]) -> tuple[int, int]:
        """Line and column of the key or item at ``loc``, or of its nearest enclosing one."""
        return position_of(self.positions, loc)


def format_loc(loc: Iterable[str | int], whole: str = "file") -> str:
    """A path as people write it: ``learning[0].text``; ``whole`` for the document itself."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or whole


class _Refused(Exception):
    """The document uses something this reader refuses; reading stops at once."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


@dataclass
class _Frame:
    """A mapping or list being read."""

    value: dict[Any, Any] | list[Any]
    loc: Loc
    record: bool
    tag: str | None
    #: In a mapping: the key read whose value comes next, its path part, and whether it repeats.
    key: Any = None
    key_part: str | int = ""
    has_key: bool = False
    repeated: bool = False
    lines: dict[Any, int] = field(default_factory=dict)


class _Reader:
    def __init__(
        self,
        path: str,
        whole: str,
        first_line: int,
        config_tags: Mapping[str, TagHandler] | None,
    ) -> None:
        self.path = path
        self.whole = whole
        self.first_line = first_line
        self.config_tags = config_tags
        self.constructor = SafeConstructor()
        self.positions: dict[Loc, tuple[int, int]] = {(): (first_line, 1)}
        self.texts: dict[Loc, str] = {}
        self.problems: list[Problem] = []
        self.stack: list[_Frame] = []
        self.anchors: dict[str, Any] = {}
        self.root: Any = None

    def where(self, mark: Any) -> tuple[int, int]:
        return self.first_line + mark.line, mark.column + 1

    def refuse(self, event: Any, loc: Loc, message: str) -> _Refused:
        line, column = self.where(event.start_mark)
        return _Refused(Problem(self.path, line, column, format_loc(loc, self.whole), message))

    # --- where the next node goes ---------------------------------------------------------------

    def child(self, event: Any) -> tuple[Loc, bool]:
        """The path of the node that starts with ``event``, and whether to record positions."""
        if not self.stack:
            return (), True
        top = self.stack[-1]
        if isinstance(top.value, list):
            loc = (*top.loc, len(top.value))
            if top.record:
                self.positions[loc] = self.where(event.start_mark)
            return loc, top.record
        if not top.has_key:
            raise self.refuse(
                event,
                top.loc,
                "a key must be a single word or text, not a list or a set of fields: "
                "write 'name: value'",
            )
        return (*top.loc, top.key_part), top.record and not top.repeated

    def place(self, value: Any) -> None:
        """Put a finished value into the mapping or list being read."""
        if not self.stack:
            self.root = value
            return
        top = self.stack[-1]
        if isinstance(top.value, list):
            top.value.append(value)
            return
        if not top.repeated:
            top.value[top.key] = value
        top.key, top.key_part, top.has_key, top.repeated = None, "", False, False

    def key(self, event: Any, key: Any) -> None:
        """A mapping key was read: record where it is; a key already in the mapping is a problem
        naming both lines, and its value is then read but not kept."""
        top = self.stack[-1]
        part: str | int = key if isinstance(key, str) else str(event.value)
        loc = (*top.loc, part)
        line, column = self.where(event.start_mark)
        first = top.lines.get(key)  # keys are scalars (text, numbers, dates): hashable
        repeated = first is not None and self.config_tags is None
        if repeated:
            message = (
                f"'{part}' is listed twice (also on line {first}): keep one of the two lines; "
                "YAML would silently use the last one"
            )
            self.problems.append(Problem(self.path, line, column, format_loc(loc), message))
        else:
            top.lines[key] = line
            if top.record:
                self.positions[loc] = (line, column)
        top.key, top.key_part, top.has_key, top.repeated = key, part, True, repeated

    # --- the events -----------------------------------------------------------------------------

    def anchor(self, event: Any, loc: Loc) -> None:
        if event.anchor is None or self.config_tags is not None:
            return
        raise self.refuse(
            event,
            loc,
            f"anchors ('&{event.anchor}') are not allowed here: write the value out in full "
            "wherever it is needed",
        )

    def tag(self, event: Any, loc: Loc, kind: str | None = None) -> str | None:
        """The explicit tag of a node, None for a plain one; refuse a tag outside YAML's types.

        ``kind`` is the tag of a mapping or list, which may carry only its own.
        """
        tag = event.tag
        if tag is None or tag == "!" or (kind is not None and tag == kind):
            return None
        if self.config_tags is not None or (kind is None and tag in _SCALAR_TAGS):
            return str(tag)
        shown = "!!" + tag.removeprefix(_YAML) if tag.startswith(_YAML) else tag
        raise self.refuse(
            event,
            loc,
            f"the tag '{shown}' is not allowed here: these files hold plain text, numbers, "
            f"dates, lists and fields only; remove '{shown}'",
        )

    def scalar(self, event: Any) -> None:
        top = self.stack[-1] if self.stack else None
        is_key = top is not None and isinstance(top.value, dict) and not top.has_key
        loc = top.loc if is_key and top is not None else self.child(event)[0]
        if event.anchor is not None:
            self.anchor(event, loc)
        tag = self.tag(event, loc) if event.tag is not None else None
        value = event.value
        word = plain(value).strip() if _PASTED_OR_SPACE.search(value) else value
        if word != value and (is_key or _WORD.fullmatch(word)):
            event = yaml.ScalarEvent(
                event.anchor,
                event.tag,
                event.implicit,
                word,
                event.start_mark,
                event.end_mark,
                event.style,
            )
        value = self.construct(event, loc, tag)
        if not is_key and tag is None and event.implicit[0] and not isinstance(value, str):
            self.texts[loc] = event.value
        if event.anchor is not None:
            self.anchors[event.anchor] = value
        if is_key:
            self.key(event, value)
        else:
            self.place(value)

    def construct(self, event: Any, loc: Loc, tag: str | None) -> Any:
        if tag is not None and tag not in ALLOWED_TAGS:
            handler = (self.config_tags or {}).get(tag)
            return handler(event.value) if handler is not None else None
        if tag is None:
            tag = _STR if not event.implicit[0] else _plain_tag(event.value)
        if tag == _STR:
            return event.value
        if tag == _VALUE:  # a lone '=' is text
            return event.value
        if tag == _MERGE:
            raise self.refuse(
                event,
                loc,
                "'<<' (merge keys) is not used in these files: write the fields out in full",
            )
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        constructor = self.constructor.yaml_constructors.get(tag)
        try:
            if constructor is None:
                raise ValueError(tag)
            return constructor(self.constructor, node)
        except (yaml.YAMLError, ValueError, TypeError, LookupError, AttributeError):
            # PyYAML's constructors fail on a value that is not of their type in several ways
            # (an unknown word for a yes or no, an empty number, a date that is not one).
            if tag == _TIMESTAMP:  # an impossible date (2024-13-01) stays text for the model
                return event.value
            kind = _KINDS.get(tag, tag.removeprefix(_YAML))
            raise self.refuse(
                event,
                loc,
                f"'{event.value}' is not {kind}: correct the value, or remove the tag before it",
            ) from None

    def start(self, event: Any, kind: str) -> None:
        loc, record = self.child(event)
        self.anchor(event, loc)
        tag = self.tag(event, loc, kind)
        value: dict[Any, Any] | list[Any] = {} if kind == _MAP else []
        self.stack.append(_Frame(value=value, loc=loc, record=record, tag=tag))
        if event.anchor is not None:
            self.anchors[event.anchor] = value

    def end(self) -> None:
        frame = self.stack.pop()
        value: Any = frame.value
        if frame.tag is not None and frame.tag not in ALLOWED_TAGS:
            handler = (self.config_tags or {}).get(frame.tag)
            value = handler(value) if handler is not None else None
        self.place(value)

    def alias(self, event: Any) -> None:
        top = self.stack[-1] if self.stack else None
        is_key = top is not None and isinstance(top.value, dict) and not top.has_key
        loc = top.loc if is_key and top is not None else self.child(event)[0]
        if self.config_tags is None:
            raise self.refuse(
                event,
                loc,
                f"aliases ('*{event.anchor}') are not allowed here: write the value out in full "
                "instead of repeating it by reference",
            )
        value = self.anchors.get(event.anchor)
        if is_key:
            self.key(event, value if isinstance(value, str) else str(event.anchor))
        else:
            self.place(value)

    def read(self, text: str) -> None:
        parser = _Parser(structural_spaces(text))
        try:
            documents = 0
            while parser.check_event():
                event = parser.get_event()
                kind = type(event)  # the parser makes events of these classes only
                if kind is yaml.ScalarEvent:
                    self.scalar(event)
                elif kind is yaml.MappingStartEvent:
                    self.start(event, _MAP)
                elif kind is yaml.SequenceStartEvent:
                    self.start(event, _SEQ)
                elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                    self.end()
                elif kind is yaml.DocumentStartEvent:
                    documents += 1
                    if documents > 1:
                        raise self.refuse(
                            event,
                            (),
                            "broken YAML: a second document starts here (a line '---'); "
                            "these files hold one document: remove the line",
                        )
                elif kind is yaml.AliasEvent:
                    self.alias(event)
        finally:
            parser.dispose()


def read_yaml(
    text: str,
    path: str,
    *,
    whole: str = "file",
    first_line: int = 1,
    config_tags: Mapping[str, TagHandler] | None = None,
) -> YamlDocument:
    """Read one YAML document, with the line and column of every key and list item.

    ``text`` is the YAML, ``path`` the project-relative file named in problems, ``whole`` the
    field name of a problem with the document as a whole (``"front matter"``, ``"file"``), and
    ``first_line`` the line of the file on which ``text`` starts (front matter starts after its
    ``---``).

    A key given twice is a problem at its second line naming the first; the first value is kept.
    An anchor or alias, a tag outside YAML's plain types, or YAML that cannot be parsed stops the
    read at once: the value is None and the one problem says where and what to do.

    ``config_tags`` is only for a configuration file another program owns (``mkdocs.yml``): it
    maps the tags that program defines to a function of the tagged value (a text or a list), and
    every other tag reads as None; anchors and aliases are then allowed (that program accepts
    them), an alias giving the anchored value itself, never a copy.

    Never raises for anything in ``text``.
    """
    reader = _Reader(path, whole, first_line, config_tags)
    try:
        reader.read(text)
    except _Refused as refused:
        return YamlDocument(None, reader.positions, [*reader.problems, refused.problem])
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = reader.where(mark) if mark else (first_line, 1)
        reason = exc.problem or "the YAML cannot be read"
        start = exc.context_mark
        if exc.context and start is not None and mark is not None and start.line != mark.line:
            # An unclosed quote or bracket is found at the end: say where it was opened.
            at_line, at_column = reader.where(start)
            reason += f" ({exc.context} that starts on line {at_line}, column {at_column})"
        message = (
            f"broken YAML: {reason}; check the indentation, colons and quotes on this line "
            "(put a value that holds a colon in quotes)"
        )
        return YamlDocument(None, reader.positions, [Problem(path, line, column, whole, message)])
    except yaml.YAMLError as exc:
        message = f"broken YAML: {exc}; save the file as plain UTF-8 text"
        return YamlDocument(None, reader.positions, [Problem(path, first_line, 1, whole, message)])
    return YamlDocument(reader.root, reader.positions, reader.problems, reader.texts)


def read_yaml_file(file: Path, path: str, *, whole: str = "file") -> YamlDocument:
    """Read the YAML file ``file`` (named ``path`` in problems) with :func:`read_yaml`.

    A file that cannot be read or is not UTF-8 is a problem, not an exception; a missing file
    raises :class:`FileNotFoundError`, for the caller to decide whether that is allowed.
    """
    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        raise
    except OSError as exc:
        message = f"cannot be read ({exc.strerror}): check the file exists and may be read"
        return YamlDocument(None, {}, [Problem(path, 1, 1, whole, message)])
    return read_yaml_bytes(raw, path, whole=whole)


def read_yaml_bytes(raw: bytes, path: str, *, whole: str = "file") -> YamlDocument:
    """Read the bytes of a YAML file (named ``path`` in problems) with :func:`read_yaml`; text
    that is not UTF-8 is a problem at its line and column."""
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        message = (
            f"byte 0x{raw[exc.start]:02x} is not UTF-8 text; save the file as UTF-8 "
            "(in most editors: Save with encoding, UTF-8)"
        )
        return YamlDocument(None, {}, [Problem(path, line, column, whole, message)])
    return read_yaml(text, path, whole=whole)
