"""A generated page: its source path in the site and its content."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GeneratedPage:
    """One generated page: its Markdown source path (``reviews/x.md``) and its content."""

    src_uri: str
    content: str
