"""Themes: every theme in use with its counts and groups, and the addresses of aliases."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lif.index.site import Site
from lif.model.content import SLUG_PATTERN, Brief, Review
from lif.model.paths import RESERVED_IDS, theme_path

#: How many items of one kind a theme page shows before linking to the full listing.
GROUP_LIMIT = 20


#: Headings for the ``group`` field of ``data/themes.yml``.
GROUP_LABELS = {
    "abuse-and-harm": "Abuse and harm",
    "people-and-contexts": "People and contexts",
    "practice": "Practice",
}


@dataclass
class ThemeEntry:
    """A theme of the vocabulary and the public items that carry it, newest first."""

    key: str
    label: str
    description: str
    group: str
    aliases: tuple[str, ...]
    reviews: list[Review] = field(default_factory=list)
    briefs: list[Brief] = field(default_factory=list)

    @property
    def count(self) -> int:
        """How many public reviews and briefs carry the theme."""
        return len(self.reviews) + len(self.briefs)


def build_theme_index(site: Site) -> dict[str, ThemeEntry]:
    """Every theme of the vocabulary, in its order, with its public reviews and briefs."""
    index = {
        term.key: ThemeEntry(
            key=term.key,
            label=term.label,
            description=term.description,
            group=str(term.get("group") or ""),
            aliases=term.aliases,
        )
        for term in site.vocab.themes
    }
    for item in site.public:
        for key in dict.fromkeys(item.themes):
            entry = index.get(key)
            if entry is None:
                continue
            if isinstance(item, Review):
                entry.reviews.append(item)
            else:
                entry.briefs.append(item)
    return index


def group_label(group: str) -> str:
    """The heading of a group of themes (the ``group`` field of ``data/themes.yml``)."""
    return GROUP_LABELS.get(group) or (group.replace("-", " ").capitalize() or "Other themes")


def alias_label(alias: str) -> str:
    """An alias as people write it: 'dv' -> 'DV', 'coercive-control' -> 'coercive control'."""
    if "-" not in alias and len(alias) <= 4:
        return alias.upper()
    return alias.replace("-", " ")


_SLUG = re.compile(SLUG_PATTERN)


def alias_redirects(site: Site) -> dict[str, str]:
    """Site path of each alias page -> the theme page it leads to."""
    out: dict[str, str] = {}
    themes = site.vocab.themes
    for alias, key in sorted(themes.aliases.items()):
        if _SLUG.match(alias) and alias not in themes and alias not in RESERVED_IDS:
            out[theme_path(alias)] = theme_path(key)
    return out
