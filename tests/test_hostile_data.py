"""Hostile values in the data files come out as text on the framework and theme pages.

A label or description that holds markup must never become markup: not in the guides, the
appendix tables, the comparison and indexes, nor on the theme pages, and not in the page's
``<title>`` either, which the theme writes from the page's front matter.

The data files refuse markup when they are loaded (labels and descriptions are plain text), so
the renderers are given hostile entries directly, as if that check were bypassed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from html.parser import HTMLParser
from pathlib import Path
from typing import TypeVar

import pytest
import yaml
from support import REPO, review_data, run_build, write_item

import lif.render.framework as framework_module
from lif.index.site import Site, load_site
from lif.index.themes import alias_redirects, build_theme_index
from lif.load.data import load_framework
from lif.model.framework import (
    AppendixPoint,
    Framework,
    MethodologyEntry,
    Point,
    PracticeChange,
    ReviewTypeEntry,
)
from lif.model.vocab import VocabularyError
from lif.render.framework import (
    framework_pages,
    render_appendix_table,
    render_methodology_index,
    render_practice_changes,
    render_review_type_comparison,
)
from lif.render.redirects import render_theme_alias_page
from lif.render.themes import (
    render_theme_browser,
    render_theme_index,
    render_theme_page,
    theme_pages,
)

TODAY = dt.date(2026, 11, 26)

E = TypeVar("E", ReviewTypeEntry, MethodologyEntry)

#: Markup that would run a script, or end the ``<title>`` and send the reader elsewhere.
HOSTILE = '<script>alert(1)</script></title><meta http-equiv="refresh" content="0;url=/x/">'


class _Elements(HTMLParser):
    """The elements and the text of a piece of HTML, as a browser would parse them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[dict[str, str | None]] = []
        self.text: list[str] = []
        self.title: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.append(dict(attrs))
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_title:
            self.title.append(data)


