"""Markup lives in templates with autoescape on; one function marks HTML as safe."""

from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path

from lif.render.fragments import time_tag
from lif.render.templating import environment, render_template, trusted_html

LIBRARY = Path(__file__).resolve().parent.parent / "src" / "lif"


def test_values_are_escaped_in_every_template() -> None:
    html = environment().from_string("<p>{{ text }}</p>").render(text='<img src=x onerror="a()">')
    assert html == "<p>&lt;img src=x onerror=&#34;a()&#34;&gt;</p>"


def test_html_marked_trusted_is_kept_as_it_is() -> None:
    html = (
        environment().from_string("<div>{{ inner }}</div>").render(inner=trusted_html("<b>x</b>"))
    )
    assert html == "<div><b>x</b></div>"


def test_a_date_renders_as_people_read_it() -> None:
    assert time_tag(dt.date(2024, 3, 5)) == '<time datetime="2024-03-05">5 March 2024</time>'
    assert time_tag(None) == ""


def test_the_url_filter_makes_addresses_relative_to_the_page() -> None:
    html = render_template_string("{{ 'themes/neglect/' | url('reviews/x/') }}")
    assert html == "../../themes/neglect/"


def render_template_string(source: str) -> str:
    return environment().from_string(source).render()


def test_only_the_templating_module_marks_markup_safe() -> None:
    marking = sorted(
        p.relative_to(LIBRARY).as_posix()
        for p in LIBRARY.rglob("*.py")
        if "Markup(" in p.read_text(encoding="utf-8")
    )
    assert marking == ["render/templating.py"]
    templates = list((LIBRARY / "render" / "templates").rglob("*.html"))
    assert templates, "templates are shipped beside the renderers"
    assert not [p.name for p in templates if "|safe" in p.read_text().replace(" ", "")]
    assert render_template("fragments/time.html", value=None) == ""


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of the docstring constants of a module, its classes and functions."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def test_no_markup_is_written_in_python_strings() -> None:
    """Markup lives in templates: no string in the library's code opens or closes an element."""
    names = (
        "a|abbr|article|aside|b|blockquote|br|button|caption|code|dd|details|div|dl|dt|em|"
        "figcaption|figure|footer|form|g|h[1-6]|header|hr|i|img|input|li|link|main|meta|nav|ol|"
        "p|path|pattern|pre|rect|script|section|small|span|strong|style|summary|svg|table|tbody|"
        "td|th|thead|time|title|tr|ul"
    )
    element = re.compile(rf"</?(?:{names})(?:\s[^<>]*)?/?>")
    found = []
    for path in LIBRARY.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _docstrings(tree)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in skip
                and element.search(node.value)
            ):
                found.append(f"{path.relative_to(LIBRARY)}:{node.lineno}: {node.value[:60]!r}")
    assert found == []
