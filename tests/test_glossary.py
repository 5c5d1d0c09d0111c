"""The glossary: the first use of each abbreviation on a page says what it stands for, and the
glossary page explains every one (data/glossary.yml)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from support import REPO

from lif.load.data import load_vocabularies
from lif.load.yaml_reader import read_yaml
from lif.model.vocab import VocabularyError, parse_vocabulary
from lif.render.glossary import mark_abbreviations

GLOSSARY = load_vocabularies(REPO / "data").glossary
SAR = '<abbr title="Safeguarding adults review">'


def test_the_first_use_of_an_abbreviation_says_what_it_stands_for() -> None:
    html = "<p>A SAR was held.</p><p>The SAR found gaps; SARs are published.</p>"
    marked = mark_abbreviations(html, GLOSSARY)
    assert marked == f"<p>A {SAR}SAR</abbr> was held.</p>" + html[len("<p>A SAR was held.</p>") :]


def test_a_plural_use_is_marked_whole_and_words_containing_it_are_not() -> None:
    marked = mark_abbreviations("<p>SARS-CoV and SARs</p>", GLOSSARY)
    assert marked == f"<p>SARS-CoV and {SAR}SARs</abbr></p>"


def test_code_links_attributes_and_abbreviations_already_explained_are_left_alone() -> None:
    html = (
        '<p title="SAR"><code>SAR</code> <abbr title="Safeguarding adults review">SAR</abbr> '
        '<a href="sar/">SAR</a> and DHR &amp; MAPPA</p>'
    )
    marked = mark_abbreviations(html, GLOSSARY)
    assert marked.count("<abbr") == 3  # the page's own, DHR and MAPPA: SAR was explained
    assert '<p title="SAR"><code>SAR</code>' in marked
    assert '<a href="sar/">SAR</a>' in marked
    assert '<abbr title="Domestic homicide review">DHR</abbr> &amp; <abbr title=' in marked


def test_text_without_abbreviations_is_returned_unchanged() -> None:
    html = "<p>Nothing to explain here &amp; <br>nothing\n<em>changed</em>.</p>"
    assert mark_abbreviations(html, GLOSSARY) == html


def test_a_glossary_term_without_its_words_is_a_problem_at_its_line(tmp_path: Path) -> None:
    text = (REPO / "data/glossary.yml").read_text(encoding="utf-8")
    text += "xyz:\n  label: XYZ\n  description: An example.\n"
    document = read_yaml(text, "data/glossary.yml")
    path = "data/glossary.yml"
    _, problems = parse_vocabulary("glossary", document.value, path, document.positions)
    [problem] = problems
    assert problem.field == "xyz.stands_for" and "needs 'stands_for'" in problem.message
    assert problem.line == text.count("\n") - 2
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data)
    (data / "glossary.yml").write_text(text, encoding="utf-8")
    with pytest.raises(VocabularyError, match=r"xyz\.stands_for"):
        load_vocabularies(data)


def running_text(page: str) -> str:
    """The article of a built page without code, scripts and tags' attributes."""
    article = page[page.find("<article") : page.find("</article>")]
    article = re.sub(r"<(code|pre|script|style|svg)\b.*?</\1>", " ", article, flags=re.S)
    return re.sub(r"<(?!/?abbr\b)[^>]+>", " ", article)


@pytest.mark.build
def test_on_every_built_page_the_first_use_of_each_abbreviation_is_explained(
    built_site: Path,
) -> None:
    unexplained = []
    for path in sorted(built_site.rglob("index.html")):
        text = running_text(path.read_text(encoding="utf-8"))
        for term in GLOSSARY:
            first = re.search(rf"(<abbr title=\"[^\"]+\">)?\b{re.escape(term.label)}s?\b", text)
            if first and not first.group(1):
                unexplained.append(f"{path.relative_to(built_site)}: {term.label}")
    assert not unexplained, "\n".join(unexplained[:20])


@pytest.mark.build
def test_the_glossary_page_explains_every_abbreviation(built_site: Path) -> None:
    page = (built_site / "glossary/index.html").read_text(encoding="utf-8")
    for term in GLOSSARY:
        assert f'id="{term.key}"' in page and term.description in page.replace("&#x27;", "'")
    footer = (built_site / "reviews/index.html").read_text(encoding="utf-8")
    assert 'href="../glossary/">Glossary of abbreviations</a>' in footer
