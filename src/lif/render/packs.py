"""The pages for trainers' packs: a print view of each theme and the pack downloads."""

from __future__ import annotations

from collections.abc import Iterable

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
    relative_url,
    theme_path,
)
from lif.render.fragments import esc, page_front_matter, time_tag

#: The most items a theme's print view holds (the newest); its training pack holds them all.
PRINT_LIMIT = 60


def pack_links_html(site: Site, page: str, theme_key: str) -> str:
    """The download links of a theme's training pack, for the theme's page (empty if none)."""
    if theme_key not in themes_with_learning(site):
        return ""
    label = site.vocab.themes.label(theme_key)
    links = "".join(
        f'<li><a href="{esc(relative_url(page, pack_path(theme_key, fmt)))}" download>'
        f'{esc(text)}<span class="lif-visually-hidden">: {esc(label)} training pack</span></a></li>'
        for fmt, text in FORMAT_LABELS.items()
    )
    print_link = (
        f'<a href="{esc(relative_url(page, print_path(theme_key)))}">Print this theme'
        f'<span class="lif-visually-hidden">: {esc(label)}</span></a>'
    )
    return (
        f'<section class="lif-packs" aria-labelledby="training-pack-{esc(theme_key)}">\n'
        f'<h2 id="training-pack-{esc(theme_key)}">Training pack</h2>\n'
        "<p>The learning on this theme in one file, with permanent links to every item and "
        "learning point, for course material and handouts. "
        f"{print_link} gives it as one document to print.</p>\n"
        f'<ul class="lif-pack-links">{links}</ul>\n</section>\n'
    )


def render_print_page(site: Site, theme_key: str, candidates: Iterable[Item] | None = None) -> str:
    """The Markdown source of a theme's print view: all its learning in one document."""
    page = print_path(theme_key)
    base_url = site_base_url(site)
    pack = theme_pack(site, theme_key, base_url, candidates)
    label = site.vocab.themes.label(theme_key)
    meta = {
        "title": f"{label}: the learning in one document",
        "description": f"All the published learning on {label.lower()}, to print as a handout.",
        "hide": ["navigation", "toc"],
    }
    parts = [
        page_front_matter(meta),
        f"# {esc(label)}: the learning in one document\n\n",
        '<div class="lif-print-theme" data-pagefind-ignore="all">\n',
        f'<p class="lif-print-intro">{esc(pack.counts)} on {esc(label.lower())} from the '
        f"{esc(pack.site_name)}, as of {time_tag(site.today)}. The addresses printed below are "
        "permanent: readers can type them to find each item and learning point.</p>\n",
        '<p class="lif-print-actions">'
        '<button type="button" class="md-button md-button--primary" data-lif-print hidden>'
        "Print this page</button> "
        f"{_page_link(page, theme_path(theme_key), f'Back to {label}')}</p>\n",
    ]
    shown = pack.items[:PRINT_LIMIT]
    if len(shown) < len(pack.items):
        word = _page_link(page, pack_path(theme_key, "docx"), "Word document of the training pack")
        parts.append(
            f'<p class="lif-print-limit">This view has the newest {len(shown)} of the '
            f"{len(pack.items)} items on {esc(label.lower())}: a handout longer than that is "
            f"not read. The {word} has them all.</p>\n"
        )
    for entry in shown:
        parts.append(_print_item(page, entry))
    parts.append("</div>\n")
    return "".join(parts)


def _page_link(page: str, to: str, text: str) -> str:
    return f'<a href="{esc(relative_url(page, to))}">{esc(text)}</a>'


def _print_url(url: str) -> str:
    return f'<span class="lif-print-url">{esc(url)}</span>'


def _print_item(page: str, entry: PackItem) -> str:
    item = entry.item
    path = item_path(item)
    out = [
        f'<article class="lif-print-item" aria-labelledby="print-{esc(item.id)}">\n',
        f'<h2 id="print-{esc(item.id)}">{_page_link(page, path, item.title)}</h2>\n',
        f'<p class="lif-print-meta">{esc(entry.meta_line)}</p>\n',
        f'<p class="lif-print-address">{_print_url(entry.url)}</p>\n',
        f"<p>{esc(item.summary)}</p>\n",
    ]
    if entry.learning:
        points = "".join(
            "<li>"
            + (f"<strong>{esc(run_in(p.title))}</strong> " if p.title else "")
            + f"{esc(p.text)} {_print_url(p.url)}</li>"
            for p in entry.learning
        )
        out.append(f"<h3>Key learning</h3>\n<ol>{points}</ol>\n")
    if entry.questions:
        questions = "".join(f"<li>{esc(q.text)}</li>" for q in entry.questions)
        out.append(f"<h3>Questions for your team</h3>\n<ol>{questions}</ol>\n")
    out.append(f'<p class="lif-print-cite">Cite as: {esc(entry.citation)}</p>\n</article>\n')
    return "".join(out)


def theme_print_pages(site: Site) -> Iterable[GeneratedPage]:
    """One print view per theme with published learning, at ``themes/<key>/print/``."""
    for key, items in items_by_theme(site).items():
        yield GeneratedPage(
            f"{print_path(key).rstrip('/')}.md", render_print_page(site, key, items)
        )


def render_pack_index(site: Site, page: str) -> str:
    """Every theme's training pack and print view, as a table for the trainers' page."""
    keys = themes_with_learning(site)
    if not keys:
        return '<p class="lif-empty">No learning has been published yet.</p>'
    rows = []
    for key in keys:
        label = site.vocab.themes.label(key)
        count = sum(key in item.themes for item in site.public)
        downloads = " · ".join(
            f'<a href="{esc(relative_url(page, pack_path(key, fmt)))}" download>.{fmt}'
            f'<span class="lif-visually-hidden">: {esc(label)} training pack, '
            f"{esc(FORMAT_LABELS[fmt])}</span></a>"
            for fmt in FORMAT_LABELS
        )
        rows.append(
            f'<tr><th scope="row">{_page_link(page, theme_path(key), label)}</th>'
            f"<td>{count}</td><td>{downloads}</td>"
            f"<td>{_page_link(page, print_path(key), 'Print view')}"
            f'<span class="lif-visually-hidden">: {esc(label)}</span></td></tr>'
        )
    return (
        '<table class="lif-pack-index"><thead><tr><th scope="col">Theme</th>'
        '<th scope="col">Items</th><th scope="col">Training pack</th>'
        f'<th scope="col">Print</th></tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )
