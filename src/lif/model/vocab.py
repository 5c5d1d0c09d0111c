"""Controlled vocabularies: review types, methodologies, themes, agencies, boards, brief kinds.

Each vocabulary is a YAML data file in the project's ``data/`` folder, a mapping from a term's key
to its entry (``label``, ``description``, optional ``plural`` and ``aliases``, and any other fields
the pages use). The checker accepts a key or an alias and normalises aliases to the key.

Pages show a term only in the forms its entry gives: the label, and the ``plural`` label where a
page names a group of them ("Executive summaries"). No page makes a plural or changes a label's
case itself: English plurals are not regular, and labels hold proper names and acronyms.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import TypeAdapter, ValidationError

from lif.model.content import SLUG_PATTERN, PlainText
from lif.model.problems import Loc, Problem, position_of

#: The vocabularies every project has, by the name used in messages and the file that holds it.
VOCABULARY_FILES: dict[str, str] = {
    "review_type": "review_types.yml",
    "methodology": "methodologies.yml",
    "theme": "themes.yml",
    "agency": "agencies.yml",
    "board": "boards.yml",
    "kind": "brief_kinds.yml",
    "audience": "audiences.yml",
    "document_kind": "document_kinds.yml",
    "glossary": "glossary.yml",
}

#: The vocabularies whose every term needs a ``plural`` label, because pages head groups of
#: them with it (the briefings by kind, a theme's kinds of brief, the breadcrumbs of a brief).
PLURAL_REQUIRED: frozenset[str] = frozenset({"kind"})

#: Fields of plain text that every term of a vocabulary needs besides its label, with what each
#: holds: an abbreviation in the glossary says what it stands for.
TEXT_REQUIRED: dict[str, dict[str, str]] = {
    "glossary": {
        "stands_for": "what the abbreviation stands for in full, like 'Safeguarding adults review'"
    },
}


#: The site's page that lists each vocabulary whole, where there is one (see lif.model.paths).
VOCABULARY_PAGES: dict[str, tuple[str, str]] = {
    "theme": ("Themes", "themes/"),
    "review_type": ("Review types", "review-types/"),
    "methodology": ("Methodologies", "methodologies/"),
}


#: A vocabulary of at most this many terms is listed whole in the message for an unknown term.
_LISTED_WHOLE = 8


class VocabularyError(Exception):
    """A vocabulary data file is missing or malformed; ``problems`` lists every problem found.

    Its text is every problem, one a line, as ``path:line:column: field: message``.
    """

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(p.format() for p in self.problems))


@dataclass(frozen=True)
class Term:
    """One entry of a vocabulary."""

    key: str
    label: str
    description: str = ""
    aliases: tuple[str, ...] = ()
    #: The label for more than one, as a heading shows it ("Executive summaries"); "" if the
    #: entry gives none.
    plural: str = ""
    data: Mapping[str, Any] = field(default_factory=dict)
    #: Line and column of each field of the entry in its data file, by path within the entry;
    #: ``()`` is the term's key.
    positions: Mapping[Loc, tuple[int, int]] = field(default_factory=dict, compare=False)

    def get(self, name: str, default: Any = None) -> Any:
        """Return another field of the entry (for example ``statutory`` of a review type)."""
        return self.data.get(name, default)

    def position(self, loc: Iterable[str | int] = ()) -> tuple[int, int]:
        """Line and column of the field at ``loc`` of the entry, or of its nearest enclosing one."""
        return position_of(self.positions, loc)


@dataclass(frozen=True)
class Vocabulary:
    """A controlled list of terms with labels and aliases."""

    name: str
    terms: Mapping[str, Term]
    aliases: Mapping[str, str]
    #: The data file it was read from, as named in messages (``data/themes.yml``).
    file: str = ""

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms.values())

    def __contains__(self, key: object) -> bool:
        return key in self.terms

    def __len__(self) -> int:
        return len(self.terms)

    def __getitem__(self, key: str) -> Term:
        return self.terms[key]

    def keys(self) -> list[str]:
        """Every term's key, in the order of the data file."""
        return list(self.terms)

    def resolve(self, value: str) -> str | None:
        """Return the canonical key for a key or alias (case-insensitive), or None."""
        norm = normalise_term(value)
        if norm in self.terms:
            return norm
        return self.aliases.get(norm)

    def label(self, key: str) -> str:
        """The term's label (the key itself for an unknown key)."""
        term = self.terms.get(key)
        return term.label if term else key

    def plural(self, key: str) -> str:
        """The term's ``plural`` label: 'Executive summaries' for ``executive-summary``.

        Raises :class:`KeyError` if the key is unknown or its entry gives no plural: the
        vocabularies in :data:`PLURAL_REQUIRED` give one for every term (the loader refuses a
        term without it), and no other label is turned into a plural by adding a letter.
        """
        term = self.terms.get(key)
        if term is None or not term.plural:
            raise KeyError(f"the {self.name} vocabulary gives no plural label for '{key}'")
        return term.plural

    def unknown_message(self, value: str, what: str | None = None) -> str:
        """The message for an unknown term: what it is, a "did you mean" with the nearest few
        keys, and where to find them all (the data file, and the site's page if it has one).

        A short vocabulary (boards, kinds of brief) is listed whole instead.
        """
        what = what or self.name.replace("_", " ")
        close = self.nearest(value)
        did_you_mean = f"did you mean '{close[0]}'? " if close else ""
        if len(close) > 1:
            did_you_mean += f"Also close: {', '.join(repr(key) for key in close[1:])}. "
        if len(self.terms) <= _LISTED_WHOLE:
            return f"unknown {what} '{value}'; {did_you_mean}allowed: {', '.join(self.keys())}"
        plural = f"{what[:-1]}ies" if what.endswith("y") else f"{what}s"
        where = f" in {self.file}" if self.file else ""
        if self.name in VOCABULARY_PAGES:
            title, page = VOCABULARY_PAGES[self.name]
            where += f" and on the site's {title} page ({page})"
        listed = f"{len(self)} {plural} are listed{where}"
        if not close:
            return f"unknown {what} '{value}'; no {what} is close to it: all {listed}"
        return f"unknown {what} '{value}'; {did_you_mean}All {listed}"

    def nearest(self, value: str, count: int = 3) -> list[str]:
        """The keys nearest to an unknown value (by difflib, over keys and aliases), best first."""
        candidates = list(self.terms) + list(self.aliases)
        matches = difflib.get_close_matches(
            normalise_term(value), candidates, n=count * 2, cutoff=0.6
        )
        keys = dict.fromkeys(self.aliases.get(match, match) for match in matches)
        return list(keys)[:count]

    def suggest(self, value: str) -> str | None:
        """The closest known key or alias to an unknown value, for a "did you mean"."""
        close = self.nearest(value, 1)
        return close[0] if close else None


