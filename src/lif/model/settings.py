"""Site settings the library needs (its base address), whatever generator builds it."""

from __future__ import annotations

from collections.abc import Mapping
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


#: The environment variable that turns the second process converting pages on or off.
PARALLEL_VARIABLE = "LIF_PARALLEL"


def parallel_from_env(environ: Mapping[str, str]) -> bool:
    """Whether the build may convert pages in a second process: ``LIF_PARALLEL`` of
    ``environ`` is ``1`` (the default, when unset) or ``0``.

    Raises :class:`SettingError` for any other value.
    """
    value = environ.get(PARALLEL_VARIABLE, "").strip()
    if value in {"", "1"}:
        return True
    if value == "0":
        return False
    raise SettingError(
        PARALLEL_VARIABLE,
        value,
        "is neither 0 nor 1",
        f"set {PARALLEL_VARIABLE}=0 to build on one processor core, or unset it",
    )
