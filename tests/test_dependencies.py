"""Every declared dependency that plugs into the site generator is used by the site's config."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata

import yaml
from support import REPO

#: The generator itself: it brings its own themes and search plugin, which the site replaces.
GENERATOR = "mkdocs"


def declared_dependencies() -> list[str]:
    """The distribution names in pyproject.toml's ``dependencies``, without versions or extras."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [re.split(r"[\s<>=!~;\[]", r, maxsplit=1)[0] for r in project["dependencies"]]


def configured_names() -> set[str]:
    """The theme and the plugins that mkdocs.yml turns on."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    names = {config["theme"]["name"]}
    for entry in config.get("plugins", []):
        names.update(entry if isinstance(entry, dict) else [entry])
    return names


def test_every_declared_generator_plugin_or_theme_is_configured() -> None:
    used = configured_names()
    unused = []
    for name in declared_dependencies():
        if name == GENERATOR:
            continue
        provided = {
            entry.name
            for entry in metadata.distribution(name).entry_points
            if entry.group in {"mkdocs.plugins", "mkdocs.themes"}
        }
        if provided and not provided & used:
            unused.append(f"{name} (provides {', '.join(sorted(provided))})")
    assert unused == [], "declared in pyproject.toml but not used in mkdocs.yml"
