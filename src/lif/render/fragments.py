"""Small fragments shared by the page renderers: escaping, dates, links, breadcrumbs.

The markup is in ``templates/fragments/macros.html``; the functions here render it for code that
builds pages in Python, and :func:`render_html` is how the renderers render their templates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from html import escape
from typing import Any

import yaml

from lif.index.site import Site
from lif.model.paths import theme_path
from lif.render.templating import render_template


def esc(value: Any) -> str:
    """Escape any value for HTML text or a quoted attribute (``&quot;`` and ``&#x27;``)."""
    return escape(str(value), quote=True)


def render_html(name: str, **context: Any) -> str:
    """Render the template ``name`` (see :func:`lif.render.templating.render_template`).

    Autoescape writes a quotation mark as ``&#34;`` and an apostrophe as ``&#39;``; the pages
    write them as :func:`esc` does, ``&quot;`` and ``&#x27;`` (the same characters to a browser),
    so a page reads the same whichever way its parts were made, and the sanitizer's quick check
    (:mod:`lif.render.markdown`) finds nothing to look at in them. Raises
    :class:`jinja2.TemplateNotFound` for an unknown name.
    """
    html = render_template(name, **context)
    return html.replace("&#34;", "&quot;").replace("&#39;", "&#x27;")


def time_tag(value: dt.date | None) -> str:
    """A ``time`` element for a date (empty for none), from ``fragments/time.html``."""
    return render_html("fragments/time.html", value=value)


def page_front_matter(meta: dict[str, Any]) -> str:
    """YAML front matter for a generated page."""
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n"


def link(from_page: str, to_path: str, text: str, attrs: Mapping[str, object] | None = None) -> str:
    """A link (``a`` element) with a page-relative ``href`` and escaped text.

    ``attrs`` are further attributes, name to value (escaped like the text).
    """
    return render_html(
        "fragments/link.html", page=from_page, path=to_path, text=text, attrs=attrs or {}
    )


def external_link(url: str, text: str) -> str:
    """A link to a document: off-site links open safely (no opener, no referrer)."""
    return render_html("fragments/external_link.html", url=url, text=text)


def copy_link_button(anchor: str, label: str) -> str:
    """A keyboard-operable control that copies the permanent link to ``#anchor``.

    Without JavaScript it is an ordinary link to the anchor; ``lif.js`` makes it copy the
    page's absolute address with the anchor and announce that it did.
    """
    return render_html("fragments/copy_link.html", anchor=anchor, label=label)


def breadcrumbs(page: str, trail: Iterable[tuple[str, str]]) -> str:
    """The way back up: ``(path, text)`` pairs from the home page down to the page's parent.

    Returns the ``nav`` element followed by a blank line, to stand before the page's heading.
    """
    return render_html("fragments/breadcrumbs.html", page=page, trail=list(trail))


def theme_pairs(site: Site, keys: Iterable[str]) -> list[tuple[str, str]]:
    """``(path, label)`` of each theme in ``keys``, once each, in order: the data of theme tags."""
    return [(theme_path(k), site.vocab.themes.label(k)) for k in dict.fromkeys(keys)]


def theme_links(site: Site, page: str, keys: list[str]) -> str:
    """The themes ``keys`` as a list of tags, each a link to the theme's page."""
    return render_html("fragments/theme_links.html", page=page, themes=theme_pairs(site, keys))


def kind_plural(site: Site, kind: str) -> str:
    """The heading for a group of briefs of one kind: 'Seven-minute briefings'."""
    label = site.vocab.kinds.label(kind)
    return label if label.endswith("s") else f"{label}s"
