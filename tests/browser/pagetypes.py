"""One page of every kind the site has, found in the built example site.

The accessibility and keyboard tests visit these. A kind of page the site does not have yet is
``None``, and the tests that need it fail with the path where it was expected.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from lif.index.site import Site
from lif.model.paths import item_path, review_type_path, theme_path

#: Every kind of page, in the order a reader meets them.
PAGE_TYPES = (
    "home",
    "framework page",
    "review-type guide",
    "appendix table",
    "review",
    "seven-minute briefing",
    "executive summary",
    "thematic note",
    "theme index",
    "theme page",
    "listing",
    "search with results",
    "dashboard",
    "how-to-publish",
    "accessibility statement",
    "glossary",
    "not found",
)

#: An address with no page: the host answers with the site's 404.html, two folders deep.
NOT_FOUND_PATH = "no/such/page/"

#: Where each fixed page is expected (the site's sections).
FIXED_PATHS = {
    "home": "",
    "framework page": "framework/",
    "appendix table": "framework/appendix-a/",
    "theme index": "themes/",
    "listing": "reviews/",
    "search with results": "search/",
    "dashboard": "learning-in-practice/",
    "how-to-publish": "how-to-publish/",
    "accessibility statement": "accessibility/",
    "glossary": "glossary/",
    "not found": NOT_FOUND_PATH,
}

BRIEF_KINDS = {
    "seven-minute briefing": "seven-minute-briefing",
    "executive summary": "executive-summary",
    "thematic note": "thematic-note",
}


def expected_paths(site: Site) -> dict[str, str]:
    """The site path where one page of each kind should be, from the example content."""
    paths = dict(FIXED_PATHS)
    review = site.reviews[0]
    paths["review"] = item_path(review)
    paths["review-type guide"] = review_type_path(review.review_type)
    paths["theme page"] = theme_path(review.themes[0])
    for name, kind in BRIEF_KINDS.items():
        brief = next((b for b in site.briefs if b.kind == kind), None)
        paths[name] = item_path(brief) if brief else f"briefs/<first {kind}>/"
    return paths


def page_exists(site_dir: Path, path: str) -> bool:
    if path == NOT_FOUND_PATH:
        return (site_dir / "404.html").is_file()
    return (site_dir / path / "index.html").is_file()


def search_term(site: Site) -> str:
    """A word that many public items are about: the label of the commonest theme."""
    counts = Counter(theme for item in site.public for theme in item.themes)
    key = counts.most_common(1)[0][0]
    return site.vocab.themes.label(key).split()[0]