def normalise_term(value: str) -> str:
    """Lower-case a term and join its words with hyphens, as keys are written."""
    return "-".join(value.strip().lower().replace("_", " ").split())


_PLAIN_TEXT: TypeAdapter[str] = TypeAdapter(PlainText)


def _plain_text_problem(value: Any) -> str | None:
    """Why ``value`` is not plain text (a label or description shown on pages), or None."""
    if not isinstance(value, str):
        return "must be text"
    try:
        _PLAIN_TEXT.validate_python(value)
    except ValidationError as exc:
        return str(exc.errors()[0]["msg"]).removeprefix("Value error, ")
    return None


def parse_vocabulary(
    name: str,
    raw: Any,
    path: str,
    positions: Mapping[Loc, tuple[int, int]] | None = None,
) -> tuple[Vocabulary, list[Problem]]:
    """Turn the mapping read from a vocabulary file into a :class:`Vocabulary`.

    ``raw`` is the file's value, ``path`` the file as named in problems and ``positions`` the line
    and column of every key and item (as :func:`lif.load.yaml_reader.read_yaml` gives them).
    Returns the vocabulary of every valid term and a problem for each invalid one, at its line:
    a key that is not a lowercase-hyphenated slug, a missing label, a missing plural in a
    vocabulary of :data:`PLURAL_REQUIRED`, a missing field of :data:`TEXT_REQUIRED`, a label,
    plural, description or required field that is not plain text (pages show them as text;
    HTML there would be escaped, or worse, trusted by some other reader of the data), aliases
    that are not a list or that two terms share.
    """
    where = positions or {}
    problems: list[Problem] = []

    def problem(loc: Loc, field_name: str, message: str) -> None:
        line, column = position_of(where, loc)
        problems.append(Problem(path, line, column, field_name, message))

    if not isinstance(raw, dict) or not raw:
        problem(
            (),
            name,
            "expected the terms: each a key (like 'self-neglect') on its own line, with its "
            "'label' and 'description' indented below it",
        )
        return Vocabulary(name=name, terms={}, aliases={}, file=path), problems
    by_term: dict[Any, dict[Loc, tuple[int, int]]] = {}
    for loc, position in where.items():
        if loc:
            by_term.setdefault(loc[0], {})[loc[1:]] = position
    terms: dict[str, Term] = {}
    aliases: dict[str, str] = {}
    for key, entry in raw.items():
        label = str(key)
        if not isinstance(key, str) or normalise_term(key) != key or not _is_slug(key):
            problem(
                (label,),
                label,
                f"term key '{key}' must be lowercase words joined by hyphens, like 'self-neglect'",
            )
            continue
        if not isinstance(entry, dict):
            problem(
                (key,),
                key,
                f"term '{key}' needs its fields indented below it: at least 'label: …'",
            )
            continue
        bad = False
        if "label" not in entry:
            problem((key,), f"{key}.label", "needs a 'label': the name shown on pages")
            bad = True
        if name in PLURAL_REQUIRED and entry.get("plural") in (None, ""):
            problem(
                (key,),
                f"{key}.plural",
                "needs a 'plural': the label for more than one, as a heading shows it "
                "(like 'Executive summaries')",
            )
            bad = True
        for field_name, holds in TEXT_REQUIRED.get(name, {}).items():
            if entry.get(field_name) in (None, ""):
                problem((key,), f"{key}.{field_name}", f"needs '{field_name}': {holds}")
                bad = True
            else:
                reason = _plain_text_problem(entry[field_name])
                if reason is not None:
                    problem((key, field_name), f"{key}.{field_name}", reason)
                    bad = True
        for field_name in ("label", "plural", "description"):
            value = entry.get(field_name)
            if value is None or (field_name != "label" and value == ""):
                continue
            reason = _plain_text_problem(value)
            if reason is not None:
                problem((key, field_name), f"{key}.{field_name}", reason)
                bad = True
        alias_list = entry.get("aliases") or []
        if not isinstance(alias_list, list):
            problem(
                (key, "aliases"),
                f"{key}.aliases",
                "must be a list, like [other-name, abbreviation]",
            )
            bad = True
            alias_list = []
        for index, alias in enumerate(alias_list):
            reason = (
                "must be text"
                if isinstance(alias, dict | list)
                else _plain_text_problem(str(alias))
            )
            if reason is not None:
                problem((key, "aliases", index), f"{key}.aliases[{index}]", reason)
                bad = True
        if bad:
            continue
        for index, alias in enumerate(alias_list):
            norm = normalise_term(str(alias))
            if norm in aliases and aliases[norm] != key:
                problem(
                    (key, "aliases", index),
                    f"{key}.aliases[{index}]",
                    f"alias '{alias}' is also an alias of '{aliases[norm]}': keep it on one term",
                )
            else:
                aliases[norm] = key
        data = {
            k: v for k, v in entry.items() if k not in {"label", "plural", "description", "aliases"}
        }
        terms[key] = Term(
            key=key,
            label=entry["label"],
            plural=str(entry.get("plural") or ""),
            description=str(entry.get("description") or ""),
            aliases=tuple(str(a) for a in alias_list),
            data=data,
            positions=by_term.get(key, {}),
        )
    for norm in sorted(set(aliases) & set(terms)):
        owner = aliases.pop(norm)
        problem(
            (owner, "aliases"),
            f"{owner}.aliases",
            f"'{norm}' is the key of another term, so it cannot be an alias of '{owner}': "
            "remove it from the aliases",
        )
    return Vocabulary(name=name, terms=terms, aliases=aliases, file=path), problems


