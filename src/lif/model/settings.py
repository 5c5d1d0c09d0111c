"""Site settings the library needs (its base address), whatever generator builds it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SiteSettings:
    """What the site's generator settings say about where and what the site is."""

    site_url: str | None
    site_name: str
    site_description: str = ""
