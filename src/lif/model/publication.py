"""Publication rules: which items may appear in the site (and any other output) on a given day."""

from __future__ import annotations

import datetime as dt
import os
import re
from typing import Protocol

from lif.model.content import Hold, Item
from lif.model.settings import SettingError

#: Environment variable that fixes "today" for a build or a check (tests, previews of a future day).
TODAY_VARIABLE = "LIF_TODAY"


#: The one form ``LIF_TODAY`` is written in, as the front matter's dates are.
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def today_from_env() -> dt.date:
    """The day the build publishes for: ``LIF_TODAY`` (YYYY-MM-DD) if set, else today's date.

    Raises :class:`lif.model.settings.SettingError` if ``LIF_TODAY`` is set to anything but a
    real day written YYYY-MM-DD.
    """
    value = os.environ.get(TODAY_VARIABLE, "").strip()
    if not value:
        return dt.date.today()
    fix = (
        f"set {TODAY_VARIABLE} to a day written YYYY-MM-DD, like 2026-11-30, or unset it to "
        "use the date of today"
    )
    if not _ISO_DAY.fullmatch(value):
        raise SettingError(TODAY_VARIABLE, value, "is not a date written YYYY-MM-DD", fix)
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise SettingError(TODAY_VARIABLE, value, "is not a day of the calendar", fix) from None


class Publishable(Protocol):
    """What the publication rules read of an item: a review, a brief, or what is known of an
    item on another branch (:class:`lif.model.links.BaseItem`)."""

    @property
    def status(self) -> str:
        """``draft``, ``published`` or ``withdrawn``."""

    @property
    def published(self) -> dt.date | None:
        """The date the item was published, if it has been."""

    @property
    def publish_on(self) -> dt.date | None:
        """The embargo date: the day a draft may first be published."""

    @property
    def hold(self) -> Hold | None:
        """The publication hold on the item (criminal or coroner proceedings, ...), if any."""


def publication_date(item: Publishable) -> dt.date | None:
    """The date an item is (or will be) published: ``published``, else its embargo date."""
    return item.published or item.publish_on


def hold_active(item: Publishable, today: dt.date) -> bool:
    """True while a publication hold (criminal or coroner proceedings, ...) is in force."""
    return item.hold is not None and (item.hold.until is None or item.hold.until > today)


def why_unpublished(item: Publishable, today: dt.date) -> str | None:
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


def is_public(item: Publishable, today: dt.date) -> bool:
    """True if the item may appear in any output file today (withdrawn items keep a record)."""
    return why_unpublished(item, today) is None


def fmt_date(value: dt.date | None) -> str:
    """A date as people read it: 5 March 2024."""
    return f"{value.day} {value:%B %Y}" if value else ""


def newest_first_key(item: Item) -> tuple[int, str]:
    """Sort key: newest publication date first, then id (stable for equal dates)."""
    date = publication_date(item) or dt.date.min
    return (-date.toordinal(), item.id)
