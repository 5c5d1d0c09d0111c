"""Theme pages: the index of every theme in use, one page per theme, and the alias pages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from lif.index.site import Site
from lif.index.themes import (
    GROUP_LABELS,
    GROUP_LIMIT,
    ThemeEntry,
    alias_label,
    build_theme_index,
    group_label,
)
from lif.model.content import Item
from lif.model.pages import GeneratedPage
from lif.model.paths import (
    RESERVED_IDS,
    THEMES,
    print_path,
    source_uri,
    theme_group_path,
    theme_path,
)
from lif.render.fragments import (
    HOME,
    THEMES_CRUMB,
    breadcrumbs,
    kind_plural,
    link,
    page_front_matter,
)
from lif.render.listings import listing_pages, render_cards
from lif.render.packs import pack_links_html
from lif.render.templating import render_template, trusted_html


@dataclass(frozen=True)
class _ThemeRow:
    """A theme as the index and the browser list it: its page, name, counts and other names."""

    key: str
    path: str
    label: str
    description: str
    counts: str
    reviews: int
    briefs: int
    aliases: list[str]


@dataclass(frozen=True)
class _Group:
    """The reviews, or the briefs of one kind, on a theme's page."""

    slug: str
    heading: str
    items: list[Item]
    cards: Markup
    more: str | None


def _link(from_page: str, to_path: str, text: str) -> Markup:
    """:func:`lif.render.fragments.link` (which escapes its text), marked as the library's own."""
    return trusted_html(link(from_page, to_path, text))


def _render(template: str, page: str, **context: Any) -> str:
    """Render ``themes/<template>`` for ``page``, with the link fragment it links through."""
    return render_template(f"themes/{template}", page=page, link=_link, **context)


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def counts_text(entry: ThemeEntry) -> str:
    """How many reviews and briefings carry a theme: '2 reviews, 1 briefing'."""
    return (
        f"{_count(len(entry.reviews), 'review', 'reviews')}, "
        f"{_count(len(entry.briefs), 'briefing', 'briefings')}"
    )


def _row(entry: ThemeEntry, counts: str) -> _ThemeRow:
    return _ThemeRow(
        key=entry.key,
        path=theme_path(entry.key),
        label=entry.label,
        description=entry.description,
        counts=counts,
        reviews=len(entry.reviews),
        briefs=len(entry.briefs),
        aliases=[alias_label(a) for a in entry.aliases],
    )


def render_theme_index(site: Site, page: str) -> str:
    """Every theme in use, grouped, with its description and counts of reviews and briefs.

    Takes the site and the page the index is on; returns Markdown with HTML blocks (a heading
    per group of ``data/themes.yml``), the themes with nothing published listed at the end.
    """
    index = build_theme_index(site)
    used = [e for e in index.values() if e.count]
    unused = [e for e in index.values() if not e.count]
    groups: dict[str, list[ThemeEntry]] = {}
    for entry in sorted(used, key=lambda e: e.label.lower()):
        groups.setdefault(entry.group, []).append(entry)
    order = [g for g in GROUP_LABELS if g in groups] + sorted(
        g for g in groups if g not in GROUP_LABELS
    )
    lead = (
        f"{_count(len(used), 'theme', 'themes')} in use across "
        f"{_count(len(site.reviews), 'review', 'reviews')} and "
        f"{_count(len(site.briefs), 'briefing', 'briefings')}."
    )
    return _render(
        "index.md",
        page,
        lead=lead,
        groups=[
            {
                "label": group_label(group),
                "anchor": f"group-{group or 'other'}",
                "rows": [_row(e, counts_text(e)) for e in groups[group]],
            }
            for group in order
        ],
        unused=[_row(e, counts_text(e)) for e in unused],
    )


def render_theme_browser(site: Site, page: str, count: int = 12) -> str:
    """The most used themes as links with counts, and a link to all of them.

    Takes the site, the page the list is on and how many themes to show, most used first.
    """
    entries = sorted(
        (e for e in build_theme_index(site).values() if e.count),
        key=lambda e: (-e.count, e.label.lower()),
    )
    return _render(
        "browser.html",
        page,
        rows=[_row(e, _count(e.count, "item", "items")) for e in entries[:count]],
        themes_path=THEMES,
        total=len(entries),
    )


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
    """The Markdown source of one theme's page, front matter included.

    Takes the site and the theme (from :func:`lif.index.themes.build_theme_index`). The
    theme's label is the page's title; the page lists the reviews, then each kind of brief.
    """
    page = theme_path(entry.key)
    meta = {"title": entry.label, "description": entry.description or entry.label}
    groups = [
        _Group(
            slug=slug,
            heading=heading,
            items=items,
            # Cards, breadcrumbs and packs are HTML rendered (and escaped) by their modules.
            cards=trusted_html(render_cards(site, page, items[:GROUP_LIMIT])),
            more=theme_group_path(entry.key, slug) if len(items) > GROUP_LIMIT else None,
        )
        for slug, heading, items in _groups(site, entry)
        if items
    ]
    body = _render(
        "page.md",
        page,
        entry=entry,
        aliases=[alias_label(a) for a in entry.aliases],
        breadcrumbs=trusted_html(breadcrumbs(page, [HOME, THEMES_CRUMB]).strip()),
        groups=groups,
        themes_path=THEMES,
        packs=trusted_html(pack_links_html(site, page, entry.key)),
        print_path=print_path(entry.key),
    )
    return page_front_matter(meta) + body


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
                title=f"{entry.label}: {heading}",
                intro_html=render_template("themes/group_intro.html", count=len(items)),
                items=items,
                trail=[HOME, THEMES_CRUMB, (theme_path(entry.key), entry.label)],
            )
    return pages
