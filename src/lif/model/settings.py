"""Site settings the library needs (its base address), whatever generator builds it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SiteSettings:
    """What the site's generator settings say about where and what the site is."""

    site_url: str | None
    site_name: str
    site_description: str = ""
    #: The address of the site's source repository (``repo_url``), if given.
    repo_url: str | None = None


class SettingError(Exception):
    """An environment variable the library reads holds a value it cannot use.

    The message names the variable and its value, says what is wrong with it (``problem``,
    worded to follow "which") and how to fix it (``fix``).
    """

    def __init__(self, variable: str, value: str, problem: str, fix: str) -> None:
        self.variable = variable
        self.value = value
        super().__init__(
            f"the environment variable {variable} is '{value}', which {problem}: {fix}"
        )
