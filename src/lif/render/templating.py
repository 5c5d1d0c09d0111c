"""The one Jinja2 environment that every renderer of the library uses, with autoescape on.

Templates live beside the renderers, in ``lif/render/templates/``; Python builds the data and the
template decides how it looks. Autoescape decides what is safe: every value from front matter,
data files or the author is escaped on its way into a template.

The one place where markup is marked safe is :func:`trusted_html`, and it has one reason: the
value is HTML that this library rendered itself, from a template (a fragment rendered by one
template and placed inside another) or from the author's Markdown after the sanitiser of
:mod:`lif.model.markdown` has cleaned it. Nothing else is marked safe.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from lif.model.markdown import set_aside
from lif.model.paths import relative_url
from lif.model.publication import fmt_date


def trusted_html(html: str) -> Markup:
    """Mark HTML that this library produced as safe to place in a template.

    Takes the output of :func:`render_template` or of the sanitised Markdown pipeline; returns
    it as :class:`markupsafe.Markup`. Never pass it text from content or data files: that is
    what autoescape is for.
    """
    return Markup(html)  # noqa: S704 - the one place (see the module docstring)


def _url(to_path: str, from_page: str) -> str:
    """Filter: ``{{ path | url(page) }}``, the page-relative address of a site path."""
    return relative_url(from_page, to_path)


def _date(value: dt.date | None) -> str:
    """Filter: ``{{ date | date }}``, a date as people read it (5 March 2024)."""
    return fmt_date(value)


def _html_block(html: Any) -> Markup:
    """Filter: ``{% filter html_block %}<ol>...</ol>{% endfilter %}`` in a page's Markdown
    template, the template's own HTML marked for the site's Markdown to take whole rather than
    parse again (:func:`lif.model.markdown.set_aside`); the page it becomes is the same. Text
    not already safe (autoescaped template output, or :func:`trusted_html`) is escaped first."""
    return trusted_html(set_aside(str(escape(html))))


@cache
def environment() -> Environment:
    """The shared environment (built once): autoescape on for every template, strict undefined.

    Raises nothing; a template that uses an undefined variable raises
    :class:`jinja2.UndefinedError` when rendered, which the tests catch.
    """
    env = Environment(
        loader=PackageLoader("lif.render", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # The templates are the package's own files: read once, not checked for changes on
        # every one of the build's hundreds of thousands of renders.
        auto_reload=False,
    )
    env.filters["url"] = _url
    env.filters["date"] = _date
    env.filters["html_block"] = _html_block
    return env


def render_template(name: str, **context: Any) -> str:
    """Render the template ``name`` (a path under ``lif/render/templates/``) with ``context``.

    Returns the rendered text (HTML, or Markdown holding HTML blocks). Autoescape writes a
    quotation mark as ``&#34;`` and an apostrophe as ``&#39;``; they are written here as
    :func:`html.escape` writes them, ``&quot;`` and ``&#x27;`` (the same characters to a browser),
    so a page reads the same whichever way its parts were made. Raises
    :class:`jinja2.TemplateNotFound` for an unknown name.
    """
    html = environment().get_template(name).render(**context)
    return html.replace("&#34;", "&quot;").replace("&#39;", "&#x27;")
