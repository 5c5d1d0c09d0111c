"""The settings the library needs from ``mkdocs.yml`` (the site's address), read without mkdocs."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from lif.load.yaml_reader import read_yaml
from lif.model.settings import SiteSettings


def _env_tag(value: Any) -> Any:
    """mkdocs' ``!ENV NAME`` or ``!ENV [NAME, OTHER, default]``: the first variable set, else
    the last item of the list as its default (a single name has no default)."""
    names = value if isinstance(value, list) else [value]
    for name in names[:-1] if len(names) > 1 else names:
        found = os.environ.get(str(name))
        if found:
            return found
    return names[-1] if len(names) > 1 else None


#: The tags of ``mkdocs.yml`` this reader understands; every other (the generator's Python tags,
#: ``!relative``) reads as nothing, since none of the settings the library takes use them.
_CONFIG_TAGS = {"!ENV": _env_tag}


def site_settings(root: Path) -> SiteSettings:
    """``site_url``, ``site_name``, ``site_description`` and ``repo_url`` from the project's
    ``mkdocs.yml``."""
    path = Path(root) / "mkdocs.yml"
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        stamp = 0
    return _read_site_settings(str(path), stamp, tuple(sorted(os.environ.items())))


# Packs, feeds and print views all ask; the file is read again only when it (or the environment
# its ``!ENV`` tags read) has changed.
@lru_cache(maxsize=8)
def _read_site_settings(
    path: str, stamp: int, environment: tuple[tuple[str, str], ...]
) -> SiteSettings:
    # The generator itself reports a broken mkdocs.yml; here it only means the defaults.
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    raw = read_yaml(text, "mkdocs.yml", config_tags=_CONFIG_TAGS).value
    raw = raw if isinstance(raw, dict) else {}
    url = raw.get("site_url")
    return SiteSettings(
        site_url=str(url) if url else None,
        site_name=str(raw.get("site_name") or "Safeguarding learning"),
        site_description=str(raw.get("site_description") or ""),
        repo_url=str(raw["repo_url"]) if raw.get("repo_url") else None,
    )