def _is_slug(key: str) -> bool:
    return re.fullmatch(SLUG_PATTERN, key) is not None


@dataclass(frozen=True)
class Vocabularies:
    """Every vocabulary of a project, by name."""

    by_name: Mapping[str, Vocabulary]

    def __getitem__(self, name: str) -> Vocabulary:
        return self.by_name[name]

    @property
    def review_types(self) -> Vocabulary:
        """The review types of ``data/review_types.yml`` (framework Appendix A and B)."""
        return self.by_name["review_type"]

    @property
    def methodologies(self) -> Vocabulary:
        """The review methodologies of ``data/methodologies.yml`` (framework Appendix C)."""
        return self.by_name["methodology"]

    @property
    def themes(self) -> Vocabulary:
        """The themes of ``data/themes.yml``."""
        return self.by_name["theme"]

    @property
    def agencies(self) -> Vocabulary:
        """The agencies of ``data/agencies.yml``."""
        return self.by_name["agency"]

    @property
    def boards(self) -> Vocabulary:
        """The safeguarding boards of ``data/boards.yml``."""
        return self.by_name["board"]

    @property
    def kinds(self) -> Vocabulary:
        """The kinds of brief of ``data/brief_kinds.yml`` (seven-minute briefing, ...)."""
        return self.by_name["kind"]

    @property
    def glossary(self) -> Vocabulary:
        """The abbreviations of ``data/glossary.yml``; each term's ``stands_for`` is its words."""
        return self.by_name["glossary"]
