"""Every path of the site in one place: items, listings, guides, themes, packs, feeds and anchors.

Paths are relative to the site root, end in ``/`` for pages, and are built from ids, so an
item's address never changes while its id does not.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable

from lif.model.content import Item

#: The section's folder under the site root.
SECTION = "learning-in-practice"


def section_path(board: str | None = None) -> str:
    """The site path of the overview (``None``) or of a board's page."""
    return f"{SECTION}/" if board is None else f"{SECTION}/{board}/"


#: The formats a pack can be written in, by file extension.
PACK_FORMATS = ("md", "csv", "json", "docx")


#: Labels of the formats, for download links, in the order the links are offered.
FORMAT_LABELS = {
    "docx": "Word document (.docx)",
    "md": "Markdown (.md)",
    "csv": "Spreadsheet (.csv)",
    "json": "Data (.json)",
}


#: The editor's folder below the site root: its page is ``/admin/``.
EDITOR_FOLDER = "admin"


#: Where the site's packs are, below the site root.
PACKS_DIR = "packs"


#: The anchor of a brief's reflective questions on its page.
QUESTIONS_ANCHOR = "reflective-questions"


def pack_path(theme_key: str, fmt: str) -> str:
    """The site path of a theme's pack in one format: ``packs/neglect.docx``."""
    return f"{PACKS_DIR}/{theme_key}.{fmt}"


def print_path(theme_key: str) -> str:
    """The site path of a theme's one-document print view: ``themes/neglect/print/``."""
    return f"{theme_path(theme_key)}print/"


#: Where the feeds are, below the site root. They live in a folder of their own because Material
#: for MkDocs fetches ``sitemap.xml`` beside every ``<link rel="alternate">`` of a page (it reads
#: them as translations): the folder gets a small sitemap of its own, listing only the feeds, so
#: the theme does not fetch the site's sitemap (hundreds of kilobytes in a large library) on
#: every page.
BOARD_FEEDS_DIR = "feeds"


SITE_FEED_STEM = f"{BOARD_FEEDS_DIR}/all"


SITE_FEED_RSS = f"{SITE_FEED_STEM}.xml"


SITE_FEED_JSON = f"{SITE_FEED_STEM}.json"


def board_feed_path(board: str, fmt: str) -> str:
    """``feeds/<board>.xml`` or ``feeds/<board>.json``."""
    return f"{BOARD_FEEDS_DIR}/{board}.{fmt}"


#: Site paths of the hand-written pages the generated ones link to.
FRAMEWORK_PATH = "framework/"


REVIEWS_OF_PRACTICE_PATH = "framework/reviews-of-practice/"


CHANGES_PATH = "framework/changes-since-2017/"


REVIEW_TYPES_PATH = "review-types/"


#: The glossary of abbreviations, linked from the foot of every page.
GLOSSARY_PATH = "glossary/"


METHODOLOGIES_PATH = "methodologies/"


#: How many items a listing page holds before it continues on a next page.
PER_PAGE = 50


REVIEWS = "reviews/"


BRIEFINGS = "briefings/"


THEMES = "themes/"


#: Folder names under ``reviews/`` (and ``briefs/``) that listing pages use.
RESERVED_IDS = frozenset({"index", "by-year", "by-type", "by-kind", "by-audience", "by-theme"})


def _paged(base: str, page: int) -> str:
    return base if page <= 1 else f"{base}page/{page}/"


def years_path() -> str:
    """The site path of the list of years reviews were published in: ``reviews/by-year/``."""
    return "reviews/by-year/"


def year_path(year: int, page: int = 1) -> str:
    """Reviews published in ``year``: ``reviews/by-year/2024/`` (page 2: ``.../page/2/``)."""
    return _paged(f"reviews/by-year/{year}/", page)


def review_types_path() -> str:
    """The site path of the list of review types with reviews: ``reviews/by-type/``."""
    return "reviews/by-type/"


def review_type_listing_path(key: str, page: int = 1) -> str:
    """The reviews of one type: ``reviews/by-type/<key>/``."""
    return _paged(f"reviews/by-type/{key}/", page)


def kinds_path() -> str:
    """The site path of the list of kinds of brief: ``briefings/by-kind/``."""
    return "briefings/by-kind/"


def kind_listing_path(key: str, page: int = 1) -> str:
    """The briefs of one kind: ``briefings/by-kind/seven-minute-briefing/``."""
    return _paged(f"briefings/by-kind/{key}/", page)


def audiences_path() -> str:
    """The site path of the list of audiences briefs are written for: ``briefings/by-audience/``."""
    return "briefings/by-audience/"


def audience_listing_path(key: str, page: int = 1) -> str:
    """The briefs written for one audience: ``briefings/by-audience/practitioners/``."""
    return _paged(f"briefings/by-audience/{key}/", page)


def theme_group_path(theme: str, group: str, page: int = 1) -> str:
    """All items of one kind on a theme, when there are too many for the theme page."""
    return _paged(f"themes/{theme}/{group}/", page)


def source_uri(path: str) -> str:
    """The Markdown source path a generated page at site ``path`` is mounted from."""
    return path.rstrip("/") + ".md"


