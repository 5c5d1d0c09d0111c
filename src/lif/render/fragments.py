"""Small fragments shared by the page renderers: escaping, dates, links, breadcrumbs.

The markup is in ``templates/fragments/macros.html``; the functions here render it for code that
builds pages in Python.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from html import escape
from typing import Any

import yaml

from lif.index.site import Site
from lif.model.paths import (
    BRIEFINGS,
    METHODOLOGIES_PATH,
    REVIEW_TYPES_PATH,
    REVIEWS,
    THEMES,
    section_path,
    theme_path,
)
from lif.render.templating import render_template


def esc(value: Any) -> str:
    """Escape any value for HTML text or a quoted attribute (``&quot;`` and ``&#x27;``)."""
    return escape(str(value), quote=True)


def time_tag(value: dt.date | None) -> str:
    """A ``time`` element for a date (empty for none), from ``fragments/time.html``."""
    return render_template("fragments/time.html", value=value)


#: PyYAML's dumper written in C (libyaml) where it is installed, else its Python one: a
#: generated page's front matter is read back by the generator, so only its values count.
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def page_front_matter(meta: dict[str, Any]) -> str:
    """YAML front matter for a generated page."""
    text = yaml.dump(meta, Dumper=_DUMPER, allow_unicode=True, sort_keys=False)
    return "---\n" + text + "---\n\n"


def link(from_page: str, to_path: str, text: str, attrs: Mapping[str, object] | None = None) -> str:
    """A link (``a`` element) with a page-relative ``href`` and escaped text.

    ``attrs`` are further attributes, name to value (escaped like the text).
    """
    return render_template(
        "fragments/link.html", page=from_page, path=to_path, text=text, attrs=attrs or {}
    )


def external_link(url: str, text: str) -> str:
    """A link to a document: off-site links open safely (no opener, no referrer)."""
    return render_template("fragments/external_link.html", url=url, text=text)


def copy_link_button(anchor: str, label: str) -> str:
    """A keyboard-operable control that copies the permanent link to ``#anchor``.

    Without JavaScript it is an ordinary link to the anchor; ``lif.js`` makes it copy the
    page's absolute address with the anchor and announce that it did.
    """
    return render_template("fragments/copy_link.html", anchor=anchor, label=label)


#: The first steps of breadcrumb trails: the home page and the sections, named as their tabs are.
HOME = ("", "Home")
REVIEWS_CRUMB = (REVIEWS, "Reviews")
BRIEFINGS_CRUMB = (BRIEFINGS, "Briefings")
REVIEW_TYPES_CRUMB = (REVIEW_TYPES_PATH, "Review types")
METHODS_CRUMB = (METHODOLOGIES_PATH, "Methods")
THEMES_CRUMB = (THEMES, "Themes")
LEARNING_IN_PRACTICE_CRUMB = (section_path(), "Learning in practice")


def breadcrumbs(page: str, trail: Iterable[tuple[str, str]]) -> str:
    """The way back up: ``(path, text)`` pairs from the home page down to the page's parent.

    Returns the ``nav`` element followed by a blank line, to stand before the page's heading.
    """
    return render_template("fragments/breadcrumbs.html", page=page, trail=list(trail))


def theme_pairs(site: Site, keys: Iterable[str]) -> list[tuple[str, str]]:
    """``(path, label)`` of each theme in ``keys``, once each, in order: the data of theme tags."""
    return [(theme_path(k), site.vocab.themes.label(k)) for k in dict.fromkeys(keys)]


def theme_links(site: Site, page: str, keys: list[str]) -> str:
    """The themes ``keys`` as a list of tags, each a link to the theme's page."""
    return render_template("fragments/theme_links.html", page=page, themes=theme_pairs(site, keys))


def kind_plural(site: Site, kind: str) -> str:
    """The heading for a group of briefs of one kind: 'Executive summaries'.

    The plural label from ``data/brief_kinds.yml`` (every kind has one; the loader refuses a kind
    without it). Raises :class:`KeyError` for a kind the vocabulary does not have.
    """
    return site.vocab.kinds.plural(kind)
