"""Site paths and relative links between pages, independent of any site generator.

A *site path* is a page's address below the site root in directory form: ``""`` for the home
page, ``"reviews/sar-adult-d-2024/"`` for an item. Links are written relative to the page that
holds them, so the site works at any base address (a sub-folder of GitHub Pages, a preview).
"""

from __future__ import annotations

import posixpath


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
    return f"themes/{key}/"


def review_type_path(key: str) -> str:
    return f"review-types/{key}/"


def methodology_path(key: str) -> str:
    return f"methodologies/{key}/"
