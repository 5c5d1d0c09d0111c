"""The ``_headers`` file for static hosts: the Content Security Policy and protective headers."""

from __future__ import annotations

from pathlib import Path

from lif.index.site import Site
from lif.model.policy import HEADERS, header_policy
from lif.output.files import write_text


def render_headers() -> str:
    """The ``_headers`` file: every path of the site gets the policy and the other headers."""
    lines = ["/*", f"  Content-Security-Policy: {header_policy()}"]
    lines += [f"  {name}: {value}" for name, value in HEADERS.items()]
    return "\n".join(lines) + "\n"


def write_headers(site: Site, site_dir: Path) -> None:
    """Write ``_headers`` into the built site (read by Netlify and Cloudflare Pages)."""
    write_text(site_dir, "_headers", render_headers())
