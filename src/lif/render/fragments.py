"""Small fragments shared by the page renderers: escaping, dates, links, breadcrumbs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from html import escape
from typing import Any

import yaml

from lif.index.site import Site
from lif.model.paths import relative_url, theme_path
from lif.render.templating import render_template


def esc(value: Any) -> str:
    """Escape any value for HTML text or a quoted attribute."""
    return escape(str(value), quote=True)


def time_tag(value: dt.date | None) -> str:
    """A ``<time>`` element for a date (empty for none), from ``fragments/time.html``."""
    return render_template("fragments/time.html", value=value)


def page_front_matter(meta: dict[str, Any]) -> str:
    """YAML front matter for a generated page."""
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n"


def link(from_page: str, to_path: str, text: str, attrs: str = "") -> str:
    """An ``<a>`` element with a page-relative ``href`` and escaped text."""
    extra = f" {attrs}" if attrs else ""
    return f'<a href="{esc(relative_url(from_page, to_path))}"{extra}>{esc(text)}</a>'


def external_link(url: str, text: str) -> str:
    """A link to a document: off-site links open safely (no opener, no referrer)."""
    if url.startswith(("http://", "https://")):
        return f'<a href="{esc(url)}" rel="noopener noreferrer external">{esc(text)}</a>'
    return f'<a href="{esc(url)}">{esc(text)}</a>'


def copy_link_button(anchor: str, label: str) -> str:
    """A keyboard-operable control that copies the permanent link to ``#anchor``.

    Without JavaScript it is an ordinary link to the anchor; ``lif.js`` makes it copy the
    page's absolute address with the anchor and announce that it did.
    """
    return (
        f'<a class="lif-permalink" href="#{esc(anchor)}" data-lif-copy="{esc(anchor)}" '
        f'aria-label="Copy link to {esc(label)}" title="Copy a link to this">Copy link</a>'
    )


def breadcrumbs(page: str, trail: Iterable[tuple[str, str]]) -> str:
    """The way back up: ``(path, text)`` pairs from the home page down to the page's parent."""
    steps = "".join(f"<li>{link(page, path, text)}</li>" for path, text in trail)
    return f'<nav class="lif-breadcrumbs" aria-label="Breadcrumb"><ol>{steps}</ol></nav>\n\n'


def _dl_row(term: str, value_html: str) -> str:
    return f"<div><dt>{esc(term)}</dt><dd>{value_html}</dd></div>" if value_html else ""


def theme_links(site: Site, page: str, keys: list[str]) -> str:
    items = "".join(
        f"<li>{link(page, theme_path(k), site.vocab.themes.label(k))}</li>"
        for k in dict.fromkeys(keys)
    )
    return f'<ul class="lif-tags">{items}</ul>'


def kind_plural(site: Site, kind: str) -> str:
    """The heading for a group of briefs of one kind: 'Seven-minute briefings'."""
    label = site.vocab.kinds.label(kind)
    return label if label.endswith("s") else f"{label}s"
