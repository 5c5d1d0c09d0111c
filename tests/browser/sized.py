"""A page at phone width (390 px, touch) or desktop width (1,280 px), for tests that must hold at
both: parametrise a fixture with :data:`WIDTHS` and open the page with :func:`new_sized_page`."""

from __future__ import annotations

from browser_support import DESKTOP, PHONE
from playwright.sync_api import Browser, BrowserContext

#: The two widths every point of the site's layout must hold at.
WIDTHS = ("phone", "desktop")


def new_sized_context(browser: Browser, width: str) -> BrowserContext:
    """A fresh browser context at ``width`` ("phone" or "desktop")."""
    if width == "phone":
        return browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    return browser.new_context(viewport=DESKTOP)