#: Fixed section anchors of item pages that a redirect may point at.
SECTION_ANCHORS = {
    "review": ("key-learning", "recommendations", "documents", "briefings", "the-review"),
    "brief": ("source-reviews", "reflective-questions"),
}


def learning_anchor(point_id: str) -> str:
    """The anchor of a learning point on its review's page."""
    return f"learning-{point_id}"


def recommendation_anchor(rec_id: str) -> str:
    """The anchor of a recommendation on its review's page."""
    return f"recommendation-{rec_id}"


def absolute_url(base_url: str, path: str) -> str:
    """The absolute address of a site path (``reviews/x/#learning-y``) under ``base_url``."""
    return base_url.rstrip("/") + "/" + path.lstrip("/")


def permanent_url(base_url: str, item: Item, anchor: str | None = None) -> str:
    """The permanent address of an item, or of one anchor on its page."""
    return absolute_url(base_url, item_path(item) + (f"#{anchor}" if anchor else ""))


#: The folder, under the site root, that each collection's pages live in.
COLLECTION_PATHS = {"review": "reviews", "brief": "briefs"}


def item_path(item: Item) -> str:
    """The permanent path of an item's page, from its id: ``reviews/<id>/`` or ``briefs/<id>/``."""
    return f"{COLLECTION_PATHS[item.collection]}/{item.id}/"


#: Folders whose pages belong to a section of the navigation with another address: a brief's page
#: (``briefs/<id>/``) is in the Briefings section (``briefings/``).
SECTION_OF_FOLDER = {f"{COLLECTION_PATHS['brief']}/": BRIEFINGS}


def nav_section(path: str, sections: Iterable[str]) -> str | None:
    """The section of the navigation a page belongs to, for wayfinding on pages outside it.

    ``path`` is the page's site path; ``sections`` are the site paths of the navigation's
    top-level entries (a tab each). Returns the section whose path is the longest that starts
    the page's path (``reviews/`` for ``reviews/sar-adult-d-2024/``; ``briefings/`` for a
    brief, by :data:`SECTION_OF_FOLDER`), or ``None`` (the home page's ``""`` is a section of one
    page only: the home page itself).
    """
    path = path.lstrip("/")
    for folder, section in SECTION_OF_FOLDER.items():
        if path.startswith(folder):
            path = section + path[len(folder) :]
    found = [s for s in sections if s == path or (s and path.startswith(s))]
    return max(found, key=len) if found else None


def item_source_uri(item: Item) -> str:
    """The Markdown path the page is mounted at in the site's sources."""
    return f"{COLLECTION_PATHS[item.collection]}/{item.id}.md"


def relative_url(from_page: str, to_path: str) -> str:
    """The link from the page at ``from_page`` to ``to_path`` (a page, file or ``path#anchor``)."""
    target, hash_sep, anchor = to_path.partition("#")
    fragment = f"#{anchor}" if hash_sep else ""
    if target == from_page and hash_sep:
        return fragment
    base = (
        "/" + from_page.rstrip("/")
        if from_page.endswith("/")
        else "/" + posixpath.dirname(from_page)
    )
    rel = posixpath.relpath("/" + target, base)
    if (target.endswith("/") or target == "") and not rel.endswith("/"):
        rel += "/"
    return ("./" if rel in {"./", "."} else rel) + fragment


def theme_path(key: str) -> str:
    """The site path of a theme's page: ``themes/neglect/``."""
    return f"themes/{key}/"


def review_type_path(key: str) -> str:
    """The site path of a review type's guide (framework Appendix A and B):
    ``review-types/safeguarding-adults-review/``."""
    return f"review-types/{key}/"


def methodology_path(key: str) -> str:
    """The site path of a methodology's guide (framework Appendix C):
    ``methodologies/root-cause-analysis/``."""
    return f"methodologies/{key}/"


#: Characters no output path may hold: ``\`` (a folder separator on Windows) and ``:`` (a drive
#: letter, ``C:``, or a Windows file stream, ``name:stream``).
_UNSAFE_CHARACTERS = {"\\": "a backslash", ":": "a colon (a drive letter or a Windows stream)"}


def unsafe_path_reason(path: str) -> str | None:
    """Why ``path`` cannot name a file or page inside an output folder; None if it can.

    A safe path is relative and stays inside the folder it is joined to: not empty, not
    absolute, no ``.`` or ``..`` segment, no empty segment (``a//b``), no backslash, colon or
    control character (NUL included). One trailing ``/`` is allowed: page addresses end in one.
    The reason is worded to follow the path in a message: "'../x' goes up a folder ('..')".
    """
    if not path:
        return "is empty"
    if any(ord(char) < 32 or ord(char) == 127 for char in path):
        return "holds a control character (such as a line break or NUL)"
    for char, name in _UNSAFE_CHARACTERS.items():
        if char in path:
            return f"holds {name}"
    if path.startswith("/"):
        return "is absolute (it starts with '/')"
    segments = path.removesuffix("/").split("/")
    if "" in segments:
        return "has an empty segment ('//')"
    if ".." in segments:
        return "goes up a folder ('..')"
    if "." in segments:
        return "has a '.' segment"
    return None
