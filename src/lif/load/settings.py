"""The settings the library needs from ``mkdocs.yml`` (the site's address), read without mkdocs."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from lif.model.settings import SiteSettings


class _ConfigLoader(yaml.SafeLoader):
    """Safe YAML that reads ``!ENV`` tags and ignores the generator's Python tags."""


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    names: list[Any]
    if isinstance(node, yaml.SequenceNode):
        names = loader.construct_sequence(node)
    elif isinstance(node, yaml.ScalarNode):
        names = [loader.construct_scalar(node)]
    else:
        return None
    for name in names[:-1] if len(names) > 1 else names:
        value = os.environ.get(str(name))
        if value:
            return value
    return names[-1] if len(names) > 1 else None


_ConfigLoader.add_constructor("!ENV", _env_tag)


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def site_settings(root: Path) -> SiteSettings:
    """``site_url``, ``site_name`` and ``site_description`` from the project's ``mkdocs.yml``."""
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
    try:
        text = Path(path).read_text(encoding="utf-8")
        raw = yaml.load(text, Loader=_ConfigLoader)  # noqa: S506
    except (OSError, yaml.YAMLError):
        raw = None
    raw = raw if isinstance(raw, dict) else {}
    url = raw.get("site_url")
    return SiteSettings(
        site_url=str(url) if url else None,
        site_name=str(raw.get("site_name") or "Safeguarding learning"),
        site_description=str(raw.get("site_description") or ""),
    )
