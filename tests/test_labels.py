"""Labels from data, never string tricks: every name of a kind, type, theme, audience or board on
the built site is written as its vocabulary gives it (the label, or the plural label), never made
plural by adding "s" or lower-cased.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import REPO

from lif.load.data import load_vocabularies
from lif.model.vocab import Term

pytestmark = pytest.mark.build


def page_texts(site_dir: Path) -> Iterator[tuple[str, str]]:
    """Each built page's path and its text: the markup's text and the attributes people read."""
    for path in sorted(site_dir.rglob("*.html")):
        if "r" in path.relative_to(site_dir).parts[:1]:
            continue  # the permanent-address redirects: one line each, no labels
        markup = path.read_text(encoding="utf-8")
        markup = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", markup, flags=re.S)
        attributes = re.findall(r'\b(?:title|aria-label|alt|content)="([^"]*)"', markup)
        text = re.sub(r"<[^>]+>", " ", markup)
        yield str(path.relative_to(site_dir)), html.unescape(" ".join([text, *attributes]))


def mangled_forms(term: Term) -> set[str]:
    """The forms of a term's label that only a string trick makes.

    The label with an "s" added (unless that is the plural the data gives), and, for a label that
    holds an acronym ('MAPPA', 'SCIE'), the label lower-cased. (A label in sentence case, or a
    name like 'Safeguarding Children Partnership', may be written in lower case in prose: "the
    local safeguarding children partnership".)
    """
    forms = {term.label + "s"} - {term.plural}
    if re.search(r"\b[A-Z]{2,}\b", term.label):
        forms |= {term.label.lower(), term.label[0].lower() + term.label[1:]}
    return forms


def test_no_page_makes_a_plural_or_lower_cases_a_label(built_site: Path) -> None:
    vocab = load_vocabularies(REPO / "data")
    patterns = {
        form: re.compile(r"(?<![\w-])" + re.escape(form) + r"(?![\w-])")
        for name, vocabulary in vocab.by_name.items()
        if name != "glossary"  # abbreviations: 'SARs' is how prose writes more than one
        for term in vocabulary
        for form in mangled_forms(term)
    }
    found: dict[str, list[str]] = {}
    for page, text in page_texts(built_site):
        for form, pattern in patterns.items():
            if pattern.search(text):
                found.setdefault(form, []).append(page)
    assert not found, "labels changed by a string trick instead of taken from data/:\n" + "\n".join(
        f"  '{form}' on {len(pages)} page(s), e.g. {pages[0]}" for form, pages in found.items()
    )


def test_the_plural_labels_are_the_ones_pages_show(built_site: Path) -> None:
    """The briefings by kind and a brief's breadcrumbs say 'Executive summaries'."""
    listing = (built_site / "briefings/by-kind/executive-summary/index.html").read_text("utf-8")
    assert "<h1" in listing and "Executive summaries</h1>" in listing
    brief = next((built_site / "briefs").glob("es-*/index.html")).read_text("utf-8")
    crumbs = brief[brief.index('class="lif-breadcrumbs"') :]
    assert "Executive summaries</a>" in crumbs[: crumbs.index("</nav>")]


#: Jinja filters and expressions that change a label's case or make its plural.
STRING_TRICKS = re.compile(
    r"\|\s*(?:lower|upper|capitalize|title)\b|~\s*[\"']s[\"']|\.(?:lower|capitalize|title)\(\)"
)


def test_no_template_changes_a_label_or_makes_a_plural() -> None:
    """The templates show labels as the data gives them (the built-site test above finds the
    tricks it can see; this one finds them before a page with such a label exists)."""
    roots = [REPO / "src/lif/render/templates", REPO / "overrides"]
    found = [
        f"{path.relative_to(REPO)}:{number}: {line.strip()}"
        for root in roots
        for path in sorted(root.rglob("*"))
        if path.is_file()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if STRING_TRICKS.search(line)
    ]
    assert not found, "change the sentence or add the form to the data:\n" + "\n".join(found)
