"""Theme pages: the index of every theme in use, one page per theme, and the alias pages."""

from __future__ import annotations

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
    relative_url,
    source_uri,
    theme_group_path,
    theme_path,
)
from lif.model.policy import meta_policy
from lif.render.fragments import breadcrumbs, esc, kind_plural, link, page_front_matter
from lif.render.listings import HOME, listing_pages, render_cards
from lif.render.packs import pack_links_html

THEMES_CRUMB = (THEMES, "Themes")


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


def render_alias_page(site: Site, path: str, target: str) -> str:
    """A small page that sends the reader on to the theme (no script: it works everywhere)."""

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
