"""The glossary: abbreviations explained where practitioners meet them, and on a page of its own.

The abbreviations are ``data/glossary.yml`` (the ``glossary`` vocabulary): each has its
``label`` (as written: 'SAR'), ``stands_for`` and a plain-English ``description``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html.parser import HTMLParser

from lif.index.site import Site
from lif.model.pages import GeneratedPage
from lif.model.paths import GLOSSARY_PATH, source_uri
from lif.model.vocab import Vocabulary
from lif.render.fragments import HOME, breadcrumbs, page_front_matter
from lif.render.templating import render_template, trusted_html

#: Elements whose text is never marked: code and preformatted text, text already inside an
#: abbreviation, and elements whose content is not running text.
_SKIPPED = frozenset(
    {"abbr", "code", "pre", "kbd", "samp", "script", "style", "svg", "textarea", "button", "select",
     "option", "title"}
)  # fmt: skip


class _AllExplained(Exception):
    """Every abbreviation the fragment holds is explained: the rest of it changes nothing."""


class _AbbreviationFinder(HTMLParser):
    """Finds the first use of each abbreviation in the running text of an HTML fragment.

    ``present`` is every abbreviation written anywhere in the fragment (in its text or its
    markup): once all of them are explained, the parse stops, since nothing after that point
    can be marked."""

    def __init__(self, text: str, pattern: re.Pattern[str], present: set[str]) -> None:
        super().__init__(convert_charrefs=False)
        self.text = text
        self.pattern = pattern
        self.present = present
        self.line_starts = [0, *(m.end() for m in re.finditer(r"\n", text))]
        self.skipping: list[str] = []
        self.in_abbr = False
        #: The abbreviations explained already: marked here, or in an <abbr> of the page's own.
        self.explained: set[str] = set()
        #: (offset, length, abbreviation) of each first use in the text.
        self.found: list[tuple[int, int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skipping.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.skipping:
            while self.skipping and self.skipping.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if self.skipping:
            if self.skipping[-1] == "abbr":
                self.explained.update(m.group(1) for m in self.pattern.finditer(data))
                if self.explained >= self.present:
                    raise _AllExplained
            return
        line, column = self.getpos()
        start = self.line_starts[line - 1] + column
        if self.text[start : start + len(data)] != data:
            return  # not where the parser says: leave this text alone rather than guess
        for match in self.pattern.finditer(data):
            abbreviation = match.group(1)
            if abbreviation in self.explained:
                continue
            self.explained.add(abbreviation)
            self.found.append((start + match.start(), len(match.group(0)), abbreviation))
            if self.explained >= self.present:
                raise _AllExplained


@lru_cache(maxsize=8)
def _pattern(labels: tuple[str, ...]) -> re.Pattern[str]:
    """Any of ``labels`` as a whole word, with a plural 's' ("SARs") taken in."""
    words = "|".join(re.escape(label) for label in sorted(labels, key=lambda w: (-len(w), w)))
    return re.compile(rf"(?<![\w&#-])({words})s?(?![\w-])")


def mark_abbreviations(fragment: str, glossary: Vocabulary) -> str:
    """``fragment`` (a page's content HTML) with the first use of each glossary abbreviation
    in its running text marked as ``<abbr title="what it stands for">``.

    Text in code, in scripts and inside an ``abbr`` already is left as it is; an abbreviation
    the page explains in an ``abbr`` of its own is not marked again. Everything else in the
    fragment is returned byte for byte. WCAG 3.1.4 (Abbreviations, AAA) and the GOV.UK style
    guide's rule to spell out an abbreviation at its first use.
    """
    by_label = {term.label: str(term.get("stands_for", "")) for term in glossary}
    if not by_label:
        return fragment
    pattern = _pattern(tuple(by_label))
    present = {match.group(1) for match in pattern.finditer(fragment)}
    if not present:
        return fragment
    finder = _AbbreviationFinder(fragment, pattern, present)
    try:
        finder.feed(fragment)
        finder.close()
    except _AllExplained:
        pass
    out: list[str] = []
    position = 0
    for offset, length, abbreviation in finder.found:
        out.append(fragment[position:offset])
        # The text is the page's own HTML (a word of it), so it stays as it is.
        text = trusted_html(fragment[offset : offset + length])
        out.append(render_template("glossary/abbr.html", words=by_label[abbreviation], text=text))
        position = offset + length
    out.append(fragment[position:])
    return "".join(out)


def render_glossary_page(site: Site) -> str:
    """The Markdown source of the glossary page: every abbreviation, in alphabetical order, with
    what it stands for and what it means (``templates/glossary/page.md``)."""
    page = GLOSSARY_PATH
    meta = {
        "title": "Glossary",
        "description": "The abbreviations used in safeguarding reviews and on this site, and what "
        "each means.",
    }
    terms = sorted(site.vocab.glossary, key=lambda t: t.label.lower())
    body = render_template(
        "glossary/page.md",
        breadcrumbs=trusted_html(breadcrumbs(page, [HOME]).strip()),
        terms=[
            {
                "key": t.key,
                "label": t.label,
                "stands_for": str(t.get("stands_for", "")),
                "description": t.description,
            }
            for t in terms
        ],
    )
    return page_front_matter(meta) + body


def glossary_pages(site: Site) -> list[GeneratedPage]:
    """The glossary page, at ``glossary/``."""
    return [GeneratedPage(source_uri(GLOSSARY_PATH), render_glossary_page(site))]
