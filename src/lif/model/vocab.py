"""Controlled vocabularies: review types, methodologies, themes, agencies, boards, brief kinds.

Each vocabulary is a YAML data file in the project's ``data/`` folder, a mapping from a term's key
to its entry (``label``, ``description``, optional ``aliases`` and any other fields the pages use).
The checker accepts a key or an alias and normalises aliases to the key.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from lif.model.content import SLUG_PATTERN

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
}


class VocabularyError(Exception):
    """A vocabulary data file is missing or malformed."""


@dataclass(frozen=True)
class Term:
    """One entry of a vocabulary."""

    key: str
    label: str
    description: str = ""
    aliases: tuple[str, ...] = ()
    data: Mapping[str, Any] = field(default_factory=dict)

    def get(self, name: str, default: Any = None) -> Any:
        """Return another field of the entry (for example ``statutory`` of a review type)."""
        return self.data.get(name, default)


@dataclass(frozen=True)
class Vocabulary:
    """A controlled list of terms with labels and aliases."""

    name: str
    terms: Mapping[str, Term]
    aliases: Mapping[str, str]

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms.values())

    def __contains__(self, key: object) -> bool:
        return key in self.terms

    def __len__(self) -> int:
        return len(self.terms)

    def __getitem__(self, key: str) -> Term:
        return self.terms[key]

    def keys(self) -> list[str]:
        return list(self.terms)

    def resolve(self, value: str) -> str | None:
        """Return the canonical key for a key or alias (case-insensitive), or None."""
        norm = normalise_term(value)
        if norm in self.terms:
            return norm
        return self.aliases.get(norm)

    def label(self, key: str) -> str:
        term = self.terms.get(key)
        return term.label if term else key

    def unknown_message(self, value: str, what: str | None = None) -> str:
        """The message for an unknown term: what it is, a "did you mean", the allowed keys."""
        hint = self.suggest(value)
        did_you_mean = f"did you mean '{hint}'? " if hint else ""
        what = what or self.name.replace("_", " ")
        return f"unknown {what} '{value}'; {did_you_mean}allowed: {', '.join(self.keys())}"

    def suggest(self, value: str) -> str | None:
        """The closest known key or alias to an unknown value, for a "did you mean"."""
        candidates = list(self.terms) + list(self.aliases)
        match = difflib.get_close_matches(normalise_term(value), candidates, n=1, cutoff=0.6)
        if not match:
            return None
        return self.aliases.get(match[0], match[0])


def normalise_term(value: str) -> str:
    """Lower-case a term and join its words with hyphens, as keys are written."""
    return "-".join(value.strip().lower().replace("_", " ").split())


def parse_vocabulary(name: str, raw: Any, source: str) -> Vocabulary:
    """Turn the mapping read from a vocabulary file into a :class:`Vocabulary`."""
    if not isinstance(raw, dict) or not raw:
        raise VocabularyError(f"{source}: expected a mapping of term keys to entries")
    terms: dict[str, Term] = {}
    aliases: dict[str, str] = {}
    for key, entry in raw.items():
        # A key becomes part of addresses and file names (themes/<key>/, packs/<key>.docx).
        if not isinstance(key, str) or not re.fullmatch(SLUG_PATTERN, key):
            raise VocabularyError(
                f"{source}: term key {key!r} must be lowercase letters, digits and single "
                "hyphens, like 'domestic-abuse' (it becomes part of the site's addresses)"
            )
        if not isinstance(entry, dict) or not isinstance(entry.get("label"), str):
            raise VocabularyError(f"{source}: term {key!r} needs a 'label'")
        alias_list = entry.get("aliases") or []
        if not isinstance(alias_list, list):
            raise VocabularyError(f"{source}: aliases of {key!r} must be a list")
        data = {k: v for k, v in entry.items() if k not in {"label", "description", "aliases"}}
        terms[key] = Term(
            key=key,
            label=entry["label"],
            description=str(entry.get("description") or ""),
            aliases=tuple(str(a) for a in alias_list),
            data=data,
        )
        for alias in alias_list:
            norm = normalise_term(str(alias))
            if norm in aliases and aliases[norm] != key:
                raise VocabularyError(f"{source}: alias {alias!r} is used by two terms")
            aliases[norm] = key
    clash = set(aliases) & set(terms)
    if clash:
        raise VocabularyError(f"{source}: aliases {sorted(clash)} are also term keys")
    return Vocabulary(name=name, terms=terms, aliases=aliases)


@dataclass(frozen=True)
class Vocabularies:
    """Every vocabulary of a project, by name."""

    by_name: Mapping[str, Vocabulary]

    def __getitem__(self, name: str) -> Vocabulary:
        return self.by_name[name]

    @property
    def review_types(self) -> Vocabulary:
        return self.by_name["review_type"]

    @property
    def methodologies(self) -> Vocabulary:
        return self.by_name["methodology"]

    @property
    def themes(self) -> Vocabulary:
        return self.by_name["theme"]

    @property
    def agencies(self) -> Vocabulary:
        return self.by_name["agency"]

    @property
    def boards(self) -> Vocabulary:
        return self.by_name["board"]

    @property
    def kinds(self) -> Vocabulary:
        return self.by_name["kind"]
