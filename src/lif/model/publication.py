"""Publication rules: which items may appear in the site (and any other output) on a given day."""

from __future__ import annotations

import datetime as dt
import os

from lif.model.content import Item

#: Environment variable that fixes "today" for a build or a check (tests, previews of a future day).
TODAY_VARIABLE = "LIF_TODAY"


def today_from_env() -> dt.date:
    """The day the build publishes for: ``LIF_TODAY`` (YYYY-MM-DD) if set, else today's date."""
    value = os.environ.get(TODAY_VARIABLE, "").strip()
    if value:
        return dt.date.fromisoformat(value)
    return dt.date.today()


def publication_date(item: Item) -> dt.date | None:
    """The date an item is (or will be) published: ``published``, else its embargo date."""
    return item.published or item.publish_on


def hold_active(item: Item, today: dt.date) -> bool:
    """True while a publication hold (criminal or coroner proceedings, ...) is in force."""
    return item.hold is not None and (item.hold.until is None or item.hold.until > today)


def why_unpublished(item: Item, today: dt.date) -> str | None:
    """None if the item may appear in outputs today; otherwise the reason it may not."""
    if item.status == "draft":
        return "it is a draft"
    if item.publish_on is not None and item.publish_on > today:
        return f"it is embargoed until {item.publish_on.isoformat()}"
    if item.published is not None and item.published > today:
        return f"its publication date {item.published.isoformat()} has not come yet"
    if hold_active(item, today):
        assert item.hold is not None
        until = f" until {item.hold.until.isoformat()}" if item.hold.until else ""
        return f"publication is on hold ({item.hold.reason.replace('-', ' ')}){until}"
    return None


def is_public(item: Item, today: dt.date) -> bool:
    """True if the item may appear in any output file today (withdrawn items keep a record)."""
    return why_unpublished(item, today) is None


def fmt_date(value: dt.date | None) -> str:
    """A date as people read it: 5 March 2024."""
    return f"{value.day} {value:%B %Y}" if value else ""


def newest_first_key(item: Item) -> tuple[int, str]:
    """Sort key: newest publication date first, then id (stable for equal dates)."""
    date = publication_date(item) or dt.date.min
    return (-date.toordinal(), item.id)
