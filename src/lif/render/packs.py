"""The pages for trainers' packs: a print view of each theme and the pack downloads.

Python picks what to show (the theme's items, their learning, which formats); the templates in
``templates/packs/`` decide how it looks, and autoescape escapes every value on the way in.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from lif.index.packs import (
    PackItem,
    items_by_theme,
    run_in,
    site_base_url,
    theme_pack,
    themes_with_learning,
)
from lif.index.site import Site
from lif.model.content import Item
from lif.model.pages import GeneratedPage
from lif.model.paths import (
    FORMAT_LABELS,
    item_path,
    pack_path,
    print_path,
    theme_path,
)
from lif.render.fragments import HOME, THEMES_CRUMB, breadcrumbs, page_front_matter, time_tag
from lif.render.templating import render_template, trusted_html

#: The most items a theme's print view holds (the newest); its training pack holds them all.
PRINT_LIMIT = 60


def _downloads(theme_key: str) -> list[dict[str, str]]:
    """A theme's pack files, one per format: site path, format and its label."""
    return [
        {"path": pack_path(theme_key, fmt), "format": fmt, "text": text}
        for fmt, text in FORMAT_LABELS.items()
    ]


def pack_links_html(site: Site, page: str, theme_key: str) -> str:
    """The download links of a theme's training pack, for the theme's page at ``page``.

    Returns the ``packs/pack_links.html`` section, or an empty string when the theme has no
    published learning (and so no pack).
    """
    if theme_key not in themes_with_learning(site):
        return ""
    return render_template(
        "packs/pack_links.html",
        page=page,
        key=theme_key,
        label=site.vocab.themes.label(theme_key),
        print_path=print_path(theme_key),
        downloads=_downloads(theme_key),
    )


def render_print_page(site: Site, theme_key: str, candidates: Iterable[Item] | None = None) -> str:
    """The Markdown source of a theme's print view: all its learning in one document.

    ``candidates`` are the theme's items if the caller has them already (else they are found).
    The view holds the newest :data:`PRINT_LIMIT` items and says where the rest are. Returns
    front matter and ``packs/print_view.md``.
    """
    page = print_path(theme_key)
    base_url = site_base_url(site)
    pack = theme_pack(site, theme_key, base_url, candidates)
    label = site.vocab.themes.label(theme_key)
    meta = {
        "title": f"{label}: the learning in one document",
        "description": f"{label}: all the published learning on the theme, to print as a handout.",
        "hide": ["navigation", "toc"],
    }
    body = render_template(
        "packs/print_view.md",
        page=page,
        breadcrumbs=trusted_html(
            breadcrumbs(page, [HOME, THEMES_CRUMB, (theme_path(theme_key), label)]).strip()
        ),
        label=label,
        counts=pack.counts,
        site_name=pack.site_name,
        # A <time> element rendered by the library's own fragment template.
        today=trusted_html(time_tag(site.today)),
        theme_path=theme_path(theme_key),
        word_path=pack_path(theme_key, "docx"),
        total=len(pack.items),
        entries=[_print_entry(entry) for entry in pack.items[:PRINT_LIMIT]],
    )
    return page_front_matter(meta) + body


def _print_entry(entry: PackItem) -> dict[str, Any]:
    """What the print view shows of one item, its learning points and questions."""
    item = entry.item
    return {
        "id": item.id,
        "path": item_path(item),
        "title": item.title,
        "meta_line": entry.meta_line,
        "url": entry.url,
        "summary": item.summary,
        "learning": [
            {"run_in": run_in(p.title) if p.title else "", "text": p.text, "url": p.url}
            for p in entry.learning
        ],
        "questions": [q.text for q in entry.questions],
        "citation": entry.citation,
    }


def theme_print_pages(site: Site) -> Iterable[GeneratedPage]:
    """One print view per theme with published learning, at ``themes/<key>/print/``."""
    for key, items in items_by_theme(site).items():
        yield GeneratedPage(
            f"{print_path(key).rstrip('/')}.md", render_print_page(site, key, items)
        )


def render_pack_index(site: Site, page: str) -> str:
    """Every theme's training pack and print view, as a table for the trainers' page.

    ``page`` is the site path of the page the table goes on (links are relative to it).
    Returns ``packs/pack_index.html``: the table, or a note when nothing is published yet.
    """
    themes = [
        {
            "label": site.vocab.themes.label(key),
            "path": theme_path(key),
            "print_path": print_path(key),
            "count": sum(key in item.themes for item in site.public),
            "downloads": _downloads(key),
        }
        for key in themes_with_learning(site)
    ]
    return render_template("packs/pack_index.html", page=page, themes=themes)
