"""Themes: the index of every theme in use, one page per theme, and addresses for aliases.

A theme page lists the theme's reviews and briefs newest first, grouped by kind; a group too
long for one page continues on its own paginated listing. Every theme of the vocabulary has a
page (so a link to a theme never breaks when its last item is withdrawn), and every alias of a
theme (``dv``, ``coercive-control``) has a small page that sends the reader to the theme.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .export import pack_links_html
from .listing_paths import RESERVED_IDS, THEMES, source_uri, theme_group_path
from .listings import HOME, listing_pages, render_cards
from .models import SLUG_PATTERN, Brief, Item, Review
from .pages import GeneratedPage
from .render import breadcrumbs, esc, kind_plural, link, page_front_matter
from .urls import relative_url, theme_path

if TYPE_CHECKING:
    from .site import Site

#: How many items of one kind a theme page shows before linking to the full listing.
GROUP_LIMIT = 20

#: Headings for the ``group`` field of ``data/themes.yml``.
GROUP_LABELS = {
    "abuse-and-harm": "Abuse and harm",
    "people-and-contexts": "People and contexts",
    "practice": "Practice",
}

THEMES_CRUMB = (THEMES, "Themes")


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
    return GROUP_LABELS.get(group) or (group.replace("-", " ").capitalize() or "Other themes")


def alias_label(alias: str) -> str:
    """An alias as people write it: 'dv' -> 'DV', 'coercive-control' -> 'coercive control'."""
    if "-" not in alias and len(alias) <= 4:
        return alias.upper()
    return alias.replace("-", " ")


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def counts_text(entry: ThemeEntry) -> str:
    return (
        f"{_count(len(entry.reviews), 'review', 'reviews')}, "
        f"{_count(len(entry.briefs), 'briefing', 'briefings')}"
    )


def _theme_row(page: str, entry: ThemeEntry) -> str:
    also = (
        f'<p class="lif-aside">Also: {esc(", ".join(alias_label(a) for a in entry.aliases))}</p>'
        if entry.aliases
        else ""
    )
    return (
        f'<li class="lif-theme" data-theme="{esc(entry.key)}" '
        f'data-reviews="{len(entry.reviews)}" data-briefs="{len(entry.briefs)}">'
        f'<p class="lif-theme-name">{link(page, theme_path(entry.key), entry.label)} '
        f'<span class="lif-count">{esc(counts_text(entry))}</span></p>'
        f"<p>{esc(entry.description)}</p>{also}</li>"
    )


def render_theme_index(site: Site, page: str) -> str:
    """Every theme in use, grouped, with its description and counts of reviews and briefs."""
    index = build_theme_index(site)
    used = [e for e in index.values() if e.count]
    unused = [e for e in index.values() if not e.count]
    groups: dict[str, list[ThemeEntry]] = {}
    for entry in sorted(used, key=lambda e: e.label.lower()):
        groups.setdefault(entry.group, []).append(entry)
    order = [g for g in GROUP_LABELS if g in groups] + sorted(
        g for g in groups if g not in GROUP_LABELS
    )
    parts = [
        f'<p class="lif-lead">{_count(len(used), "theme", "themes")} in use across '
        f"{_count(len(site.reviews), 'review', 'reviews')} and "
        f"{_count(len(site.briefs), 'briefing', 'briefings')}.</p>\n"
    ]
    if not used:
        parts.append('<p class="lif-empty">Nothing published here yet.</p>\n')
    for group in order:
        anchor = f"group-{group or 'other'}"
        parts.append(f"## {esc(group_label(group))} {{#{anchor}}}\n\n")
        rows = "".join(_theme_row(page, e) for e in groups[group])
        parts.append(f'<ul class="lif-theme-list">{rows}</ul>\n\n')
    if unused:
        rows = ", ".join(link(page, theme_path(e.key), e.label) for e in unused)
        parts.append(
            '<details class="lif-unused-themes"><summary>Themes with nothing published yet '
            f"({len(unused)})</summary><p>{rows}</p></details>\n"
        )
    return "".join(parts)


def render_theme_browser(site: Site, page: str, count: int = 12) -> str:
    """The most used themes as links with counts, and a link to all of them."""
    entries = sorted(
        (e for e in build_theme_index(site).values() if e.count),
        key=lambda e: (-e.count, e.label.lower()),
    )
    items = "".join(
        f"<li>{link(page, theme_path(e.key), e.label)} "
        f'<span class="lif-count">{esc(_count(e.count, "item", "items"))}</span></li>'
        for e in entries[:count]
    )
    more = link(page, THEMES, f"All {len(entries)} themes in use")
    if not items:
        return '<p class="lif-empty">Nothing published here yet.</p>'
    return f'<ul class="lif-browse lif-browse--themes">{items}</ul>\n<p>{more}</p>'


def _groups(site: Site, entry: ThemeEntry) -> list[tuple[str, str, list[Item]]]:
    """(path segment, heading, items) for the reviews and each kind of brief on a theme."""
    groups: list[tuple[str, str, list[Item]]] = [("reviews", "Reviews", list(entry.reviews))]
    for kind in site.vocab.kinds.terms:
        briefs: list[Item] = [b for b in entry.briefs if b.kind == kind]
        groups.append((kind, kind_plural(site, kind), briefs))
    known = set(site.vocab.kinds.terms)
    others: list[Item] = [b for b in entry.briefs if b.kind not in known]
    if others:
        groups.append(("other-briefs", "Other briefings", others))
    return groups


def render_theme_page(site: Site, entry: ThemeEntry) -> str:
    """The Markdown source of one theme's page."""
    page = theme_path(entry.key)
    meta = {"title": entry.label, "description": entry.description or entry.label}
    parts = [
        page_front_matter(meta),
        breadcrumbs(page, [HOME, THEMES_CRUMB]),
        f"# {esc(entry.label)}\n\n",
    ]
    if entry.description:
        parts.append(f'<p class="lif-lead">{esc(entry.description)}</p>\n\n')
    if entry.aliases:
        parts.append(
            '<p class="lif-aside">Also known as: '
            f"{esc(', '.join(alias_label(a) for a in entry.aliases))}</p>\n\n"
        )
    groups = [g for g in _groups(site, entry) if g[2]]
    if not groups:
        parts.append(
            '<p class="lif-empty">Nothing has been published on this theme yet. '
            f"{link(page, THEMES, 'See the themes in use')}.</p>\n"
        )
        return "".join(parts)
    jumps = " · ".join(
        f'<a href="#{esc(slug)}">{esc(heading)} ({len(items)})</a>'
        for slug, heading, items in groups
    )
    parts.append(
        f'<p class="lif-jumps"><span class="lif-aside">On this page:</span> {jumps}</p>\n\n'
    )
    for slug, heading, items in groups:
        parts.append(f"## {esc(heading)} {{#{slug}}}\n\n")
        parts.append(render_cards(site, page, items[:GROUP_LIMIT]) + "\n\n")
        if len(items) > GROUP_LIMIT:
            more = link(
                page,
                theme_group_path(entry.key, slug),
                f"All {len(items)} {heading.lower()} on {entry.label.lower()}",
            )
            parts.append(f'<p class="lif-more">{more}</p>\n\n')
    parts.append(pack_links_html(site, page, entry.key))
    return "".join(parts)


