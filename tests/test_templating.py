"""Markup lives in templates with autoescape on; one function marks HTML as safe."""

from __future__ import annotations

import datetime as dt
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