def parsed(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser


def body_of(page: str) -> str:
    """A generated page without its YAML front matter (YAML, not HTML)."""
    _, _, body = page.split("---\n", 2)
    return body


def assert_shown_as_text(html: str, where: str) -> None:
    """The hostile value is in the text, and none of its elements is."""
    found = parsed(html)
    assert not {"script", "meta", "title"} & set(found.tags), f"{where}: {found.tags}"
    assert HOSTILE in "".join(found.text), f"{where}: the value is missing, not escaped"


# --- Framework: review types and methodologies ------------------------------------------------


@pytest.fixture
def data_root(tmp_path: Path) -> Path:
    """A project with the repository's data and no content."""
    (tmp_path / "data").mkdir()
    for source in (REPO / "data").glob("*.yml"):
        (tmp_path / "data" / source.name).write_text(source.read_text("utf-8"), "utf-8")
    (tmp_path / "reviews").mkdir()
    (tmp_path / "briefs").mkdir()
    return tmp_path


def _hostile_points(points: list[Point]) -> list[Point]:
    return [
        AppendixPoint.model_construct(text=HOSTILE, points=[HOSTILE])
        if isinstance(p, AppendixPoint)
        else HOSTILE
        for p in points
    ]


def _hostile_entry(entry: E) -> E:
    """The entry with markup in every text the pages show (``model_copy`` skips validation)."""
    change = PracticeChange.model_construct(title=HOSTILE, text=HOSTILE)
    update: dict[str, object] = {
        "label": f"{entry.label} {HOSTILE}",
        "description": HOSTILE,
        "practice_change": change,
    }
    if entry.appendix:
        update["appendix_title"] = HOSTILE
        update["appendix_points"] = _hostile_points(entry.appendix_points)
    if isinstance(entry, ReviewTypeEntry):
        update |= {
            "acronym": HOSTILE,
            "legal_basis": HOSTILE,
            "fits_when": HOSTILE,
            "commissioned_by": HOSTILE,
            "led_by": HOSTILE,
            "publication": HOSTILE,
            "publication_short": HOSTILE,
            "when_required": [HOSTILE],
            "process": [HOSTILE],
            "sharing": [HOSTILE],
        }
    else:
        update |= {"best_for": HOSTILE, "how_it_works": [HOSTILE]}
        update["techniques"] = [t.model_copy(update={"name": HOSTILE}) for t in entry.techniques]
        update["links"] = [x.model_copy(update={"title": HOSTILE}) for x in entry.links]
    return entry.model_copy(update=update)


@pytest.fixture
def hostile_framework(data_root: Path, monkeypatch: pytest.MonkeyPatch) -> Site:
    """A site whose framework data holds markup in every label and description."""
    site = load_site(data_root, TODAY)
    fw = load_framework(site.vocab)
    hostile = Framework(
        review_types={k: _hostile_entry(e) for k, e in fw.review_types.items()},
        methodologies={k: _hostile_entry(e) for k, e in fw.methodologies.items()},
    )
    monkeypatch.setattr(framework_module, "load_framework", lambda vocab: hostile)
    return site


def test_the_data_files_refuse_markup_in_a_review_type_label(data_root: Path) -> None:
    path = data_root / "data" / "review_types.yml"
    types = yaml.safe_load(path.read_text("utf-8"))
    types["peer-review"]["label"] = HOSTILE
    path.write_text(yaml.safe_dump(types, sort_keys=False), "utf-8")
    with pytest.raises(VocabularyError) as info:
        load_site(data_root, TODAY)
    [problem] = info.value.problems
    assert (problem.path, problem.field) == ("data/review_types.yml", "peer-review.label")
    assert "plain text" in problem.message


def test_hostile_framework_data_is_text_in_every_guide(hostile_framework: Site) -> None:
    pages = framework_pages(hostile_framework)
    assert len(pages) == len(hostile_framework.vocab.review_types) + len(
        hostile_framework.vocab.methodologies
    )
    for page in pages:
        assert_shown_as_text(body_of(page.content), page.src_uri)
    guide = {p.src_uri: p.content for p in pages}["review-types/safeguarding-adults-review.md"]
    # The label, the description, the practice change, the appendix title and points, the facts.
    assert guide.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 10


@pytest.mark.parametrize("appendix", ["A", "B", "C"])
def test_hostile_framework_data_is_text_in_the_appendix_tables(
    hostile_framework: Site, appendix: str
) -> None:
    table = render_appendix_table(hostile_framework, "framework/appendix-x/", appendix)
    assert_shown_as_text(table, f"Appendix {appendix}")
    assert "&lt;/title&gt;&lt;meta http-equiv=" in table


def test_hostile_framework_data_is_text_in_the_comparison_and_indexes(
    hostile_framework: Site,
) -> None:
    site = hostile_framework
    for where, html in (
        ("comparison", render_review_type_comparison(site, "review-types/")),
        ("methodology index", render_methodology_index(site, "methodologies/")),
        ("practice changes", render_practice_changes(site, "framework/changes-since-2017/")),
    ):
        assert_shown_as_text(html, where)


# --- Themes -----------------------------------------------------------------------------------


def _make_theme_hostile(site: Site) -> None:
    """Label and describe 'hoarding' with markup, in memory, past the loader that refuses it."""
    terms = dict(site.vocab.themes.terms)
    terms["hoarding"] = dataclasses.replace(
        terms["hoarding"], label=f"Hoarding {HOSTILE}", description=f"Clutter {HOSTILE}"
    )
    object.__setattr__(site.vocab.themes, "terms", terms)


def test_the_data_files_refuse_markup_in_a_theme_label(project: Path) -> None:
    path = project / "data" / "themes.yml"
    themes = yaml.safe_load(path.read_text("utf-8"))
    themes["hoarding"]["label"] = f"Hoarding {HOSTILE}"
    path.write_text(yaml.safe_dump(themes, sort_keys=False), "utf-8")
    with pytest.raises(VocabularyError) as caught:
        load_site(project, TODAY)
    assert "data/themes.yml" in str(caught.value) and "hoarding.label" in str(caught.value)


@pytest.fixture
def hostile_theme_site(project: Path) -> Site:
    """The theme 'hoarding' labelled and described with markup, on more reviews than fit."""
    for n in range(25):
        write_item(
            project,
            review_data(id=f"sar-adult-h{n}-2025", subject=f"Adult H{n}", themes=["hoarding"]),
        )
    site = load_site(project, TODAY)
    assert site.errors == [], "\n".join(p.format() for p in site.errors)
    _make_theme_hostile(site)
    return site


def test_a_hostile_theme_is_text_in_the_index_browser_and_its_pages(
    hostile_theme_site: Site,
) -> None:
    site = hostile_theme_site
    assert_shown_as_text(render_theme_index(site, "themes/"), "theme index")
    assert_shown_as_text(render_theme_browser(site, "", 100), "theme browser")
    page = render_theme_page(site, build_theme_index(site)["hoarding"])
    assert_shown_as_text(body_of(page), "theme page")
    listings = {p.src_uri: p.content for p in theme_pages(site)}
    assert_shown_as_text(body_of(listings["themes/hoarding/reviews.md"]), "theme listing")


def test_a_hostile_theme_is_text_on_its_alias_pages(hostile_theme_site: Site) -> None:
    aliases = {p: t for p, t in alias_redirects(hostile_theme_site).items() if "hoarding/" in t}
    assert aliases
    for path, target in aliases.items():
        found = parsed(render_theme_alias_page(hostile_theme_site, path, target))
        refresh = [a["content"] for a in found.attrs if a.get("http-equiv") == "refresh"]
        assert refresh == ["0; url=../hoarding/"], path
        assert found.tags.count("title") == 1 and "script" not in found.tags
        assert "".join(found.title) == f"Hoarding {HOSTILE}"


@pytest.mark.build
def test_a_hostile_page_title_is_text_in_the_built_title(project: Path) -> None:
    """Material writes the front matter's title into <title> as it is; the override escapes it."""
    (project / "docs" / "hostile.md").write_text(
        f"---\ntitle: {HOSTILE!r}\n---\n\n# Hostile\n", encoding="utf-8"
    )
    result = run_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    found = parsed((project / "site" / "hostile" / "index.html").read_text(encoding="utf-8"))
    assert "".join(found.title).startswith(HOSTILE)
    assert found.tags.count("title") == 1
    assert [a for a in found.attrs if a.get("http-equiv") == "refresh"] == []


def test_no_template_marks_a_value_safe() -> None:
    """Every template, Markdown pages included (the shared check reads only ``*.html``)."""
    templates = REPO / "src" / "lif" / "render" / "templates"
    pages = [p for p in templates.rglob("*") if p.is_file()]
    assert {"page.md", "review_type_guide.md", "appendix_table.html"} <= {p.name for p in pages}
    marking = [
        p.relative_to(templates).as_posix()
        for p in pages
        if "|safe" in p.read_text(encoding="utf-8").replace(" ", "")
    ]
    assert marking == []