def theme_pages(site: Site) -> list[GeneratedPage]:
    """A page per theme, and a full listing for each group too long for its theme page."""
    pages: list[GeneratedPage] = []
    for entry in build_theme_index(site).values():
        if entry.key in RESERVED_IDS:
            continue
        pages.append(
            GeneratedPage(source_uri(theme_path(entry.key)), render_theme_page(site, entry))
        )
        for slug, heading, items in _groups(site, entry):
            if len(items) <= GROUP_LIMIT:
                continue
            pages += listing_pages(
                site,
                path_for=lambda n, k=entry.key, s=slug: theme_group_path(k, s, n),  # type: ignore[misc]
                title=f"{entry.label}: {heading.lower()}",
                intro_html=f"<p>{esc(len(items))} {esc(heading.lower())}, newest first.</p>",
                items=items,
                trail=[HOME, THEMES_CRUMB, (theme_path(entry.key), entry.label)],
            )
    return pages


_SLUG = re.compile(SLUG_PATTERN)


def alias_redirects(site: Site) -> dict[str, str]:
    """Site path of each alias page -> the theme page it leads to."""
    out: dict[str, str] = {}
    themes = site.vocab.themes
    for alias, key in sorted(themes.aliases.items()):
        if _SLUG.match(alias) and alias not in themes and alias not in RESERVED_IDS:
            out[theme_path(alias)] = theme_path(key)
    return out


def render_alias_page(site: Site, path: str, target: str) -> str:
    """A small page that sends the reader on to the theme (no script: it works everywhere)."""
    from .security import meta_policy

    href = esc(relative_url(path, target))
    key = target.strip("/").rsplit("/", 1)[-1]
    label = esc(site.vocab.themes.label(key))
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{esc(meta_policy())}">\n'
        '<meta name="viewport" content="width=device-width,initial-scale=1">\n'
        '<meta name="robots" content="noindex">\n'
        f"<title>{label}</title>\n"
        f'<link rel="canonical" href="{href}">\n'
        f'<meta http-equiv="refresh" content="0; url={href}">\n</head>\n'
        f'<body data-pagefind-ignore="all">\n<p>This theme is called <a href="{href}">{label}</a>.'
        "</p>\n</body>\n</html>\n"
    )


def write_theme_aliases(site: Site, site_dir: Path) -> None:
    """Write the alias pages into the built site, never over a page that is already there."""
    for path, target in alias_redirects(site).items():
        out = site_dir / path / "index.html"
        if out.exists():
            continue
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(render_alias_page(site, path, target), encoding="utf-8")
